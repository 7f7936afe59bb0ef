"""tracetool.store.kle: importing KLE editions into the store and searching them.

Uses the real files in ../shared/kle: KL's 2015 emneplan (KLE-XML) and OS2KLE 3.23 (2026).
Importing both takes seconds, so each state is built once per module and copied per test.
"""

from __future__ import annotations

import shutil
import statistics
import time
from collections.abc import Callable, Iterator
from dataclasses import replace
from functools import cache
from pathlib import Path

import pytest
from sqlite_utils import Database

from tests.helpers import PLAN, reg
from tracetool.codes.codebook import load_codebook
from tracetool.codes.kle import KleCatalogue, KleSubject, Level, read_catalogue
from tracetool.desk.desk import Desk
from tracetool.errors import ValidationError
from tracetool.plan.validation import validate_registration
from tracetool.store import kle as store
from tracetool.store.db import open_database
from tracetool.store.kle import editions, importing

XML_NAME = "KLE-Emneplan_Version2-0_2015-08-01.xml"
OS2_NAME = "OS2KLE_3.23_2026-02.txt"
KLE_DIR = Path(__file__).resolve().parents[2].parent / "shared" / "kle"

pytestmark = pytest.mark.skipif(
    not (KLE_DIR / XML_NAME).exists() or not (KLE_DIR / OS2_NAME).exists(),
    reason="KLE reference files missing",
)


@cache
def catalogue(path: Path) -> KleCatalogue:
    return read_catalogue(path)


@pytest.fixture
def xml_cat(shared: Path) -> KleCatalogue:
    return catalogue(shared / "kle" / XML_NAME)


@pytest.fixture
def os2_cat(shared: Path) -> KleCatalogue:
    return catalogue(shared / "kle" / OS2_NAME)


def by_nr(cat: KleCatalogue) -> dict[str, KleSubject]:
    return {s.nr: s for s in cat.subjects}


