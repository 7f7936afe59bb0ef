"""Totals in the local store: add, import, list, delete (tombstone).

Each change is one transaction with its outbox entry (entity "total"), as for registrations.
The new rows are written before the overlap check: the write takes SQLite's write lock, so two
desks adding overlapping totals at the same moment cannot both pass the check.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlite_utils import Database

from tracetool import timeutil
from tracetool.errors import NotFoundError, TracetoolError
from tracetool.locale import translator
from tracetool.plan.totals import Total, require_no_conflicts

_ = translator("core")

COLUMNS = (
    "id",
    "municipality",
    "unit",
    "channel",
    "direction",
    "from_date",
    "to_date",
    "count",
    "source",
    "created_at",
    "revision",
    "deleted",
)
_SELECT = "SELECT " + ", ".join(COLUMNS) + " FROM total"
_INSERT = (
    "INSERT INTO total ("
    + ", ".join(COLUMNS)
    + ") VALUES ("
    + ", ".join("?" for _ in COLUMNS)
    + ")"
)
_OUTBOX = "INSERT INTO outbox (entity, entity_id, revision, queued_at) VALUES (?, ?, ?, ?)"
_OVERLAP = (
    _SELECT + " WHERE channel = ? AND unit = ? AND municipality = ? AND deleted = 0"
    " AND from_date <= ? AND to_date >= ? AND id != ? ORDER BY from_date"
)


def to_row(total: Total) -> tuple[Any, ...]:
    return (
        total.id,
        total.municipality,
        total.unit,
        total.channel,
        total.direction,
        total.from_date.isoformat(),
        total.to_date.isoformat(),
        total.count,
        total.source,
        timeutil.to_db(total.created_at),
        total.revision,
        int(total.deleted),
    )


def from_row(row: Sequence[Any]) -> Total:
    return Total(
        id=row[0],
        municipality=row[1],
        unit=row[2] or "",
        channel=row[3],
        direction=row[4],
        from_date=date.fromisoformat(row[5]),
        to_date=date.fromisoformat(row[6]),
        count=row[7],
        source=row[8],
        created_at=timeutil.from_db(row[9]),
        revision=row[10],
        deleted=bool(row[11]),
    )


class TotalStore:
    def __init__(self, db: Database) -> None:
        self.db = db

    def _queue(self, total: Total) -> None:
        self.db.execute(
            _OUTBOX, ["total", total.id, total.revision, timeutil.to_db(timeutil.now())]
        )

    def overlapping(self, total: Total) -> list[Total]:
        """Live totals for the same channel, unit and municipality whose period overlaps."""
        rows = self.db.execute(
            _OVERLAP,
            [
                total.channel,
                total.unit,
                total.municipality,
                total.to_date.isoformat(),
                total.from_date.isoformat(),
                total.id,
            ],
        ).fetchall()
        return [from_row(r) for r in rows]

    def add(self, total: Total) -> Total:
        """Save one total; refused, naming the existing one, when its period overlaps."""
        self.add_many([("", total)])
        return total

    def add_many(self, items: Sequence[tuple[str, Total]]) -> int:
        """Save all of ``items`` ((where, total) pairs) or none; returns how many were saved.

        ``where`` (e.g. "linje 3") names each total in the refusal when it overlaps one
        already in the store.
        """
        conflicts: list[tuple[str, Total, Total]] = []
        with self.db.atomic():
            for _line, total in items:
                try:
                    self.db.execute(_INSERT, to_row(total))
                except Exception as exc:  # sqlite3.IntegrityError on a reused id
                    raise TracetoolError(
                        _("totaltallet {id} findes allerede").format(id=total.id)
                    ) from exc
            new_ids = {t.id for _line, t in items}
            for where, total in items:
                conflicts += [
                    (where, total, old) for old in self.overlapping(total) if old.id not in new_ids
                ]
            # Raising inside the transaction rolls back every row written above.
            require_no_conflicts(conflicts)
            for _line, total in items:
                self._queue(total)
        return len(items)

    def get(self, total_id: str) -> Total:
        row = self.db.execute(_SELECT + " WHERE id = ?", [total_id]).fetchone()
        if row is None and len(total_id) >= 8:
            matches = self.db.execute(
                _SELECT + " WHERE id LIKE ? LIMIT 2", [total_id.lower() + "%"]
            ).fetchall()
            row = matches[0] if len(matches) == 1 else None
        if row is None:
            raise NotFoundError(_("intet totaltal med id {total_id!r}").format(total_id=total_id))
        return from_row(row)

    def delete(self, total_id: str) -> Total:
        """A tombstone with a new revision, so that the deletion reaches the collector."""
        old = self.get(total_id)
        if old.deleted:
            raise TracetoolError(_("totaltallet {id} er allerede slettet").format(id=old.id))
        new = old.but(deleted=True, revision=old.revision + 1)
        with self.db.atomic():
            cur = self.db.execute(
                "UPDATE total SET deleted = 1, revision = ? WHERE id = ? AND revision = ?",
                [new.revision, old.id, old.revision],
            )
            if cur.rowcount != 1:
                raise TracetoolError(
                    _("totaltallet {id} er ændret imens; prøv igen").format(id=old.id)
                )
            self._queue(new)
        return new

    def list_all(self, *, include_deleted: bool = False) -> list[Total]:
        where = "" if include_deleted else " WHERE deleted = 0"
        rows = self.db.execute(
            _SELECT + where + " ORDER BY channel, unit, from_date, id"
        ).fetchall()
        return [from_row(r) for r in rows]

    def in_period(
        self, start: date | None, end: date | None, unit: str | None = None
    ) -> list[Total]:
        """Live totals whose period overlaps [start, end] (days, both included)."""
        clauses = ["deleted = 0"]
        params: list[Any] = []
        if start is not None:
            clauses.append("to_date >= ?")
            params.append(start.isoformat())
        if end is not None:
            clauses.append("from_date <= ?")
            params.append(end.isoformat())
        if unit is not None:
            clauses.append("unit = ?")
            params.append(unit)
        rows = self.db.execute(
            _SELECT + " WHERE " + " AND ".join(clauses) + " ORDER BY channel, unit, from_date",
            params,
        ).fetchall()
        return [from_row(r) for r in rows]
