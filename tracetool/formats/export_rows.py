"""The rows an export writes: which registrations, in which order, as which field texts."""

from __future__ import annotations

import json
import sqlite3
from bisect import bisect_left
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from operator import itemgetter
from typing import Any

from tracetool import timeutil
from tracetool.codes.codebook import Codebook
from tracetool.formats.columns import (
    datakilde,
)
from tracetool.model import Source
from tracetool.plan.model import Plan
from tracetool.store.exclusions import ExclusionRule, excluded_sql

PROGRESS_EVERY = 50_000


_CHUNK_LINES = 4_000


Progress = Callable[[int, int | None], None]


# The order in which _field_maker returns the fixed fields; writers pick from it by column name.
_FIELD_ORDER = (
    "municipality_name",
    "municipality",
    "unit",
    "task",
    "channel",
    "type",
    "closing",
    "form",
    "saved_at",
    "started_at",
    "ended_at",
    "source",
)


_FIELD_INDEX = {name: i for i, name in enumerate(_FIELD_ORDER)}


# Row shape read from the store: eleven columns for ordinary rows; mass registrations also need
# their id (their order within a day) and their count.
_ROW_SQL = (
    "municipality, unit, task, channel, type, closing, form, started_at, saved_at, answers, source"
)


_ROW_FULL_SQL = _ROW_SQL + ", id, count"


_R_SAVED, _R_ID, _R_COUNT = 8, 11, 12


_MASS = "(count > 1 OR source = 'mass')"


@dataclass(frozen=True)
class ExportFilter:
    """Which registrations: Danish days ``start``..``end`` (both included), unit, channel."""

    start: date | None = None
    end: date | None = None
    unit: str | None = None
    channel: str | None = None
    include_test: bool = False
    exclusions: tuple[ExclusionRule, ...] = ()  # rows these rules match are left out

    def period(self) -> tuple[list[str], list[Any]]:
        """The SQL conditions (and their values) for the days alone, on saved_at."""
        clauses: list[str] = []
        params: list[Any] = []
        if self.start is not None:
            clauses.append("saved_at >= ?")
            params.append(timeutil.to_db(timeutil.day_start_utc(self.start)))
        if self.end is not None:
            clauses.append("saved_at < ?")
            params.append(timeutil.to_db(timeutil.day_start_utc(self.end + timedelta(days=1))))
        return clauses, params

    def where(self, clause: str | None = None) -> tuple[str, list[Any]]:
        """The SQL WHERE for these registrations (never deleted ones), plus ``clause``."""
        clauses, params = self.period()
        if self.unit is not None:
            clauses.append("unit = ?")
            params.append(self.unit)
        if self.channel is not None:
            clauses.append("channel = ?")
            params.append(self.channel)
        # The unary + keeps SQLite off the wide report index (deleted, channel, ...): it would
        # find the rows and then sort them all, where the saved_at index yields them in order.
        if not self.include_test:
            clauses.append("+test_mode = 0")
        clauses.append("+deleted = 0")
        if self.exclusions:
            excluded, values = excluded_sql(self.exclusions)
            clauses.append(f"NOT {excluded}")
            params += values
        if clause:
            clauses.append(clause)
        return " WHERE " + " AND ".join(clauses), params


@dataclass(frozen=True)
class ExtraColumn:
    """One column per optional or extra question: its answer key and its header text."""

    key: str
    header: str


class _LocalTime:
    """UTC store text → Danish wall-clock text, a dict lookup per row instead of a tz conversion.

    Denmark's offset is a whole number of hours and changes only on the hour, so one conversion
    per UTC hour serves every minute and second in it. An hour where that would not hold (none
    since 1894, but the check is cheap) falls back to a full conversion per row.
    """

    def __init__(self) -> None:
        self._hours: dict[str, str] = {}

    def hour(self, key: str) -> str:
        """``YYYY-MM-DDTHH`` (UTC) → ``dd-mm-yyyy HH`` (Danish), or "" when not whole-hour."""
        start = datetime.strptime(key, "%Y-%m-%dT%H").replace(tzinfo=UTC)
        first = timeutil.local(start)
        last = timeutil.local(start + timedelta(minutes=59, seconds=59))
        offset = first.utcoffset()
        whole = offset is not None and offset == last.utcoffset() and offset.seconds % 3600 == 0
        prefix = first.strftime("%d-%m-%Y %H") if whole else ""
        self._hours[key] = prefix
        return prefix

    def text(self, stored: str) -> str:
        """``dd-mm-yyyy HH:MM:SS`` in Danish time for a stored UTC timestamp."""
        key = stored[:13]
        prefix = self._hours.get(key)
        if prefix is None:
            prefix = self.hour(key)
        if prefix:
            return prefix + stored[13:19]
        return timeutil.show(timeutil.from_db(stored))


