"""totals add|import|list|delete: all inquiries per channel and period from the systems."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer

from tracetool import timeutil
from tracetool.cli._common import (
    console,
    err_console,
    fail,
    friendly,
    open_desk,
    print_json,
    say_error,
)
from tracetool.errors import FileFormatError, ValidationError
from tracetool.locale import N_, translator
from tracetool.plan.totals import Total, day_text, make_total, parse_totals_csv
from tracetool.store.totals import TotalStore

_ = translator("cli")

app = typer.Typer(
    help=N_("Totaltal: alle henvendelser pr. kanal og periode fra kommunens systemer."),
    no_args_is_help=True,
)
JsonOption = Annotated[bool, typer.Option("--json", help=N_("Skriv resultatet som JSON"))]


def parse_day_option(text: str, option: str) -> date:
    try:
        return timeutil.parse_day(text)
    except ValueError as exc:
        fail(f"{option}: {exc}")


def fail_problems(exc: ValidationError, head: str | None = None) -> NoReturn:
    """Every problem on its own line (a file can have many), then exit 1."""
    say_error(head or exc.context or _("fejl i input"))
    for problem in exc.problems:
        err_console.print(f"  {problem}", highlight=False, soft_wrap=True, markup=False)
    raise typer.Exit(1)


def as_dict(total: Total) -> dict[str, Any]:
    return {
        "id": total.id,
        "municipality": total.municipality,
        "channel": total.channel,
        "direction": total.direction,
        "unit": total.unit or None,
        "from": total.from_date.isoformat(),
        "to": total.to_date.isoformat(),
        "count": total.count,
        "source": total.source,
        "created_at": timeutil.to_db(total.created_at),
        "revision": total.revision,
        "deleted": total.deleted,
    }


@app.command(
    "add",
    help=N_(
        "Tilføj et totaltal for en kanal og en periode (fx fra telefonsystemet).\n"
        "\n"
        "Et totaltal må ikke overlappe et andet for samme kanal og enhed."
    ),
)
@friendly
def add(
    channel: Annotated[str, typer.Option("--channel", "-c", help=N_("Kanalkode, fx TLFIND"))],
    from_: Annotated[str, typer.Option("--from", help=N_("Første dag, fx 21-10-2013"))],
    to: Annotated[str, typer.Option("--to", help=N_("Sidste dag (med), fx 27-10-2013"))],
    count: Annotated[int, typer.Option("--count", "-n", help=N_("Antal henvendelser i perioden"))],
    unit: Annotated[
        str | None,
        typer.Option("--unit", "-u", help=N_("Enhedens login; udelad for hele kommunen")),
    ] = None,
    as_json: JsonOption = False,
) -> None:
    start = parse_day_option(from_, "--from")
    end = parse_day_option(to, "--to")
    with open_desk() as desk:
        try:
            total = make_total(
                codebook=desk.codebook,
                plan=desk.require_plan(),
                channel=channel.strip().upper(),
                from_date=start,
                to_date=end,
                count=count,
                unit=unit,
            )
        except ValidationError as exc:
            fail("; ".join(f"--{_option(p.where)} {p.value}: {p.reason}" for p in exc.problems))
        TotalStore(desk.db).add(total)
    if as_json:
        print_json(as_dict(total))
    else:
        console.print(
            _("Gemt totaltal: {total}").format(total=total.describe()),
            highlight=False,
            soft_wrap=True,
        )


def _option(column: str) -> str:
    return {"Kanal": "channel", "Enhed": "unit", "Fra": "from", "Til": "to", "Antal": "count"}.get(
        column, column
    )


IMPORT_HELP = N_("""Importér totaltal fra en CSV-fil (fx et udtræk fra telefon- eller køsystemet).

\b
Filen har én række pr. totaltal og fem kolonner, adskilt af semikolon
(Excel: "CSV (semikolonsepareret)") eller komma:
\b
    Kanal;Enhed;Fra;Til;Antal
    TLFIND;;21-10-2013;27-10-2013;4312
    PRSNLG;259borgerservice;21-10-2013;27-10-2013;1250
