"""HTML for the collector's pages: the national overview, a municipality, sign-in and uploads.

Server-made HTML with inline SVG charts (the local report's own chart functions): no script,
no font, image or stylesheet from outside the package, so the pages work on a closed network
and print as they look. Every chart stands beside the table of its numbers and prints its
numbers at the bars, so nothing is said by colour or length alone. Danish by default, English
with ``?lang=en``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, timedelta
from html import escape
from typing import Any
from urllib.parse import urlencode

from tracetool.analysis.report import Labels
from tracetool.analysis.report_html import hbar_svg, legend_html, stacked_svg, vbar_svg
from tracetool.collector.dashboard import (
    DIGITAL,
    METRIC_KIND,
    METRICS,
    MunicipalityView,
    Overview,
    Period,
    count_periods,
)
from tracetool.collector.session import Session
from tracetool.collector.transfer import TotalsResult, UploadResult

TEXT: dict[str, dict[str, str]] = {
    "da": {
        "brand": "TraceTool · KOMHEN 2.0",
        "overview": "Landsoverblik",
        "overview_h1": "Henvendelser pr. kommune",
        "mine": "Min kommune",
        "upload": "Upload",
        "sign_in": "Log ind",
        "sign_out": "Log ud",
        "signed_in": "Logget ind som {role} · {scope}",
        "role_coordinator": "tovholder",
        "role_admin": "administrator",
        "all": "alle kommuner",
        "lang": "Sprog",
        "period": "Periode",
        "year": "År",
        "weeks": "Uger",
        "dates": "Datoer",
        "from": "Fra",
        "to": "Til",
        "show": "Vis",
        "or": "eller",
        "count_periods": "Tælleperioder",
        "spring": "Forår",
        "autumn": "Efterår",
        "week_range": "uge {a}–{b} {y}",
        "rank": "Nr.",
        "municipality": "Kommune",
        "n": "Henvendelser",
        "inbound": "Indgående",
        "outbound": "Udgående",
        "digital_share": "Digital andel",
        "straks_share": "Straksafsluttet",
        "form_share": "Med blanket",
        "coverage": "Dækning",
        "national": "Hele landet",
        "average": "Landsgennemsnit",
        "avg_count": "gns. pr. kommune",
        "avg_share": "landstal",
        "participating": "Kommuner med tal",
        "of_all": "af {n}",
        "sorted": "Rangliste efter {m}, {d}.",
        "desc": "højest først",
        "asc": "lavest først",
        "no_data": "Ingen henvendelser i perioden.",
        "bar": "Søjle",
        "note_overview": (
            "Tallene er henvendelser uden testdata; en masseregistrering af N tæller N. "
            "Under hver andel står afstanden til landstallet i procentpoint. Enheder vises ikke "
            "her. Kommuner uden henvendelser i perioden er ikke med."
        ),
        "note_digital": "Digitale kanaler: {codes}.",
        "note_coverage": "Dækning: registrerede henvendelser ÷ totaltal, over totaltallenes "
        "egne perioder.",
        "note_form": "Blanketandelen regnes blandt henvendelser, hvor der blev spurgt om blanket.",
        "pp": "point",
        "test_flag": "Testdata er medtaget på denne side (ikke i sammenligningen med landet)",
        "with_test": "Medtag testdata",
        "downloads": "Hent data",
        "dl": "Råudtræk (dl, CSV)",
        "upload_fmt": "Upload-skabelon (CSV)",
        "xlsx": "Excel (xlsx)",
        "unit": "Enhed",
        "all_units": "alle enheder",
        "distance": "Afstand til landsgennemsnittet",
        "metric": "Nøgletal",
        "this": "Kommunen",
        "difference": "Forskel",
        "place": "Placering",
        "place_of": "{r} af {n}",
        "channels_in": "Kanaler, indgående",
        "channels_out": "Kanaler, udgående",
        "channel": "Kanal",
        "count": "Antal",
        "share": "Andel",
        "share_nat": "Andel, landet",
        "per_channel": "Straksafsluttet og blanket pr. kanal",
        "straks_nat": "Straks, landet",
        "form_nat": "Blanket, landet",
        "types": "Henvendelsestyper",
        "channel_types": "Kanal × henvendelsestype",
        "tasks": "De største opgaver",
        "tasks_note": "De {n} største af {of} opgaver.",
        "task": "Opgave",
        "per_day": "Henvendelser pr. dag",
        "per_week": "Henvendelser pr. uge",
        "per_hour": "Henvendelser pr. time (dansk tid)",
        "day": "Dag",
        "week": "Uge",
        "hour": "Time",
        "per_unit": "Pr. enhed",
        "coverage_h": "Dækning pr. kanal",
        "registered": "Registreret",
        "totals": "Totaltal",
        "whole": "hele kommunen",
        "no_totals": "Der er ikke indsendt totaltal for perioden.",
        "sum": "I alt",
        "none": "–",
        "chart_legend": "Søjlen er kommunen; den lodrette streg er landsgennemsnittet.",
        "stacked_note": "Tallene i søjlerne er procent af kanalens henvendelser.",
        "sign_in_h1": "Log ind",
        "sign_in_lead": "Log ind med en tovholder- eller administratornøgle "
        "(fra `tracetool collector token create`). Nøglen gemmes ikke i browseren; du får en "
        "session, der udløber efter {h} timer.",
        "token": "Adgangsnøgle",
        "bad_token": "Nøglen er ukendt eller tilbagekaldt.",
        "wrong_role": "Kun tovholder- og administratornøgler kan logge ind her.",
        "forbidden_h1": "Ingen adgang",
        "forbidden": "Du er logget ind som {who} og kan ikke se kommune {m}.",
        "not_found": "Siden findes ikke.",
        "upload_h1": "Upload til {m}",
        "upload_reg_h": "Registreringer fra en CSV-fil",
        "upload_reg_lead": "Råudtræk (dl) eller upload-skabelonen, ; eller , og Windows-1252 "
        "eller UTF-8. Alle rækker kontrolleres som med `tracetool import`; er én forkert, "
        "gemmes intet. Samme fil to gange gemmer intet dobbelt.",
        "file": "Fil",
        "send": "Send",
        "upload_totals_h": "Totaltal pr. kanal og periode",
        "upload_totals_lead": "Alle henvendelser på en kanal i en periode fra kommunens egne "
        "systemer (telefoni, mailserver, kø- og postsystemer). Skriv ét tal her, eller send en "
        "CSV-fil med kolonnerne Kanal;Enhed;Fra;Til;Antal.",
        "totals_file": "Eller en CSV-fil",
        "stored_totals": "Indsendte totaltal",
        "delete": "Slet",
        "result_ok": "Gemt: {stored} nye registreringer; {already} fandtes allerede.",
        "result_bad": "Intet er gemt: {n} problem(er). Ret filen og send den igen.",
        "result_rows": "{file}: {layout}, {enc}, '{delim}', {rows} rækker.",
        "line": "Linje",
        "column": "Kolonne",
        "value": "Værdi",
        "reason": "Fejl",
        "warnings": "Advarsler",
        "totals_ok": "Gemt: {n} totaltal.",
        "totals_bad": "Intet er gemt: {n} problem(er).",
        "where": "Hvor",
        "total_deleted": "Totaltallet er slettet.",
        "more_problems": "… og {n} problemer mere.",
        "footer": "TraceTool · KOMHEN 2.0 · data fra kommunernes registreringer",
        "goto": "Kommunens side",
    },
    "en": {
        "brand": "TraceTool · KOMHEN 2.0",
        "overview": "National overview",
        "overview_h1": "Inquiries per municipality",
        "mine": "My municipality",
        "upload": "Upload",
        "sign_in": "Sign in",
        "sign_out": "Sign out",
        "signed_in": "Signed in as {role} · {scope}",
        "role_coordinator": "coordinator",
        "role_admin": "administrator",
        "all": "all municipalities",
        "lang": "Language",
        "period": "Period",
        "year": "Year",
        "weeks": "Weeks",
        "dates": "Dates",
        "from": "From",
        "to": "To",
        "show": "Show",
        "or": "or",
        "count_periods": "Count periods",
        "spring": "Spring",
        "autumn": "Autumn",
        "week_range": "weeks {a}–{b} {y}",
        "rank": "No.",
        "municipality": "Municipality",
        "n": "Inquiries",
        "inbound": "Inbound",
        "outbound": "Outbound",
        "digital_share": "Digital share",
        "straks_share": "Closed at once",
        "form_share": "With form",
        "coverage": "Coverage",
        "national": "Whole country",
        "average": "National average",
        "avg_count": "mean per municipality",
        "avg_share": "national figure",
        "participating": "Municipalities with figures",
        "of_all": "of {n}",
        "sorted": "Ranked by {m}, {d}.",
        "desc": "highest first",
        "asc": "lowest first",
        "no_data": "No inquiries in the period.",
        "bar": "Bar",
        "note_overview": (
            "Figures are inquiries without test data; a mass registration of N counts N. "
            "Under each share is its distance from the national figure in percentage points. "
            "Units are not shown here. Municipalities without inquiries in the period are left "
            "out."
        ),
        "note_digital": "Digital channels: {codes}.",
        "note_coverage": "Coverage: registered inquiries ÷ totals, over the totals' own periods.",
        "note_form": "The form share is taken among inquiries where the form question was asked.",
        "pp": "points",
        "test_flag": "Test data is included on this page (not in the comparison with the nation)",
        "with_test": "Include test data",
        "downloads": "Download data",
        "dl": "Raw extract (dl, CSV)",
        "upload_fmt": "Upload template (CSV)",
        "xlsx": "Excel (xlsx)",
        "unit": "Unit",
        "all_units": "all units",
        "distance": "Distance from the national average",
        "metric": "Figure",
        "this": "Municipality",
        "difference": "Difference",
        "place": "Place",
        "place_of": "{r} of {n}",
        "channels_in": "Channels, inbound",
        "channels_out": "Channels, outbound",
        "channel": "Channel",
        "count": "Count",
        "share": "Share",
        "share_nat": "Share, nation",
        "per_channel": "Closed at once and form share per channel",
        "straks_nat": "At once, nation",
        "form_nat": "Form, nation",
        "types": "Inquiry types",
        "channel_types": "Channel × inquiry type",
        "tasks": "The largest tasks",
        "tasks_note": "The {n} largest of {of} tasks.",
        "task": "Task",
        "per_day": "Inquiries per day",
        "per_week": "Inquiries per week",
        "per_hour": "Inquiries per hour (Danish time)",
        "day": "Day",
        "week": "Week",
        "hour": "Hour",
        "per_unit": "Per unit",
        "coverage_h": "Coverage per channel",
        "registered": "Registered",
        "totals": "Totals",
        "whole": "whole municipality",
        "no_totals": "No totals have been sent for the period.",
        "sum": "Total",
        "none": "–",
        "chart_legend": "The bar is the municipality; the vertical line is the national average.",
        "stacked_note": "The numbers in the bars are per cent of the channel's inquiries.",
        "sign_in_h1": "Sign in",
        "sign_in_lead": "Sign in with a coordinator or administrator token (from `tracetool "
        "collector token create`). The token is not kept in the browser; you get a session "
        "that expires after {h} hours.",
        "token": "Token",
        "bad_token": "The token is unknown or revoked.",
        "wrong_role": "Only coordinator and administrator tokens can sign in here.",
        "forbidden_h1": "No access",
        "forbidden": "You are signed in as {who} and cannot see municipality {m}.",
        "not_found": "No such page.",
        "upload_h1": "Upload to {m}",
        "upload_reg_h": "Registrations from a CSV file",
        "upload_reg_lead": "A raw extract (dl) or the upload template, ; or , and Windows-1252 "
        "or UTF-8. Every row is checked as by `tracetool import`; if one is wrong, nothing is "
        "stored. The same file twice stores nothing twice.",
        "file": "File",
        "send": "Send",
        "upload_totals_h": "Totals per channel and period",
        "upload_totals_lead": "All inquiries on a channel in a period, from the municipality's "
        "own systems (telephony, mail server, queue and post systems). Type one figure here, or "
        "send a CSV file with the columns Kanal;Enhed;Fra;Til;Antal.",
        "totals_file": "Or a CSV file",
        "stored_totals": "Totals sent",
        "delete": "Delete",
        "result_ok": "Stored: {stored} new registrations; {already} were already there.",
        "result_bad": "Nothing stored: {n} problem(s). Fix the file and send it again.",
        "result_rows": "{file}: {layout}, {enc}, '{delim}', {rows} rows.",
        "line": "Line",
        "column": "Column",
        "value": "Value",
        "reason": "Problem",
        "warnings": "Warnings",
        "totals_ok": "Stored: {n} totals.",
        "totals_bad": "Nothing stored: {n} problem(s).",
        "where": "Where",
        "total_deleted": "The total was deleted.",
        "more_problems": "… and {n} more problems.",
        "footer": "TraceTool · KOMHEN 2.0 · data from the municipalities' registrations",
        "goto": "Municipality page",
    },
}


def e(text: object) -> str:
    return escape(str(text), quote=True)


class Words:
    """Page words and number formats in one language, with the report's code labels."""

    def __init__(self, lang: str) -> None:
        self.lang = lang if lang in TEXT else "da"
        self.labels = Labels(lang=self.lang)

    def t(self, key: str, **values: Any) -> str:
        return TEXT[self.lang][key].format(**values)

    def num(self, n: float | None) -> str:
        if n is None:
            return self.t("none")
        if isinstance(n, float) and not n.is_integer():
            text = f"{n:,.1f}"
            return (
                text.replace(",", "X").replace(".", ",").replace("X", ".")
                if self.lang == "da"
                else text
            )
        return self.labels.num(int(n))

    def pct(self, share: float | None) -> str:
        return self.labels.pct(share)

    def points(self, diff: float | None) -> str:
        if diff is None:
            return ""
        value = f"{diff * 100:+.1f}"
        if value in ("+0.0", "-0.0"):
            value = "±0.0"
        return value.replace(".", ",") if self.lang == "da" else value

    def metric(self, key: str, value: float | None) -> str:
        return self.pct(value) if METRIC_KIND[key] == "share" else self.num(value)

    def day(self, d: date) -> str:
        return self.labels.day(d)

    def period(self, period: Period) -> str:
        span = f"{self.day(period.start)} – {self.day(period.end)}"
        weeks = period.iso_weeks()
        if weeks:
            y, a, b = weeks
            label = self.t("week_range", a=a, b=b, y=y) if a != b else f"{self.t('week')} {a} {y}"
            return f"{label[0].upper()}{label[1:]} ({span})"
        return span


