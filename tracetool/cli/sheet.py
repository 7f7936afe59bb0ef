"""paper sheet: a printable A4 sheet for a unit, for desks without a computer."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from tracetool.cli._common import console, err_console, fail, friendly, open_desk
from tracetool.cli.totals import parse_day_option


class Layout(StrEnum):
    LOG = "log"
    TALLY = "tally"


@friendly
def sheet(
    unit: Annotated[str, typer.Option("--unit", "-u", help="Enhedens login, fx 259borgerservice")],
    out: Annotated[Path, typer.Option("--out", "-o", metavar="FIL", help="PDF-filen, fx ark.pdf")],
    day: Annotated[
        str | None,
        typer.Option("--date", help="Datoen på arket, fx 21-10-2013 (udelad: skrives i hånden)"),
    ] = None,
    layout: Annotated[
        Layout,
        typer.Option(
            "--layout",
            help="log: én linje pr. henvendelse (tastes ind præcist); "
            "tally: streger pr. opgave (kun totaler)",
        ),
    ] = Layout.LOG,
    pages: Annotated[
        int, typer.Option("--pages", min=1, max=50, help="Antal sider med linjer (log)")
    ] = 1,
    lang: Annotated[str, typer.Option("--lang", help="Arkets sprog: da eller en")] = "da",
) -> None:
    """Papirskema (PDF, A4) til skranker uden computer.

    log: én linje pr. henvendelse med appens taster, tastes ind med `tracetool paper enter`.
    tally: det gamle streg-ark med en række pr. opgave.
    """
    the_day = parse_day_option(day, "--date") if day else None
    if lang not in ("da", "en"):
        fail(f"--lang {lang!r}: brug da eller en")
    if out.suffix.lower() != ".pdf":
        fail(f"--out {out}: filen skal ende på .pdf")
    # fpdf2 takes a third of a second to import; only this command needs it.
    from tracetool.desk.paper import sheet_keys
    from tracetool.paper.logsheet import render_log_sheet
    from tracetool.paper.sheet import render_sheet

    with open_desk() as desk:
        plan = desk.require_plan()
        found = plan.unit(unit)
        if found is None:
            known = ", ".join(u.login for u in plan.units)
            fail(f"ukendt enhed {unit!r}; planen har: {known}")
        if layout == Layout.TALLY:
            tally = render_sheet(
                plan,
                found,
                desk.codebook,
                day=the_day,
                task_title=lambda k: desk.task_title(k, lang),
                lang=lang,
            )
            pdf, count, what = tally.pdf, tally.pages, f"{tally.rows} rækker"
        else:
            keys = sheet_keys(desk, found, lang)
            log = render_log_sheet(plan, found, keys, day=the_day, pages=pages, lang=lang)
            pdf, count, what = log.pdf, log.pages, f"{log.lines_per_page} linjer pr. side"
            if log.task_page:
                what += " (opgavernes taster på side 1)"
    try:
        out.write_bytes(pdf)
    except OSError as exc:
        fail(f"--out {out}: filen kan ikke gemmes: {exc.strerror}")
    word = "side" if count == 1 else "sider"
    console.print(
        f"{'Tælleark' if layout == Layout.TALLY else 'Logark'} for {found.name} ({found.login}) "
        f"gemt i {out}: {count} {word}, {what}.",
        highlight=False,
        soft_wrap=True,
    )


def sheet_alias(
    unit: Annotated[str, typer.Option("--unit", "-u", help="Enhedens login, fx 259borgerservice")],
    out: Annotated[Path, typer.Option("--out", "-o", metavar="FIL", help="PDF-filen, fx ark.pdf")],
    day: Annotated[
        str | None, typer.Option("--date", help="Datoen på arket, fx 21-10-2013")
    ] = None,
    layout: Annotated[Layout, typer.Option("--layout", help="log eller tally")] = Layout.LOG,
    pages: Annotated[int, typer.Option("--pages", min=1, max=50)] = 1,
    lang: Annotated[str, typer.Option("--lang", help="da eller en")] = "da",
) -> None:
    """Flyttet: brug `tracetool paper sheet` (gør det samme)."""
    err_console.print(
        "bemærk: `tracetool sheet` er flyttet til `tracetool paper sheet`", highlight=False
    )
    sheet(unit=unit, out=out, day=day, layout=layout, pages=pages, lang=lang)
