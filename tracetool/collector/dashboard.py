"""The figures behind the national overview and a municipality's page, read from the rollups.

Nothing here reads ``registration``: every query groups a few thousand rollup rows (see
``rollup``), so the answer time does not grow with the number of registrations. Published
figures never include test mode; a municipality's own page may include it when asked.

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

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from tracetool.codes.codebook import load_codebook
from tracetool.collector import municipalities
from tracetool.collector.storage import SqlStorage, Tx

# Channels where the citizen and the municipality meet without paper, phone or a desk. MGRUD
# (output manager) is left out: it prints what cannot go to Digital Post, and its mix is unknown.
DIGITAL: frozenset[str] = frozenset(
    {
        "EMLIND", "DOCIND", "SMSIND", "CHATIND", "SOMEIND", "WEB", "SLVBTJN", "SYSECOIND",
        "SYSMEDIND", "SYSIND", "EMLUD", "DOKUD", "SMSUD", "CHATUD", "SOMEUD", "SYSECOUD",
    }
)  # fmt: skip

MAX_DAYS = 3 * 366 + 1
TOP_TASKS = 15

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


class PeriodError(ValueError):
    """A period that cannot be read; the message is Danish, the ``en`` attribute English."""

    def __init__(self, da: str, en: str) -> None:
        super().__init__(da)
        self.en = en


@dataclass(frozen=True)
class Period:
    """Danish days ``start``..``end``, both included."""

    start: date
    end: date

    def __post_init__(self) -> None:
        if self.start > self.end:
            raise PeriodError(
                "fra-datoen ligger efter til-datoen", "the from date is after the to date"
            )
        if (self.end - self.start).days >= MAX_DAYS:
            raise PeriodError(
                f"perioden er for lang (højst {MAX_DAYS} dage)",
                f"the period is too long (at most {MAX_DAYS} days)",
            )

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def day_list(self) -> list[str]:
        return [(self.start + timedelta(days=i)).isoformat() for i in range(self.days)]

    @classmethod
    def weeks(cls, year: int, first: int, last: int) -> Period:
        """ISO weeks ``first``..``last`` of ``year``: Monday of the first to Sunday of the last."""
        try:
            start = date.fromisocalendar(year, first, 1)
            end = date.fromisocalendar(year, last, 7)
        except ValueError as exc:
            raise PeriodError(
                f"uge {first}–{last} {year} findes ikke",
                f"weeks {first}–{last} {year} do not exist",
            ) from exc
        return cls(start, end)

    def iso_weeks(self) -> tuple[int, int, int] | None:
        """(year, first week, last week) when the period is exactly whole ISO weeks of a year."""
        y1, w1, d1 = self.start.isocalendar()
        y2, w2, d2 = self.end.isocalendar()
        if d1 == 1 and d2 == 7 and y1 == y2:
            return y1, w1, w2
        return None

    def as_json(self) -> dict[str, Any]:
        return {"from": self.start.isoformat(), "to": self.end.isoformat(), "days": self.days}


def count_periods(today: date, back: int = 4) -> list[tuple[str, Period]]:
    """The latest ``back`` count periods (weeks 17–19 and 43–45) that have begun by ``today``."""
    found: list[tuple[str, Period]] = []
    year = today.year
    while len(found) < back:
        for season, (w1, w2) in (("autumn", (43, 45)), ("spring", (17, 19))):
            period = Period.weeks(year, w1, w2)
            if period.start <= today:
                found.append((season, period))
            if len(found) == back:
                break
        year -= 1
    return found


def default_period(latest: date | None, today: date) -> Period:
    """The latest count period that has begun by the last day with data (or by today)."""
    return count_periods(min(latest, today) if latest else today, 1)[0][1]


# -- figures ----------------------------------------------------------------------------------


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


# -- queries ----------------------------------------------------------------------------------


def _months(period: Period) -> tuple[list[tuple[str, str]], tuple[str, str] | None]:
    """Split a period into day ranges for ``dash_day`` and whole months for ``dash_month``."""
    first = period.start if period.start.day == 1 else _next_month(period.start)
    last_end = _month_start(period.end + timedelta(days=1))  # first day after the last month
    if first >= last_end:
        return [(period.start.isoformat(), period.end.isoformat())], None
    days: list[tuple[str, str]] = []
    if period.start < first:
        days.append((period.start.isoformat(), (first - timedelta(days=1)).isoformat()))
    if last_end <= period.end:
        days.append((last_end.isoformat(), period.end.isoformat()))
    last_month = last_end - timedelta(days=1)
    return days, (first.isoformat()[:7], last_month.isoformat()[:7])


def _month_start(day: date) -> date:
    return day.replace(day=1)


def _next_month(day: date) -> date:
    return (day.replace(day=28) + timedelta(days=4)).replace(day=1)


def _tests(include_test: bool) -> str:
    return "test IN (0, 1)" if include_test else "test = 0"


def channel_rows(
    tx: Tx, period: Period, municipality: int | None = None, include_test: bool = False
) -> list[tuple[int, str, str, int, int, int, int, int]]:
    """(municipality, channel, direction, rows, n, straks, form yes, form no) for the period."""
    days, months = _months(period)
    where_muni = " AND municipality = ?" if municipality is not None else ""
    cols = "municipality, channel, direction, r, n, straks, form_ja, form_nej"
    parts: list[str] = []
    params: list[Any] = []
    if days:
        ranges = " OR ".join("(day >= ? AND day <= ?)" for _ in days)
        parts.append(
            f"SELECT {cols} FROM dash_day WHERE {_tests(include_test)} AND ({ranges}){where_muni}"
        )
        for a, b in days:
            params += [a, b]
        if municipality is not None:
            params.append(municipality)
    if months:
        parts.append(
            f"SELECT {cols} FROM dash_month WHERE {_tests(include_test)}"
            f" AND month >= ? AND month <= ?{where_muni}"
        )
        params += list(months)
        if municipality is not None:
            params.append(municipality)
    sql = (
        "SELECT municipality, channel, direction, SUM(r), SUM(n), SUM(straks), SUM(form_ja),"
        f" SUM(form_nej) FROM ({' UNION ALL '.join(parts)}) x"
        " GROUP BY municipality, channel, direction"
    )
    return [
        (int(m), c, d, int(r), int(n), int(s), int(j), int(k))
        for m, c, d, r, n, s, j, k in tx.all(sql, params)
    ]


def coverage_rows(
    tx: Tx, period: Period, municipality: int | None = None, include_test: bool = False
) -> list[tuple[str, int, str, str, str, str, int, int]]:
    """(id, municipality, unit, channel, from, to, total, registered) per live total overlapping
    the period; registered counts over the total's own period (and unit, if it has one)."""
    where_muni = " AND t.municipality = ?" if municipality is not None else ""
    tests = _tests(include_test).replace("test", "d.test")
    sql = (
        "SELECT t.id, t.municipality, t.unit, t.channel, t.from_date, t.to_date, t.count,"
        " CASE WHEN t.unit = '' THEN"
        "  (SELECT COALESCE(SUM(d.n), 0) FROM dash_day d WHERE d.municipality = t.municipality"
        "   AND d.day >= t.from_date AND d.day <= t.to_date AND d.channel = t.channel"
        f"   AND {tests})"
        " ELSE"
        "  (SELECT COALESCE(SUM(d.n), 0) FROM dash_unit d WHERE d.municipality = t.municipality"
        "   AND d.day >= t.from_date AND d.day <= t.to_date AND d.unit = t.unit"
        f"   AND d.channel = t.channel AND {tests})"
        " END"
        " FROM total t WHERE t.deleted = 0 AND t.to_date >= ? AND t.from_date <= ?"
        f"{where_muni} ORDER BY t.municipality, t.channel, t.unit, t.from_date"
    )
    params: list[Any] = [period.start.isoformat(), period.end.isoformat()]
    if municipality is not None:
        params.append(municipality)
    return [
        (str(i), int(m), u or "", c, f, t, int(n), int(reg))
        for i, m, u, c, f, t, n, reg in tx.all(sql, params)
    ]