@pytest.fixture(scope="module")
def templates(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Database files after: the 2015 XML; the XML then OS2KLE; OS2KLE alone."""
    root = tmp_path_factory.mktemp("kle-templates")
    xml = catalogue(KLE_DIR / XML_NAME)
    os2 = catalogue(KLE_DIR / OS2_NAME)
    steps = {"xml": [xml], "both": [xml, os2], "os2": [os2]}
    out = {}
    for name, cats in steps.items():
        path = root / f"{name}.db"
        db = open_database(path)
        for cat in cats:
            store.import_catalogue(db, cat)
        db.close()  # the last close checkpoints the WAL into the main file
        out[name] = path
    return out


@pytest.fixture
def open_copy(templates: dict[str, Path], tmp_path: Path) -> Iterator[Callable[[str], Database]]:
    opened: list[Database] = []

    def make(name: str) -> Database:
        target = tmp_path / f"{name}-{len(opened)}.db"
        shutil.copyfile(templates[name], target)
        db = open_database(target)
        opened.append(db)
        return db

    yield make
    for db in opened:
        db.close()


def counts(db: Database) -> dict[str, int]:
    return {
        t: int(db.execute(f"SELECT count(*) FROM {t}").fetchone()[0])
        for t in ("kle_subject", "kle_term", "kle_word", "kle_import")
    }


def snapshot(db: Database) -> list[tuple[object, ...]]:
    return db.execute("SELECT * FROM kle_subject ORDER BY nr").fetchall()


def active_emner(db: Database) -> set[str]:
    rows = db.execute("SELECT nr FROM kle_subject WHERE level = 'emne' AND active = 1")
    return {r[0] for r in rows}


# -- import -------------------------------------------------------------------------------


def test_first_import_of_the_2015_plan(tmp_path: Path, xml_cat: KleCatalogue) -> None:
    db = open_database(tmp_path / "t.db")
    summary = store.import_catalogue(db, xml_cat)
    # README of ../shared/kle: 41 hovedgrupper (36 active), 691 grupper (480), 3,457 emner (2,136).
    assert (summary.new, summary.updated, summary.expired, summary.unchanged) == (4189, 0, 0, 0)
    assert summary.total_active == 36 + 480 + 2136
    assert summary.total_inactive == 4189 - summary.total_active
    assert summary.previous_edition is None
    assert store.current_edition(db) == "KLE-XML 2015-08-01"
    s = store.subject(db, "23.05.10")
    assert s is not None and s.title == "Flytteanmeldelse" and s.active
    assert s.created == by_nr(xml_cat)["23.05.10"].created
    db.close()


def test_newer_os2kle_updates_titles_and_retires_what_it_lacks(
    tmp_path: Path, xml_cat: KleCatalogue, os2_cat: KleCatalogue
) -> None:
    db = open_database(tmp_path / "t.db")
    store.import_catalogue(db, xml_cat)
    summary = store.import_catalogue(db, os2_cat)
    xml, os2 = by_nr(xml_cat), by_nr(os2_cat)

    assert summary.previous_edition == "KLE-XML 2015-08-01"
    assert summary.subjects == 2390
    assert summary.new == len(set(os2) - set(xml))
    # The 2026 list is exactly what desks are offered at emne level now.
    assert active_emner(db) == set(os2)
    # Nothing is deleted: the 2015 history stays readable.
    assert counts(db)["kle_subject"] == len(set(xml) | set(os2))
    gone = {n for n, s in xml.items() if s.level == "emne" and s.active and n not in os2}
    assert len(gone) == 193  # the README's count of emner only in 2015
    dead_groups = db.execute(
        "SELECT count(*) FROM kle_subject WHERE level != 'emne' AND active = 0 AND edition = ?",
        [os2_cat.edition],
    ).fetchone()[0]
    assert summary.expired == len(gone) + dead_groups
    listed_and_new = summary.new + summary.updated + summary.unchanged
    assert listed_and_new == summary.subjects  # nothing OS2KLE lists is retired by it

    # A retitled emne takes the new title; XML-only facts (its creation date) are kept.
    old = store.subject(db, "00.07.03")
    assert xml["00.07.03"].title == "Partens aktindsigt - forvaltningsprincipper"
    assert old is not None and old.title == "Aktindsigt - forvaltningsprincipper"
    assert old.created == xml["00.07.03"].created and old.created is not None
    assert old.edition == os2_cat.edition

    # An emne absent from 2026 is inactive but keeps its 2015 title.
    skib = store.subject(db, "00.05.02")
    assert skib is not None and not skib.active and skib.title == "Kommunale skibsadoptioner"

    # A group whose every emne is gone is retired too; a living one is not.
    hunde, folkereg = store.subject(db, "04.05"), store.subject(db, "23.05")
    assert hunde is not None and not hunde.active
    assert folkereg is not None and folkereg.active

    # Historic in 2015, listed again in 2026: active again, no longer marked expired.
    assert not xml["23.01.06"].active
    back = store.subject(db, "23.01.06")
    assert back is not None and back.active and back.expired is None and back.moved is None

    kw = store.subject(db, "23.05.10")
    assert kw is not None and ("Flytteanmeldelse", 50) in kw.keywords
    db.close()


def test_reimport_of_the_same_file_changes_nothing(
    open_copy: Callable[[str], Database], os2_cat: KleCatalogue
) -> None:
    db = open_copy("both")
    before = snapshot(db)
    rows_before = counts(db)
    summary = store.import_catalogue(db, os2_cat)
    assert (summary.new, summary.updated, summary.expired) == (0, 0, 0)
    assert summary.unchanged == summary.subjects == 2390
    assert snapshot(db) == before
    after = counts(db)
    assert after["kle_import"] == rows_before["kle_import"] + 1  # the attempt is logged
    assert {k: v for k, v in after.items() if k != "kle_import"} == {
        k: v for k, v in rows_before.items() if k != "kle_import"
    }


def test_an_older_edition_is_refused_unless_forced(
    open_copy: Callable[[str], Database], xml_cat: KleCatalogue, os2_cat: KleCatalogue
) -> None:
    db = open_copy("both")
    before, rows = snapshot(db), counts(db)
    with pytest.raises(store.EditionError, match="ældre") as info:
        store.import_catalogue(db, xml_cat)
    assert info.value.edition == "KLE-XML 2015-08-01"
    assert info.value.loaded == os2_cat.edition
    assert snapshot(db) == before and counts(db) == rows

    summary = store.import_catalogue(db, xml_cat, force=True)
    assert summary.forced
    assert store.current_edition(db) == "KLE-XML 2015-08-01"
    # Forced back to 2015: emner new in 2026 are not in it, so they are retired ...
    new_in_2026 = sorted(set(by_nr(os2_cat)) - set(by_nr(xml_cat)))[0]
    s = store.subject(db, new_in_2026)
    assert s is not None and not s.active
    # ... while OS2KLE's keywords survive, since the XML states none.
    kw = store.subject(db, "23.05.10")
    assert kw is not None and kw.keywords


def test_an_edition_without_version_or_date_needs_force(
    open_copy: Callable[[str], Database], os2_cat: KleCatalogue
) -> None:
    db = open_copy("both")
    undated = replace(os2_cat, edition="OS2KLE")
    with pytest.raises(store.EditionError, match="kan ikke sammenlignes"):
        store.import_catalogue(db, undated)
    assert store.import_catalogue(db, undated, force=True).unchanged == 2390


def test_an_undated_edition_is_fine_as_the_first(tmp_path: Path, os2_cat: KleCatalogue) -> None:
    db = open_database(tmp_path / "t.db")
    assert store.import_catalogue(db, replace(os2_cat, edition="OS2KLE")).new == 2390
    db.close()


@pytest.mark.parametrize(
    ("new", "old", "order"),
    [
        ("OS2KLE 3.23 (2026-02)", "KLE-XML 2015-08-01", 1),
        ("KLE-XML 2015-08-01", "OS2KLE 3.23 (2026-02)", -1),
        ("OS2KLE 3.22", "OS2KLE 3.23 (2026-02)", -1),
        ("OS2KLE 3.23 (2026-02)", "OS2KLE 3.9 (2026-02)", 1),
        ("KLE-XML 2026-02-01", "OS2KLE 3.23 (2026-02)", 0),
        ("OS2KLE", "KLE-XML 2015-08-01", None),
        ("OS2KLE 3.23", "OS2KLE 3.23", 0),
    ],
)
def test_edition_order(new: str, old: str, order: int | None) -> None:
    assert editions._compare_editions(new, old) == order


def test_a_failing_import_leaves_the_store_as_it_was(
    open_copy: Callable[[str], Database],
    os2_cat: KleCatalogue,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    db = open_copy("xml")
    before, rows = snapshot(db), counts(db)

    def broken(*_: object) -> None:
        raise RuntimeError("disk full")

    # Fails after kle_subject has been written, inside the one transaction.
    monkeypatch.setattr(importing, "_reindex", broken)
    with pytest.raises(RuntimeError):
        store.import_catalogue(db, os2_cat)
    assert snapshot(db) == before and counts(db) == rows
    assert store.current_edition(db) == "KLE-XML 2015-08-01"


def _subject(nr: str, title: str, active: bool = True) -> KleSubject:
    levels: dict[int, Level] = {2: "hovedgruppe", 5: "gruppe", 8: "emne"}
    parent = nr.rpartition(".")[0] or None
    return KleSubject(nr, levels[len(nr)], title, parent, None, None, None, None, None, active)


def test_groups_follow_their_emner_in_an_emne_only_list(tmp_path: Path) -> None:
    db = open_database(tmp_path / "t.db")
    plan = KleCatalogue(
        "KLE-XML 2020-01-01",
        "kle-xml",
        tuple(
            _subject(nr, t)
            for nr, t in [
                ("23", "Borgerlige forhold"),
                ("23.05", "Folkeregistrering"),
                ("23.05.10", "Flytteanmeldelse"),
                ("23.07", "Gammel gruppe"),
                ("23.07.01", "Gammelt emne"),
            ]
        ),
    )
    store.import_catalogue(db, plan)
    first = KleCatalogue(
        "OS2KLE 1.0 (2021-01)", "os2kle", (_subject("23.05.10", "Flytteanmeldelse"),)
    )
    summary = store.import_catalogue(db, first)
    assert (summary.unchanged, summary.expired) == (1, 2)  # 23.07.01 and, with it, 23.07
    state = {
        nr: s.active for nr in ("23", "23.05", "23.07", "23.07.01") if (s := store.subject(db, nr))
    }
    assert state == {"23": True, "23.05": True, "23.07": False, "23.07.01": False}
    second = KleCatalogue(
        "OS2KLE 1.1 (2021-07)",
        "os2kle",
        (_subject("23.05.10", "Flytteanmeldelse"), _subject("23.07.02", "Nyt emne")),
    )
    summary = store.import_catalogue(db, second)
    assert (summary.new, summary.updated, summary.expired) == (1, 1, 0)
    back = store.subject(db, "23.07")
    assert back is not None and back.active
    db.close()


# -- desks and validation -----------------------------------------------------------------


def test_a_retired_subject_is_history_not_a_new_task(
    open_copy: Callable[[str], Database],
) -> None:
    db = open_copy("both")
    desk = Desk(db=db, codebook=load_codebook(), plan=PLAN, device="test")
    assert desk.task_status("00.05.02") == "expired"
    assert desk.task_status("23.05.12") == "active"
    assert desk.task_status("99.99.99") == "unknown"
    assert desk.task_title("00.05.02") == "Kommunale skibsadoptioner"

    old = reg(task="00.05.02")
    assert (
        validate_registration(
            old, desk.codebook, PLAN, rules="history", task_status=desk.task_status
        )
        is old
    )
    with pytest.raises(ValidationError, match="udgået"):
        validate_registration(old, desk.codebook, PLAN, task_status=desk.task_status)
    current = reg(task="23.05.12")
    assert validate_registration(current, desk.codebook, PLAN, task_status=desk.task_status)


# -- search ---------------------------------------------------------------------------------


@pytest.fixture
def both(open_copy: Callable[[str], Database]) -> Database:
    return open_copy("both")


def nrs(hits: list[store.SubjectHit]) -> list[str]:
    return [h.nr for h in hits]


@pytest.mark.parametrize("query", ["23.05.10", "230510", "23 05 10", " 23-05-10 "])
def test_an_exact_number_comes_first(both: Database, query: str) -> None:
    hits = store.search(both, query)
    assert hits[0].nr == "23.05.10" and hits[0].kind == "number"
    assert hits[0].title == "Flytteanmeldelse"


@pytest.mark.parametrize("query", ["23.05", "2305"])
def test_a_number_prefix_lists_the_group_then_its_emner(both: Database, query: str) -> None:
    hits = store.search(both, query, limit=50)
    assert hits[0].nr == "23.05" and hits[0].kind == "number"
    rest = hits[1:]
    assert rest and all(h.nr.startswith("23.05.") and h.kind == "number-prefix" for h in rest)
    assert nrs(rest) == sorted(nrs(rest))
    assert "23.05.10" in nrs(rest)


def test_a_partial_number_matches_by_prefix(both: Database) -> None:
    hits = store.search(both, "23.0", limit=100)
    assert hits and all(h.nr.startswith("23.0") for h in hits)
    # Groups (fewer digits beyond the query) come before the emner below them.
    assert [h.level for h in hits[:3]] == ["gruppe", "gruppe", "gruppe"]


def test_pas_finds_the_passport_subject_first(both: Database) -> None:
    hits = store.search(both, "pas")
    assert hits[0].nr == "23.09.02" and hits[0].title == "Pas" and hits[0].kind == "title"
    assert "23.09" in nrs(hits)  # "Kørekort og pas": a later word of the title


def test_flytning_finds_flytteanmeldelse_through_its_keyword(both: Database) -> None:
    hits = store.search(both, "flytning", limit=20)
    hit = next(h for h in hits if h.nr == "23.05.10")
    assert hit.kind == "keyword" and hit.matched.casefold() == "flytning"
    assert hit.title == "Flytteanmeldelse"
    # Title matches rank above every keyword match.
    kinds = [h.kind for h in hits]
    assert kinds.index("keyword") > max(i for i, k in enumerate(kinds) if k == "title")
    assert "23.05.12" in nrs(hits)  # "Flytninger til / fra udlandet", by title


def test_a_whole_title_beats_a_title_starting_with_it(both: Database) -> None:
    hits = store.search(both, "Flytteanmeldelse")
    assert hits[0].nr == "23.05.10"


def test_keyword_weight_decides_between_keyword_matches(both: Database) -> None:
    # 23.05.10 has "logiværtserklæring[20]", 23.05.08 "Logiværtserklæring[5]".
    hits = store.search(both, "logiværtserklæring")
    assert nrs(hits)[:2] == ["23.05.10", "23.05.08"]
    assert (hits[0].weight, hits[1].weight) == (20, 5)
    assert hits[0].score > hits[1].score


@pytest.mark.parametrize(
    "query", ["FLYTTEANMELDELSE", "flytteanmeldelse", "Flytteanmeldélse", "  flytte  "]
)
def test_case_and_accents_do_not_matter(both: Database, query: str) -> None:
    assert store.search(both, query)[0].nr == "23.05.10"


def test_danish_letters_are_letters_and_keyboard_spellings_find_them(both: Database) -> None:
    danish = store.search(both, "børneydelse")
    assert danish[0].nr == "32.12.04"
    typed = store.search(both, "boerneydelse")
    assert typed[0].nr == "32.12.04"
    assert typed[0].score < danish[0].score  # the keyboard spelling ranks a little lower
    # ø is not o: "born" does not find "Børneydelse".
    assert "32.12.04" not in nrs(store.search(both, "borneydelse"))
    assert store.search(both, "kørekort")[0].nr == store.search(both, "koerekort")[0].nr


def test_words_spread_over_title_and_keywords(both: Database) -> None:
    hits = store.search(both, "flytning udland")
    assert hits[0].nr == "23.05.12" and hits[0].kind == "title"


def test_retired_subjects_only_with_include_inactive(both: Database) -> None:
    assert "00.05.02" not in nrs(store.search(both, "skibsadoptioner"))
    hits = store.search(both, "skibsadoptioner", include_inactive=True)
    assert hits[0].nr == "00.05.02" and not hits[0].active
    assert store.search(both, "00.05.02") == []
    assert store.search(both, "00.05.02", include_inactive=True)[0].kind == "number"


def test_limit_and_empty_queries(both: Database) -> None:
    assert len(store.search(both, "til", limit=5)) == 5
    assert store.search(both, "   ") == []
    assert store.search(both, "§§§") == []
    assert store.search(both, "zzzqqq") == []


def test_fold() -> None:
    assert store.fold("ÆØÅ Éé Üü Ä Ö") == "æøå ee uu æ ø"
    assert store.fold("a\u030a") == "å"  # decomposed å, as macOS writes it


def test_subject_lookup(both: Database) -> None:
    assert store.subject(both, "99.99.99") is None
    s = store.subject(both, " 23.09.02 ")
    assert s is not None and s.title == "Pas" and s.level == "emne" and s.parent == "23.09"
    d = s.as_dict()
    assert d["nr"] == "23.09.02" and isinstance(d["keywords"], list)


# The queries a desk types, letter by letter and whole; one-letter prefixes included.
TYPED = [
    "f",
    "fl",
    "fly",
    "flyt",
    "flytning",
    "p",
    "pa",
    "pas",
    "b",
    "bø",
    "børn",
    "børnetilskud",
    "s",
    "sk",
    "sko",
    "skole",
    "sundhedskort",
    "2",
    "23",
    "23.0",
    "23.05",
    "23.05.1",
    "23.05.10",
    "kørekort",
    "boligstøtte",
    "hjælpemidler",
    "til",
    "for",
    "tilskud til pasning",
    "byggetilladelse",
    "folkepension",
    "sygedagpenge",
    "a",
    "af",
    "vielse",
    "navneændring",
]


def test_search_is_fast_on_the_os2kle_list(open_copy: Callable[[str], Database]) -> None:
    db = open_copy("os2")
    for q in TYPED:  # warm the page cache, as a running app would have it
        store.search(db, q)
    times = []
    for q in TYPED:
        t0 = time.perf_counter()
        store.search(db, q)
        times.append((time.perf_counter() - t0) * 1000)
    # The median is the steady figure on a busy CI machine; the target is < 20 ms a query.
    assert statistics.median(times) < 20, sorted(times)
