"""check: what an analyst would otherwise find by hand, each with the rule that excludes it."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.markup import escape

from tracetool.analysis.quality import Scope, check
from tracetool.cli._common import console, err_console, friendly, open_desk, print_json
from tracetool.locale import N_, translator
from tracetool.store.exclusions import ExclusionStore, excluded_sql

_ = translator("cli")

HELP = N_(
    "Tjek data: rækker uden for tælleperioderne, uden enhed, ukendte opgaver, umulige\n"
    "varigheder, tavse dage og sandsynlige dobbelte importer; hver med den\n"
    "`tracetool exclude add`-regel, der ville udelade dem (testdata og slettede tælles ikke)."
)


def _n(value: int) -> str:
    return f"{value:,}".replace(",", ".")


@friendly
def check_cmd(
    as_json: Annotated[bool, typer.Option("--json", help=N_("Fundene som JSON"))] = False,
) -> None:
    with open_desk() as desk:
        # Rows the recorded rules leave out are not found again.
        left_out, values = excluded_sql(ExclusionStore(desk.db).all())
        findings = check(desk.db, desk.codebook, desk.plan, Scope(left_out, tuple(values)))
        periods = bool(desk.plan and desk.plan.periods)
    unchecked = [] if periods else ["outside_periods", "silent_day"]
    if as_json:
        print_json({"findings": [f.as_dict() for f in findings], "unchecked": unchecked})
        return
    if unchecked:
        err_console.print(
            _(
                "[yellow]Tælleplanen har ingen tælleperioder[/]: rækker uden for perioderne og "
                "tavse dage er ikke tjekket."
            ),
            highlight=False,
            soft_wrap=True,
        )
    if not findings:
        console.print(_("Intet at bemærke."), highlight=False)
        return
    for finding in findings:
        console.print(
            _("[bold]{rows}[/] registreringer ({inquiries} henvendelser): {title}").format(
                rows=_n(finding.rows), inquiries=_n(finding.inquiries), title=escape(finding.title)
            ),
            highlight=False,
            soft_wrap=True,
        )
        for example in finding.examples:
            console.print(f"    {escape(example)}", highlight=False, soft_wrap=True)
        command = finding.command()
        if command is not None:
            console.print(f"  {command}", highlight=False, markup=False, soft_wrap=True)
        else:
            console.print(
                "  " + _("(ingen regel: {why})").format(why=escape(finding.no_rule)),
                highlight=False,
                soft_wrap=True,
            )


def register(app: typer.Typer) -> None:
    app.command("check", help=HELP, short_help=N_("Tjek data og foreslå udeladelsesregler."))(
        check_cmd
    )
