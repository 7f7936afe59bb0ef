"""The report's figures: which inquiries (the filter) and what is counted of them.

All counts are inquiries, not rows: a mass registration of N counts N (komhen.md §5).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from tracetool import timeutil
from tracetool.analysis.timing import Timing
from tracetool.store.registrations import Query

DIMENSIONS = ("channel", "type", "task", "unit", "hour", "day", "week")
NO_FORM = "INGEN"
NO_UNIT = "INGEN"
DIRECTIONS = ("IND", "UD")
HOURS = tuple(f"{h:02d}" for h in range(24))


@dataclass(frozen=True)
class ReportFilter:
    """Which inquiries: Danish days ``start``..``end`` (both included), unit, test data."""

    start: date | None = None
    end: date | None = None
    unit: str | None = None
    include_test: bool = False

    def query(self, **extra: Any) -> Query:
        return Query(
            start=timeutil.day_start_utc(self.start) if self.start else None,
            end=timeutil.day_start_utc(self.end + timedelta(days=1)) if self.end else None,
            unit=self.unit,
            include_test=self.include_test,
            **extra,
        )


@dataclass(frozen=True)
class ChannelShares:
    """Closed-at-once and form share of one channel.

    The form share is taken among inquiries where the form question was answered: a channel
    that never asks (phone) has no share rather than a misleading 0 %.
    """

    total: int
    straks: int
    form_yes: int
    form_answered: int

    @property
    def straks_share(self) -> float | None:
        return self.straks / self.total if self.total else None

    @property
    def form_share(self) -> float | None:
        return self.form_yes / self.form_answered if self.form_answered else None

    def to_json(self) -> dict[str, Any]:
        return {
            "total": self.total,
            "straks": self.straks,
            "straks_share": self.straks_share,
            "form_yes": self.form_yes,
            "form_answered": self.form_answered,
            "form_share": self.form_share,
        }


@dataclass(frozen=True)
class Coverage:
    """Registered ÷ all inquiries on one channel, over the totals' own periods."""

    channel: str
    registered: int
    total: int
    from_date: date
    to_date: date
    units: tuple[str, ...]

    @property
    def share(self) -> float | None:
        return self.registered / self.total if self.total else None

    def to_json(self) -> dict[str, Any]:
        return {
            "registered": self.registered,
            "total": self.total,
            "share": self.share,
            "from": self.from_date.isoformat(),
            "to": self.to_date.isoformat(),
            "units": list(self.units),
        }


@dataclass
class Report:
    filter: ReportFilter
    generated_at: datetime
    total: int = 0
    registrations: int = 0
    by_direction: dict[str, int] = field(default_factory=dict)
    by_channel: dict[str, int] = field(default_factory=dict)
    by_type: dict[str, int] = field(default_factory=dict)
    by_closing: dict[str, int] = field(default_factory=dict)
    by_form: dict[str, int] = field(default_factory=dict)
    by_task: dict[str, int] = field(default_factory=dict)
    by_unit: dict[str, int] = field(default_factory=dict)
    by_hour: dict[str, int] = field(default_factory=dict)
    by_day: dict[str, int] = field(default_factory=dict)
    by_week: dict[str, int] = field(default_factory=dict)
    channel_shares: dict[str, ChannelShares] = field(default_factory=dict)
    channel_by_type: dict[str, dict[str, int]] = field(default_factory=dict)
    task_by_channel: dict[str, dict[str, int]] = field(default_factory=dict)
    task_by_type: dict[str, dict[str, int]] = field(default_factory=dict)
    timing: Timing | None = None
    timing_by_type: dict[str, Timing] = field(default_factory=dict)
    timing_by_task: dict[str, Timing] = field(default_factory=dict)
    timing_by_unit: dict[str, Timing] = field(default_factory=dict)
    timing_by_channel: dict[str, Timing] = field(default_factory=dict)
    timed: int = 0
    untimed: int = 0
    coverage: dict[str, Coverage] = field(default_factory=dict)
    channel_direction: dict[str, str] = field(default_factory=dict)

    def breakdown(self, dimension: str) -> dict[str, int]:
        return dict(getattr(self, f"by_{dimension}"))

    def timing_by(self, dimension: str) -> dict[str, Timing]:
        """Time per code of ``dimension`` (type, task, unit, channel); empty for any other."""
        found: dict[str, Timing] = getattr(self, f"timing_by_{dimension}", {})
        return found

    def share(self, n: int) -> float:
        return n / self.total if self.total else 0.0

    @property
    def straks_share(self) -> float | None:
        return self.by_closing.get("STRAKS", 0) / self.total if self.total else None

    @property
    def form_share(self) -> float | None:
        answered = self.by_form.get("JA", 0) + self.by_form.get("NEJ", 0)
        return self.by_form.get("JA", 0) / answered if answered else None

    @property
    def median_seconds(self) -> float | None:
        return self.timing.median_s if self.timing else None

    @property
    def first_day(self) -> str | None:
        return min(self.by_day) if self.by_day else None

    @property
    def last_day(self) -> str | None:
        return max(self.by_day) if self.by_day else None
