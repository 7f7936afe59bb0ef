"""The store's migrations on new stores and on stores made by earlier versions of tracetool."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlite_utils import Database

from tracetool.store import migrations, syncstate
from tracetool.store.db import open_database

# What the sync created on first use before the table became migration m007 (a copy, not an
# import: it must stay what old stores hold).
_OLD_REJECTION_DDL = """CREATE TABLE IF NOT EXISTS sync_rejection (
    entity TEXT NOT NULL,
    entity_id TEXT NOT NULL,
    revision INTEGER,
    status TEXT NOT NULL,
    reason TEXT,
    at TEXT NOT NULL,
    PRIMARY KEY (entity, entity_id)
)"""
_M007 = "m007_sync_rejection"


def _applied(db: Database) -> list[str]:
    return [r[0] for r in db.execute("SELECT name FROM _sqlite_migrations ORDER BY id")]


def _columns(db: Database) -> list[tuple[str, str, int, int]]:
    """(name, type, not null, position in the primary key) of sync_rejection."""
    return [(r[1], r[2], r[3], r[5]) for r in db.execute("PRAGMA table_info(sync_rejection)")]


def _old_store(path: Path, *, synced: bool) -> None:
    """A store as the previous version left it: migrations up to m006, and the sync's own
    table with a refusal in it if it ever synced."""
    conn = sqlite3.connect(str(path))
    db = Database(conn)
    migrations.migrations.apply(db, stop_before=_M007)
    if synced:
        db.execute(_OLD_REJECTION_DDL)
        db.execute(
            "INSERT INTO sync_rejection (entity, entity_id, revision, status, reason, at)"
            " VALUES ('registration', 'r1', 1, 'invalid', 'ukendt kanal FAXIND',"
            " '2026-10-20T08:00:00.000000Z')"
        )
        conn.commit()
    conn.close()


def test_a_new_store_has_the_table_through_its_migration(tmp_path: Path) -> None:
    db = open_database(tmp_path / "new.db")
    try:
        assert _applied(db).count(_M007) == 1
        applied = _applied(db)
        assert applied[applied.index(_M007) - 1] == "m006_report_index"  # in its place
        assert applied[-1] == "m009_local_tasks"
        assert [c[0] for c in _columns(db)] == [
            "entity", "entity_id", "revision", "status", "reason", "at"
        ]  # fmt: skip
        assert syncstate.rejections(db) == []
        syncstate.record(db, "registration", [("r9", 2, "conflict", "forældet version")])
        assert [(r.entity_id, r.status) for r in syncstate.rejections(db)] == [("r9", "conflict")]
    finally:
        db.close()


@pytest.mark.parametrize("synced", [True, False], ids=["had-the-table", "never-synced"])
def test_a_store_from_before_gets_the_migration_and_keeps_its_rows(
    tmp_path: Path, synced: bool
) -> None:
    path = tmp_path / "old.db"
    _old_store(path, synced=synced)
    with sqlite3.connect(str(path)) as check:
        tables = {r[0] for r in check.execute("SELECT name FROM sqlite_master")}
    assert ("sync_rejection" in tables) is synced
    db = open_database(path)
    try:
        assert _applied(db).count(_M007) == 1
        fresh = open_database(tmp_path / "fresh.db")
        try:
            assert _columns(db) == _columns(fresh)  # the same table as a new store's
        finally:
            fresh.close()
        kept = [(r.entity_id, r.status, r.reason) for r in syncstate.rejections(db)]
        assert kept == ([("r1", "invalid", "ukendt kanal FAXIND")] if synced else [])
    finally:
        db.close()
    # Opened again: nothing left to apply, nothing applied twice.
    again = open_database(path)
    try:
        assert _applied(again).count(_M007) == 1
        assert len(_applied(again)) == len(set(_applied(again)))
    finally:
        again.close()
