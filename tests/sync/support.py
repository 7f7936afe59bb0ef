"""Shared pieces for the collector and sync tests (no tests here).

- ``pg_url``: a fresh PostgreSQL database per test (CREATE DATABASE with a random name, dropped
  when the run ends); skipped when no server answers, failed instead when TRACETOOL_REQUIRE_PG=1.
- ``db_url``: the same test on SQLite and on PostgreSQL.
- desk stores with registrations, corrections and deletions, and the sets to compare.
- ``FaultProxy``: a loopback HTTP proxy that drops, delays, cuts, loses, repeats and answers
  503/429 on a schedule.
"""

from __future__ import annotations

import atexit
import contextlib
import functools
import os
import socket
import sqlite3
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import pytest
from sqlite_utils import Database

from tracetool.model import Registration
from tracetool.store import settings
from tracetool.store.db import open_database
from tracetool.store.registrations import COLUMNS, RegistrationStore
from tracetool.sync.client import CollectorClient
from tracetool.sync.engine import Summary, Syncer, SyncFailed

PG_ADMIN_URL = os.environ.get("TRACETOOL_PG_URL", "postgresql://postgres@127.0.0.1:5432/postgres")


def with_dbname(url: str, name: str) -> str:
    return urlunsplit(urlsplit(url)._replace(path="/" + name))


@functools.cache
def _pg_unavailable() -> str | None:
    try:
        import psycopg

        with psycopg.connect(PG_ADMIN_URL, connect_timeout=3, autocommit=True) as conn:
            conn.execute("SELECT 1")
    except Exception as exc:
        return f"no PostgreSQL at {urlsplit(PG_ADMIN_URL).netloc}: {exc}".strip()
    return None


_CREATED: list[str] = []


def _drop_all() -> None:
    # DROP DATABASE forces a checkpoint each time; one round at the end is far cheaper than a
    # checkpoint after every test, and the databases are never reused in between.
    if not _CREATED:
        return
    import psycopg

    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
        for name in _CREATED:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    _CREATED.clear()


@contextlib.contextmanager
def _fresh_pg() -> Iterator[str]:
    """A database of its own (dropped when the test run ends)."""
    problem = _pg_unavailable()
    if problem:
        if os.environ.get("TRACETOOL_REQUIRE_PG") == "1":
            pytest.fail(f"TRACETOOL_REQUIRE_PG=1 but {problem}")
        pytest.skip(problem)
    import psycopg

    name = "tt_test_" + uuid.uuid4().hex[:12]
    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    if not _CREATED:
        atexit.register(_drop_all)
    _CREATED.append(name)
    yield with_dbname(PG_ADMIN_URL, name)
    # The collector processes and pools of this test are closed by now; end any stragglers
    # so that nothing of this test touches the next.
    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
        conn.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s", [name]
        )


@pytest.fixture(name="pg_url")
def pg_url_fixture() -> Iterator[str]:
    """A database of its own for this test (dropped when the test run ends)."""
    with _fresh_pg() as url:
        yield url


