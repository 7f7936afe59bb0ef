"""Registration time: medians from a histogram in whole seconds, per task and overall."""

from __future__ import annotations

import sqlite3
from collections import Counter, defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlite_utils import Database

if TYPE_CHECKING:
    from tracetool.analysis.figures import Report


@dataclass(frozen=True)
class TaskTiming:
    """Median registration time (saved_at - started_at) over the timed registrations."""

    median_seconds: float
    timed: int

    def to_json(self) -> dict[str, Any]:
        return {"median_seconds": self.median_seconds, "timed": self.timed}


def with_where(where: str, clause: str) -> str:
    return f"{where} AND {clause}" if where else f" WHERE {clause}"


def median_of(histogram: Mapping[int, int]) -> float | None:
    n = sum(histogram.values())
    if not n:
        return None
    wanted = ((n - 1) // 2, n // 2)
    found: list[int] = []
    seen = 0
    for value in sorted(histogram):
        seen += histogram[value]
        while len(found) < 2 and seen > wanted[len(found)]:
            found.append(value)
    return (found[0] + found[1]) / 2


# unixepoch() (SQLite 3.38+) is twice as fast as julianday arithmetic; whole seconds are what
# KOMHEN's own timer recorded.
_SECONDS = (
    "unixepoch(saved_at) - unixepoch(started_at)"
    if sqlite3.sqlite_version_info >= (3, 38)
    else "CAST(round((julianday(saved_at) - julianday(started_at)) * 86400) AS INTEGER)"
)


def task_timing(db: Database, where: str, params: list[Any], report: Report) -> None:
    # A histogram in whole seconds per task: exact enough for a median of a timer people
    # start and stop by hand, and small however many rows there are.
    seconds = _SECONDS
    sql = (
        f"SELECT task, {seconds} AS s, COUNT(*) FROM registration"
        f"{with_where(where, 'started_at IS NOT NULL')} GROUP BY task, s"
    )
    per_task: defaultdict[str, Counter[int]] = defaultdict(Counter)
    overall: Counter[int] = Counter()
    for task, s, n in db.execute(sql, params):
        if s is None or s < 0:
            continue
        per_task[task][s] += n
        overall[s] += n
    timings: dict[str, TaskTiming] = {}
    for task, histogram in per_task.items():
        median = median_of(histogram)
        if median is not None:
            timings[task] = TaskTiming(median_seconds=median, timed=sum(histogram.values()))
    order = {k: i for i, k in enumerate(report.by_task)}
    report.timing_by_task = dict(sorted(timings.items(), key=lambda kv: order.get(kv[0], 1 << 30)))
    report.median_seconds = median_of(overall)
    report.timed = sum(overall.values())
