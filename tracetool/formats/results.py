"""What an import reports: problems (row faults), warnings (accepted, worth a look), the summary;
and the rejects file that --skip-invalid writes.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from tracetool import locale
from tracetool.formats.fields import (
    REJECT_LINE,
    REJECT_REASON,
)
from tracetool.locale import N_
from tracetool.store.repeats import Repeat

_VALUE = N_(" (værdi: {value!r})")
_WHERE = N_("linje {line}, kolonne {column}: {reason}{shown}")
_TIMES = N_(" ({count} rækker, første på linje {first_line})")
_ONCE = N_(" (linje {first_line})")

MAX_PROBLEMS = 1000


@dataclass(frozen=True)
class ImportProblem:
    """A row that cannot be imported: where, what was found and why."""

    line: int
    column: str
    value: object
    reason: str
    # The language the reason was written in, so that the whole line is said in it.
    lang: str = field(default_factory=locale.current, compare=False, repr=False)

    def __str__(self) -> str:
        said = locale.catalogue("core", self.lang).gettext
        shown = "" if self.value is None or self.value == "" else said(_VALUE)
        return said(_WHERE).format(
            line=self.line,
            column=self.column,
            reason=self.reason,
            shown=shown.format(value=self.value),
        )

    def as_dict(self) -> dict[str, Any]:
        return {
            "line": self.line,
            "column": self.column,
            "value": self.value,
            "reason": self.reason,
        }


@dataclass(frozen=True)
class ImportWarning:
    """Something accepted that a coordinator may want to look at, with how often it occurred."""

    column: str
    value: object
    reason: str
    count: int
    first_line: int
    lang: str = field(default_factory=locale.current, compare=False, repr=False)

    def __str__(self) -> str:
        said = locale.catalogue("core", self.lang).gettext
        shown = f" {self.value!r}" if self.value not in (None, "") else ""
        times = said(_ONCE if self.count == 1 else _TIMES)
        times = times.format(count=self.count, first_line=self.first_line)
        return f"{self.column}{shown}: {self.reason}{times}"

    def as_dict(self) -> dict[str, Any]:
        return {
            "column": self.column,
            "value": self.value,
            "reason": self.reason,
            "count": self.count,
            "first_line": self.first_line,
        }


@dataclass
class ImportSummary:
    path: str
    layout: str
    encoding: str
    delimiter: str
    rows: int = 0
    imported: int = 0
    already_present: int = 0
    rejected: int = 0
    skipped: int = 0
    dry_run: bool = False
    committed: bool = False
    rejects_path: str | None = None
    problems: list[ImportProblem] = field(default_factory=list)
    problems_total: int = 0
    warnings: list[ImportWarning] = field(default_factory=list)
    # Rows that likely repeat stored ones (tracetool.store.repeats); stored only when allowed.
    repeats: int = 0
    repeat_examples: list[Repeat] = field(default_factory=list)
    allow_repeat: bool = False

    @property
    def ok(self) -> bool:
        """True when every row was accepted, or the bad ones were set aside on request, and no
        row repeats a stored one unless that was allowed."""
        rows_ok = self.rejected == 0 or self.rejects_path is not None
        return rows_ok and (self.repeats == 0 or self.allow_repeat)

    def as_dict(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "layout": self.layout,
            "encoding": self.encoding,
            "delimiter": self.delimiter,
            "rows": self.rows,
            "imported": self.imported,
            "already_present": self.already_present,
            "rejected": self.rejected,
            "skipped": self.skipped,
            "dry_run": self.dry_run,
            "committed": self.committed,
            "rejects_path": self.rejects_path,
            "problems_total": self.problems_total,
            "problems": [p.as_dict() for p in self.problems],
            "warnings": [w.as_dict() for w in self.warnings],
            "repeats": self.repeats,
            "repeat_examples": [r.as_dict() for r in self.repeat_examples],
            "allow_repeat": self.allow_repeat,
        }


@dataclass
class _Tally:
    """Problems (capped) and warnings (counted), collected while the file is read."""

    problems: list[ImportProblem] = field(default_factory=list)
    problems_total: int = 0
    warnings: dict[tuple[str, str, str], list[int]] = field(default_factory=dict)

    def problem(self, line: int, column: str, value: object, reason: str) -> None:
        self.problems_total += 1
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(ImportProblem(line, column, value, reason))

    def warn(self, key: tuple[str, str, str], line: int) -> None:
        seen = self.warnings.get(key)
        if seen is None:
            self.warnings[key] = [1, line]
        else:
            seen[0] += 1

    def warning_list(self) -> list[ImportWarning]:
        return [
            ImportWarning(col, val, reason, n, first)
            for (col, val, reason), (n, first) in self.warnings.items()
        ]


class _Rejects:
    """The --skip-invalid file: the bad rows as they were, with line number and reasons first."""

    def __init__(self, path: Path, codec: str, delimiter: str, header: list[str]) -> None:
        encoding = "utf-8-sig" if codec.startswith("utf-8") else codec
        # errors="replace": our Danish reasons always fit; this only guards Latin-1 files.
        self.fh: IO[str] = path.open("w", encoding=encoding, errors="replace", newline="")
        self.writer = csv.writer(self.fh, delimiter=delimiter, lineterminator="\r\n")
        self.writer.writerow([REJECT_LINE, REJECT_REASON, *header])

    def write(self, line: int, reasons: Iterable[str], cells: list[str]) -> None:
        self.writer.writerow([line, "; ".join(reasons), *cells])

    def close(self) -> None:
        self.fh.close()
