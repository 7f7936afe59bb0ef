"""The comparison and the channel costs as titled tables of text (head, rows, foot, note), so
the terminal and the HTML show the same figures in the same words."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from tracetool.analysis.costs import Costs, Potential
from tracetool.analysis.figures import Report
from tracetool.analysis.labels import Labels


@dataclass(frozen=True)
class TextTable:
    title: str
    head: tuple[str, ...]
    rows: Sequence[tuple[str, ...]]
    foot: tuple[str, ...] | None = None
    note: str = ""


def comparison_tables(
    report: Report, labels: Labels, dimensions: tuple[str, ...]
) -> list[TextTable]:
    """Per dimension: each code now, before, the change and the shift in share."""
    comparison = report.comparison
    if comparison is None:
        return []
    lab = labels
    before = lab.period(comparison.before.filter)
    head = (
        lab.t("now"),
        lab.t("before"),
        lab.t("change"),
        lab.t("share_now"),
        lab.t("share_before"),
        lab.t("shift_pp"),
    )
    tables = []
    for dimension in dimensions:
        changes = comparison.breakdowns.get(dimension)
        if not changes:
            continue
        rows = [
            (
                lab.key(dimension, code),
                lab.num(c.now),
                lab.num(c.before),
                lab.change(c.change),
                lab.pct(c.now_share),
                lab.pct(c.before_share),
                lab.pp(c.share_change_pp),
            )
            for code, c in changes.items()
            if c.now or c.before
        ]
        total = comparison.total
        foot = (
            lab.t("sum"),
            lab.num(total.now),
            lab.num(total.before),
            lab.change(total.change),
            "",
            "",
            "",
        )
        title = lab.t("compare", label=lab.t(dimension), before=before)
        tables.append(TextTable(title, (lab.t(dimension), *head), rows, foot))
    return tables


def _potential_rows(potential: Potential, labels: Labels) -> list[tuple[str, ...]]:
    return [(labels.channel(c), labels.kroner(n)) for c, n in potential.moved.items()]


def cost_tables(report: Report, labels: Labels) -> list[TextTable]:
    """Cost per channel (with its price), per group and per task, and the potentials."""
    costs = report.costs
    if costs is None:
        return []
    lab = labels
    note = ""
    if costs.unpriced:
        items = ", ".join(f"{c} ({lab.num(n)})" for c, n in costs.unpriced.items())
        note = lab.t("unpriced", items=items)
    channel_rows = [
        (
            lab.channel(c),
            lab.num(report.by_channel[c]),
            lab.kroner(costs.prices[c], exact=True),
            lab.kroner(v),
        )
        for c, v in costs.by_channel.items()
    ]
    tables = [
        TextTable(
            lab.t("costs", label=lab.t("channel").lower()),
            (lab.t("channel"), lab.t("count"), lab.t("price"), lab.t("cost")),
            channel_rows,
            (lab.t("sum"), "", "", lab.kroner(costs.total)),
            note,
        )
    ]
    for dimension, values in (("group", costs.by_group), ("task", costs.by_task)):
        if values:
            rows = [(lab.key(dimension, k), lab.kroner(v)) for k, v in values.items()]
            title = lab.t("costs", label=lab.t(dimension).lower())
            tables.append(TextTable(title, (lab.t(dimension), lab.t("cost")), rows))
    tables.append(_potential_table(costs, lab))
    return tables


def _potential_table(costs: Costs, lab: Labels) -> TextTable:
    head = (lab.t("channel"), lab.t("moved"))
    rows: list[tuple[str, ...]] = []
    notes = []
    for potential, name in (
        (costs.web_potential, lab.t("potential_web")),
        (
            costs.shift_potential,
            lab.t(
                "potential_shift", items=", ".join(f"{c} {p:.0%}" for c, p in costs.shifts.items())
            ),
        ),
    ):
        if potential is None:
            continue
        rows.append((name, ""))
        rows += _potential_rows(potential, lab)
        rows.append((lab.t("saving"), lab.kroner(potential.saving)))
    if costs.web_potential is None:
        notes.append(lab.t("no_self_price"))
    return TextTable(lab.t("potential"), head, rows, None, " ".join(notes))
