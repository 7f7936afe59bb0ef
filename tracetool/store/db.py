"""Opening the local SQLite store with the durability the method needs."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlite_utils import Database

from tracetool import paths
from tracetool.errors import TracetoolError
from tracetool.locale import translator
from tracetool.store import migrations
from tracetool.store.wal import switch_to_wal

_ = translator("core")


def open_database(path: Path | None = None) -> Database:
    """The store at ``path`` (default: the data dir), migrated to the current schema.

    WAL lets the app read while a sync writes; synchronous=FULL makes every acknowledged save
    survive a power cut, not only a crash of the process.
    """
    target = path or paths.database_path()
    conn: sqlite3.Connection | None = None
    try:
        conn = sqlite3.connect(str(target), timeout=30, check_same_thread=False)
        # The busy timeout first: everything after it may meet another process's lock.
        conn.execute("PRAGMA busy_timeout=30000")
        switch_to_wal(conn)
        conn.execute("PRAGMA synchronous=FULL")
        conn.execute("PRAGMA foreign_keys=ON")
        db = Database(conn)
        _migrate(db)
    except sqlite3.DatabaseError as exc:
        if conn is not None:
            conn.close()
        raise TracetoolError(
            _("{target}: databasen kan ikke åbnes: {exc}").format(target=target, exc=exc)
        ) from exc
    return db


def _migrate(db: Database) -> None:
    """Apply pending migrations, one process at a time.

    sqlite-utils decides what is pending before it takes any lock, so two processes opening a
    new file together would both create the same tables. Under BEGIN IMMEDIATE the second one
    waits for the first to commit and then finds nothing left to do.
    """
    if not migrations.migrations.pending(db):
        return  # the usual case: no write lock taken just for opening the store
    conn = db.conn
    conn.execute("BEGIN IMMEDIATE")
    try:
        migrations.apply(db)  # each migration nests as a savepoint inside this transaction
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
