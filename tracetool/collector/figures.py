"""The figures a dashboard shows, as the rollups give them: per municipality, nation, channel.

Definitions (our choices where KOMHEN is silent, stated on the pages too):

- Counts are inquiries: a mass registration of N counts N.
- Digital share: inquiries on ``DIGITAL`` channels ÷ all inquiries.
- Closed-at-once share: STRAKS ÷ all inquiries; form share: JA ÷ (JA + NEJ), i.e. among the
  inquiries where the form question was asked.
- Coverage: registered ÷ totals, over the totals' own periods (those overlapping the chosen
  period), per channel; a municipality-wide total wins over totals per unit for a channel, as in
  the local report (``report.relevant_totals``).
- National figures: shares are the nation's pooled share (all inquiries together, as KL
  published "64 % closed at once"); counts are the average per participating municipality.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from tracetool.collector.period import Period

# Channels where the citizen and the municipality meet without paper, phone or a desk. MGRUD
# (output manager) is left out: it prints what cannot go to Digital Post, and its mix is unknown.
DIGITAL: frozenset[str] = frozenset(
    {
        "EMLIND", "DOCIND", "SMSIND", "CHATIND", "SOMEIND", "WEB", "SLVBTJN", "SYSECOIND",
        "SYSMEDIND", "SYSIND", "EMLUD", "DOKUD", "SMSUD", "CHATUD", "SOMEUD", "SYSECOUD",
    }
)  # fmt: skip

# The overview's columns: key, kind ("count" or "share").
METRICS: tuple[tuple[str, str], ...] = (
    ("n", "count"),
    ("inbound", "count"),
    ("outbound", "count"),
    ("digital_share", "share"),
    ("straks_share", "share"),
    ("form_share", "share"),
    ("coverage", "share"),
)
METRIC_KIND = dict(METRICS)


class _Shares:
    """Closed-at-once share of all inquiries, form share of those where the form was asked."""

    n: int
    straks: int
    form_ja: int
    form_nej: int

    @property
    def straks_share(self) -> float | None:
        return self.straks / self.n if self.n else None

    @property
    def form_share(self) -> float | None:
        asked = self.form_ja + self.form_nej
        return self.form_ja / asked if asked else None


@dataclass
class Figures(_Shares):
    """One municipality (or the nation) in a period; counts are inquiries."""

    municipality: int | None
    name: str = ""
    n: int = 0
    rows: int = 0
    inbound: int = 0
    outbound: int = 0
    digital: int = 0
    straks: int = 0
    form_ja: int = 0
    form_nej: int = 0
    covered: int = 0
    totals: int = 0

    def add_channel(
        self, channel: str, direction: str, rows: int, n: int, straks: int, ja: int, nej: int
    ) -> None:
        self.n += n
        self.rows += rows
        if direction == "IND":
            self.inbound += n
        else:
            self.outbound += n
        if channel in DIGITAL:
            self.digital += n
        self.straks += straks
        self.form_ja += ja
        self.form_nej += nej

    @property
    def digital_share(self) -> float | None:
        return self.digital / self.n if self.n else None

    @property
    def coverage(self) -> float | None:
        return self.covered / self.totals if self.totals else None

    def metric(self, key: str) -> float | None:
        value = getattr(self, key)
        return None if value is None else float(value)

    def as_json(self) -> dict[str, Any]:
        return {
            "municipality": self.municipality,
            "name": self.name,
            "inquiries": self.n,
            "registrations": self.rows,
            "inbound": self.inbound,
            "outbound": self.outbound,
            "digital": self.digital,
            "digital_share": self.digital_share,
            "straks": self.straks,
            "straks_share": self.straks_share,
            "form_yes": self.form_ja,
            "form_no": self.form_nej,
            "form_share": self.form_share,
            "coverage_registered": self.covered,
            "coverage_totals": self.totals,
            "coverage": self.coverage,
        }


@dataclass
class ChannelRow(_Shares):
    channel: str
    direction: str
    rows: int = 0
    n: int = 0
    straks: int = 0
    form_ja: int = 0
    form_nej: int = 0

    def add(self, rows: int, n: int, straks: int, ja: int, nej: int) -> None:
        self.rows += rows
        self.n += n
        self.straks += straks
        self.form_ja += ja
        self.form_nej += nej

    def as_json(self) -> dict[str, Any]:
        return {
            "channel": self.channel,
            "direction": self.direction,
            "registrations": self.rows,
            "inquiries": self.n,
            "straks": self.straks,
            "straks_share": self.straks_share,
            "form_yes": self.form_ja,
            "form_no": self.form_nej,
            "form_share": self.form_share,
        }


@dataclass(frozen=True)
class Ranked:
    rank: int
    figures: Figures


@dataclass
class Overview:
    period: Period
    rows: list[Figures]
    national: Figures
    channels: dict[str, ChannelRow]

    def average(self, metric: str) -> float | None:
        """Beside each figure: the nation's pooled share, or the mean count per municipality."""
        if METRIC_KIND[metric] == "share":
            return self.national.metric(metric)
        if not self.rows:
            return None
        return sum(float(getattr(f, metric)) for f in self.rows) / len(self.rows)

    def ranked(self, metric: str, descending: bool = True) -> list[Ranked]:
        """Participating municipalities, best first; equal values share a rank; none last."""
        have = [f for f in self.rows if f.metric(metric) is not None]
        none = [f for f in self.rows if f.metric(metric) is None]
        sign = -1.0 if descending else 1.0
        have.sort(key=lambda f: (sign * (f.metric(metric) or 0.0), f.municipality or 0))
        out: list[Ranked] = []
        previous: float | None = None
        rank = 0
        for i, f in enumerate(have, start=1):
            value = f.metric(metric)
            if value != previous:
                rank = i
                previous = value
            out.append(Ranked(rank, f))
        out += [Ranked(0, f) for f in sorted(none, key=lambda f: f.municipality or 0)]
        return out

    def rank_of(self, municipality: int, metric: str) -> int | None:
        for r in self.ranked(metric):
            if r.figures.municipality == municipality:
                return r.rank or None
        return None

    def get(self, municipality: int) -> Figures | None:
        return next((f for f in self.rows if f.municipality == municipality), None)

    def as_json(self) -> dict[str, Any]:
        return {
            "period": self.period.as_json(),
            "municipalities": [f.as_json() for f in sorted(self.rows, key=_by_number)],
            "national": self.national.as_json(),
            "average": {m: self.average(m) for m, _ in METRICS},
            "participating": len(self.rows),
        }


