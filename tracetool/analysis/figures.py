"""The report's figures: which inquiries (the filter) and what is counted of them.

All counts are inquiries, not rows: a mass registration of N counts N (komhen.md §5).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from tracetool import timeutil
from tracetool.analysis.timing import Timing
from tracetool.store.exclusions import ExclusionRule, excluded_sql
from tracetool.store.registrations import Query

if TYPE_CHECKING:
    from tracetool.analysis.compare import Comparison
    from tracetool.analysis.costs import Costs
    from tracetool.analysis.pivot import Pivot

DIMENSIONS = ("channel", "type", "task", "unit", "group", "hour", "day", "week")
NO_FORM = "INGEN"
NO_UNIT = "INGEN"
NO_GROUP = "INGEN"
DIRECTIONS = ("IND", "UD")
HOURS = tuple(f"{h:02d}" for h in range(24))


def with_where(where: str, clause: str) -> str:
    return f"{where} AND {clause}" if where else f" WHERE {clause}"


def any_of(column: str, values: Sequence[str]) -> tuple[str, list[Any]]:
    """``column IN (...)``; the empty code stands for rows without a value (no unit)."""
    named = [v for v in values if v]
    parts = [f"{column} IN ({', '.join('?' for _ in named)})"] if named else []
    if len(named) < len(values):
        parts.append(f"{column} IS NULL")
    return "(" + " OR ".join(parts or ["0"]) + ")", named


@dataclass(frozen=True)
class ReportFilter:
    """Which inquiries: Danish days ``start``..``end`` (both included), test data, and filters
    that combine: each of units, groups' units, channels, types and sources means "any of"
    these, and the row must pass every filter given. ``groups`` names the plan's groups and
    ``group_units`` holds their units (an empty tuple when a group has none).
    """

    start: date | None = None
    end: date | None = None
    unit: str | None = None
    include_test: bool = False
    units: tuple[str, ...] = ()
    groups: tuple[str, ...] = ()
    group_units: tuple[str, ...] = ()
    channels: tuple[str, ...] = ()
    types: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    exclusions: tuple[ExclusionRule, ...] = ()

    @property
    def all_units(self) -> tuple[str, ...]:
        """The units asked for by --unit (the single ``unit`` included)."""
        return (*((self.unit,) if self.unit is not None else ()), *self.units)

    @property
    def chosen_units(self) -> frozenset[str] | None:
        """The units a row may have, or None when neither units nor groups are filtered."""
        sets = [set(self.all_units)] if self.all_units else []
        if self.groups:
            sets.append(set(self.group_units))
        return frozenset(set.intersection(*sets)) if sets else None

    def query(self, **extra: Any) -> Query:
        return Query(
            start=timeutil.day_start_utc(self.start) if self.start else None,
            end=timeutil.day_start_utc(self.end + timedelta(days=1)) if self.end else None,
            include_test=self.include_test,
            **extra,
        )

    def where(self, *, exclude: bool = True) -> tuple[str, list[Any]]:
        """The SQL WHERE of the period and test data, every filter given and (unless
        ``exclude`` is false) the exclusion rules."""
        where, params = self.query().where()
        if exclude and self.exclusions:
            where, params = self.not_excluded(where, params)
        filters = [
            ("unit", self.all_units),
            ("channel", self.channels),
            ("type", self.types),
            ("source", self.sources),
        ]
        # A chosen group with no units must match nothing, so it is applied even when empty.
        chosen = [(c, v) for c, v in filters if v]
        if self.groups:
            chosen.append(("unit", self.group_units))
        for column, values in chosen:
            clause, values_params = any_of(column, values)
            where = with_where(where, clause)
            params += values_params
        return where, params

    def not_excluded(self, where: str, params: list[Any]) -> tuple[str, list[Any]]:
        clause, values = excluded_sql(self.exclusions)
        return with_where(where, f"NOT {clause}"), [*params, *values]


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
    excluded: int = 0
    excluded_inquiries: int = 0
    by_direction: dict[str, int] = field(default_factory=dict)
    by_channel: dict[str, int] = field(default_factory=dict)
    by_type: dict[str, int] = field(default_factory=dict)
    by_closing: dict[str, int] = field(default_factory=dict)
    by_form: dict[str, int] = field(default_factory=dict)
    by_task: dict[str, int] = field(default_factory=dict)
    by_unit: dict[str, int] = field(default_factory=dict)
    by_group: dict[str, int] = field(default_factory=dict)
    by_answer: dict[str, dict[str, int]] = field(default_factory=dict)
    answer_by_task: dict[str, dict[str, dict[str, int]]] = field(default_factory=dict)
    unit_by_channel: dict[str, dict[str, int]] = field(default_factory=dict)
    group_by_channel: dict[str, dict[str, int]] = field(default_factory=dict)
    pivot: Pivot | None = None
    comparison: Comparison | None = None
    costs: Costs | None = None
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
