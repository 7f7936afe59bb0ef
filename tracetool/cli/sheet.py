"""sheet: a printable A4 tally sheet for a unit, for desks without a computer."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from tracetool.cli._common import console, fail, friendly, open_desk
from tracetool.cli.totals import parse_day_option


@friendly
def sheet(
    unit: Annotated[str, typer.Option("--unit", "-u", help="Enhedens login, fx 259borgerservice")],
    out: Annotated[Path, typer.Option("--out", "-o", metavar="FIL", help="PDF-filen, fx ark.pdf")],
    day: Annotated[
        str | None,
        typer.Option("--date", help="Datoen på arket, fx 21-10-2013 (udelad: skrives i hånden)"),
    ] = None,
) -> None:
    """Tælleark (PDF, A4) til skranker uden computer.

    Opgaverne som rækker; streger for kanal, type, afslutning og blanket.
    """
    the_day = parse_day_option(day, "--date") if day else None
    if out.suffix.lower() != ".pdf":
        fail(f"--out {out}: filen skal ende på .pdf")
    # fpdf2 takes a third of a second to import; only this command needs it.
    from tracetool.paper.sheet import render_sheet

    with open_desk() as desk:
        plan = desk.require_plan()
        found = plan.unit(unit)
        if found is None:
            known = ", ".join(u.login for u in plan.units)
            fail(f"ukendt enhed {unit!r}; planen har: {known}")
        result = render_sheet(
            plan, found, desk.codebook, day=the_day, task_title=lambda k: desk.task_title(k)
        )
    try:
        out.write_bytes(result.pdf)
    except OSError as exc:
        fail(f"--out {out}: filen kan ikke gemmes: {exc.strerror}")
    pages = "side" if result.pages == 1 else "sider"
    console.print(
        f"Tælleark for {found.name} ({found.login}) gemt i {out}: {result.pages} {pages}, "
        f"{result.rows} rækker.",
        highlight=False,
        soft_wrap=True,
    )
