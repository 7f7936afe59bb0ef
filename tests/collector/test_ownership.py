"""Attacks on ownership, over HTTP against a real collector process, on SQLite and PostgreSQL.

The rule: an id belongs to the scope that first stored it. A correction, deletion or resend is
accepted only when the *stored* row is inside the token's scope, and no correction moves a row
to another municipality or unit. Every role × own unit / other unit / other municipality ×
insert / correct / delete × registrations / totals; after each attempt the database itself
(read directly, not through the API) says whether anything changed.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.sync.support import (  # noqa: F401
    db_url_fixture,
    pg_url_fixture,
    registration,
    total,
)
from tracetool.collector import transfer
from tracetool.collector.backends import open_storage
from tracetool.collector.items import normalize_registration, normalize_total
from tracetool.collector.process import CollectorProcess, make_token
from tracetool.collector.storage import ANYWHERE, Scope
from tracetool.store.registrations import COLUMNS, to_row
from tracetool.store.totals import COLUMNS as TOTAL_COLUMNS

API = "/api/v1"

# name → (role, municipality, unit) of the token
ROLES: dict[str, tuple[str, int | None, str | None]] = {
    "r259u": ("registrant", 259, "259telefon"),
    "r259": ("registrant", 259, None),
    "c259": ("coordinator", 259, None),
    "admin": ("admin", None, None),
}
# target → (municipality, unit) of the row that is already stored
TARGETS: dict[str, tuple[int, str]] = {
    "own-unit": (259, "259telefon"),
    "other-unit": (259, "259borgerservice"),
    "other-municipality": (260, "260telefon"),
}
HOME = (259, "259telefon")  # what an attacker of 259 claims when the target is not its own


def inside(role: str, target: str) -> bool:
    kind, municipality, unit = ROLES[role]
    where, where_unit = TARGETS[target]
    if kind == "admin":
        return True
    return where == municipality and (unit is None or unit == where_unit)


@dataclass
class Collector:
    url: str
    db_url: str
    tokens: dict[str, str]

    def post(self, who: str, path: str, body: dict[str, Any]) -> httpx.Response:
        headers = {"Authorization": f"Bearer {self.tokens[who]}"}
        return httpx.post(f"{self.url}{API}{path}", json=body, headers=headers, timeout=30)

    def row(self, table: str, row_id: str) -> tuple[Any, ...] | None:
        cols = ", ".join(COLUMNS if table == "registration" else TOTAL_COLUMNS)
        sql = f"SELECT {cols} FROM {table} WHERE id = ?"
        if self.db_url.startswith("sqlite:///"):
            conn = sqlite3.connect(self.db_url.removeprefix("sqlite:///"))
            try:
                found = conn.execute(sql, [row_id]).fetchone()
            finally:
                conn.close()
        else:
            import psycopg

            with psycopg.connect(self.db_url) as pg:
                found = pg.execute(sql.replace("?", "%s"), [row_id]).fetchone()
        return tuple(found) if found else None


@pytest.fixture
def collector(db_url: str, tmp_path: Path) -> Iterator[Collector]:
    tokens = {name: make_token(db_url, *spec) for name, spec in ROLES.items()}
    with CollectorProcess(db_url, log=tmp_path / "collector.log") as server:
        yield Collector(server.url, db_url, tokens)


def _registration(n: int, municipality: int, unit: str, **kw: Any) -> dict[str, Any]:
    row = dict(
        zip(COLUMNS, to_row(registration(n, municipality=municipality, unit=unit)), strict=True)
    )
    return {**row, **kw}


def _send(c: Collector, who: str, entity: str, item: dict[str, Any]) -> httpx.Response:
    if entity == "registration":
        body = {"registrations": {"columns": list(COLUMNS), "rows": [list(item.values())]}}
        return c.post(who, "/batch", body)
    return c.post(who, "/totals", {"totals": [item]})


def _answer(response: httpx.Response, entity: str) -> dict[str, Any] | None:
    if response.status_code != 200:
        return None
    items: list[dict[str, Any]] = response.json()[
        "registrations" if entity == "registration" else "totals"
    ]
    return items[0]


def _attempt(c: Collector, who: str, target: str, op: str, entity: str, n: int) -> str | None:
    """One attack; None when the collector did the right thing, else what went wrong."""
    municipality, unit = TARGETS[target]
    table = "registration" if entity == "registration" else "total"
    original = (
        _registration(n, municipality, unit)
        if entity == "registration"
        else total(n, municipality, unit=unit)
    )
    may_write = entity == "registration" or ROLES[who][0] != "registrant"
    allowed = inside(who, target) and may_write
    if op == "insert":
        response = _send(c, who, entity, original)
        stored = c.row(table, original["id"])
        if allowed:
            answer = _answer(response, entity)
            ok = answer is not None and answer["status"] == "accepted" and stored is not None
        else:
            ok = response.status_code == 403 and stored is None
        return None if ok else f"{response.status_code} {response.text[:200]} stored={stored}"
    seeded = _answer(_send(c, "admin", entity, original), entity)
    assert seeded is not None and seeded["status"] == "accepted", seeded
    before = c.row(table, original["id"])
    change = {"revision": 2}
    if op == "delete":
        change["deleted"] = 1 if entity == "registration" else True
    elif entity == "registration":
        change["count"] = 7
    else:
        change["count"] = 999
    if not inside(who, target):
        # The attack: the stored row's id with the attacker's own municipality and unit.
        change |= dict(zip(("municipality", "unit"), HOME, strict=True))
    response = _send(c, who, entity, original | change)
    after = c.row(table, original["id"])
    answer = _answer(response, entity)
    if allowed:
        ok = answer is not None and answer["status"] == "updated" and after != before
        assert after is None or (after[1], after[2]) == (municipality, unit)
    elif not may_write:
        ok = response.status_code == 403 and after == before
    else:
        ok = (
            answer is not None
            and answer["status"] == "conflict"
            and bool(answer.get("reason"))
            and after == before
        )
    return (
        None
        if ok
        else f"{response.status_code} {response.text[:200]} before={before} after={after}"
    )


def test_no_token_changes_a_row_or_total_outside_its_scope(collector: Collector) -> None:
    failures = []
    n = 0
    for entity in ("registration", "total"):
        for who in ROLES:
            for target in TARGETS:
                for op in ("insert", "correct", "delete"):
                    n += 1
                    wrong = _attempt(collector, who, target, op, entity, n)
                    if wrong:
                        failures.append(f"{entity} {op} by {who} on {target}: {wrong}")
    assert n == 72
    assert not failures, f"{len(failures)} of {n} attacks succeeded:\n" + "\n".join(failures)


@pytest.mark.parametrize(
    ("who", "start", "to"),
    [
        ("c259", (259, "259telefon"), (259, "259borgerservice")),
        ("r259", (259, "259telefon"), (259, "259borgerservice")),
        ("admin", (259, "259telefon"), (260, "260telefon")),
    ],
)
def test_a_correction_never_moves_a_row(
    collector: Collector, who: str, start: tuple[int, str], to: tuple[int, str]
) -> None:
    """Even inside the token's scope, a row keeps the municipality and unit it was stored with."""
    for entity, table in (("registration", "registration"), ("total", "total")):
        if entity == "total" and who == "r259":
            continue
        original = (
            _registration(500, *start)
            if entity == "registration"
            else total(500, start[0], unit=start[1])
        )
        seeded = _answer(_send(collector, "admin", entity, original), entity)
        assert seeded is not None and seeded["status"] == "accepted"
        before = collector.row(table, original["id"])
        moved = original | dict(zip(("municipality", "unit"), to, strict=True)) | {"revision": 2}
        answer = _answer(_send(collector, who, entity, moved), entity)
        assert answer is not None and answer["status"] == "conflict", answer
        assert "municipality" in answer["reason"] or "unit" in answer["reason"]
        assert collector.row(table, original["id"]) == before


