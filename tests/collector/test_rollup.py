"""``tracetool collector rollup rebuild`` on SQLite and PostgreSQL: rollups that were damaged by
hand are recounted from the registrations, for one municipality or all, and the dashboards'
numbers then equal the registrations' own; bad input is one Danish line, never a traceback.
"""

from __future__ import annotations

import random
import re
import threading
import uuid
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from typer.testing import CliRunner

from tests.collector.dashboard_support import load
from tests.sync.support import db_url_fixture, pg_url_fixture, with_dbname  # noqa: F401
from tracetool import timeutil
from tracetool.cli.main import app
from tracetool.collector import rollup, synthetic
from tracetool.collector.backends import open_storage
from tracetool.collector.dashboard import TOP_TASKS, Dashboard
from tracetool.collector.period import Period
from tracetool.collector.process import free_port
from tracetool.collector.storage import ANYWHERE, SqlStorage

runner = CliRunner()

START = date(2026, 9, 21)
# Whole months inside the period, so the overview reads dash_month as well as dash_day.
PERIOD = Period(date(2026, 9, 1), date(2026, 12, 31))
_HERE = ZoneInfo("Europe/Copenhagen")


def _fill(storage: SqlStorage) -> None:
    """Two municipalities through the batch path, then corrections and deletions."""
    rows = list(synthetic.rows(259, 400, START, 70, seed=2, test_share=0.1))
    rows += list(synthetic.rows(260, 150, START, 70, seed=2, test_share=0.1))
    load(storage, rows)
    rng = random.Random(5)
    changed = []
    for row in rng.sample(rows, 60):
        new = list(row)
        new[15] += 1  # the next revision
        if rng.random() < 0.5:
            new[16] = 1  # deleted
        else:
            new[7] = "HOLD" if new[7] == "STRAKS" else "STRAKS"
            new[14] = 3  # now a mass registration
        changed.append(tuple(new))
    load(storage, changed)


def _from_registrations(
    storage: SqlStorage, municipality: int, include_test: bool
) -> dict[str, Any]:
    """The dashboard's numbers, counted from the registrations themselves (Danish days and
    hours through zoneinfo, not through the rollups' own code)."""
    test = "" if include_test else " AND test_mode = 0"
    with storage._read() as tx:
        rows = tx.all(
            "SELECT unit, direction, channel, task, type, closing, form, saved_at, count"
            f" FROM registration WHERE municipality = ? AND deleted = 0{test}",
            [municipality],
        )
    out: dict[str, Any] = {"figures": Counter()}
    for key in ("channels", "types", "tasks", "units", "by_day", "by_hour"):
        out[key] = Counter()
    for unit, direction, channel, task, type_, closing, form, saved_at, count in rows:
        here = timeutil.from_db(saved_at).astimezone(_HERE)
        if not PERIOD.start <= here.date() <= PERIOD.end:
            continue
        n = int(count)
        out["figures"].update(
            {
                "inquiries": n,
                "registrations": 1,
                "inbound": n if direction == "IND" else 0,
                "straks": n if closing == "STRAKS" else 0,
                "form_yes": n if form == "JA" else 0,
                "form_no": n if form == "NEJ" else 0,
            }
        )
        out["channels"][channel] += n
        out["types"][type_] += n
        out["tasks"][task] += n
        out["units"][unit or ""] += n
        out["by_day"][here.date().isoformat()] += n
        out["by_hour"][here.hour] += n
    top = sorted(out["tasks"].items(), key=lambda t: (-t[1], t[0]))[:TOP_TASKS]
    out["top_tasks"], out["task_count"] = top, len(out["tasks"])
    del out["tasks"]
    if not include_test:
        figures = out["figures"]
        out["overview"] = (figures["inquiries"], figures["registrations"], figures["straks"])
    return _plain(out)


def _from_dashboard(storage: SqlStorage, municipality: int, include_test: bool) -> dict[str, Any]:
    view = Dashboard(storage).municipality(municipality, PERIOD, include_test)
    f = view.figures
    out = {
        "figures": {
            "inquiries": f.n, "registrations": f.rows, "inbound": f.inbound,
            "straks": f.straks, "form_yes": f.form_ja, "form_no": f.form_nej,
        },
        "channels": {c.channel: c.n for c in view.channels},
        "types": view.types,
        "units": {u.unit: u.n for u in view.units},
        "by_day": view.by_day,
        "by_hour": view.by_hour,
        "top_tasks": view.tasks,
        "task_count": view.task_count,
    }  # fmt: skip
    if not include_test:
        # The overview (the national ranking) reads the rollups its own way: months and days.
        ranked = view.overview.get(municipality)
        out["overview"] = (ranked.n, ranked.rows, ranked.straks) if ranked else None
    return _plain(out)


