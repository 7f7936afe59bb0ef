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

import os
import sqlite3
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from tracetool import locale
from tracetool.codes.codebook import Codebook, FileFormat
from tracetool.errors import FileFormatError, TracetoolError
from tracetool.formats.columns import (
    COLUMN_FIELDS,
    DATAKILDE_DESK,
    DATAKILDE_DL,
    DESK_SOURCES,
    datakilde,
    municipality_names,
    remember_municipality_name,
)
from tracetool.formats.delimited import DelimitedJob, write_delimited
from tracetool.formats.export_rows import (
    PROGRESS_EVERY,
    ExportFilter,
    ExtraColumn,
    Progress,
    extra_columns,
)
from tracetool.formats.ndjson import _write_ndjson
from tracetool.formats.xlsx import EXCEL_MAX_ROWS, _write_xlsx
from tracetool.locale import translator
from tracetool.plan.model import Plan

_ = translator("core")

__all__ = [
    "COLUMN_FIELDS",
    "DATAKILDE_DESK",
    "DATAKILDE_DL",
    "DESK_SOURCES",
    "EXCEL_MAX_ROWS",
    "FORMATS",
    "PROGRESS_EVERY",
    "TEXT_ENCODINGS",
    "DelimitedJob",
    "ExportFilter",
    "ExportResult",
    "ExtraColumn",
    "Progress",
    "datakilde",
    "export",
    "extra_columns",
    "municipality_names",
    "remember_municipality_name",
    "write_delimited",
]

FORMATS = ("dl", "upload", "xlsx", "ndjson")


TEXT_ENCODINGS = {"cp1252": "Windows-1252", "utf-8-sig": "UTF-8 med BOM"}


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


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _delimited(
    fh: IO[bytes],
    conn: sqlite3.Connection,
    job: DelimitedJob,
    progress: Progress | None,
    total: int | None,
) -> tuple[int, int]:
    """One process for a small export, two for a large one (see export_split)."""
    # Imported here: export_split runs this module's writer in its second process.
    from tracetool.formats import export_split

    database = export_split.database_file(conn)
    day = export_split.split_day(conn, job.where) if database is not None else None
    if database is None or day is None:
        return write_delimited(fh, conn, job, progress, total)
    return export_split.write_in_two(fh, conn, job, progress, total, day, database)


def _target(
    codebook: Codebook, fmt_key: str, encoding: str | None, out: Path
) -> tuple[FileFormat, str | None, Path]:
    """The format, the text encoding (None for xlsx and ndjson) and the folder written to; a
    clear error for a wrong format, encoding or target."""
    if fmt_key not in FORMATS:
        raise TracetoolError(
            _("ukendt format {fmt_key!r}; brug {formats}").format(
                fmt_key=fmt_key, formats=", ".join(FORMATS)
            )
        )
    text_format = fmt_key in ("dl", "upload")
    if encoding is not None and not text_format:
        raise TracetoolError(
            _("--encoding gælder kun dl og upload, ikke {fmt_key}").format(fmt_key=fmt_key)
        )
    fmt = codebook.format("dl" if fmt_key == "xlsx" else fmt_key)
    chosen = (encoding or fmt.encoding) if text_format else None
    if chosen is not None and chosen not in TEXT_ENCODINGS:
        one, other = TEXT_ENCODINGS
        raise TracetoolError(
            _("ukendt tegnsæt {chosen!r}; brug {one} eller {other}").format(
                chosen=chosen, one=one, other=other
            )
        )
    folder = out.parent if str(out.parent) else Path(".")
    if not folder.is_dir():
        raise FileFormatError(str(out), _("mappen findes ikke"))
    if out.is_dir():
        raise FileFormatError(str(out), _("det er en mappe; angiv et filnavn"))
    return fmt, chosen, folder


def _too_many_rows(total: int) -> str:
    # Thousands as the reader writes them: 1.048.576 in Danish, 1,048,576 in English.
    mark = "." if locale.current() == "da" else ","
    return _(
        "{total} rækker er for mange til et Excel-ark (højst {most}); "
        "afgræns med --from/--to eller --unit, eller brug --format dl"
    ).format(
        total=f"{total:,}".replace(",", mark), most=f"{EXCEL_MAX_ROWS - 1:,}".replace(",", mark)
    )


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
    fmt, chosen, folder = _target(codebook, fmt_key, encoding, out)
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
            raise TracetoolError(_too_many_rows(total))
    names = municipality_names(db, plan)
    extras = extra_columns(db, codebook, plan, chosen_where) if fmt.extra else []
    fd, tmp_name = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".tmp", dir=folder)
    tmp = Path(tmp_name)
    try:
        if fmt_key == "xlsx":
            os.close(fd)
            title = task_title or (lambda kle: kle)
            units = {u.login: u.name for u in plan.units} if plan is not None else {}
            rows, regs = _write_xlsx(
                tmp, codebook, fmt, db, chosen_where, names, extras, title, progress, total, units
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
