"""A desk's everyday reads go through the time indexes, not the wide report index.

SQLite has no statistics here, so its choice depends on the SQL alone and is the same on ten
rows as on a million: each statement the desk runs is captured and its plan read back.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from itertools import islice
from pathlib import Path

from tracetool.desk.beside import counts, day_query, period_query
from tracetool.store.db import open_database
from tracetool.store.registrations import Query, RegistrationStore


def plans(store: RegistrationStore, read: Callable[[], object]) -> list[str]:
    """The query plan of every SELECT on registration that ``read`` runs."""
    statements: list[str] = []
    conn = store.db.conn
    conn.set_trace_callback(statements.append)
    try:
        read()
    finally:
        conn.set_trace_callback(None)
    found = []
    for sql in statements:
        if sql.lstrip().upper().startswith("SELECT") and "FROM registration" in sql:
            plan = conn.execute(f"EXPLAIN QUERY PLAN {sql}").fetchall()
            found.append(" | ".join(str(step[3]) for step in plan))
    assert found, "no statement seen"
    return found


def test_a_days_counts_and_list_use_the_time_indexes(tmp_path: Path) -> None:
    store = RegistrationStore(open_database(tmp_path / "t.db"))
    day = date(2026, 11, 23)
    unit_day = day_query(day, "259borgerservice", include_test=False)
    whole_day = day_query(day, None, include_test=False)
    for q in (unit_day, whole_day, period_query(day, day, "259borgerservice", False)):
        for plan in (
            *plans(store, lambda q=q: counts(store.db, q)),
            *plans(store, lambda q=q: store.count(q)),
            *plans(store, lambda q=q: list(islice(store.query(q, order="saved_at DESC"), 5))),
        ):
            assert "idx_registration_report" not in plan
            assert "saved_at (" in plan, plan  # a range search on a time index
    [listed] = plans(store, lambda: list(store.query(Query())))
    assert "idx_registration_saved_at" in listed and "report" not in listed


def test_the_report_still_walks_the_report_index(tmp_path: Path) -> None:
    store = RegistrationStore(open_database(tmp_path / "t.db"))
    where, params = Query().where()
    plan = store.db.conn.execute(
        f"EXPLAIN QUERY PLAN SELECT channel, type, SUM(count) FROM registration{where} "
        "GROUP BY channel, type",
        params,
    ).fetchall()
    assert "COVERING INDEX idx_registration_report" in " ".join(str(p[3]) for p in plan)
