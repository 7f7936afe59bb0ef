"""The collector's pages as templates and the data they show: the frame, the period chooser,
the national overview and the upload page (a municipality's sections: municipality_sections.py).

The HTML lives in ``templates/`` (Jinja2, autoescaped): inline SVG charts (the offline report's
own bar charts, and the comparison and ranking bars as macros in ``charts.html``), no script,
no font, image or stylesheet from outside the package, so the pages work on a closed network
and print as they look. Every chart stands beside the table of its numbers and prints its
numbers at the bars, so nothing is said by colour or length alone. The words are in texts.py:
Danish by default, English with ``?lang=en``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any
from urllib.parse import urlencode

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup
from starlette.templating import Jinja2Templates

from tracetool.collector import problems_en
from tracetool.collector.figures import DIGITAL, METRIC_KIND, METRICS, Overview, Ranked
from tracetool.collector.period import Period, count_periods
from tracetool.collector.session import Session
from tracetool.collector.texts import Words
from tracetool.collector.transfer import TotalsResult, UploadResult

# -- the frame --------------------------------------------------------------------------------

# Autoescaping is on for every template: a value is escaped unless it is Markup (the charts the
# offline report draws, which escape their own labels).
ENV = Environment(
    loader=PackageLoader("tracetool.collector", "templates"),
    autoescape=True,
    trim_blocks=True,
    lstrip_blocks=True,
    undefined=StrictUndefined,
    extensions=["jinja2.ext.do"],
)
TEMPLATES = Jinja2Templates(env=ENV)


def _current(here: str, name: str) -> Markup:
    return Markup(' aria-current="page"') if here == name else Markup("")


ENV.globals["current"] = _current


def who_text(session: Session, words: Words, names: Mapping[int, str]) -> str:
    account = session.account
    role = words.t(f"role_{account.role}") if account.role in ("coordinator", "admin") else ""
    if account.municipality is None:
        scope = words.t("all")
    else:
        scope = f"{names.get(account.municipality, account.municipality)} ({account.municipality})"
    return words.t("signed_in", role=role, scope=scope)


def frame(
    title: str,
    words: Words,
    *,
    session: Session | None,
    names: Mapping[int, str],
    here: str,
    query: Mapping[str, str] | None = None,
) -> dict[str, Any]:
    """What ``base.html`` needs: the title, navigation, who is signed in and the language links."""
    account = session.account if session else None
    base = dict(query or {})
    base.pop("lang", None)
    return {
        "title": title,
        "w": words,
        "t": words.t,
        "here": here,
        "session": session,
        "mine": account.municipality if account is not None else None,
        "who": who_text(session, words, names) if session is not None else "",
        "langs": [
            (code, name, urlencode({**base, "lang": code}))
            for code, name in (("da", "Dansk"), ("en", "English"))
        ],
    }


# -- period chooser ---------------------------------------------------------------------------


@dataclass(frozen=True)
class PeriodChoice:
    """What the period chooser shows: the weeks or dates now chosen and the count periods."""

    year: int
    w1: int
    w2: int
    start: str
    end: str
    hidden: Mapping[str, str]
    quick: list[tuple[str, str, bool]]  # label, query, current


def period_choice(
    period: Period, words: Words, today: date, extra: Mapping[str, str]
) -> PeriodChoice:
    weeks = period.iso_weeks()
    year, w1, w2 = weeks if weeks else (period.start.isocalendar()[0], 43, 45)
    quick = [
        (
            f"{words.t(season)} {p.start.year}",
            urlencode({**extra, "from": p.start.isoformat(), "to": p.end.isoformat()}),
            p == period,
        )
        for season, p in count_periods(today, 4)
    ]
    return PeriodChoice(
        year, w1, w2, period.start.isoformat(), period.end.isoformat(), extra, quick
    )


def period_query(period: Period) -> dict[str, str]:
    return {"from": period.start.isoformat(), "to": period.end.isoformat()}


# -- the national overview --------------------------------------------------------------------


@dataclass(frozen=True)
class RankHead:
    key: str
    active: bool
    href: str
    mark: str
    note: str
    average: str


@dataclass(frozen=True)
class RankRow:
    number: int
    rank: int | None
    label: str
    href: str | None
    cells: list[tuple[str, str, str]]  # metric, text, distance to the national figure
    value: float | None


def overview_context(
    ov: Overview,
    words: Words,
    *,
    sort: str,
    descending: bool,
    today: date,
    may_open: set[int] | None,
) -> dict[str, Any]:
    """What ``overview.html`` needs. ``may_open``: municipalities whose page the viewer may open
    (None: all)."""
    nat = ov.national
    cards = [
        (words.num(nat.n), words.t("n")),
        (f"{len(ov.rows)} {words.t('of_all', n=98)}", words.t("participating")),
        (words.pct(nat.digital_share), words.t("digital_share")),
        (words.pct(nat.straks_share), words.t("straks_share")),
        (words.pct(nat.form_share), words.t("form_share")),
        (words.pct(nat.coverage), words.t("coverage")),
    ]
    peak = max((f.metric(sort) or 0.0 for f in ov.rows), default=0.0)
    if METRIC_KIND[sort] == "share":
        peak = max(peak, ov.average(sort) or 0.0)
    base = period_query(ov.period)
    heads = [
        RankHead(
            key,
            key == sort,
            "/overview?"
            + urlencode(
                {**base, "sort": key, "dir": "asc" if key == sort and descending else "desc"}
            ),
            ((" ▼" if descending else " ▲") if key == sort else ""),
            words.t("avg_share" if kind == "share" else "avg_count"),
            words.metric(key, ov.average(key)),
        )
        for key, kind in METRICS
    ]
    sort_line = words.t(
        "sorted", m=words.t(sort).lower(), d=words.t("desc" if descending else "asc")
    )
    return {
        "ov": ov,
        "chooser": period_choice(ov.period, words, today, {}),
        "cards": cards,
        "heads": heads,
        "rows": [
            _rank_row(item, ov, words, sort, may_open) for item in ov.ranked(sort, descending)
        ],
        "sort": sort,
        "descending": descending,
        "sort_line": sort_line,
        "peak": peak,
        "average": ov.average(sort),
        "digital": ", ".join(sorted(DIGITAL)),
    }


def _next_dir(active: bool, descending: bool) -> str:
    """A click on the ranked column turns its order; on another column, highest first."""
    return "asc" if active and descending else "desc"


def _rank_row(
    item: Ranked, ov: Overview, words: Words, sort: str, may_open: set[int] | None
) -> RankRow:
    f = item.figures
    number = f.municipality or 0
    label = f"{f.name} ({number})" if f.name != str(number) else str(number)
    href = None
    if may_open is None or number in may_open:
        href = f"/municipality/{number}?{urlencode(period_query(ov.period))}"
    cells = []
    for key, kind in METRICS:
        value = f.metric(key)
        average = ov.average(key)
        diff = ""
        if kind == "share" and value is not None and average is not None:
            diff = words.points(value - average)
        cells.append((key, words.metric(key, value), diff))
    return RankRow(number, item.rank, label, href, cells, f.metric(sort))


# -- uploads ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class StoredTotal:
    """A stored total as its row in the upload page's list, with what the delete step needs."""

    id: str
    channel: str
    unit: str
    start: str
    end: str
    count: str


