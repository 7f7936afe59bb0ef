"""The coordinator's report: counts and shares of inquiries for a period, a unit and test mode.

Everything is computed by a handful of SQL GROUP BY queries, so a million registrations take
seconds and memory stays small: one query over the code columns (every breakdown and cross-tab
is summed from its groups), one over UTC hours (Danish hours, days and weeks follow from those,
because Denmark's offset from UTC is always whole hours), one histogram of registration times
in whole seconds (medians without sorting every row in Python), and one small query per total.

All counts are inquiries, not rows: a mass registration of N counts N (komhen.md §5).
"""

from __future__ import annotations

import sqlite3
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlite_utils import Database

from tracetool import timeutil
from tracetool.codes.codebook import Codebook, load_codebook
from tracetool.plan.totals import Total
from tracetool.store.registrations import Query
from tracetool.store.totals import TotalStore

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
class TaskTiming:
    """Median registration time (saved_at - started_at) over the timed registrations."""

    median_seconds: float
    timed: int

    def to_json(self) -> dict[str, Any]:
        return {"median_seconds": self.median_seconds, "timed": self.timed}


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
    timing_by_task: dict[str, TaskTiming] = field(default_factory=dict)
    median_seconds: float | None = None
    timed: int = 0
    coverage: dict[str, Coverage] = field(default_factory=dict)
    channel_direction: dict[str, str] = field(default_factory=dict)

    def breakdown(self, dimension: str) -> dict[str, int]:
        return dict(getattr(self, f"by_{dimension}"))

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
    def first_day(self) -> str | None:
        return min(self.by_day) if self.by_day else None

    @property
    def last_day(self) -> str | None:
        return max(self.by_day) if self.by_day else None

    def to_json(self) -> dict[str, Any]:
        f = self.filter
        return {
            "period": {
                "from": f.start.isoformat() if f.start else None,
                "to": f.end.isoformat() if f.end else None,
                "first_day": self.first_day,
                "last_day": self.last_day,
            },
            "unit": f.unit,
            "include_test": f.include_test,
            "generated_at": timeutil.to_db(self.generated_at),
            "total": self.total,
            "registrations": self.registrations,
            "by_direction": self.by_direction,
            "by_channel": self.by_channel,
            "by_type": self.by_type,
            "by_closing": self.by_closing,
            "by_form": self.by_form,
            "by_task": self.by_task,
            "by_unit": self.by_unit,
            "by_hour": self.by_hour,
            "by_day": self.by_day,
            "by_week": self.by_week,
            "straks_share": self.straks_share,
            "form_share": self.form_share,
            "channel_shares": {k: v.to_json() for k, v in self.channel_shares.items()},
            "channel_by_type": self.channel_by_type,
            "task_by_channel": self.task_by_channel,
            "task_by_type": self.task_by_type,
            "median_seconds": self.median_seconds,
            "timed": self.timed,
            "timing_by_task": {k: v.to_json() for k, v in self.timing_by_task.items()},
            "coverage": {k: v.to_json() for k, v in self.coverage.items()},
        }


def _with_where(where: str, clause: str) -> str:
    return f"{where} AND {clause}" if where else f" WHERE {clause}"


def _by_count(counts: Mapping[str, int]) -> dict[str, int]:
    return dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))


def _in_order(counts: Mapping[str, int], order: Iterable[str]) -> dict[str, int]:
    """Every code of ``order`` (zeros included, so charts compare like with like), then extras."""
    result = {code: counts.get(code, 0) for code in order}
    for code, n in sorted(counts.items()):
        result.setdefault(code, n)
    return result


def _median(histogram: Mapping[int, int]) -> float | None:
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


def build_report(
    db: Database,
    flt: ReportFilter | None = None,
    *,
    codebook: Codebook | None = None,
    now: datetime | None = None,
) -> Report:
    """The whole report for ``flt`` from the store."""
    flt = flt or ReportFilter()
    book = codebook or load_codebook()
    report = Report(filter=flt, generated_at=now or timeutil.now())
    where, params = flt.query().where()
    _codes(db, where, params, book, report)
    _times(db, where, params, report)
    _timing(db, where, params, report)
    _coverage(db, flt, report)
    return report


