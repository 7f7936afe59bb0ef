"""The report: counts from the store (mass registrations, Danish time, shares, medians,
coverage), its JSON, the self-contained HTML and the CLI with its bad inputs."""

from __future__ import annotations

import json
import re
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from sqlite_utils import Database

from tests.collector.coordinator_support import apply_test_plan, run
from tests.helpers import PLAN, reg
from tracetool import timeutil
from tracetool.analysis.queries import walk_sql
from tracetool.analysis.report import Labels, ReportFilter, build_report, report_json
from tracetool.analysis.report_html import render_html
from tracetool.codes.codebook import load_codebook
from tracetool.plan.totals import make_total
from tracetool.store.db import open_database
from tracetool.store.exclusions import ExclusionRule
from tracetool.store.registrations import RegistrationStore
from tracetool.store.totals import TotalStore

BOOK = load_codebook()


def dk(y: int, m: int, d: int, hh: int = 10, mm: int = 0) -> datetime:
    """A Danish wall-clock time as the store keeps it (UTC)."""
    return datetime(y, m, d, hh, mm, tzinfo=timeutil.DANISH).astimezone(UTC)


@pytest.fixture
def db(tmp_path: Path) -> Database:
    return open_database(tmp_path / "r.db")


def save(db: Database, **changes: object) -> None:
    RegistrationStore(db).save(reg(**changes))


def add_total(
    db: Database, channel: str, start: date, end: date, count: int, unit: str = ""
) -> None:
    TotalStore(db).add(
        make_total(
            codebook=BOOK,
            plan=PLAN,
            channel=channel,
            from_date=start,
            to_date=end,
            count=count,
            unit=unit or None,
        )
    )


# -- counting ---------------------------------------------------------------------------------


def test_a_mass_registration_counts_n_everywhere(db: Database) -> None:
    save(db, count=40, task="05.07.00", saved_at=dk(2013, 10, 21, 0, 0))
    save(db)
    r = build_report(db)
    assert (r.total, r.registrations) == (41, 2)
    assert r.by_channel == {"TLFIND": 41}
    assert r.by_task == {"05.07.00": 40, "23.05.10": 1}
    assert r.by_hour["00"] == 40
    assert r.by_type["VEJL"] == 41 and r.by_closing == {"STRAKS": 41, "HOLD": 0}
    assert r.task_by_channel["05.07.00"] == {"TLFIND": 40}


def test_breakdowns_are_complete_and_consistent(db: Database) -> None:
    save(db, channel="PRSNLG", form="JA", type="OPRET", closing="HOLD")
    save(db, channel="PRSNLG", form="NEJ", count=3)
    save(db, channel="PPRUD", direction="UD", form="NEJ", unit="259telefon")
    save(db, unit=None)
    r = build_report(db)
    assert r.total == 6
    assert r.by_direction == {"IND": 5, "UD": 1}
    assert r.by_form == {"JA": 1, "NEJ": 4, "INGEN": 1}
    assert list(r.by_type) == ["OPRET", "INFO", "STATUS", "VEJL", "SLVBTJN", "FEJL"]
    assert r.by_unit == {"259borgerservice": 4, "259telefon": 1, "INGEN": 1}
    assert list(r.by_channel) == ["PRSNLG", "TLFIND", "PPRUD"]  # inbound first, largest first
    for name in ("by_direction", "by_channel", "by_type", "by_closing", "by_form", "by_task"):
        assert sum(getattr(r, name).values()) == r.total, name
    assert sum(sum(row.values()) for row in r.channel_by_type.values()) == r.total
    assert sum(sum(row.values()) for row in r.task_by_channel.values()) == r.total


def test_test_mode_and_deleted_registrations(db: Database) -> None:
    store = RegistrationStore(db)
    save(db, test_mode=True, count=5)
    kept = store.save(reg())
    gone = store.save(reg())
    store.delete(gone.id)
    assert build_report(db).total == 1
    assert build_report(db, ReportFilter(include_test=True)).total == 6
    assert kept.id != gone.id


def test_period_is_whole_danish_days_both_included(db: Database) -> None:
    save(db, saved_at=dk(2013, 10, 20, 23, 59))
    save(db, saved_at=dk(2013, 10, 21, 0, 0))
    save(db, saved_at=dk(2013, 10, 27, 23, 59))
    save(db, saved_at=dk(2013, 10, 28, 0, 0))
    r = build_report(db, ReportFilter(start=date(2013, 10, 21), end=date(2013, 10, 27)))
    assert r.total == 2
    assert r.by_day == {"2013-10-21": 1, "2013-10-27": 1}


