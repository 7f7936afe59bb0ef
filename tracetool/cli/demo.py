"""demo: fill the store with realistic test-mode registrations for trying the tool."""

from __future__ import annotations

from typing import Annotated

import typer

from tracetool.cli._common import console, friendly, open_desk
from tracetool.desk import demo as demo_data
from tracetool.locale import N_, translator

_ = translator("cli")


@friendly
def demo(
    registrations: Annotated[
        int, typer.Option("--registrations", "-n", min=1, help=N_("Antal registreringer"))
    ] = 500,
    seed: Annotated[int | None, typer.Option("--seed", help=N_("Gentagelig tilfældighed"))] = None,
) -> None:
    with open_desk() as desk:
        plan = desk.require_plan()
        rows = demo_data.generate(plan, desk.codebook, registrations, device=desk.device, seed=seed)
        inserted, _present = desk.store.save_many(rows)
    console.print(
        _(
            "{n} testregistreringer tilføjet for {municipality} ({units} enhed(er)). De er "
            "markeret som test og tæller ikke med; se dem med `tracetool list --include-test`."
        ).format(n=inserted, municipality=plan.municipality_name, units=len(plan.units))
    )


def register(app: typer.Typer) -> None:
    app.command(
        "demo", help=N_("Fyld lageret med realistiske testregistreringer for den aktuelle plan.")
    )(demo)
