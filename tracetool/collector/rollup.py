"""Rollups for the dashboards: counts per municipality and Danish day, kept current by ingest.

A national collector holds tens of millions of registrations; the overview and a municipality
page must answer in well under a second, so they never read ``registration``. They read these
small tables instead, which every batch updates in its own transaction (new rows added,
a correction's old version subtracted and its new one added, a deletion subtracted), so a
dashboard is exactly as current as the data and no background job can fall behind.

Tables (every count is inquiries, ``n``: a mass registration of N counts N; ``test`` is the
test-mode flag, kept so a coordinator may look at a trial while published figures leave it out):

- ``dash_day``   day × municipality × channel: n, rows, closed at once, form yes, form no.
  The overview's source; ``dash_month`` holds the same per calendar month, so a year-long
  period reads twelve months instead of 365 days.
- ``dash_type``  municipality × day × channel × inquiry type.
- ``dash_task``  municipality × day × task.
- ``dash_hour``  municipality × day × Danish hour of the day.
- ``dash_unit``  municipality × day × unit × channel (with the same measures as dash_day).

Closing and form are measures, not keys: that keeps ``dash_day`` at about twenty rows per
municipality and day however the inquiries are closed. Days and hours are Danish (Europe/
Copenhagen), derived from the UTC hour of ``saved_at``; Denmark's offset is always whole hours,
so an UTC hour maps to exactly one Danish day and hour.

Several collector processes update the same rollup rows; each batch aggregates its changes
first and writes them in one sorted statement per table, so two batches lock shared rows in the
same order and cannot deadlock each other.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from functools import lru_cache
from operator import itemgetter
from typing import TYPE_CHECKING, Any

from tracetool import timeutil

if TYPE_CHECKING:
    # Only a type: storage imports the schema, which imports this module's DDL.
    from tracetool.collector.storage_base import Tx

# -- schema (one migration, shared by SQLite and PostgreSQL) ----------------------------------

# The PostgreSQL advisory lock key (with a municipality's number) that keeps one municipality's
# batches and a rebuild of its rollups apart.
REBUILD_LOCK = 7351299

_MEASURES = (
    "n BIGINT NOT NULL, straks BIGINT NOT NULL, form_ja BIGINT NOT NULL, form_nej BIGINT NOT NULL"
)

DDL: tuple[str, ...] = (
    f"""CREATE TABLE dash_day (
        day TEXT NOT NULL, municipality INTEGER NOT NULL, channel TEXT NOT NULL,
        direction TEXT NOT NULL, test INTEGER NOT NULL, r BIGINT NOT NULL, {_MEASURES},
        PRIMARY KEY (day, municipality, channel, direction, test))""",
    # The overview reads a period for every municipality (the key's day first); a municipality
    # page reads one municipality's period (this index).
    "CREATE INDEX dash_day_municipality ON dash_day (municipality, day)",
    f"""CREATE TABLE dash_month (
        month TEXT NOT NULL, municipality INTEGER NOT NULL, channel TEXT NOT NULL,
        direction TEXT NOT NULL, test INTEGER NOT NULL, r BIGINT NOT NULL, {_MEASURES},
        PRIMARY KEY (month, municipality, channel, direction, test))""",
    """CREATE TABLE dash_type (
        municipality INTEGER NOT NULL, day TEXT NOT NULL, channel TEXT NOT NULL,
        direction TEXT NOT NULL, type TEXT NOT NULL, test INTEGER NOT NULL, n BIGINT NOT NULL,
        PRIMARY KEY (municipality, day, channel, direction, type, test))""",
    """CREATE TABLE dash_task (
        municipality INTEGER NOT NULL, day TEXT NOT NULL, task TEXT NOT NULL,
        test INTEGER NOT NULL, n BIGINT NOT NULL,
        PRIMARY KEY (municipality, day, task, test))""",
    """CREATE TABLE dash_hour (
        municipality INTEGER NOT NULL, day TEXT NOT NULL, hour INTEGER NOT NULL,
        test INTEGER NOT NULL, n BIGINT NOT NULL,
        PRIMARY KEY (municipality, day, hour, test))""",
    f"""CREATE TABLE dash_unit (
        municipality INTEGER NOT NULL, day TEXT NOT NULL, unit TEXT NOT NULL,
        channel TEXT NOT NULL, direction TEXT NOT NULL, test INTEGER NOT NULL, {_MEASURES},
        PRIMARY KEY (municipality, day, unit, channel, direction, test))""",
    # Signed-in browsers. Only a hash of the cookie's value is kept, as for API tokens, and a
    # revoked token ends its sessions at once (the session is looked up with its token).
    """CREATE TABLE web_session (
        id_hash TEXT PRIMARY KEY, account_id TEXT NOT NULL, csrf TEXT NOT NULL,
        created_at TEXT NOT NULL, expires_at TEXT NOT NULL)""",
    "CREATE INDEX web_session_expires ON web_session (expires_at)",
)

# (table, key columns, measure columns), in the order batches write them.
TABLES: tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...] = (
    ("dash_day", ("day", "municipality", "channel", "direction", "test"),
     ("r", "n", "straks", "form_ja", "form_nej")),
    ("dash_month", ("month", "municipality", "channel", "direction", "test"),
     ("r", "n", "straks", "form_ja", "form_nej")),
    ("dash_type", ("municipality", "day", "channel", "direction", "type", "test"), ("n",)),
    ("dash_task", ("municipality", "day", "task", "test"), ("n",)),
    ("dash_hour", ("municipality", "day", "hour", "test"), ("n",)),
    ("dash_unit", ("municipality", "day", "unit", "channel", "direction", "test"),
     ("n", "straks", "form_ja", "form_nej")),
)  # fmt: skip

_INT_KEYS = frozenset({"municipality", "test", "hour"})


@lru_cache(maxsize=1 << 16)
def local_hour(utc_hour: str) -> tuple[str, int]:
    """``2026-10-19T07`` (the first 13 characters of a stored UTC time) → (Danish day, hour)."""
    moment = datetime.strptime(utc_hour, "%Y-%m-%dT%H").replace(tzinfo=UTC)
    here = timeutil.local(moment)
    return here.date().isoformat(), here.hour


# -- changes of one batch ---------------------------------------------------------------------

# Positions in a stored row (wire column order, see sync.protocol.REGISTRATION_COLUMNS).
_MUNI, _UNIT, _DIR, _CHAN, _TASK, _TYPE, _CLOS, _FORM, _SAVED = 1, 2, 3, 4, 5, 6, 7, 8, 10
_TEST, _COUNT, _DELETED = 13, 14, 16


class Changes:
    """What a batch adds to and subtracts from the rollups, aggregated before any write.

    A batch holds up to 10,000 rows, nearly all of them new, single inquiries (count 1): those
    are counted per table key with ``Counter(zip(...))``, which runs in C, and only the distinct
    keys are then folded into Danish days and hours in Python. Mass registrations, rows taken
    out (corrections) and pre-summed groups (a rebuild) take the plain path, one row at a time.
    """

    def __init__(self) -> None:
        self._ones: list[Sequence[Any]] = []
        # (municipality, UTC hour, unit, direction, channel, task, type, closing, form, test)
        # → [inquiries, rows]
        self._weighted: dict[tuple[Any, ...], list[int]] = {}

    def add(self, row: Sequence[Any], sign: int = 1) -> None:
        """Count a stored row (wire order) in (sign 1) or out (sign -1); tombstones count 0."""
        if row[_DELETED]:
            return
        if sign == 1 and row[_COUNT] == 1:
            self._ones.append(row)
            return
        key = (
            row[_MUNI], row[_SAVED][:13], row[_UNIT] or "", row[_DIR], row[_CHAN], row[_TASK],
            row[_TYPE], row[_CLOS], row[_FORM] or "", int(row[_TEST]),
        )  # fmt: skip
        self.add_grouped(key, sign * row[_COUNT], sign)

    def add_grouped(self, key: tuple[Any, ...], n: int, r: int) -> None:
        """A pre-summed group (key as in ``_weighted``), e.g. from a rebuild's GROUP BY."""
        acc = self._weighted.get(key)
        if acc is None:
            self._weighted[key] = [n, r]
        else:
            acc[0] += n
            acc[1] += r

    def tables(self) -> dict[str, dict[tuple[Any, ...], list[int]]]:
        """Per table: key → measures (in TABLES order), zero changes left out."""
        out: dict[str, dict[tuple[Any, ...], list[int]]] = {t[0]: {} for t in TABLES}
        day_t, month_t, type_t = out["dash_day"], out["dash_month"], out["dash_type"]
        task_t, hour_t, unit_t = out["dash_task"], out["dash_hour"], out["dash_unit"]
        ones = self._ones
        if ones:
            muni = list(map(itemgetter(_MUNI), ones))
            local = list(map(local_hour, [r[_SAVED][:13] for r in ones]))
            days = list(map(itemgetter(0), local))
            unit = [r[_UNIT] or "" for r in ones]
            direction = list(map(itemgetter(_DIR), ones))
            channel = list(map(itemgetter(_CHAN), ones))
            closing = list(map(itemgetter(_CLOS), ones))
            form = [r[_FORM] or "" for r in ones]
            test = [int(r[_TEST]) for r in ones]
            kinds = map(itemgetter(_TYPE), ones)
            type_t.update(
                (k, [n])
                for k, n in Counter(
                    zip(muni, days, channel, direction, kinds, test, strict=True)
                ).items()
            )
            tasks = map(itemgetter(_TASK), ones)
            task_t.update(
                (k, [n]) for k, n in Counter(zip(muni, days, tasks, test, strict=True)).items()
            )
            hours = map(itemgetter(1), local)
            hour_t.update(
                (k, [n]) for k, n in Counter(zip(muni, days, hours, test, strict=True)).items()
            )
            units = Counter(
                zip(muni, days, unit, channel, direction, test, closing, form, strict=True)
            )
            for (m, day, u, c, d, t, cl, f), n in units.items():
                s = n if cl == "STRAKS" else 0
                ja = n if f == "JA" else 0
                nej = n if f == "NEJ" else 0
                _bump(unit_t, (m, day, u, c, d, t), (n, s, ja, nej))
                _bump(day_t, (day, m, c, d, t), (n, n, s, ja, nej))
        for key, (n, r) in self._weighted.items():
            if not n and not r:
                continue
            m, h, u, d, c, k, ty, cl, f, t = key
            day, hour = local_hour(h)
            s = n if cl == "STRAKS" else 0
            ja = n if f == "JA" else 0
            nej = n if f == "NEJ" else 0
            _bump(day_t, (day, m, c, d, t), (r, n, s, ja, nej))
            _bump(type_t, (m, day, c, d, ty, t), (n,))
            _bump(task_t, (m, day, k, t), (n,))
            _bump(hour_t, (m, day, hour, t), (n,))
            _bump(unit_t, (m, day, u, c, d, t), (n, s, ja, nej))
        for (day, m, c, d, t), values in day_t.items():
            _bump(month_t, (day[:7], m, c, d, t), values)
        return {name: {k: v for k, v in table.items() if any(v)} for name, table in out.items()}

    def apply(self, tx: Tx, dialect: str) -> None:
        """Write the changes inside the caller's transaction (the batch's own)."""
        tables = self.tables()
        for name, keys, measures in TABLES:
            if tables[name]:
                upsert(tx, dialect, name, keys, measures, tables[name])


