"""Import of registrations from files: the ``dl`` and ``upload`` layouts, or any CSV via a map.

The layout is recognised by the header (the column names in ``codebook/formats.toml``); the
delimiter may be ``;`` or ``,``; the encoding is found from the bytes (UTF-8 with or without BOM,
else Windows-1252, else Latin-1); a trailing ``;`` on every line is allowed.

Every row is checked with the ``history`` rules of ``tracetool.plan.validation``: real extracts
carry group-level task numbers, KOMHEN-local codes, expired subjects, units outside the plan,
website rows without a unit and form answers on any channel, so those are accepted (with warnings
where a coordinator should look). Each problem names the line, the column, the value and the reason.
If any row fails, nothing is imported, unless ``rejects`` is given: then the bad rows go to that
file with their reasons and the rest is imported.

Idempotence: a row's import key is a hash of its content plus how many identical rows came
before it in the file. Importing the same file twice adds nothing; identical rows inside one
file (a mass registration looks exactly like that) stay distinct inquiries; and a later, longer
extract that repeats an earlier one adds only what is new. An export of this very store imported
back adds nothing either: its desk rows (Datakilde Tracetool, to the second) and mass rows are
matched against the registrations already here (``tracetool.store.bulk``).

Map files (``--map MAP.toml``) describe another system's CSV; see ``MAP_EXAMPLE``.

Where the parts live: ``encoding`` (the bytes), ``layout`` (the header: dl, upload) and ``mapped``
(map files), ``moments`` and ``values`` (cells to values), ``checking`` (row validation shared by
all layouts), ``results`` (problems, warnings, summary). This module holds the import itself and
re-exports the names the front ends use.
"""

from __future__ import annotations

import csv
import hashlib
import io
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

from tracetool import timeutil
from tracetool.codes.codebook import Codebook
from tracetool.errors import FileFormatError
from tracetool.formats.checking import _kle_lookup, _RowCodes
from tracetool.formats.columns import (
    remember_municipality_name,
)
from tracetool.formats.encoding import _SNIFF, _detect_encoding
from tracetool.formats.fields import (
    _Bad,
    _Layout,
)
from tracetool.formats.layout import _layout_for
from tracetool.formats.mapped import MAP_EXAMPLE, ImportMap, load_map
from tracetool.formats.moments import _SIXTY, _Moments
from tracetool.formats.results import (
    ImportProblem,
    ImportSummary,
    ImportWarning,
    _Rejects,
    _Tally,
)
from tracetool.model import Source, new_id
from tracetool.plan.model import Plan
from tracetool.plan.validation import TaskStatus
from tracetool.store.bulk import StagedImport

__all__ = [
    "MAP_EXAMPLE",
    "PROGRESS_EVERY",
    "ImportMap",
    "ImportProblem",
    "ImportSummary",
    "ImportWarning",
    "Progress",
    "_detect_encoding",
    "import_file",
    "load_map",
    "municipality_name_pairs",
]

PROGRESS_EVERY = 20_000


_BATCH = 5_000


Progress = Callable[[int, int | None], None]