# -- the frame --------------------------------------------------------------------------------


def _who(session: Session, words: Words, names: Mapping[int, str]) -> str:
    account = session.account
    role = words.t(f"role_{account.role}") if account.role in ("coordinator", "admin") else ""
    if account.municipality is None:
        scope = words.t("all")
    else:
        scope = f"{names.get(account.municipality, account.municipality)} ({account.municipality})"
    return words.t("signed_in", role=role, scope=scope)


def page(
    title: str,
    body: str,
    words: Words,
    *,
    session: Session | None,
    names: Mapping[int, str],
    here: str,
    query: Mapping[str, str] | None = None,
) -> str:
    """A whole page: the top bar (navigation, who is signed in, language) around ``body``."""
    nav = [f'<a href="/overview"{_current(here, "overview")}>{e(words.t("overview"))}</a>']
    account = session.account if session else None
    if account is not None and account.municipality is not None:
        m = account.municipality
        nav.append(f'<a href="/municipality/{m}"{_current(here, "mine")}>{e(words.t("mine"))}</a>')
        nav.append(
            f'<a href="/municipality/{m}/upload"{_current(here, "upload")}>'
            f"{e(words.t('upload'))}</a>"
        )
    if session is not None:
        who = (
            f'<span class="who">{e(_who(session, words, names))}</span>'
            '<form method="post" action="/logout" class="inline">'
            f'<input type="hidden" name="csrf" value="{e(session.csrf)}">'
            f'<button type="submit">{e(words.t("sign_out"))}</button></form>'
        )
    else:
        who = f'<a class="button" href="/login">{e(words.t("sign_in"))}</a>'
    base = dict(query or {})
    base.pop("lang", None)
    langs = " · ".join(
        f'<a href="?{e(urlencode({**base, "lang": code}))}" hreflang="{code}"'
        f"{_ON if words.lang == code else ''}>{name}</a>"
        for code, name in (("da", "Dansk"), ("en", "English"))
    )
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{words.lang}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{e(title)} · TraceTool</title>"
        '<link rel="stylesheet" href="/static/collector.css"></head><body>'
        '<header class="top"><div class="bar">'
        f'<a class="brand" href="/overview">{e(words.t("brand"))}</a>'
        f'<nav aria-label="{e(words.t("overview"))}">{"".join(nav)}</nav>'
        f'<div class="side">{who}<span class="lang" aria-label="{e(words.t("lang"))}">'
        f"{langs}</span></div></div></header>"
        f'<main id="main">{body}</main>'
        f'<footer class="foot">{e(words.t("footer"))}</footer>'
        "</body></html>\n"
    )


