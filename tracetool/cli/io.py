"""export and import: the KOMHEN file formats in and out of the local store."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.progress import (
    BarColumn,
    DownloadColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

from tracetool import timeutil
from tracetool.cli._common import console, err_console, fail, friendly, open_desk, print_json
from tracetool.cli.report_options import NoExclusionsOption
from tracetool.errors import ValidationError
from tracetool.formats.export_rows import ExportFilter
from tracetool.formats.exporting import FORMATS, TEXT_ENCODINGS, export
from tracetool.formats.importing import import_file
from tracetool.formats.mapped import MAP_EXAMPLE, load_map
from tracetool.formats.results import ImportSummary
from tracetool.store.exclusions import ExclusionStore, count_excluded

SHOWN_PROBLEMS = 20
ProgressFn = Callable[[int, int | None], None]


def _n(value: int) -> str:
    """Danish thousands separator: 1.234.567."""
    return f"{value:,}".replace(",", ".")


def _day(text: str | None, option: str) -> date | None:
    if text is None:
        return None
    try:
        return timeutil.parse_day(text)
    except ValueError as exc:
        fail(f"{option}: {exc}")


@contextmanager
def _progress(
    label: str, *, in_bytes: bool, quiet: bool
) -> Iterator[Callable[[int, int | None], None]]:
    """A progress bar on stderr when it is a terminal; otherwise a callback that does nothing."""
    show = not quiet and sys.stderr.isatty()
    counter = DownloadColumn() if in_bytes else MofNCompleteColumn()
    with Progress(
        TextColumn(label),
        BarColumn(),
        counter,
        TimeElapsedColumn(),
        TimeRemainingColumn(),
        console=err_console,
        disable=not show,
        transient=True,
    ) as bar:
        task = bar.add_task(label, total=None)

        def update(done: int, total: int | None) -> None:
            bar.update(task, completed=done, total=total)

        yield update


@friendly
def export_cmd(
    format_: Annotated[
        str, typer.Option("--format", "-f", help="dl, upload, xlsx eller ndjson", metavar="FORMAT")
    ],
    out: Annotated[Path, typer.Option("--out", "-o", help="Filen, der skrives", metavar="FIL")],
    from_: Annotated[
        str | None, typer.Option("--from", help="Fra og med dag (dansk tid), fx 21-10-2013")
    ] = None,
    to: Annotated[str | None, typer.Option("--to", help="Til og med dag, fx 27-10-2013")] = None,
    unit: Annotated[str | None, typer.Option("--unit", "-u", help="Kun denne enhed")] = None,
    channel: Annotated[
        str | None, typer.Option("--channel", "-c", help="Kun denne kanal, fx TLFIND")
    ] = None,
    include_test: Annotated[
        bool, typer.Option("--include-test", help="Medtag registreringer fra testtilstand")
    ] = False,
    encoding: Annotated[
        str | None,
        typer.Option(
            "--encoding",
            help="cp1252 (standard, Excel) eller utf-8-sig (til tegn uden for Windows-1252)",
        ),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Skriv resultatet som JSON")] = False,
    no_exclusions: NoExclusionsOption = False,
) -> None:
    """Eksportér registreringer: Det Digitale Landkorts råudtræk (dl), upload-skabelonen,
    Excel (xlsx) eller NDJSON.

    Masseregistreringer skrives som det antal rækker kl. 00:00:00 (dl og upload).
    """
    fmt = format_.strip().lower()
    if fmt not in FORMATS:
        fail(f"--format {format_!r}: brug {', '.join(FORMATS)}")
    if encoding is not None and encoding.lower() not in TEXT_ENCODINGS:
        fail(f"--encoding {encoding!r}: brug {' eller '.join(TEXT_ENCODINGS)}")
    where = ExportFilter(
        start=_day(from_, "--from"),
        end=_day(to, "--to"),
        unit=unit,
        channel=channel.strip().upper() if channel else None,
        include_test=include_test,
    )
    if where.start and where.end and where.start > where.end:
        fail("--from ligger efter --to")
    with open_desk() as desk, _progress("Eksporterer", in_bytes=False, quiet=as_json) as bar:
        if not no_exclusions:
            where = replace(where, exclusions=tuple(ExclusionStore(desk.db).all()))
        everything = replace(where, exclusions=())
        excluded = count_excluded(desk.db, *everything.where(), where.exclusions)[0]
        result = export(
            desk.db,
            desk.codebook,
            desk.plan,
            fmt,
            out,
            where=where,
            encoding=encoding.lower() if encoding else None,
            progress=bar,
            task_title=desk.task_title,
        )
    if as_json:
        print_json({**result.as_dict(), "excluded": excluded})
        return
    what = f"{_n(result.rows)} rækker"
    if result.registrations != result.rows:
        what += f" ({_n(result.registrations)} registreringer)"
    codec = f", {TEXT_ENCODINGS[result.encoding]}" if result.encoding else ""
    console.print(
        f"Eksporteret {what} til {out} ({fmt}{codec}).",
        highlight=False,
        soft_wrap=True,
        markup=False,
    )
    if excluded:
        console.print(
            f"{_n(excluded)} registreringer er udeladt efter {len(where.exclusions)} "
            "udeladelsesregler (tracetool exclude list); --no-exclusions tager dem med.",
            highlight=False,
            soft_wrap=True,
            markup=False,
        )
    if result.rows == 0:
        err_console.print(
            "[yellow]Ingen registreringer passede til udvalget[/] "
            "(testregistreringer kommer kun med med --include-test).",
            highlight=False,
            soft_wrap=True,
        )


def _report(summary: ImportSummary) -> None:
    verb = "Ville importere" if summary.dry_run and summary.ok else "Importeret"
    parts = [
        f"{verb}: {_n(summary.imported)}",
        f"fandtes allerede: {_n(summary.already_present)}",
        f"afvist: {_n(summary.rejected)}",
    ]
    if summary.skipped:
        parts.append(f"sprunget over: {_n(summary.skipped)}")
    parts.append(f"advarsler: {_n(sum(w.count for w in summary.warnings))}")
    layout = {
        "dl": "råudtræk (dl)",
        "upload": "upload-skabelon",
        "map": "kort (--map)",
        "ndjson": "NDJSON",
    }
    delimiter = f"'{summary.delimiter}', " if summary.delimiter else ""
    console.print(
        f"{summary.path}: {layout.get(summary.layout, summary.layout)}, {summary.encoding}, "
        f"{delimiter}{_n(summary.rows)} rækker.",
        highlight=False,
        soft_wrap=True,
        markup=False,
    )
    console.print(" · ".join(parts), highlight=False, soft_wrap=True)
    for warning in summary.warnings:
        err_console.print(
            f"[yellow]advarsel:[/] {escape(str(warning))}", highlight=False, soft_wrap=True
        )
    for problem in summary.problems[:SHOWN_PROBLEMS]:
        err_console.print(f"  {problem}", highlight=False, markup=False, soft_wrap=True)
    hidden = summary.problems_total - min(len(summary.problems), SHOWN_PROBLEMS)
    if hidden > 0:
        err_console.print(f"  … og {_n(hidden)} problemer mere", highlight=False, soft_wrap=True)
    _report_repeats(summary)
    if summary.rejected and summary.rejects_path:
        err_console.print(
            f"De afviste rækker står med deres fejl i {summary.rejects_path}.",
            highlight=False,
            soft_wrap=True,
            markup=False,
        )


def _report_repeats(summary: ImportSummary) -> None:
    if not summary.repeats:
        return
    stored = "; de er gemt (--allow-repeat)" if summary.committed else ""
    err_console.print(
        f"[yellow]{_n(summary.repeats)} rækker ligner registreringer, der allerede findes[/] "
        "(samme enhed, opgave, kanal, type, afslutning og blanket i samme minut, fx gemt igen "
        f"fra Excel uden sekunder eller en upload-eksport læst ind igen){escape(stored)}:",
        highlight=False,
        soft_wrap=True,
    )
    for repeat in summary.repeat_examples:
        err_console.print(
            f"  {summary.path}, {repeat}", highlight=False, markup=False, soft_wrap=True
        )
    hidden = summary.repeats - len(summary.repeat_examples)
    if hidden > 0:
        err_console.print(f"  … og {_n(hidden)} mere", highlight=False, soft_wrap=True)


@friendly
def import_cmd(
    file: Annotated[
        Path | None,
        typer.Argument(help="Filen: råudtræk (dl), upload-skabelon, xlsx, ndjson eller anden CSV"),
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Kontrollér og tæl, men gem intet")
    ] = False,
    skip_invalid: Annotated[
        Path | None,
        typer.Option(
            "--skip-invalid",
            help="Importér de gyldige rækker og skriv de afviste med fejl til denne fil",
            metavar="AFVISTE.csv",
        ),
    ] = None,
    map_: Annotated[
        Path | None,
        typer.Option("--map", help="Kort til andre systemers CSV-filer (se --map-example)"),
    ] = None,
    map_example: Annotated[
        bool, typer.Option("--map-example", help="Vis et kommenteret eksempel på et kort")
    ] = False,
    allow_repeat: Annotated[
        bool,
        typer.Option(
            "--allow-repeat",
            help="Importér også rækker, der ligner registreringer, som allerede findes",
        ),
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Skriv opsummeringen som JSON")] = False,
) -> None:
    """Importér registreringer fra en CSV-fil: råudtræk (dl) eller upload-skabelon, kendt på
    overskriften, eller andre systemers filer med et kort (--map); også tracetools egne
    xlsx- og ndjson-eksporter. Alle rækker kontrolleres; er én forkert, importeres intet
    (undtagen med --skip-invalid). Samme fil to gange ændrer intet, og rækker, der ligner
    allerede importerede (fx gemt igen i Excel), kræver --allow-repeat.
    """
    if map_example:
        sys.stdout.write(MAP_EXAMPLE)
        return
    if file is None:
        fail("angiv filen, der skal importeres, fx `tracetool import udtraek.csv`")
    try:
        mapping = load_map(map_) if map_ is not None else None
    except ValidationError as exc:
        err_console.print(
            f"[bold red]fejl:[/] kortet {escape(exc.context)}", highlight=False, soft_wrap=True
        )
        for problem in exc.problems:
            err_console.print(f"  {problem}", highlight=False, markup=False, soft_wrap=True)
        raise typer.Exit(1) from None
    with open_desk() as desk, _progress("Importerer", in_bytes=True, quiet=as_json) as bar:
        summary = import_file(
            desk.db,
            desk.codebook,
            desk.plan,
            file,
            mapping=mapping,
            dry_run=dry_run,
            rejects=skip_invalid,
            task_status=desk.task_status,
            progress=bar,
            allow_repeat=allow_repeat,
        )
    if as_json:
        print_json(summary.as_dict())
    else:
        _report(summary)
        _say_outcome(summary, dry_run)
    if not summary.ok:
        raise typer.Exit(1)


def _say_outcome(summary: ImportSummary, dry_run: bool) -> None:
    if summary.rejected and not summary.rejects_path:
        fail(
            f"intet er importeret: {_n(summary.rejected)} rækker har fejl. Ret dem, eller brug "
            "--skip-invalid AFVISTE.csv for at importere resten"
        )
    if not summary.ok:
        fail(
            "intet er importeret: filen gentager registreringer, der allerede findes. Er det "
            "virkelig nye henvendelser, så importér med --allow-repeat"
        )
    if dry_run:
        console.print("Prøvekørsel (--dry-run): intet er gemt.", highlight=False, soft_wrap=True)


def register(app: typer.Typer) -> None:
    app.command("export", short_help="Eksportér til dl, upload, xlsx eller ndjson.")(export_cmd)
    app.command("import", short_help="Importér fra råudtræk, upload-skabelon eller --map.")(
        import_cmd
    )
