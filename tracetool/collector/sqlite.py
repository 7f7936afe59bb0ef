"""The embedded collector database: one SQLite file (stdlib sqlite3, WAL).

Writers serialise on ``BEGIN IMMEDIATE``, so a batch sees no concurrent insert of its ids and the
plain bulk insert is always safe. ``synchronous=FULL``: a batch the server has answered for is
on disk, because the desk marks it sent and will never send it again.
"""

from __future__ import annotations

import json
import os
import sqlite3
import threading
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

from tracetool.collector.storage import ExportQuery, SqlStorage, StorageError
from tracetool.collector.storage_writes import INSERT_REGISTRATION
from tracetool.errors import TracetoolError
from tracetool.store.wal import switch_to_wal


class _SqliteTx:
    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def execute(self, sql: str, params: Sequence[Any] = ()) -> Any:
        return self.conn.execute(sql, params)

    def executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        self.conn.executemany(sql, rows)

    def all(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        return self.conn.execute(sql, params).fetchall()

    def one(self, sql: str, params: Sequence[Any] = ()) -> tuple[Any, ...] | None:
        row: tuple[Any, ...] | None = self.conn.execute(sql, params).fetchone()
        return row


def connect(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(str(path), timeout=30, isolation_level=None, check_same_thread=False)
    conn.execute("PRAGMA busy_timeout=30000")
    try:
        switch_to_wal(conn, within=30)
    except sqlite3.OperationalError:
        conn.close()
        raise
    conn.execute("PRAGMA synchronous=FULL")
    return conn


class SqliteStorage(SqlStorage):
    dialect = "sqlite"

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            # Created private (0600): it holds every municipality's rows and the token hashes.
            # SQLite gives its -wal and -shm files the database file's permissions.
            os.close(os.open(path, os.O_CREAT | os.O_RDWR, 0o600))
        except OSError as exc:  # a file where the folder should be, no permission, ...
            raise StorageError(f"{path}: kan ikke åbnes: {exc}") from exc
        # One connection per server thread: sqlite3 connections must not be shared mid-statement.
        self._local = threading.local()
        self._all: list[sqlite3.Connection] = []
        self._lock = threading.Lock()

    @classmethod
    def from_url(cls, url: str) -> SqliteStorage:
        rest = url.removeprefix("sqlite:")
        if not rest.startswith("///") or len(rest) <= 3:
            raise TracetoolError(f"{url!r}: skriv sqlite:///sti/til/fil.db (tre skråstreger)")
        return cls(Path(rest[3:]))

    def _conn(self) -> sqlite3.Connection:
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is None:
            try:
                conn = connect(self.path)
            except sqlite3.Error as exc:
                raise StorageError(f"{self.path}: kan ikke åbnes: {exc}") from exc
            self._local.conn = conn
            with self._lock:
                self._all.append(conn)
        return conn

    @contextmanager
    def _tx(self, begin: str) -> Iterator[_SqliteTx]:
        conn = self._conn()
        try:
            conn.execute(begin)
        except sqlite3.OperationalError as exc:  # locked beyond busy_timeout
            raise StorageError(f"databasen er optaget: {exc}") from exc
        try:
            yield _SqliteTx(conn)
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        try:
            conn.execute("COMMIT")
        except sqlite3.OperationalError as exc:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise StorageError(f"databasen er optaget: {exc}") from exc

    def _write(self) -> Any:
        return self._tx("BEGIN IMMEDIATE")

    def _read(self) -> Any:
        return self._tx("BEGIN")

    def _migration_lock(self, tx: Any) -> None:
        pass  # BEGIN IMMEDIATE already excludes every other writer

    def _lock_municipalities(self, tx: Any, municipalities: Iterable[int]) -> None:
        pass  # a SQLite write transaction already excludes every other, a rebuild too

    def _lock_existing(
        self, tx: Any, table: str, cols: str, ids: list[str]
    ) -> dict[str, tuple[Any, ...]]:
        if not ids:
            return {}
        # Ids first, from the key index alone: in a sync nearly every id is new, and that
        # answer costs a tenth of reading whole rows.
        sql = f"SELECT {{}} FROM {table} WHERE id IN (SELECT value FROM json_each(?))"
        found = [r[0] for r in tx.all(sql.format("id"), [json.dumps(ids)])]
        if not found:
            return {}
        rows = tx.all(sql.format(cols), [json.dumps(found)])
        return {r[0]: r for r in rows}

    def _insert_new(self, tx: Any, rows: list[tuple[Any, ...]], safe: bool) -> set[str] | None:
        tx.executemany(INSERT_REGISTRATION, rows)
        return None

    def export_rows(self, query: ExportQuery) -> Iterator[tuple[Any, ...]]:
        # Its own connection: a streamed response is read from whichever thread is free.
        sql, params = self.export_sql(query)
        conn = connect(self.path)
        try:
            conn.execute("BEGIN")
            cursor = conn.execute(sql, params)
            while chunk := cursor.fetchmany(1000):
                yield from chunk
            conn.execute("COMMIT")
        finally:
            conn.close()

    def close(self) -> None:
        with self._lock:
            for conn in self._all:
                with suppress(sqlite3.Error):
                    conn.close()
            self._all.clear()
        self._local = threading.local()