def _bump(
    table: dict[tuple[Any, ...], list[int]], key: tuple[Any, ...], values: Sequence[int]
) -> None:
    acc = table.get(key)
    if acc is None:
        table[key] = list(values)
    else:
        for i, v in enumerate(values):
            acc[i] += v


def upsert(
    tx: Tx,
    dialect: str,
    table: str,
    keys: Sequence[str],
    measures: Sequence[str],
    changes: dict[tuple[Any, ...], list[int]],
) -> None:
    """Add ``changes`` (key → measure deltas) to ``table``, in key order."""
    ordered = sorted(changes.items())
    cols = [*keys, *measures]
    conflict = f" ON CONFLICT ({', '.join(keys)}) DO UPDATE SET " + ", ".join(
        f"{m} = {table}.{m} + excluded.{m}" for m in measures
    )
    if dialect == "postgresql":
        # One statement for the whole table, whatever the batch's size: arrays in, unnest.
        columns: list[list[Any]] = [[] for _ in cols]
        for key, values in ordered:
            for i, v in enumerate((*key, *values)):
                columns[i].append(v)
        types = [
            "int[]" if c in _INT_KEYS else ("text[]" if c in keys else "bigint[]") for c in cols
        ]
        args = ", ".join(f"?::{t}" for t in types)
        tx.execute(
            f"INSERT INTO {table} ({', '.join(cols)}) SELECT * FROM unnest({args}){conflict}",
            columns,
        )
    else:
        marks = ", ".join("?" for _ in cols)
        tx.executemany(
            f"INSERT INTO {table} ({', '.join(cols)}) VALUES ({marks}){conflict}",
            [(*key, *values) for key, values in ordered],
        )


