"""paper: the paper path for desks without a computer: print the sheet, key it back in."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from tracetool import timeutil
from tracetool.cli import sheet
from tracetool.cli._common import console, err_console, fail, friendly, open_desk
from tracetool.cli.totals import parse_day_option
from tracetool.locale import N_, translator

if TYPE_CHECKING:
    from tracetool.desk.paper import KeyedSheet

_ = translator("cli")

app = typer.Typer(
    help=N_("Papirskema: udskriv arket (sheet), og tast det ind bagefter (enter)."),
    no_args_is_help=True,
)
app.command("sheet", help=sheet.HELP)(sheet.sheet)


def _read_lines(file: Path | None) -> list[str]:
    if file is None:
        if sys.stdin.isatty():
            err_console.print(
                _("Skriv én linje pr. henvendelse; slut med Ctrl+D."), highlight=False
            )
        return sys.stdin.read().splitlines()
    try:
        return file.read_text(encoding="utf-8-sig").splitlines()
    except FileNotFoundError:
        fail(_("--file {file}: filen findes ikke").format(file=file))
    except UnicodeDecodeError as exc:
        fail(_("--file {file}: ikke UTF-8-tekst (byte {at})").format(file=file, at=exc.start))
    except OSError as exc:
        fail(_("--file {file}: kan ikke læses: {why}").format(file=file, why=exc.strerror))


ENTER_HELP = N_(
    "Tast et papirskema ind: én henvendelse pr. linje med appens taster.\n"
    "\n"
    "Fx `2341` eller `2 3 4 1` (kanal, opgave, type, afslutning; blanket og spørgsmål efter,\n"
    "når de stilles), `2341 x3` for tre ens, `@09` for timen. En opgave kan skrives som\n"
    "KLE-nummer i stedet for tasten. Intet gemmes, før alle linjer er gode."
)


@app.command("enter", help=ENTER_HELP)
@friendly
def enter(
    day: Annotated[str, typer.Option("--date", help=N_("Arkets dato, fx 21-10-2013"))],
    hour: Annotated[
        int | None,
        typer.Option("--hour", min=0, max=23, help=N_("Time for linjer uden @HH (0–23)")),
    ] = None,
    unit: Annotated[
        str | None,
        typer.Option("--unit", "-u", help=N_("Enhedens login (udelad: den sidst brugte)")),
    ] = None,
    file: Annotated[
        Path | None,
        typer.Option(
            "--file", "-f", metavar=N_("FIL"), help=N_("Linjerne (udelad: standard-input)")
        ),
    ] = None,
    skip_invalid: Annotated[
        Path | None,
        typer.Option(
            "--skip-invalid",
            metavar=N_("FIL"),
            help=N_("Gem de gode linjer, og skriv de forkerte i FIL til rettelse"),
        ),
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help=N_("Læs og kontrollér linjerne, men gem intet"))
    ] = False,
) -> None:
    the_day = parse_day_option(day, "--date")
    if the_day > timeutil.local(timeutil.now()).date():
        fail(_("--date {day}: datoen ligger i fremtiden").format(day=day))
    lines = _read_lines(file)
    from tracetool.desk.paper import read_sheet, store_lines

    with open_desk() as desk:
        the_unit = desk.unit(unit)
        keyed = read_sheet(desk, the_unit, lines, the_day, hour)
        for bad in keyed.bad:
            err_console.print(f"  {bad}", highlight=False, soft_wrap=True, markup=False)
        where = f"{the_day.strftime('%d-%m-%Y')}, {the_unit.login}"
        if dry_run:
            _say(
                _(
                    "Kontrolleret ({where}): {good} gode linjer, {inquiries} henvendelser, "
                    "{bad} forkerte; intet gemt (--dry-run)."
                ).format(
                    where=where,
                    good=len(keyed.good),
                    inquiries=keyed.inquiries,
                    bad=len(keyed.bad),
                )
            )
            if keyed.bad:
                raise typer.Exit(1)
            return
        _set_aside(keyed, skip_invalid)
        store_lines(desk, keyed.good)
    _say(
        _("Gemt fra papir ({where}): {lines} linjer, {inquiries} henvendelser.").format(
            where=where, lines=len(keyed.good), inquiries=keyed.inquiries
        )
    )
    if keyed.bad:
        err_console.print(
            _("{n} forkerte linjer er ikke gemt; de står i {file} til rettelse").format(
                n=len(keyed.bad), file=skip_invalid
            ),
            highlight=False,
            soft_wrap=True,
        )


def _set_aside(keyed: KeyedSheet, skip_invalid: Path | None) -> None:
    """Wrong lines stop the sheet, or go to the --skip-invalid file before any line is stored."""
    from tracetool.desk.paper import bad_lines_text

    if not keyed.bad:
        return
    if skip_invalid is None:
        fail(
            _(
                "{bad} af {lines} linjer er forkerte; "
                "intet er gemt (ret dem, eller brug --skip-invalid FIL)"
            ).format(bad=len(keyed.bad), lines=len(keyed.good) + len(keyed.bad))
        )
    try:
        skip_invalid.write_text(bad_lines_text(keyed.bad), encoding="utf-8")
    except OSError as exc:
        fail(
            _("--skip-invalid {file}: kan ikke gemmes: {why}; intet gemt").format(
                file=skip_invalid, why=exc.strerror
            )
        )


def _say(text: str) -> None:
    console.print(text, highlight=False, soft_wrap=True)
