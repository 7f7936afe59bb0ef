"""Versioned schema of the local store; each migration runs once, in its own transaction."""

from __future__ import annotations

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

migrations = Migrations("tracetool")

_REGISTRATION_COLUMNS: dict[str, type] = {
    "id": str,
    "municipality": int,
    "unit": str,
    "direction": str,
    "channel": str,
    "task": str,
    "type": str,
    "closing": str,
    "form": str,
    "started_at": str,
    "saved_at": str,
    "answers": str,
    "source": str,
    "test_mode": int,
    "count": int,
    "revision": int,
    "deleted": int,
    "device": str,
    "import_key": str,
}


@migrations()
def m001_registrations(db: Database) -> None:
    db["registration"].create(
        _REGISTRATION_COLUMNS,
        pk="id",
        not_null={"municipality", "direction", "channel", "task", "type", "closing", "saved_at"},
        defaults={"answers": "{}", "test_mode": 0, "count": 1, "revision": 1, "deleted": 0},
    )
    reg = db["registration"]
    # Reports filter by period, unit and test mode and group by channel/type/task.
    reg.create_index(["saved_at"])  # type: ignore[union-attr]
    reg.create_index(["unit", "saved_at"])  # type: ignore[union-attr]
    reg.create_index(["device", "saved_at"])  # type: ignore[union-attr]
    reg.create_index(["channel", "saved_at"])  # type: ignore[union-attr]
    reg.create_index(["task"])  # type: ignore[union-attr]
    db.execute(
        "CREATE UNIQUE INDEX idx_registration_import_key ON registration(import_key) "
        "WHERE import_key IS NOT NULL"
    )
    # Every earlier version of a corrected or deleted registration, for audit and for sync.
    db["registration_history"].create(
        {**_REGISTRATION_COLUMNS, "superseded_at": str},
        pk=("id", "revision"),
    )
    db["outbox"].create(
        {
            "seq": int,
            "entity": str,
            "entity_id": str,
            "revision": int,
            "queued_at": str,
            "sent_at": str,
        },
        pk="seq",
    )
    db.execute("CREATE INDEX idx_outbox_pending ON outbox(seq) WHERE sent_at IS NULL")
    db["setting"].create({"key": str, "value": str}, pk="key")


@migrations()
def m002_kle(db: Database) -> None:
    db["kle_subject"].create(
        {
            "nr": str,
            "level": str,
            "title": str,
            "parent": str,
            "created": str,
            "changed": str,
            "expired": str,
            "moved": str,
            "moved_to": str,
            "active": int,
            "keywords": str,
            "edition": str,
            "imported_at": str,
        },
        pk="nr",
    )
    db["kle_subject"].create_index(["active", "level"])  # type: ignore[union-attr]


def apply(db: Database) -> None:
    migrations.apply(db)
