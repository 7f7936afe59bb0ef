"""Cleaning without deleting: exclusion rules in the store (m008), honoured by the report with
the count left out said, --no-exclusions, and `tracetool exclude add/list/remove`. Counts are
checked against plain Python conditions written out in the tests."""

from __future__ import annotations

import json
import random
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from tests.analysis.support import store_rows
from tests.collector.coordinator_support import apply_test_plan, run
from tests.helpers import reg
from tracetool import paths, timeutil
from tracetool.analysis.report import ReportFilter, build_report
from tracetool.model import Registration
from tracetool.store.db import open_database
from tracetool.store.exclusions import ExclusionRule, ExclusionStore, excluded_sql, is_excluded

UNITS = ("259borgerservice", "259telefon", None)


def dk(y: int, m: int, d: int, hh: int = 10, mm: int = 0) -> datetime:
    return datetime(y, m, d, hh, mm, tzinfo=timeutil.DANISH).astimezone(UTC)


def rows() -> list[Registration]:
    rnd = random.Random(5)
    t0 = dk(2013, 10, 20, 22, 0)
    return [
        reg(
            saved_at=t0 + timedelta(minutes=17 * i),
            unit=rnd.choice(UNITS),
            channel=rnd.choice(("TLFIND", "PRSNLG")),
            source=rnd.choice(("app", "import")),
            count=rnd.choice((1, 2, 7)),
        )
        for i in range(400)
    ]


def danish_day(r: Registration) -> date:
    return r.saved_at.astimezone(timeutil.DANISH).date()


# Written out by hand, not through the rules' own predicate.
def rule_a(r: Registration) -> bool:  # no unit, up to and including 21 October
    return r.unit is None and danish_day(r) <= date(2013, 10, 21)


def rule_b(r: Registration) -> bool:  # imported personal visits, except the phone unit's
    return r.channel == "PRSNLG" and r.source == "import" and r.unit != "259telefon"


RULE_A = ExclusionRule(reason="uden enhed i opstarten", units=("",), to_date=date(2013, 10, 21))
RULE_B = ExclusionRule(
    reason="importeret dobbelt",
    channels=("PRSNLG",),
    sources=("import",),
    except_units=("259telefon",),
)


@pytest.fixture
def stored(tracetool_home: Path, tmp_path: Path) -> list[Registration]:
    apply_test_plan(tmp_path)
    return store_rows(rows())


def test_the_report_leaves_out_what_the_rules_match_and_says_how_much(
    stored: list[Registration],
) -> None:
    db = open_database(paths.database_path())
    full = build_report(db)
    cleaned = build_report(db, ReportFilter(exclusions=(RULE_A, RULE_B)))
    gone = [r for r in stored if rule_a(r) or rule_b(r)]
    assert 0 < len(gone) < len(stored)
    assert full.total == sum(r.count for r in stored)
    assert cleaned.total == full.total - sum(r.count for r in gone)
    assert (cleaned.excluded, cleaned.excluded_inquiries) == (len(gone), sum(r.count for r in gone))
    assert cleaned.by_unit.get("INGEN", 0) == sum(
        r.count for r in stored if r.unit is None and not (rule_a(r) or rule_b(r))
    )


def test_the_sql_and_the_python_predicate_agree(stored: list[Registration]) -> None:
    db = open_database(paths.database_path())
    rules = [RULE_A, RULE_B, ExclusionRule(reason="dag", from_date=date(2013, 10, 22))]
    clause, params = excluded_sql(rules)
    by_sql = {row[0] for row in db.execute(f"SELECT id FROM registration WHERE {clause}", params)}
    by_python = {r.id for r in stored if is_excluded(rules, r)}
    by_hand = {
        r.id for r in stored if rule_a(r) or rule_b(r) or danish_day(r) >= date(2013, 10, 22)
    }
    assert by_sql == by_python == by_hand


