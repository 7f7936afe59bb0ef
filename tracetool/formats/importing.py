"""Import of registrations from files: the ``dl`` and ``upload`` layouts, or any CSV via a map;
and the project's own ``xlsx`` and ``ndjson`` exports (by their first bytes and name).

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

Likely repeats: the same rows in another dress (re-saved by Excel without seconds, an ``upload``
export read back, a corrected original after its fixed rejects) have other keys, so they are
also compared by codes and minute (``tracetool.store.repeats``); when some are found, nothing is
stored unless ``allow_repeat``, and the summary names them by line.

Map files (``--map MAP.toml``) describe another system's CSV; see ``MAP_EXAMPLE``.

Where the parts live: ``encoding`` (the bytes), ``layout`` (the header: dl, upload), ``mapped``
(map files), ``xlsx`` and ``ndjson``, ``rows`` (the loop), ``moments`` and ``values`` (cells to
values), ``checking`` (row validation shared by all layouts), ``results`` (problems, warnings,
summary). This module holds the import itself and re-exports the names the front ends use.
"""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Callable
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tracetool.codes.codebook import Codebook
from tracetool.errors import FileFormatError
from tracetool.formats.columns import remember_municipality_name
from tracetool.formats.encoding import _SNIFF, _detect_encoding
from tracetool.formats.fields import CellRows, _Layout
from tracetool.formats.layout import _layout_for
from tracetool.formats.mapped import MAP_EXAMPLE, ImportMap, load_map
from tracetool.formats.ndjson import read_ndjson
from tracetool.formats.results import (
    ImportProblem,
    ImportSummary,
    ImportWarning,
    _Rejects,
    _Tally,
)
from tracetool.formats.rows import PROGRESS_EVERY, Progress, _RowLoop, read_rows
from tracetool.formats.xlsx import read_xlsx
from tracetool.locale import translator
from tracetool.plan.model import Plan
from tracetool.plan.validation import TaskStatus
from tracetool.store.bulk import StagedImport
from tracetool.store.repeats import likely_repeats

_ = translator("core")

MAX_REPEAT_EXAMPLES = 5

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
    allow_repeat: bool = False,
) -> ImportSummary:
    """Import ``path`` into the store ``db`` (a sqlite_utils Database); see the module doc.

    File-level faults (missing, empty, binary, unknown header, mixed encoding) raise
    FileFormatError. Row-level faults are returned in the summary; when there are any and
    ``rejects`` is None, nothing is imported (``summary.committed`` is False). Likewise when
    rows likely repeat stored ones (``summary.repeats``), unless ``allow_repeat``.
    """
    size = _check_paths(path, rejects)
    with ExitStack() as stack:
        opened = _open(path, codebook, plan, mapping, stack)
        layout = opened.layout
        summary = ImportSummary(
            path=str(path),
            layout=layout.kind,
            encoding=opened.encoding,
            delimiter=opened.delimiter,
            dry_run=dry_run,
            rejects_path=str(rejects) if rejects is not None else None,
            allow_repeat=allow_repeat,
        )
        tally = _Tally()
        if opened.mojibake:
            reason = _("tegnsættet ser forkert ud: 'Ã¸' for 'ø' tyder på UTF-8 gemt to gange")
            tally.warnings[(_("(filen)"), "Ã", reason)] = [opened.mojibake, 1]
        reject_file = _open_rejects(rejects, layout, opened.codec, opened.delimiter or ";")
        stage = StagedImport(db)
        loop = _RowLoop(layout, codebook, plan, task_status, tally, stage, reject_file)
        position = opened.position
        tick = None
        if progress is not None and position is not None:
            tick = lambda: progress(position(), size)  # noqa: E731
        try:
            learned = read_rows(opened.rows, loop, tick, str(path))
            loop.finish(summary)
            if reject_file is not None:
                reject_file.close()
            # A rejects file holds rows its original did not import: not repeats by nature.
            from_rejects = layout.origin_index is not None
            _conclude(db, plan, stage, summary, tally, learned, check_repeats=not from_rejects)
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
    if progress is not None:
        progress(size, size)
    return summary


@dataclass
class _Opened:
    """A file ready to be read row by row, whatever its format."""

    layout: _Layout
    rows: Any  # iterable of cell lists with ``line_num`` (csv.reader or CellRows)
    encoding: str  # what the summary says
    codec: str  # what a rejects file is written in
    delimiter: str
    position: Callable[[], int] | None = None  # bytes read so far, for progress
    mojibake: int = 0