def _day_start_key(local_text: str) -> str:
    """The store text of 00:00 Danish time on the day of ``dd-mm-yyyy ...``."""
    day = date(int(local_text[6:10]), int(local_text[3:5]), int(local_text[0:2]))
    return timeutil.to_db(timeutil.day_start_utc(day))


def _iso_utc(stored: str | None) -> str | None:
    """Store text → ISO 8601 UTC as ndjson writes it (fractions only when there are some)."""
    if not stored:
        return None
    if stored[19:26] == ".000000":
        return stored[:19] + "Z"
    return stored


def extra_columns(
    db: Any, codebook: Codebook, plan: Plan | None, where: ExportFilter
) -> list[ExtraColumn]:
    """The question columns after Datakilde, in a stable order.

    Optional parameters switched on for any unit of the plan or answered in the data (codebook
    order), then the plan's extra questions (plan order), then keys found in the data that
    neither knows (sorted, headed by the key itself) so that nothing answered is dropped.
    """
    sql, params = where.where("answers != '{}'")
    # Each distinct answer set is parsed once, not once per row that has it.
    sql = (
        "SELECT DISTINCT j.key FROM (SELECT DISTINCT answers FROM registration"
        f"{sql}) AS r, json_each(r.answers) AS j"
    )
    in_data = {str(r[0]) for r in db.execute(sql, params)}
    enabled = {p for u in plan.units for p in u.parameters} if plan is not None else set()
    columns: list[ExtraColumn] = []
    seen: set[str] = set()
    for param in codebook.parameters:
        if param.key in enabled or param.key in in_data:
            columns.append(ExtraColumn(param.key, param.da))
            seen.add(param.key)
    for question in plan.questions if plan is not None else ():
        if question.key not in seen:
            columns.append(ExtraColumn(question.key, question.text))
            seen.add(question.key)
    for key in sorted(in_data - seen):
        columns.append(ExtraColumn(key, key))
    return columns


def _quote(value: str, sep: str) -> str:
    """CSV quoting, only where a value needs it (Excel reads unquoted fields faster and nicer)."""
    if sep in value or '"' in value or "\n" in value or "\r" in value:
        return '"' + value.replace('"', '""') + '"'
    return value


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _typed(value: str, sep: str) -> str:
    """A value a person typed (a unit, a name, an answer) as a CSV cell Excel shows as text:
    one that would start a formula gets the usual leading apostrophe. Codes and numbers never
    come through here, so they are written untouched."""
    if value.startswith(_FORMULA_START):
        value = "'" + value
    return _quote(value, sep)


def _ordered(conn: sqlite3.Connection, where: ExportFilter) -> Iterator[Any]:
    """Rows in the order of the time the file will show: lists of ordinary rows (11 columns),
    with each mass registration (13 columns, a tuple) in its place between them.

    Mass registrations show 00:00:00 of their day, not the time they were saved, so they are
    read separately (they are few) and placed before the rows saved at or after the start of
    their day. Everything else streams in saved_at index order, in chunks, so the merge costs a
    binary search per chunk rather than a comparison per row.
    """
    sql_a, params_a = where.where(f"NOT {_MASS}")
    sql_b, params_b = where.where(_MASS)
    order = " ORDER BY saved_at, id"
    mass = conn.execute(f"SELECT {_ROW_FULL_SQL} FROM registration{sql_b}{order}", params_b)
    pending = _mass_by_day(mass)
    head = next(pending, None)
    rows = conn.execute(f"SELECT {_ROW_SQL} FROM registration{sql_a}{order}", params_a)
    saved_of = itemgetter(_R_SAVED)
    while chunk := rows.fetchmany(_CHUNK_LINES):
        while head is not None and head[0] <= chunk[-1][_R_SAVED]:
            cut = bisect_left(chunk, head[0], key=saved_of)
            if cut:
                yield chunk[:cut]
                chunk = chunk[cut:]
            yield head[2]
            head = next(pending, None)
        yield chunk
    while head is not None:
        yield head[2]
        head = next(pending, None)