def _plain(numbers: dict[str, Any]) -> dict[str, Any]:
    """Zero entries left out, so both sides compare as the same dicts."""
    return {
        k: ({i: n for i, n in v.items() if n} if isinstance(v, dict) else v)
        for k, v in numbers.items()
    }


def _damage(storage: SqlStorage) -> None:
    with storage._write() as tx:
        tx.execute("DELETE FROM dash_day WHERE municipality = 259")
        tx.execute("DELETE FROM dash_month")
        tx.execute("UPDATE dash_unit SET n = n + 5 WHERE municipality = 259")
        tx.execute(
            "INSERT INTO dash_task (municipality, day, task, test, n)"
            " VALUES (259, '2026-10-20', '99.99.99', 0, 42)"
        )
        tx.execute("DELETE FROM dash_hour WHERE municipality = 260")
        tx.execute("UPDATE dash_type SET n = n * 2 WHERE municipality = 260")


def _snapshot(storage: SqlStorage) -> dict[str, Any]:
    with storage._read() as tx:
        return rollup.snapshot(tx)


def _live(storage: SqlStorage, municipality: int | None = None) -> tuple[int, int]:
    where = "" if municipality is None else f" AND municipality = {int(municipality)}"
    with storage._read() as tx:
        row = tx.one(f"SELECT COUNT(*), SUM(count) FROM registration WHERE deleted = 0{where}")
    assert row is not None
    return int(row[0]), int(row[1])


def _rebuild(db_url: str, *more: str) -> Any:
    return runner.invoke(app, ["collector", "rollup", "rebuild", "--db", db_url, *more])


def _said(output: str, rows: int, inquiries: int) -> None:
    line = " ".join(output.split())
    assert f"{rows} registreringer ({inquiries} henvendelser) talt" in line, line
    assert re.search(r"rollup-rækker skrevet på \d+,\d\d s\.", line), line


def test_rebuild_repairs_damaged_rollups_one_municipality_or_all(db_url: str) -> None:
    storage = open_storage(db_url)
    try:
        _fill(storage)
        kept = _snapshot(storage)
        for m in (259, 260):
            for test in (False, True):
                assert _from_dashboard(storage, m, test) == _from_registrations(storage, m, test)
        _damage(storage)
        for m in (259, 260):
            assert _from_dashboard(storage, m, False) != _from_registrations(storage, m, False)

        one = _rebuild(db_url, "--municipality", "259")
        assert one.exit_code == 0, one.output
        assert "for kommune 259 (Køge)" in one.output
        _said(one.output, *_live(storage, 259))
        for test in (False, True):
            assert _from_dashboard(storage, 259, test) == _from_registrations(storage, 259, test)
        # Only 259 was rebuilt: 260's damage is still there.
        assert _from_dashboard(storage, 260, False) != _from_registrations(storage, 260, False)

        every = _rebuild(db_url)
        assert every.exit_code == 0, every.output
        assert "for alle kommuner" in every.output
        _said(every.output, *_live(storage))
        for m in (259, 260):
            for test in (False, True):
                assert _from_dashboard(storage, m, test) == _from_registrations(storage, m, test)
        # The same rollups ingest had kept, row for row.
        assert _snapshot(storage) == kept
    finally:
        storage.close()


def _one_danish_line(result: Any, words: str) -> None:
    assert result.exit_code not in (0, None), result.output
    assert isinstance(result.exception, SystemExit), result.exception
    lines = result.output.strip().splitlines()
    assert len(lines) == 1, result.output
    assert lines[0].startswith("fejl: ") and words in lines[0], lines[0]
    assert "Traceback" not in result.output


def test_an_unknown_municipality_is_refused_and_nothing_changes(db_url: str) -> None:
    storage = open_storage(db_url)
    try:
        load(storage, synthetic.rows(259, 80, START, 10, seed=1))
        _damage(storage)
        damaged = _snapshot(storage)
        refused = _rebuild(db_url, "--municipality", "999")
        _one_danish_line(refused, "ingen registreringer for kommune 999")
        assert _snapshot(storage) == damaged  # the transaction was not committed
    finally:
        storage.close()


