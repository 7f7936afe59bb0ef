"""Exports in the KOMHEN formats: ``dl``, ``upload``, ``xlsx`` and ``ndjson``.

The column names, delimiters, date layouts and null markers come from ``codebook/formats.toml``;
this module only knows what each named column means (``COLUMN_FIELDS``), so the importer and the
exporter read the same words the same way.

Every export streams from the store's cursor and writes to a temporary file beside the target
that replaces the target only when the whole export succeeded: a failed export never leaves a
half-written file for a coordinator to mail on.

Choices (ours, where KOMHEN is silent):

- Rows are ordered by the time written in the file, then by id, so that an export re-imported
  into a fresh store and exported again gives the same bytes.
- A mass registration (``count`` N, or source ``mass``) becomes N rows at 00:00:00 (Danish time)
  of its day, as Det Digitale Landkort wrote them; ``ndjson`` keeps it as one object with its
  count, because scripts want the registration, not its expansion.
- Characters that Windows-1252 cannot hold stop a cp1252 export with an error naming the line,
  the column and the value, and pointing to ``--encoding utf-8-sig``; no file is left behind. We
  do not replace them with ``?``: a silently altered unit or answer would split a report in two.
"""

from __future__ import annotations

import json
import os
import sqlite3
import tempfile
from bisect import bisect_left
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from operator import itemgetter
from pathlib import Path
from typing import IO, Any

from tracetool import timeutil
from tracetool.codebook import Codebook, FileFormat
from tracetool.errors import FileFormatError, TracetoolError
from tracetool.model import Source
from tracetool.plan import Plan
from tracetool.store import settings
from tracetool.store.registrations import COLUMNS

FORMATS = ("dl", "upload", "xlsx", "ndjson")
TEXT_ENCODINGS = {"cp1252": "Windows-1252", "utf-8-sig": "UTF-8 med BOM"}

DATAKILDE_DESK = "Tracetool"
DATAKILDE_DL = "DetDigitaleLandkort"
# Registered at a desk (by any of our front ends) versus uploaded or mass-registered.
DESK_SOURCES = frozenset(
    {Source.APP.value, Source.CLI.value, Source.PAPER.value, Source.DEMO.value}
)

# What each named column of formats.toml means. Import and export both read the header through
# this table; a column renamed in formats.toml without a matching entry here stops with an error
# instead of being written or read wrongly.
COLUMN_FIELDS: dict[str, str] = {
    # dl
    "Kommune": "municipality_name",
    "ID": "municipality",
    "Enhed": "unit",
    "Opgave": "task",
    "Kanal": "channel",
    "Type": "type",
    "Afslutning": "closing",
    "Blanket": "form",
    "Dato": "saved_at",
    "StartTidspunkt": "started_at",
    "SlutTidspunkt": "ended_at",
    "Datakilde": "source",
    # upload
    "KommuneID": "municipality",
    "KLE Opgave kode": "task",
    "Henvendelses Kanal": "channel",
    "Henvendelses type": "type",
}

# The settings key under which names of municipalities outside the plan are remembered (learned
# from the Kommune column of imported extracts), so that their rows export with their name.
MUNICIPALITY_NAME_KEY = "kommune_navn."

EXCEL_MAX_ROWS = 1_048_576
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


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def datakilde(source: str) -> str:
    """The Datakilde of a registration: registered at a desk, or uploaded/mass-registered."""
    return DATAKILDE_DESK if source in DESK_SOURCES else DATAKILDE_DL


@dataclass(frozen=True)
class ExportFilter:
    """Which registrations: Danish days ``start``..``end`` (both included), unit, channel."""

    start: date | None = None
    end: date | None = None
    unit: str | None = None
    channel: str | None = None
    include_test: bool = False

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
        if clause:
            clauses.append(clause)
        return " WHERE " + " AND ".join(clauses), params


