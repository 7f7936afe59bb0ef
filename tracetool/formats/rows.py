"""The hot loop of an import: each CSV row to a staged registration, or to its problems.

Every row is read once; what repeats (codes, minutes, hours) is looked up in memos, so the loop
does per row little more than a few dict lookups and string slices.
"""

from __future__ import annotations

import csv
import hashlib
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from tracetool import timeutil
from tracetool.codes.codebook import Codebook
from tracetool.errors import FileFormatError
from tracetool.formats.checking import _kle_lookup, _RowCodes
from tracetool.formats.fields import _Bad, _Layout
from tracetool.formats.moments import _Moments
from tracetool.formats.results import ImportSummary, _Rejects, _Tally
from tracetool.locale import N_, translator
from tracetool.model import Source, new_id
from tracetool.plan.model import Plan
from tracetool.plan.validation import TaskStatus
from tracetool.store.bulk import StagedImport

_ = translator("core")

PROGRESS_EVERY = 20_000
_BATCH = 5_000
_MIDNIGHTS = ("00:00:00", "00:00")
_EXTRA_COLUMN = N_("ekstra tom kolonne sidst i linjen (;;) er sprunget over")

Progress = Callable[[int, int | None], None]


class _RowLoop:
    """One file's rows: shape, codes, times, problems and the staged batch."""

    def __init__(
        self,
        layout: _Layout,
        codebook: Codebook,
        plan: Plan | None,
        task_status: Callable[[str], TaskStatus] | None,
        tally: _Tally,
        stage: StagedImport,
        reject_file: _Rejects | None,
    ) -> None:
        self.layout = layout
        self.tally = tally
        self.stage = stage
        self.reject_file = reject_file
        self.moments = _Moments(layout.zone, layout.date_format)
        kle_loaded, status = _kle_lookup(stage.conn, task_status)
        self.codes = _RowCodes(layout, codebook, plan, status, kle_loaded)
        # A header that ends with the delimiter (as Det Digitale Landkort writes it) makes the
        # trailing empty cell part of every row's shape; otherwise a row with one missing field
        # would pass for a row without the trailing delimiter.
        self.full = layout.width + 1 if layout.trailing else layout.width
        self.rows = self.rejected = self.skipped = 0
        self.empty_rows = self.first_empty = 0
        self.failed = False
        self.next_days: dict[str, str] = {}
        self.line = 0  # the line being read when the file could not be read further

    def odd_shape(self, cells: list[str], line: int) -> list[str] | None:
        """A row not of the header's width: the cells to read, or None (blank, or reported)."""
        layout, full, n = self.layout, self.full, len(cells)
        if not layout.trailing and n == layout.width + 1 and not cells[-1]:
            cells.pop()
            return cells
        if n == 0:
            return None
        if not any(c.strip() for c in cells):
            self.empty_rows += 1
            self.first_empty = self.first_empty or line
            return None
        if n > full and not any(cells[layout.width :]):
            # Excel leaves an extra empty column at the end ("...;;"): nothing is lost by it.
            del cells[layout.width :]
            self.tally.warn((_("(hele rækken)"), "", _(_EXTRA_COLUMN)), line)
            return cells
        self.rows += 1
        self.rejected += 1
        if n < full:
            reason = _("for få felter: {n}, overskriften har {full}").format(n=n, full=full)
        else:
            reason = _("for mange felter: {n}, overskriften har {full}").format(n=n, full=full)
        self.tally.problem(line, _("(hele rækken)"), None, reason)
        if self.reject_file is not None:
            self.reject_file.write(line, [reason], cells)
        self.failed = True
        return None

    def narrow(self, cells: list[str]) -> tuple[list[str], str] | None:
        """A mapped file's row without its ignored columns, with the origin its key keeps
        apart; None for a row a skip rule leaves out."""
        layout = self.layout
        origin = ""
        if layout.ignored:
            if layout.origin_index is not None:
                origin = f"\x1f{cells[layout.origin_index]}"
            cells = [c for i, c in enumerate(cells) if i not in layout.ignored]
        if layout.skip and any(cells[i].strip() in values for i, values in layout.skip):
            self.skipped += 1
            return None
        return cells, origin

    def flush(
        self, batch: list[tuple[Any, ...]], progress: Callable[[], None] | None
    ) -> list[tuple[Any, ...]]:
        """Stage a full batch; a fresh one to fill."""
        self.stage.add(batch)
        if progress is not None and self.rows % PROGRESS_EVERY < _BATCH:
            progress()
        return []

    def time_problems(
        self, cells: list[str], saved: Any, started: Any, bad: tuple[Any, ...]
    ) -> tuple[Any, ...]:
        """The row's problems with its unreadable or inverted times added."""
        names = self.layout.names
        raw_v = cells[self.layout.index["saved_at"]]
        raw_s = cells[self.layout.index["started_at"]]
        found = list(bad)
        if type(saved) is _Bad:
            found.append((names["saved_at"], raw_v.strip(), saved.reason))
        if type(started) is _Bad:
            found.append((names["started_at"], raw_s.strip(), started.reason))
        elif started and type(saved) is str and started > saved:
            found.append((names["started_at"], raw_s.strip(), _("ligger efter Dato")))
        return tuple(found)

    def reject(self, line: int, bad: tuple[Any, ...], original: list[str]) -> None:
        self.rejected += 1
        for column, value, reason in bad:
            self.tally.problem(line, column, value, reason)
        if self.reject_file is not None:
            self.reject_file.write(line, [f"{c}: {r}" for c, _, r in bad], original)
        self.failed = True

    def until(self, source: str, saved: str, started: str | None, raw_v: str) -> str | None:
        """The end of the span in which a desk registration of this store is the same inquiry."""
        if source == Source.APP.value:
            # "~" sorts after every fraction of this second and before the next one.
            return saved[:19] + "~"
        if not started and raw_v[11:] in _MIDNIGHTS:
            known = self.next_days.get(saved)
            if known is not None:
                return known
            day = timeutil.local(timeutil.from_db(saved)).date() + timedelta(days=1)
            until = self.next_days[saved] = timeutil.to_db(timeutil.day_start_utc(day))
            return until
        return None

    def finish(self, summary: ImportSummary) -> None:
        if self.empty_rows:
            key = (_("(filen)"), "", _("tomme rækker er sprunget over"))
            self.tally.warnings[key] = [self.empty_rows, self.first_empty]
        summary.rows = self.rows
        summary.rejected = self.rejected
        summary.skipped = self.skipped


