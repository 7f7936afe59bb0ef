"""Cross-tabs: inquiries by any two of group, unit, channel, type, closing, form, task, day,
hour and the answer to one question (``answer:KEY``), from one GROUP BY query."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache
from typing import Any

from sqlite_utils import Database

from tracetool import timeutil
from tracetool.analysis.figures import NO_FORM, NO_GROUP, NO_UNIT, ReportFilter
from tracetool.analysis.tasks import method_task
from tracetool.errors import TracetoolError

PIVOT_DIMENSIONS = (
    "group",
    "unit",
    "channel",
    "type",
    "closing",
    "form",
    "task",
    "day",
    "hour",
    "answer",
)
NO_ANSWER = "INGEN"


@dataclass(frozen=True)
class Pivot:
    rows: str
    columns: str
    cells: dict[str, dict[str, int]]
    row_totals: dict[str, int]
    column_totals: dict[str, int]
    total: int

    def to_json(self) -> dict[str, Any]:
        return {
            "rows": self.rows,
            "columns": self.columns,
            "cells": self.cells,
            "row_totals": self.row_totals,
            "column_totals": self.column_totals,
            "total": self.total,
        }


def parse_pivot(text: str) -> tuple[str, str]:
    """``ROWS,COLUMNS`` → the two dimensions; a clear message for anything else."""
    parts = [p.strip() for p in text.split(",")]
    if len(parts) != 2 or not all(parts):
        raise TracetoolError(f"--pivot {text!r}: skriv to fordelinger som RÆKKER,KOLONNER")
    for part in parts:
        name, _, key = part.partition(":")
        if name not in PIVOT_DIMENSIONS:
            raise TracetoolError(
                f"--pivot: ukendt fordeling {part!r}; brug to af {', '.join(PIVOT_DIMENSIONS)}"
            )
        if (name == "answer") != bool(key):
            raise TracetoolError(
                f"--pivot {part!r}: svar skrives answer:NØGLE, fx answer:kunne_web"
            )
    if parts[0] == parts[1]:
        raise TracetoolError(f"--pivot {text!r}: vælg to forskellige fordelinger")
    return parts[0], parts[1]


@cache
def _local(utc_hour: str) -> datetime:
    return timeutil.local(datetime.strptime(utc_hour, "%Y-%m-%dT%H").replace(tzinfo=UTC))


def _expression(
    dimension: str, groups: Mapping[str, Sequence[str]]
) -> tuple[str, list[Any], Callable[[Any], str]]:
    """The SQL expression, its values and how a value becomes the dimension's code."""
    name, _, key = dimension.partition(":")
    if name == "answer":
        path = '$."' + key.replace('"', '""') + '"'
        return "json_extract(answers, ?)", [path], lambda v: NO_ANSWER if v is None else str(v)
    if name == "group":
        group_of = {u: g for g, units in groups.items() for u in units}
        return "unit", [], lambda v: group_of.get(v, NO_GROUP)
    if name in ("day", "hour"):
        if name == "day":
            return "substr(saved_at, 1, 13)", [], lambda v: _local(v).date().isoformat()
        return "substr(saved_at, 1, 13)", [], lambda v: f"{_local(v).hour:02d}"
    if name == "task":
        return "task", [], method_task
    empty = {"unit": NO_UNIT, "form": NO_FORM}.get(name, "")
    return name, [], lambda v: empty if v is None else str(v)


def _ordered(totals: Counter[str], dimension: str) -> dict[str, int]:
    if dimension in ("day", "hour"):
        return dict(sorted(totals.items()))
    return dict(sorted(totals.items(), key=lambda kv: (-kv[1], kv[0])))


def build_pivot(
    db: Database,
    flt: ReportFilter,
    rows: str,
    columns: str,
    groups: Mapping[str, Sequence[str]] | None = None,
) -> Pivot:
    """Inquiries by ``rows`` × ``columns`` for the report's filter (exclusions included)."""
    row_sql, row_params, row_code = _expression(rows, groups or {})
    col_sql, col_params, col_code = _expression(columns, groups or {})
    where, params = flt.where()
    sql = f"SELECT {row_sql}, {col_sql}, SUM(count) FROM registration{where} GROUP BY 1, 2"
    cells: dict[str, Counter[str]] = {}
    row_totals: Counter[str] = Counter()
    column_totals: Counter[str] = Counter()
    for r, c, n in db.execute(sql, [*row_params, *col_params, *params]):
        rk, ck = row_code(r), col_code(c)
        cells.setdefault(rk, Counter())[ck] += n
        row_totals[rk] += n
        column_totals[ck] += n
    ordered_rows = _ordered(row_totals, rows.partition(":")[0])
    ordered_cols = _ordered(column_totals, columns.partition(":")[0])
    return Pivot(
        rows=rows,
        columns=columns,
        cells={r: {c: cells[r][c] for c in ordered_cols if cells[r][c]} for r in ordered_rows},
        row_totals=ordered_rows,
        column_totals=ordered_cols,
        total=sum(row_totals.values()),
    )
