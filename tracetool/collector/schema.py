"""The collector's schema: one migration history for SQLite and PostgreSQL.

The DDL is written once in the subset both databases read the same way: TEXT, INTEGER, BIGINT,
composite keys, partial indexes. Times are fixed-width UTC text (``timeutil.to_db``), so they
sort and compare as time in both, and booleans are 0/1 integers. The only per-dialect piece is
how a migration run takes its lock (see the storages).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from tracetool.collector import rollup


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    statements: tuple[str, ...]
    # Run after the statements, in the same transaction, with (tx, dialect): for work SQL cannot
    # say the same way in both databases, such as filling new rollups from the rows already
    # held (Danish days and hours need a time-zone database that SQLite lacks).
    after: Callable[[Any, str], None] | None = None


_REGISTRATION_BODY = """
    id TEXT NOT NULL,
    municipality INTEGER NOT NULL,
    unit TEXT,
    direction TEXT NOT NULL,
    channel TEXT NOT NULL,
    task TEXT NOT NULL,
    type TEXT NOT NULL,
    closing TEXT NOT NULL,
    form TEXT,
    started_at TEXT,
    saved_at TEXT NOT NULL,
    answers TEXT NOT NULL,
    source TEXT NOT NULL,
    test_mode INTEGER NOT NULL,
    count INTEGER NOT NULL,
    revision INTEGER NOT NULL,
    deleted INTEGER NOT NULL,
    device TEXT,
    import_key TEXT,
    h_hi BIGINT NOT NULL,
    h_lo BIGINT NOT NULL,
    origin TEXT,
    received_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
"""

_TOTAL_BODY = """
    id TEXT NOT NULL,
    municipality INTEGER NOT NULL,
    unit TEXT,
    channel TEXT NOT NULL,
    direction TEXT,
    from_date TEXT NOT NULL,
    to_date TEXT NOT NULL,
    count BIGINT NOT NULL,
    source TEXT,
    created_at TEXT,
    revision INTEGER NOT NULL,
    deleted INTEGER NOT NULL,
    origin TEXT,
    received_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
"""

MIGRATIONS: tuple[Migration, ...] = (
    Migration(
        1,
        "initial",
        (
            """CREATE TABLE api_token (
                id TEXT PRIMARY KEY,
                token_hash TEXT NOT NULL UNIQUE,
                role TEXT NOT NULL,
                municipality INTEGER,
                unit TEXT,
                note TEXT,
                created_at TEXT NOT NULL,
                revoked_at TEXT
            )""",
            f"CREATE TABLE registration ({_REGISTRATION_BODY}, PRIMARY KEY (id))",
            # Export and figures read a municipality's period; a unit's receipt its unit.
            "CREATE INDEX registration_period ON registration (municipality, saved_at)",
            "CREATE INDEX registration_unit ON registration (municipality, unit, saved_at)",
            # A desk proves its delivery with the receipt of what it sent (its origin).
            "CREATE INDEX registration_origin ON registration (origin)",
            # Every superseded version, so a correction or deletion never destroys evidence.
            f"CREATE TABLE registration_history ({_REGISTRATION_BODY}, superseded_at TEXT NOT NULL,"
            " PRIMARY KEY (id, revision))",
            f"CREATE TABLE total ({_TOTAL_BODY}, PRIMARY KEY (id))",
            "CREATE INDEX total_period ON total (municipality, from_date)",
            f"CREATE TABLE total_history ({_TOTAL_BODY}, superseded_at TEXT NOT NULL,"
            " PRIMARY KEY (id, revision))",
            """CREATE TABLE plan (
                municipality INTEGER PRIMARY KEY,
                version INTEGER NOT NULL,
                text TEXT NOT NULL,
                sha256 TEXT NOT NULL,
                published_at TEXT NOT NULL,
                published_by TEXT
            )""",
            """CREATE TABLE plan_history (
                municipality INTEGER NOT NULL,
                version INTEGER NOT NULL,
                text TEXT NOT NULL,
                sha256 TEXT NOT NULL,
                published_at TEXT NOT NULL,
                published_by TEXT,
                PRIMARY KEY (municipality, version)
            )""",
        ),
    ),
    # The dashboards' rollups, kept current by every batch (see rollup.py), and browser sessions.
    Migration(2, "dashboards", rollup.DDL, after=rollup.rebuild),
)

SCHEMA_MIGRATIONS_DDL = """CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    applied_at TEXT NOT NULL
)"""

LATEST = MIGRATIONS[-1].version
