"""Switching a SQLite file to WAL when other processes may be opening it at the same moment.

Shared by the local store and the collector's SQLite storage (which may import the store, not
the other way round).
"""

from __future__ import annotations

import sqlite3
import time

WAL_SWITCH_WITHIN = 10.0  # seconds; the switch itself takes milliseconds once the lock is free
_PAUSE = 0.02


def switch_to_wal(conn: sqlite3.Connection, *, within: float = WAL_SWITCH_WITHIN) -> None:
    """``PRAGMA journal_mode=WAL`` on ``conn``, retried while the file is locked.

    Switching a new file to WAL needs an exclusive lock, and SQLite answers "database is
    locked" at once, without calling its busy handler, when several connections open the same
    new file together. So set busy_timeout first (for everything after this) and retry here for
    at most ``within`` seconds; after that the last error is raised unchanged.
    """
    deadline = time.monotonic() + within
    while True:
        try:
            conn.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() >= deadline:
                raise
            time.sleep(_PAUSE)