def batch_changes(
    changed: Iterable[tuple[Sequence[Any] | None, Sequence[Any]]],
) -> Changes:
    """(stored row before or None, stored row after) per registration a batch changed."""
    changes = Changes()
    for before, after in changed:
        if before is not None:
            changes.add(before, -1)
        changes.add(after, 1)
    return changes


# -- rebuilding from the registrations --------------------------------------------------------

_GROUP_COLS = (
    "municipality, substr(saved_at, 1, 13), COALESCE(unit, ''), direction, channel, task, type,"
    " closing, COALESCE(form, ''), test_mode"
)


def rebuild(tx: Tx, dialect: str, municipality: int | None = None) -> None:
    """Recompute the rollups from ``registration`` inside the caller's write transaction: every
    municipality's, or only ``municipality``'s (the others' rows are left as they are).

    Concurrent batches wait until it commits, so nothing is counted twice or missed. SQLite:
    the write transaction itself. PostgreSQL: for every municipality a SHARE lock on
    ``registration``; for one, an exclusive advisory lock on that municipality, which only its
    own batches take (shared), so the others' batches go on meanwhile.
    """
    if dialect == "postgresql":
        if municipality is None:
            tx.execute("LOCK TABLE registration IN SHARE MODE")
        else:
            tx.execute("SELECT pg_advisory_xact_lock(?, ?)", [REBUILD_LOCK, municipality])
    where, only, params = _scope(municipality)
    for name, _, _ in TABLES:
        tx.execute(f"DELETE FROM {name}{where}", params)
    if dialect == "postgresql":
        _rebuild_pg(tx, where, only, params)
        return
    changes = Changes()
    for row in tx.all(
        f"SELECT {_GROUP_COLS}, SUM(count), COUNT(*) FROM registration WHERE deleted = 0{only}"
        f" GROUP BY {_GROUP_COLS}",
        params,
    ):
        changes.add_grouped(tuple(row[:10]), int(row[10]), int(row[11]))
    changes.apply(tx, dialect)


