"""PostgreSQL going away under a running collector (a real process, a real database behind a
TCP relay the test cuts): requests fail fast with 503 and Retry-After, health says so at once,
endpoints that need no database keep answering, and all is well again when it returns."""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import pytest

from tests.sync.support import pg_url_fixture  # noqa: F401
from tracetool.collector.process import CollectorProcess, free_port, make_token

FAST = 6.0  # seconds: "a few", where the pool used to wait 30


class Relay:
    """127.0.0.1:port → the database; ``down()`` closes every connection and refuses new ones,
    as a stopped or restarted PostgreSQL does; ``up()`` listens again on the same port."""

    def __init__(self, upstream: tuple[str, int]) -> None:
        self.upstream = upstream
        self.port = free_port()
        self.open: list[socket.socket] = []
        self.lock = threading.Lock()
        self.listener: socket.socket | None = None
        self.up()

    def up(self) -> None:
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(64)
        self.listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()

    def down(self) -> None:
        if self.listener is not None:
            # shutdown first: on Linux a bare close() leaves a blocked accept() listening.
            with contextlib.suppress(OSError):
                self.listener.shutdown(socket.SHUT_RDWR)
            self.listener.close()
            self.listener = None
        with self.lock:
            for conn in self.open:
                with contextlib.suppress(OSError):
                    conn.shutdown(socket.SHUT_RDWR)
                conn.close()
            self.open.clear()

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return
            server = socket.create_connection(self.upstream)
            with self.lock:
                self.open += [client, server]
            for a, b in ((client, server), (server, client)):
                threading.Thread(target=self._pump, args=(a, b), daemon=True).start()

    @staticmethod
    def _pump(src: socket.socket, dst: socket.socket) -> None:
        with contextlib.suppress(OSError):
            while data := src.recv(65536):
                dst.sendall(data)
        with contextlib.suppress(OSError):
            dst.shutdown(socket.SHUT_WR)


@pytest.fixture
def relayed(pg_url: str) -> Iterator[tuple[str, Relay]]:
    parts = urlsplit(pg_url)
    relay = Relay((parts.hostname or "127.0.0.1", parts.port or 5432))
    netloc = (
        f"{parts.username}@127.0.0.1:{relay.port}" if parts.username else f"127.0.0.1:{relay.port}"
    )
    yield parts._replace(netloc=netloc).geturl(), relay
    relay.down()


def _timed(http: httpx.Client, path: str, token: str | None = None) -> tuple[httpx.Response, float]:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    start = time.monotonic()
    response = http.get(path, headers=headers)
    return response, time.monotonic() - start


def test_the_database_going_away_is_a_fast_503(relayed: tuple[str, Relay], tmp_path: Path) -> None:
    url, relay = relayed
    token = make_token(url, "coordinator", 259)
    with (
        CollectorProcess(url, log=tmp_path / "collector.log") as server,
        httpx.Client(base_url=server.url, timeout=60) as http,
    ):
        assert http.get("/api/v1/health").json()["status"] == "ok"
        assert _timed(http, "/api/v1/whoami", token)[0].status_code == 200
        relay.down()
        for path, who in (("/api/v1/health", None), ("/api/v1/whoami", token),
                          ("/api/v1/receipt", token), ("/api/v1/health", None)):  # fmt: skip
            response, took = _timed(http, path, who)
            assert response.status_code == 503, (path, response.status_code, response.text)
            assert took < FAST, (path, took)
            assert int(response.headers["retry-after"]) >= 1
            body = response.json()
            assert body["error"] == "unavailable" and body["message"] and body["besked"]
        response, took = _timed(http, "/api/v1/limits")
        assert response.status_code == 200 and took < 1.0
        assert http.get("/openapi.json").status_code == 200
        relay.up()
        deadline = time.monotonic() + 20
        while http.get("/api/v1/health").status_code != 200:
            assert time.monotonic() < deadline, "the collector did not recover"
            time.sleep(0.2)
        assert _timed(http, "/api/v1/whoami", token)[0].status_code == 200
