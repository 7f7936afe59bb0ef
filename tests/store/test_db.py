"""Several processes opening one new store file at once: every one of them gets in and saves.

Real processes, not threads: the lock SQLite takes to switch a new file to WAL, and the race on
creating the schema, are between processes (connections) on one file.
"""

from __future__ import annotations

import multiprocessing
import sqlite3
from multiprocessing.queues import Queue
from multiprocessing.synchronize import Barrier
from pathlib import Path

import pytest

from tests.helpers import reg
from tracetool.store.db import open_database
from tracetool.store.registrations import Query, RegistrationStore
from tracetool.store.wal import switch_to_wal

PROCESSES = 6
ROUNDS = 3


def _open_and_save(path: str, n: int, start: Barrier, results: Queue[tuple[int, str]]) -> None:
    try:
        start.wait(timeout=60)  # all processes reach open_database together
        db = open_database(Path(path))
        try:
            RegistrationStore(db).save(reg(device=f"desk{n}"))
        finally:
            db.close()
    except BaseException as exc:  # reported to the test, which names it
        results.put((n, f"{type(exc).__name__}: {exc}"))
        return
    results.put((n, "ok"))


def _race(path: Path) -> dict[int, str]:
    ctx = multiprocessing.get_context("spawn")
    start = ctx.Barrier(PROCESSES)
    results: Queue[tuple[int, str]] = ctx.Queue()
    procs = [
        ctx.Process(target=_open_and_save, args=(str(path), n, start, results))
        for n in range(PROCESSES)
    ]
    for proc in procs:
        proc.start()
    outcome = dict(results.get(timeout=120) for _ in procs)
    for proc in procs:
        proc.join(timeout=60)
    return outcome


@pytest.mark.parametrize("round_", range(ROUNDS))
def test_processes_opening_a_new_file_together_all_save(tmp_path: Path, round_: int) -> None:
    path = tmp_path / f"new-{round_}.db"
    outcome = _race(path)
    assert outcome == {n: "ok" for n in range(PROCESSES)}
    db = open_database(path)
    try:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        devices = {r.device for r in RegistrationStore(db).query(Query(include_test=True))}
        assert devices == {f"desk{n}" for n in range(PROCESSES)}
        names = [r[0] for r in db.execute("SELECT name FROM _sqlite_migrations")]
        assert len(names) == len(set(names))  # each migration ran once
    finally:
        db.close()


def test_the_wal_switch_waits_for_a_lock_then_gives_up(tmp_path: Path) -> None:
    """Held past the bound, the switch fails with SQLite's own error; released, it succeeds."""
    path = tmp_path / "locked.db"
    holder = sqlite3.connect(str(path), isolation_level=None)
    holder.execute("CREATE TABLE t (x)")
    holder.execute("BEGIN EXCLUSIVE")
    other = sqlite3.connect(str(path), timeout=0)
    try:
        with pytest.raises(sqlite3.OperationalError, match="locked"):
            switch_to_wal(other, within=0.2)
        holder.execute("COMMIT")
        switch_to_wal(other, within=0.2)
        assert other.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    finally:
        other.close()
        holder.close()
