"""Time per inquiry: quartiles and means from histograms in whole seconds.

Only a real duration counts. A row without a start, one whose start equals its save (extracts
write both at midnight) and one saved before it started have no duration: they are left out of
every time figure and counted as untimed, so a manager never sees a median pulled to 0 s.
"""

from __future__ import annotations

import sqlite3
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tracetool.analysis.figures import Report

TIMING_DIMENSIONS = ("type", "task", "unit", "channel")
NO_UNIT = "INGEN"


@dataclass(frozen=True)
class Timing:
    """Seconds per registration over ``n`` timed registrations: quartiles and mean."""

    n: int
    mean_s: float
    median_s: float
    p25_s: float
    p75_s: float

    @classmethod
    def of(cls, histogram: Mapping[int, int]) -> Timing | None:
        n = sum(histogram.values())
        if not n:
            return None
        p25, p50, p75 = quantiles(histogram, (0.25, 0.5, 0.75))
        mean = sum(s * k for s, k in histogram.items()) / n
        return cls(n=n, mean_s=mean, median_s=p50, p25_s=p25, p75_s=p75)

    def to_json(self) -> dict[str, Any]:
        return {
            "n": self.n,
            "mean_s": self.mean_s,
            "median_s": self.median_s,
            "p25_s": self.p25_s,
            "p75_s": self.p75_s,
        }


def quantiles(histogram: Mapping[int, int], points: Sequence[float]) -> list[float]:
    """Quantiles by linear interpolation between order statistics (``statistics.quantiles``'
    inclusive method; its median is the usual one), walking the sorted histogram once."""
    n = sum(histogram.values())
    # The 0-based ranks each quantile lies between, and the weight of the upper one.
    spots = [(int(p * (n - 1)), p * (n - 1) - int(p * (n - 1))) for p in points]
    wanted = sorted({r for lo, _ in spots for r in (lo, min(lo + 1, n - 1))})
    at: dict[int, int] = {}
    seen = 0
    i = 0
    for value in sorted(histogram):
        seen += histogram[value]
        while i < len(wanted) and wanted[i] < seen:
            at[wanted[i]] = value
            i += 1
    return [at[lo] + frac * (at[min(lo + 1, n - 1)] - at[lo]) for lo, frac in spots]


def median_of(histogram: Mapping[int, int]) -> float | None:
    return quantiles(histogram, (0.5,))[0] if histogram else None


# unixepoch() (SQLite 3.38+) is twice as fast as julianday arithmetic; whole seconds are what
# KOMHEN's own timer recorded.
SECONDS = (
    "unixepoch(saved_at) - unixepoch(started_at)"
    if sqlite3.sqlite_version_info >= (3, 38)
    else "CAST(round((julianday(saved_at) - julianday(started_at)) * 86400) AS INTEGER)"
)


def _ordered(timings: dict[str, Timing], order: Mapping[str, int]) -> dict[str, Timing]:
    return dict(sorted(timings.items(), key=lambda kv: (order.get(kv[0], 1 << 30), kv[0])))


def task_timing(times: list[tuple[str, str, str, str, str]], report: Report) -> None:
    """Fill the report's time figures from the walk's groups: (type, task, unit, channel,
    their seconds as comma-separated text). A row with 0 s (start and save in the same
    second) has no real duration either; every row not timed is counted as untimed."""
    per: dict[str, defaultdict[str, Counter[str]]] = {
        d: defaultdict(Counter) for d in TIMING_DIMENSIONS
    }
    for *codes, text in times:
        histogram = Counter(text.split(","))
        histogram.pop("0", None)
        for dimension, code in zip(TIMING_DIMENSIONS, codes, strict=True):
            per[dimension][code].update(histogram)
    overall: Counter[int] = Counter()
    for dimension, texts in per.items():
        histograms = {code: _ints(h) for code, h in texts.items()}
        if dimension == "type":
            for h in histograms.values():
                overall.update(h)
        found = {code: t for code, h in histograms.items() if (t := Timing.of(h)) is not None}
        order = {k: i for i, k in enumerate(report.breakdown(dimension))}
        setattr(report, f"timing_by_{dimension}", _ordered(found, order))
    report.timing = Timing.of(overall)
    report.timed = sum(overall.values())
    report.untimed = report.registrations - report.timed


def _ints(histogram: Counter[str]) -> Counter[int]:
    return Counter({int(s): n for s, n in histogram.items()})