def _file_kind(path: Path) -> str:
    """xlsx (a zip) or ndjson (a JSON object first) by the first bytes and the name, else csv.

    The name counts too, so that a collector upload saved as ``upload.csv`` stays CSV only.
    """
    with path.open("rb") as fh:
        head = fh.read(64)
    if head.startswith(b"PK\x03\x04") and path.suffix.lower() in (".xlsx", ".xlsm"):
        return "xlsx"
    json_name = path.suffix.lower() in (".ndjson", ".jsonl", ".json")
    if json_name and head.removeprefix(codecs.BOM_UTF8).lstrip().startswith(b"{"):
        return "ndjson"
    return "csv"


def _open(
    path: Path,
    codebook: Codebook,
    plan: Plan | None,
    mapping: ImportMap | None,
    stack: ExitStack,
) -> _Opened:
    kind = "csv" if mapping is not None else _file_kind(path)
    if kind == "ndjson":
        layout, cells = read_ndjson(path)
        return _Opened(layout, CellRows(cells), "UTF-8", "utf-8-sig", "")
    if kind == "xlsx":
        header, rows, close = read_xlsx(path)
        stack.callback(close)
        text = io.StringIO()
        csv.writer(text, delimiter=";").writerow(header)
        layout, _shape = _layout_for(path, text.getvalue(), codebook, plan, None)
        return _Opened(layout, CellRows(rows), "xlsx", "utf-8-sig", "")
    enc = _detect_encoding(path, mapping.encoding if mapping else None)
    raw = stack.enter_context(open(path, "rb", buffering=_SNIFF))  # noqa: SIM115 (the stack closes it)
    text_io = io.TextIOWrapper(raw, encoding=enc.codec, newline="")
    header_line = text_io.readline()
    if not header_line.strip(" \t\r\n;,"):
        raise FileFormatError(
            str(path), _("første linje er tom; den skal være overskriften"), line=1
        )
    layout, delimiter = _layout_for(path, header_line, codebook, plan, mapping)
    layout.trailing = header_line.rstrip("\r\n").endswith(delimiter)
    rows = csv.reader(text_io, delimiter=delimiter)
    return _Opened(layout, rows, enc.label, enc.codec, delimiter, raw.tell, enc.mojibake)


def _check_paths(path: Path, rejects: Path | None) -> int:
    """The file's size, once it is known to be a non-empty file apart from ``rejects``."""
    if not path.exists():
        raise FileFormatError(str(path), _("filen findes ikke"))
    if path.is_dir():
        raise FileFormatError(str(path), _("det er en mappe, ikke en fil"))
    if rejects is not None and rejects.resolve() == path.resolve():
        raise FileFormatError(
            str(rejects), _("filen til afviste rækker må ikke være selve inputfilen")
        )
    size = path.stat().st_size
    if size == 0:
        raise FileFormatError(str(path), _("filen er tom"))
    return size


def _open_rejects(
    rejects: Path | None, layout: _Layout, codec: str, delimiter: str
) -> _Rejects | None:
    if rejects is None:
        return None
    kept = [c for i, c in enumerate(layout.header) if i not in layout.ignored]
    try:
        return _Rejects(rejects, codec, delimiter, kept)
    except OSError as exc:
        raise FileFormatError(
            str(rejects), _("filen kan ikke skrives: {strerror}").format(strerror=exc.strerror)
        ) from None


def _conclude(
    db: Any,
    plan: Plan | None,
    stage: StagedImport,
    summary: ImportSummary,
    tally: _Tally,
    learned: dict[int, str],
    *,
    check_repeats: bool,
) -> None:
    """Store the staged rows, or count them (dry run), or drop them (bad rows, no rejects)."""
    if summary.rows == 0 and summary.skipped == 0:
        raise FileFormatError(summary.path, _("filen har ingen rækker efter overskriften"))
    summary.problems = tally.problems
    summary.problems_total = tally.problems_total
    summary.warnings = tally.warning_list()
    if summary.rejected and summary.rejects_path is None:
        stage.rollback()
        return
    found = likely_repeats(stage) if check_repeats else []
    summary.repeats = len(found)
    summary.repeat_examples = found[:MAX_REPEAT_EXAMPLES]
    if summary.dry_run or not summary.ok:
        present = stage.present()
        summary.already_present = present
        summary.imported = stage.staged - present if summary.dry_run else 0
        stage.rollback()
    else:
        summary.imported, summary.already_present = stage.commit()
        summary.committed = True
        for number, name in municipality_name_pairs(learned, plan):
            remember_municipality_name(db, number, name)


def municipality_name_pairs(learned: dict[int, str], plan: Plan | None) -> list[tuple[int, str]]:
    """Names worth remembering: not the plan's own (the plan names it) and not empty."""
    own = plan.municipality if plan is not None else None
    return [(n, name) for n, name in learned.items() if name and n != own]