def _codes(db: Database, where: str, params: list[Any], book: Codebook, report: Report) -> None:
    # Columns in the order of idx_registration_report, so the GROUP BY needs no sort.
    sql = (
        "SELECT channel, type, closing, form, task, unit, direction, SUM(count), COUNT(*) "
        f"FROM registration{where} "
        "GROUP BY channel, type, closing, form, task, unit, direction"
    )
    direction: Counter[str] = Counter()
    channel: Counter[str] = Counter()
    kind: Counter[str] = Counter()
    closing: Counter[str] = Counter()
    form: Counter[str] = Counter()
    task: Counter[str] = Counter()
    unit: Counter[str] = Counter()
    straks: Counter[str] = Counter()
    form_yes: Counter[str] = Counter()
    form_answered: Counter[str] = Counter()
    channel_type: defaultdict[str, Counter[str]] = defaultdict(Counter)
    task_channel: defaultdict[str, Counter[str]] = defaultdict(Counter)
    task_type: defaultdict[str, Counter[str]] = defaultdict(Counter)
    rows = 0
    for c, t, cl, f, k, u, d, n, r in db.execute(sql, params):
        n = int(n)
        rows += int(r)
        report.channel_direction.setdefault(c, d)
        direction[d] += n
        channel[c] += n
        kind[t] += n
        closing[cl] += n
        form[f or NO_FORM] += n
        task[k] += n
        unit[u or NO_UNIT] += n
        if cl == "STRAKS":
            straks[c] += n
        if f is not None:
            form_answered[c] += n
            if f == "JA":
                form_yes[c] += n
        channel_type[c][t] += n
        task_channel[k][c] += n
        task_type[k][t] += n

    report.total = sum(channel.values())
    report.registrations = rows
    report.by_direction = _in_order(direction, DIRECTIONS)
    # Inbound channels first, then outbound, each largest first: how the method reads them.
    rank = {d: i for i, d in enumerate(DIRECTIONS)}
    report.by_channel = dict(
        sorted(
            channel.items(),
            key=lambda kv: (rank.get(report.channel_direction[kv[0]], 9), -kv[1], kv[0]),
        )
    )
    type_order = [t.code for t in book.types]
    report.by_type = _in_order(kind, type_order)
    report.by_closing = _in_order(closing, [c.code for c in book.closings])
    report.by_form = _in_order(form, [*(f.code for f in book.forms), NO_FORM])
    report.by_task = _by_count(task)
    report.by_unit = _by_count(unit)
    report.channel_shares = {
        c: ChannelShares(
            total=n, straks=straks[c], form_yes=form_yes[c], form_answered=form_answered[c]
        )
        for c, n in report.by_channel.items()
    }
    report.channel_by_type = {c: _in_order(channel_type[c], type_order) for c in report.by_channel}
    channel_order = list(report.by_channel)
    report.task_by_channel = {
        k: {c: task_channel[k][c] for c in channel_order if task_channel[k][c]}
        for k in report.by_task
    }
    report.task_by_type = {k: _in_order(task_type[k], type_order) for k in report.by_task}


def _times(db: Database, where: str, params: list[Any], report: Report) -> None:
    # saved_at is fixed-width UTC text, so its first 13 characters are the UTC hour; each
    # UTC hour is exactly one Danish hour, summer time or not.
    sql = f"SELECT substr(saved_at, 1, 13), SUM(count) FROM registration{where} GROUP BY 1"
    hours: Counter[str] = Counter()
    days: Counter[str] = Counter()
    weeks: Counter[str] = Counter()
    for utc_hour, n in db.execute(sql, params):
        moment = datetime.strptime(utc_hour, "%Y-%m-%dT%H").replace(tzinfo=UTC)
        local = timeutil.local(moment)
        hours[f"{local.hour:02d}"] += n
        day = local.date()
        days[day.isoformat()] += n
        year, week, _ = day.isocalendar()
        weeks[f"{year}-W{week:02d}"] += n
    report.by_hour = {h: hours.get(h, 0) for h in HOURS}
    report.by_day = dict(sorted(days.items()))
    report.by_week = dict(sorted(weeks.items()))