@dataclass(frozen=True)
class ExportResult:
    path: Path
    format: str
    encoding: str | None
    rows: int
    registrations: int

    def as_dict(self) -> dict[str, Any]:
        return {
            "path": str(self.path),
            "format": self.format,
            "encoding": self.encoding,
            "rows": self.rows,
            "registrations": self.registrations,
        }


@dataclass(frozen=True)
class ExtraColumn:
    """One column per optional or extra question: its answer key and its header text."""

    key: str
    header: str


# -- time -----------------------------------------------------------------------------------


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


# -- what to write --------------------------------------------------------------------------


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


def municipality_names(db: Any, plan: Plan | None) -> dict[int, str]:
    """Names for the Kommune column: the plan's own, and those learned from imported extracts."""
    names: dict[int, str] = {}
    prefix = MUNICIPALITY_NAME_KEY
    rows = db.execute("SELECT key, value FROM setting WHERE key LIKE ?", [prefix + "%"])
    for key, value in rows:
        number = str(key)[len(prefix) :]
        if number.isdigit() and value:
            names[int(number)] = str(value)
    if plan is not None:
        names[plan.municipality] = plan.municipality_name
    return names


def remember_municipality_name(db: Any, number: int, name: str) -> None:
    settings.put(db, f"{MUNICIPALITY_NAME_KEY}{number}", name)


def _fields_of(fmt: FileFormat) -> list[str]:
    fields: list[str] = []
    for column in fmt.columns:
        field = COLUMN_FIELDS.get(column.name)
        if field is None:
            raise TracetoolError(
                f"formats.toml: kolonnen {column.name!r} i formatet {fmt.key} er ukendt for "
                "eksporten; opdatér COLUMN_FIELDS i tracetool/exporting.py"
            )
        fields.append(field)
    return fields


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
        return (
            kom,
            number,
            shown,
            task,
            chan,
            typ,
            clos,
            form or null,
            when,
            start,
            end,
            kilde,
            tail,
        ), 1

    return fields


# -- writers --------------------------------------------------------------------------------


def _encoding_error(
    out: Path,
    exc: UnicodeEncodeError,
    line_text: str,
    line_no: int,
    header: Sequence[str],
    sep: str,
) -> FileFormatError:
    bad = exc.object[exc.start : exc.end]
    cells = line_text.rstrip("\r\n").split(sep)
    column: str | int = "?"
    value = line_text.strip()
    for i, cell in enumerate(cells):
        if bad in cell:
            column = header[i] if i < len(header) else i + 1
            value = cell
            break
    return FileFormatError(
        str(out),
        f"tegnet {bad!r} kan ikke skrives i Windows-1252; brug --encoding utf-8-sig eller ret "
        "værdien",
        line=line_no,
        column=column,
        value=value,
    )


class _TextSink:
    """Lines → encoded bytes in chunks; finds the offending line only when encoding fails."""

    def __init__(
        self,
        fh: IO[bytes],
        out: Path,
        encoding: str,
        header: Sequence[str],
        sep: str,
        *,
        head: bool = True,
    ):
        self.fh = fh
        self.out = out
        self.codec = "utf-8" if encoding == "utf-8-sig" else encoding
        self.header = header
        self.sep = sep
        self.written = 0
        if encoding == "utf-8-sig" and head:
            fh.write(b"\xef\xbb\xbf")

    def write(self, lines: list[str]) -> None:
        try:
            self.fh.write("".join(lines).encode(self.codec))
        except UnicodeEncodeError:
            for i, text in enumerate(lines):
                try:
                    text.encode(self.codec)
                except UnicodeEncodeError as exc:
                    line_no = self.written + i + 1
                    raise _encoding_error(
                        self.out, exc, text, line_no, self.header, self.sep
                    ) from None
            raise
        self.written += len(lines)


