"""Task search (tracetool.desk.search): only what can be registered, Danish folding, typos,
and the app's language."""

from __future__ import annotations

from tests.desk.test_entry import desk, new_entry
from tracetool.desk.carried import last_for_unit, task_habits
from tracetool.desk.desk import Desk
from tracetool.desk.entry import Entry
from tracetool.desk.search import search_tasks

__all__ = ["desk"]  # the fixture, shared with the entry tests


def add_kle(desk: Desk) -> None:
    desk.db["kle_subject"].insert_all(  # type: ignore[union-attr]
        [
            {"nr": "07", "level": "hovedgruppe", "title": "Affald og genanvendelse", "active": 1},
            {"nr": "07.09", "level": "gruppe", "title": "Affaldsgebyrer", "active": 1},
            {
                "nr": "07.09.01",
                "level": "emne",
                "title": "Affaldsgebyrer i almindelighed",
                "active": 1,
                "keywords": "[]",
            },
        ]
    )


def test_search_offers_no_kle_main_group_or_group(desk: Desk) -> None:
    add_kle(desk)
    entry = new_entry(desk)
    for text in ("affald", "07", "0709", "affaldsgebyrer"):
        found = [h.kle for h in search_tasks(desk.db, desk.codebook, entry, text)]
        assert "07" not in found and "07.09" not in found, (text, found)
    found = [h.kle for h in search_tasks(desk.db, desk.codebook, entry, "affaldsgebyrer")]
    assert found[:1] == ["07.09.01"]


def test_search_folds_danish_letters_and_forgives_a_typo(desk: Desk) -> None:
    entry = new_entry(desk)
    for text, kle in (
        ("korekort", "23.09.04"),
        ("sygedagpnge", "32.30.04"),
        ("flytnig", "23.05.10"),
    ):
        found = [h.kle for h in search_tasks(desk.db, desk.codebook, entry, text)]
        assert found[:1] == [kle], (text, found)


def test_search_in_english_finds_english_labels(desk: Desk) -> None:
    unit = desk.unit()
    entry = Entry.start(
        desk.codebook,
        desk.require_plan(),
        unit,
        last_for_unit(desk.db, unit.login),
        lang="en",
        habits=task_habits(desk.db, unit.login),
        task_title=lambda kle: desk.task_title(kle, "en"),
    )
    hits = search_tasks(desk.db, desk.codebook, entry, "change of address")
    assert hits[:1] and hits[0].kle == "23.05.10" and hits[0].title == "Change of address"
