"""paper sheet: a printable A4 sheet for a unit, for desks without a computer."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from tracetool import locale
from tracetool.cli._common import DESK_LANGUAGE, console, err_console, fail, friendly, open_desk
from tracetool.cli.totals import parse_day_option
from tracetool.locale import N_, translator

_ = translator("cli")

HELP = N_(
    "Papirskema (PDF, A4) til skranker uden computer.\n"
    "\n"
    "log: én linje pr. henvendelse med appens taster, tastes ind med `tracetool paper enter`.\n"
    "tally: det gamle streg-ark med en række pr. opgave."
)


class Layout(StrEnum):
    LOG = "log"
    TALLY = "tally"


UnitOption = Annotated[
    str, typer.Option("--unit", "-u", help=N_("Enhedens login, fx 259borgerservice"))
]
OutOption = Annotated[
    Path, typer.Option("--out", "-o", metavar=N_("FIL"), help=N_("PDF-filen, fx ark.pdf"))
]


@friendly
def sheet(
    unit: UnitOption,
    out: OutOption,
    day: Annotated[
        str | None,
        typer.Option(
            "--date", help=N_("Datoen på arket, fx 21-10-2013 (udelad: skrives i hånden)")
        ),
    ] = None,
    layout: Annotated[
        Layout,
        typer.Option(
            "--layout",
            help=N_(
                "log: én linje pr. henvendelse (tastes ind præcist); "
                "tally: streger pr. opgave (kun totaler)"
            ),
        ),
    ] = Layout.LOG,
    pages: Annotated[
        int, typer.Option("--pages", min=1, max=50, help=N_("Antal sider med linjer (log)"))
    ] = 1,
    lang: Annotated[
        str | None,
        typer.Option("--lang", help=N_("Arkets sprog: da eller en"), show_default=DESK_LANGUAGE),
    ] = None,
) -> None:
    the_day = parse_day_option(day, "--date") if day else None
    lang = lang or locale.current()
    if lang not in ("da", "en"):
        fail(_("--lang {value}: brug da eller en").format(value=repr(lang)))
    if out.suffix.lower() != ".pdf":
        fail(_("--out {file}: filen skal ende på .pdf").format(file=out))
    # fpdf2 takes a third of a second to import; only this command needs it.
    from tracetool.desk.paper import sheet_keys
    from tracetool.paper.logsheet import render_log_sheet
    from tracetool.paper.sheet import render_sheet

    with open_desk() as desk:
        plan = desk.require_plan()
        found = plan.unit(unit)
        if found is None:
            known = ", ".join(u.login for u in plan.units)
            fail(_("ukendt enhed {unit}; planen har: {known}").format(unit=repr(unit), known=known))
        if layout == Layout.TALLY:
            tally = render_sheet(
                plan,
                found,
                desk.codebook,
                day=the_day,
                task_title=lambda k: desk.task_title(k, lang),
                lang=lang,
            )
            pdf, count, what = tally.pdf, tally.pages, _("{n} rækker").format(n=tally.rows)
        else:
            keys = sheet_keys(desk, found, lang)
            log = render_log_sheet(plan, found, keys, day=the_day, pages=pages, lang=lang)
            pdf, count = log.pdf, log.pages
            what = _("{n} linjer pr. side").format(n=log.lines_per_page)
            if log.task_page:
                what += " " + _("(opgavernes taster på side 1)")
    try:
        out.write_bytes(pdf)
    except OSError as exc:
        fail(_("--out {file}: filen kan ikke gemmes: {why}").format(file=out, why=exc.strerror))
    pages_text = _("1 side") if count == 1 else _("{n} sider").format(n=count)
    saved = (
        _("Tælleark for {name} ({login}) gemt i {file}: {pages}, {what}.")
        if layout == Layout.TALLY
        else _("Logark for {name} ({login}) gemt i {file}: {pages}, {what}.")
    )
    console.print(
        saved.format(name=found.name, login=found.login, file=out, pages=pages_text, what=what),
        highlight=False,
        soft_wrap=True,
    )


ALIAS_HELP = N_("Flyttet: brug `tracetool paper sheet` (gør det samme).")


def sheet_alias(
    unit: UnitOption,
    out: OutOption,
    day: Annotated[
        str | None, typer.Option("--date", help=N_("Datoen på arket, fx 21-10-2013"))
    ] = None,
    layout: Annotated[Layout, typer.Option("--layout", help=N_("log eller tally"))] = Layout.LOG,
    pages: Annotated[int, typer.Option("--pages", min=1, max=50)] = 1,
    lang: Annotated[
        str | None, typer.Option("--lang", help=N_("da eller en"), show_default=DESK_LANGUAGE)
    ] = None,
) -> None:
    err_console.print(
        _("bemærk: `tracetool sheet` er flyttet til `tracetool paper sheet`"), highlight=False
    )
    sheet(unit=unit, out=out, day=day, layout=layout, pages=pages, lang=lang)