@pytest.fixture(name="module_db_url", params=["sqlite", "pg"], scope="module")
def module_db_url_fixture(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """``db_url`` shared by a module's tests (one collector for many read-only attacks)."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path_factory.mktemp('collector') / 'collector.db'}"
        return
    with _fresh_pg() as url:
        yield url


@pytest.fixture(name="db_url", params=["sqlite", "pg"])
def db_url_fixture(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'collector.db'}"
    return str(request.getfixturevalue("pg_url"))


# -- desks -----------------------------------------------------------------------------------

T0 = datetime(2026, 10, 19, 7, 0, tzinfo=UTC)
CHANNELS = (("TLFIND", "IND", None), ("PRSNLG", "IND", "NEJ"), ("EMLUD", "UD", "JA"))


def registration(
    i: int, *, unit: str = "259telefon", municipality: int = 259, **kw: Any
) -> Registration:
    channel, direction, form = CHANNELS[i % len(CHANNELS)]
    base = Registration(
        municipality=municipality,
        unit=unit,
        direction=direction,
        channel=channel,
        task=("23.05.10", "05.07.00", "29.03.99")[i % 3],
        type=("VEJL", "INFO", "OPRET")[i % 3],
        closing="STRAKS" if i % 2 else "HOLD",
        form=form,
        saved_at=T0 + timedelta(minutes=i),
        started_at=T0 + timedelta(minutes=i, seconds=-30),
        answers={"koen": "K"} if i % 7 == 0 else {},
        test_mode=i % 11 == 0,
        count=4 if i % 13 == 0 else 1,
    )
    return base.but(**kw)


def total(i: int = 1, municipality: int = 259, **kw: Any) -> dict[str, Any]:
    base = {
        "id": f"019a0000-0000-7000-8000-{i:012d}",
        "municipality": municipality,
        "unit": "",
        "channel": "TLFIND",
        "direction": "IND",
        "from_date": "2026-10-19",
        "to_date": "2026-10-25",
        "count": 1200,
        "source": "cli",
        "created_at": "2026-10-26T08:00:00.000000Z",
        "revision": 1,
        "deleted": False,
    }
    return {**base, **kw}


@dataclass
class Desk:
    """A desk's own store in its own folder (as on a separate PC)."""

    home: Path
    db: Database

    @property
    def device(self) -> str:
        return settings.device_id(self.db)

    @property
    def store(self) -> RegistrationStore:
        return RegistrationStore(self.db)

    def add(self, n: int, start: int = 0, **kw: Any) -> list[Registration]:
        regs = [registration(i, device=self.device, **kw) for i in range(start, start + n)]
        self.store.save_many(regs)
        return regs

    def held(self) -> dict[str, tuple[Any, ...]]:
        """id → current row (store column order), tombstones included."""
        return {
            r[0]: tuple(r)
            for r in self.db.execute(f"SELECT {', '.join(COLUMNS)} FROM registration")
        }

    def pending(self) -> int:
        return int(self.db.execute("SELECT COUNT(*) FROM outbox").fetchone()[0])

    def close(self) -> None:
        self.db.close()


def make_desk(folder: Path) -> Desk:
    folder.mkdir(parents=True, exist_ok=True)
    return Desk(folder, open_database(folder / "tracetool.db"))


def server_rows(db_url: str, origin: str | None = None) -> dict[str, tuple[Any, ...]]:
    """id → row (store column order) as the collector holds it, read from its database."""
    where = " WHERE origin = ?" if origin else ""
    sql = f"SELECT {', '.join(COLUMNS)} FROM registration{where}"
    params = [origin] if origin else []
    if db_url.startswith("sqlite:///"):
        conn = sqlite3.connect(db_url.removeprefix("sqlite:///"))
        try:
            return {r[0]: tuple(r) for r in conn.execute(sql, params)}
        finally:
            conn.close()
    import psycopg

    with psycopg.connect(db_url) as pg:
        return {r[0]: tuple(r) for r in pg.execute(sql.replace("?", "%s"), params)}


def sync(
    desk: Desk,
    server: str,
    token: str,
    *,
    give_up_after: float = 20.0,
    max_rows: int | None = None,
    depth: int = 2,
    use_gzip: bool | None = None,
) -> Summary:
    client = CollectorClient(
        server,
        token,
        device=desk.device,
        give_up_after=give_up_after,
        request_timeout=5.0,
        wait_initial=0.02,
        wait_max=0.3,
        wait_jitter=0.05,
    )
    try:
        return Syncer(desk.db, client, max_rows=max_rows, depth=depth, use_gzip=use_gzip).run()
    finally:
        client.close()


def sync_until_done(desk: Desk, server: str, token: str, tries: int = 20, **kw: Any) -> Summary:
    """Sync again after each failure (as staff would), until the outbox is empty."""
    last: Exception | None = None
    for _ in range(tries):
        try:
            summary = sync(desk, server, token, **kw)
        except SyncFailed as exc:
            last = exc
            continue
        if summary.pending == 0:
            return summary
    raise AssertionError(f"still pending after {tries} syncs: {last}")


# -- the fault proxy -------------------------------------------------------------------------

# A fault is (kind, argument): pass, drop, delay s, cut, lose, repeat, twice, status code.
Fault = tuple[str, float]


def _read_request(conn: socket.socket) -> bytes | None:
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = conn.recv(65536)
        if not chunk:
            return None
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    length = 0
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value.strip())
    while len(body) < length:
        chunk = conn.recv(65536)
        if not chunk:
            return None
        body += chunk
    # One request per upstream connection: the response then ends where the stream ends.
    lines = [ln for ln in head.split(b"\r\n") if not ln.lower().startswith(b"connection:")]
    return b"\r\n".join([*lines, b"Connection: close"]) + b"\r\n\r\n" + body


