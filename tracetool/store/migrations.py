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
    db.table("registration").create(
        _REGISTRATION_COLUMNS,
        pk="id",
        not_null={"municipality", "direction", "channel", "task", "type", "closing", "saved_at"},
        defaults={"answers": "{}", "test_mode": 0, "count": 1, "revision": 1, "deleted": 0},
    )
    reg = db.table("registration")
    # Reports filter by period, unit and test mode and group by channel/type/task.
    reg.create_index(["saved_at"])
    reg.create_index(["unit", "saved_at"])
    reg.create_index(["device", "saved_at"])
    reg.create_index(["channel", "saved_at"])
    reg.create_index(["task"])
    db.execute(
        "CREATE UNIQUE INDEX idx_registration_import_key ON registration(import_key) "
        "WHERE import_key IS NOT NULL"
    )
    # Every earlier version of a corrected or deleted registration, for audit and for sync.
    db.table("registration_history").create(
        {**_REGISTRATION_COLUMNS, "superseded_at": str},
        pk=("id", "revision"),
    )
    db.table("outbox").create(
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
    db.table("setting").create({"key": str, "value": str}, pk="key")


@migrations()
def m002_kle(db: Database) -> None:
    db.table("kle_subject").create(
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
    db.table("kle_subject").create_index(["active", "level"])  # type: ignore[union-attr]


@migrations()
def m003_totals(db: Database) -> None:
    # Totals (total-tal): all inquiries per channel and period from the municipality's systems.
    db.table("total").create(
        {
            "id": str,
            "municipality": int,
            "unit": str,
            "channel": str,
            "direction": str,
            "from_date": str,
            "to_date": str,
            "count": int,
            "source": str,
            "created_at": str,
            "revision": int,
            "deleted": int,
        },
        pk="id",
        not_null={"municipality", "channel", "from_date", "to_date", "count"},
        defaults={"revision": 1, "deleted": 0, "unit": ""},
    )
    db.table("total").create_index(["channel", "unit", "from_date"])  # type: ignore[union-attr]


@migrations()
def m004_outbox_trigger(db: Database) -> None:
    # Every row version written to `registration` queues itself: no code path (save, bulk
    # import, correction, tombstone) can forget the outbox, and it costs one statement less.
    # Sent entries are deleted rather than marked, so the outbox holds only what is pending
    # and needs no index beyond its key.
    db.execute("DROP INDEX idx_outbox_pending")
    db.execute(
        """
        CREATE TRIGGER registration_to_outbox AFTER INSERT ON registration
        BEGIN
            INSERT INTO outbox (entity, entity_id, revision, queued_at)
            VALUES ('registration', NEW.id, NEW.revision, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));
        END
        """
    )


@migrations()
def m005_kle_search(db: Database) -> None:
    # Search walks an index of folded words instead of parsing the keywords JSON of every
    # subject per keystroke; WITHOUT ROWID makes a prefix range a single covering B-tree walk.
    db.execute(
        """
        CREATE TABLE kle_term (
            id INTEGER PRIMARY KEY,
            nr TEXT NOT NULL,
            is_title INTEGER NOT NULL,
            text TEXT NOT NULL,
            folded TEXT NOT NULL,
            weight INTEGER NOT NULL
        )
        """
    )
    db.execute("CREATE INDEX idx_kle_term_nr ON kle_term(nr)")
    # The term's nr, weight and length are repeated here so that a prefix scan reads this
    # table alone: three B-tree lookups per matching word made a one-letter query cost 150 ms.
    # active and is_title lead the key so that a scan skips expired subjects (the 2015 plan
    # alone has 1,500 titles ending in "udgået") and can walk titles without keywords.
    db.execute(
        """
        CREATE TABLE kle_word (
            active INTEGER NOT NULL,
            is_title INTEGER NOT NULL,
            word TEXT NOT NULL,
            term INTEGER NOT NULL,
            pos INTEGER NOT NULL,
            nr TEXT NOT NULL,
            weight INTEGER NOT NULL,
            nwords INTEGER NOT NULL,
            PRIMARY KEY (active, is_title, word, term, pos)
        ) WITHOUT ROWID
        """
    )
    # Which edition is loaded decides whether the next file may overwrite it; the log also
    # answers "which KLE did this desk count against?" afterwards.
    db.table("kle_import").create(
        {
            "id": int,
            "edition": str,
            "format": str,
            "imported_at": str,
            "forced": int,
            "subjects": int,
            "new": int,
            "updated": int,
            "expired": int,
            "unchanged": int,
            "total_active": int,
        },
        pk="id",
    )
    from tracetool.store.kle import reindex_all  # the index is derived data; one builder

    reindex_all(db)


@migrations()
def m006_report_index(db: Database) -> None:
    # The report groups a million rows by their codes: with the codes in this order after the
    # deletion flag, SQLite aggregates while walking this index alone instead of sorting every
    # row (11 s → 0.7 s on 1M rows). test_mode comes after the codes so that a report with
    # test data walks it the same way; saved_at, started_at and count make it covering for the
    # period filter, the hour buckets and the registration timer too.
    db.execute(
        "CREATE INDEX idx_registration_report ON registration("
        "deleted, channel, type, closing, form, task, unit, direction, test_mode, "
        "saved_at, started_at, count)"
    )


@migrations()
def m007_sync_rejection(db: Database) -> None:
    # Items the collector refused (invalid, conflict), so `sync status` can say which and why.
    # The sync used to create this table itself on first use; IF NOT EXISTS keeps those
    # stores' tables and their rows as they are.
    db.execute(
        """
        CREATE TABLE IF NOT EXISTS sync_rejection (
            entity TEXT NOT NULL,
            entity_id TEXT NOT NULL,
            revision INTEGER,
            status TEXT NOT NULL,
            reason TEXT,
            at TEXT NOT NULL,
            PRIMARY KEY (entity, entity_id)
        )
        """
    )


@migrations()
def m008_exclusion_rules(db: Database) -> None:
    # The analyst's cleaning, kept as rules rather than deletions so each can be undone. The
    # lists are JSON arrays; "" in units/except_units stands for rows without a unit.
    db.execute(
        """
        CREATE TABLE IF NOT EXISTS exclusion_rule (
            id INTEGER PRIMARY KEY,
            from_date TEXT,
            to_date TEXT,
            units TEXT NOT NULL DEFAULT '[]',
            except_units TEXT NOT NULL DEFAULT '[]',
            channels TEXT NOT NULL DEFAULT '[]',
            sources TEXT NOT NULL DEFAULT '[]',
            reason TEXT NOT NULL,
            created_at TEXT NOT NULL
        )
        """
    )
    # Reports filter and exclusion rules name the source too: with it at the end the report
    # index stays covering for them. Answers are read from their own partial index, which
    # holds only the rows that have answers.
    db.execute("DROP INDEX IF EXISTS idx_registration_report")
    db.execute(
        "CREATE INDEX idx_registration_report ON registration("
        "deleted, channel, type, closing, form, task, unit, direction, test_mode, "
        "saved_at, started_at, count, source)"
    )
    db.execute(
        "CREATE INDEX idx_registration_answers ON registration("
        "deleted, task, answers, test_mode, saved_at, unit, channel, type, source, count) "
        "WHERE answers != '{}'"
    )


@migrations()
def m009_local_tasks(db: Database) -> None:
    # A municipality's own names for its task codes (codebook import-tasks).
    db.execute(
        """
        CREATE TABLE IF NOT EXISTS local_task (
            code TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            source TEXT,
            imported_at TEXT NOT NULL
        )
        """
    )


def apply(db: Database) -> None:
    migrations.apply(db)
