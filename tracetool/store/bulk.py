"""Bulk import of registrations: rows are staged in a temporary table, then inserted at once.

Why stage: an import must be all or nothing, and identical rows inside one file must stay
distinct inquiries while a second import of the same file adds nothing. The import key is
therefore (row content, how many times that content occurred before in the file). Counting
occurrences in Python would hold one entry per row in memory; SQLite counts them in the staging
table instead (on disk when large), so memory stays flat however long the file. The registration
table is then written by one INSERT ... SELECT inside one transaction, after every row has been
validated, and the outbox trigger queues each inserted row in the same statement.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from typing import Any

from sqlite_utils import Database

from tracetool.errors import TracetoolError
from tracetool.locale import translator
from tracetool.store.registrations import COLUMNS

_ = translator("core")

# Staged rows: the file line, a hash of the row's content, the end of the time span in which a
# registration made at a desk of this store would be the same inquiry (or NULL), then every
# registration column but import_key, made on insert as "<content hash>-<n>" for the n-th
# identical row.
_REG_COLUMNS = tuple(c for c in COLUMNS if c != "import_key")
STAGING_COLUMNS = ("line", "content", "until", *_REG_COLUMNS)
_STAGING = "temp.import_staging"
_REPEATS = "temp.import_repeat"
_ADD = f"INSERT INTO {_STAGING} VALUES ({', '.join('?' for _ in STAGING_COLUMNS)})"
# Rows go in in file order (= rowid order), which is time order: the store's indexes then grow
# at their ends instead of taking rows at random places.
_KEYED = (
    f"SELECT {', '.join('s.' + c for c in _REG_COLUMNS)}, s.line, s.until, COALESCE(r.n, 1) AS n, "
    "s.content || '-' || COALESCE(r.n, 1) AS import_key "
    f"FROM {_STAGING} AS s LEFT JOIN {_REPEATS} AS r ON r.rid = s.rowid"
)
_IMPORTED = "EXISTS (SELECT 1 FROM registration AS old WHERE old.import_key = keyed.import_key)"
# An export of this very store, imported back, must not double it: a row that says it was
# registered at a desk (Datakilde Tracetool) is already here if this store holds as many
# identical desk registrations in that second; N mass rows at 00:00:00 are already here if a
# mass registration of that day covers them.
_AT_DESK = (
    "(keyed.until IS NOT NULL AND COALESCE((SELECT SUM(d.count) FROM registration AS d "
    "WHERE d.saved_at >= keyed.saved_at AND d.saved_at < keyed.until "
    "AND d.import_key IS NULL AND d.deleted = 0 AND d.municipality = keyed.municipality "
    "AND d.unit IS keyed.unit AND d.channel = keyed.channel AND d.task = keyed.task "
    "AND d.type = keyed.type AND d.closing = keyed.closing AND d.form IS keyed.form "
    "AND d.answers = keyed.answers AND CASE WHEN keyed.source = 'app' "
    "THEN d.count = 1 AND d.source != 'mass' "
    "AND substr(d.started_at, 1, 19) IS substr(keyed.started_at, 1, 19) "
    "ELSE d.count > 1 OR d.source = 'mass' END), 0) >= keyed.n)"
)
_PRESENT = f"({_IMPORTED} OR {_AT_DESK})"
# A bigger page cache while the rows go in: the store has several indexes, some of which
# (channel, task, unit ...) are written at scattered places. Bounded, so memory stays flat.
_COMMIT_CACHE_KIB = 32_768


class StagedImport:
    """One import's rows, staged; ``commit`` inserts the new ones in one transaction."""

    def __init__(self, db: Database) -> None:
        self.conn: sqlite3.Connection = db.conn
        self.staged = 0
        self._keyed = False
        self._drop()
        self.conn.execute(f"CREATE TEMP TABLE import_staging ({', '.join(STAGING_COLUMNS)})")

    def add(self, rows: Sequence[tuple[Any, ...]]) -> None:
        # Each batch commits at once: it touches only the temp database, and an open
        # transaction here would pin a read snapshot of the store that the final insert
        # could not upgrade if a desk saved a registration meanwhile.
        self.conn.executemany(_ADD, rows)
        self.conn.commit()
        self.staged += len(rows)

    def number_repeats(self) -> None:
        """Number the 2nd, 3rd, ... of each set of identical rows (the first ones need none).

        The window runs over an index on (content), so it needs no sort, and only repeats are
        written: O(n log n) even for a file of a hundred thousand identical website rows.
        """
        if self._keyed:
            return
        self.conn.execute("CREATE INDEX temp.import_staging_content ON import_staging(content)")
        self.conn.execute("CREATE TEMP TABLE import_repeat (rid INTEGER PRIMARY KEY, n INTEGER)")
        self.conn.execute(
            f"INSERT INTO {_REPEATS} SELECT rid, n FROM (SELECT rowid AS rid, "
            "ROW_NUMBER() OVER (PARTITION BY content ORDER BY rowid) AS n "
            f"FROM {_STAGING}) WHERE n > 1"
        )
        self.conn.commit()
        self._keyed = True

    def present(self) -> int:
        """How many staged rows are already in the store (by import key)."""
        self.number_repeats()
        row = self.conn.execute(
            f"SELECT COUNT(*) FROM ({_KEYED}) AS keyed WHERE {_PRESENT}"
        ).fetchone()
        return int(row[0])

    def commit(self) -> tuple[int, int]:
        """Insert the staged rows not already present; (inserted, already present)."""
        cache = self.conn.execute("PRAGMA cache_size").fetchone()[0]
        try:
            self.number_repeats()
            self.conn.execute(f"PRAGMA cache_size = -{_COMMIT_CACHE_KIB}")
            # IMMEDIATE takes the write lock first (waiting out busy_timeout), so the insert
            # never fails half-way for want of it.
            self.conn.execute("BEGIN IMMEDIATE")
            cur = self.conn.execute(
                f"INSERT INTO registration ({', '.join(COLUMNS)}) "
                f"SELECT {', '.join(COLUMNS)} FROM ({_KEYED}) AS keyed WHERE NOT {_PRESENT}"
            )
            inserted = cur.rowcount
            self.conn.execute("COMMIT")
        except sqlite3.OperationalError as exc:
            self.rollback()
            if "locked" in str(exc) or "busy" in str(exc):
                raise TracetoolError(
                    _("databasen er optaget af et andet program (fx synkronisering); prøv igen")
                ) from exc
            raise TracetoolError(_("importen kunne ikke gemmes: {exc}").format(exc=exc)) from exc
        except BaseException:
            self.rollback()
            raise
        finally:
            self.conn.execute(f"PRAGMA cache_size = {int(cache)}")
        self._drop()
        return inserted, self.staged - inserted

    def rollback(self) -> None:
        """Drop everything staged; the store is as before."""
        if self.conn.in_transaction:
            self.conn.execute("ROLLBACK")
        self._drop()

    def _drop(self) -> None:
        self.conn.execute(f"DROP TABLE IF EXISTS {_STAGING}")
        self.conn.execute(f"DROP TABLE IF EXISTS {_REPEATS}")
        self._keyed = False