@dataclass(frozen=True)
class DelimitedJob:
    """What a ``dl`` or ``upload`` export writes; picklable, so a second process can write a
    part of it (``out`` names the target in messages)."""

    out: Path
    fmt: FileFormat
    encoding: str
    where: ExportFilter
    names: dict[int, str]
    extras: tuple[ExtraColumn, ...]


def write_delimited(
    fh: IO[bytes],
    conn: sqlite3.Connection,
    job: DelimitedJob,
    progress: Progress | None,
    total: int | None,
    *,
    head: bool = True,
) -> tuple[int, int]:
    """Rows as delimited lines; ``head=False`` writes neither BOM nor header (a later part)."""
    fmt, names = job.fmt, job.names
    sep = fmt.delimiter
    null = fmt.null
    cols = list(job.extras) if fmt.extra else []
    header = [c.name for c in fmt.columns] + [c.header for c in cols]
    end = (sep if fmt.trailing else "") + "\r\n"
    # Columns in formats.toml's order: picked from the _FIELD_ORDER tuple and joined. When that
    # order is _FIELD_ORDER itself (dl), one f-string per row does the same at half the cost.
    order = _fields_of(fmt)
    pick = itemgetter(*[_FIELD_INDEX[f] for f in order])
    natural = tuple(order) == _FIELD_ORDER

    def line_of(*values: str) -> str:
        return sep.join(pick(values[:-1])) + values[-1] + end

    minutes = fmt.date.endswith("%M")
    cut = 16 if minutes else 19
    fields = _field_maker(names, cols, minutes=minutes, null=null, sep=sep)
    sink = _TextSink(fh, job.out, job.encoding, header, sep, head=head)
    if head:
        sink.write([sep.join(_quote(h, sep) for h in header) + end])

    # The loop below is the export's hot path (a million rows): everything that repeats is a
    # dict lookup, and the Danish time is one lookup per UTC hour plus string slicing.
    local = _LocalTime()
    hours = local._hours
    hour = local.hour
    kilders = {s.value: datakilde(s.value) for s in Source}.get
    munis: dict[int, tuple[str, str]] = {}
    units: dict[str | None, str] = {None: null, "": null}
    keys = [c.key for c in cols]
    empty_tail = sep * len(keys)
    rows = registrations = 0
    for chunk in _ordered(conn, job.where):
        lines: list[str] = []
        append = lines.append
        if type(chunk) is tuple:  # a mass registration: N identical rows
            values, n = fields(chunk)
            lines.extend([line_of(*values)] * n)
            rows += n
            registrations += 1
            sink.write(lines)
            continue
        for muni, unit, task, chan, typ, clos, form, started, saved, answers, source in chunk:
            pair = munis.get(muni)
            if pair is None:
                name = names.get(muni, "")
                pair = munis[muni] = (_typed(name, sep), str(muni))
            shown = units.get(unit)
            if shown is None:
                shown = units[unit] = _typed(unit, sep)
            prefix = hours.get(saved[:13])
            if prefix is None:
                prefix = hour(saved[:13])
            when = prefix + saved[13:cut] if prefix else local.text(saved)[:cut]
            if started:
                prefix = hours.get(started[:13])
                if prefix is None:
                    prefix = hour(started[:13])
                start = prefix + started[13:cut] if prefix else local.text(started)[:cut]
                ended = when
            else:
                start = ended = ""
            if answers == "{}":
                tail = empty_tail
            else:
                given = json.loads(answers)
                tail = "".join(sep + _typed(str(given.get(k, "")), sep) for k in keys)
            kilde = kilders(source) or datakilde(source)
            if natural:
                append(
                    f"{pair[0]}{sep}{pair[1]}{sep}{shown}{sep}{task}{sep}{chan}{sep}{typ}{sep}"
                    f"{clos}{sep}{form or null}{sep}{when}{sep}{start}{sep}{ended}{sep}{kilde}"
                    f"{tail}{end}"
                )
            else:
                fixed = (pair[0], pair[1], shown, task, chan, typ, clos, form or null)
                append(sep.join(pick((*fixed, when, start, ended, kilde))) + tail + end)
        rows += len(chunk)
        registrations += len(chunk)
        sink.write(lines)
        if progress is not None:
            progress(rows, total)
    return rows, registrations


