"""No loss, no duplicate, ever: hypothesis draws fault schedules for a proxy between a desk and a
real collector (drops, delays, half responses, lost responses, repeated and racing requests,
503/429), while the desk registers, corrects and deletes between syncs.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.sync.support import (  # noqa: F401
    Desk,
    Fault,
    FaultProxy,
    db_url_fixture,
    make_desk,
    pg_url_fixture,
    server_rows,
    sync,
)
from tracetool.collector.process import CollectorProcess, make_token
from tracetool.sync.client import CollectorClient
from tracetool.sync.engine import SyncFailed, status

pytestmark = pytest.mark.slow

faults: st.SearchStrategy[Fault] = st.one_of(
    st.just(("pass", 0.0)),
    st.just(("drop", 0.0)),
    st.tuples(st.just("delay"), st.floats(0.01, 0.4)),
    st.just(("cut", 0.0)),
    st.just(("lose", 0.0)),
    st.just(("repeat", 0.0)),
    st.just(("twice", 0.0)),
    st.tuples(st.just("status"), st.sampled_from([503.0, 429.0])),
)

# What the desk does between syncs: add n, correct the k-th, delete the k-th.
actions = st.lists(
    st.one_of(
        st.tuples(st.just("add"), st.integers(1, 25)),
        st.tuples(st.just("correct"), st.integers(0, 200)),
        st.tuples(st.just("delete"), st.integers(0, 200)),
        st.tuples(st.just("sync"), st.just(0)),
    ),
    min_size=1,
    max_size=8,
)


@pytest.fixture
def served(db_url: str, tmp_path: Path) -> Iterator[tuple[CollectorProcess, str, str]]:
    token = make_token(db_url, "registrant", 259)
    with CollectorProcess(db_url, log=tmp_path / "collector.log") as server:
        yield server, token, db_url


def _act(desk: Desk, action: tuple[str, int], counter: list[int]) -> None:
    kind, n = action
    if kind == "add":
        desk.add(n, start=counter[0])
        counter[0] += n
        return
    live = [r for r in desk.store.query(None) if not r.deleted] if kind != "sync" else []
    if not live:
        return
    target = live[n % len(live)]
    if kind == "correct":
        desk.store.correct(target.id, count=target.count + 1)
    elif kind == "delete":
        desk.store.delete(target.id)


@settings(
    max_examples=18,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(schedule=st.lists(faults, max_size=14), plan=actions)
def test_no_loss_no_duplicate_whatever_the_network_does(
    served: tuple[CollectorProcess, str, str], schedule: list[Fault], plan: list[tuple[str, int]]
) -> None:
    server, token, url = served
    proxy = FaultProxy(server.port, schedule)
    with tempfile.TemporaryDirectory() as folder:
        desk = make_desk(Path(folder) / "desk")
        try:
            counter = [0]
            desk.add(12)
            counter[0] = 12
            for action in [*plan, ("sync", 0)]:
                _act(desk, action, counter)
                if action[0] == "sync":
                    try:
                        # Small batches: many requests, so the schedule meets the data.
                        sync(desk, proxy.url, token, max_rows=5, give_up_after=3.0)
                    except SyncFailed as exc:
                        assert exc.kind == "gave_up", exc
            # Staff sync again until it goes through; the network is calm by then.
            for _ in range(10):
                try:
                    if sync(desk, proxy.url, token, give_up_after=3.0).pending == 0:
                        break
                except SyncFailed:
                    continue
            assert desk.pending() == 0
            mine = desk.held()
            held = server_rows(url, origin=desk.device)
            assert held == mine  # the same ids, revisions and content: nothing lost, nothing extra
            with CollectorClient(server.url, token, device=desk.device) as client:
                assert status(desk.db, client).matches is True
        finally:
            desk.close()
            proxy.close()
