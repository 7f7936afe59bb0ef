"""The coordinator's report, one import away: the filter, the figures, how they are counted,
their labels and their JSON live in figures, queries, timing, labels and report_json."""

from __future__ import annotations

from tracetool.analysis.figures import (
    DIMENSIONS,
    NO_FORM,
    NO_UNIT,
    ChannelShares,
    Coverage,
    Report,
    ReportFilter,
)
from tracetool.analysis.labels import Labels, fmt_day, fmt_int, fmt_pct, fmt_seconds
from tracetool.analysis.queries import build_report, relevant_totals
from tracetool.analysis.report_json import report_json
from tracetool.analysis.timing import Timing

__all__ = [
    "DIMENSIONS",
    "NO_FORM",
    "NO_UNIT",
    "ChannelShares",
    "Coverage",
    "Labels",
    "Report",
    "ReportFilter",
    "Timing",
    "build_report",
    "fmt_day",
    "fmt_int",
    "fmt_pct",
    "fmt_seconds",
    "relevant_totals",
    "report_json",
]
