"""The collector's storage: a small interface and the SQL both databases share.

``SqlStorage`` holds every query (its batch writes in ``storage_writes``, its reads in
``storage_reads``, both on the dialect's hooks in ``storage_base``); ``sqlite.SqliteStorage`` and
``postgres.PostgresStorage`` only say how to connect, how a write transaction takes its locks,
how to find a batch's existing rows and how to bulk-insert the new ones. Queries are written with
``?`` placeholders; the PostgreSQL side turns them into ``%s``.

All state lives in the database, so any number of collector processes may serve one PostgreSQL:
a batch is one transaction that locks the rows it touches, and inserts that race on the same id
fall back to ``INSERT ... ON CONFLICT DO NOTHING`` and then compare with the winner's row.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Sequence
from typing import Any, Protocol

from tracetool.collector.schema import LATEST, MIGRATIONS, SCHEMA_MIGRATIONS_DDL
from tracetool.collector.storage_base import (
    ANYWHERE,
    ROLES,
    Account,
    Deadlock,
    ExportQuery,
    PlanRecord,
    Receipt,
    Scope,
    StorageError,
    Tx,
    _now,
)
from tracetool.collector.storage_reads import StorageReads
from tracetool.collector.storage_writes import REG_STORED_COLS, BatchObserver, BatchWrites
from tracetool.errors import TracetoolError
from tracetool.sync.protocol import ItemResult

# The interface's values, errors and transaction protocol, for whoever uses a storage.
__all__ = [
    "ANYWHERE",
    "MIGRATIONS",
    "REG_STORED_COLS",
    "ROLES",
    "Account",
    "BatchObserver",
    "Deadlock",
    "ExportQuery",
    "PlanRecord",
    "Receipt",
    "Scope",
    "SqlStorage",
    "Storage",
    "StorageError",
    "Tx",
    "new_account_id",
]


class Storage(Protocol):
    """What the API needs from a database; both implementations satisfy it."""

    dialect: str

    def migrate(self) -> list[str]: ...

    def schema_version(self) -> int: ...

    def close(self) -> None: ...

    def create_account(
        self,
        token_hash: str,
        role: str,
        municipality: int | None,
        unit: str | None,
        note: str | None,
    ) -> Account: ...

    def find_account(self, token_hash: str) -> Account | None: ...

    def get_account(self, account_id: str) -> Account | None: ...

    def list_accounts(self, municipality: int | None = None) -> list[Account]: ...

    def revoke_account(self, account_id: str) -> Account | None: ...

    def apply_batch(
        self,
        registrations: Sequence[tuple[Any, ...]],
        totals: Sequence[tuple[Any, ...]],
        origin: str | None,
        *,
        scope: Scope,
    ) -> tuple[list[ItemResult], list[ItemResult]]: ...

    def observe_batches(self, observer: BatchObserver) -> None: ...

    def receipt(self, scope: Scope) -> Receipt: ...

    def export_rows(self, query: ExportQuery) -> Iterator[tuple[Any, ...]]: ...

    def held_ids(self, scope: Scope) -> tuple[list[tuple[str, int]], list[tuple[str, int]]]: ...

    def figures(self, query: ExportQuery) -> list[tuple[str, str, int, int]]: ...

    def publish_plan(self, municipality: int, text: str, by: str | None) -> PlanRecord: ...

    def fetch_plan(self, municipality: int) -> PlanRecord | None: ...


def new_account_id() -> str:
    import secrets

    return secrets.token_hex(6)


class SqlStorage(BatchWrites, StorageReads):
    """Every query, written once; subclasses supply connections and the bulk paths."""

    # -- schema ---------------------------------------------------------------------------

    def migrate(self) -> list[str]:
        applied: list[str] = []
        with self._write() as tx:
            self._migration_lock(tx)
            tx.execute(SCHEMA_MIGRATIONS_DDL)
            done = {r[0] for r in tx.all("SELECT version FROM schema_migrations")}
            for migration in MIGRATIONS:
                if migration.version in done:
                    continue
                for statement in migration.statements:
                    tx.execute(statement)
                if migration.after is not None:
                    migration.after(tx, self.dialect)
                tx.execute(
                    "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
                    [migration.version, migration.name, _now()],
                )
                applied.append(f"{migration.version:03d}_{migration.name}")
        return applied

    def schema_version(self) -> int:
        with self._read() as tx:
            row = tx.one("SELECT MAX(version) FROM schema_migrations")
        return int(row[0]) if row and row[0] is not None else 0

    def check_schema(self) -> None:
        version = self.schema_version()
        if version < LATEST:
            raise TracetoolError(f"databasen har skemaversion {version}; kør migreringen først")

    # -- accounts -------------------------------------------------------------------------

    _ACCOUNT_COLS = "id, role, municipality, unit, note, created_at, revoked_at"

    def create_account(
        self,
        token_hash: str,
        role: str,
        municipality: int | None,
        unit: str | None,
        note: str | None,
    ) -> Account:
        if role not in ROLES:
            raise TracetoolError(f"ukendt rolle {role!r}; brug {', '.join(ROLES)}")
        account = Account(new_account_id(), role, municipality, unit, note, _now(), None)
        with self._write() as tx:
            tx.execute(
                "INSERT INTO api_token (id, token_hash, role, municipality, unit, note, created_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
                [account.id, token_hash, role, municipality, unit, note, account.created_at],
            )
        return account

    def find_account(self, token_hash: str) -> Account | None:
        with self._read() as tx:
            row = tx.one(
                f"SELECT {self._ACCOUNT_COLS} FROM api_token WHERE token_hash = ?", [token_hash]
            )
        return Account(*row) if row else None

    def get_account(self, account_id: str) -> Account | None:
        with self._read() as tx:
            row = tx.one(f"SELECT {self._ACCOUNT_COLS} FROM api_token WHERE id = ?", [account_id])
        return Account(*row) if row else None

    def list_accounts(self, municipality: int | None = None) -> list[Account]:
        sql = f"SELECT {self._ACCOUNT_COLS} FROM api_token"
        params: list[Any] = []
        if municipality is not None:
            sql += " WHERE municipality = ?"
            params.append(municipality)
        with self._read() as tx:
            rows = tx.all(sql + " ORDER BY created_at, id", params)
        return [Account(*r) for r in rows]

    def revoke_account(self, account_id: str) -> Account | None:
        with self._write() as tx:
            tx.execute(
                "UPDATE api_token SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL",
                [_now(), account_id],
            )
            row = tx.one(f"SELECT {self._ACCOUNT_COLS} FROM api_token WHERE id = ?", [account_id])
        return Account(*row) if row else None

    # -- plans ----------------------------------------------------------------------------

    _PLAN_COLS = "municipality, version, text, sha256, published_at, published_by"

    def publish_plan(self, municipality: int, text: str, by: str | None) -> PlanRecord:
        digest = hashlib.sha256(text.encode()).hexdigest()
        now = _now()
        with self._write() as tx:
            current = tx.one(
                f"SELECT {self._PLAN_COLS} FROM plan WHERE municipality = ?", [municipality]
            )
            if current is not None and current[3] == digest:
                return PlanRecord(*current)  # the same text again is not a new version
            # One statement, so two instances publishing at once still get distinct versions.
            tx.execute(
                f"INSERT INTO plan ({self._PLAN_COLS}) VALUES (?, 1, ?, ?, ?, ?)"
                " ON CONFLICT (municipality) DO UPDATE SET version = plan.version + 1,"
                " text = excluded.text, sha256 = excluded.sha256,"
                " published_at = excluded.published_at, published_by = excluded.published_by",
                [municipality, text, digest, now, by],
            )
            row = tx.one(
                f"SELECT {self._PLAN_COLS} FROM plan WHERE municipality = ?", [municipality]
            )
            assert row is not None
            tx.execute(
                f"INSERT INTO plan_history ({self._PLAN_COLS}) VALUES (?, ?, ?, ?, ?, ?)", list(row)
            )
        return PlanRecord(*row)

    def fetch_plan(self, municipality: int) -> PlanRecord | None:
        with self._read() as tx:
            row = tx.one(
                f"SELECT {self._PLAN_COLS} FROM plan WHERE municipality = ?", [municipality]
            )
        return PlanRecord(*row) if row else None
