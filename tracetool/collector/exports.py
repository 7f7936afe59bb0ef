"""Coordinator exports in the KOMHEN file formats, made by the desk's own exporter.

``tracetool.formats.exporting`` writes ``dl``, ``upload`` and ``xlsx`` from a desk store, and those
layouts (columns, encodings, mass rows at 00:00, extra-question columns, the codebook sheet)
must be the same whether a coordinator exports at a desk, through the API or from the pages.
So the collector copies the asked-for rows into a throw-away store in a temporary folder, runs
that exporter on it, and sends the file; memory stays flat, the disk holds one copy for the
length of the request. ``write`` is the one path both the API and the pages use.
"""

from __future__ import annotations

import dataclasses
import shutil
import tempfile
from collections.abc import Iterator
from operator import itemgetter
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from tracetool.codes.codebook import load_codebook
from tracetool.collector import municipalities
from tracetool.collector.storage import ExportQuery, Storage
from tracetool.errors import TracetoolError
from tracetool.formats import exporting
from tracetool.plan import planfile
from tracetool.plan.model import Plan
from tracetool.store.db import open_database
from tracetool.store.registrations import COLUMNS

FILE_FORMATS = ("dl", "upload", "xlsx")
SUFFIXES = {"dl": "csv", "upload": "csv", "xlsx": "xlsx"}
MEDIA_TYPES = {
    "dl": "text/csv",
    "upload": "text/csv",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}

# import_key is unique in one desk's store, but the collector holds rows from many desks: two
# desks that imported the same extract each hold its rows under the same keys. The exporter
# does not read the key, so it is not copied at all and the scratch store's index cannot trip.
_COPIED = tuple(c for c in COLUMNS if c != "import_key")
_PICK = itemgetter(*(COLUMNS.index(c) for c in _COPIED))
_INSERT = (
    f"INSERT INTO registration ({', '.join(_COPIED)}) VALUES ({', '.join('?' * len(_COPIED))})"
)
_MUNICIPALITY = COLUMNS.index("municipality")
_CHUNK = 5_000


def scratch_store(folder: Path) -> Database:
    """A local store for one request: no durability (it is deleted after) and no outbox."""
    db = open_database(folder / "scratch.db")
    db.execute("PRAGMA synchronous=OFF")
    db.execute("DROP TRIGGER IF EXISTS registration_to_outbox")
    return db


def published_plan(storage: Storage, municipality: int) -> Plan | None:
    """The municipality's published plan (its name and extra questions), if it reads."""
    record = storage.fetch_plan(municipality)
    if record is None:
        return None
    try:
        return planfile.parse_plan(record.text, "plan")
    except (TracetoolError, ValueError):
        return None


def _task_title(kle: str) -> str:
    task = load_codebook().task(kle)
    return task.name if task is not None else kle


def _copy(storage: Storage, query: ExportQuery, db: Database) -> set[int]:
    """The query's rows into ``db``; the municipalities they belong to."""
    seen: set[int] = set()
    chunk: list[tuple[Any, ...]] = []
    with db.atomic():
        for row in storage.export_rows(query):
            seen.add(row[_MUNICIPALITY])
            chunk.append(_PICK(row))
            if len(chunk) >= _CHUNK:
                db.conn.executemany(_INSERT, chunk)
                chunk.clear()
        db.conn.executemany(_INSERT, chunk)
    return seen


def write(
    storage: Storage, query: ExportQuery, fmt: str, *, name: str = "export"
) -> tuple[Path, Path]:
    """(the file ``name``.csv/.xlsx, its temporary folder); the caller removes the folder once
    it has sent the file. Raises TracetoolError with a message for the coordinator."""
    if fmt not in FILE_FORMATS:
        raise TracetoolError(f"ukendt format {fmt!r}; brug {', '.join(FILE_FORMATS)}")
    # A file never shows deletions: leave them in the collector rather than copy them.
    query = dataclasses.replace(query, include_deleted=False)
    municipality = query.scope.municipality
    plan = published_plan(storage, municipality) if municipality is not None else None
    folder = Path(tempfile.mkdtemp(prefix="tracetool-export-"))
    try:
        db = scratch_store(folder)
        try:
            seen = _copy(storage, query, db)
            # The Kommune column: a published plan's name wins, else the national list's.
            for number in sorted(seen):
                exporting.remember_municipality_name(db, number, municipalities.name(number))
            out = folder / f"{name}.{SUFFIXES[fmt]}"
            exporting.export(
                db,
                load_codebook(),
                plan,
                fmt,
                out,
                # The rows are already the period, scope and test-mode choice asked for.
                where=exporting.ExportFilter(include_test=True),
                task_title=_task_title,
            )
        finally:
            db.close()
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return out, folder


def stream(path: Path, folder: Path) -> Iterator[bytes]:
    try:
        with path.open("rb") as fh:
            while chunk := fh.read(1 << 16):
                yield chunk
    finally:
        shutil.rmtree(folder, ignore_errors=True)
