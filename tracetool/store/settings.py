"""Small key/value settings kept in the store (device id, test mode, current unit)."""

from __future__ import annotations

from sqlite_utils import Database

from tracetool.model import new_id


def get(db: Database, key: str, default: str | None = None) -> str | None:
    row = db.execute("SELECT value FROM setting WHERE key = ?", [key]).fetchone()
    return row[0] if row else default


def put(db: Database, key: str, value: str) -> None:
    with db.atomic():
        db.table("setting").upsert({"key": key, "value": value}, pk="key")


def device_id(db: Database) -> str:
    """This store's identity: undo works on what this device saved."""
    existing = get(db, "device_id")
    if existing:
        return existing
    made = new_id()
    put(db, "device_id", made)
    return made


def test_mode(db: Database) -> bool | None:
    value = get(db, "test_mode")
    return None if value is None else value == "1"


def set_test_mode(db: Database, on: bool) -> None:
    put(db, "test_mode", "1" if on else "0")
