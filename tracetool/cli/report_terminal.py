"""The report in the terminal: rich tables with a number, a share and a bar per line."""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Group
from rich.table import Table
from rich.text import Text

from tracetool.analysis.report import Labels, Report
from tracetool.analysis.report_rows import TextTable, comparison_tables, cost_tables
from tracetool.cli._common import console

BAR_WIDTH = 28
TOP_TASKS = 15
_EIGHTHS = " ▏▎▍▌▋▊▉"


def bar(value: float, peak: float, width: int = BAR_WIDTH) -> str:
    """Unicode block bar in eighths of a character; the number beside it says the value."""
    if peak <= 0 or value <= 0:
        return ""
    eighths = max(1, round(width * 8 * value / peak))
    full, part = divmod(eighths, 8)
    return "█" * full + (_EIGHTHS[part] if part else "")


LABEL_MAX = 44


def _table(
    title: str, head: Sequence[str], rows: Sequence[Sequence[str]] = (), *, bar: bool = True
) -> Table:
    """First column a label, then numbers, and last the bar (cropped, never wrapped).

    Number columns keep their full width: a squeezed table cuts the bar, never a number.
    """
    table = Table(title=title, title_justify="left", title_style="bold")
    for i, col in enumerate(head):
        if i == 0:
            table.add_column(col, no_wrap=True, overflow="ellipsis", max_width=LABEL_MAX)
        elif i == len(head) - 1:
            table.add_column(col, no_wrap=bar, overflow="crop" if bar else "fold")
        else:
            widest = max([len(col), *(len(r[i]) for r in rows if i < len(r))])
            table.add_column(col, justify="right", no_wrap=True, min_width=widest)
    return table


def breakdown_table(
    report: Report,
    labels: Labels,
    dimension: str,
    counts: dict[str, int],
    top: int = 0,
    width: int | None = None,
) -> Table:
    """One breakdown: label, count, share (and per-channel or per-task extras), bar."""
    lab = labels
    items = list(counts.items())
    shown = items[:top] if top else items
    extra: list[str] = []
    if dimension == "channel":
        extra = [lab.t("straks_short"), lab.t("form_short")]
        if report.coverage:
            extra.append(lab.t("coverage_share"))
    if dimension == "task" and report.timing_by_task:
        extra = [lab.t("median")]
    title = lab.t(dimension)
    if top and len(items) > top:
        title += f" ({lab.t('top_of', n=top, of=len(items))})"
    head = [lab.t(dimension), lab.t("count"), lab.t("share"), *extra]
    rows: list[list[str]] = []
    for key, n in shown:
        cells = [lab.key(dimension, key), lab.num(n), lab.pct(report.share(n))]
        if dimension == "channel":
            s = report.channel_shares[key]
            cells += [lab.pct(s.straks_share), lab.pct(s.form_share)]
            if report.coverage:
                cov = report.coverage.get(key)
                cells.append(lab.pct(cov.share) if cov else lab.t("none"))
        if dimension == "task" and report.timing_by_task:
            timing = report.timing_by_task.get(key)
            cells.append(lab.duration(timing.median_s) if timing else lab.t("none"))
        rows.append(cells)
    # The bar gets what the terminal has left after the text columns (3 = padding + border).
    used = 1 + sum(
        3 + min(LABEL_MAX if i == 0 else 99, max(len(h), *(len(r[i]) for r in rows)))
        for i, h in enumerate(head)
    )
    room = (width or console.width) - used - 3
    if room < 6:
        # Too narrow for a readable bar: the numbers alone, complete.
        table = _table(title, [*head, ""], rows, bar=False)
        table.columns.pop()
        for cells in rows:
            table.add_row(*cells)
        return table
    bar_width = min(BAR_WIDTH, room)
    table = _table(title, [*head, ""], rows)
    peak = max((n for _, n in shown), default=0)
    for cells, (_, n) in zip(rows, shown, strict=True):
        table.add_row(*cells, Text(bar(n, peak, bar_width), style="cyan"))
    return table


def channel_type_table(report: Report, labels: Labels) -> Table:
    lab = labels
    types = [t for t, n in report.by_type.items() if n]
    table = Table(title=lab.t("channel_by_type"), title_justify="left", title_style="bold")
    table.add_column(lab.t("channel"))
    for t in types:
        table.add_column(t, justify="right")
    table.add_column(lab.t("sum"), justify="right")
    for c, row in report.channel_by_type.items():
        table.add_row(
            lab.channel(c), *(lab.num(row.get(t, 0)) for t in types), lab.num(report.by_channel[c])
        )
    table.caption = " · ".join(f"{t} = {lab.type(t)}" for t in types)
    table.caption_justify = "left"
    return table


