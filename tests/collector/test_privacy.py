"""Small things of the API side: no answer under /api/ is kept by a cache, and the SQLite
collector file is created private (0600), against a real collector process."""

from __future__ import annotations

import stat
from pathlib import Path

import httpx

from tracetool.collector.process import CollectorProcess, make_token


def test_api_answers_say_no_store_and_the_sqlite_file_is_private(tmp_path: Path) -> None:
    db = tmp_path / "collector.db"
    db_url = f"sqlite:///{db}"
    token = make_token(db_url, "coordinator", 259)
    with (
        CollectorProcess(db_url, log=tmp_path / "collector.log") as server,
        httpx.Client(base_url=server.url, timeout=30) as http,
    ):
        auth = {"Authorization": f"Bearer {token}"}
        answers = [
            http.get("/api/v1/whoami", headers=auth),
            http.get("/api/v1/receipt", headers=auth),
            http.get("/api/v1/tokens", headers=auth),
            http.get("/api/v1/export", headers=auth),
            http.post("/api/v1/tokens", headers=auth, json={"role": "registrant"}),
            http.get("/api/v1/whoami"),  # a refusal too
            http.get("/api/v1/health"),
        ]
        for response in answers:
            assert response.headers.get("cache-control") == "no-store", (
                response.request.url,
                response.status_code,
            )
        for path in (db, db.with_name(db.name + "-wal")):
            assert stat.S_IMODE(path.stat().st_mode) == 0o600, (path, oct(path.stat().st_mode))