def test_cli_add_list_report_remove(stored: list[Registration]) -> None:
    code, out, err = run(
        "exclude", "add", "--unit", "", "--to", "21-10-2013", "--reason", "uden enhed i opstarten"
    )
    assert code == 0, err
    a = [r for r in stored if rule_a(r)]
    assert f"udelader nu {len(a)} registreringer" in out
    code, _, err = run(
        "exclude", "add", "--channel", "PRSNLG", "--source", "import",
        "--except-unit", "259telefon", "--reason", "importeret dobbelt",
    )  # fmt: skip
    assert code == 0, err
    code, out, _ = run("exclude", "list", "--json")
    listed = json.loads(out)
    assert [(x["id"], x["rows"]) for x in listed] == [(1, len(a)), (2, sum(map(rule_b, stored)))]
    assert listed[0]["units"] == [""] and listed[0]["to"] == "2013-10-21"

    gone = [r for r in stored if rule_a(r) or rule_b(r)]
    data = json.loads(run("report", "--json")[1])
    assert data["total"] == sum(r.count for r in stored) - sum(r.count for r in gone)
    assert (data["excluded"], data["excluded_inquiries"]) == (len(gone), sum(r.count for r in gone))
    assert len(data["exclusions"]) == 2
    raw = json.loads(run("report", "--json", "--no-exclusions")[1])
    assert (raw["total"], raw["excluded"]) == (sum(r.count for r in stored), 0)
    code, out, _ = run("report")
    assert f"{len(gone)} registreringer" in out and "--no-exclusions" in out

    code, out, err = run("exclude", "remove", "1")
    assert code == 0 and "Regel 1 er fjernet" in out, err
    data = json.loads(run("report", "--json")[1])
    b = [r for r in stored if rule_b(r)]
    assert data["total"] == sum(r.count for r in stored) - sum(r.count for r in b)


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["add", "--reason", "x"], "reglen ville udelade alt"),
        (["add", "--channel", "TLF", "--reason", "x"], "--channel: ukendt kode 'TLF'"),
        (["add", "--source", "excel", "--reason", "x"], "--source: ukendt kode 'excel'"),
        (["add", "--from", "22-10-2013", "--to", "21-10-2013", "--reason", "x"], "ligger efter"),
        (["add", "--from", "32-10-2013", "--reason", "x"], "--from: ukendt dato"),
        (["add", "--channel", "TLFIND", "--reason", " "], "begrundelse"),
        (["remove", "7"], "ingen udeladelsesregel med nummer 7"),
    ],
)
def test_cli_bad_input_changes_nothing(stored: object, args: list[str], expected: str) -> None:
    code, out, err = run("exclude", *args)
    assert code == 1 and out == "" and expected in err, (out, err)
    assert json.loads(run("exclude", "list", "--json")[1]) == []


def test_the_rules_live_in_the_store(tmp_path: Path) -> None:
    db = open_database(tmp_path / "s.db")
    store = ExclusionStore(db)
    saved = store.add(RULE_B)
    assert saved.id == 1 and store.all() == [saved]
    assert (saved.channels, saved.except_units, saved.reason) == (
        ("PRSNLG",),
        ("259telefon",),
        "importeret dobbelt",
    )
    assert store.remove(1) == saved and store.all() == []


def test_exports_honour_the_rules_and_say_how_many(
    stored: list[Registration], tmp_path: Path
) -> None:
    run("exclude", "add", "--unit", "", "--to", "21-10-2013", "--reason", "uden enhed")
    a = [r for r in stored if rule_a(r)]
    out_file = tmp_path / "x.ndjson"
    code, out, err = run("export", "-f", "ndjson", "-o", str(out_file), "--json")
    assert code == 0, err
    result = json.loads(out)
    lines = out_file.read_text(encoding="utf-8").splitlines()
    assert result["excluded"] == len(a) > 0
    assert result["registrations"] == len(lines) == len(stored) - len(a)
    kept_ids = {json.loads(line)["id"] for line in lines}
    assert kept_ids == {r.id for r in stored if not rule_a(r)}
    code, out, err = run("export", "-f", "ndjson", "-o", str(out_file), "--no-exclusions")
    assert code == 0, err
    assert len(out_file.read_text(encoding="utf-8").splitlines()) == len(stored)
    code, out, _ = run("export", "-f", "ndjson", "-o", str(out_file))
    assert f"{len(a)} registreringer er udeladt" in out
