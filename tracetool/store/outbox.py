"""The outbox: every local change waiting to reach the collector, in order.

An entry is removed only after the collector has answered for it, so a crash or a lost
response leaves it pending and the next sync sends it again (the collector deduplicates by id
and revision). Entries are queued by a trigger on the registration table (see migrations).
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
    """The collector has answered for these entries: they leave the outbox."""
    if not seqs:
        return
    with db.atomic():
        db.conn.executemany("DELETE FROM outbox WHERE seq = ?", [(s,) for s in seqs])
        settings_put_last_sent(db)


def queue(db: Database, entity: str, entity_id: str, revision: int) -> None:
    """Queue a change of something other than a registration (e.g. a total)."""
    db.execute(
        "INSERT INTO outbox (entity, entity_id, revision, queued_at) VALUES (?, ?, ?, ?)",
        [entity, entity_id, revision, timeutil.to_db(timeutil.now())],
    )


def settings_put_last_sent(db: Database) -> None:
    db.execute(
        "INSERT INTO setting (key, value) VALUES ('last_sent_at', ?) "
        "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        [timeutil.to_db(timeutil.now())],
    )