_ON = ' aria-current="true"'


def _current(here: str, name: str) -> str:
    return ' aria-current="page"' if here == name else ""


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


def rank_bar(value: float | None, peak: float, average: float | None) -> str:
    """The small bar in a ranking row: the value, with the national average as a line."""
    width, height = 150, 16
    parts = [
        f'<svg class="rb" width="{width}" height="{height}" viewBox="0 0 {width} {height}"'
        ' aria-hidden="true">'
    ]
    if value is not None and peak > 0:
        parts.append(
            f'<rect x="0" y="3" width="{max(width * value / peak, 1.0):.1f}" height="10"'
            ' fill="#2F6DB5"/>'
        )
    if average is not None and peak > 0:
        x = min(width * average / peak, width - 1)
        parts.append(
            f'<line x1="{x:.1f}" y1="0" x2="{x:.1f}" y2="{height}" stroke="#000" stroke-width="2"/>'
        )
    parts.append("</svg>")
    return "".join(parts)


# -- period chooser ---------------------------------------------------------------------------


def period_form(
    action: str, period: Period, words: Words, today: date, extra: Mapping[str, str]
) -> str:
    weeks = period.iso_weeks()
    year, w1, w2 = weeks if weeks else (period.start.isocalendar()[0], 43, 45)
    hidden = "".join(
        f'<input type="hidden" name="{e(k)}" value="{e(v)}">' for k, v in extra.items()
    )
    quick = []
    for season, p in count_periods(today, 4):
        label = f"{words.t(season)} {p.start.year}"
        query = urlencode({**extra, "from": p.start.isoformat(), "to": p.end.isoformat()})
        current = ' aria-current="true"' if p == period else ""
        quick.append(f'<a href="{e(action)}?{e(query)}"{current}>{e(label)}</a>')
    return (
        f'<form class="period" method="get" action="{e(action)}">{hidden}'
        f"<fieldset><legend>{e(words.t('weeks'))}</legend>"
        f'<label>{e(words.t("year"))} <input name="year" type="number" min="2000" max="2100"'
        f' value="{year}" size="5"></label>'
        f'<label>{e(words.t("weeks"))} <input name="weeks" value="{w1}-{w2}" size="6"'
        ' pattern="[0-9]{1,2}([–-][0-9]{1,2})?"></label>'
        f'<button type="submit" name="by" value="weeks">{e(words.t("show"))}</button></fieldset>'
        f"<fieldset><legend>{e(words.t('dates'))}</legend>"
        f'<label>{e(words.t("from"))} <input name="from" type="date"'
        f' value="{period.start.isoformat()}"></label>'
        f'<label>{e(words.t("to"))} <input name="to" type="date"'
        f' value="{period.end.isoformat()}"></label>'
        f'<button type="submit" name="by" value="dates">{e(words.t("show"))}</button></fieldset>'
        f'<p class="quick">{e(words.t("count_periods"))}: {" · ".join(quick)}</p></form>'
    )