def test_unit_filter(db: Database) -> None:
    save(db, count=2)
    save(db, unit="259telefon", count=7)
    r = build_report(db, ReportFilter(unit="259telefon"))
    assert r.total == 7 and r.by_unit == {"259telefon": 7}


def test_hours_and_days_are_danish_across_summer_time(db: Database) -> None:
    # 08:30 Danish time on each side of both switches: UTC 07:30 in winter, 06:30 in summer.
    for day in (date(2013, 3, 30), date(2013, 4, 1), date(2013, 10, 26), date(2013, 10, 28)):
        save(db, saved_at=dk(day.year, day.month, day.day, 8, 30))
    # The night of the autumn switch: 02:30 happens twice; both are hour 02 on 27 October.
    first = datetime(2013, 10, 27, 0, 30, tzinfo=UTC)  # 02:30 summer time
    second = datetime(2013, 10, 27, 1, 30, tzinfo=UTC)  # 02:30 winter time
    save(db, saved_at=first)
    save(db, saved_at=second)
    # 00:30 Danish time is still the day before in UTC.
    save(db, saved_at=dk(2013, 10, 22, 0, 30))
    r = build_report(db)
    assert r.by_hour["08"] == 4 and r.by_hour["07"] == 0 and r.by_hour["06"] == 0
    assert r.by_hour["02"] == 2 and r.by_hour["00"] == 1
    assert r.by_day["2013-10-27"] == 2 and r.by_day["2013-10-22"] == 1
    assert "2013-10-21" not in r.by_day
    assert r.by_week["2013-W43"] == 4 and r.by_week["2013-W13"] == 1
    assert list(r.by_hour) == [f"{h:02d}" for h in range(24)]


def test_shares_per_channel(db: Database) -> None:
    save(db, channel="PRSNLG", form="JA", closing="STRAKS")
    save(db, channel="PRSNLG", form="NEJ", closing="HOLD", count=3)
    save(db, closing="HOLD")
    r = build_report(db)
    prs = r.channel_shares["PRSNLG"]
    assert (prs.total, prs.straks, prs.form_yes, prs.form_answered) == (4, 1, 1, 4)
    assert prs.straks_share == 0.25 and prs.form_share == 0.25
    tlf = r.channel_shares["TLFIND"]
    assert tlf.straks_share == 0.0 and tlf.form_share is None  # the phone never asks
    assert r.straks_share == 0.2 and r.form_share == 0.25


def test_median_registration_time_per_task(db: Database) -> None:
    t0 = dk(2013, 10, 21, 9)
    for seconds in (10, 20, 90):
        save(db, saved_at=t0, started_at=t0 - timedelta(seconds=seconds))
    for seconds in (4, 8):
        save(db, task="05.07.00", saved_at=t0, started_at=t0 - timedelta(seconds=seconds))
    save(db, task="05.07.00", count=50)  # untimed mass registration: no timer, no weight
    r = build_report(db)
    assert r.timing_by_task["23.05.10"].median_s == 20
    assert r.timing_by_task["05.07.00"].median_s == 6 and r.timing_by_task["05.07.00"].n == 2
    assert r.median_seconds == 10 and (r.timed, r.untimed) == (5, 1)


def test_coverage_over_the_totals_own_period(db: Database) -> None:
    add_total(db, "TLFIND", date(2013, 10, 21), date(2013, 10, 27), 100)
    save(db, saved_at=dk(2013, 10, 21, 9), count=20)
    save(db, saved_at=dk(2013, 10, 27, 23, 30), count=5)
    save(db, saved_at=dk(2013, 10, 28, 9), count=1000)  # after the total's period
    save(db, saved_at=dk(2013, 10, 22), test_mode=True, count=300)
    r = build_report(db)
    cov = r.coverage["TLFIND"]
    assert (cov.registered, cov.total, cov.share) == (25, 100, 0.25)
    assert "PRSNLG" not in r.coverage
    # A report for the week after still shows it: the total's period overlaps.
    later = build_report(db, ReportFilter(start=date(2013, 10, 27), end=date(2013, 11, 3)))
    assert later.coverage["TLFIND"].share == 0.25
    outside = build_report(db, ReportFilter(start=date(2013, 11, 1), end=date(2013, 11, 3)))
    assert outside.coverage == {}


