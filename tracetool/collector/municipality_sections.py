"""A municipality's page as data for ``municipality.html``: its cards, and its sections, each a
chart beside the table of the chart's numbers (so nothing is said by colour or length alone)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any
from urllib.parse import urlencode

from markupsafe import Markup

from tracetool.analysis.report_html import hbar_svg, legend_html, stacked_svg, vbar_svg
from tracetool.collector.figures import DIGITAL, MunicipalityView
from tracetool.collector.texts import Words
from tracetool.collector.views import period_choice, period_query

# A chart the page draws itself (charts.html ``compare``): label, value, national value, text.
CompareItem = tuple[str, float | None, float | None, str]


@dataclass(frozen=True)
class Table:
    head: Sequence[str]
    rows: Sequence[Sequence[str]]
    aligns: str = ""
    foot: Sequence[str] | None = None
    css: str = "tbl"


@dataclass(frozen=True)
class Block:
    """One section: a chart (drawn by the template from ``compare``, or finished SVG in
    ``chart``) beside its table; no table: the ``empty`` sentence instead."""

    title: str
    ident: str
    table: Table | None
    note: str = ""
    compare: Sequence[CompareItem] | None = None
    compare_title: str = ""  # the chart's own name, when not the section's
    whole: bool = True
    chart: Markup | None = None
    legend: Markup | None = None
    scroll: bool = False
    empty: str = ""


def page_context(
    view: MunicipalityView, words: Words, *, today: date, units: Sequence[str], can_upload: bool
) -> dict[str, Any]:
    """What ``municipality.html`` needs."""
    f, nat = view.figures, view.national
    base = period_query(view.period)
    extra = {"test": "1"} if view.include_test else {}
    avg = view.overview.average
    count, share = words.t("avg_count"), words.t("avg_share")
    cards = [
        ("n", words.num(f.n), words.num(avg("n")), count),
        ("inbound", words.num(f.inbound), words.num(avg("inbound")), count),
        ("outbound", words.num(f.outbound), words.num(avg("outbound")), count),
        ("digital_share", words.pct(f.digital_share), words.pct(nat.digital_share), share),
        ("straks_share", words.pct(f.straks_share), words.pct(nat.straks_share), share),
        ("form_share", words.pct(f.form_share), words.pct(nat.form_share), share),
        ("coverage", words.pct(f.coverage), words.pct(nat.coverage), share),
    ]
    heading = (
        f"{view.name} ({view.municipality})"
        if view.name != str(view.municipality)
        else str(view.municipality)
    )
    return {
        "view": view,
        "heading": heading,
        "chooser": period_choice(view.period, words, today, extra),
        "downloads": [
            (fmt, key, urlencode({**base, **extra, "format": fmt}))
            for fmt, key in (("dl", "dl"), ("upload", "upload_fmt"), ("xlsx", "xlsx"))
        ],
        "download_hidden": {**base, **extra},
        "units": units,
        "can_upload": can_upload,
        "test_query": urlencode(base if view.include_test else {**base, "test": "1"}),
        "cards": cards,
        "blocks": None if not f.n and not f.rows else blocks(view, words),
        "digital": ", ".join(sorted(DIGITAL)),
    }


def blocks(view: MunicipalityView, words: Words) -> list[Block]:
    return [
        _distance(view, words),
        *_channels(view, words),
        _per_channel(view, words),
        *_types(view, words),
        _tasks(view, words),
        _days(view, words),
        _hours(view, words),
        _units(view, words),
        _coverage(view, words),
    ]


def _share(n: int, whole: int) -> float | None:
    return n / whole if whole else None


def _sum(words: Words, total: int) -> tuple[str, str, str]:
    return words.t("sum"), words.num(total), words.pct(1.0 if total else None)


def _distance(view: MunicipalityView, words: Words) -> Block:
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
    head = ("metric", "this", "average", "difference", "place")
    return Block(
        words.t("distance"),
        "distance",
        Table([words.t(h) for h in head], rows),
        words.t("chart_legend"),
        compare=chart_items,
    )


def _channels(view: MunicipalityView, words: Words) -> list[Block]:
    lab = words.labels
    out = []
    for direction, key in (("IND", "channels_in"), ("UD", "channels_out")):
        rows = [c for c in view.channels if c.direction == direction]
        if not rows:
            continue
        whole = view.direction_total(direction)
        shares = [
            (c, _share(c.n, whole), view.national_channel_share(c.channel, direction)) for c in rows
        ]
        table = Table(
            (words.t("channel"), words.t("count"), words.t("share"), words.t("share_nat")),
            [
                (lab.channel(c.channel), words.num(c.n), words.pct(s), words.pct(nat))
                for c, s, nat in shares
            ],
            foot=(*_sum(words, whole), ""),
        )
        chart = [(lab.channel(c.channel), s, nat, words.pct(s)) for c, s, nat in shares]
        out.append(
            Block(words.t(key), key, table, words.t("chart_legend"), compare=chart, whole=False)
        )
    return out


def _per_channel(view: MunicipalityView, words: Words) -> Block:
    lab = words.labels
    national = view.overview.channels

    def nat(channel: str, what: str) -> float | None:
        return getattr(national[channel], what) if channel in national else None

    chart = [
        (lab.channel(c.channel), c.straks_share, nat(c.channel, "straks_share"),
         words.pct(c.straks_share))
        for c in view.channels
    ]  # fmt: skip
    rows = [
        (lab.channel(c.channel), words.num(c.n), words.pct(c.straks_share),
         words.pct(nat(c.channel, "straks_share")), words.pct(c.form_share),
         words.pct(nat(c.channel, "form_share")))
        for c in view.channels
    ]  # fmt: skip
    f, n = view.figures, view.national
    foot = (
        words.t("sum"), words.num(f.n), words.pct(f.straks_share), words.pct(n.straks_share),
        words.pct(f.form_share), words.pct(n.form_share),
    )  # fmt: skip
    head = ("channel", "count", "straks_share", "straks_nat", "form_share", "form_nat")
    return Block(
        words.t("per_channel"),
        "per-channel",
        Table([words.t(h) for h in head], rows, foot=foot),
        f"{words.t('chart_legend')} {words.t('note_form')}",
        compare=chart,
        compare_title=words.t("straks_share"),
    )


def _types(view: MunicipalityView, words: Words) -> list[Block]:
    lab = words.labels
    total = sum(view.types.values())
    shares = [(lab.type(t), n, words.pct(_share(n, total))) for t, n in view.types.items()]
    table = Table(
        (words.t("types"), words.t("count"), words.t("share")),
        [(label, words.num(n), pct) for label, n, pct in shares],
        foot=_sum(words, total),
    )
    types = [t for t, n in view.types.items() if n] or list(view.types)
    stacked_rows = [
        (lab.channel(c), [m.get(t, 0) for t in types]) for c, m in view.channel_types.items()
    ]
    cross = Table(
        (words.t("channel"), *types, words.t("sum")),
        [(name, *(words.num(v) for v in values), words.num(sum(values)))
         for name, values in stacked_rows],
        css="tbl cross",
    )  # fmt: skip
    return [
        Block(words.t("types"), "types", table, chart=Markup(hbar_svg(shares, words.t("types")))),
        Block(
            words.t("channel_types"),
            "channel-types",
            cross,
            words.t("stacked_note"),
            chart=Markup(stacked_svg(stacked_rows, words.t("channel_types"))),
            legend=Markup(legend_html(f"{t} = {lab.type(t)}" for t in types)),
        ),
    ]


def _tasks(view: MunicipalityView, words: Words) -> Block:
    lab = words.labels
    total = view.figures.n
    shares = [(lab.task(t), n, words.pct(_share(n, total))) for t, n in view.tasks]
    chart = hbar_svg(shares, words.t("tasks"), width=540, label_width=270)
    table = Table(
        (words.t("task"), words.t("count"), words.t("share")),
        [(label, words.num(n), pct) for label, n, pct in shares],
    )
    note = words.t("tasks_note", n=len(view.tasks), of=view.task_count)
    return Block(words.t("tasks"), "tasks", table, note, chart=Markup(chart))


def _days(view: MunicipalityView, words: Words) -> Block:
    """Per day up to two months; per ISO week beyond that."""
    lab = words.labels
    total = sum(view.by_day.values())
    if len(view.by_day) <= 62:
        counts = {k: n for k, n in view.by_day.items()}
        axis = [date.fromisoformat(k).strftime("%d/%m") for k in counts]
        first, title, name = "day", "per_day", lab.weekday_day
    else:
        counts = {}
        for k, n in view.by_day.items():
            y, w, _ = date.fromisoformat(k).isocalendar()
            key = f"{y}-W{w:02d}"
            counts[key] = counts.get(key, 0) + n
        axis = [k.partition("-W")[2] for k in counts]
        first, title, name = "week", "per_week", lab.week
    chart = vbar_svg(
        [(a, n, words.num(n)) for a, n in zip(axis, counts.values(), strict=True)],
        words.t(title),
    )
    table = Table(
        (words.t(first), words.t("count"), words.t("share")),
        [(name(k), words.num(n), words.pct(_share(n, total))) for k, n in counts.items()],
        foot=_sum(words, total),
    )
    return Block(words.t(title), "days", table, chart=Markup(chart), scroll=True)


def _hours(view: MunicipalityView, words: Words) -> Block:
    used = [h for h, n in view.by_hour.items() if n]
    hours = [h for h in range(24) if min([*used, 8]) <= h <= max([*used, 16])]
    total = sum(view.by_hour.values())
    chart = vbar_svg(
        [(f"{h:02d}", view.by_hour[h], words.num(view.by_hour[h])) for h in hours],
        words.t("per_hour"),
    )
    table = Table(
        (words.t("hour"), words.t("count"), words.t("share")),
        [
            (words.labels.hour(f"{h:02d}"), words.num(view.by_hour[h]),
             words.pct(_share(view.by_hour[h], total)))
            for h in hours
        ],
        foot=_sum(words, total),
    )  # fmt: skip
    return Block(words.t("per_hour"), "hours", table, chart=Markup(chart))


def _units(view: MunicipalityView, words: Words) -> Block:
    lab = words.labels
    total = sum(u.n for u in view.units)
    named = [(lab.unit(u.unit) if u.unit else lab.t("no_unit"), u) for u in view.units]
    chart = hbar_svg(
        [(name, u.n, words.pct(_share(u.n, total))) for name, u in named],
        words.t("per_unit"),
        width=540,
        label_width=230,
    )
    f = view.figures
    table = Table(
        (words.t("unit"), words.t("count"), words.t("share"), words.t("straks_share"),
         words.t("form_share")),
        [(name, words.num(u.n), words.pct(_share(u.n, total)), words.pct(u.straks_share),
          words.pct(u.form_share)) for name, u in named],
        foot=(*_sum(words, total), words.pct(f.straks_share), words.pct(f.form_share)),
    )  # fmt: skip
    return Block(words.t("per_unit"), "units", table, chart=Markup(chart))


def _coverage(view: MunicipalityView, words: Words) -> Block:
    lab = words.labels
    title = words.t("coverage_h")
    if not view.coverage:
        return Block(title, "coverage", None, empty=words.t("no_totals"))

    def day(iso: str) -> str:
        return words.day(date.fromisoformat(iso))

    chart = [
        (lab.channel(c.channel), min(c.share or 0.0, 1.0), None, words.pct(c.share))
        for c in view.coverage
    ]
    rows = [
        (lab.channel(c.channel), words.num(c.registered), words.num(c.total), words.pct(c.share),
         f"{day(c.from_date)} – {day(c.to_date)}", ", ".join(c.units) or words.t("whole"))
        for c in view.coverage
    ]  # fmt: skip
    f = view.figures
    head = ("channel", "registered", "totals", "coverage", "period", "unit")
    table = Table(
        [words.t(h) for h in head],
        rows,
        aligns="lnnnll",
        foot=(words.t("sum"), words.num(f.covered), words.num(f.totals), words.pct(f.coverage),
              "", ""),
    )  # fmt: skip
    return Block(title, "coverage", table, words.t("note_coverage"), compare=chart)