def period_query(period: Period) -> dict[str, str]:
    return {"from": period.start.isoformat(), "to": period.end.isoformat()}


# -- the national overview --------------------------------------------------------------------


def overview_body(
    ov: Overview,
    words: Words,
    *,
    sort: str,
    descending: bool,
    today: date,
    may_open: set[int] | None,
    error: str | None = None,
) -> str:
    """``may_open``: municipalities whose page the viewer may open (None: all)."""
    nat = ov.national
    out = [
        f"<h1>{e(words.t('overview_h1'))}</h1>",
        f'<p class="lead">{e(words.t("period"))}: <strong>{e(words.period(ov.period))}</strong>'
        "</p>",
    ]
    if error:
        out.append(f'<p class="error" role="alert">{e(error)}</p>')
    out.append(period_form("/overview", ov.period, words, today, {}))
    cards = [
        (words.num(nat.n), words.t("n")),
        (f"{len(ov.rows)} {words.t('of_all', n=98)}", words.t("participating")),
        (words.pct(nat.digital_share), words.t("digital_share")),
        (words.pct(nat.straks_share), words.t("straks_share")),
        (words.pct(nat.form_share), words.t("form_share")),
        (words.pct(nat.coverage), words.t("coverage")),
    ]
    out.append(
        f'<div class="cards" aria-label="{e(words.t("national"))}">'
        + "".join(
            f'<div class="card"><div class="v">{e(v)}</div><div class="k">{e(k)}</div></div>'
            for v, k in cards
        )
        + "</div>"
    )
    if not ov.rows:
        out.append(f'<p class="empty">{e(words.t("no_data"))}</p>')
        return "".join(out)
    ranked = ov.ranked(sort, descending)
    peak = max((f.metric(sort) or 0.0 for f in ov.rows), default=0.0)
    if METRIC_KIND[sort] == "share":
        peak = max(peak, ov.average(sort) or 0.0)
    head = [f'<th scope="col" class="num">{e(words.t("rank"))}</th>']
    head.append(f'<th scope="col">{e(words.t("municipality"))}</th>')
    base = period_query(ov.period)
    for key, kind in METRICS:
        active = key == sort
        new_dir = "asc" if active and descending else "desc"
        href = "/overview?" + urlencode({**base, "sort": key, "dir": new_dir})
        mark = (" ▼" if descending else " ▲") if active else ""
        aria = f' aria-sort="{"descending" if descending else "ascending"}"' if active else ""
        avg = ov.average(key)
        avg_text = words.metric(key, avg)
        note = words.t("avg_share" if kind == "share" else "avg_count")
        head.append(
            f'<th scope="col" class="num"{aria}><a href="{e(href)}" data-sort="{key}">'
            f"{e(words.t(key))}{mark}</a>"
            f'<span class="avg" title="{e(note)}">{e(note)}: {e(avg_text)}</span></th>'
        )
    head.append(f'<th scope="col">{e(words.t(sort))}</th>')
    avg_cells = "".join(
        f'<td class="num">{e(words.metric(k, ov.average(k)))}</td>' for k, _ in METRICS
    )
    rows = [
        f'<tr class="avgrow"><td></td><th scope="row">{e(words.t("average"))}</th>{avg_cells}'
        f"<td>{rank_bar(ov.average(sort), peak, ov.average(sort))}</td></tr>"
    ]
    for item in ranked:
        f = item.figures
        number = f.municipality or 0
        label = f"{f.name} ({number})" if f.name != str(number) else str(number)
        if may_open is None or number in may_open:
            name_cell = f'<a href="/municipality/{number}?{e(urlencode(base))}">{e(label)}</a>'
        else:
            name_cell = e(label)
        cells = []
        for key, kind in METRICS:
            value = f.metric(key)
            text = e(words.metric(key, value))
            if kind == "share" and value is not None and ov.average(key) is not None:
                diff = words.points(value - (ov.average(key) or 0.0))
                text += f'<span class="diff">{e(diff)}</span>'
            cells.append(f'<td class="num" data-metric="{key}">{text}</td>')
        rows.append(
            f'<tr data-municipality="{number}"><td class="num">{item.rank or ""}</td>'
            f'<th scope="row">{name_cell}</th>{"".join(cells)}'
            f"<td>{rank_bar(f.metric(sort), peak, ov.average(sort))}</td></tr>"
        )
    sort_line = words.t(
        "sorted", m=words.t(sort).lower(), d=words.t("desc" if descending else "asc")
    )
    out.append(
        f'<section class="ranking"><h2>{e(words.t("overview"))}</h2>'
        f'<p class="cap">{e(sort_line)}</p>'
        f'<div class="tbl wide"><table id="ranking"><thead><tr>{"".join(head)}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table></div>"
        f'<p class="note">{e(words.t("note_overview"))} '
        f"{e(words.t('note_digital', codes=', '.join(sorted(DIGITAL))))} "
        f"{e(words.t('note_coverage'))} {e(words.t('note_form'))}</p></section>"
    )
    return "".join(out)


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


# -- sign-in, errors ---------------------------------------------------------------------------


def login_body(words: Words, *, hours: int, error: str | None, next_url: str) -> str:
    err = f'<p class="error" role="alert">{e(error)}</p>' if error else ""
    return (
        f'<div class="narrow"><h1>{e(words.t("sign_in_h1"))}</h1>'
        f"<p>{e(words.t('sign_in_lead', h=hours))}</p>{err}"
        '<form method="post" action="/login" class="login">'
        f'<input type="hidden" name="next" value="{e(next_url)}">'
        f'<label for="token">{e(words.t("token"))}</label>'
        '<input id="token" name="token" type="password" autocomplete="off" required'
        ' spellcheck="false" size="50">'
        f'<button type="submit">{e(words.t("sign_in"))}</button></form></div>'
    )


def message_body(title: str, text: str) -> str:
    return f'<div class="narrow"><h1>{e(title)}</h1><p>{e(text)}</p></div>'


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