class FaultProxy:
    """HTTP on loopback between a desk and the collector, misbehaving on a schedule.

    Each request takes the next fault of the schedule (then "pass" once it is used up):

    - drop: close the connection before the request reaches the collector;
    - delay s: wait s seconds, then forward;
    - cut: forward, then return only the first half of the response and close;
    - lose: forward (the collector applies it), close without any answer;
    - repeat: forward the request twice, one after the other, answer with the second;
    - twice: forward two copies at the same moment (two racing transactions);
    - status c: answer c (503 or 429, Retry-After 0) without forwarding.
    """

    def __init__(self, upstream_port: int, schedule: list[Fault] | None = None) -> None:
        self.upstream_port = upstream_port
        self.schedule = list(schedule or [])
        self.seen: list[str] = []
        self.on_forwarded: Callable[[], None] | None = None
        self._lock = threading.Lock()
        self._sock = socket.create_server(("127.0.0.1", 0))
        self._sock.settimeout(0.2)
        self.port = self._sock.getsockname()[1]
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def close(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)
        self._sock.close()

    def _next(self) -> Fault:
        with self._lock:
            fault = self.schedule.pop(0) if self.schedule else ("pass", 0.0)
            self.seen.append(fault[0])
            return fault

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self._sock.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            threading.Thread(target=self._handle, args=(conn,), daemon=True).start()

    def _upstream(self, request: bytes) -> bytes:
        with socket.create_connection(("127.0.0.1", self.upstream_port), timeout=30) as up:
            up.sendall(request)
            if self.on_forwarded is not None:
                self.on_forwarded()
            chunks = []
            while chunk := up.recv(65536):
                chunks.append(chunk)
        return b"".join(chunks)

    def _handle(self, conn: socket.socket) -> None:
        conn.settimeout(30)
        try:
            request = _read_request(conn)
            if request is None:
                return
            kind, arg = self._next()
            if kind == "drop":
                return
            if kind == "status":
                code = int(arg)
                reason = {503: "Service Unavailable", 429: "Too Many Requests"}.get(code, "Error")
                body = b'{"error":"injected","message":"injected fault","besked":"indsat fejl"}'
                head = (
                    f"HTTP/1.1 {code} {reason}\r\nContent-Type: application/json\r\n"
                    f"Retry-After: 0\r\nContent-Length: {len(body)}\r\n"
                    "Connection: close\r\n\r\n"
                )
                conn.sendall(head.encode() + body)
                return
            if kind == "delay":
                time.sleep(arg)
            if kind == "twice":
                answers: list[bytes] = []
                racer = threading.Thread(target=lambda: answers.append(self._upstream(request)))
                racer.start()
                response = self._upstream(request)
                racer.join()
            else:
                response = self._upstream(request)
                if kind == "repeat":
                    response = self._upstream(request)
            if kind == "lose":
                return
            if kind == "cut":
                conn.sendall(response[: max(1, len(response) // 2)])
                return
            conn.sendall(response)
        except OSError:
            pass
        finally:
            with contextlib.suppress(OSError):
                conn.shutdown(socket.SHUT_RDWR)
            conn.close()
