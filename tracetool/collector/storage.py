"""The collector's storage: a small interface and the SQL both databases share.

``SqlStorage`` holds every query; ``sqlite.SqliteStorage`` and ``postgres.PostgresStorage`` only
say how to connect, how a write transaction takes its locks, how to find a batch's existing rows
and how to bulk-insert the new ones. Queries are written with ``?`` placeholders; the PostgreSQL
side turns them into ``%s``.

All state lives in the database, so any number of collector processes may serve one PostgreSQL:
a batch is one transaction that locks the rows it touches, and inserts that race on the same id
fall back to ``INSERT ... ON CONFLICT DO NOTHING`` and then compare with the winner's row.
"""

from __future__ import annotations

import abc
import hashlib
from collections.abc import Iterable, Iterator, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from functools import partial
from itertools import repeat
from operator import add, itemgetter
from typing import Any, Protocol

import stamina

from tracetool import timeutil
from tracetool.collector import rollup
from tracetool.collector.schema import LATEST, MIGRATIONS, SCHEMA_MIGRATIONS_DDL
from tracetool.errors import TracetoolError
from tracetool.sync.protocol import (
    ACCEPTED,
    CONFLICT,
    DUPLICATE,
    REGISTRATION_COLUMNS,
    TOTAL_COLUMNS,
    UPDATED,
    ItemResult,
    format_checksum,
    row_hash,
    row_hashes,
)

ROLES = ("registrant", "coordinator", "admin")
_CHANGES = frozenset({ACCEPTED, UPDATED})

_REG_COLS = ", ".join(REGISTRATION_COLUMNS)
_REG_STORED = (*REGISTRATION_COLUMNS, "h_hi", "h_lo", "origin", "received_at", "updated_at")
REG_STORED_COLS = ", ".join(_REG_STORED)
_TOTAL_COLS = ", ".join(TOTAL_COLUMNS)
_TOTAL_STORED = (*TOTAL_COLUMNS, "origin", "received_at", "updated_at")
_TOTAL_STORED_COLS = ", ".join(_TOTAL_STORED)

INSERT_REGISTRATION = (
    f"INSERT INTO registration ({REG_STORED_COLS}) VALUES ({', '.join('?' for _ in _REG_STORED)})"
)
_INSERT_TOTAL = (
    f"INSERT INTO total ({_TOTAL_STORED_COLS}) VALUES ({', '.join('?' for _ in _TOTAL_STORED)})"
)
# A correction keeps origin and received_at: they say who delivered the row first, and when.
_UPDATE_REGISTRATION = (
    "UPDATE registration SET "
    + ", ".join(f"{c} = ?" for c in REGISTRATION_COLUMNS[1:])
    + ", h_hi = ?, h_lo = ?, updated_at = ? WHERE id = ?"
)
_UPDATE_TOTAL = (
    "UPDATE total SET "
    + ", ".join(f"{c} = ?" for c in TOTAL_COLUMNS[1:])
    + ", updated_at = ? WHERE id = ?"
)


_ID = itemgetter(0)
_REVISION = itemgetter(15)
_MUNICIPALITY = itemgetter(1)
_ITEM_RESULT = partial(tuple.__new__, ItemResult)


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


def refusal(scope: Scope, held: Sequence[Any], row: Sequence[Any]) -> str | None:
    """Why ``row`` may not replace the stored ``held`` (both wire order, municipality and unit
    second and third) under ``scope``, or None.

    An id belongs to the scope that first stored it: the *stored* row must be inside the
    writer's scope (the incoming row's own claim proves nothing, since ids are no secret), and
    no correction moves a row to another municipality or unit.
    """
    if not scope.holds(held[1], held[2]):
        return (
            "this id is held for another municipality or unit than this token's; nothing"
            " was changed / dette id tilhører en anden kommune eller enhed end nøglens;"
            " intet er ændret"
        )
    if (row[1], row[2]) != (held[1], held[2]):
        return (
            "a correction may not move a row to another municipality or unit (stored:"
            f" municipality {held[1]}, unit {held[2] or '-'}) / en rettelse må ikke flytte en"
            f" række til en anden kommune eller enhed (gemt: kommune {held[1]},"
            f" enhed {held[2] or '-'})"
        )
    return None


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

    def receipt(self, scope: Scope) -> Receipt: ...

    def export_rows(self, query: ExportQuery) -> Iterator[tuple[Any, ...]]: ...

    def held_ids(self, scope: Scope) -> tuple[list[tuple[str, int]], list[tuple[str, int]]]: ...

    def figures(self, query: ExportQuery) -> list[tuple[str, str, int, int]]: ...

    def publish_plan(self, municipality: int, text: str, by: str | None) -> PlanRecord: ...

    def fetch_plan(self, municipality: int) -> PlanRecord | None: ...