def stored_total(row: Sequence[Any], words: Words) -> StoredTotal:
    """From a ``transfer.stored_totals`` row."""
    tid, unit, channel, _, start, end, count, *_ = row
    return StoredTotal(
        str(tid),
        words.labels.channel(channel),
        unit or words.t("whole"),
        words.day(date.fromisoformat(start)),
        words.day(date.fromisoformat(end)),
        words.num(int(count)),
    )


def upload_context(
    municipality: int,
    name: str,
    words: Words,
    *,
    csrf: str,
    channels: Sequence[tuple[str, str]],
    units: Sequence[str],
    totals: Sequence[Sequence[Any]],
    today: date,
    result: UploadResult | None = None,
    totals_result: TotalsResult | None = None,
    notice: str | None = None,
) -> dict[str, Any]:
    """What ``upload.html`` needs: the two forms, the stored totals and any upload's result."""
    monday = today - timedelta(days=today.weekday())
    context: dict[str, Any] = {
        "municipality": municipality,
        "heading": words.t("upload_h1", m=f"{name} ({municipality})"),
        "csrf": csrf,
        "notice": notice,
        "channels": channels,
        "units": units,
        "week": (monday.isoformat(), (monday + timedelta(days=6)).isoformat()),
        "totals": [stored_total(row, words) for row in totals],
        "result": result,
        "totals_result": totals_result,
    }
    said = problems_en.english if words.lang == "en" else str
    if result is not None:
        context["error"] = said(result.error or "")
        context["problems"] = [
            (str(p.line) if p.line else "", p.column, "" if p.value is None else str(p.value),
             said(p.reason))
            for p in result.problems
        ]  # fmt: skip
        context["hidden"] = result.problems_total - len(result.problems)
        warnings = result.summary.warnings if result.summary else []
        context["warnings"] = [said(str(w)) for w in warnings]
    if totals_result is not None:
        context["totals_error"] = said(totals_result.error or "")
        context["totals_problems"] = [
            (said(p.where), "" if p.value is None else str(p.value), said(p.reason))
            for p in totals_result.problems
        ]
    return context
