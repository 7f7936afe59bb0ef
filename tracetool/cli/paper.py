"""paper: the paper path for desks without a computer: print the sheet, key it back in."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from tracetool import timeutil
from tracetool.cli import sheet
from tracetool.cli._common import console, err_console, fail, friendly, open_desk
from tracetool.cli.totals import parse_day_option

app = typer.Typer(
    help="Papirskema: udskriv arket (sheet), og tast det ind bagefter (enter).",
    no_args_is_help=True,
)
app.command("sheet")(sheet.sheet)


def _read_lines(file: Path | None) -> list[str]:
    if file is None:
        if sys.stdin.isatty():
            err_console.print("Skriv én linje pr. henvendelse; slut med Ctrl+D.", highlight=False)
        return sys.stdin.read().splitlines()
    try:
        return file.read_text(encoding="utf-8-sig").splitlines()
    except FileNotFoundError:
        fail(f"--file {file}: filen findes ikke")
    except UnicodeDecodeError as exc:
        fail(f"--file {file}: ikke UTF-8-tekst (byte {exc.start})")
    except OSError as exc:
        fail(f"--file {file}: kan ikke læses: {exc.strerror}")


@app.command("enter")
@friendly
def enter(
    day: Annotated[str, typer.Option("--date", help="Arkets dato, fx 21-10-2013")],
    hour: Annotated[
        int | None,
        typer.Option("--hour", min=0, max=23, help="Time for linjer uden @HH (0–23)"),
    ] = None,
    unit: Annotated[
        str | None, typer.Option("--unit", "-u", help="Enhedens login (udelad: den sidst brugte)")
    ] = None,
    file: Annotated[
        Path | None,
        typer.Option("--file", "-f", metavar="FIL", help="Linjerne (udelad: standard-input)"),
    ] = None,
    skip_invalid: Annotated[
        Path | None,
        typer.Option(
            "--skip-invalid",
            metavar="FIL",
            help="Gem de gode linjer, og skriv de forkerte i FIL til rettelse",
        ),
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Læs og kontrollér linjerne, men gem intet")
    ] = False,
) -> None:
    """Tast et papirskema ind: én henvendelse pr. linje med appens taster.

    Fx `2341` eller `2 3 4 1` (kanal, opgave, type, afslutning; blanket og spørgsmål efter,
    når de stilles), `2341 x3` for tre ens, `@09` for timen. En opgave kan skrives som
    KLE-nummer i stedet for tasten. Intet gemmes, før alle linjer er gode.
    """
    the_day = parse_day_option(day, "--date")
    if the_day > timeutil.local(timeutil.now()).date():
        fail(f"--date {day}: datoen ligger i fremtiden")
    lines = _read_lines(file)
    from tracetool.desk.paper import bad_lines_text, read_sheet, store_lines

    with open_desk() as desk:
        the_unit = desk.unit(unit)
        keyed = read_sheet(desk, the_unit, lines, the_day, hour)
        for bad in keyed.bad:
            err_console.print(f"  {bad}", highlight=False, soft_wrap=True, markup=False)
        where = f"{the_day.strftime('%d-%m-%Y')}, {the_unit.login}"
        if dry_run:
            _say(
                f"Kontrolleret ({where}): {len(keyed.good)} gode linjer, {keyed.inquiries} "
                f"henvendelser, {len(keyed.bad)} forkerte; intet gemt (--dry-run)."
            )
            if keyed.bad:
                raise typer.Exit(1)
            return
        if keyed.bad and skip_invalid is None:
            fail(
                f"{len(keyed.bad)} af {len(keyed.good) + len(keyed.bad)} linjer er forkerte; "
                "intet er gemt (ret dem, eller brug --skip-invalid FIL)"
            )
        if keyed.bad and skip_invalid is not None:
            try:
                skip_invalid.write_text(bad_lines_text(keyed.bad), encoding="utf-8")
            except OSError as exc:
                fail(f"--skip-invalid {skip_invalid}: kan ikke gemmes: {exc.strerror}; intet gemt")
        store_lines(desk, keyed.good)
    _say(f"Gemt fra papir ({where}): {len(keyed.good)} linjer, {keyed.inquiries} henvendelser.")
    if keyed.bad:
        err_console.print(
            f"{len(keyed.bad)} forkerte linjer er ikke gemt; de står i {skip_invalid} til rettelse",
            highlight=False,
            soft_wrap=True,
        )


def _say(text: str) -> None:
    console.print(text, highlight=False, soft_wrap=True)