def coverage_table(report: Report, labels: Labels) -> Table:
    lab = labels
    head = [
        lab.t("channel"),
        lab.t("registered"),
        lab.t("totals"),
        lab.t("coverage_share"),
        lab.t("period"),
    ]
    rows = [
        [
            lab.channel(cov.channel),
            lab.num(cov.registered),
            lab.num(cov.total),
            lab.pct(cov.share),
            f"{lab.day(cov.from_date)} – {lab.day(cov.to_date)}"
            + (f" · {', '.join(cov.units)}" if cov.units else ""),
        ]
        for cov in report.coverage.values()
    ]
    table = _table(lab.t("coverage"), head, rows, bar=False)
    for row in rows:
        table.add_row(*row)
    table.caption = lab.t("note_coverage")
    table.caption_justify = "left"
    return table


def timing_table(report: Report, labels: Labels, dimension: str, top: int = 0) -> Table | None:
    """Quartiles and mean per code of ``dimension``, over the timed registrations only."""
    lab = labels
    timings = report.timing_by(dimension)
    if not timings:
        return None
    items = list(timings.items())
    title = lab.t(f"time_by_{dimension}")
    if top and len(items) > top:
        title += f" ({lab.t('top_of', n=top, of=len(items))})"
        items = items[:top]
    head = [lab.t(dimension), lab.t("timed"), lab.t("p25"), lab.t("median"), lab.t("p75")]
    head.append(lab.t("mean"))
    rows = [
        [
            lab.key(dimension, code),
            lab.num(t.n),
            *(lab.duration(s) for s in (t.p25_s, t.median_s, t.p75_s, t.mean_s)),
        ]
        for code, t in items
    ]
    table = _table(title, [*head, ""], rows, bar=False)
    table.columns.pop()
    for cells in rows:
        table.add_row(*cells)
    if report.untimed:
        table.caption = lab.t("untimed", n=lab.num(report.untimed))
        table.caption_justify = "left"
    return table


def answer_tables(report: Report, labels: Labels) -> list[Table]:
    """Per question, inquiries per answer (share among those answered); per task as well for
    the plan's extra questions."""
    lab = labels
    tables: list[Table] = []
    for key, counts in report.by_answer.items():
        answered = sum(counts.values())
        head = [lab.question(key), lab.t("count"), lab.t("share")]
        rows = [
            [lab.answer(key, a), lab.num(n), lab.pct(n / answered if answered else None)]
            for a, n in counts.items()
        ]
        table = _table(lab.t("answers", question=lab.question(key)), [*head, ""], rows, bar=False)
        table.columns.pop()
        for cells in rows:
            table.add_row(*cells)
        table.caption = lab.t("note_answers")
        table.caption_justify = "left"
        tables.append(table)
        per_task = report.answer_by_task.get(key)
        if per_task:
            answers = list(counts)
            cross = Table(
                title=lab.t("answers_by_task", question=lab.question(key)),
                title_justify="left",
                title_style="bold",
            )
            cross.add_column(lab.t("task"), max_width=LABEL_MAX, overflow="ellipsis")
            for a in answers:
                cross.add_column(lab.answer(key, a), justify="right")
            for task, row in per_task.items():
                cross.add_row(lab.task(task), *(lab.num(row.get(a, 0)) for a in answers))
            tables.append(cross)
    return tables


def pivot_table(report: Report, labels: Labels) -> Table | None:
    pivot = report.pivot
    if pivot is None:
        return None
    lab = labels
    title = lab.t("pivot", rows=lab.dimension(pivot.rows), columns=lab.dimension(pivot.columns))
    table = Table(title=title, title_justify="left", title_style="bold")
    table.add_column(lab.dimension(pivot.rows), max_width=LABEL_MAX, overflow="ellipsis")
    for c in pivot.column_totals:
        table.add_column(lab.key(pivot.columns, c), justify="right", overflow="fold")
    table.add_column(lab.t("sum"), justify="right")
    for r, row in pivot.cells.items():
        values = (lab.num(row.get(c, 0)) for c in pivot.column_totals)
        table.add_row(lab.key(pivot.rows, r), *values, lab.num(pivot.row_totals[r]))
    totals = (lab.num(n) for n in pivot.column_totals.values())
    table.add_row(lab.t("sum"), *totals, lab.num(pivot.total), style="bold")
    return table