def _excel_time(text: str) -> datetime | None:
    if not text:
        return None
    return datetime(
        int(text[6:10]),
        int(text[3:5]),
        int(text[0:2]),
        int(text[11:13]),
        int(text[14:16]),
        int(text[17:19]) if len(text) >= 19 else 0,
    )


def _write_xlsx(
    out_tmp: Path,
    codebook: Codebook,
    fmt: FileFormat,
    db: Any,
    where: ExportFilter,
    names: dict[int, str],
    extras: Sequence[ExtraColumn],
    task_title: Callable[[str], str],
    progress: Progress | None,
    total: int | None,
) -> tuple[int, int]:
    import xlsxwriter  # only this format needs it; keeps `import tracetool.exporting` light

    conn: sqlite3.Connection = db.conn
    # strings_to_numbers stays off: "23.05.10" and "259borgerservice" must stay text.
    book = xlsxwriter.Workbook(
        str(out_tmp),
        {"constant_memory": True, "strings_to_numbers": False, "strings_to_formulas": False},
    )
    bold = book.add_format({"bold": True})
    stamp = book.add_format({"num_format": "dd-mm-yyyy hh:mm:ss"})
    sheet = book.add_worksheet("Data")
    fields = _fields_of(fmt)
    header = [c.name for c in fmt.columns] + [c.header for c in extras]
    sheet.write_row(0, 0, header, bold)
    sheet.freeze_panes(1, 0)
    for i, name in enumerate(header):
        sheet.set_column(i, i, max(10, min(40, len(name) + 2)))
    date_cols = {i for i, f in enumerate(fields) if f in ("saved_at", "started_at", "ended_at")}
    muni_col = fields.index("municipality") if "municipality" in fields else -1
    order = [_FIELD_INDEX[f] for f in fields] + [len(_FIELD_ORDER) + i for i in range(len(extras))]
    rows = registrations = 0
    write_string = sheet.write_string
    make_fields = _field_maker(names, extras, minutes=False, null="", sep=None)
    for row in _flat(_ordered(conn, where)):
        found, n = make_fields(row)
        values = (*found[:-1], *found[-1])
        registrations += 1
        for _ in range(n):
            rows += 1
            for col, idx in enumerate(order):
                value = values[idx]
                if col in date_cols:
                    moment = _excel_time(value)
                    if moment is not None:
                        sheet.write_datetime(rows, col, moment, stamp)
                elif col == muni_col:
                    sheet.write_number(rows, col, int(value))
                elif value:
                    write_string(rows, col, value)
            if progress is not None and rows % PROGRESS_EVERY == 0:
                progress(rows, total)
    sheet.autofilter(0, 0, max(rows, 1), len(header) - 1)
    _codebook_sheet(book, bold, codebook, fmt, db, where, extras, task_title)
    book.close()
    return rows, registrations


