"""The delimited formats, ``dl`` and ``upload``, written line by line (``formats.toml`` tells them
apart; the code is one).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from operator import itemgetter
from pathlib import Path
from typing import IO, Any

from tracetool.codes.codebook import FileFormat
from tracetool.errors import FileFormatError
from tracetool.formats.columns import (
    _fields_of,
    datakilde,
)
from tracetool.formats.export_rows import (
    _FIELD_INDEX,
    _FIELD_ORDER,
    ExportFilter,
    ExtraColumn,
    Progress,
    _field_maker,
    _LocalTime,
    _ordered,
    _quote,
    _typed,
)
from tracetool.locale import translator
from tracetool.model import Source

_ = translator("core")


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
        _(
            "tegnet {bad!r} kan ikke skrives i Windows-1252; brug --encoding "
            "utf-8-sig eller ret værdien"
        ).format(bad=bad),
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
        end: str,
        *,
        head: bool = True,
    ):
        self.fh = fh
        self.out = out
        self.codec = "utf-8" if encoding == "utf-8-sig" else encoding
        self.header = header
        self.sep = sep
        self.written = 0
        if head:
            if encoding == "utf-8-sig":
                fh.write(b"\xef\xbb\xbf")
            self.write([sep.join(_quote(h, sep) for h in header) + end])

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

    @property
    def columns(self) -> list[ExtraColumn]:
        """The extra columns written (answers and the like), where the format has them."""
        return list(self.extras) if self.fmt.extra else []

    @property
    def header(self) -> list[str]:
        return [c.name for c in self.fmt.columns] + [c.header for c in self.columns]

    @property
    def end(self) -> str:
        """What ends a line: Det Digitale Landkort's trailing delimiter, then CRLF."""
        return (self.fmt.delimiter if self.fmt.trailing else "") + "\r\n"


def _picker(fmt: FileFormat) -> tuple[itemgetter[Any], bool]:
    """Columns in formats.toml's order: picked from the _FIELD_ORDER tuple and joined. When that
    order is _FIELD_ORDER itself (dl), one f-string per row does the same at half the cost."""
    order = _fields_of(fmt)
    return itemgetter(*[_FIELD_INDEX[f] for f in order]), tuple(order) == _FIELD_ORDER


def write_delimited(
    fh: IO[bytes],
    conn: sqlite3.Connection,
    job: DelimitedJob,
    progress: Progress | None,
    total: int | None,
    *,
    head: bool = True,
) -> tuple[int, int]:
    """Rows as delimited lines; ``head=False`` writes neither BOM nor header (a later part).

    Longer than our functions usually are, on purpose: the loop runs once per row of a
    million-row export, and each call handed off from it costs measurable time (bench/io.py).
    """
    fmt, names, cols, header, end = job.fmt, job.names, job.columns, job.header, job.end
    sep, null = fmt.delimiter, fmt.null
    pick, natural = _picker(fmt)
    minutes = fmt.date.endswith("%M")
    cut = 16 if minutes else 19
    fields = _field_maker(names, cols, minutes=minutes, null=null, sep=sep)
    sink = _TextSink(fh, job.out, job.encoding, header, sep, end, head=head)
    # The loop below is the export's hot path (a million rows): everything that repeats is a
    # dict lookup, and the Danish time is one lookup per UTC hour plus string slicing.
    local = _LocalTime()
    hours, hour = local._hours, local.hour
    kilders = {s.value: datakilde(s.value) for s in Source}.get
    munis: dict[int, tuple[str, str]] = {}
    units: dict[str | None, str] = {None: null, "": null}
    keys = [c.key for c in cols]
    empty_tail = sep * len(keys)
    rows = registrations = 0
    for chunk in _ordered(conn, job.where):
        if type(chunk) is tuple:  # a mass registration: N identical rows
            values, n = fields(chunk)
            sink.write([sep.join(pick(values[:-1])) + values[-1] + end] * n)
            rows, registrations = rows + n, registrations + 1
            continue
        lines: list[str] = []
        append = lines.append
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
        rows, registrations = rows + len(chunk), registrations + len(chunk)
        sink.write(lines)
        if progress is not None:
            progress(rows, total)
    return rows, registrations
