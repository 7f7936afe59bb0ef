"""The outbox: every local change waiting to reach the collector, in order.

An entry is marked sent only after the collector has answered for it, so a crash or a lost
response leaves it pending and the next sync sends it again (the collector deduplicates by id
and revision).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlite_utils import Database

from tracetool import timeutil


@dataclass(frozen=True)
class Entry:
    seq: int
    entity: str
    entity_id: str
    revision: int


def pending(db: Database, limit: int = 1000, after: int = 0) -> list[Entry]:
    rows = db.execute(
        "SELECT seq, entity, entity_id, revision FROM outbox "
        "WHERE sent_at IS NULL AND seq > ? ORDER BY seq LIMIT ?",
        [after, limit],
    ).fetchall()
    return [Entry(*r) for r in rows]


def pending_count(db: Database) -> int:
    return int(db.execute("SELECT COUNT(*) FROM outbox WHERE sent_at IS NULL").fetchone()[0])


def mark_sent(db: Database, seqs: list[int]) -> None:
    if not seqs:
        return
    now = timeutil.to_db(timeutil.now())
    with db.atomic():
        db.conn.executemany(
            "UPDATE outbox SET sent_at = ? WHERE seq = ? AND sent_at IS NULL",
            [(now, s) for s in seqs],
        )