@pytest.mark.parametrize(
    ("url", "words"),
    [
        ("mysql://tracetool@localhost/collector", "ukendt database-URL"),
        ("sqlite:/relative.db", "tre skråstreger"),
        ("sqlite:///{tmp}/a-file/collector.db", "kan ikke åbnes"),
        ("sqlite:///{tmp}", "kan ikke åbnes"),
        ("sqlite:///{tmp}/junk.db", "kan ikke åbnes"),
        ("postgresql://postgres@127.0.0.1:{port}/collector", "kan ikke forbinde til PostgreSQL"),
        ("postgresql://postgres@127.0.0.1:notaport/x", "kan ikke forbinde til PostgreSQL"),
    ],
    ids=["scheme", "sqlite-slashes", "sqlite-folder-is-a-file", "sqlite-folder", "sqlite-junk",
         "pg-nobody-listens", "pg-bad-port"],
)  # fmt: skip
def test_a_database_that_cannot_be_used_is_one_danish_line(
    tmp_path: Path, url: str, words: str
) -> None:
    (tmp_path / "a-file").write_text("not a folder")
    (tmp_path / "junk.db").write_bytes(b"not a database " * 100)
    result = _rebuild(url.format(tmp=tmp_path, port=free_port()))
    _one_danish_line(result, words)


def test_a_postgresql_database_that_does_not_exist_is_one_danish_line(pg_url: str) -> None:
    missing = with_dbname(pg_url, "tt_missing_" + uuid.uuid4().hex[:12])
    result = _rebuild(missing)
    _one_danish_line(result, "kan ikke forbinde til PostgreSQL")
    assert "does not exist" in result.output


# -- PostgreSQL: a rebuild of one municipality holds off only that municipality's batches -----


def _in_thread(job: Any) -> tuple[threading.Thread, list[Any]]:
    done: list[Any] = []
    thread = threading.Thread(target=lambda: done.append(job()), daemon=True)
    thread.start()
    return thread, done


def test_a_municipalitys_rebuild_and_other_municipalities_batches_do_not_wait(
    pg_url: str,
) -> None:
    import psycopg

    storage = open_storage(pg_url)
    try:
        _fill(storage)
        with psycopg.connect(pg_url) as other:
            # What a batch of 260 holds while it is being written: the table's ROW EXCLUSIVE
            # lock (its INSERTs) and its municipality's shared rebuild lock.
            other.execute("LOCK TABLE registration IN ROW EXCLUSIVE MODE")
            other.execute("SELECT pg_advisory_xact_lock_shared(%s, 260)", [rollup.REBUILD_LOCK])
            quick, quick_done = _in_thread(lambda: _rebuild(pg_url, "--municipality", "259"))
            quick.join(timeout=20)
            assert quick_done and quick_done[0].exit_code == 0, "259 waited for 260's batch"
            held, held_done = _in_thread(lambda: _rebuild(pg_url, "--municipality", "260"))
            held.join(timeout=1.5)
            assert not held_done, "260's rebuild did not wait for 260's batch"
            other.commit()
            held.join(timeout=20)
            assert held_done and held_done[0].exit_code == 0

        with psycopg.connect(pg_url) as rebuilding:
            # A rebuild of 259 in progress: 260's batches go on, 259's wait for its end.
            rebuilding.execute("SELECT pg_advisory_xact_lock(%s, 259)", [rollup.REBUILD_LOCK])
            fresh = list(synthetic.rows(260, 5, START, 3, seed=77))
            other_m, other_done = _in_thread(
                lambda: storage.apply_batch(fresh, [], "t", scope=ANYWHERE)
            )
            other_m.join(timeout=20)
            assert other_done, "260's batch waited for 259's rebuild"
            mine = list(synthetic.rows(259, 5, START, 3, seed=77))
            same_m, same_done = _in_thread(
                lambda: storage.apply_batch(mine, [], "t", scope=ANYWHERE)
            )
            same_m.join(timeout=1.5)
            assert not same_done, "259's batch did not wait for 259's rebuild"
            rebuilding.commit()
            same_m.join(timeout=20)
            assert same_done
        for m in (259, 260):
            assert _from_dashboard(storage, m, False) == _from_registrations(storage, m, False)
    finally:
        storage.close()
