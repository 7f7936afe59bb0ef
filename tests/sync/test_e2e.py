"""End to end: desks' stores, the real sync client and a real ``tracetool collector serve``
process on loopback, on SQLite and on PostgreSQL. After every scenario the collector holds
exactly the desks' set: the same ids at the same revisions with the same content, nothing more.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.helpers import PLAN
from tests.sync.support import (  # noqa: F401
    Desk,
    FaultProxy,
    db_url_fixture,
    make_desk,
    pg_url_fixture,
    server_rows,
    sync,
    sync_until_done,
)
from tracetool import paths
from tracetool.collector.process import CollectorProcess, make_token
from tracetool.plan import writing
from tracetool.plan.totals import Total
from tracetool.store.totals import TotalStore
from tracetool.sync.engine import local_status, status

pytestmark = pytest.mark.slow


@pytest.fixture
def collector(db_url: str, tmp_path: Path) -> Iterator[CollectorProcess]:
    with CollectorProcess(db_url, log=tmp_path / "collector.log") as server:
        yield server


def assert_same_set(db_url: str, *desks: Desk) -> None:
    expected: dict[str, tuple[object, ...]] = {}
    for desk in desks:
        expected.update(desk.held())
    held = server_rows(db_url)
    assert set(held) == set(expected), (len(held), len(expected))
    differ = [i for i in expected if held[i] != expected[i]]
    assert not differ, f"{len(differ)} rows differ, e.g. {held[differ[0]]} != {expected[differ[0]]}"


def test_offline_days_then_sync_repeat_corrections_and_deletes(
    collector: CollectorProcess,
    db_url: str,
    tmp_path: Path,
) -> None:
    token = make_token(db_url, "registrant", 259, "259telefon")
    desk = make_desk(tmp_path / "desk")
    desk.add(250)
    assert desk.pending() == 250

    first = sync(desk, collector.url, token, max_rows=60, use_gzip=True)  # as over a real line
    assert (first.sent, first.accepted, first.pending, first.complete) == (250, 250, 0, True)
    assert first.batches == 5
    assert_same_set(db_url, desk)

    again = sync(desk, collector.url, token)
    assert (again.sent, again.pending) == (0, 0)

    regs = list(desk.store.query())
    for reg in regs[:20]:
        desk.store.correct(reg.id, type="STATUS")
    desk.store.correct(regs[0].id, closing="HOLD" if regs[0].closing == "STRAKS" else "STRAKS")
    for reg in regs[20:30]:
        desk.store.delete(reg.id)
    desk.add(5, start=1000)
    third = sync(desk, collector.url, token)
    # Twice-corrected regs[0] travels once, at its newest revision.
    assert (third.sent, third.accepted, third.updated, third.pending) == (35, 5, 30, 0)
    assert_same_set(db_url, desk)

    client_view = status(desk.db, None)
    assert client_view.local_count == 250 + 5 - 10
    from tracetool.sync.client import CollectorClient

    with CollectorClient(collector.url, token, device=desk.device) as client:
        checked = status(desk.db, client)
    assert checked.matches is True
    assert checked.server is not None and checked.server["count"] == 245


def test_totals_and_the_plan_travel_too(
    collector: CollectorProcess,
    db_url: str,
    tmp_path: Path,
) -> None:
    coordinator = make_token(db_url, "coordinator", 259)
    desk = make_desk(tmp_path / "desk")
    desk.add(10)
    totals = TotalStore(desk.db)
    from datetime import date

    first = Total(259, "TLFIND", "IND", date(2026, 10, 19), date(2026, 10, 25), 4000)
    totals.add(first)
    plan_text = writing.dump_plan(PLAN)
    plan_file = tmp_path / "plan.toml"
    plan_file.write_text(plan_text, encoding="utf-8")
    from tracetool.sync.client import CollectorClient

    with CollectorClient(collector.url, coordinator) as client:
        code, record = client.call("PUT", "/api/v1/plan", content=plan_text.encode())
    assert code == 201 and record["version"] == 1

    summary = sync(desk, collector.url, coordinator)
    assert (summary.sent, summary.accepted, summary.pending) == (11, 11, 0)
    assert summary.plan is not None and "anvendt" in summary.plan
    assert paths.plan_path().read_text(encoding="utf-8") == plan_text
    unchanged = sync(desk, collector.url, coordinator)
    assert unchanged.plan is not None and "uændret" in unchanged.plan

    totals.delete(first.id)
    after = sync(desk, collector.url, coordinator)
    assert (after.sent, after.updated) == (1, 1)
    with CollectorClient(collector.url, coordinator, device=desk.device) as client:
        view = status(desk.db, client)
    assert view.matches is True and view.local_totals == 0


def test_a_collector_killed_mid_batch_and_restarted(
    db_url: str,
    tmp_path: Path,
) -> None:
    token = make_token(db_url, "registrant", 259)
    desk = make_desk(tmp_path / "desk")
    desk.add(1200)
    server = CollectorProcess(db_url, log=tmp_path / "collector.log").start()
    proxy = FaultProxy(server.port)
    killed = threading.Event()

    def kill_once() -> None:
        # The request has reached the collector and no answer has left it: kill it now.
        if proxy.seen.count("pass") == 3 and not killed.is_set():
            killed.set()
            server.kill()

    proxy.on_forwarded = kill_once
    outcome: dict[str, object] = {}

    def run() -> None:
        try:
            outcome["summary"] = sync(desk, proxy.url, token, max_rows=100, give_up_after=30)
        except Exception as exc:  # reported below
            outcome["error"] = exc

    worker = threading.Thread(target=run)
    worker.start()
    try:
        assert killed.wait(60), "the collector was never killed"
        time.sleep(1.0)  # the desk retries against a dead port meanwhile
        server.start()  # same port, same database
        worker.join(120)
        assert "error" not in outcome, outcome.get("error")
        summary = outcome["summary"]
        assert summary.pending == 0  # type: ignore[attr-defined]
        assert_same_set(db_url, desk)
    finally:
        proxy.close()
        server.stop()


def test_several_desks_at_once_through_the_cli(
    collector: CollectorProcess,
    db_url: str,
    tmp_path: Path,
) -> None:
    desks = []
    for k in range(4):
        desk = make_desk(tmp_path / f"desk{k}")
        regs = desk.add(300, unit=("259telefon", "259borgerservice")[k % 2])
        for reg in regs[:15]:
            desk.store.correct(reg.id, count=2)
        for reg in regs[15:20]:
            desk.store.delete(reg.id)
        desks.append(desk)
    token = make_token(db_url, "registrant", 259)
    procs = []
    for desk in desks:
        env = {**os.environ, "TRACETOOL_HOME": str(desk.home)}
        cmd = [
            sys.executable, "-c", "from tracetool.cli.main import run; run()",
            "sync", "--server", collector.url, "--token", token, "--json",
        ]  # fmt: skip
        procs.append(subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE))
    for proc in procs:
        out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err.decode()
        summary = json.loads(out.decode().strip().splitlines()[-1])
        assert summary["pending"] == 0 and summary["accepted"] == 300, summary
    for desk in desks:
        assert desk.pending() == 0
    assert_same_set(db_url, *desks)
    # The token was remembered, owner-only.
    config = desks[0].home / "config.toml"
    assert config.stat().st_mode & 0o777 == 0o600
    assert token in config.read_text()


def test_two_collector_instances_on_one_postgresql(pg_url: str, tmp_path: Path) -> None:
    """Stateless: desks spread over two instances, one desk's data racing through both."""
    token = make_token(pg_url, "registrant", 259)
    desks = [make_desk(tmp_path / f"desk{k}") for k in range(3)]
    for k, desk in enumerate(desks):
        desk.add(400, start=k * 1000)
    # The same rows as desks[0] (a restored backup, say), sent by another route.
    twin = make_desk(tmp_path / "twin")
    desks[0].db.conn.backup(twin.db.conn)
    assert twin.pending() == 400
    with (
        CollectorProcess(pg_url, log=tmp_path / "a.log") as a,
        CollectorProcess(pg_url, log=tmp_path / "b.log") as b,
    ):
        routes = [(desks[0], a), (twin, b), (desks[1], a), (desks[2], b)]
        results: dict[int, object] = {}

        def go(k: int, desk: Desk, server: CollectorProcess) -> None:
            try:
                results[k] = sync(desk, server.url, token, max_rows=50)
            except Exception as exc:
                results[k] = exc

        threads = [threading.Thread(target=go, args=(k, d, s)) for k, (d, s) in enumerate(routes)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(120)
    for k, result in results.items():
        assert not isinstance(result, Exception), (k, result)
    first, second = results[0], results[1]
    # Between them the twins stored each row once: the rest were duplicates.
    assert first.accepted + second.accepted == 400  # type: ignore[attr-defined]
    assert first.duplicates + second.duplicates == 400  # type: ignore[attr-defined]
    assert_same_set(pg_url, *desks)


def test_the_cli_remembers_the_server_and_shows_status(
    collector: CollectorProcess,
    db_url: str,
    tmp_path: Path,
) -> None:
    token = make_token(db_url, "registrant", 259, "259telefon")
    desk = make_desk(paths.home())
    desk.add(12)
    paths.config_path().write_text('[app]\ntheme = "dark"\n', encoding="utf-8")
    from typer.testing import CliRunner

    from tracetool.cli.main import app

    runner = CliRunner()
    first = runner.invoke(app, ["sync", "--server", collector.url, "--token", token])
    assert first.exit_code == 0, first.output
    assert "12 sendt" in first.output and "12 nye" in first.output
    config = paths.config_path().read_text(encoding="utf-8")
    assert config.startswith('[app]\ntheme = "dark"\n') and "[sync]" in config
    desk.add(3, start=100)
    second = runner.invoke(app, ["sync", "--json"])
    assert second.exit_code == 0, second.output
    summary = json.loads(second.stdout.strip().splitlines()[-1])
    assert {k: summary[k] for k in ("sent", "accepted", "duplicates", "updated", "conflicts",
            "invalid", "pending")} == {"sent": 3, "accepted": 3, "duplicates": 0, "updated": 0,
            "conflicts": 0, "invalid": 0, "pending": 0}  # fmt: skip
    shown = runner.invoke(app, ["sync", "status"])
    assert shown.exit_code == 0, shown.output
    assert "Afventer afsendelse: 0" in shown.output and "Stemmer: ja" in shown.output
    as_json = json.loads(runner.invoke(app, ["sync", "status", "--json"]).stdout)
    assert as_json["pending"] == 0 and as_json["matches"] is True
    assert as_json["local"]["count"] == as_json["server"]["count"] == 15
    assert as_json["last_sync_at"]
    local = local_status(desk.db)
    assert local.last_sync_at == as_json["last_sync_at"]
