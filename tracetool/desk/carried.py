"""Carried values: what a new line starts from, taken from this desk's own history."""

from __future__ import annotations

from sqlite_utils import Database

from tracetool.model import Registration
from tracetool.store.registrations import COLUMNS, from_row


def last_for_unit(db: Database, unit: str) -> Registration | None:
    """The unit's newest registration by creation (ids are time-ordered UUIDv7), not by date,
    so a back-entered paper sheet from last week does not become the default."""
    cols = ", ".join(COLUMNS)
    row = db.execute(
        f"SELECT {cols} FROM registration WHERE unit = ? AND deleted = 0 ORDER BY id DESC LIMIT 1",
        [unit],
    ).fetchone()
    return from_row(row) if row else None
