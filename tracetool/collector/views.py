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
    Overview,
    Period,
    Ranked,
    count_periods,
)
from tracetool.collector.session import Session
from tracetool.collector.texts import Words
from tracetool.collector.transfer import TotalsResult, UploadResult


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