def new_account_id() -> str:
    import secrets

    return secrets.token_hex(6)


class Race(Exception):
    """A bulk insert met a row that another transaction committed meanwhile."""


class SqlStorage(abc.ABC):
    """Every query, written once; subclasses supply connections and the bulk paths."""

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

    # -- batches --------------------------------------------------------------------------

    def apply_batch(
        self,
        registrations: Sequence[tuple[Any, ...]],
        totals: Sequence[tuple[Any, ...]],
        origin: str | None,
        *,
        scope: Scope,
    ) -> tuple[list[ItemResult], list[ItemResult]]:
        """Apply valid, normalised rows (wire column order) in one transaction.

        ``scope`` is the writer's (``auth.write_scope``; a page's municipality): an id already
        stored outside it, or a correction that would move a row, is answered ``conflict``
        with the reason (see ``refusal``) and nothing changes. Every writer, API or page,
        comes through here, so the rule holds in one place.
        """
        # Overlapping batches in opposite orders can deadlock on PostgreSQL; the victim has
        # changed nothing, so it is run again rather than answered 503.
        for attempt in stamina.retry_context(
            on=Deadlock, attempts=3, wait_initial=0.01, wait_jitter=0.05
        ):
            with attempt:
                try:
                    return self._apply(registrations, totals, origin, scope, safe=False)
                except Race:
                    return self._apply(registrations, totals, origin, scope, safe=True)
        raise AssertionError("stamina re-raises the last Deadlock")  # pragma: no cover

    def _apply(
        self,
        registrations: Sequence[tuple[Any, ...]],
        totals: Sequence[tuple[Any, ...]],
        origin: str | None,
        scope: Scope,
        *,
        safe: bool,
    ) -> tuple[list[ItemResult], list[ItemResult]]:
        now = _now()
        with self._write() as tx:
            regs = (
                self._apply_registrations(tx, registrations, origin, now, scope, safe)
                if registrations
                else []
            )
            tots = self._apply_totals(tx, totals, origin, now, scope) if totals else []
        return regs, tots

    def _apply_registrations(
        self,
        tx: Tx,
        rows: Sequence[tuple[Any, ...]],
        origin: str | None,
        now: str,
        scope: Scope,
        safe: bool,
    ) -> list[ItemResult]:
        results: list[ItemResult | None] = [None] * len(rows)
        every_id = list(map(_ID, rows))
        # id → its first position (built backwards so that the first occurrence wins).
        first = dict(zip(reversed(every_id), range(len(rows) - 1, -1, -1), strict=True))
        repeats: list[int] = []
        if len(first) < len(rows):
            repeats = [i for i, rid in enumerate(every_id) if first[rid] != i]
        # Sorted, so that two transactions lock shared ids in the same order (no deadlock).
        ids = sorted(first)
        self._lock_municipalities(tx, set(map(_MUNICIPALITY, rows)))
        stored = self._lock_existing(tx, "registration", _REG_COLS, ids)
        if stored:
            # A correction may move a row out of another municipality's figures too.
            self._lock_municipalities(tx, set(map(_MUNICIPALITY, stored.values())))
        # What the dashboards' rollups count now, so that a correction subtracts it.
        before = dict(stored)
        fresh = (
            [first[i] for i in ids if i not in stored]
            if stored
            else list(map(first.__getitem__, ids))
        )
        # The rows as stored, built inside C (map/zip, no Python frame per row): a sync sends
        # 100,000 of them.
        fresh_rows = list(map(rows.__getitem__, fresh))
        hashes = row_hashes(map(_ID, fresh_rows), map(_REVISION, fresh_rows))
        full = list(map(add, fresh_rows, map(add, hashes, repeat((origin, now, now)))))
        inserted = self._insert_new(tx, full, safe) if full else None
        if inserted is None and not stored and not repeats:
            rollup.batch_changes((None, row) for row in fresh_rows).apply(tx, self.dialect)
            return list(
                map(
                    _ITEM_RESULT,
                    zip(every_id, map(_REVISION, rows), repeat(ACCEPTED), repeat(None)),
                )
            )
        later: list[int] = []
        for i in fresh:
            row = rows[i]
            if inserted is None or row[0] in inserted:
                results[i] = ItemResult(row[0], row[15], ACCEPTED)
                stored[row[0]] = row
            else:
                later.append(i)
        if later:
            # Another transaction committed these ids meanwhile: compare with its rows.
            theirs = self._lock_existing(tx, "registration", _REG_COLS, [rows[i][0] for i in later])
            before.update(theirs)
            stored.update(theirs)
        # In request order, so a repeated id is compared with what its first occurrence left.
        for i in sorted({first[i] for i in ids if results[first[i]] is None} | set(repeats)):
            results[i] = self._compare_registration(tx, rows[i], stored, now, scope)
        # The rollups move from what each changed id held before this batch to what it holds
        # now, in the batch's own transaction (several changes to one id net out here).
        changed = sorted({r.id for r in results if r is not None and r.status in _CHANGES})
        rollup.batch_changes((before.get(i), stored[i]) for i in changed).apply(tx, self.dialect)
        return [r for r in results if r is not None]

    def _compare_registration(
        self,
        tx: Tx,
        row: tuple[Any, ...],
        stored: dict[str, tuple[Any, ...]],
        now: str,
        scope: Scope,
    ) -> ItemResult:
        reg_id, revision = row[0], row[15]
        current = stored[reg_id]
        refused = refusal(scope, current, row)
        if refused:
            return ItemResult(reg_id, revision, CONFLICT, refused)
        have = current[15]
        if revision == have:
            if tuple(current) == tuple(row):
                return ItemResult(reg_id, revision, DUPLICATE)
            return ItemResult(
                reg_id,
                revision,
                CONFLICT,
                f"the server holds revision {have} of this id with other content"
                f" / serveren har version {have} af dette id med andet indhold",
            )
        if revision < have:
            return ItemResult(
                reg_id,
                revision,
                CONFLICT,
                f"stale revision: the server holds revision {have}"
                f" / forældet version: serveren har version {have}",
            )
        tx.execute(
            f"INSERT INTO registration_history ({REG_STORED_COLS}, superseded_at)"
            f" SELECT {REG_STORED_COLS}, ? FROM registration WHERE id = ?",
            [now, reg_id],
        )
        tx.execute(_UPDATE_REGISTRATION, [*row[1:], *row_hash(reg_id, revision), now, reg_id])
        stored[reg_id] = row
        return ItemResult(reg_id, revision, UPDATED)

    def _apply_totals(
        self, tx: Tx, rows: Sequence[tuple[Any, ...]], origin: str | None, now: str, scope: Scope
    ) -> list[ItemResult]:
        # Totals are a handful per municipality and year: one statement each is plenty.
        ids = sorted({r[0] for r in rows})
        stored = self._lock_existing(tx, "total", _TOTAL_COLS, ids)
        out: list[ItemResult] = []
        for row in rows:
            total_id, revision = row[0], row[10]
            current = stored.get(total_id)
            refused = None if current is None else refusal(scope, current, row)
            if current is None:
                tx.execute(_INSERT_TOTAL, [*row, origin, now, now])
                stored[total_id] = row
                out.append(ItemResult(total_id, revision, ACCEPTED))
            elif refused:
                out.append(ItemResult(total_id, revision, CONFLICT, refused))
            elif revision == current[10] and tuple(current) == tuple(row):
                out.append(ItemResult(total_id, revision, DUPLICATE))
            elif revision <= current[10]:
                out.append(
                    ItemResult(
                        total_id,
                        revision,
                        CONFLICT,
                        f"the server holds revision {current[10]}"
                        f" / serveren har version {current[10]}",
                    )
                )
            else:
                tx.execute(
                    f"INSERT INTO total_history ({_TOTAL_STORED_COLS}, superseded_at)"
                    f" SELECT {_TOTAL_STORED_COLS}, ? FROM total WHERE id = ?",
                    [now, total_id],
                )
                tx.execute(_UPDATE_TOTAL, [*row[1:], now, total_id])
                stored[total_id] = row
                out.append(ItemResult(total_id, revision, UPDATED))
        return out

    # -- reads ----------------------------------------------------------------------------

    def receipt(self, scope: Scope) -> Receipt:
        clauses, params = scope.where()
        where = " AND ".join(["deleted = 0", *clauses])
        with self._read() as tx:
            row = tx.one(
                "SELECT COUNT(*), COALESCE(SUM(count), 0), COALESCE(SUM(test_mode), 0),"
                f" COALESCE(SUM(h_hi), 0), COALESCE(SUM(h_lo), 0) FROM registration WHERE {where}",
                params,
            )
            totals = tx.all(f"SELECT id, revision FROM total WHERE {where}", params)
        assert row is not None
        t_hi = t_lo = 0
        for total_id, revision in totals:
            hi, lo = row_hash(total_id, revision)
            t_hi += hi
            t_lo += lo
        return Receipt(
            count=int(row[0]),
            inquiries=int(row[1]),
            test_count=int(row[2]),
            checksum=format_checksum(int(row[3]), int(row[4])),
            totals=len(totals),
            totals_checksum=format_checksum(t_hi, t_lo),
        )

    def held_ids(self, scope: Scope) -> tuple[list[tuple[str, int]], list[tuple[str, int]]]:
        """(id, revision) of the registrations and totals a receipt counts, in id order: what
        a desk compares with its own when the checksums differ."""
        clauses, params = scope.where()
        where = " AND ".join(["deleted = 0", *clauses])
        with self._read() as tx:
            regs = tx.all(
                f"SELECT id, revision FROM registration WHERE {where} ORDER BY id", params
            )
            tots = tx.all(f"SELECT id, revision FROM total WHERE {where} ORDER BY id", params)
        return [(str(i), int(r)) for i, r in regs], [(str(i), int(r)) for i, r in tots]

    def _export_sql(self, query: ExportQuery) -> tuple[str, list[Any]]:
        clauses, params = query.scope.where()
        if query.start is not None:
            clauses.append("saved_at >= ?")
            params.append(query.start)
        if query.end is not None:
            clauses.append("saved_at < ?")
            params.append(query.end)
        if not query.include_test:
            clauses.append("test_mode = 0")
        if not query.include_deleted:
            clauses.append("deleted = 0")
        where = (" WHERE " + " AND ".join(clauses)) if clauses else ""
        return where, params

    def export_sql(self, query: ExportQuery) -> tuple[str, list[Any]]:
        where, params = self._export_sql(query)
        return f"SELECT {_REG_COLS} FROM registration{where} ORDER BY saved_at, id", params

    def figures(self, query: ExportQuery) -> list[tuple[str, str, int, int]]:
        """(direction, channel, rows, inquiries) for published figures: test mode left out."""
        where, params = self._export_sql(query)
        with self._read() as tx:
            rows = tx.all(
                "SELECT direction, channel, COUNT(*), COALESCE(SUM(count), 0)"
                f" FROM registration{where}"
                " GROUP BY direction, channel ORDER BY direction, channel",
                params,
            )
        return [(r[0], r[1], int(r[2]), int(r[3])) for r in rows]

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


def _now() -> str:
    return timeutil.to_db(timeutil.now())
