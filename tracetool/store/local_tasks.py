"""Names a municipality gives its task codes (``codebook import-tasks``), kept in the store.

The codebook's task catalogue names its own tasks; these names serve the codes it does not
hold (local tasks, group-level codes), ahead of KLE's titles, which name the subject rather than
the municipality's task.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlite_utils import Database

from tracetool import timeutil


@dataclass(frozen=True)
class SavedNames:
    new: int
    changed: int
    unchanged: int

    def as_dict(self) -> dict[str, Any]:
        return {"new": self.new, "changed": self.changed, "unchanged": self.unchanged}


def save(db: Database, names: dict[str, str], source: str) -> SavedNames:
    """Add or rename; names not in ``names`` stay (a list may cover only some tasks)."""
    known = all_names(db)
    new = sum(1 for code in names if code not in known)
    changed = sum(1 for code, name in names.items() if code in known and known[code] != name)
    at = timeutil.to_db(timeutil.now())
    with db.conn:
        db.conn.executemany(
            "INSERT INTO local_task (code, name, source, imported_at) VALUES (?, ?, ?, ?) "
            "ON CONFLICT (code) DO UPDATE SET name = excluded.name, source = excluded.source, "
            "imported_at = excluded.imported_at WHERE name != excluded.name",
            [(code, name, source, at) for code, name in names.items()],
        )
    return SavedNames(new, changed, len(names) - new - changed)


def all_names(db: Any) -> dict[str, str]:
    return {str(c): str(n) for c, n in db.execute("SELECT code, name FROM local_task")}


def name(db: Any, code: str) -> str | None:
    row = db.execute("SELECT name FROM local_task WHERE code = ?", [code]).fetchone()
    return str(row[0]) if row else None
