"""The storage under concurrency, as several stateless collector instances meet it: racing
migrations, racing batches with the same ids, racing corrections. SQLite and PostgreSQL.
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable
from typing import Any

from tests.sync.support import db_url_fixture, pg_url_fixture, registration  # noqa: F401
from tracetool.collector.backends import open_storage
from tracetool.collector.items import normalize_registration
from tracetool.collector.schema import LATEST, MIGRATIONS
from tracetool.collector.storage import ANYWHERE, Scope, SqlStorage
from tracetool.store.registrations import to_row
from tracetool.sync.protocol import ItemResult, checksum


def _rows(n: int, **kw: Any) -> list[tuple[Any, ...]]:
    return [normalize_registration(list(to_row(registration(i, **kw)))) for i in range(n)]


def _race(*jobs: Callable[[], Any]) -> list[Any]:
    """Run the jobs at the same moment on their own threads; their results in order."""
    barrier = threading.Barrier(len(jobs))
    results: list[Any] = [None] * len(jobs)

    def run(k: int) -> None:
        barrier.wait()
        try:
            results[k] = jobs[k]()
        except Exception as exc:
            results[k] = exc

    threads = [threading.Thread(target=run, args=(k,)) for k in range(len(jobs))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    for r in results:
        if isinstance(r, Exception):
            raise r
    return results


def test_instances_starting_together_migrate_once(db_url: str) -> None:
    storages = _race(*[lambda: open_storage(db_url, migrate=False) for _ in range(3)])
    applied = _race(*[s.migrate for s in storages])
    assert sorted(len(a) for a in applied) == [0, 0, len(MIGRATIONS)]
    for s in storages:
        assert s.schema_version() == LATEST
        s.close()


def test_the_same_batch_through_two_instances_is_stored_once(db_url: str) -> None:
    a, b = open_storage(db_url), open_storage(db_url)
    try:
        rows = _rows(400)
        (regs_a, _), (regs_b, _) = _race(
            lambda: a.apply_batch(rows, [], "desk", scope=ANYWHERE),
            lambda: b.apply_batch(rows, [], "desk", scope=ANYWHERE),
        )
        per_id: dict[str, list[str]] = {}
        for result in (*regs_a, *regs_b):
            assert isinstance(result, ItemResult)
            per_id.setdefault(result.id, []).append(result.status)
        assert all(sorted(s) == ["accepted", "duplicate"] for s in per_id.values())
        assert len(per_id) == 400
        receipt = a.receipt(Scope(259))
        assert (receipt.count, receipt.checksum) == checksum((r[0], r[15]) for r in rows)
    finally:
        a.close()
        b.close()


def test_a_correction_racing_its_original_ends_at_the_higher_revision(db_url: str) -> None:
    a, b = open_storage(db_url), open_storage(db_url)
    try:
        first = _rows(200)
        second = [(*r[:6], "STATUS", *r[7:15], 2, *r[16:]) for r in first]
        (one, _), (two, _) = _race(
            lambda: a.apply_batch(first, [], "desk", scope=ANYWHERE),
            lambda: b.apply_batch(second, [], "desk", scope=ANYWHERE),
        )
        seen = Counter(r.status for r in (*one, *two))
        # rev 1 first: accepted + updated; rev 2 first: accepted + conflict (stale rev 1).
        assert seen["accepted"] == 200 and seen["updated"] + seen["conflict"] == 200
        with a._read() as tx:
            held = tx.all("SELECT type, revision FROM registration")
        assert Counter(held) == Counter({("STATUS", 2): 200})
    finally:
        a.close()
        b.close()


def test_many_small_racing_batches(db_url: str) -> None:
    """Overlapping batches in different orders: no deadlock is left unhandled, nothing twice."""
    storages: list[SqlStorage] = [open_storage(db_url) for _ in range(4)]
    try:
        rows = _rows(120)
        jobs = []
        for k, storage in enumerate(storages):
            chunk = rows[k * 20 : k * 20 + 60]
            jobs.append(
                lambda s=storage, c=chunk[::-1] if k % 2 else chunk: s.apply_batch(
                    c, [], "x", scope=ANYWHERE
                )
            )
        results = _race(*jobs)
        statuses = Counter(r.status for regs, _ in results for r in regs)
        assert statuses["accepted"] == 120 and statuses["duplicate"] == 4 * 60 - 120
        assert storages[0].receipt(Scope()).count == 120
    finally:
        for s in storages:
            s.close()


def test_a_copy_that_meets_a_concurrent_insert_is_redone_safely(pg_url: str) -> None:
    """Instance B checks the ids while A's insert is not yet committed, so its fast COPY meets
    A's rows; B must redo the batch with ON CONFLICT and answer duplicate, not fail.
    """
    a, b = open_storage(pg_url), open_storage(pg_url)
    safe_runs: list[bool] = []
    original = b._apply

    def spy(*args: Any, safe: bool) -> Any:
        safe_runs.append(safe)
        return original(*args, safe=safe)

    b._apply = spy  # type: ignore[method-assign, assignment]
    try:
        rows = _rows(50)
        outcome: list[Any] = []
        with a._write() as tx:
            a._apply_registrations(tx, rows, "a", "2026-10-19T00:00:00.000000Z", ANYWHERE, False)
            worker = threading.Thread(
                target=lambda: outcome.append(b.apply_batch(rows, [], "b", scope=ANYWHERE))
            )
            worker.start()
            worker.join(1.0)
            assert worker.is_alive()  # B's COPY waits for A's uncommitted rows
        worker.join(30)
        regs, _ = outcome[0]
        assert {r.status for r in regs} == {"duplicate"}
        assert safe_runs == [False, True]
        assert a.receipt(Scope()).count == 50
    finally:
        a.close()
        b.close()