def import_file(
    db: Any,
    codebook: Codebook,
    plan: Plan | None,
    path: Path,
    *,
    mapping: ImportMap | None = None,
    dry_run: bool = False,
    rejects: Path | None = None,
    task_status: Callable[[str], TaskStatus] | None = None,
    progress: Progress | None = None,
) -> ImportSummary:
    """Import ``path`` into the store ``db`` (a sqlite_utils Database); see the module doc.

    File-level faults (missing, empty, binary, unknown header, mixed encoding) raise
    FileFormatError. Row-level faults are returned in the summary; when there are any and
    ``rejects`` is None, nothing is imported (``summary.committed`` is False).
    """
    if not path.exists():
        raise FileFormatError(str(path), "filen findes ikke")
    if path.is_dir():
        raise FileFormatError(str(path), "det er en mappe, ikke en fil")
    if rejects is not None and rejects.resolve() == path.resolve():
        raise FileFormatError(
            str(rejects), "filen til afviste rækker må ikke være selve inputfilen"
        )
    size = path.stat().st_size
    if size == 0:
        raise FileFormatError(str(path), "filen er tom")
    enc = _detect_encoding(path, mapping.encoding if mapping else None)
    raw = path.open("rb", buffering=_SNIFF)
    try:
        text = io.TextIOWrapper(raw, encoding=enc.codec, newline="")
        header_line = text.readline()
        if not header_line.strip(" \t\r\n;,"):
            raise FileFormatError(
                str(path), "første linje er tom; den skal være overskriften", line=1
            )
        layout, delimiter = _layout_for(path, header_line, codebook, plan, mapping)
        layout.trailing = header_line.rstrip("\r\n").endswith(delimiter)
        summary = ImportSummary(
            path=str(path),
            layout=layout.kind,
            encoding=enc.label,
            delimiter=delimiter,
            dry_run=dry_run,
            rejects_path=str(rejects) if rejects is not None else None,
        )
        tally = _Tally()
        if enc.mojibake:
            tally.warnings[
                (
                    "(filen)",
                    "Ã",
                    "tegnsættet ser forkert ud: 'Ã¸' for 'ø' tyder på UTF-8 gemt to gange",
                )
            ] = [enc.mojibake, 1]
        reject_file = None
        if rejects is not None:
            kept = [c for i, c in enumerate(layout.header) if i not in layout.ignored]
            try:
                reject_file = _Rejects(rejects, enc.codec, delimiter, kept)
            except OSError as exc:
                raise FileFormatError(
                    str(rejects), f"filen kan ikke skrives: {exc.strerror}"
                ) from None
        reader = csv.reader(text, delimiter=delimiter)
        stage = StagedImport(db)
        try:
            learned = _read_rows(
                reader,
                raw,
                size,
                layout,
                codebook,
                plan,
                task_status,
                tally,
                summary,
                stage,
                reject_file,
                progress,
                str(path),
            )
            if reject_file is not None:
                reject_file.close()
            if summary.rows == 0 and summary.skipped == 0:
                raise FileFormatError(str(path), "filen har ingen rækker efter overskriften")
            summary.problems = tally.problems
            summary.problems_total = tally.problems_total
            summary.warnings = tally.warning_list()
            if summary.rejected and rejects is None:
                stage.rollback()
            elif dry_run:
                present = stage.present()
                summary.already_present = present
                summary.imported = stage.staged - present
                stage.rollback()
            else:
                summary.imported, summary.already_present = stage.commit()
                summary.committed = True
                names = dict(municipality_name_pairs(learned, plan))
                for number, name in names.items():
                    remember_municipality_name(db, number, name)
        except BaseException:
            stage.rollback()
            if reject_file is not None and rejects is not None:
                # The file is not readable as a whole: a rejects file would be half a story.
                reject_file.close()
                rejects.unlink(missing_ok=True)
            raise
        finally:
            if reject_file is not None:
                reject_file.close()
    finally:
        raw.close()
    if progress is not None:
        progress(size, size)
    return summary


def municipality_name_pairs(learned: dict[int, str], plan: Plan | None) -> list[tuple[int, str]]:
    """Names worth remembering: not the plan's own (the plan names it) and not empty."""
    own = plan.municipality if plan is not None else None
    return [(n, name) for n, name in learned.items() if name and n != own]