def text_table(found: TextTable) -> Table:
    """A comparison or cost table: first column text, the rest numbers."""
    table = Table(title=found.title, title_justify="left", title_style="bold")
    table.add_column(found.head[0], max_width=LABEL_MAX, overflow="ellipsis")
    for name in found.head[1:]:
        table.add_column(name, justify="right", no_wrap=True)
    for row in found.rows:
        table.add_row(*row)
    if found.foot is not None:
        table.add_row(*found.foot, style="bold")
    if found.note:
        table.caption = found.note
        table.caption_justify = "left"
    return table


def extra_tables(report: Report, labels: Labels, dimensions: tuple[str, ...]) -> list[Table]:
    found = comparison_tables(report, labels, dimensions) + cost_tables(report, labels)
    return [text_table(t) for t in found]


def summary(report: Report, labels: Labels, heading: str) -> Text:
    lab = labels
    text = Text()
    text.append(heading + "\n", style="bold")
    text.append(
        f"{lab.t('total')}: {lab.num(report.total)} ({lab.num(report.registrations)} "
        f"{lab.t('registrations')}) · {lab.direction('IND')} "
        f"{lab.num(report.by_direction['IND'])} · "
        f"{lab.direction('UD')} {lab.num(report.by_direction['UD'])}\n"
    )
    text.append(
        f"{lab.t('straks_share')} {lab.pct(report.straks_share)} · {lab.t('form_share')} "
        f"{lab.pct(report.form_share)} · {lab.t('median_time')} "
        f"{lab.duration(report.median_seconds)}"
    )
    if report.untimed:
        text.append(f"\n{lab.t('timed')} {lab.num(report.timed)} · ")
        text.append(lab.t("untimed_short", n=lab.num(report.untimed)))
    if report.filter.exclusions:
        rules = len(report.filter.exclusions)
        text.append("\n" + lab.excluded(report.excluded, report.excluded_inquiries, rules))
    if report.filter.include_test:
        text.append(f"\n{lab.t('test_included').upper()}", style="bold reverse")
    return text


def terminal(report: Report, labels: Labels, heading: str, by: str | None) -> Group:
    lab = labels
    parts: list[Text | Table] = [summary(report, labels, heading)]
    if not report.total:
        parts.append(Text(lab.t("no_data")))
        return Group(*parts)
    if (pivot := pivot_table(report, labels)) is not None:
        parts.append(pivot)
        return Group(*parts)
    if by is not None:
        counts = report.breakdown(by)
        parts.append(breakdown_table(report, labels, by, counts))
        parts += extra_tables(report, labels, (by,))
        if (timing := timing_table(report, labels, by)) is not None:
            parts.append(timing)
        if by == "channel" and report.coverage:
            parts.append(coverage_table(report, labels))
        return Group(*parts)
    parts.append(breakdown_table(report, labels, "direction", report.by_direction))
    parts.append(breakdown_table(report, labels, "channel", report.by_channel))
    parts.append(breakdown_table(report, labels, "type", report.by_type))
    parts.append(breakdown_table(report, labels, "closing", report.by_closing))
    parts.append(breakdown_table(report, labels, "form", report.by_form))
    parts.append(channel_type_table(report, labels))
    parts.append(breakdown_table(report, labels, "task", report.by_task, top=TOP_TASKS))
    if len(report.by_unit) > 1:
        parts.append(breakdown_table(report, labels, "unit", report.by_unit))
    used = [h for h, n in report.by_hour.items() if n]
    hours = {h: n for h, n in report.by_hour.items() if used and min(used) <= h <= max(used)}
    parts.append(breakdown_table(report, labels, "hour", hours))
    if report.coverage:
        parts.append(coverage_table(report, labels))
    parts += answer_tables(report, labels)
    parts += extra_tables(report, labels, ("channel", "type", "group"))
    for dimension in ("type", "channel", "unit", "task"):
        if dimension == "unit" and len(report.by_unit) < 2:
            continue
        if (timing := timing_table(report, labels, dimension, TOP_TASKS)) is not None:
            parts.append(timing)
    parts.append(Text(lab.t("note_mass"), style="dim"))
    return Group(*parts)
