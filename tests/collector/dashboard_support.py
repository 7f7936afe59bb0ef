"""Shared pieces for the dashboard tests (no tests here): a collector with pages and tokens,
synthetic data loaded through the batch path (so the rollups are kept by ingest), sign-in."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tracetool.collector import auth, synthetic
from tracetool.collector.app import create_app
from tracetool.collector.backends import open_storage
from tracetool.collector.storage import ANYWHERE, SqlStorage

PERIOD = {"from": "2026-10-19", "to": "2026-11-08"}  # weeks 43–45 2026
START = date(2026, 10, 19)
DAYS = 21


@dataclass
class Dash:
    storage: SqlStorage
    app: Any
    tokens: dict[str, str]
    ids: dict[str, str] = field(default_factory=dict)

    def client(self, who: str | None = None, base_url: str = "http://testserver") -> TestClient:
        """A browser: signed in as ``who`` (a token name) or anonymous."""
        http = TestClient(self.app, base_url=base_url, follow_redirects=False)
        if who is not None:
            r = http.post("/login", data={"token": self.tokens[who], "next": "/overview"})
            assert r.status_code == 303, (r.status_code, r.text[:500])
        return http

    def api(self, who: str | None) -> TestClient:
        headers = {"Authorization": f"Bearer {self.tokens[who]}"} if who else {}
        return TestClient(self.app, headers=headers)


def load(storage: SqlStorage, rows: Iterator[tuple[Any, ...]] | list[tuple[Any, ...]]) -> int:
    """Through the batch path, in batches as desks send them."""
    batch: list[tuple[Any, ...]] = []
    n = 0
    for row in rows:
        batch.append(row)
        if len(batch) >= 2000:
            storage.apply_batch(batch, [], "test", scope=ANYWHERE)
            n += len(batch)
            batch = []
    if batch:
        storage.apply_batch(batch, [], "test", scope=ANYWHERE)
        n += len(batch)
    return n


def make_dash(db_url: str, *, rows: int = 400) -> Dash:
    storage = open_storage(db_url)
    tokens: dict[str, str] = {}
    ids: dict[str, str] = {}
    for name, role, municipality, unit in (
        ("c259", "coordinator", 259, None),
        ("c260", "coordinator", 260, None),
        ("admin", "admin", None, None),
        ("r259", "registrant", 259, None),
    ):
        tokens[name] = auth.new_token()
        ids[name] = storage.create_account(
            auth.hash_token(tokens[name]), role, municipality, unit, name
        ).id
    for number in (259, 260, 101):
        load(storage, synthetic.rows(number, rows, START, DAYS, seed=1, test_share=0.05))
    return Dash(storage, create_app(storage), tokens, ids)


@pytest.fixture(name="dash")
def dash_fixture(db_url: str) -> Iterator[Dash]:
    made = make_dash(db_url)
    try:
        yield made
    finally:
        made.storage.close()


_NUM = re.compile(r"[^\d,.\-]")


def danish_number(text: str) -> float:
    """``12.345`` → 12345, ``64,0 %`` → 64.0 (as the pages print numbers in Danish)."""
    cleaned = _NUM.sub("", text).replace(".", "").replace(",", ".")
    return float(cleaned)
