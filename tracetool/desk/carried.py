"""Carried values: what a new line starts from, taken from this desk's own history."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

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


# A desk's recent past is its habit; older rows would only slow the start on a large store.
HABIT_ROWS = 5000


@dataclass
class Habit:
    """How one task is usually registered at this desk: counts of its types, closings and
    form answers (the form only from channels that ask it)."""

    types: Counter[str] = field(default_factory=Counter)
    closings: Counter[str] = field(default_factory=Counter)
    forms: Counter[str] = field(default_factory=Counter)

    def learn(self, type: str, closing: str, form: str | None) -> None:
        self.types[type] += 1
        self.closings[closing] += 1
        if form is not None:
            self.forms[form] += 1

    @staticmethod
    def usual(counts: Counter[str]) -> str | None:
        return counts.most_common(1)[0][0] if counts else None


def task_habits(db: Database, unit: str) -> dict[str, Habit]:
    """Each task's habit from the unit's newest registrations (misdirected calls left out:
    FEJL belongs to its own call)."""
    rows = db.execute(
        "SELECT task, type, closing, form FROM registration WHERE unit = ? AND deleted = 0 "
        "AND type != 'FEJL' ORDER BY id DESC LIMIT ?",
        [unit, HABIT_ROWS],
    ).fetchall()
    habits: dict[str, Habit] = {}
    for task, kind, closing, form in rows:
        habits.setdefault(task, Habit()).learn(kind, closing, form)
    return habits
