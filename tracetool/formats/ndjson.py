"""The NDJSON export: one JSON object per registration, for scripts."""

from __future__ import annotations

import json
import sqlite3
from typing import IO

from tracetool.codes.codebook import FileFormat
from tracetool.errors import TracetoolError
from tracetool.formats.export_rows import (
    _CHUNK_LINES,
    PROGRESS_EVERY,
    ExportFilter,
    Progress,
    _iso_utc,
)
from tracetool.store.registrations import COLUMNS


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
