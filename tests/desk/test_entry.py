"""The registration line's logic (tracetool.desk.entry), without a screen."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date, timedelta

import pytest

from tests.tui.support import START, UNIT, make_plan
from tracetool import timeutil
from tracetool.desk.beside import (
    counts,
    day_query,
    favourites,
    paper_moment,
    pin_favourite,
    unpin_favourite,
)
from tracetool.desk.carried import last_for_unit, task_habits
from tracetool.desk.choices import CHANNEL, CLOSING, FORM, TASK, TYPE, Field
from tracetool.desk.desk import Desk, register_all
from tracetool.desk.entry import Entry
from tracetool.desk.search import search_tasks
from tracetool.desk.timing import REPEAT_GAP, REPEAT_START
from tracetool.errors import ValidationError
from tracetool.model import Registration, Source
from tracetool.store.registrations import Query


@pytest.fixture
def desk() -> Iterator[Desk]:
    make_plan()
    d = Desk.open()
    yield d
    d.close()


def new_entry(desk: Desk) -> Entry:
    plan = desk.require_plan()
    unit = desk.unit()
    return Entry.start(
        desk.codebook,
        plan,
        unit,
        last_for_unit(desk.db, unit.login),
        favourites=favourites(desk.db, unit.login),
        habits=task_habits(desk.db, unit.login),
    )


def all_rows(desk: Desk) -> list[Registration]:
    return desk.query(Query(include_test=True))


def keys(entry: Entry, *chars: str) -> None:
    now = START
    for c in chars:
        entry.press(c, now)


def save(desk: Desk, entry: Entry, seconds: float = 0) -> list[str]:
    now = START + timedelta(seconds=seconds)
    assert entry.check_save(now) == "ok"
    regs = register_all(desk, entry.registrations(now), source=Source.APP, at=now)
    entry.saved(now)
    return [r.id for r in regs]


def test_a_new_desk_starts_at_the_channel_and_each_key_moves_on(desk: Desk) -> None:
    entry = new_entry(desk)
    assert entry.focus == CHANNEL
    assert entry.missing() == [CHANNEL, TASK, TYPE, CLOSING]
    entry.press("2", START)
    assert (entry.channel, entry.focus) == ("TLFIND", TASK)
    entry.press("3", START)
    assert (entry.task, entry.focus) == ("23.05.10", TYPE)
    entry.press("4", START)
    entry.press("1", START)
    assert entry.missing() == []
    assert entry.registrations(START) == [
        {
            "channel": "TLFIND",
            "task": "23.05.10",
            "type": "VEJL",
            "closing": "STRAKS",
            "form": None,
            "unit": UNIT,
            "answers": {},
            "started_at": START,
        }
    ]


def test_sticky_defaults_make_a_repeat_ready_and_wait_at_the_task(desk: Desk) -> None:
    entry = new_entry(desk)
    keys(entry, "1", "3", "2", "2", "n")
    save(desk, entry)
    again = new_entry(desk)
    assert again.missing() == []
    assert again.focus == TASK
    assert (again.channel, again.task, again.type, again.closing, again.form) == (
        "PRSNLG",
        "23.05.10",
        "INFO",
        "HOLD",
        "NEJ",
    )
    # A different task, rest unchanged: one key here, then Enter.
    again.press("5", START)
    assert again.task == "29.03.04" and again.missing() == []


def test_the_form_is_asked_only_where_the_channel_asks_it(desk: Desk) -> None:
    entry = new_entry(desk)
    keys(entry, "2")
    assert FORM not in entry.fields()
    entry.focus = CHANNEL
    keys(entry, "1")
    assert FORM in entry.fields()
    assert FORM in entry.missing()
    keys(entry, "3", "4", "1", "j")
    assert entry.form == "JA"
    entry.focus = CHANNEL
    keys(entry, "2")  # phone: no form question, so no answer stored
    assert entry.form is None
    entry.focus = CHANNEL
    keys(entry, "1")  # back at the desk: asked afresh, never carried across channels
    assert entry.form is None and FORM in entry.missing()


def test_direction_keys_switch_the_channel_tiles(desk: Desk) -> None:
    entry = new_entry(desk)
    keys(entry, "2")
    entry.focus = CHANNEL
    keys(entry, "u")
    assert entry.direction == "UD" and entry.channel is None
    assert [c.code for c in entry.channel_choices()][:7] == [
        "TLFUD",
        "EMLUD",
        "PPRUD",
        "DOKUD",
        "SMSUD",
        "MGRUD",
        "PRSNLGUD",
    ]
    keys(entry, "7")
    assert entry.channel == "PRSNLGUD" and entry.direction == "UD"


def test_task_hotkeys_follow_the_units_list_and_0_is_fejlhenvendelse(desk: Desk) -> None:
    entry = new_entry(desk)
    unit = desk.unit()
    choices = entry.task_choices()
    assert [(c.hotkey, c.code) for c in choices[:3]] == [
        ("1", unit.tasks[0]),
        ("2", unit.tasks[1]),
        ("3", unit.tasks[2]),
    ]
    assert choices[9].hotkey == "A" and choices[9].code == unit.tasks[9]
    entry.focus = TASK
    entry.press("a", START)  # lower case works as well
    assert entry.task == unit.tasks[9]
    entry.focus = TASK
    entry.press("0", START)
    assert entry.task == "00.00.00" and entry.type == "FEJL" and entry.focus == CLOSING


def test_plus_adds_a_task_and_gives_one_registration_per_task(desk: Desk) -> None:
    entry = new_entry(desk)
    keys(entry, "1", "3")
    assert not entry.add_task(START)  # each task's type, closing and form first
    keys(entry, "4", "1", "n")
    assert entry.add_task(START)
    keys(entry, "5", "4", "1", "n")
    assert entry.tasks == ["23.05.10", "29.03.04"]
    ids = save(desk, entry)
    assert len(ids) == 2
    rows = all_rows(desk)
    assert sorted(r.task for r in rows) == ["23.05.10", "29.03.04"]
    assert {(r.channel, r.type, r.closing, r.form) for r in rows} == {
        ("PRSNLG", "VEJL", "STRAKS", "NEJ")
    }
    assert entry.tasks == ["29.03.04"]  # the next line starts from one task


def test_backspace_removes_an_added_task(desk: Desk) -> None:
    entry = new_entry(desk)
    keys(entry, "2", "3", "4", "1")
    assert entry.add_task(START)
    assert entry.backspace(START) == "changed"
    assert entry.tasks == ["23.05.10"]


def test_several_tasks_are_saved_all_or_none(desk: Desk) -> None:
    entry = new_entry(desk)
    keys(entry, "2", "3", "4", "1")
    choices = entry.registrations(START)
    bad = {**choices[0], "task": "99.99.99"}
    with pytest.raises(ValidationError):
        register_all(desk, [choices[0], bad], source=Source.APP, at=START)
    assert all_rows(desk) == []


def test_repeat_guard_and_missing_fields(desk: Desk) -> None:
    entry = new_entry(desk)
    assert entry.check_save(START) == "missing"
    assert entry.focus == CHANNEL
    keys(entry, "2", "3", "4", "1")
    assert entry.enter(START) == "save"
    save(desk, entry)
    at = START + REPEAT_START / 2
    assert entry.enter(at) == "wait"  # perhaps the first repeat of a held key
    assert entry.enter(at + REPEAT_GAP / 2) == "repeat"
    assert entry.enter(at + REPEAT_GAP) == "repeat"  # the run goes on, however long
    assert entry.enter(at + REPEAT_GAP * 3) == "wait"
    assert entry.enter(at + REPEAT_GAP * 3 + REPEAT_START) == "save"
    entry.key_between()
    assert entry.enter(at + REPEAT_GAP * 3 + REPEAT_START) == "save"


def test_timer_starts_at_the_first_key_and_restarts_after_idling(desk: Desk) -> None:
    entry = new_entry(desk)
    assert entry.elapsed(START) is None
    entry.press("2", START)
    entry.press("3", START + timedelta(seconds=20))
    assert entry.elapsed(START + timedelta(seconds=30)) == timedelta(seconds=30)
    late = START + timedelta(minutes=45)
    assert entry.elapsed(late) is None  # idle: not a 45-minute inquiry
    entry.press("4", late)
    assert entry.started == late
    entry.press("1", late + timedelta(seconds=5))
    assert entry.registrations(late + timedelta(seconds=9))[0]["started_at"] == late


def test_optional_parameters_and_extra_questions_take_one_key(desk: Desk) -> None:
    desk.close()
    make_plan(parameters=("koen", "postnummer"), question_task="23.05.10")
    d = Desk.open()
    try:
        entry = new_entry(d)
        keys(entry, "2", "3", "4", "1")
        assert [f.id for f in entry.fields()][-3:] == [
            "param:koen",
            "param:postnummer",
            "question:underholdsbidrag",
        ]
        assert entry.focus == Field("param", "koen")
        keys(entry, "1", "4", "6", "0", "0", "2")
        assert entry.answers == {
            "koen": "K",
            "postnummer": "4600",
            "underholdsbidrag": "Forhøjet børnebidrag",
        }
        save(d, entry)
        reg = all_rows(d)[0]
        assert reg.answers == entry_answers_for(reg.task)
        # Answers are about one citizen: they never carry over.
        assert entry.answers == {} and Field("param", "koen") in entry.missing()
        # Another task drops the extra question.
        entry.focus = TASK
        keys(entry, "5")
        assert "question:underholdsbidrag" not in [f.id for f in entry.fields()]
    finally:
        d.close()


def entry_answers_for(task: str) -> dict[str, str]:
    assert task == "23.05.10"
    return {"koen": "K", "postnummer": "4600", "underholdsbidrag": "Forhøjet børnebidrag"}


def test_favourites_get_the_next_free_key(desk: Desk) -> None:
    desk.close()
    make_plan(tasks=["23.05.10", "29.03.04"])
    d = Desk.open()
    try:
        assert pin_favourite(d.db, UNIT, "17.13.10") == ["17.13.10"]
        assert json.loads(
            str(
                d.db.execute(
                    "SELECT value FROM setting WHERE key = ?", [f"favourites:{UNIT}"]
                ).fetchone()[0]
            )
        ) == ["17.13.10"]
        entry = new_entry(d)
        assert [(c.hotkey, c.code) for c in entry.task_choices()] == [
            ("1", "23.05.10"),
            ("2", "29.03.04"),
            ("3", "17.13.10"),
            ("0", "00.00.00"),
        ]
        assert unpin_favourite(d.db, UNIT, "17.13.10") == []
    finally:
        d.close()


def test_search_by_number_title_and_keyword_most_used_first(desk: Desk) -> None:
    entry = new_entry(desk)
    hits = search_tasks(desk.db, desk.codebook, entry, "23.05")
    assert [h.kle for h in hits[:3]] == ["23.05.05", "23.05.10", "23.05.12"]
    assert [h.kle for h in search_tasks(desk.db, desk.codebook, entry, "230510")] == ["23.05.10"]
    hits = search_tasks(desk.db, desk.codebook, entry, "sundhed")
    assert {h.kle for h in hits} >= {"29.03.04"}
    usage = {"29.03.99": 5, "29.03.04": 1}
    hits = search_tasks(desk.db, desk.codebook, entry, "kort", usage=usage)
    assert [h.kle for h in hits[:2]] == ["29.03.99", "29.03.04"]
    assert hits[0].uses == 5 and hits[0].where == "unit"
    empty = search_tasks(desk.db, desk.codebook, entry, "", usage=usage)
    assert empty[0].kle == "29.03.99"


def test_search_finds_active_kle_subjects_outside_the_list(desk: Desk) -> None:
    desk.db["kle_subject"].insert_all(  # type: ignore[union-attr]
        [
            {
                "nr": "13.07.09",
                "level": "emne",
                "title": "Skorstensfejning",
                "active": 1,
                "keywords": json.dumps([["skorstensfejer", 10]]),
            },
            {
                "nr": "13.07.08",
                "level": "emne",
                "title": "Gammel skorsten",
                "active": 0,
                "keywords": "[]",
            },
        ]
    )
    entry = new_entry(desk)
    hits = search_tasks(desk.db, desk.codebook, entry, "skorsten")
    assert [(h.kle, h.where) for h in hits] == [("13.07.09", "kle")]
    hits = search_tasks(desk.db, desk.codebook, entry, "skorstensfejer")
    assert [h.kle for h in hits] == ["13.07.09"]
    assert desk.task_status("13.07.09") == "active"


def test_counts_by_channel_and_type(desk: Desk) -> None:
    entry = new_entry(desk)
    keys(entry, "2", "3", "4", "1")
    save(desk, entry)
    entry.press("5", START)
    save(desk, entry, seconds=5)
    entry.focus = CHANNEL
    keys(entry, "3", "3", "2", "1", "n")
    save(desk, entry, seconds=10)
    day = timeutil.local(START).date()
    c = counts(desk.db, day_query(day, UNIT, include_test=True))
    assert c.total == 3
    assert c.by_channel == {"TLFIND": 2, "EMLIND": 1}
    assert c.by_type == {"VEJL": 2, "INFO": 1}
    assert counts(desk.db, day_query(day, UNIT, include_test=False)).total == 0


def test_paper_moment_is_the_danish_hour() -> None:
    moment = paper_moment(date(2013, 10, 21), 9)
    assert timeutil.show(moment, "%d-%m-%Y %H:%M") == "21-10-2013 09:00"
    assert moment.utcoffset() == timedelta(0)