def _read_rows(
    reader: Any,
    raw: Any,
    size: int,
    layout: _Layout,
    codebook: Codebook,
    plan: Plan | None,
    task_status: Callable[[str], TaskStatus] | None,
    tally: _Tally,
    summary: ImportSummary,
    stage: StagedImport,
    reject_file: _Rejects | None,
    progress: Progress | None,
    where: str,
) -> dict[int, str]:
    """The hot loop: parse, check and stage every row. Returns municipality names seen (dl)."""
    moments = _Moments(layout.zone, layout.date_format)
    folds = moments.folds
    minute_of = moments.minutes.get
    sixty = _SIXTY
    i_saved = layout.index["saved_at"]
    i_start = layout.index["started_at"]
    names = layout.names
    width = layout.width
    # A header that ends with the delimiter (as Det Digitale Landkort writes it) makes the
    # trailing empty cell part of every row's shape; otherwise a row with one missing field
    # would pass for a row without the trailing delimiter.
    trailing = layout.trailing
    full = width + 1 if trailing else width
    consts = layout.constants
    joins = layout.joins
    skip = layout.skip
    ignored = layout.ignored
    kle_loaded, status = _kle_lookup(stage.conn, task_status)
    codes = _RowCodes(layout, codebook, plan, status, kle_loaded)
    memo = codes.memo
    cells_of = codes.cells_of
    join = "\x1f".join
    resolve = codes.resolve
    warn = tally.warn
    learned: dict[int, str] = {}
    name_index = layout.name_index
    origin_index = layout.origin_index
    origin = ""
    batch: list[tuple[Any, ...]] = []
    failed = False
    blake = hashlib.blake2b
    app = Source.APP.value
    midnights = ("00:00:00", "00:00")
    next_days: dict[str, str] = {}

    def next_day(saved: str) -> str:
        day = timeutil.local(timeutil.from_db(saved)).date() + timedelta(days=1)
        until = next_days[saved] = timeutil.to_db(timeutil.day_start_utc(day))
        return until

    rows = line = rejected = skipped = 0
    empty_rows = first_empty = 0
    try:
        for cells in reader:
            line = reader.line_num + 1
            n = len(cells)
            if n == full and not (trailing and cells[-1]):
                if trailing:
                    cells.pop()
            elif not trailing and n == width + 1 and not cells[-1]:
                cells.pop()
            elif n == 0:
                continue
            elif not any(c.strip() for c in cells):
                empty_rows += 1
                first_empty = first_empty or line
                continue
            else:
                rows += 1
                rejected += 1
                what = "få" if n < full else "mange"
                reason = f"for {what} felter: {n}, overskriften har {full}"
                tally.problem(line, "(hele rækken)", None, reason)
                if reject_file is not None:
                    reject_file.write(line, [reason], cells)
                failed = True
                continue
            if ignored:
                origin = "" if origin_index is None else f"\x1f{cells[origin_index]}"
                cells = [c for i, c in enumerate(cells) if i not in ignored]
            if skip and any(cells[i].strip() in values for i, values in skip):
                skipped += 1
                continue
            if not any(cells):
                empty_rows += 1
                first_empty = first_empty or line
                continue
            rows += 1
            original = cells
            if consts:
                cells = cells + consts
            for target, sources in joins:
                cells[target] = " ".join(cells[i].strip() for i in sources)

            entry = memo.get(join(cells_of(cells)))
            if entry is None:
                entry = resolve(cells)
            (
                muni,
                unit,
                direction,
                chan,
                task,
                typ,
                clos,
                form,
                source,
                count,
                answers_json,
                prefix,
                bad,
                warnings,
            ) = entry

            # Times: most are "dd-mm-yyyy HH:MM:SS" in a minute already seen once.
            raw_v = cells[i_saved]
            known = minute_of(raw_v[:16])
            if known is not None and len(raw_v) == 19 and raw_v[16] == ":" and raw_v[17:] in sixty:
                saved = known + raw_v[16:] + ".000000Z"
            elif known is not None and len(raw_v) == 16:
                saved = known + ":00.000000Z"
            else:
                saved = moments.read(raw_v)
            raw_s = cells[i_start]
            known = minute_of(raw_s[:16]) if raw_s else None
            if known is not None and len(raw_s) == 19 and raw_s[16] == ":" and raw_s[17:] in sixty:
                started = known + raw_s[16:] + ".000000Z"
            elif known is not None and len(raw_s) == 16:
                started = known + ":00.000000Z"
            else:
                started = moments.read(raw_s) if raw_s.strip() else None
            if folds and type(saved) is str and raw_v.strip()[:13] in folds:
                saved = moments.in_file_order(raw_v.strip(), saved)
                if type(started) is str:
                    started = moments.nearest_before(raw_s.strip(), started, saved)
            if type(saved) is _Bad or type(started) is _Bad or (started and started > saved):
                bad = list(bad)
                if type(saved) is _Bad:
                    bad.append((names["saved_at"], raw_v.strip(), saved.reason))
                if type(started) is _Bad:
                    bad.append((names["started_at"], raw_s.strip(), started.reason))
                elif started and type(saved) is str and started > saved:
                    bad.append((names["started_at"], raw_s.strip(), "ligger efter Dato"))

            if bad:
                rejected += 1
                for column, value, reason in bad:
                    tally.problem(line, column, value, reason)
                if reject_file is not None:
                    reject_file.write(line, [f"{c}: {r}" for c, _, r in bad], original)
                failed = True
                continue
            for warning in warnings:
                warn(warning, line)
            if name_index is not None and muni not in learned:
                learned[muni] = cells[name_index].strip()
            if failed and reject_file is None:
                # Nothing will be imported; keep reading only to report every problem.
                continue
            content = f"{prefix}{saved}\x1f{started or ''}\x1f{answers_json}\x1f{count}{origin}"
            if source == app:
                # "~" sorts after every fraction of this second and before the next one.
                until: str | None = saved[:19] + "~"
            elif not started and raw_v[11:] in midnights:
                until = next_days.get(saved) or next_day(saved)
            else:
                until = None
            batch.append(
                (
                    line,
                    blake(content.encode(), digest_size=16).hexdigest(),
                    until,
                    new_id(),
                    muni,
                    unit,
                    direction,
                    chan,
                    task,
                    typ,
                    clos,
                    form,
                    started,
                    saved,
                    answers_json,
                    source,
                    0,
                    count,
                    1,
                    0,
                    None,
                )
            )
            if len(batch) >= _BATCH:
                stage.add(batch)
                batch = []
                if progress is not None and rows % PROGRESS_EVERY < _BATCH:
                    progress(raw.raw.tell(), size)
    except csv.Error as exc:
        raise FileFormatError(where, f"filen kan ikke læses som CSV: {exc}", line=line) from None
    except UnicodeDecodeError as exc:
        raise FileFormatError(where, f"tegnsættet passer ikke: {exc.reason}", line=line) from None
    if batch and not (failed and reject_file is None):
        stage.add(batch)
    if empty_rows:
        tally.warnings[("(filen)", "", "tomme rækker er sprunget over")] = [empty_rows, first_empty]
    summary.rows = rows
    summary.rejected = rejected
    summary.skipped = skipped
    return learned