def _by_number(f: Figures) -> int:
    return f.municipality or 0


@dataclass(frozen=True)
class CoverageRow:
    channel: str
    registered: int
    total: int
    from_date: str
    to_date: str
    units: tuple[str, ...]

    @property
    def share(self) -> float | None:
        return self.registered / self.total if self.total else None

    def as_json(self) -> dict[str, Any]:
        return {
            "channel": self.channel,
            "registered": self.registered,
            "total": self.total,
            "share": self.share,
            "from": self.from_date,
            "to": self.to_date,
            "units": list(self.units),
        }


@dataclass
class UnitRow(_Shares):
    unit: str
    n: int = 0
    straks: int = 0
    form_ja: int = 0
    form_nej: int = 0
    channels: dict[str, int] = field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        return {
            "unit": self.unit,
            "inquiries": self.n,
            "straks_share": self.straks_share,
            "form_share": self.form_share,
            "channels": self.channels,
        }


@dataclass
class MunicipalityView:
    municipality: int
    name: str
    period: Period
    include_test: bool
    figures: Figures
    overview: Overview
    channels: list[ChannelRow]
    types: dict[str, int]
    channel_types: dict[str, dict[str, int]]
    tasks: list[tuple[str, int]]
    task_count: int
    by_day: dict[str, int]
    by_hour: dict[int, int]
    units: list[UnitRow]
    coverage: list[CoverageRow]

    @property
    def national(self) -> Figures:
        return self.overview.national

    def direction_total(self, direction: str) -> int:
        return self.figures.inbound if direction == "IND" else self.figures.outbound

    def national_channel_share(self, channel: str, direction: str) -> float | None:
        row = self.overview.channels.get(channel)
        whole = self.national.inbound if direction == "IND" else self.national.outbound
        return (row.n / whole) if row and whole else None

    def distance(self) -> list[dict[str, Any]]:
        """How far the municipality stands from the nation, metric by metric, with its rank.

        Published figures: with test data included on the page, the municipality's own values
        here still leave it out, so they are comparable with everyone else's.
        """
        own = self.overview.get(self.municipality) or Figures(self.municipality)
        out = []
        for metric, kind in METRICS:
            value = own.metric(metric)
            average = self.overview.average(metric)
            diff = None if value is None or average is None else value - average
            out.append(
                {
                    "metric": metric,
                    "kind": kind,
                    "value": value,
                    "average": average,
                    "difference": diff,
                    "rank": self.overview.rank_of(self.municipality, metric),
                    "of": sum(1 for f in self.overview.rows if f.metric(metric) is not None),
                }
            )
        return out

    def as_json(self) -> dict[str, Any]:
        return {
            "municipality": self.municipality,
            "name": self.name,
            "period": self.period.as_json(),
            "include_test": self.include_test,
            "figures": self.figures.as_json(),
            "national": self.national.as_json(),
            "channels": [c.as_json() for c in self.channels],
            "types": self.types,
            "channel_types": self.channel_types,
            "top_tasks": [{"task": t, "inquiries": n} for t, n in self.tasks],
            "tasks": self.task_count,
            "by_day": self.by_day,
            "by_hour": {f"{h:02d}": n for h, n in self.by_hour.items()},
            "units": [u.as_json() for u in self.units],
            "coverage": [c.as_json() for c in self.coverage],
            "distance": self.distance(),
        }
