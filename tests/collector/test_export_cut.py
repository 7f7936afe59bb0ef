"""An export that fails after streaming started ends as an error, never as a short file that
looks complete: a real collector on PostgreSQL whose export connection is cut mid-stream."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import httpx
import psycopg
import pytest

from tests.collector.dashboard_support import load
from tests.sync.support import pg_url_fixture  # noqa: F401
from tracetool.collector import synthetic
from tracetool.collector.backends import open_storage
from tracetool.collector.process import CollectorProcess, make_token


def test_an_export_cut_mid_stream_ends_as_an_error(pg_url: str, tmp_path: Path) -> None:
    storage = open_storage(pg_url)
    try:
        held = load(storage, synthetic.rows(259, 30_000, date(2026, 10, 19), 14, seed=3))
    finally:
        storage.close()
    token = make_token(pg_url, "coordinator", 259)
    lines: list[bytes] = []
    with CollectorProcess(pg_url, log=tmp_path / "collector.log") as server:
        headers = {"Authorization": f"Bearer {token}"}
        with (
            httpx.Client(base_url=server.url, timeout=30) as http,
            http.stream("GET", "/api/v1/export", headers=headers) as response,
        ):
            assert response.status_code == 200
            chunks = response.iter_bytes()
            lines += next(chunks).splitlines()
            with psycopg.connect(pg_url, autocommit=True) as admin:
                admin.execute(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                    " WHERE datname = current_database() AND pid <> pg_backend_pid()"
                )
            with pytest.raises(httpx.HTTPError):
                for chunk in chunks:
                    lines += chunk.splitlines()
    assert len(lines) < held
    last = json.loads(lines[-1])
    assert last["error"] == "export_failed" and last["message"] and last["besked"]