def _mass_by_day(rows: Iterator[tuple[Any, ...]]) -> Iterator[tuple[str, str, tuple[Any, ...]]]:
    """(day start, id, row) for mass registrations, in that order; one day in memory at most."""
    local = _LocalTime()
    day_key = ""
    group: list[tuple[str, str, tuple[Any, ...]]] = []
    for row in rows:
        key = _day_start_key(local.text(row[_R_SAVED]))
        if key != day_key and group:
            yield from sorted(group, key=itemgetter(1))
            group = []
        day_key = key
        group.append((key, row[_R_ID], row))
    yield from sorted(group, key=itemgetter(1))


def _flat(items: Iterator[Any]) -> Iterator[tuple[Any, ...]]:
    for item in items:
        if type(item) is tuple:
            yield item
        else:
            yield from item


Fields = tuple[Any, ...]


def _field_maker(
    names: dict[int, str],
    extras: Sequence[ExtraColumn],
    *,
    minutes: bool,
    null: str,
    sep: str | None,
) -> Callable[[tuple[Any, ...]], tuple[Fields, int]]:
    """row → (fields in _FIELD_ORDER + one tail, how many inquiries the row stands for).

    With ``sep`` (a delimited file) free-text values are quoted where needed and the tail is
    the answer cells already joined, each preceded by ``sep``; without it (xlsx) the tail is a
    tuple of the answers. Everything that repeats is looked up in small dicts, not recomputed:
    this runs once per row of a million-row export.
    """
    local = _LocalTime()
    hours = local._hours
    hour = local.hour
    cut = 16 if minutes else 19
    midnight = " 00:00" if minutes else " 00:00:00"
    munis: dict[int, tuple[str, str]] = {}
    units: dict[str | None, str] = {None: null, "": null}
    kilder = {s.value: datakilde(s.value) for s in Source}
    keys = [c.key for c in extras]
    if sep is None:
        empty_tail: Any = ("",) * len(keys)
    else:
        empty_tail = sep * len(keys)

    def tail_of(answers: str) -> Any:
        given = json.loads(answers)
        values = [str(given.get(k, "")) for k in keys]
        if sep is None:
            return tuple(values)
        return "".join(sep + _typed(v, sep) for v in values)

    def muni_of(muni: int) -> tuple[str, str]:
        name = names.get(muni, "")
        pair = munis[muni] = (_typed(name, sep) if sep else name, str(muni))
        return pair

    def unit_of(unit: str) -> str:
        shown = units[unit] = _typed(unit, sep) if sep else unit
        return shown

    def fields(row: tuple[Any, ...]) -> tuple[Fields, int]:
        muni, unit, task, chan, typ, clos, form, started, saved, answers, source = row[:11]
        kom, number = munis.get(muni) or muni_of(muni)
        shown = units.get(unit) or unit_of(unit)
        prefix = hours.get(saved[:13])
        if prefix is None:
            prefix = hour(saved[:13])
        when = prefix + saved[13:cut] if prefix else local.text(saved)[:cut]
        kilde = kilder.get(source) or datakilde(source)
        tail = empty_tail if answers == "{}" or not answers else tail_of(answers)
        if len(row) > _R_COUNT and (row[_R_COUNT] > 1 or source == "mass"):
            day = when[:10] + midnight
            fixed = (kom, number, shown, task, chan, typ, clos, form or null, day, "", "", kilde)
            return (*fixed, tail), row[_R_COUNT]
        if started:
            start = started[:13]
            prefix = hours.get(start)
            if prefix is None:
                prefix = hour(start)
            start = prefix + started[13:cut] if prefix else local.text(started)[:cut]
            end = when
        else:
            start = end = ""
        codes = (kom, number, shown, task, chan, typ, clos, form or null)
        return (*codes, when, start, end, kilde, tail), 1

    return fields