def _scope(municipality: int | None) -> tuple[str, str, list[Any]]:
    """What narrows a rebuild to one municipality: as WHERE, as AND, and its parameters."""
    if municipality is None:
        return "", "", []
    return " WHERE municipality = ?", " AND municipality = ?", [municipality]


def _rebuild_pg(tx: Tx, where: str, only: str, params: list[Any]) -> None:
    # Set-based: one narrow pass over the registrations with Danish day and hour computed in
    # SQL, then one GROUP BY per rollup from that (much smaller) table.
    tx.execute("DROP TABLE IF EXISTS pg_temp.dash_src")
    tx.execute(
        "CREATE TEMP TABLE dash_src ON COMMIT DROP AS"
        " SELECT municipality, to_char(l, 'YYYY-MM-DD') AS day, extract(hour FROM l)::int AS hour,"
        " unit, direction, channel, task, type, test, n, r, straks, form_ja, form_nej FROM ("
        "  SELECT municipality, (h::timestamptz AT TIME ZONE 'Europe/Copenhagen') AS l, unit,"
        "   direction, channel, task, type, test, n, r, straks, form_ja, form_nej FROM ("
        "    SELECT municipality, substr(saved_at, 1, 13) || ':00:00Z' AS h,"
        "     COALESCE(unit, '') AS unit, direction, channel, task, type, test_mode AS test,"
        "     SUM(count) AS n, COUNT(*) AS r,"
        "     SUM(CASE WHEN closing = 'STRAKS' THEN count ELSE 0 END) AS straks,"
        "     SUM(CASE WHEN form = 'JA' THEN count ELSE 0 END) AS form_ja,"
        "     SUM(CASE WHEN form = 'NEJ' THEN count ELSE 0 END) AS form_nej"
        f"    FROM registration WHERE deleted = 0{only}"
        "    GROUP BY 1, 2, 3, 4, 5, 6, 7, 8) g) s",
        params,
    )
    sums = "SUM(n), SUM(straks), SUM(form_ja), SUM(form_nej)"
    tx.execute(
        "INSERT INTO dash_day (day, municipality, channel, direction, test, r, n, straks,"
        f" form_ja, form_nej) SELECT day, municipality, channel, direction, test, SUM(r), {sums}"
        " FROM dash_src GROUP BY 1, 2, 3, 4, 5"
    )
    # From dash_day, which holds the other municipalities too when only one is rebuilt.
    tx.execute(
        "INSERT INTO dash_month (month, municipality, channel, direction, test, r, n, straks,"
        " form_ja, form_nej) SELECT substr(day, 1, 7), municipality, channel, direction, test,"
        " SUM(r), SUM(n), SUM(straks), SUM(form_ja), SUM(form_nej)"
        f" FROM dash_day{where} GROUP BY 1, 2, 3, 4, 5",
        params,
    )
    tx.execute(
        "INSERT INTO dash_type (municipality, day, channel, direction, type, test, n)"
        " SELECT municipality, day, channel, direction, type, test, SUM(n)"
        " FROM dash_src GROUP BY 1, 2, 3, 4, 5, 6"
    )
    tx.execute(
        "INSERT INTO dash_task (municipality, day, task, test, n)"
        " SELECT municipality, day, task, test, SUM(n) FROM dash_src GROUP BY 1, 2, 3, 4"
    )
    tx.execute(
        "INSERT INTO dash_hour (municipality, day, hour, test, n)"
        " SELECT municipality, day, hour, test, SUM(n) FROM dash_src GROUP BY 1, 2, 3, 4"
    )
    tx.execute(
        "INSERT INTO dash_unit (municipality, day, unit, channel, direction, test, n, straks,"
        f" form_ja, form_nej) SELECT municipality, day, unit, channel, direction, test, {sums}"
        " FROM dash_src GROUP BY 1, 2, 3, 4, 5, 6"
    )


def snapshot(tx: Tx) -> dict[str, dict[tuple[Any, ...], tuple[int, ...]]]:
    """Every rollup's non-zero rows, for tests that compare incremental with rebuilt."""
    out: dict[str, dict[tuple[Any, ...], tuple[int, ...]]] = {}
    for name, keys, measures in TABLES:
        rows = tx.all(f"SELECT {', '.join((*keys, *measures))} FROM {name}")
        k = len(keys)
        out[name] = {
            tuple(r[:k]): tuple(int(v) for v in r[k:]) for r in rows if any(int(v) for v in r[k:])
        }
    return out