def test_coverage_prefers_the_municipality_wide_total(db: Database) -> None:
    add_total(db, "TLFIND", date(2013, 10, 21), date(2013, 10, 27), 10, unit="259telefon")
    save(db, unit="259telefon", saved_at=dk(2013, 10, 22), count=4)
    save(db, saved_at=dk(2013, 10, 22), count=6)
    assert build_report(db).coverage["TLFIND"].share == 0.4  # unit totals only: their units
    add_total(db, "TLFIND", date(2013, 10, 21), date(2013, 10, 27), 50)
    assert build_report(db).coverage["TLFIND"].share == 0.2  # whole municipality: 10 of 50
    unit = build_report(db, ReportFilter(unit="259telefon")).coverage["TLFIND"]
    assert (unit.registered, unit.total, unit.units) == (4, 10, ("259telefon",))


def test_json_has_the_promised_keys(db: Database) -> None:
    save(db, channel="PRSNLG", form="JA")
    data = json.loads(json.dumps(report_json(build_report(db))))
    for key in (
        "total",
        "by_direction",
        "by_channel",
        "by_type",
        "by_closing",
        "by_form",
        "by_task",
        "by_unit",
        "by_hour",
        "by_day",
        "by_week",
        "channel_shares",
        "channel_by_type",
        "task_by_channel",
        "timing_by_task",
        "coverage",
    ):
        assert key in data, key
    assert data["by_direction"] == {"IND": 1, "UD": 0}
    assert data["by_form"] == {"JA": 1, "NEJ": 0, "INGEN": 0}


def test_the_code_breakdown_walks_the_report_index_without_sorting(db: Database) -> None:
    rule = ExclusionRule(reason="r", units=("",), sources=("import",), to_date=date(2013, 2, 1))
    for flt in (
        ReportFilter(),
        ReportFilter(include_test=True),
        ReportFilter(start=date(2013, 1, 1)),
        ReportFilter(units=("a", "b"), channels=("TLFIND",), sources=("app",), types=("VEJL",)),
        ReportFilter(exclusions=(rule,)),
    ):
        where, params = flt.where()
        plan = db.execute(f"EXPLAIN QUERY PLAN {walk_sql(where)}", params).fetchall()
        details = " ".join(row[3] for row in plan)
        assert "COVERING INDEX idx_registration_report" in details
        assert "TEMP B-TREE" not in details
        answers = db.execute(
            f"EXPLAIN QUERY PLAN SELECT task, answers, SUM(count) FROM registration{where} "
            "AND answers != '{}' GROUP BY task, answers",
            params,
        ).fetchall()
        details = " ".join(row[3] for row in answers)
        assert "COVERING INDEX idx_registration_answers" in details
        assert "TEMP B-TREE" not in details


# -- HTML -------------------------------------------------------------------------------------


def test_html_is_self_contained_and_holds_the_numbers(db: Database) -> None:
    save(db, count=1234, saved_at=dk(2013, 10, 21, 0, 0))
    save(db, channel="PRSNLG", form="JA", saved_at=dk(2013, 10, 21, 9, 15))
    add_total(db, "TLFIND", date(2013, 10, 21), date(2013, 10, 27), 5000)
    page = render_html(build_report(db), Labels(BOOK), municipality="Køge (259)")
    assert page.startswith("<!DOCTYPE html>") and '<html lang="da">' in page
    assert not re.search(r"(?i)https?://", page)
    assert not re.search(r"(?i)<script|<link|@import|url\(|<img", page)
    assert page.count("<svg") >= 8
    for text in (
        "1.235",
        "1.234",
        "99,9 %",
        "Telefon (ind)",
        "Personligt fremmøde (ind)",
        "Dækning",
        "24,7 %",
        "Køge (259)",
        "Straksafsluttet",
    ):
        assert text in page, text


def test_html_in_english_and_empty(db: Database) -> None:
    save(db, count=1234)
    page = render_html(build_report(db), Labels(BOOK, "en"))
    assert '<html lang="en">' in page and "1,234" in page and "Telephone (in)" in page
    empty = render_html(
        build_report(db, ReportFilter(start=date(2001, 1, 1), end=date(2001, 1, 2))), Labels(BOOK)
    )
    assert "Ingen henvendelser" in empty and "<svg" not in empty


# -- CLI --------------------------------------------------------------------------------------


