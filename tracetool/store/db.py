"""Opening the local SQLite store with the durability the method needs."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlite_utils import Database

from tracetool import paths
from tracetool.errors import TracetoolError
from tracetool.store import migrations


def open_database(path: Path | None = None) -> Database:
    """The store at ``path`` (default: the data dir), migrated to the current schema.

    WAL lets the app read while a sync writes; synchronous=FULL makes every acknowledged save
    survive a power cut, not only a crash of the process.
    """
    target = path or paths.database_path()
    try:
        conn = sqlite3.connect(str(target), timeout=30, check_same_thread=False)
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=FULL")
        conn.execute("PRAGMA foreign_keys=ON")
        conn.execute("PRAGMA busy_timeout=30000")
        db = Database(conn)
        migrations.apply(db)
    except sqlite3.DatabaseError as exc:
        raise TracetoolError(f"{target}: databasen kan ikke åbnes: {exc}") from exc
    return db