\b
  Kanal  kanalkode fra kodebogen, fx TLFIND, EMLIND, PPRIND, PPRUD
  Enhed  enhedens login; tom for hele kommunen
  Fra    første dag, dd-mm-åååå eller åååå-mm-dd
  Til    sidste dag (kommer med)
  Antal  antal henvendelser, et helt tal
\b
Overskriftslinjen kan udelades. Tegnsæt: UTF-8 (med eller uden BOM) eller
Windows-1252. Perioder for samme kanal og enhed må ikke overlappe hinanden
eller et totaltal, der allerede er gemt. Er der fejl i blot én række,
importeres intet, og alle fejl vises med linje, kolonne og værdi.""")


@app.command("import", help=IMPORT_HELP)
@friendly
def import_(
    file: Annotated[Path, typer.Argument(metavar=N_("FIL"), help=N_("CSV-filen med totaltal"))],
    as_json: JsonOption = False,
) -> None:
    try:
        data = file.read_bytes()
    except FileNotFoundError:
        raise FileFormatError(str(file), _("filen findes ikke")) from None
    except IsADirectoryError:
        raise FileFormatError(str(file), _("det er en mappe, ikke en fil")) from None
    except OSError as exc:
        why = _("filen kan ikke læses: {why}").format(why=exc.strerror)
        raise FileFormatError(str(file), why) from None
    with open_desk() as desk:
        try:
            rows = parse_totals_csv(data, str(file), desk.codebook, desk.require_plan())
            line = _("linje {n}")
            TotalStore(desk.db).add_many([(line.format(n=n), t) for n, t in rows])
        except ValidationError as exc:
            head = exc.context if exc.context.startswith(str(file)) else f"{file}: {exc.context}"
            fail_problems(exc, head)
    if as_json:
        print_json({"imported": len(rows), "totals": [as_dict(t) for _, t in rows]})
    else:
        console.print(
            _("Importeret {n} totaltal fra {file}.").format(n=len(rows), file=file),
            highlight=False,
            soft_wrap=True,
        )


@app.command("list", help=N_("Vis de gemte totaltal."))
@friendly
def list_(
    as_json: Annotated[bool, typer.Option("--json", help=N_("Én JSON-linje pr. totaltal"))] = False,
) -> None:
    with open_desk() as desk:
        totals = TotalStore(desk.db).list_all()
        names = {c.code: c for c in desk.codebook.channels}
    if as_json:
        for total in totals:
            print_json(as_dict(total))
        return
    if not totals:
        console.print(_("Der er ingen totaltal endnu; tilføj med `tracetool totals add`."))
        return
    # One total per line, the whole id on it: ids made in the same millisecond share their
    # first half, and a table would cut or fold it in a narrow terminal.
    heading = _("Totaltal ({n}): kanal · enhed · periode · antal henvendelser").format(
        n=len(totals)
    )
    console.print(f"[bold]{heading}[/]")
    for t in totals:
        chan = names.get(t.channel)
        label = "" if chan is None else " " + (_("ind") if chan.direction == "IND" else _("ud"))
        unit = t.unit or _("hele kommunen")
        count = f"{t.count:,}".replace(",", ".")
        console.print(
            f"{t.channel}{label} · {unit} · "
            f"{day_text(t.from_date)} – {day_text(t.to_date)} · {count}\n"
            f"  id {t.id}",
            highlight=False,
        )


@app.command("delete", help=N_("Slet et totaltal (fx for at rette det: slet og tilføj igen)."))
@friendly
def delete(
    total_id: Annotated[
        str, typer.Argument(metavar="ID", help=N_("Totaltallets id (eller start)"))
    ],
) -> None:
    with open_desk() as desk:
        total = TotalStore(desk.db).delete(total_id)
    console.print(
        _("Slettet totaltal: {total}").format(total=total.describe()),
        highlight=False,
        soft_wrap=True,
    )
