"""HTML for the collector's pages: the national overview, a municipality, sign-in and uploads.

Server-made HTML with inline SVG charts (the local report's own chart functions): no script,
no font, image or stylesheet from outside the package, so the pages work on a closed network
and print as they look. Every chart stands beside the table of its numbers and prints its
numbers at the bars, so nothing is said by colour or length alone. Danish by default, English
with ``?lang=en``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from html import escape
from typing import Any
from urllib.parse import urlencode

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup
from starlette.templating import Jinja2Templates

from tracetool.collector.dashboard import (
    DIGITAL,
    METRIC_KIND,
    METRICS,
    MunicipalityView,
    Overview,
    Period,
    Ranked,
    count_periods,
)
from tracetool.collector.session import Session
from tracetool.collector.texts import Words
from tracetool.collector.transfer import TotalsResult, UploadResult
from tracetool.report_html import hbar_svg, legend_html, stacked_svg, vbar_svg


def e(text: object) -> str:
    return escape(str(text), quote=True)


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


def table(
    head: Sequence[str],
    rows: Sequence[Sequence[str]],
    *,
    aligns: str = "",
    foot: Sequence[str] | None = None,
    caption: str = "",
    css: str = "tbl",
    raw: bool = False,
) -> str:
    """A table; ``aligns`` per column: l text, n number. ``raw``: cells are already HTML."""
    kinds = aligns or "l" + "n" * (len(head) - 1)

    def cells(values: Sequence[str], tag: str) -> str:
        out = []
        for i, v in enumerate(values):
            cls = ' class="num"' if kinds[i] == "n" else ""
            out.append(f"<{tag}{cls}>{v if raw else e(v)}</{tag}>")
        return "".join(out)

    parts = [f'<div class="{css}"><table>']
    if caption:
        parts.append(f"<caption>{e(caption)}</caption>")
    parts.append(f"<thead><tr>{cells([e(h) for h in head] if raw else head, 'th')}</tr></thead>")
    parts.append("<tbody>" + "".join(f"<tr>{cells(r, 'td')}</tr>" for r in rows) + "</tbody>")
    if foot is not None:
        parts.append(f"<tfoot><tr>{cells(foot, 'td')}</tr></tfoot>")
    parts.append("</table></div>")
    return "".join(parts)


def section(title: str, body: str, note: str = "", ident: str = "") -> str:
    tail = f'<p class="note">{e(note)}</p>' if note else ""
    anchor = f' id="{e(ident)}"' if ident else ""
    return f"<section{anchor}><h2>{e(title)}</h2>{body}{tail}</section>"


def pair(chart: str, tbl: str) -> str:
    return f'<div class="pair"><div class="chart">{chart}</div>{tbl}</div>'


def compare_svg(
    items: Sequence[tuple[str, float | None, float | None, str]],
    title: str,
    *,
    width: int = 470,
    label_width: int = 170,
    whole: bool = True,
) -> str:
    """Shares as bars, each with the national value as a vertical line across its row.

    ``whole``: the axis runs to 100 %; otherwise to the largest share shown, so that a channel
    mix of small shares is still readable.
    """
    peak = 1.0
    if not whole:
        peak = max((v for _, a, b, _ in items for v in (a, b) if v is not None), default=1.0)
        peak = peak or 1.0
    row = 24
    top = 4
    height = top + row * len(items) + 6
    room = width - label_width - 70
    parts = [
        f'<svg width="{width}" height="{height}" viewBox="0 0 {width} {height}" role="img"'
        f' aria-label="{e(title)}"><title>{e(title)}</title>'
    ]
    limit = max(8, label_width // 7)
    for i, (label, value, national, text) in enumerate(items):
        y = top + i * row
        short = label if len(label) <= limit else label[: limit - 1] + "…"
        parts.append(
            f'<text x="{label_width - 8}" y="{y + 16}" font-size="12" text-anchor="end">'
            f"<title>{e(label)}</title>{e(short)}</text>"
        )
        length = room * min(max(value or 0.0, 0.0) / peak, 1.0)
        parts.append(
            f'<rect x="{label_width}" y="{y + 4}" width="{length:.1f}" height="15" fill="#2F6DB5"/>'
        )
        end = label_width + length
        if national is not None:
            x = label_width + room * min(max(national, 0.0) / peak, 1.0)
            parts.append(
                f'<line x1="{x:.1f}" y1="{y + 1}" x2="{x:.1f}" y2="{y + 22}" stroke="#000"'
                ' stroke-width="2.5"/>'
            )
            end = max(end, x + 1)
        # The number after both the bar and the national line, so neither hides it.
        parts.append(f'<text x="{end + 6:.1f}" y="{y + 16}" font-size="12">{e(text)}</text>')
    parts.append(
        f'<line x1="{label_width}" y1="{top}" x2="{label_width}" y2="{height - 4}"'
        ' stroke="#555" stroke-width="1"/></svg>'
    )
    return "".join(parts)


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


def period_form(
    action: str, period: Period, words: Words, today: date, extra: Mapping[str, str]
) -> str:
    macros = ENV.get_template("macros.html").make_module({"t": words.t})
    return str(macros.period_form(action, period_choice(period, words, today, extra)))  # type: ignore[attr-defined]


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


# -- a municipality ---------------------------------------------------------------------------


def municipality_body(
    view: MunicipalityView,
    words: Words,
    *,
    today: date,
    units: Sequence[str],
    can_upload: bool,
) -> str:
    lab = words.labels
    f, nat = view.figures, view.national
    title = (
        f"{view.name} ({view.municipality})"
        if view.name != str(view.municipality)
        else (str(view.municipality))
    )
    base = period_query(view.period)
    out = [
        f"<h1>{e(title)}</h1>",
        f'<p class="lead">{e(words.t("period"))}: <strong>{e(words.period(view.period))}</strong>'
        "</p>",
    ]
    if view.include_test:
        out.append(f'<p class="flag">{e(words.t("test_flag"))}</p>')
    out.append(
        period_form(
            f"/municipality/{view.municipality}",
            view.period,
            words,
            today,
            {"test": "1"} if view.include_test else {},
        )
    )
    out.append(_downloads(view, words, units, base, can_upload))
    avg = view.overview.average
    cards = [
        ("n", words.num(f.n), words.num(avg("n")), words.t("avg_count")),
        ("inbound", words.num(f.inbound), words.num(avg("inbound")), words.t("avg_count")),
        ("outbound", words.num(f.outbound), words.num(avg("outbound")), words.t("avg_count")),
        ("digital_share", words.pct(f.digital_share), words.pct(nat.digital_share),
         words.t("avg_share")),
        ("straks_share", words.pct(f.straks_share), words.pct(nat.straks_share),
         words.t("avg_share")),
        ("form_share", words.pct(f.form_share), words.pct(nat.form_share), words.t("avg_share")),
        ("coverage", words.pct(f.coverage), words.pct(nat.coverage), words.t("avg_share")),
    ]  # fmt: skip
    out.append(
        '<div class="cards">'
        + "".join(
            f'<div class="card" data-metric="{k}"><div class="v">{e(v)}</div>'
            f'<div class="k">{e(words.t(k))}</div>'
            f'<div class="nat">{e(note)}: {e(a)}</div></div>'
            for k, v, a, note in cards
        )
        + "</div>"
    )
    if not f.n and not f.rows:
        out.append(f'<p class="empty">{e(words.t("no_data"))}</p>')
        return "".join(out)
    out.append(_distance(view, words))
    for direction, key in (("IND", "channels_in"), ("UD", "channels_out")):
        rows = [c for c in view.channels if c.direction == direction]
        if not rows:
            continue
        whole = view.direction_total(direction)
        chart = compare_svg(
            [
                (
                    lab.channel(c.channel),
                    c.n / whole if whole else None,
                    view.national_channel_share(c.channel, direction),
                    words.pct(c.n / whole if whole else None),
                )
                for c in rows
            ],
            words.t(key),
            whole=False,
        )
        tbl = table(
            (words.t("channel"), words.t("count"), words.t("share"), words.t("share_nat")),
            [
                (
                    lab.channel(c.channel),
                    words.num(c.n),
                    words.pct(c.n / whole if whole else None),
                    words.pct(view.national_channel_share(c.channel, direction)),
                )
                for c in rows
            ],
            foot=(words.t("sum"), words.num(whole), words.pct(1.0 if whole else None), ""),
        )
        out.append(section(words.t(key), pair(chart, tbl), words.t("chart_legend"), key))
    out.append(_per_channel(view, words))
    out.append(_types(view, words))
    out.append(_tasks(view, words))
    out.append(_days(view, words))
    out.append(_hours(view, words))
    out.append(_units(view, words))
    out.append(_coverage(view, words))
    out.append(
        f'<p class="note">{e(words.t("note_digital", codes=", ".join(sorted(DIGITAL))))}</p>'
    )
    return "".join(out)


def _downloads(
    view: MunicipalityView,
    words: Words,
    units: Sequence[str],
    base: Mapping[str, str],
    can_upload: bool,
) -> str:
    m = view.municipality
    extra = {"test": "1"} if view.include_test else {}
    links = " · ".join(
        f'<a href="/municipality/{m}/download?{e(urlencode({**base, **extra, "format": fmt}))}"'
        f' download data-format="{fmt}">{e(words.t(key))}</a>'
        for fmt, key in (("dl", "dl"), ("upload", "upload_fmt"), ("xlsx", "xlsx"))
    )
    options = "".join(f'<option value="{e(u)}">{e(u)}</option>' for u in units)
    unit_form = (
        f'<form method="get" action="/municipality/{m}/download" class="inline dlform">'
        + "".join(
            f'<input type="hidden" name="{e(k)}" value="{e(v)}">'
            for k, v in {**base, **extra}.items()
        )
        + f'<label>{e(words.t("unit"))} <select name="unit">'
        f'<option value="">{e(words.t("all_units"))}</option>{options}</select></label> '
        '<label><select name="format"><option value="dl">dl</option>'
        '<option value="upload">upload</option><option value="xlsx">xlsx</option></select>'
        f'</label> <button type="submit">{e(words.t("downloads"))}</button></form>'
    )
    test_toggle = (
        f'<a href="/municipality/{m}?{e(urlencode(base))}">{e(words.t("with_test"))}: ✓</a>'
        if view.include_test
        else f'<a href="/municipality/{m}?{e(urlencode({**base, "test": "1"}))}">'
        f"{e(words.t('with_test'))}</a>"
    )
    upload = (
        f' · <a href="/municipality/{m}/upload">{e(words.t("upload"))}</a>' if can_upload else ""
    )
    return (
        f'<div class="actions"><p><strong>{e(words.t("downloads"))}:</strong> {links}'
        f"{upload} · {test_toggle}</p>{unit_form}</div>"
    )


def _distance(view: MunicipalityView, words: Words) -> str:
    rows = []
    chart_items = []
    for d in view.distance():
        key = d["metric"]
        value, average = d["value"], d["average"]
        if d["kind"] == "share":
            diff = (
                words.points(d["difference"]) + f" {words.t('pp')}"
                if d["difference"] is not None
                else ""
            )
            chart_items.append((words.t(key), value, average, words.pct(value)))
        else:
            diff = (
                words.pct(d["difference"] / average)
                if d["difference"] is not None and average
                else ""
            )
            if diff and not diff.startswith("-"):
                diff = "+" + diff
        place = words.t("place_of", r=d["rank"], n=d["of"]) if d["rank"] else words.t("none")
        rows.append(
            (words.t(key), words.metric(key, value), words.metric(key, average), diff, place)
        )
    tbl = table(
        (words.t("metric"), words.t("this"), words.t("average"), words.t("difference"),
         words.t("place")),
        rows,
    )  # fmt: skip
    chart = compare_svg(chart_items, words.t("distance"))
    return section(words.t("distance"), pair(chart, tbl), words.t("chart_legend"), "distance")


def _per_channel(view: MunicipalityView, words: Words) -> str:
    lab = words.labels
    national = view.overview.channels
    chart = compare_svg(
        [
            (
                lab.channel(c.channel),
                c.straks_share,
                national[c.channel].straks_share if c.channel in national else None,
                words.pct(c.straks_share),
            )
            for c in view.channels
        ],
        words.t("straks_share"),
    )
    rows = [
        (
            lab.channel(c.channel),
            words.num(c.n),
            words.pct(c.straks_share),
            words.pct(national[c.channel].straks_share if c.channel in national else None),
            words.pct(c.form_share),
            words.pct(national[c.channel].form_share if c.channel in national else None),
        )
        for c in view.channels
    ]
    f, nat = view.figures, view.national
    foot = (
        words.t("sum"), words.num(f.n), words.pct(f.straks_share), words.pct(nat.straks_share),
        words.pct(f.form_share), words.pct(nat.form_share),
    )  # fmt: skip
    tbl = table(
        (words.t("channel"), words.t("count"), words.t("straks_share"), words.t("straks_nat"),
         words.t("form_share"), words.t("form_nat")),
        rows,
        foot=foot,
    )  # fmt: skip
    return section(
        words.t("per_channel"),
        pair(chart, tbl),
        f"{words.t('chart_legend')} {words.t('note_form')}",
        "per-channel",
    )


def _d(words: Words, iso: str) -> str:
    return words.day(date.fromisoformat(iso))


def _share(n: int, whole: int) -> float | None:
    return n / whole if whole else None


def _types(view: MunicipalityView, words: Words) -> str:
    lab = words.labels
    total = sum(view.types.values())
    items = [(lab.type(t), n, words.pct(_share(n, total))) for t, n in view.types.items()]
    chart = hbar_svg(items, words.t("types"))
    tbl = table(
        (words.t("types"), words.t("count"), words.t("share")),
        [(lab.type(t), words.num(n), words.pct(_share(n, total))) for t, n in view.types.items()],
        foot=(words.t("sum"), words.num(total), words.pct(1.0 if total else None)),
    )
    types = [t for t, n in view.types.items() if n] or list(view.types)
    stacked_rows = [
        (lab.channel(c), [m.get(t, 0) for t in types]) for c, m in view.channel_types.items()
    ]
    stacked = stacked_svg(stacked_rows, words.t("channel_types"))
    legend = legend_html(f"{t} = {lab.type(t)}" for t in types)
    cross = table(
        (words.t("channel"), *types, words.t("sum")),
        [(name, *(words.num(v) for v in values), words.num(sum(values)))
         for name, values in stacked_rows],
        css="tbl cross",
    )  # fmt: skip
    return section(words.t("types"), pair(chart, tbl), "", "types") + section(
        words.t("channel_types"),
        pair(f'{stacked}<div class="legend">{legend}</div>', cross),
        words.t("stacked_note"),
        "channel-types",
    )


def _tasks(view: MunicipalityView, words: Words) -> str:
    lab = words.labels
    total = view.figures.n
    chart = hbar_svg(
        [(lab.task(t), n, words.pct(_share(n, total))) for t, n in view.tasks],
        words.t("tasks"),
        width=540,
        label_width=270,
    )
    tbl = table(
        (words.t("task"), words.t("count"), words.t("share")),
        [(lab.task(t), words.num(n), words.pct(_share(n, total))) for t, n in view.tasks],
    )
    return section(
        words.t("tasks"),
        pair(chart, tbl),
        words.t("tasks_note", n=len(view.tasks), of=view.task_count),
        "tasks",
    )


def _days(view: MunicipalityView, words: Words) -> str:
    lab = words.labels
    total = sum(view.by_day.values())
    if len(view.by_day) <= 62:
        keys = list(view.by_day)
        axis = [date.fromisoformat(d).strftime("%d/%m") for d in keys]
        chart = vbar_svg(
            [
                (a, view.by_day[k], words.num(view.by_day[k]))
                for a, k in zip(axis, keys, strict=True)
            ],
            words.t("per_day"),
        )
        rows = [
            (lab.weekday_day(k), words.num(n), words.pct(_share(n, total)))
            for k, n in view.by_day.items()
        ]
        head = (words.t("day"), words.t("count"), words.t("share"))
        title = words.t("per_day")
    else:
        weeks: dict[str, int] = {}
        for k, n in view.by_day.items():
            y, w, _ = date.fromisoformat(k).isocalendar()
            key = f"{y}-W{w:02d}"
            weeks[key] = weeks.get(key, 0) + n
        chart = vbar_svg(
            [(k.partition("-W")[2], n, words.num(n)) for k, n in weeks.items()],
            words.t("per_week"),
        )
        rows = [(lab.week(k), words.num(n), words.pct(_share(n, total))) for k, n in weeks.items()]
        head = (words.t("week"), words.t("count"), words.t("share"))
        title = words.t("per_week")
    tbl = table(
        head, rows, foot=(words.t("sum"), words.num(total), words.pct(1.0 if total else None))
    )
    return section(title, pair(chart, f'<div class="scroll">{tbl}</div>'), "", "days")


def _hours(view: MunicipalityView, words: Words) -> str:
    used = [h for h, n in view.by_hour.items() if n]
    first = min([*used, 8])
    last = max([*used, 16])
    hours = [h for h in range(24) if first <= h <= last]
    total = sum(view.by_hour.values())
    chart = vbar_svg(
        [(f"{h:02d}", view.by_hour[h], words.num(view.by_hour[h])) for h in hours],
        words.t("per_hour"),
    )
    tbl = table(
        (words.t("hour"), words.t("count"), words.t("share")),
        [
            (words.labels.hour(f"{h:02d}"), words.num(view.by_hour[h]),
             words.pct(_share(view.by_hour[h], total)))
            for h in hours
        ],
        foot=(words.t("sum"), words.num(total), words.pct(1.0 if total else None)),
    )  # fmt: skip
    return section(words.t("per_hour"), pair(chart, tbl), "", "hours")


def _units(view: MunicipalityView, words: Words) -> str:
    lab = words.labels
    total = sum(u.n for u in view.units)
    names = [lab.unit(u.unit) if u.unit else lab.t("no_unit") for u in view.units]
    chart = hbar_svg(
        [
            (name, u.n, words.pct(_share(u.n, total)))
            for name, u in zip(names, view.units, strict=True)
        ],
        words.t("per_unit"),
        width=540,
        label_width=230,
    )
    tbl = table(
        (words.t("unit"), words.t("count"), words.t("share"), words.t("straks_share"),
         words.t("form_share")),
        [(name, words.num(u.n), words.pct(_share(u.n, total)), words.pct(u.straks_share),
          words.pct(u.form_share)) for name, u in zip(names, view.units, strict=True)],
        foot=(words.t("sum"), words.num(total), words.pct(1.0 if total else None),
              words.pct(view.figures.straks_share), words.pct(view.figures.form_share)),
    )  # fmt: skip
    return section(words.t("per_unit"), pair(chart, tbl), "", "units")


def _coverage(view: MunicipalityView, words: Words) -> str:
    lab = words.labels
    if not view.coverage:
        return section(
            words.t("coverage_h"), f'<p class="empty">{e(words.t("no_totals"))}</p>', "", "coverage"
        )
    chart = compare_svg(
        [
            (lab.channel(c.channel), min(c.share or 0.0, 1.0), None, words.pct(c.share))
            for c in view.coverage
        ],
        words.t("coverage_h"),
    )
    rows = [
        (
            lab.channel(c.channel),
            words.num(c.registered),
            words.num(c.total),
            words.pct(c.share),
            f"{_d(words, c.from_date)} – {_d(words, c.to_date)}",
            ", ".join(c.units) or words.t("whole"),
        )
        for c in view.coverage
    ]
    tbl = table(
        (words.t("channel"), words.t("registered"), words.t("totals"), words.t("coverage"),
         words.t("period"), words.t("unit")),
        rows,
        aligns="lnnnll",
        foot=(words.t("sum"), words.num(view.figures.covered), words.num(view.figures.totals),
              words.pct(view.figures.coverage), "", ""),
    )  # fmt: skip
    return section(words.t("coverage_h"), pair(chart, tbl), words.t("note_coverage"), "coverage")


# -- uploads ----------------------------------------------------------------------------------


def upload_body(
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
) -> str:
    lab = words.labels
    title = words.t("upload_h1", m=f"{name} ({municipality})")
    out = [f"<h1>{e(title)}</h1>"]
    if notice:
        out.append(f'<p class="ok" role="status">{e(notice)}</p>')
    if result is not None:
        out.append(_upload_result(result, words))
    if totals_result is not None:
        out.append(_totals_result(totals_result, words))
    csrf_field = f'<input type="hidden" name="csrf" value="{e(csrf)}">'
    out.append(
        section(
            words.t("upload_reg_h"),
            f"<p>{e(words.t('upload_reg_lead'))}</p>"
            f'<form method="post" action="/municipality/{municipality}/upload/registrations"'
            f' enctype="multipart/form-data" class="upload">{csrf_field}'
            f'<label>{e(words.t("file"))} <input type="file" name="file" accept=".csv,text/csv"'
            " required></label>"
            f'<button type="submit">{e(words.t("send"))}</button></form>',
            ident="upload-registrations",
        )
    )
    channel_options = "".join(
        f'<option value="{e(code)}">{e(code)} – {e(label)}</option>' for code, label in channels
    )
    unit_options = f'<option value="">{e(words.t("whole"))}</option>' + "".join(
        f'<option value="{e(u)}">{e(u)}</option>' for u in units
    )
    monday = today - timedelta(days=today.weekday())
    out.append(
        section(
            words.t("upload_totals_h"),
            f"<p>{e(words.t('upload_totals_lead'))}</p>"
            f'<form method="post" action="/municipality/{municipality}/totals"'
            f' enctype="multipart/form-data" class="upload totals">{csrf_field}'
            f'<label>{e(words.t("channel"))} <select name="channel">{channel_options}</select>'
            f'</label><label>{e(words.t("unit"))} <select name="unit">{unit_options}</select>'
            f'</label><label>{e(words.t("from"))} <input type="date" name="from"'
            f' value="{monday.isoformat()}"></label>'
            f'<label>{e(words.t("to"))} <input type="date" name="to"'
            f' value="{(monday + timedelta(days=6)).isoformat()}"></label>'
            f'<label>{e(words.t("count"))} <input type="number" name="count" min="0"'
            ' inputmode="numeric"></label>'
            f'<label>{e(words.t("totals_file"))} <input type="file" name="file"'
            ' accept=".csv,text/csv"></label>'
            f'<button type="submit">{e(words.t("send"))}</button></form>',
            ident="upload-totals",
        )
    )
    if totals:
        rows = []
        for tid, unit, channel, _, start, end, count, *_ in totals:
            button = (
                f'<form method="post" action="/municipality/{municipality}/totals/{e(tid)}/delete"'
                f' class="inline">{csrf_field}<button type="submit" class="small">'
                f"{e(words.t('delete'))}</button></form>"
            )
            rows.append(
                (
                    e(lab.channel(channel)),
                    e(unit or words.t("whole")),
                    e(words.day(date.fromisoformat(start))),
                    e(words.day(date.fromisoformat(end))),
                    e(words.num(int(count))),
                    button,
                )
            )
        out.append(
            section(
                words.t("stored_totals"),
                table(
                    (
                        words.t("channel"),
                        words.t("unit"),
                        words.t("from"),
                        words.t("to"),
                        words.t("count"),
                        "",
                    ),
                    rows,
                    aligns="llllnl",
                    raw=True,
                ),
                ident="stored-totals",
            )
        )
    return "".join(out)


def _upload_result(result: UploadResult, words: Words) -> str:
    parts = ['<section id="result" class="result">']
    if result.error:
        parts.append(f'<p class="error" role="alert">{e(result.error)}</p></section>')
        return "".join(parts)
    s = result.summary
    if s is not None:
        layout = {"dl": "dl", "upload": "upload", "map": "map"}.get(s.layout, s.layout)
        line = words.t(
            "result_rows",
            file=s.path,
            layout=layout,
            enc=s.encoding,
            delim=s.delimiter,
            rows=words.num(s.rows),
        )
        parts.append(f'<p class="cap">{e(line)}</p>')
    if result.ok:
        done = words.t(
            "result_ok", stored=words.num(result.stored), already=words.num(result.already)
        )
        parts.append(f'<p class="ok" role="status">{e(done)}</p>')
    else:
        parts.append(
            f'<p class="error" role="alert">'
            f"{e(words.t('result_bad', n=words.num(result.problems_total)))}</p>"
        )
        rows = [
            (
                str(p.line) if p.line else "",
                p.column,
                "" if p.value is None else str(p.value),
                p.reason,
            )
            for p in result.problems
        ]
        parts.append(
            table(
                (words.t("line"), words.t("column"), words.t("value"), words.t("reason")),
                rows,
                aligns="nlll",
                css="tbl problems",
            )
        )
        hidden = result.problems_total - len(result.problems)
        if hidden > 0:
            parts.append(f'<p class="note">{e(words.t("more_problems", n=words.num(hidden)))}</p>')
    if s is not None and s.warnings:
        parts.append(f"<h3>{e(words.t('warnings'))}</h3><ul class='warnings'>")
        parts += [f"<li>{e(str(w))}</li>" for w in s.warnings]
        parts.append("</ul>")
    parts.append("</section>")
    return "".join(parts)


def _totals_result(result: TotalsResult, words: Words) -> str:
    parts = ['<section id="totals-result" class="result">']
    if result.error:
        parts.append(f'<p class="error" role="alert">{e(result.error)}</p>')
    elif result.ok:
        parts.append(f'<p class="ok" role="status">{e(words.t("totals_ok", n=result.stored))}</p>')
    else:
        parts.append(
            f'<p class="error" role="alert">{e(words.t("totals_bad", n=len(result.problems)))}</p>'
        )
        parts.append(
            table(
                (words.t("where"), words.t("value"), words.t("reason")),
                [
                    (p.where, "" if p.value is None else str(p.value), p.reason)
                    for p in result.problems
                ],
                aligns="lll",
                css="tbl problems",
            )
        )
    parts.append("</section>")
    return "".join(parts)
