"""Time per inquiry: untimed rows (no start, start = save, or an impossible negative time) are
left out of every time figure and counted; quartiles and means per type, task, unit and channel
are checked against plain Python over the rows."""

from __future__ import annotations

import json
import random
import statistics
from collections import defaultdict
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlite_utils import Database

from tests.collector.coordinator_support import apply_test_plan, run
from tests.helpers import reg
from tracetool import paths
from tracetool.analysis.labels import fmt_duration
from tracetool.analysis.report import Labels, build_report, report_json
from tracetool.analysis.report_html import render_html
from tracetool.codes.codebook import load_codebook
from tracetool.model import Registration
from tracetool.store.db import open_database
from tracetool.store.registrations import RegistrationStore

BOOK = load_codebook()
T0 = datetime(2013, 10, 21, 8, 0, tzinfo=UTC)


def rows(seed: int = 7) -> list[Registration]:
    """A count week in miniature: timed desk rows and untimed extract rows, mixed."""
    rnd = random.Random(seed)
    out: list[Registration] = []
    for i in range(240):
        saved = T0 + timedelta(minutes=i * 7)
        kind = rnd.random()
        if kind < 0.2:
            started = None  # an extract row: no timer at all
        elif kind < 0.35:
            started = saved  # start = save: midnight extract rows, no real duration
        elif kind < 0.37:
            started = saved + timedelta(seconds=30)  # impossible: saved before it started
        else:
            started = saved - timedelta(seconds=rnd.choice((5, 13, 41, 60, 95, 300, 1260)))
        out.append(
            reg(
                saved_at=saved,
                started_at=started,
                unit=rnd.choice(("259borgerservice", "259telefon", None)),
                channel=rnd.choice(("TLFIND", "PRSNLG")),
                type=rnd.choice(("VEJL", "INFO", "OPRET")),
                task=rnd.choice(("23.05.10", "05.07.00", "29.03.04")),
                count=rnd.choice((1, 1, 1, 3)),
            )
        )
    return out


def duration(r: Registration) -> int | None:
    if r.started_at is None:
        return None
    s = int((r.saved_at - r.started_at).total_seconds())
    return s if s > 0 else None


def expected(regs: list[Registration], key: str) -> dict[str, dict[str, float]]:
    groups: defaultdict[str, list[int]] = defaultdict(list)
    for r in regs:
        s = duration(r)
        if s is not None:
            groups[getattr(r, key) or "INGEN"].append(s)
    result = {}
    for code, values in groups.items():
        p25, p50, p75 = (
            statistics.quantiles(values, n=4, method="inclusive")
            if len(values) > 1
            else [values[0]] * 3
        )
        result[code] = {
            "n": len(values),
            "mean_s": statistics.mean(values),
            "median_s": p50,
            "p25_s": p25,
            "p75_s": p75,
        }
    return result


@pytest.fixture
def db(tmp_path: Path) -> Database:
    return open_database(tmp_path / "t.db")


def test_untimed_rows_are_left_out_and_counted(db: Database) -> None:
    t = datetime(2013, 10, 21, 0, 0, tzinfo=UTC)
    store = RegistrationStore(db)
    for s in (41, 41, 50):
        store.save(
            reg(saved_at=t + timedelta(hours=9), started_at=t + timedelta(hours=9, seconds=-s))
        )
    for _ in range(4):
        store.save(reg(saved_at=t, started_at=t))  # the extract's midnight rows
    store.save(reg(saved_at=t))
    r = build_report(db)
    assert (r.timed, r.untimed) == (3, 5)
    assert r.median_seconds == 41  # not 0: the untimed rows are no 0-second registrations
    assert r.timing_by_unit["259borgerservice"].median_s == 41
    assert r.timing_by_task["23.05.10"].n == 3


@pytest.mark.parametrize("key", ["type", "task", "unit", "channel"])
def test_quartiles_and_means_per_code_match_plain_python(db: Database, key: str) -> None:
    regs = rows()
    store = RegistrationStore(db)
    for r in regs:
        store.save(r)
    data = json.loads(json.dumps(report_json(build_report(db))))
    assert data["timed"] == sum(1 for r in regs if duration(r) is not None)
    assert data["untimed"] == sum(1 for r in regs if duration(r) is None)
    assert data["timed"] + data["untimed"] == data["registrations"] == len(regs)
    want = expected(regs, key)
    got = data[f"timing_by_{key}"]
    assert set(got) == set(want)
    for code, figures in want.items():
        assert set(got[code]) == {"n", "mean_s", "median_s", "p25_s", "p75_s"}
        for name, value in figures.items():
            assert got[code][name] == pytest.approx(value), (code, name)


def test_a_report_with_no_timed_rows_says_so(db: Database) -> None:
    RegistrationStore(db).save(reg(started_at=None))
    data = report_json(build_report(db))
    assert (data["timed"], data["untimed"], data["median_seconds"]) == (0, 1, None)
    assert data["timing_by_type"] == {}


def test_minutes_where_they_read_better() -> None:
    assert fmt_duration(41, "da") == "41 sek."
    assert fmt_duration(89.5, "en") == "89.5 s"
    assert fmt_duration(150, "da") == "2,5 min."
    assert fmt_duration(1260, "en") == "21 min"
    assert fmt_duration(None, "da") == "–"


def test_html_has_quartile_bars_and_the_untimed_count(db: Database) -> None:
    store = RegistrationStore(db)
    for r in rows():
        store.save(r)
    r = build_report(db)
    page = render_html(r, Labels(BOOK, "en"))
    assert 'class="box"' in page  # a quartile bar per code
    assert "Time per inquiry type" in page
    assert f"{r.untimed} registrations without a time" in page


def test_cli_shows_time_per_type_in_minutes(tracetool_home: Path, tmp_path: Path) -> None:
    apply_test_plan(tmp_path)
    db = open_database(paths.database_path())
    store = RegistrationStore(db)
    t = datetime(2013, 10, 21, 9, 0, tzinfo=UTC)
    for s in (120, 180, 240):
        store.save(reg(saved_at=t, started_at=t - timedelta(seconds=s), type="OPRET"))
    store.save(reg(saved_at=t, started_at=t, type="OPRET"))
    db.close()
    code, out, err = run("report", "--by", "type")
    assert code == 0, err
    assert "3 min." in out and "1 uden tid" in out
    code, out, err = run("report", "--json")
    data = json.loads(out)
    assert data["timing_by_type"]["OPRET"]["median_s"] == 180
    assert (data["timed"], data["untimed"]) == (3, 1)
