"""NDJSON: one JSON object per registration, for scripts; written by export, read by import."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any
from zoneinfo import ZoneInfo

from tracetool.codes.codebook import FileFormat
from tracetool.errors import FileFormatError, TracetoolError
from tracetool.formats.columns import datakilde
from tracetool.formats.export_rows import (
    _CHUNK_LINES,
    PROGRESS_EVERY,
    ExportFilter,
    Progress,
    _iso_utc,
)
from tracetool.formats.fields import _Layout
from tracetool.locale import translator
from tracetool.store.registrations import COLUMNS

_ = translator("core")


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
            _(
                "formats.toml: kolonnen {unknown!r} i formatet ndjson er ukendt for eksporten"
            ).format(unknown=unknown[0])
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


# -- reading --------------------------------------------------------------------------------

# The fields an ndjson object gives, in the order of the cells made from it.
_READ_KEYS = (
    ("municipality", "municipality"),
    ("unit", "unit"),
    ("channel", "channel"),
    ("task", "task"),
    ("type", "type"),
    ("closing", "closing"),
    ("form", "form"),
    ("saved_at", "saved_at"),
    ("started_at", "started_at"),
    ("source", "source"),
    ("count", "count"),
)
_TEST_CELL = len(_READ_KEYS)
_UTC = ZoneInfo("UTC")


def _objects(path: Path) -> Iterator[tuple[int, dict[str, Any] | None]]:
    """(line, object or None for a blank line); a line that is no JSON object stops the file."""
    with path.open("rb") as fh:
        for line, raw in enumerate(fh, start=1):
            try:
                text = raw.decode("utf-8-sig" if line == 1 else "utf-8")
            except UnicodeDecodeError:
                raise FileFormatError(
                    str(path), _("linjen er ikke UTF-8 (NDJSON er altid UTF-8)"), line=line
                ) from None
            if not text.strip():
                yield line, None
                continue
            try:
                obj = json.loads(text)
            except json.JSONDecodeError as exc:
                raise FileFormatError(
                    str(path),
                    _("ikke gyldig JSON: {msg}").format(msg=exc.msg),
                    line=line,
                    column=exc.colno,
                ) from None
            if not isinstance(obj, dict):
                raise FileFormatError(str(path), _("linjen skal være ét JSON-objekt"), line=line)
            yield line, obj


def _utc_text(value: object) -> str:
    """ISO 8601 UTC (as the export writes it) → "dd-mm-yyyy HH:MM:SS" in UTC, for _Moments."""
    text = str(value or "")
    if len(text) >= 19 and text[4] == "-" and text[10] == "T":
        return f"{text[8:10]}-{text[5:7]}-{text[0:4]} {text[11:19]}"
    return text


def read_ndjson(path: Path) -> tuple[_Layout, Iterator[list[str]]]:
    """The layout and the rows of a file of registrations as ``export --format ndjson`` writes.

    Times are read in UTC as written (fractions of a second are dropped, as in dl); the source
    becomes the Datakilde it exports as; test registrations are skipped.
    """
    keys: list[str] = []
    for _, obj in _objects(path):
        answers = obj.get("answers") if obj else None
        for key in answers if isinstance(answers, dict) else ():
            if key not in keys:
                keys.append(str(key))
    width = _TEST_CELL + 1
    layout = _Layout(
        kind="ndjson",
        header=[json_key for _, json_key in _READ_KEYS] + ["test_mode", *keys],
        width=width + len(keys),
        index={name: i for i, (name, _) in enumerate(_READ_KEYS)},
        names={name: json_key for name, json_key in _READ_KEYS},
        constants=[],
        joins=[],
        extras=[(width + i, key, key) for i, key in enumerate(keys)],
        skip=[(_TEST_CELL, frozenset({"true"}))],
        ignored=frozenset(),
        values={},
        date_format=None,
        zone=_UTC,
        name_index=None,
    )

    def cells() -> Iterator[list[str]]:
        for _, obj in _objects(path):
            if obj is None:
                yield []
                continue
            row = ["" if obj.get(k) is None else str(obj[k]) for _, k in _READ_KEYS]
            row[7], row[8] = _utc_text(obj.get("saved_at")), _utc_text(obj.get("started_at"))
            row[9] = datakilde(str(obj["source"])) if obj.get("source") else ""
            row.append("true" if obj.get("test_mode") is True else "")
            answers = obj.get("answers")
            given = answers if isinstance(answers, dict) else {}
            row += ["" if given.get(k) is None else str(given[k]) for k in keys]
            yield row

    return layout, cells()