@pytest.fixture
def planned(tracetool_home: Path, tmp_path: Path) -> Path:
    apply_test_plan(tmp_path)
    adds = [
        [
            "--channel",
            "TLFIND",
            "--task",
            "23.05.10",
            "--type",
            "VEJL",
            "--closing",
            "STRAKS",
            "--at",
            "21-10-2013 09:20",
            "--count",
            "12",
        ],
        [
            "--channel",
            "PRSNLG",
            "--task",
            "23.05.10",
            "--type",
            "OPRET",
            "--closing",
            "HOLD",
            "--form",
            "JA",
            "--at",
            "22-10-2013 13:05",
        ],
        [
            "--channel",
            "TLFIND",
            "--task",
            "29.03.04",
            "--type",
            "INFO",
            "--closing",
            "STRAKS",
            "--at",
            "23-10-2013 10:00",
            "--unit",
            "259telefon",
        ],
    ]
    for args in adds:
        code, _, err = run("add", *args)
        assert code == 0, err
    return tmp_path


def test_cli_json_is_one_object(planned: Path) -> None:
    code, out, err = run("report", "--json")
    assert code == 0, err
    data = json.loads(out)
    assert data["total"] == 14 and data["by_direction"] == {"IND": 14, "UD": 0}
    assert data["by_channel"] == {"TLFIND": 13, "PRSNLG": 1}
    assert data["by_hour"]["09"] == 12 and data["by_hour"]["13"] == 1


def test_cli_filters(planned: Path) -> None:
    code, out, _ = run(
        "report", "--json", "--from", "22-10-2013", "--to", "2013-10-23", "--unit", "259telefon"
    )
    assert code == 0
    data = json.loads(out)
    assert data["total"] == 1 and data["unit"] == "259telefon"
    assert data["period"] == {
        "from": "2013-10-22",
        "to": "2013-10-23",
        "first_day": "2013-10-23",
        "last_day": "2013-10-23",
    }


def test_cli_terminal_tables_print_numbers(planned: Path) -> None:
    code, out, _ = run("report")
    assert code == 0
    assert "Henvendelser i alt: 14" in out
    assert "85,7 %" in out and "92,9 %" in out  # TLFIND share; closed at once
    assert "█" in out
    code, out, _ = run("report", "--by", "hour", "--lang", "en")
    assert code == 0 and "09–10" in out and "Hour of day" in out and "85.7%" in out


def test_cli_html_file(planned: Path, tmp_path: Path) -> None:
    target = tmp_path / "rapport.html"
    code, out, err = run("report", "--html", str(target))
    assert code == 0, err
    assert "rapport.html" in out and "14 henvendelser" in out
    page = target.read_text(encoding="utf-8")
    assert not re.search(r"(?i)https?://", page)
    assert "Telefonen (259telefon)" in page and "Køge (259)" in page


def test_cli_coverage_after_totals(planned: Path) -> None:
    assert (
        run(
            "totals",
            "add",
            "--channel",
            "TLFIND",
            "--from",
            "21-10-2013",
            "--to",
            "27-10-2013",
            "--count",
            "52",
        )[0]
        == 0
    )
    code, out, _ = run("report", "--json")
    assert json.loads(out)["coverage"]["TLFIND"]["share"] == 0.25
    code, out, _ = run("report", "--by", "channel")
    assert code == 0
    assert "Dækning" in out and "25,0 %" in out


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (
            ["--unit", "259ukendt"],
            "ukendt enhed '259ukendt'; planen har: 259borgerservice, 259telefon",
        ),
        (["--from", "28-10-2013", "--to", "21-10-2013"], "--from 28-10-2013 ligger efter --to"),
        (["--from", "2013-13-01"], "--from: ukendt dato '2013-13-01'"),
        (["--by", "kanal"], "--by: ukendt fordeling 'kanal'"),
        (["--lang", "de"], "--lang: ukendt sprog 'de'"),
        (["--html", "/findes/ikke/r.html"], "--html /findes/ikke/r.html: filen kan ikke gemmes"),
    ],
)
def test_cli_bad_inputs_are_one_line(planned: Path, args: list[str], expected: str) -> None:
    code, out, err = run("report", *args)
    assert code == 1, out
    assert out == ""
    assert len(err.strip().splitlines()) == 1
    assert expected in err


def test_cli_without_plan_or_data(tracetool_home: Path) -> None:
    code, out, _ = run("report")
    assert code == 0 and "Ingen henvendelser" in out
