"""The report as one self-contained HTML file, for mail to management.

Inline CSS and inline SVG drawn here: no script, no font or image from the network, so the file
opens offline and prints the same anywhere. Every chart stands beside the table of its numbers,
and every bar carries its number, so nothing is said by colour or length alone.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from tracetool import timeutil
from tracetool.analysis.charts import (
    box_svg,
    esc,
    hbar_svg,
    legend_html,
    shorten,
    stacked_svg,
    vbar_svg,
)
from tracetool.analysis.report import Labels, Report
from tracetool.analysis.report_rows import TextTable, comparison_tables, cost_tables

# The collector's pages import the charts from here too.
__all__ = ["hbar_svg", "legend_html", "render_html", "stacked_svg", "vbar_svg"]

MAX_DAYS = 62
TOP_TASKS = 20
TOP_CROSS_TASKS = 30
# Task and unit names are long: their charts get a wider label column.
_WIDE: dict[str, int] = {"width": 540, "label_width": 270}

CSS = """
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { font-family: "Segoe UI", "Helvetica Neue", Arial, "DejaVu Sans", sans-serif;
  color: #1d1d1f; margin: 0; background: #fff; font-size: 14px; line-height: 1.4; }
main { max-width: 1120px; margin: 0 auto; padding: 24px 28px 40px; }
header { border-bottom: 3px solid #2F6DB5; padding-bottom: 12px; margin-bottom: 18px; }
h1 { font-size: 26px; margin: 0 0 4px; }
h2 { font-size: 18px; margin: 0 0 10px; padding-top: 6px; }
.meta { color: #444; margin: 2px 0; }
.flag { display: inline-block; border: 2px solid #B00020; color: #B00020; font-weight: 700;
  padding: 1px 8px; margin-top: 6px; }
.cards { display: flex; flex-wrap: wrap; gap: 12px; margin: 0 0 18px; }
.card { border: 1px solid #ccd; border-radius: 6px; padding: 10px 14px; min-width: 150px; }
.card .v { font-size: 24px; font-weight: 700; }
.card .k { color: #444; font-size: 13px; }
section { margin: 0 0 26px; break-inside: avoid; page-break-inside: avoid; }
.pair { display: flex; flex-wrap: wrap; gap: 20px 28px; align-items: flex-start; }
.pair > svg { flex: 0 0 auto; }
.pair > .tbl { flex: 1 1 300px; min-width: 280px; }
table { border-collapse: collapse; font-size: 13px; }
.tbl table { width: 100%; }
th, td { padding: 3px 8px; border-bottom: 1px solid #e2e2e8; text-align: left;
  vertical-align: top; }
th { background: #f1f3f7; font-weight: 600; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.nw, th.nw { white-space: nowrap; }
.cross table { font-size: 12px; }
.cross thead tr { background: #f1f3f7; }
.cross th { background: transparent; vertical-align: bottom; }
.cross th.rot { writing-mode: vertical-rl; transform: rotate(180deg); text-align: left;
  vertical-align: bottom; padding: 6px 2px; }
.cross td.num { padding: 3px 5px; }
.cap { color: #555; font-size: 12px; margin: 0 0 4px; }
tfoot td { font-weight: 700; border-top: 2px solid #999; }
.cross { overflow-x: auto; }
.note { color: #555; font-size: 12px; margin: 6px 0 0; }
.legend { display: flex; flex-wrap: wrap; gap: 4px 14px; font-size: 12px; margin: 6px 0; }
.sw { display: inline-block; width: 12px; height: 12px; margin-right: 4px;
  vertical-align: -1px; border: 1px solid #333; }
svg text { font-family: inherit; }
footer { border-top: 1px solid #ccd; padding-top: 8px; color: #555; font-size: 12px; }
@page { size: A4; margin: 14mm; }
@media print {
  main { padding: 0; max-width: none; }
  body { font-size: 11px; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  .cross { overflow: visible; }
}
"""


class _Html:
    def __init__(self, report: Report, labels: Labels) -> None:
        self.r = report
        self.lab = labels
        self.out: list[str] = []

    def add(self, *chunks: str) -> None:
        self.out.extend(chunks)

    def table(
        self,
        head: Sequence[str],
        rows: Sequence[Sequence[str]],
        *,
        aligns: str = "",
        foot: Sequence[str] | None = None,
        css: str = "tbl",
        head_css: str = "",
    ) -> str:
        """A table; ``aligns`` per column: l text, n number (right), k text kept on one line.

        Without ``aligns`` the first column is text and the rest are numbers.
        """
        kinds = aligns or "l" + "n" * (len(head) - 1)
        classes = {"l": "", "n": "num", "k": "nw"}

        def cells(values: Sequence[str], tag: str, extra: str = "") -> str:
            out = []
            for i, v in enumerate(values):
                names = " ".join(c for c in (classes[kinds[i]], extra if i else "") if c)
                attr = f' class="{names}"' if names else ""
                out.append(f"<{tag}{attr}>{esc(v)}</{tag}>")
            return "".join(out)

        parts = [
            f'<div class="{css}"><table><thead><tr>{cells(head, "th", head_css)}</tr></thead>'
            "<tbody>"
        ]
        parts += [f"<tr>{cells(r, 'td')}</tr>" for r in rows]
        parts.append("</tbody>")
        if foot is not None:
            parts.append(f"<tfoot><tr>{cells(foot, 'td')}</tr></tfoot>")
        parts.append("</table></div>")
        return "".join(parts)

    def section(self, title: str, body: str, note: str = "") -> None:
        tail = f'<p class="note">{esc(note)}</p>' if note else ""
        self.add(f"<section><h2>{esc(title)}</h2>{body}{tail}</section>")

    def breakdown(self, dimension: str, counts: dict[str, int], *, chart_top: int = 0) -> None:
        lab, r = self.lab, self.r
        title = lab.t(dimension)
        items = [(lab.key(dimension, k), n) for k, n in counts.items()]
        chart_items = items[:chart_top] if chart_top else items
        chart = hbar_svg(
            [(name, n, lab.pct(r.share(n))) for name, n in chart_items],
            title,
            **_WIDE if dimension in ("task", "unit") else {},
        )
        if chart_top and len(items) > chart_top:
            chart = f'<div><p class="cap">{esc(lab.t("top", n=chart_top))}</p>{chart}</div>'
        rows = [(name, lab.num(n), lab.pct(r.share(n))) for name, n in items]
        foot = (lab.t("sum"), lab.num(sum(counts.values())), lab.pct(1.0 if r.total else None))
        table = self.table((title, lab.t("count"), lab.t("share")), rows, foot=foot)
        self.section(title, f'<div class="pair">{chart}{table}</div>')

    def columns(self, dimension: str, counts: dict[str, int], axis: list[str], note: str) -> None:
        lab, r = self.lab, self.r
        title = lab.t(dimension)
        chart = vbar_svg(
            [(a, n, lab.num(n)) for a, n in zip(axis, counts.values(), strict=True)], title
        )
        rows = [(lab.key(dimension, k), lab.num(n), lab.pct(r.share(n))) for k, n in counts.items()]
        table = self.table((title, lab.t("count"), lab.t("share")), rows)
        self.section(title, f'<div class="pair">{chart}{table}</div>', note)

    def render(self, municipality: str | None, unit_name: str | None, pages: dict[str, str]) -> str:
        lab, r = self.lab, self.r
        flt = r.filter
        lang = lab.lang
        self.add(
            "<!DOCTYPE html>",
            f'<html lang="{lang}"><head><meta charset="utf-8">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            f"<title>{esc(lab.t('title'))} – {esc(lab.period(flt))}</title>",
            f"<style>{CSS}</style></head><body><main>",
        )
        meta = [f"{lab.t('period')}: {lab.period(flt)}"]
        if r.first_day and r.last_day:
            first, last = date.fromisoformat(r.first_day), date.fromisoformat(r.last_day)
            meta[0] += f" ({lab.day(first)} – {lab.day(last)})" if flt.start is None else ""
        if unit_name:
            meta.append(f"{lab.t('selection')}: {unit_name}")
        else:
            meta.append(f"{lab.t('unit')}: {lab.t('all_units')}")
        made = timeutil.show(r.generated_at, "%d-%m-%Y %H:%M")
        if flt.exclusions:
            r = self.r
            meta.append(lab.excluded(r.excluded, r.excluded_inquiries, len(flt.exclusions)))
        meta.append(f"{lab.t('generated')}: {made}")
        heading = lab.t("title") + (f" – {municipality}" if municipality else "")
        self.add(f"<header><h1>{esc(heading)}</h1><p class='meta'>{esc(lab.t('subtitle'))}</p>")
        self.add(*(f'<p class="meta">{esc(m)}</p>' for m in meta))
        if pages:
            links = " · ".join(
                f'<a href="{esc(href)}">{esc(name)}</a>' for name, href in pages.items()
            )
            self.add(f'<p class="meta">{esc(lab.t("group_pages"))}: {links}</p>')
        if flt.include_test:
            self.add(f'<p class="flag">{esc(lab.t("test_included"))}</p>')
        self.add("</header>")
        if not r.total:
            self.add(f"<p>{esc(lab.t('no_data'))}</p>")
        else:
            self.body()
        self.add(
            f"<footer><p>{esc(lab.t('note_mass'))} {esc(lab.t('note_form'))}</p>"
            f"<p>tracetool · KOMHEN 2.0 · {esc(made)}</p></footer>",
            "</main></body></html>",
        )
        return "\n".join(self.out) + "\n"

    def cards(self) -> None:
        lab, r = self.lab, self.r
        cards = [
            (lab.num(r.total), lab.t("total")),
            (lab.num(r.by_direction.get("IND", 0)), lab.direction("IND")),
            (lab.num(r.by_direction.get("UD", 0)), lab.direction("UD")),
            (lab.pct(r.straks_share), lab.t("straks_share")),
            (lab.pct(r.form_share), lab.t("form_share")),
            (lab.duration(r.median_seconds), self.median_caption()),
        ]
        self.add('<div class="cards">')
        self.add(
            *(
                f'<div class="card"><div class="v">{esc(v)}</div>'
                f'<div class="k">{esc(k)}</div></div>'
                for v, k in cards
            )
        )
        self.add("</div>")

    def median_caption(self) -> str:
        """The median's card says how many rows had no time (they are not in it)."""
        lab, r = self.lab, self.r
        caption = lab.t("median_time")
        if r.untimed:
            caption += f" ({lab.t('untimed_short', n=lab.num(r.untimed))})"
        return caption

    def body(self) -> None:
        lab, r = self.lab, self.r
        self.cards()
        self.pivot()
        self.breakdown("direction", r.by_direction)
        self.breakdown("channel", r.by_channel)
        self.shares()
        self.breakdown("type", r.by_type)
        self.breakdown("closing", r.by_closing)
        self.breakdown("form", r.by_form)
        self.channel_by_type()
        self.breakdown("task", r.by_task, chart_top=TOP_TASKS)
        self.task_by_channel()
        if r.by_group:
            self.breakdown("group", r.by_group)
        if len(r.by_unit) > 1 or not r.filter.all_units:
            self.breakdown("unit", r.by_unit)
        hours = self.hour_range()
        self.columns("hour", {h: r.by_hour[h] for h in hours}, hours, lab.t("note_hour"))
        if len(r.by_day) <= MAX_DAYS:
            axis = [date.fromisoformat(d).strftime("%d/%m") for d in r.by_day]
            self.columns("day", r.by_day, axis, "")
        else:
            self.add(f'<p class="note">{esc(lab.t("note_days", n=len(r.by_day)))}</p>')
        self.columns("week", r.by_week, [k.partition("-W")[2] for k in r.by_week], "")
        self.answers()
        for found in comparison_tables(r, lab, ("channel", "type", "group")):
            self.text_table(found)
        for found in cost_tables(r, lab):
            self.text_table(found)
        self.timing()
        self.coverage()

    def hour_range(self) -> list[str]:
        used = [h for h, n in self.r.by_hour.items() if n]
        first = min([*used, "08"])
        last = max([*used, "16"])
        return [h for h in self.r.by_hour if first <= h <= last]

    def shares(self) -> None:
        lab, r = self.lab, self.r
        shares = r.channel_shares
        chart = hbar_svg(
            [
                (lab.channel(c), (s.straks_share or 0) * 100, lab.pct(s.straks_share))
                for c, s in shares.items()
            ],
            lab.t("straks_share"),
            max_value=100,
        )
        rows = [
            (lab.channel(c), lab.num(s.total), lab.pct(s.straks_share), lab.pct(s.form_share))
            for c, s in shares.items()
        ]
        foot = (lab.t("sum"), lab.num(r.total), lab.pct(r.straks_share), lab.pct(r.form_share))
        head = (lab.t("channel"), lab.t("count"), lab.t("straks_share"), lab.t("form_share"))
        table = self.table(head, rows, foot=foot)
        self.section(
            lab.t("shares"),
            f'<div class="pair">{chart}{table}</div>',
            f"{lab.t('note_shares_chart')} {lab.t('note_form')}",
        )

    def channel_by_type(self) -> None:
        lab, r = self.lab, self.r
        types = [t for t in r.by_type if r.by_type[t]] or list(r.by_type)
        rows = [
            (lab.channel(c), [m.get(t, 0) for t in types]) for c, m in r.channel_by_type.items()
        ]
        chart = stacked_svg(rows, lab.t("channel_by_type"))
        legend = legend_html(lab.type(t) for t in types)
        head = (lab.t("channel"), *types, lab.t("sum"))
        body_rows = [
            (name, *(lab.num(v) for v in values), lab.num(sum(values))) for name, values in rows
        ]
        foot = (lab.t("sum"), *(lab.num(r.by_type[t]) for t in types), lab.num(r.total))
        table = self.table(
            head, body_rows, aligns="k" + "n" * (len(head) - 1), foot=foot, css="cross"
        )
        key = " · ".join(f"{t} = {lab.type(t)}" for t in types)
        self.section(
            lab.t("channel_by_type"),
            f'<div class="pair"><div>{chart}<div class="legend">{legend}</div>'
            f'<p class="note">{esc(lab.t("note_stacked"))}</p></div>{table}</div>',
            key,
        )

    def task_by_channel(self) -> None:
        lab, r = self.lab, self.r
        channels = list(r.by_channel)
        tasks = list(r.task_by_channel)[:TOP_CROSS_TASKS]
        head = (lab.t("task"), *channels, lab.t("sum"))
        rows = [
            (
                shorten(lab.task(k), 40),
                *(
                    lab.num(r.task_by_channel[k].get(c, 0)) if r.task_by_channel[k].get(c) else "·"
                    for c in channels
                ),
                lab.num(r.by_task[k]),
            )
            for k in tasks
        ]
        aligns = "k" + "n" * (len(head) - 1)
        table = self.table(head, rows, aligns=aligns, css="cross", head_css="rot")
        key = " · ".join(f"{c} = {lab.channel(c)}" for c in channels)
        note = key
        if len(r.task_by_channel) > TOP_CROSS_TASKS:
            note = f"{lab.t('top', n=TOP_CROSS_TASKS)}. {key}"
        self.section(lab.t("task_by_channel"), table, note)

    def text_table(self, found: TextTable) -> None:
        aligns = "k" + "n" * (len(found.head) - 1)
        table = self.table(found.head, found.rows, aligns=aligns, foot=found.foot)
        self.section(found.title, table, found.note)

    def pivot(self) -> None:
        lab, pivot = self.lab, self.r.pivot
        if pivot is None:
            return
        cols = list(pivot.column_totals)
        head = (
            lab.dimension(pivot.rows),
            *(lab.key(pivot.columns, c) for c in cols),
            lab.t("sum"),
        )
        rows = [
            (
                lab.key(pivot.rows, r),
                *(lab.num(row.get(c, 0)) for c in cols),
                lab.num(pivot.row_totals[r]),
            )
            for r, row in pivot.cells.items()
        ]
        foot = (lab.t("sum"), *(lab.num(n) for n in pivot.column_totals.values()))
        table = self.table(
            head,
            rows,
            aligns="k" + "n" * (len(cols) + 1),
            foot=(*foot, lab.num(pivot.total)),
            css="cross",
        )
        rows_name, cols_name = lab.dimension(pivot.rows), lab.dimension(pivot.columns)
        self.section(lab.t("pivot", rows=rows_name, columns=cols_name), table)

    def answers(self) -> None:
        lab, r = self.lab, self.r
        for key, counts in r.by_answer.items():
            answered = sum(counts.values())
            question = lab.question(key)
            items = [(lab.answer(key, a), n) for a, n in counts.items()]
            chart = hbar_svg(
                [(name, n, lab.pct(n / answered)) for name, n in items], question, **_WIDE
            )
            rows = [(name, lab.num(n), lab.pct(n / answered)) for name, n in items]
            foot = (lab.t("sum"), lab.num(answered), lab.pct(1.0))
            table = self.table((question, lab.t("count"), lab.t("share")), rows, foot=foot)
            body = f'<div class="pair">{chart}{table}</div>'
            per_task = r.answer_by_task.get(key)
            if per_task:
                answers = list(counts)
                head = (lab.t("task"), *(lab.answer(key, a) for a in answers))
                cross = [
                    (lab.task(k), *(lab.num(row.get(a, 0)) for a in answers))
                    for k, row in per_task.items()
                ]
                body += f'<p class="cap">{esc(lab.t("answers_by_task", question=question))}</p>'
                body += self.table(head, cross, aligns="k" + "n" * len(answers), css="cross")
            self.section(lab.t("answers", question=question), body, lab.t("note_answers"))

    def timing(self) -> None:
        lab, r = self.lab, self.r
        note = lab.t("note_box")
        if r.untimed:
            note += " " + lab.t("untimed", n=lab.num(r.untimed))
        for dimension in ("type", "channel", "unit", "task"):
            items = list(r.timing_by(dimension).items())
            if not items or (dimension == "unit" and len(items) < 2):
                continue
            shown = items[:TOP_TASKS]
            chart = box_svg(
                [
                    (lab.key(dimension, k), t.p25_s, t.median_s, t.p75_s, lab.duration(t.median_s))
                    for k, t in shown
                ],
                lab.t(f"time_by_{dimension}"),
                scale=lab.duration,
            )
            if len(items) > TOP_TASKS:
                chart = f'<div><p class="cap">{esc(lab.t("top", n=TOP_TASKS))}</p>{chart}</div>'
            rows = [
                (
                    lab.key(dimension, k),
                    lab.num(t.n),
                    *(lab.duration(s) for s in (t.p25_s, t.median_s, t.p75_s, t.mean_s)),
                )
                for k, t in items
            ]
            head = (lab.t(dimension), lab.t("timed"), lab.t("p25"), lab.t("median"))
            table = self.table((*head, lab.t("p75"), lab.t("mean")), rows)
            self.section(
                lab.t(f"time_by_{dimension}"), f'<div class="pair">{chart}{table}</div>', note
            )
            note = ""  # said once, under the first time section

    def coverage(self) -> None:
        lab, r = self.lab, self.r
        if not r.coverage:
            return
        items = list(r.coverage.values())
        chart = hbar_svg(
            [
                (lab.channel(c.channel), min((c.share or 0) * 100, 100), lab.pct(c.share))
                for c in items
            ],
            lab.t("coverage_share"),
            max_value=100,
        )
        rows = [
            (
                lab.channel(c.channel),
                lab.num(c.registered),
                lab.num(c.total),
                lab.pct(c.share),
                f"{lab.day(c.from_date)} – {lab.day(c.to_date)}",
                ", ".join(c.units) or lab.t("whole"),
            )
            for c in items
        ]
        head = (
            lab.t("channel"),
            lab.t("registered"),
            lab.t("totals"),
            lab.t("coverage_share"),
            lab.t("period"),
            lab.t("unit"),
        )
        table = self.table(head, rows, aligns="knnnkk")
        self.section(
            lab.t("coverage"), f'<div class="pair">{chart}{table}</div>', lab.t("note_coverage")
        )


def render_html(
    report: Report,
    labels: Labels,
    *,
    municipality: str | None = None,
    unit_name: str | None = None,
    pages: dict[str, str] | None = None,
) -> str:
    """The report as one HTML document (UTF-8 text); ``pages`` links the departments' own
    pages (name → file name beside this one)."""
    return _Html(report, labels).render(municipality, unit_name, pages or {})
