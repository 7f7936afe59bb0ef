"""exclude add|list|remove: cleaning without deleting. Rules leave rows out of reports and
exports; removing a rule brings them back."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from tracetool.analysis.report import fmt_int
from tracetool.cli._common import console, friendly, open_desk, print_json
from tracetool.cli.report_options import (
    ChannelsOption,
    FromOption,
    SourcesOption,
    ToOption,
    known_codes,
    period,
)
from tracetool.desk.desk import Desk
from tracetool.locale import N_, translator
from tracetool.model import Source
from tracetool.store.exclusions import ExclusionRule, ExclusionStore, count_excluded

_ = translator("cli")

app = typer.Typer(help=N_("Udeladelsesregler: rens data uden at slette noget."))

RuleUnits = Annotated[
    list[str] | None,
    typer.Option("--unit", "-u", help=N_('Kun rækker fra disse enheder; "" = uden enhed')),
]
ExceptUnits = Annotated[
    list[str] | None,
    typer.Option("--except-unit", help=N_('Undtagen disse enheder; "" = uden enhed')),
]


def _matching(desk: Desk, rule: ExclusionRule) -> tuple[int, int]:
    """Rows and inquiries the rule leaves out now (test data and deleted rows never count)."""
    return count_excluded(desk.db, " WHERE deleted = 0 AND test_mode = 0", [], [rule])


@app.command(
    "add",
    help=N_(
        "Tilføj en regel: rækker, der passer på alt det angivne, udelades af rapporter og\n"
        "eksport. Uden --from/--to er perioden åben i den ende."
    ),
)
@friendly
def add(
    reason: Annotated[str, typer.Option("--reason", help=N_("Hvorfor rækkerne udelades"))],
    from_: FromOption = None,
    to: ToOption = None,
    unit: RuleUnits = None,
    except_unit: ExceptUnits = None,
    channel: ChannelsOption = None,
    source: SourcesOption = None,
) -> None:
    start, end = period(from_, to)
    with open_desk() as desk:
        channels = known_codes(channel or (), [c.code for c in desk.codebook.channels], "--channel")
        sources = known_codes(source or (), [s.value for s in Source], "--source")
        rule = ExclusionRule(
            reason=reason,
            from_date=start,
            to_date=end,
            units=tuple(dict.fromkeys(u.strip() for u in unit or ())),
            except_units=tuple(dict.fromkeys(u.strip() for u in except_unit or ())),
            channels=channels,
            sources=sources,
        )
        saved = ExclusionStore(desk.db).add(rule)
        rows, n = _matching(desk, saved)
    console.print(
        _(
            "Regel {id} er gemt: den udelader nu {rows} registreringer ({inquiries} "
            "henvendelser). Fortryd med `tracetool exclude remove {id}`."
        ).format(id=saved.id, rows=fmt_int(rows), inquiries=fmt_int(n)),
        highlight=False,
        soft_wrap=True,
    )


def _describe(rule: ExclusionRule) -> str:
    parts = []
    if rule.from_date or rule.to_date:
        start = rule.from_date.isoformat() if rule.from_date else "…"
        end = rule.to_date.isoformat() if rule.to_date else "…"
        parts.append(f"{start} – {end}")
    for label, values in (
        (N_("enhed"), rule.units),
        (N_("undtagen"), rule.except_units),
        (N_("kanal"), rule.channels),
        (N_("kilde"), rule.sources),
    ):
        if values:
            parts.append(f"{_(label)}: " + ", ".join(v or _("(ingen enhed)") for v in values))
    return " · ".join(parts)


@app.command("list", help=N_("Vis reglerne og hvor mange rækker hver udelader nu."))
@friendly
def list_(
    as_json: Annotated[bool, typer.Option("--json", help=N_("Reglerne som JSON"))] = False,
) -> None:
    with open_desk() as desk:
        rules = ExclusionStore(desk.db).all()
        counts = [_matching(desk, rule) for rule in rules]
    if as_json:
        print_json(
            [
                {**rule.to_json(), "rows": rows, "inquiries": n}
                for rule, (rows, n) in zip(rules, counts, strict=True)
            ]
        )
        return
    if not rules:
        console.print(_("Ingen udeladelsesregler."))
        return
    table = Table(title=_("Udeladelsesregler"), title_justify="left", title_style="bold")
    numbers = (N_("Nr."), N_("Rækker"), N_("Henvendelser"))
    for head in (*numbers, N_("Regel"), N_("Begrundelse")):
        table.add_column(_(head), justify="right" if head in numbers else "left")
    for rule, (rows, n) in zip(rules, counts, strict=True):
        table.add_row(
            str(rule.id), fmt_int(rows), fmt_int(n), escape(_describe(rule)), escape(rule.reason)
        )
    console.print(table)


@app.command("remove", help=N_("Fjern en regel; rækkerne tæller med igen."))
@friendly
def remove(
    rule_id: Annotated[int, typer.Argument(metavar=N_("NR"), help=N_("Reglens nummer"))],
) -> None:
    with open_desk() as desk:
        rule = ExclusionStore(desk.db).remove(rule_id)
    console.print(
        _("Regel {id} er fjernet ({reason}).").format(id=rule_id, reason=escape(rule.reason)),
        highlight=False,
        soft_wrap=True,
    )
