"""demo: fill the store with realistic test-mode registrations for trying the tool."""

from __future__ import annotations

from typing import Annotated

import typer

from tracetool.cli._common import console, friendly, open_desk
from tracetool.desk import demo as demo_data


@friendly
def demo(
    registrations: Annotated[
        int, typer.Option("--registrations", "-n", min=1, help="Antal registreringer")
    ] = 500,
    seed: Annotated[int | None, typer.Option("--seed", help="Gentagelig tilfældighed")] = None,
) -> None:
    """Fyld lageret med realistiske testregistreringer for den aktuelle plan."""
    with open_desk() as desk:
        plan = desk.require_plan()
        rows = demo_data.generate(plan, desk.codebook, registrations, device=desk.device, seed=seed)
        inserted, _ = desk.store.save_many(rows)
    console.print(
        f"{inserted} testregistreringer tilføjet for {plan.municipality_name} "
        f"({len(plan.units)} enhed(er)). De er markeret som test og tæller ikke med; "
        "se dem med `tracetool list --include-test`."
    )
