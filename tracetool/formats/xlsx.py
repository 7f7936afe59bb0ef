"""Excel: the export (the ``dl`` columns on a Data sheet, a Kodebog sheet for the codes), and
reading such a sheet back for import."""

from __future__ import annotations

import sqlite3
import zipfile
from collections.abc import Callable, Iterator, Sequence
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from tracetool import timeutil
from tracetool.codes.codebook import Codebook, FileFormat
from tracetool.errors import FileFormatError
from tracetool.formats.columns import (
    DATAKILDE_DESK,
    DATAKILDE_DL,
    _fields_of,
)
from tracetool.formats.export_rows import (
    _FIELD_INDEX,
    _FIELD_ORDER,
    PROGRESS_EVERY,
    ExportFilter,
    ExtraColumn,
    Progress,
    _field_maker,
    _flat,
    _ordered,
)
from tracetool.locale import translator

_ = translator("core")

EXCEL_MAX_ROWS = 1_048_576
# Reading aids after the dl columns (import ignores them: they follow from the codes).
DERIVED_COLUMNS = ("Enhedens navn", "Opgavens navn", "Varighed (sek.)")


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


class _AidValues:
    """Unit name, task name and timer duration of a row (the xlsx reading aids)."""

    def __init__(self, unit_names: dict[str, str], task_title: Callable[[str], str]) -> None:
        self.unit_names = unit_names
        self.task_title = task_title
        self.titles: dict[str, str] = {}

    def of(self, row: Sequence[Any], copies: int) -> tuple[str, str, int | None]:
        unit, task, started, saved = row[1], row[2], row[7], row[8]
        title = self.titles.get(task)
        if title is None:
            title = self.titles[task] = self.task_title(task)
        seconds = None
        # Untimed rows (no start, or start = save) and mass rows have no duration to show.
        if started and started != saved and copies == 1:
            delta = timeutil.from_db(saved) - timeutil.from_db(started)
            seconds = round(delta.total_seconds())
        return self.unit_names.get(unit or "", ""), title, seconds


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
    unit_names: dict[str, str],
) -> tuple[int, int]:
    import xlsxwriter  # only this format needs it; keeps `import tracetool.formats.exporting` light

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
    fixed = [c.name for c in fmt.columns]
    header = fixed + list(DERIVED_COLUMNS) + [c.header for c in extras]
    sheet.write_row(0, 0, header, bold)
    sheet.freeze_panes(1, 0)
    for i, name in enumerate(header):
        sheet.set_column(i, i, max(10, min(40, len(name) + 2)))
    date_cols = {i for i, f in enumerate(fields) if f in ("saved_at", "started_at", "ended_at")}
    muni_col = fields.index("municipality") if "municipality" in fields else -1
    order = [_FIELD_INDEX[f] for f in fields] + [len(_FIELD_ORDER) + i for i in range(len(extras))]
    # The reading aids stand between the fixed columns and the questions.
    aids = len(fixed)
    order[aids:aids] = [-1] * len(DERIVED_COLUMNS)
    aid_values = _AidValues(unit_names, task_title)
    rows = registrations = 0
    write_string = sheet.write_string
    make_fields = _field_maker(names, extras, minutes=False, null="", sep=None)
    for row in _flat(_ordered(conn, where)):
        found, n = make_fields(row)
        values = (*found[:-1], *found[-1])
        unit_name, task_name, seconds = aid_values.of(row, n)
        registrations += 1
        for _ in range(n):
            rows += 1
            if unit_name:
                write_string(rows, aids, unit_name)
            write_string(rows, aids + 1, task_name)
            if seconds is not None:
                sheet.write_number(rows, aids + 2, seconds)
            for col, idx in enumerate(order):
                if idx < 0:
                    continue
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


# -- reading --------------------------------------------------------------------------------


def _cell_text(value: object) -> str:
    """An xlsx cell as the text the dl layout holds; times to the nearest second, because
    Excel keeps them as fractions of a day and 09:20:41 may come back as 09:20:40.999999."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        rounded = (value + timedelta(microseconds=500_000)).replace(microsecond=0)
        return rounded.strftime("%d-%m-%Y %H:%M:%S")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def read_xlsx(path: Path) -> tuple[list[str], Iterator[list[str]], Callable[[], None]]:
    """(header, rows as text cells, close) of the Data sheet (else the first) of an xlsx file."""
    import openpyxl  # only xlsx files need it

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (OSError, ValueError, KeyError, zipfile.BadZipFile) as exc:
        raise FileFormatError(
            str(path), _("Excel-filen kan ikke læses: {exc}").format(exc=exc)
        ) from None
    sheet = book["Data"] if "Data" in book.sheetnames else book.worksheets[0]
    rows = sheet.iter_rows(values_only=True)
    first = next(rows, None)
    if first is None:
        book.close()
        raise FileFormatError(str(path), _("regnearket er tomt"))
    header = [_cell_text(v) for v in first]
    while header and not header[-1]:
        header.pop()
    width = len(header)

    def cells() -> Iterator[list[str]]:
        for row in rows:
            texts = [_cell_text(v) for v in row]
            while len(texts) > width and not texts[-1]:
                texts.pop()
            yield texts + [""] * (width - len(texts))

    return header, cells(), book.close
