"""What every part of the collector's storage stands on: the values it reads and writes
(accounts, scopes, receipts, plan records, export queries), its errors, the few cursor
operations the shared SQL needs, and the hooks a database dialect supplies.
"""

from __future__ import annotations

import abc
from collections.abc import Iterable, Iterator, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import Any, Protocol

from tracetool import timeutil
from tracetool.errors import TracetoolError

ROLES = ("registrant", "coordinator", "admin")


class StorageError(TracetoolError):
    """The database failed in a way a retry may cure (locked, gone, deadlock)."""


class Deadlock(StorageError):
    """The database chose this transaction as a deadlock's victim; it did nothing."""


@dataclass(frozen=True)
class Account:
    id: str
    role: str
    municipality: int | None
    unit: str | None
    note: str | None
    created_at: str
    revoked_at: str | None

    @property
    def revoked(self) -> bool:
        return self.revoked_at is not None

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "role": self.role,
            "municipality": self.municipality,
            "unit": self.unit,
            "note": self.note,
            "created_at": self.created_at,
            "revoked_at": self.revoked_at,
        }


@dataclass(frozen=True)
class Scope:
    """Which rows a read covers: None means "any" for that field."""

    municipality: int | None = None
    unit: str | None = None
    origin: str | None = None

    def where(self, prefix: str = "") -> tuple[list[str], list[Any]]:
        clauses: list[str] = []
        params: list[Any] = []
        for name in ("municipality", "unit", "origin"):
            value = getattr(self, name)
            if value is not None:
                clauses.append(f"{prefix}{name} = ?")
                params.append(value)
        return clauses, params

    def holds(self, municipality: Any, unit: Any) -> bool:
        """Is a row of this municipality and unit inside the scope?"""
        return (self.municipality is None or municipality == self.municipality) and (
            self.unit is None or unit == self.unit
        )


ANYWHERE = Scope()


@dataclass(frozen=True)
class Receipt:
    count: int
    inquiries: int
    test_count: int
    checksum: str
    totals: int
    totals_checksum: str


@dataclass(frozen=True)
class PlanRecord:
    municipality: int
    version: int
    text: str
    sha256: str
    published_at: str
    published_by: str | None


@dataclass(frozen=True)
class ExportQuery:
    scope: Scope
    start: str | None = None  # to_db text, inclusive
    end: str | None = None  # to_db text, exclusive
    include_test: bool = False
    include_deleted: bool = False


class Tx(Protocol):
    """The few cursor operations the shared SQL needs, with ``?`` placeholders."""

    def execute(self, sql: str, params: Sequence[Any] = ()) -> Any: ...

    def executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None: ...

    def all(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]: ...

    def one(self, sql: str, params: Sequence[Any] = ()) -> tuple[Any, ...] | None: ...


class Race(Exception):
    """A bulk insert met a row that another transaction committed meanwhile."""


class SqlBase(abc.ABC):
    """What a dialect supplies; the shared SQL in ``storage`` and its parts stands on it."""

    dialect = "sql"

    # -- what a dialect supplies ----------------------------------------------------------

    @abc.abstractmethod
    def _write(self) -> AbstractContextManager[Tx]:
        """A transaction that may write; commits on success, rolls back on error."""

    @abc.abstractmethod
    def _read(self) -> AbstractContextManager[Tx]:
        """A read-only transaction with one consistent snapshot."""

    @abc.abstractmethod
    def _migration_lock(self, tx: Tx) -> None:
        """Serialise concurrent migration runs (several instances starting at once)."""

    @abc.abstractmethod
    def _lock_municipalities(self, tx: Tx, municipalities: Iterable[int]) -> None:
        """Hold off a rollup rebuild of these municipalities until this batch commits."""

    @abc.abstractmethod
    def _lock_existing(
        self, tx: Tx, table: str, cols: str, ids: list[str]
    ) -> dict[str, tuple[Any, ...]]:
        """The stored rows for ``ids``, locked against concurrent writers until commit."""

    @abc.abstractmethod
    def _insert_new(self, tx: Tx, rows: list[tuple[Any, ...]], safe: bool) -> set[str] | None:
        """Insert registrations; None when all went in, else the ids that did.

        ``safe`` asks for the conflict-tolerant path; the fast path may raise Race instead.
        """

    @abc.abstractmethod
    def export_rows(self, query: ExportQuery) -> Iterator[tuple[Any, ...]]: ...

    @abc.abstractmethod
    def close(self) -> None: ...


def _now() -> str:
    return timeutil.to_db(timeutil.now())