def _codebook_sheet(
    book: Any,
    bold: Any,
    codebook: Codebook,
    fmt: FileFormat,
    db: Any,
    where: ExportFilter,
    extras: Sequence[ExtraColumn],
    task_title: Callable[[str], str],
) -> None:
    sheet = book.add_worksheet("Kodebog")
    sheet.set_column(0, 0, 22)
    sheet.set_column(1, 1, 16)
    sheet.set_column(2, 2, 60)
    sheet.set_column(3, 3, 40)
    sheet.write_row(0, 0, ["Felt", "Kode", "Betegnelse", "Bemærkning"], bold)
    entries: list[tuple[str, str, str, str]] = []
    for column in fmt.columns:
        entries.append(("Kolonne", column.name, column.da, f"fx {column.example}"))
    for code in codebook.directions:
        entries.append(("Retning", code.code, code.da, ""))
    for chan in codebook.channels:
        note = "indgående" if chan.direction == "IND" else "udgående"
        entries.append(("Kanal", chan.code, chan.da, note))
    groups = {g.code: g.da for g in codebook.groups}
    for kind in codebook.types:
        entries.append(("Type", kind.code, kind.da, groups.get(kind.group, kind.group)))
    for code in codebook.closings:
        entries.append(("Afslutning", code.code, code.da, ""))
    for code in codebook.forms:
        entries.append(("Blanket", code.code, code.da, ""))
    entries.append(("Datakilde", DATAKILDE_DESK, "Registreret ved en skranke", ""))
    entries.append(("Datakilde", DATAKILDE_DL, "Upload, import eller masseregistrering", ""))
    sql, params = where.where()
    in_data = [
        str(r[0]) for r in db.execute(f"SELECT DISTINCT task FROM registration{sql}", params)
    ]
    listed = set()
    for task in codebook.tasks:
        entries.append(("Opgave", task.kle, task.name, ""))
        listed.add(task.kle)
    for kle in sorted(set(in_data) - listed):
        entries.append(("Opgave", kle, task_title(kle), "ikke i opgavekataloget"))
    for extra in extras:
        param = codebook.parameter(extra.key)
        if param is not None:
            for answer in param.answers:
                entries.append((extra.header, answer.code, answer.da, ""))
    for row, entry in enumerate(entries, start=1):
        sheet.write_row(row, 0, entry)
    sheet.autofilter(0, 0, len(entries), 3)


def _write_ndjson(
    fh: IO[bytes],
    fmt: FileFormat,
    conn: sqlite3.Connection,
    where: ExportFilter,
    progress: Progress | None,
    total: int | None,
) -> tuple[int, int]:
    names = fmt.header
    # Every stored column but those that only identify a row's origin or state on this desk.
    known = set(COLUMNS) - {"deleted", "device", "import_key"}
    unknown = [n for n in names if n not in known]
    if unknown:
        raise TracetoolError(
            f"formats.toml: kolonnen {unknown[0]!r} i formatet ndjson er ukendt for eksporten"
        )
    clause, params = where.where()
    sql = (
        "SELECT id, municipality, unit, direction, channel, task, type, closing, form, "
        "started_at, saved_at, count, answers, source, test_mode, revision "
        f"FROM registration{clause} ORDER BY saved_at, id"
    )
    dumps = json.dumps
    buf: list[str] = []
    rows = 0
    for row in conn.execute(sql, params):
        record = {
            "id": row[0],
            "municipality": row[1],
            "unit": row[2],
            "direction": row[3],
            "channel": row[4],
            "task": row[5],
            "type": row[6],
            "closing": row[7],
            "form": row[8],
            "started_at": _iso_utc(row[9]),
            "saved_at": _iso_utc(row[10]),
            "count": row[11],
            "answers": json.loads(row[12]) if row[12] and row[12] != "{}" else {},
            "source": row[13],
            "test_mode": bool(row[14]),
            "revision": row[15],
        }
        buf.append(dumps({n: record[n] for n in names}, ensure_ascii=False) + "\n")
        rows += 1
        if len(buf) >= _CHUNK_LINES:
            fh.write("".join(buf).encode("utf-8"))
            buf.clear()
            if progress is not None and rows % PROGRESS_EVERY < _CHUNK_LINES:
                progress(rows, total)
    fh.write("".join(buf).encode("utf-8"))
    return rows, rows


# -- the entry point ------------------------------------------------------------------------


def _delimited(
    fh: IO[bytes],
    conn: sqlite3.Connection,
    job: DelimitedJob,
    progress: Progress | None,
    total: int | None,
) -> tuple[int, int]:
    """One process for a small export, two for a large one (see export_split)."""
    # Imported here: export_split runs this module's writer in its second process.
    from tracetool import export_split

    database = export_split.database_file(conn)
    day = export_split.split_day(conn, job.where) if database is not None else None
    if database is None or day is None:
        return write_delimited(fh, conn, job, progress, total)
    return export_split.write_in_two(fh, conn, job, progress, total, day, database)