def read_rows(
    reader: Any,
    loop: _RowLoop,
    progress: Callable[[], None] | None,
    where: str,
) -> dict[int, str]:
    """Parse, check and stage every row. Returns municipality names seen (dl)."""
    try:
        return _stage_rows(reader, loop, progress)
    except csv.Error as exc:
        raise FileFormatError(
            where, _("filen kan ikke læses som CSV: {exc}").format(exc=exc), line=loop.line
        ) from None
    except UnicodeDecodeError as exc:
        reason = _("tegnsættet passer ikke: {reason}").format(reason=exc.reason)
        raise FileFormatError(where, reason, line=loop.line) from None


def _stage_rows(reader: Any, loop: _RowLoop, progress: Callable[[], None] | None) -> dict[int, str]:
    """The loop of ``read_rows``: every row parsed, checked and staged in batches.

    The loop body stays in one function on purpose: it runs once per row of a million-row
    extract, and each call it hands off costs measurable time (see bench/io.py).
    """
    layout, codes = loop.layout, loop.codes
    read_pair = loop.moments.read_pair
    i_saved, i_start = layout.index["saved_at"], layout.index["started_at"]
    full, trailing, narrow = loop.full, layout.trailing, bool(layout.ignored or layout.skip)
    consts, joins = layout.constants, layout.joins
    memo, cells_of, join, resolve = codes.memo, codes.cells_of, "\x1f".join, codes.resolve
    warn, blake, stage = loop.tally.warn, hashlib.blake2b, loop.stage
    app, midnights = Source.APP.value, _MIDNIGHTS
    learned: dict[int, str] = {}
    name_index = layout.name_index
    origin = ""
    batch: list[tuple[Any, ...]] = []
    line = 0
    try:
        for cells in reader:
            line = reader.line_num + 1
            if len(cells) == full and not (trailing and cells[-1]):
                if trailing:
                    cells.pop()
            elif (shaped := loop.odd_shape(cells, line)) is None:
                continue
            else:
                cells = shaped
            if narrow:
                if (narrowed := loop.narrow(cells)) is None:
                    continue
                cells, origin = narrowed
            if not any(cells):
                loop.empty_rows += 1
                loop.first_empty = loop.first_empty or line
                continue
            loop.rows += 1
            original = cells
            if consts:
                cells = cells + consts
            for target, sources in joins:
                cells[target] = " ".join(cells[i].strip() for i in sources)
            entry = memo.get(join(cells_of(cells))) or resolve(cells)
            (muni, unit, direction, chan, task, typ, clos, form, source, count) = entry[:10]
            answers_json, prefix, bad, warnings = entry[10:]
            raw_v, raw_s = cells[i_saved], cells[i_start]
            saved, started = read_pair(raw_v, raw_s)
            if type(saved) is _Bad or type(started) is _Bad or (started and started > saved):
                bad = loop.time_problems(cells, saved, started, bad)
            if bad:
                loop.reject(line, bad, original)
                continue
            for warning in warnings:
                warn(warning, line)
            if name_index is not None and muni not in learned:
                learned[muni] = cells[name_index].strip()
            if loop.failed and loop.reject_file is None:
                # Nothing will be imported; keep reading only to report every problem.
                continue
            content = f"{prefix}{saved}\x1f{started or ''}\x1f{answers_json}\x1f{count}{origin}"
            until = (
                None
                if source != app and (started or raw_v[11:] not in midnights)
                else loop.until(source, saved, started, raw_v)
            )
            digest = blake(content.encode(), digest_size=16).hexdigest()
            batch.append((
                line, digest, until, new_id(), muni, unit, direction, chan, task, typ, clos, form,
                started, saved, answers_json, source, 0, count, 1, 0, None,
            ))  # fmt: skip
            if len(batch) >= _BATCH:
                batch = loop.flush(batch, progress)
    except (csv.Error, UnicodeDecodeError):
        loop.line = line
        raise
    if batch and not (loop.failed and loop.reject_file is None):
        stage.add(batch)
    return learned
