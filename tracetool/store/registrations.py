"""Registrations in the local store: save, correct, delete (tombstone), query.

Every change is one transaction that also queues an outbox entry, so the sync never misses a
change and a crash never leaves a saved registration without its outbox entry.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlite_utils import Database

from tracetool import timeutil
from tracetool.errors import NotFoundError, TracetoolError
from tracetool.locale import translator
from tracetool.model import EDITABLE_FIELDS, Registration

_ = translator("core")

COLUMNS = (
    "id",
    "municipality",
    "unit",
    "direction",
    "channel",
    "task",
    "type",
    "closing",
    "form",
    "started_at",
    "saved_at",
    "answers",
    "source",
    "test_mode",
    "count",
    "revision",
    "deleted",
    "device",
    "import_key",
)
_SELECT = "SELECT " + ", ".join(COLUMNS) + " FROM registration"
_INSERT = (
    "INSERT INTO registration ("
    + ", ".join(COLUMNS)
    + ") VALUES ("
    + ", ".join("?" for _ in COLUMNS)
    + ")"
)
_INSERT_IGNORE = _INSERT.replace("INSERT INTO", "INSERT OR IGNORE INTO")


def to_row(reg: Registration) -> tuple[Any, ...]:
    return (
        reg.id,
        reg.municipality,
        reg.unit,
        reg.direction,
        reg.channel,
        reg.task,
        reg.type,
        reg.closing,
        reg.form,
        timeutil.to_db(reg.started_at) if reg.started_at else None,
        timeutil.to_db(reg.saved_at),
        json.dumps(reg.answers, ensure_ascii=False, sort_keys=True) if reg.answers else "{}",
        reg.source,
        int(reg.test_mode),
        reg.count,
        reg.revision,
        int(reg.deleted),
        reg.device,
        reg.import_key,
    )


def from_row(row: tuple[Any, ...]) -> Registration:
    return Registration(
        id=row[0],
        municipality=row[1],
        unit=row[2],
        direction=row[3],
        channel=row[4],
        task=row[5],
        type=row[6],
        closing=row[7],
        form=row[8],
        started_at=timeutil.from_db(row[9]) if row[9] else None,
        saved_at=timeutil.from_db(row[10]),
        answers=json.loads(row[11]) if row[11] and row[11] != "{}" else {},
        source=row[12],
        test_mode=bool(row[13]),
        count=row[14],
        revision=row[15],
        deleted=bool(row[16]),
        device=row[17],
        import_key=row[18],
    )


@dataclass(frozen=True)
class Query:
    """Which registrations: a period in UTC (end exclusive), unit, channel, test mode, ..."""

    start: datetime | None = None
    end: datetime | None = None
    unit: str | None = None
    channel: str | None = None
    device: str | None = None
    include_test: bool = False
    include_deleted: bool = False

    def where(self, *, by_time: bool = False) -> tuple[str, list[Any]]:
        """The SQL WHERE and its values.

        ``by_time`` keeps SQLite off the wide report index (deleted, codes, ...; migration
        m006), which pays only when most of the table is read, as a report does. A desk's day,
        or rows listed in time order, are found fastest through the time indexes (saved_at,
        unit + saved_at): on 1,000,000 rows a unit's counts for a day take 27 ms that way and
        2.4 s through the report index. The unary + hides the flags from the index choice.
        """
        flag = "+" if by_time else ""
        clauses: list[str] = []
        params: list[Any] = []
        if self.start is not None:
            clauses.append("saved_at >= ?")
            params.append(timeutil.to_db(self.start))
        if self.end is not None:
            clauses.append("saved_at < ?")
            params.append(timeutil.to_db(self.end))
        for column in ("unit", "channel", "device"):
            value = getattr(self, column)
            if value is not None:
                clauses.append(f"{column} = ?")
                params.append(value)
        if not self.include_test:
            clauses.append(f"{flag}test_mode = 0")
        if not self.include_deleted:
            clauses.append(f"{flag}deleted = 0")
        return (" WHERE " + " AND ".join(clauses) if clauses else ""), params


class RegistrationStore:
    def __init__(self, db: Database) -> None:
        self.db = db

    def save(self, reg: Registration) -> Registration:
        """Insert one registration; a trigger queues its outbox entry in the same transaction."""
        conn = self.db.conn
        row = to_row(reg)
        try:
            conn.execute("BEGIN")
            conn.execute(_INSERT, row)
            conn.execute("COMMIT")
        except sqlite3.IntegrityError as exc:
            conn.rollback()
            raise TracetoolError(
                _("registreringen {id} findes allerede").format(id=reg.id)
            ) from exc
        except BaseException:
            conn.rollback()
            raise
        return reg

    def save_many(self, regs: Iterable[Registration]) -> tuple[int, int]:
        """Insert many in one transaction; rows whose import_key exists are skipped.

        Returns (inserted, already present).
        """
        inserted = skipped = 0
        conn = self.db.conn
        with self.db.atomic():
            for reg in regs:
                if conn.execute(_INSERT_IGNORE, to_row(reg)).rowcount == 1:
                    inserted += 1
                else:
                    skipped += 1
        return inserted, skipped

    def get(self, reg_id: str) -> Registration:
        """By full id, or by a unique start or end of it (at least six characters)."""
        row = self.db.execute(_SELECT + " WHERE id = ?", [reg_id]).fetchone()
        if row is None and len(reg_id) >= 6:
            part = reg_id.lower().replace("%", "").replace("_", "")
            matches = self.db.execute(
                _SELECT + " WHERE id LIKE ? OR id LIKE ? LIMIT 2", [part + "%", "%" + part]
            ).fetchall()
            if len(matches) > 1:
                raise NotFoundError(
                    _("id {reg_id!r} passer på flere registreringer; skriv mere").format(
                        reg_id=reg_id
                    )
                )
            row = matches[0] if matches else None
        if row is None:
            raise NotFoundError(_("ingen registrering med id {reg_id!r}").format(reg_id=reg_id))
        return from_row(row)

    def history(self, reg_id: str) -> list[Registration]:
        cols = ", ".join(COLUMNS)
        rows = self.db.execute(
            f"SELECT {cols} FROM registration_history WHERE id = ? ORDER BY revision", [reg_id]
        ).fetchall()
        return [from_row(r) for r in rows]

    def _supersede(self, old: Registration, new: Registration) -> Registration:
        cols = ", ".join(COLUMNS)
        with self.db.atomic():
            current = self.db.execute(
                "SELECT revision FROM registration WHERE id = ?", [old.id]
            ).fetchone()
            if current is None or current[0] != old.revision:
                raise TracetoolError(
                    _("registreringen {id} er ændret imens; prøv igen").format(id=old.id)
                )
            self.db.execute(
                f"INSERT INTO registration_history ({cols}, superseded_at) "
                f"SELECT {cols}, ? FROM registration WHERE id = ?",
                [timeutil.to_db(timeutil.now()), old.id],
            )
            self.db.execute("DELETE FROM registration WHERE id = ?", [old.id])
            self.db.execute(_INSERT, to_row(new))
        return new

    def correct(self, reg_id: str, **changes: Any) -> Registration:
        """A correction: the previous version goes to history, the revision goes up by one."""
        unknown = set(changes) - set(EDITABLE_FIELDS)
        if unknown:
            raise TracetoolError(
                _("kan ikke rette felt(er): {unknown}").format(unknown=", ".join(sorted(unknown)))
            )
        old = self.get(reg_id)
        if old.deleted:
            raise TracetoolError(
                _("registreringen {id} er slettet og kan ikke rettes").format(id=old.id)
            )
        return self._supersede(old, old.but(**changes, revision=old.revision + 1))

    def delete(self, reg_id: str) -> Registration:
        """A tombstone: kept (with history) so the deletion reaches the collector."""
        old = self.get(reg_id)
        if old.deleted:
            raise TracetoolError(_("registreringen {id} er allerede slettet").format(id=old.id))
        return self._supersede(old, old.but(deleted=True, revision=old.revision + 1))

    def last_saved(self, device: str) -> Registration | None:
        """The last registration this device made that is not deleted (what undo removes).

        By id, not by time: a back-dated paper entry is still the last one made.
        """
        row = self.db.execute(
            _SELECT + " WHERE device = ? AND deleted = 0 ORDER BY id DESC LIMIT 1",
            [device],
        ).fetchone()
        return from_row(row) if row else None

    def query(
        self, q: Query | None = None, *, order: str = "saved_at, id"
    ) -> Iterator[Registration]:
        where, params = (q or Query()).where(by_time=True)
        for row in self.db.execute(f"{_SELECT}{where} ORDER BY {order}", params):
            yield from_row(row)

    def count(self, q: Query | None = None) -> int:
        """Inquiries (not rows): a mass registration of N counts N."""
        where, params = (q or Query()).where(by_time=True)
        row = self.db.execute(f"SELECT COALESCE(SUM(count), 0) FROM registration{where}", params)
        return int(row.fetchone()[0])
