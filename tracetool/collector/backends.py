"""Which storage backend a database URL names: the one place that knows both subclasses."""

from __future__ import annotations

from tracetool.collector.storage import SqlStorage
from tracetool.errors import TracetoolError


def open_storage(url: str, *, migrate: bool = True) -> SqlStorage:
    """``sqlite:///path`` or ``postgresql://...`` → a migrated storage."""
    storage: SqlStorage
    # Imported when chosen: psycopg is heavy, and an SQLite collector never needs it.
    if url.startswith("sqlite:"):
        from tracetool.collector.sqlite import SqliteStorage

        storage = SqliteStorage.from_url(url)
    elif url.startswith(("postgresql:", "postgres:")):
        from tracetool.collector.postgres import PostgresStorage

        storage = PostgresStorage(url)
    else:
        raise TracetoolError(
            f"ukendt database-URL {url!r}; brug sqlite:///sti/til/fil.db eller postgresql://..."
        )
    if migrate:
        try:
            storage.migrate()
        except Exception:
            storage.close()
            raise
    return storage
