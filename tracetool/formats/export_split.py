"""A large ``dl``/``upload`` export written by two processes at once.

Most of a million-row export is Python's own per-row work: sqlite3 building each row's tuple
and the writer formatting it, both under one interpreter lock. A coordinator's machine has
more than one core, so from ``SPLIT_MIN_ROWS`` rows on the rows are split at the start of the
Danish day nearest the middle: this process writes the first part into the export file while a
spawned process writes the second part into a file beside it, which is appended when both are
done. Splitting at a day's start keeps each day's mass registrations (written at 00:00 of their
day, ahead of that day's other rows) in the part that holds the day, so the file has the same
bytes as one process would write.

Each part reads its own snapshot of the store: a registration whose time is corrected while
the export runs may show its old or new version, never both, because the parts split on time.
"""

from __future__ import annotations

import multiprocessing
import os
import shutil
import sqlite3
import tempfile
from dataclasses import replace
from datetime import date, timedelta
from multiprocessing.connection import Connection
from pathlib import Path
from typing import IO, Any

from tracetool import timeutil
from tracetool.errors import FileFormatError, TracetoolError
from tracetool.formats.delimited import DelimitedJob, write_delimited
from tracetool.formats.export_rows import ExportFilter, Progress
from tracetool.locale import translator

_ = translator("core")

SPLIT_MIN_ROWS = 200_000
_POLL_S = 0.2


def database_file(conn: sqlite3.Connection) -> Path | None:
    """The store's file, or None for an in-memory or temporary database."""
    for _seq, name, file in conn.execute("PRAGMA database_list"):
        if name == "main":
            return Path(file) if file else None
    return None


def split_day(conn: sqlite3.Connection, where: ExportFilter) -> date | None:
    """The Danish day whose start splits the rows in two, or None when not worth splitting.

    Counted on the saved_at index alone (the unit, channel and test filters are left out), so
    finding the day costs milliseconds; the halves are near equal, not exact.
    """
    clauses, params = where.period()
    sql = " WHERE " + " AND ".join(clauses) if clauses else ""
    # Three queries, not one: alone, MIN and MAX are a single index lookup each.
    (count,) = conn.execute(f"SELECT COUNT(*) FROM registration{sql}", params).fetchone()
    if count < SPLIT_MIN_ROWS:
        return None
    (first,) = conn.execute(f"SELECT MIN(saved_at) FROM registration{sql}", params).fetchone()
    (last,) = conn.execute(f"SELECT MAX(saved_at) FROM registration{sql}", params).fetchone()
    (middle,) = conn.execute(
        f"SELECT saved_at FROM registration{sql} ORDER BY saved_at LIMIT 1 OFFSET ?",
        [*params, count // 2],
    ).fetchone()
    day = timeutil.local(timeutil.from_db(middle)).date()
    if timeutil.to_db(timeutil.day_start_utc(day)) <= first:
        day += timedelta(days=1)
    if timeutil.to_db(timeutil.day_start_utc(day)) > last:
        return None
    return day


def write_in_two(
    fh: IO[bytes],
    conn: sqlite3.Connection,
    job: DelimitedJob,
    progress: Progress | None,
    total: int | None,
    day: date,
    database: Path,
) -> tuple[int, int]:
    """Write the rows before ``day`` here and those from ``day`` on in a second process."""
    out = job.out
    context = multiprocessing.get_context("spawn")  # a fork would copy the open connection
    done_there = context.Value("q", 0, lock=False)
    receiver, sender = context.Pipe(duplex=False)
    fd, part_name = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".part", dir=out.parent)
    os.close(fd)
    part = Path(part_name)
    second = replace(job, where=replace(job.where, start=day))
    worker = context.Process(
        target=_second_part,
        args=(database, second, part),
        kwargs={"done": done_there, "sender": sender},
        daemon=True,
    )
    try:
        worker.start()
        sender.close()

        def both(done_here: int, _total: int | None) -> None:
            if progress is not None:
                progress(done_here + int(done_there.value), total)

        first = replace(job, where=replace(job.where, end=day - timedelta(days=1)))
        rows, regs = write_delimited(fh, conn, first, both, total)
        while not receiver.poll(_POLL_S):
            both(rows, total)
            if not worker.is_alive() and not receiver.poll():
                raise TracetoolError(
                    _(
                        "eksporten til {out} stoppede: anden del sluttede uden svar (kode "
                        "{exitcode})"
                    ).format(out=out, exitcode=worker.exitcode)
                )
        outcome = receiver.recv()
        worker.join()
        if outcome[0] == "format":
            _kind, reason, line, column, value = outcome
            # The second part's lines follow the header and the first part's rows.
            raise FileFormatError(
                str(out), reason, line=line + rows + 1, column=column, value=value
            )
        if outcome[0] == "error":
            raise TracetoolError(
                _("eksporten til {out} stoppede i anden del: {outcome}").format(
                    out=out, outcome=outcome[1]
                )
            )
        with part.open("rb") as src:
            shutil.copyfileobj(src, fh, 1 << 20)
        return rows + int(outcome[1]), regs + int(outcome[2])
    finally:
        if worker.is_alive():
            worker.kill()
            worker.join()
        receiver.close()
        part.unlink(missing_ok=True)


def _second_part(
    database: Path, job: DelimitedJob, part: Path, *, done: Any, sender: Connection
) -> None:
    """The spawned process: the rows from the split day on, without header, into ``part``."""
    try:
        conn = sqlite3.connect(str(database))
        conn.execute("PRAGMA query_only = 1")
        conn.execute("PRAGMA busy_timeout = 5000")

        def count(rows: int, _total: int | None) -> None:
            done.value = rows

        with part.open("wb") as fh:
            rows, regs = write_delimited(fh, conn, job, count, None, head=False)
        conn.close()
        sender.send(("ok", rows, regs))
    except FileFormatError as exc:
        sender.send(("format", exc.reason, exc.line or 0, exc.column, exc.value))
    except Exception as exc:  # reported by the parent as one line; no traceback to a user
        sender.send(("error", f"{type(exc).__name__}: {exc}"))
    finally:
        sender.close()