# unixepoch() (SQLite 3.38+) is twice as fast as julianday arithmetic; whole seconds are what
# KOMHEN's own timer recorded.
_SECONDS = (
    "unixepoch(saved_at) - unixepoch(started_at)"
    if sqlite3.sqlite_version_info >= (3, 38)
    else "CAST(round((julianday(saved_at) - julianday(started_at)) * 86400) AS INTEGER)"
)


def _timing(db: Database, where: str, params: list[Any], report: Report) -> None:
    # A histogram in whole seconds per task: exact enough for a median of a timer people
    # start and stop by hand, and small however many rows there are.
    seconds = _SECONDS
    sql = (
        f"SELECT task, {seconds} AS s, COUNT(*) FROM registration"
        f"{_with_where(where, 'started_at IS NOT NULL')} GROUP BY task, s"
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
        median = _median(histogram)
        if median is not None:
            timings[task] = TaskTiming(median_seconds=median, timed=sum(histogram.values()))
    order = {k: i for i, k in enumerate(report.by_task)}
    report.timing_by_task = dict(sorted(timings.items(), key=lambda kv: order.get(kv[0], 1 << 30)))
    report.median_seconds = _median(overall)
    report.timed = sum(overall.values())


def relevant_totals(totals: list[Total], unit: str | None) -> dict[str, list[Total]]:
    """Per channel, the totals to compare with.

    Without a unit filter a municipality-wide total is the one to use; totals per unit are
    summed only where the channel has no municipality-wide total, so nothing counts twice.
    """
    grouped: defaultdict[str, list[Total]] = defaultdict(list)
    for total in totals:
        grouped[total.channel].append(total)
    chosen: dict[str, list[Total]] = {}
    for channel, items in grouped.items():
        if unit is None and any(not t.unit for t in items):
            items = [t for t in items if not t.unit]
        chosen[channel] = items
    return chosen


def _coverage(db: Database, flt: ReportFilter, report: Report) -> None:
    totals = TotalStore(db).in_period(flt.start, flt.end, flt.unit)
    result: dict[str, Coverage] = {}
    for channel, items in relevant_totals(totals, flt.unit).items():
        registered = 0
        for total in items:
            # The total's own period: comparing three weeks of calls with one week of
            # registrations would understate the coverage.
            q = Query(
                start=timeutil.day_start_utc(total.from_date),
                end=timeutil.day_start_utc(total.to_date + timedelta(days=1)),
                unit=total.unit or None,
                channel=channel,
                include_test=flt.include_test,
            )
            where, params = q.where()
            row = db.execute(
                f"SELECT COALESCE(SUM(count), 0) FROM registration{where}", params
            ).fetchone()
            registered += int(row[0])
        result[channel] = Coverage(
            channel=channel,
            registered=registered,
            total=sum(t.count for t in items),
            from_date=min(t.from_date for t in items),
            to_date=max(t.to_date for t in items),
            units=tuple(sorted({t.unit for t in items if t.unit})),
        )
    order = {c: i for i, c in enumerate(report.by_channel)}
    report.coverage = dict(sorted(result.items(), key=lambda kv: (order.get(kv[0], 999), kv[0])))


# -- words and numbers for the renderers ----------------------------------------------------

TEXT: dict[str, dict[str, str]] = {
    "da": {
        "title": "Henvendelser",
        "subtitle": "Rapport efter KOMHEN 2.0",
        "total": "Henvendelser i alt",
        "registrations": "registreringer",
        "inquiries": "henvendelser",
        "count": "Antal",
        "share": "Andel",
        "direction": "Retning",
        "channel": "Kanal",
        "type": "Henvendelsestype",
        "closing": "Afslutning",
        "form": "Blanket",
        "task": "Opgave",
        "unit": "Enhed",
        "hour": "Time på dagen",
        "day": "Dag",
        "week": "Uge",
        "shares": "Straksafsluttet og blanket pr. kanal",
        "straks_share": "Straksafsluttet",
        "form_share": "Med blanket",
        "straks_short": "Straks",
        "form_short": "Blanket",
        "channel_by_type": "Kanal × henvendelsestype",
        "task_by_channel": "Opgave × kanal",
        "timing": "Registreringstid pr. opgave (median)",
        "median": "Median",
        "median_time": "Median registreringstid",
        "timed": "Tidtagne",
        "coverage": "Dækning: registreret i forhold til totaltal",
        "registered": "Registreret",
        "totals": "Totaltal",
        "coverage_share": "Dækning",
        "period": "Periode",
        "all_time": "alle datoer",
        "all_units": "alle enheder",
        "test_included": "Testdata er medtaget",
        "no_data": "Ingen henvendelser i den valgte periode.",
        "no_unit": "(ingen enhed)",
        "no_form": "Ikke spurgt",
        "generated": "Lavet",
        "seconds": "sek.",
        "sum": "I alt",
        "in": "ind",
        "out": "ud",
        "whole": "hele kommunen",
        "top": "De {n} største",
        "top_of": "de {n} største af {of}",
        "note_mass": "Alle tal er henvendelser: en masseregistrering af N tæller N.",
        "note_stacked": "Tallene i søjlerne er procent af kanalens henvendelser.",
        "note_shares_chart": "Diagrammet viser andelen straksafsluttede pr. kanal.",
        "note_coverage": "Dækningen regnes over totaltallenes egne perioder.",
        "note_form": "Blanketandelen regnes blandt henvendelser, hvor der blev spurgt om blanket.",
        "note_hour": "Dansk tid. Masseregistreringer fra udtræk ligger kl. 00.",
        "note_days": "Perioden har {n} dage; se fordelingen pr. uge.",
        "none": "–",
    },
    "en": {
        "title": "Inquiries",
        "subtitle": "Report by the KOMHEN 2.0 method",
        "total": "Inquiries in total",
        "registrations": "registrations",
        "inquiries": "inquiries",
        "count": "Count",
        "share": "Share",
        "direction": "Direction",
        "channel": "Channel",
        "type": "Inquiry type",
        "closing": "Closing",
        "form": "Form",
        "task": "Task",
        "unit": "Unit",
        "hour": "Hour of day",
        "day": "Day",
        "week": "Week",
        "shares": "Closed at once and form share per channel",
        "straks_share": "Closed at once",
        "form_share": "With form",
        "straks_short": "At once",
        "form_short": "Form",
        "channel_by_type": "Channel × inquiry type",
        "task_by_channel": "Task × channel",
        "timing": "Registration time per task (median)",
        "median": "Median",
        "median_time": "Median registration time",
        "timed": "Timed",
        "coverage": "Coverage: registered compared with totals",
        "registered": "Registered",
        "totals": "Totals",
        "coverage_share": "Coverage",
        "period": "Period",
        "all_time": "all dates",
        "all_units": "all units",
        "test_included": "Test data included",
        "no_data": "No inquiries in the chosen period.",
        "no_unit": "(no unit)",
        "no_form": "Not asked",
        "generated": "Made",
        "seconds": "s",
        "sum": "Total",
        "in": "in",
        "out": "out",
        "whole": "whole municipality",
        "top": "The {n} largest",
        "top_of": "the {n} largest of {of}",
        "note_mass": "All figures are inquiries: a mass registration of N counts N.",
        "note_stacked": "The numbers in the bars are per cent of the channel's inquiries.",
        "note_shares_chart": "The chart shows the share closed at once per channel.",
        "note_coverage": "Coverage is computed over the totals' own periods.",
        "note_form": "The form share is taken among inquiries where the form question was asked.",
        "note_hour": "Danish time. Mass registrations from extracts sit at 00.",
        "note_days": "The period has {n} days; see the breakdown by week.",
        "none": "–",
    },
}

_WEEKDAYS = {
    "da": ("man", "tir", "ons", "tor", "fre", "lør", "søn"),
    "en": ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"),
}


def fmt_int(n: int, lang: str = "da") -> str:
    text = f"{n:,}"
    return text.replace(",", ".") if lang == "da" else text


def fmt_pct(share: float | None, lang: str = "da") -> str:
    if share is None:
        return TEXT[lang]["none"]
    value = f"{share * 100:.1f}"
    return f"{value.replace('.', ',')} %" if lang == "da" else f"{value}%"


def fmt_seconds(seconds: float | None, lang: str = "da") -> str:
    if seconds is None:
        return TEXT[lang]["none"]
    value = f"{seconds:.1f}".removesuffix(".0")
    if lang == "da":
        value = value.replace(".", ",")
    return f"{value} {TEXT[lang]['seconds']}"


def fmt_day(day: date, lang: str = "da") -> str:
    return day.strftime("%d-%m-%Y") if lang == "da" else day.isoformat()


class Labels:
    """Readable names for codes, in Danish or English."""

    def __init__(
        self,
        codebook: Codebook | None = None,
        lang: str = "da",
        *,
        task_title: Callable[[str], str] | None = None,
        unit_name: Callable[[str], str] | None = None,
    ) -> None:
        self.codebook = codebook or load_codebook()
        self.lang = lang if lang in TEXT else "da"
        self._task_title = task_title
        self._unit_name = unit_name

    def t(self, key: str, **values: Any) -> str:
        return TEXT[self.lang][key].format(**values)

    def num(self, n: int) -> str:
        return fmt_int(n, self.lang)

    def pct(self, share: float | None) -> str:
        return fmt_pct(share, self.lang)

    def seconds(self, seconds: float | None) -> str:
        return fmt_seconds(seconds, self.lang)

    def day(self, day: date) -> str:
        return fmt_day(day, self.lang)

    def direction(self, code: str) -> str:
        found = self.codebook.direction(code)
        return found.label(self.lang) if found else code

    def channel(self, code: str) -> str:
        found = self.codebook.channel(code)
        if found is None:
            return code
        arrow = self.t("in") if found.direction == "IND" else self.t("out")
        label = found.label(self.lang)
        if label.endswith(f" {arrow}"):
            return label
        return f"{label}, {arrow}" if label.endswith(")") else f"{label} ({arrow})"

    def type(self, code: str) -> str:
        found = self.codebook.type(code)
        return found.label(self.lang) if found else code

    def closing(self, code: str) -> str:
        found = self.codebook.closing(code)
        return found.label(self.lang) if found else code

    def form(self, code: str) -> str:
        if code == NO_FORM:
            return self.t("no_form")
        return {
            "JA": "Ja" if self.lang == "da" else "Yes",
            "NEJ": "Nej" if self.lang == "da" else "No",
        }.get(code, code)

    def task(self, code: str) -> str:
        if self._task_title is not None:
            title = self._task_title(code)
        else:
            found = self.codebook.task(code)
            title = found.label(self.lang) if found else code
        return code if title == code else f"{code} {title}"

    def unit(self, code: str) -> str:
        if code == NO_UNIT:
            return self.t("no_unit")
        name = self._unit_name(code) if self._unit_name is not None else code
        return code if name == code else f"{name} ({code})"

    def hour(self, code: str) -> str:
        h = int(code)
        return f"{h:02d}–{(h + 1) % 24:02d}"

    def weekday_day(self, code: str) -> str:
        day = date.fromisoformat(code)
        return f"{_WEEKDAYS[self.lang][day.weekday()]} {self.day(day)}"

    def week(self, code: str) -> str:
        year, _, week = code.partition("-W")
        return f"{self.t('week')} {int(week)} {year}"

    def key(self, dimension: str, code: str) -> str:
        """The label of ``code`` in a breakdown by ``dimension``."""
        if dimension == "day":
            return self.weekday_day(code)
        method: Callable[[str], str] | None = getattr(self, dimension, None)
        return method(code) if method is not None else code

    def period(self, flt: ReportFilter) -> str:
        if flt.start is None and flt.end is None:
            return self.t("all_time")
        start = self.day(flt.start) if flt.start else "…"
        end = self.day(flt.end) if flt.end else "…"
        return f"{start} – {end}"
