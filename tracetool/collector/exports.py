"""Coordinator exports in the KOMHEN file formats, made by the desk's own exporter.

``tracetool.exporting`` writes ``dl``, ``upload`` and ``xlsx`` from a desk store, and those
layouts (columns, encodings, mass rows at 00:00, extra-question columns) must be the same
whether a coordinator exports at a desk or from the collector. So the collector copies the
period's rows into a throw-away store in a temporary folder, runs that exporter on it, and
streams the file; memory stays flat, the disk holds one copy for the length of the request.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

from tracetool import exporting, planfile
from tracetool.codebook import load_codebook
from tracetool.collector.storage import ExportQuery, Storage
from tracetool.errors import TracetoolError
from tracetool.plan import Plan
from tracetool.store.db import open_database
from tracetool.store.registrations import COLUMNS

FILE_FORMATS = ("dl", "upload", "xlsx")
MEDIA_TYPES = {
    "dl": "text/csv",
    "upload": "text/csv",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
_INSERT = (
    f"INSERT INTO registration ({', '.join(COLUMNS)}) VALUES ({', '.join('?' * len(COLUMNS))})"
)


def _plan(storage: Storage, municipality: int | None) -> Plan | None:
    """The municipality's published plan: it names the municipality and the extra questions."""
    if municipality is None:
        return None
    record = storage.fetch_plan(municipality)
    if record is None:
        return None
    try:
        return planfile.parse_plan(record.text)
    except TracetoolError:
        return None


def write(storage: Storage, query: ExportQuery, fmt: str) -> tuple[Path, Path]:
    """(the file, its temporary folder); the caller removes the folder when it has sent it."""
    folder = Path(tempfile.mkdtemp(prefix="tracetool-export-"))
    try:
        db = open_database(folder / "export.db")
        try:
            batch: list[tuple[object, ...]] = []
            with db.atomic():
                for row in storage.export_rows(query):
                    batch.append(row)
                    if len(batch) >= 5000:
                        db.conn.executemany(_INSERT, batch)
                        batch.clear()
                db.conn.executemany(_INSERT, batch)
            out = folder / f"export.{'xlsx' if fmt == 'xlsx' else 'csv'}"
            # The rows are already the period, scope and test-mode choice asked for.
            exporting.export(
                db,
                load_codebook(),
                _plan(storage, query.scope.municipality),
                fmt,
                out,
                where=exporting.ExportFilter(include_test=True),
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