def export(
    db: Any,
    codebook: Codebook,
    plan: Plan | None,
    fmt_key: str,
    out: Path,
    *,
    where: ExportFilter | None = None,
    encoding: str | None = None,
    progress: Progress | None = None,
    task_title: Callable[[str], str] | None = None,
) -> ExportResult:
    """Write the registrations matching ``where`` to ``out`` in format ``fmt_key``.

    ``db`` is the store (a sqlite_utils Database). ``progress(done, total)`` is called every
    PROGRESS_EVERY rows; total is None when unknown. Raises TracetoolError with a message for a
    coordinator when the format, encoding or target is wrong or a value cannot be encoded.
    """
    if fmt_key not in FORMATS:
        raise TracetoolError(f"ukendt format {fmt_key!r}; brug {', '.join(FORMATS)}")
    text_format = fmt_key in ("dl", "upload")
    if encoding is not None and not text_format:
        raise TracetoolError(f"--encoding gælder kun dl og upload, ikke {fmt_key}")
    fmt = codebook.format("dl" if fmt_key == "xlsx" else fmt_key)
    chosen = (encoding or fmt.encoding) if text_format else None
    if chosen is not None and chosen not in TEXT_ENCODINGS:
        raise TracetoolError(f"ukendt tegnsæt {chosen!r}; brug {' eller '.join(TEXT_ENCODINGS)}")
    folder = out.parent if str(out.parent) else Path(".")
    if not folder.is_dir():
        raise FileFormatError(str(out), "mappen findes ikke")
    if out.is_dir():
        raise FileFormatError(str(out), "det er en mappe; angiv et filnavn")
    chosen_where = where or ExportFilter()
    conn: sqlite3.Connection = db.conn
    total: int | None = None
    if progress is not None or fmt_key == "xlsx":
        w, params = chosen_where.where()
        n_rows, n_inquiries = conn.execute(
            f"SELECT COUNT(*), COALESCE(SUM(count), 0) FROM registration{w}", params
        ).fetchone()
        total = int(n_rows) if fmt_key == "ndjson" else int(n_inquiries)
        if fmt_key == "xlsx" and total >= EXCEL_MAX_ROWS:
            raise TracetoolError(
                f"{total:,} rækker er for mange til et Excel-ark (højst {EXCEL_MAX_ROWS - 1:,}); "
                "afgræns med --from/--to eller --unit, eller brug --format dl".replace(",", ".")
            )
    names = municipality_names(db, plan)
    extras = extra_columns(db, codebook, plan, chosen_where) if fmt.extra else []
    fd, tmp_name = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".tmp", dir=folder)
    tmp = Path(tmp_name)
    try:
        if fmt_key == "xlsx":
            os.close(fd)
            title = task_title or (lambda kle: kle)
            rows, regs = _write_xlsx(
                tmp, codebook, fmt, db, chosen_where, names, extras, title, progress, total
            )
        else:
            with os.fdopen(fd, "wb") as fh:
                if fmt_key == "ndjson":
                    rows, regs = _write_ndjson(fh, fmt, conn, chosen_where, progress, total)
                else:
                    assert chosen is not None
                    job = DelimitedJob(out, fmt, chosen, chosen_where, names, tuple(extras))
                    rows, regs = _delimited(fh, conn, job, progress, total)
                fh.flush()
                os.fsync(fh.fileno())
        # mkstemp makes the file private (0600); the export gets the mode any new file gets.
        os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, out)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    if progress is not None:
        progress(rows, total)
    return ExportResult(path=out, format=fmt_key, encoding=chosen, rows=rows, registrations=regs)
