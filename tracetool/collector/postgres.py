"""The national collector database: PostgreSQL through psycopg 3 and a connection pool.

Several collector processes may share one database. A batch locks its existing rows with
``SELECT ... FOR UPDATE`` and loads its new rows with COPY (the fastest way in); when COPY meets
an id that a concurrent batch committed meanwhile, the whole batch is applied again with
``INSERT ... ON CONFLICT DO NOTHING`` and compared with the winner's row, so both answers are
right and nothing is stored twice.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from functools import lru_cache
from typing import Any

import psycopg
import psycopg.errors
from psycopg_pool import ConnectionPool, PoolTimeout

from tracetool.collector.rollup import REBUILD_LOCK
from tracetool.collector.storage import (
    Deadlock,
    ExportQuery,
    SqlStorage,
    StorageError,
)
from tracetool.collector.storage_base import Race
from tracetool.collector.storage_writes import INSERT_REGISTRATION, REG_STORED_COLS
from tracetool.errors import TracetoolError

_RETRYABLE = (
    psycopg.OperationalError,
    psycopg.errors.DeadlockDetected,
    psycopg.errors.SerializationFailure,
    PoolTimeout,
)


@lru_cache(maxsize=256)
def _pg(sql: str) -> str:
    assert "%" not in sql, "queries are written with ? placeholders only"
    return sql.replace("?", "%s")


class _PgTx:
    def __init__(self, conn: psycopg.Connection[Any]) -> None:
        self.conn = conn

    def execute(self, sql: str, params: Sequence[Any] = ()) -> Any:
        return self.conn.execute(_pg(sql), params)

    def executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        with self.conn.cursor() as cur:
            cur.executemany(_pg(sql), rows)

    def all(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        return self.conn.execute(_pg(sql), params).fetchall()

    def one(self, sql: str, params: Sequence[Any] = ()) -> tuple[Any, ...] | None:
        row: tuple[Any, ...] | None = self.conn.execute(_pg(sql), params).fetchone()
        return row


# When the database goes away at run time a request waits at most WAIT seconds for a
# connection and is then answered 503 (not the pool's default 30 s, which holds a worker and the
# client), and a new connection gives up after CONNECT seconds. Keepalives notice a server that
# vanished under an idle connection; tcp_user_timeout one that stops acknowledging.
WAIT = 3.0
CONNECT = 3
_CONNECTION = {
    "autocommit": False,
    "connect_timeout": CONNECT,
    "keepalives": 1,
    "keepalives_idle": 10,
    "keepalives_interval": 2,
    "keepalives_count": 3,
    "tcp_user_timeout": CONNECT * 1000,
}


class PostgresStorage(SqlStorage):
    dialect = "postgresql"

    def __init__(self, url: str, *, max_size: int = 8) -> None:
        self.url = url
        # One plain connection first: a server that does not answer or a database that does
        # not exist is then one clear line at once, where the pool would retry for 15 s and
        # log every failed attempt.
        try:
            psycopg.connect(url, connect_timeout=10).close()
        except psycopg.Error as exc:
            reason = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
            raise TracetoolError(
                f"kan ikke forbinde til PostgreSQL ({_safe(url)}): {reason}"
            ) from exc
        self.pool = ConnectionPool(
            url,
            min_size=1,
            max_size=max_size,
            kwargs=_CONNECTION,
            check=ConnectionPool.check_connection,
            open=False,
            timeout=WAIT,
            name="tracetool-collector",
        )
        try:
            self.pool.open(wait=True, timeout=15)
        except PoolTimeout as exc:
            self.pool.close()
            raise TracetoolError(f"kan ikke forbinde til PostgreSQL ({_safe(url)}): {exc}") from exc

    @contextmanager
    def _tx(self, *, read_only: bool) -> Iterator[_PgTx]:
        try:
            with self.pool.connection() as conn, conn.transaction():
                if read_only:
                    # One snapshot for the whole read: a receipt's two sums agree.
                    conn.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
                yield _PgTx(conn)
        except psycopg.errors.DeadlockDetected as exc:
            raise Deadlock(f"PostgreSQL: {exc}") from exc
        except _RETRYABLE as exc:
            raise StorageError(f"PostgreSQL: {exc}") from exc

    def _write(self) -> Any:
        return self._tx(read_only=False)

    def _read(self) -> Any:
        return self._tx(read_only=True)

    def _migration_lock(self, tx: Any) -> None:
        tx.execute("SELECT pg_advisory_xact_lock(7351298)")

    def _lock_municipalities(self, tx: Any, municipalities: Iterable[int]) -> None:
        # Shared: batches never wait for each other, only for a rebuild of their municipality
        # (rollup.rebuild takes the same key exclusively). Sorted, one order for every batch.
        for municipality in sorted(municipalities):
            tx.execute(
                "SELECT pg_advisory_xact_lock_shared(?, ?)", [REBUILD_LOCK, int(municipality)]
            )

    def _lock_existing(
        self, tx: Any, table: str, cols: str, ids: list[str]
    ) -> dict[str, tuple[Any, ...]]:
        if not ids:
            return {}
        # Ids first (an index-only look); the rows that exist are then read and locked. A row
        # committed by another batch in between makes COPY fail, and the batch is redone safely.
        param: Any = ids
        sql = f"SELECT id FROM {table} WHERE id = ANY(?)"
        if table == "registration":
            # Checked UUIDs hold no comma: one text parameter split by the server is far cheaper
            # than adapting a 10,000-element Python list to an array.
            param = ",".join(ids)
            sql = f"SELECT id FROM {table} WHERE id = ANY(string_to_array(?, ','))"
        found = [r[0] for r in tx.all(sql, [param])]
        if not found:
            return {}
        rows = tx.all(
            f"SELECT {cols} FROM {table} WHERE id = ANY(?) ORDER BY id FOR UPDATE", [found]
        )
        return {r[0]: r for r in rows}

    def _insert_new(self, tx: Any, rows: list[tuple[Any, ...]], safe: bool) -> set[str] | None:
        conn: psycopg.Connection[Any] = tx.conn
        if not safe:
            try:
                with (
                    conn.cursor() as cur,
                    cur.copy(f"COPY registration ({REG_STORED_COLS}) FROM STDIN") as copy,
                ):
                    for row in rows:
                        copy.write_row(row)
            except psycopg.errors.UniqueViolation as exc:
                raise Race() from exc
            return None
        inserted: set[str] = set()
        with conn.cursor() as cur:
            cur.executemany(
                _pg(INSERT_REGISTRATION + " ON CONFLICT (id) DO NOTHING RETURNING id"),
                rows,
                returning=True,
            )
            while True:
                inserted.update(r[0] for r in cur.fetchall())
                if not cur.nextset():
                    break
        return inserted

    def export_rows(self, query: ExportQuery) -> Iterator[tuple[Any, ...]]:
        sql, params = self.export_sql(query)
        try:
            # A server-side cursor: memory stays flat however long the period.
            with (
                self.pool.connection() as conn,
                conn.transaction(),
                conn.cursor(name="tracetool_export") as cur,
            ):
                cur.execute(_pg(sql), params)
                while chunk := cur.fetchmany(1000):
                    yield from chunk
        except _RETRYABLE as exc:
            raise StorageError(f"PostgreSQL: {exc}") from exc

    def close(self) -> None:
        self.pool.close()


def _safe(url: str) -> str:
    """The URL without a password, for messages."""
    try:
        info = psycopg.conninfo.conninfo_to_dict(url)
    except psycopg.ProgrammingError:
        return "?"
    return f"{info.get('host', '')}:{info.get('port', 5432)}/{info.get('dbname', '')}"
