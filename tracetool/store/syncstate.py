"""What the sync client reads from and records in the local store.

The outbox says what changed; the sync sends each changed row's *current* version (a
registration corrected twice offline travels once, at its newest revision) and removes every
entry up to that revision once the collector has answered for it.

Items the collector refused (invalid, conflict) are answered, so they leave the outbox like
any other; they are kept in ``sync_rejection`` (store migration m007) so ``sync status`` can
say which and why.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

from sqlite_utils import Database

from tracetool import timeutil
from tracetool.store import outbox, settings
from tracetool.store.registrations import COLUMNS
from tracetool.store.totals import COLUMNS as TOTAL_COLUMNS

LAST_SYNC_AT = "last_sync_at"
PLAN_SHA = "sync_plan_sha256"


class Pending(NamedTuple):
    seq: int
    entity_id: str
    revision: int


@dataclass(frozen=True)
class Rejection:
    entity: str
    entity_id: str
    revision: int | None
    status: str
    reason: str | None
    at: str


def pending(db: Database, entity: str, after: int, limit: int) -> list[Pending]:
    rows = db.execute(
        "SELECT seq, entity_id, revision FROM outbox"
        " WHERE entity = ? AND seq > ? AND sent_at IS NULL ORDER BY seq LIMIT ?",
        [entity, after, limit],
    ).fetchall()
    return list(map(Pending._make, rows))


def pending_by_entity(db: Database) -> dict[str, int]:
    rows = db.execute(
        "SELECT entity, COUNT(*) FROM outbox WHERE sent_at IS NULL GROUP BY entity ORDER BY entity"
    ).fetchall()
    return {r[0]: int(r[1]) for r in rows}


def _by_ids(
    db: Database, table: str, columns: Sequence[str], ids: list[str]
) -> dict[str, tuple[Any, ...]]:
    if not ids:
        return {}
    try:
        rows = db.execute(
            f"SELECT {', '.join(columns)} FROM {table}"
            " WHERE id IN (SELECT value FROM json_each(?))",
            [json.dumps(ids)],
        ).fetchall()
    except sqlite3.OperationalError:  # a store from before the table existed
        return {}
    return {r[0]: tuple(r) for r in rows}


_PENDING_JSON = (
    "SELECT o.seq, o.entity_id, o.revision, r.revision,"
    f" json_array({', '.join('r.' + c for c in COLUMNS)})"
    " FROM outbox o LEFT JOIN registration r ON r.id = o.entity_id"
    " WHERE o.entity = 'registration' AND o.seq > ? AND o.sent_at IS NULL ORDER BY o.seq LIMIT ?"
)


def pending_registrations(
    db: Database, after: int, limit: int
) -> list[tuple[int, str, int, int | None, str | None]]:
    """(seq, id, queued revision, current revision, current row as a JSON array) per entry.

    One join instead of the outbox and then the rows: for a large sync a third less work.
    The row's columns are NULL when the registration is gone (it cannot be sent).
    """
    rows: list[tuple[int, str, int, int | None, str | None]] = db.execute(
        _PENDING_JSON, [after, limit]
    ).fetchall()
    return rows


def total_rows(db: Database, ids: list[str]) -> dict[str, tuple[Any, ...]]:
    return _by_ids(db, "total", TOTAL_COLUMNS, ids)


def mark_sent(db: Database, seqs: list[int]) -> None:
    """The collector answered for these entries: they leave the outbox (see outbox.mark_sent).

    One statement per batch rather than one per entry: 100,000 entries in well under a second.
    """
    if not seqs:
        return
    with db.atomic():
        db.execute(
            "DELETE FROM outbox WHERE seq IN (SELECT value FROM json_each(?))", [json.dumps(seqs)]
        )
        outbox.settings_put_last_sent(db)


def record(
    db: Database, entity: str, outcomes: list[tuple[str, int | None, str, str | None]]
) -> None:
    """Remember refusals (invalid, conflict) and forget those a later answer resolved."""
    refused = [
        (entity, i, rev, st, why) for i, rev, st, why in outcomes if st in ("invalid", "conflict")
    ]
    fine = [(entity, i) for i, _, st, _ in outcomes if st not in ("invalid", "conflict")]
    if not refused and not fine:
        return
    now = timeutil.to_db(timeutil.now())
    with db.atomic():
        if refused:
            db.conn.executemany(
                "INSERT OR REPLACE INTO sync_rejection"
                " (entity, entity_id, revision, status, reason, at) VALUES (?, ?, ?, ?, ?, ?)",
                [(*r, now) for r in refused],
            )
        if fine and _has_rejections(db):
            db.conn.executemany(
                "DELETE FROM sync_rejection WHERE entity = ? AND entity_id = ?", fine
            )


def _has_rejections(db: Database) -> bool:
    return db.execute("SELECT 1 FROM sync_rejection LIMIT 1").fetchone() is not None


def rejections(db: Database) -> list[Rejection]:
    rows = db.execute(
        "SELECT entity, entity_id, revision, status, reason, at FROM sync_rejection"
        " ORDER BY at, entity_id"
    ).fetchall()
    return [Rejection(*r) for r in rows]


def held_registrations(db: Database) -> Iterator[tuple[str, int]]:
    """(id, revision) of every registration this store holds that is not deleted."""
    yield from db.execute("SELECT id, revision FROM registration WHERE deleted = 0")


def held_totals(db: Database) -> Iterator[tuple[str, int]]:
    try:
        rows = db.execute("SELECT id, revision FROM total WHERE deleted = 0").fetchall()
    except sqlite3.OperationalError:
        return
    yield from rows


def last_sync_at(db: Database) -> str | None:
    return settings.get(db, LAST_SYNC_AT)


def set_last_sync_at(db: Database) -> str:
    value = timeutil.to_db(timeutil.now())
    settings.put(db, LAST_SYNC_AT, value)
    return value


def requeue(db: Database, entity: str, ids: Sequence[str]) -> int:
    """Queue these ids again at the revision held here (deletions too); ids this store does not
    hold are skipped. How many were queued."""
    table = "registration" if entity == "registration" else "total"
    now = timeutil.to_db(timeutil.now())
    with db.atomic():
        cursor = db.execute(
            "INSERT INTO outbox (entity, entity_id, revision, queued_at)"
            f" SELECT ?, id, revision, ? FROM {table}"
            " WHERE id IN (SELECT value FROM json_each(?))",
            [entity, now, json.dumps(list(ids))],
        )
    return int(cursor.rowcount)