def test_the_pages_writes_go_through_the_same_rule(db_url: str) -> None:
    """The pages' upload and delete store through ``apply_batch`` with the page's municipality
    as the scope, so they refuse what the API refuses."""
    storage = open_storage(db_url)
    try:
        theirs = total(900, 260)
        kept = normalize_total(theirs)
        reg = normalize_registration(list(_registration(900, 260, "260telefon").values()))
        storage.apply_batch([reg], [kept], "desk", scope=ANYWHERE)
        # A page of 259 deleting 260's total: not reported as done, and nothing changes.
        assert not transfer.delete_total(storage, 259, theirs["id"], origin="web:x")
        assert transfer.stored_totals(storage, 260)[0][0] == theirs["id"]
        claimed = (reg[0], 259, "259telefon", *reg[3:15], 2, *reg[16:])
        moved = normalize_total(theirs | {"municipality": 259, "revision": 2})
        regs, tots = storage.apply_batch([claimed], [moved], "web:x", scope=Scope(259))
        assert [r.status for r in (*regs, *tots)] == ["conflict", "conflict"]
        assert all(r.reason for r in (*regs, *tots))
        with storage._read() as tx:
            assert tx.one("SELECT municipality, revision FROM registration") == (260, 1)
            assert tx.one("SELECT municipality, revision FROM total") == (260, 1)
    finally:
        storage.close()