def relevant(
    totals: Iterable[tuple[str, int, str, str, str, str, int, int]],
) -> dict[tuple[int, str], list[tuple[str, int, str, str, str, str, int, int]]]:
    """Per (municipality, channel): a municipality-wide total if there is one, else the units'."""
    grouped: defaultdict[tuple[int, str], list[tuple[str, int, str, str, str, str, int, int]]]
    grouped = defaultdict(list)
    for row in totals:
        grouped[(row[1], row[3])].append(row)
    chosen = {}
    for key, items in grouped.items():
        whole = [r for r in items if not r[2]]
        chosen[key] = whole or items
    return chosen


class Dashboard:
    """The dashboards' reads over a collector's storage."""

    def __init__(self, storage: SqlStorage) -> None:
        self.storage = storage

    def _read(self) -> Any:
        # The storage's own read transaction: one snapshot, the right connection handling for
        # each database, and StorageError (503) when the database is busy.
        return self.storage._read()

    def names(self, tx: Tx) -> dict[int, str]:
        """Municipality names: the reference list, overridden by published plans' names."""
        known: dict[int, str] = {}
        from tracetool.errors import TracetoolError
        from tracetool.plan import planfile

        for number, text in tx.all("SELECT municipality, text FROM plan"):
            try:
                known[int(number)] = planfile.parse_plan(text, "plan").municipality_name
            except (TracetoolError, ValueError):
                continue
        return known

    def latest_day(self) -> date | None:
        with self._read() as tx:
            row = tx.one("SELECT MAX(day) FROM dash_day WHERE test = 0 AND n > 0")
        return date.fromisoformat(row[0]) if row and row[0] else None

    def overview(self, period: Period, tx: Tx | None = None) -> Overview:
        if tx is None:
            with self._read() as own:
                return self.overview(period, own)
        names = self._names_cached(tx)
        per: dict[int, Figures] = {}
        national = Figures(None, "")
        channels: dict[str, ChannelRow] = {}
        for m, c, d, r, n, s, j, k in channel_rows(tx, period):
            if not n and not r:
                continue
            fig = per.get(m)
            if fig is None:
                fig = per[m] = Figures(m, municipalities.name(m, names))
            fig.add_channel(c, d, r, n, s, j, k)
            national.add_channel(c, d, r, n, s, j, k)
            channels.setdefault(c, ChannelRow(c, d)).add(r, n, s, j, k)
        for (m, _), items in relevant(coverage_rows(tx, period)).items():
            fig = per.get(m)
            if fig is None:
                continue  # totals without a single registration: no coverage row to rank
            total = sum(i[6] for i in items)
            covered = sum(i[7] for i in items)
            fig.totals += total
            fig.covered += covered
            national.totals += total
            national.covered += covered
        rows = [f for f in per.values() if f.n or f.rows]
        return Overview(period, rows, national, channels)

    def _names_cached(self, tx: Tx) -> dict[int, str]:
        # Plans change rarely, but parsing 98 of them on every request would cost more than
        # the figures; the cache is keyed by the plans' versions, so a new plan shows at once.
        stamp = tuple(tx.all("SELECT municipality, version FROM plan ORDER BY municipality"))
        cached = getattr(self, "_names", None)
        if cached is not None and cached[0] == stamp:
            return dict(cached[1])
        names = self.names(tx)
        self._names = (stamp, names)
        return dict(names)

    def municipality(
        self, municipality: int, period: Period, include_test: bool = False
    ) -> MunicipalityView:
        with self._read() as tx:
            overview = self.overview(period, tx)
            names = self._names_cached(tx)
            figures = Figures(municipality, municipalities.name(municipality, names))
            channels: dict[str, ChannelRow] = {}
            for _, c, d, r, n, s, j, k in channel_rows(tx, period, municipality, include_test):
                if not n and not r:
                    continue
                figures.add_channel(c, d, r, n, s, j, k)
                channels.setdefault(c, ChannelRow(c, d)).add(r, n, s, j, k)
            coverage = self._coverage(tx, period, municipality, include_test, figures)
            span = [period.start.isoformat(), period.end.isoformat()]
            base = f"municipality = ? AND day >= ? AND day <= ? AND {_tests(include_test)}"
            args = [municipality, *span]
            types_rows = tx.all(
                f"SELECT channel, type, SUM(n) FROM dash_type WHERE {base} GROUP BY channel, type",
                args,
            )
            task_rows = tx.all(
                f"SELECT task, SUM(n) FROM dash_task WHERE {base} GROUP BY task", args
            )
            hour_rows = tx.all(
                f"SELECT day, hour, SUM(n) FROM dash_hour WHERE {base} GROUP BY day, hour", args
            )
            unit_rows = tx.all(
                "SELECT unit, channel, SUM(n), SUM(straks), SUM(form_ja), SUM(form_nej)"
                f" FROM dash_unit WHERE {base} GROUP BY unit, channel",
                args,
            )
        return self._assemble(
            municipality, period, include_test, figures, overview, channels, coverage,
            types_rows, task_rows, hour_rows, unit_rows,
        )  # fmt: skip

    def _coverage(
        self, tx: Tx, period: Period, municipality: int, include_test: bool, figures: Figures
    ) -> list[CoverageRow]:
        out: list[CoverageRow] = []
        for (_, channel), items in relevant(
            coverage_rows(tx, period, municipality, include_test)
        ).items():
            row = CoverageRow(
                channel=channel,
                registered=sum(i[7] for i in items),
                total=sum(i[6] for i in items),
                from_date=min(i[4] for i in items),
                to_date=max(i[5] for i in items),
                units=tuple(sorted({i[2] for i in items if i[2]})),
            )
            figures.covered += row.registered
            figures.totals += row.total
            out.append(row)
        return out

    def _assemble(
        self,
        municipality: int,
        period: Period,
        include_test: bool,
        figures: Figures,
        overview: Overview,
        channels: dict[str, ChannelRow],
        coverage: list[CoverageRow],
        types_rows: Sequence[Sequence[Any]],
        task_rows: Sequence[Sequence[Any]],
        hour_rows: Sequence[Sequence[Any]],
        unit_rows: Sequence[Sequence[Any]],
    ) -> MunicipalityView:
        book = load_codebook()
        order = {c.code: i for i, c in enumerate(book.channels)}
        channel_list = sorted(
            channels.values(),
            key=lambda c: (c.direction != "IND", -c.n, order.get(c.channel, 999), c.channel),
        )
        type_order = [t.code for t in book.types]
        types: dict[str, int] = dict.fromkeys(type_order, 0)
        channel_types: dict[str, dict[str, int]] = {
            c.channel: dict.fromkeys(type_order, 0) for c in channel_list
        }
        for channel, type_, n in types_rows:
            types[type_] = types.get(type_, 0) + int(n)
            channel_types.setdefault(channel, dict.fromkeys(type_order, 0))
            channel_types[channel][type_] = channel_types[channel].get(type_, 0) + int(n)
        tasks = sorted(((t, int(n)) for t, n in task_rows if int(n)), key=lambda x: (-x[1], x[0]))
        by_day = dict.fromkeys(period.day_list(), 0)
        by_hour = dict.fromkeys(range(24), 0)
        for day, hour, n in hour_rows:
            by_day[day] = by_day.get(day, 0) + int(n)
            by_hour[int(hour)] += int(n)
        units: dict[str, UnitRow] = {}
        for unit, channel, n, s, j, k in unit_rows:
            if not int(n):
                continue
            row = units.setdefault(unit, UnitRow(unit))
            row.n += int(n)
            row.straks += int(s)
            row.form_ja += int(j)
            row.form_nej += int(k)
            row.channels[channel] = row.channels.get(channel, 0) + int(n)
        return MunicipalityView(
            municipality=municipality,
            name=figures.name,
            period=period,
            include_test=include_test,
            figures=figures,
            overview=overview,
            channels=channel_list,
            types=types,
            channel_types={
                c: channel_types[c] for c in channel_types if sum(channel_types[c].values())
            },
            tasks=tasks[:TOP_TASKS],
            task_count=len(tasks),
            by_day=by_day,
            by_hour=by_hour,
            units=sorted(units.values(), key=lambda u: (-u.n, u.unit)),
            coverage=coverage,
        )
