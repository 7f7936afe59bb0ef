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
from tracetool.cli._common import (
    console,
    either,
    err_console,
    fail,
    friendly,
    open_desk,
    print_json,
    say_error,
)
from tracetool.cli.report_options import NoExclusionsOption
from tracetool.errors import ValidationError
from tracetool.formats.export_rows import ExportFilter
from tracetool.formats.exporting import FORMATS, TEXT_ENCODINGS, ExportResult, export
from tracetool.formats.importing import import_file
from tracetool.formats.mapped import MAP_EXAMPLE, load_map
from tracetool.formats.results import ImportSummary
from tracetool.locale import N_, translator
from tracetool.store.exclusions import ExclusionStore, count_excluded

_ = translator("cli")

SHOWN_PROBLEMS = 20
EXPORT_HELP = N_(
    "Eksportér registreringer: Det Digitale Landkorts råudtræk (dl), upload-skabelonen,\n"
    "Excel (xlsx) eller NDJSON.\n"
    "\n"
    "Masseregistreringer skrives som det antal rækker kl. 00:00:00 (dl og upload)."
)
IMPORT_HELP = N_(
    "Importér registreringer fra en CSV-fil: råudtræk (dl) eller upload-skabelon, kendt på\n"
    "overskriften, eller andre systemers filer med et kort (--map); også tracetools egne\n"
    "xlsx- og ndjson-eksporter. Alle rækker kontrolleres; er én forkert, importeres intet\n"
    "(undtagen med --skip-invalid). Samme fil to gange ændrer intet, og rækker, der ligner\n"
    "allerede importerede (fx gemt igen i Excel), kræver --allow-repeat."
)
# The encodings an export writes (TEXT_ENCODINGS), as the confirmation names them.
ENCODINGS = {"cp1252": "Windows-1252", "utf-8-sig": N_("UTF-8 med BOM")}
# The file layouts an import recognises, as the summary names them.
LAYOUTS = {
    "dl": N_("råudtræk (dl)"),
    "upload": N_("upload-skabelon"),
    "map": N_("kort (--map)"),
    "ndjson": "NDJSON",
}
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


FormatOption = Annotated[
    str,
    typer.Option("--format", "-f", help=N_("dl, upload, xlsx eller ndjson"), metavar="FORMAT"),
]
OutOption = Annotated[
    Path, typer.Option("--out", "-o", help=N_("Filen, der skrives"), metavar=N_("FIL"))
]
FromOption = Annotated[
    str | None, typer.Option("--from", help=N_("Fra og med dag (dansk tid), fx 21-10-2013"))
]
ToOption = Annotated[str | None, typer.Option("--to", help=N_("Til og med dag, fx 27-10-2013"))]
UnitOption = Annotated[str | None, typer.Option("--unit", "-u", help=N_("Kun denne enhed"))]
ChannelOption = Annotated[
    str | None, typer.Option("--channel", "-c", help=N_("Kun denne kanal, fx TLFIND"))
]
TestOption = Annotated[
    bool, typer.Option("--include-test", help=N_("Medtag registreringer fra testtilstand"))
]
EncodingOption = Annotated[
    str | None,
    typer.Option(
        "--encoding",
        help=N_("cp1252 (standard, Excel) eller utf-8-sig (til tegn uden for Windows-1252)"),
    ),
]
JsonOption = Annotated[bool, typer.Option("--json", help=N_("Skriv resultatet som JSON"))]


@friendly
def export_cmd(
    format_: FormatOption,
    out: OutOption,
    from_: FromOption = None,
    to: ToOption = None,
    unit: UnitOption = None,
    channel: ChannelOption = None,
    include_test: TestOption = False,
    encoding: EncodingOption = None,
    as_json: JsonOption = False,
    no_exclusions: NoExclusionsOption = False,
) -> None:
    fmt, codec = _format_and_encoding(format_, encoding)
    where = ExportFilter(
        start=_day(from_, "--from"),
        end=_day(to, "--to"),
        unit=unit,
        channel=channel.strip().upper() if channel else None,
        include_test=include_test,
    )
    if where.start and where.end and where.start > where.end:
        fail(_("--from ligger efter --to"))
    with open_desk() as desk, _progress(_("Eksporterer"), in_bytes=False, quiet=as_json) as bar:
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
            encoding=codec,
            progress=bar,
            task_title=desk.task_title,
        )
    if as_json:
        print_json({**result.as_dict(), "excluded": excluded})
    else:
        _say_exported(result, out, fmt, excluded, len(where.exclusions))


def _format_and_encoding(format_: str, encoding: str | None) -> tuple[str, str | None]:
    """The format and the encoding asked for, each refused with the known ones when unknown."""
    fmt = format_.strip().lower()
    if fmt not in FORMATS:
        fail(
            _("--format {value}: brug {known}").format(
                value=repr(format_), known=", ".join(FORMATS)
            )
        )
    if encoding is not None and encoding.lower() not in TEXT_ENCODINGS:
        fail(
            _("--encoding {value}: brug {known}").format(
                value=repr(encoding), known=either(list(TEXT_ENCODINGS))
            )
        )
    return fmt, encoding.lower() if encoding else None


def _say_exported(result: ExportResult, out: Path, fmt: str, excluded: int, rules: int) -> None:
    what = _("{n} rækker").format(n=_n(result.rows))
    if result.registrations != result.rows:
        what += " " + _("({n} registreringer)").format(n=_n(result.registrations))
    codec = f", {_(ENCODINGS.get(result.encoding, result.encoding))}" if result.encoding else ""
    console.print(
        _("Eksporteret {what} til {file} ({format}).").format(
            what=what, file=out, format=f"{fmt}{codec}"
        ),
        highlight=False,
        soft_wrap=True,
        markup=False,
    )
    if excluded:
        console.print(
            _(
                "{n} registreringer er udeladt efter {rules} udeladelsesregler "
                "(tracetool exclude list); --no-exclusions tager dem med."
            ).format(n=_n(excluded), rules=rules),
            highlight=False,
            soft_wrap=True,
            markup=False,
        )
    if result.rows == 0:
        err_console.print(
            _(
                "[yellow]Ingen registreringer passede til udvalget[/] "
                "(testregistreringer kommer kun med med --include-test)."
            ),
            highlight=False,
            soft_wrap=True,
        )


def _report(summary: ImportSummary) -> None:
    verb = _("Ville importere") if summary.dry_run and summary.ok else _("Importeret")
    parts = [
        f"{verb}: {_n(summary.imported)}",
        _("fandtes allerede: {n}").format(n=_n(summary.already_present)),
        _("afvist: {n}").format(n=_n(summary.rejected)),
    ]
    if summary.skipped:
        parts.append(_("sprunget over: {n}").format(n=_n(summary.skipped)))
    parts.append(_("advarsler: {n}").format(n=_n(sum(w.count for w in summary.warnings))))
    layout = _(LAYOUTS[summary.layout]) if summary.layout in LAYOUTS else summary.layout
    delimiter = f"'{summary.delimiter}', " if summary.delimiter else ""
    rows = _("{n} rækker").format(n=_n(summary.rows))
    console.print(
        f"{summary.path}: {layout}, {summary.encoding}, {delimiter}{rows}.",
        highlight=False,
        soft_wrap=True,
        markup=False,
    )
    console.print(" · ".join(parts), highlight=False, soft_wrap=True)
    for warning in summary.warnings:
        err_console.print(
            "[yellow]" + _("advarsel:") + f"[/] {escape(str(warning))}",
            highlight=False,
            soft_wrap=True,
        )
    for problem in summary.problems[:SHOWN_PROBLEMS]:
        err_console.print(f"  {problem}", highlight=False, markup=False, soft_wrap=True)
    hidden = summary.problems_total - min(len(summary.problems), SHOWN_PROBLEMS)
    if hidden > 0:
        more = _("… og {n} problemer mere").format(n=_n(hidden))
        err_console.print(f"  {more}", highlight=False, soft_wrap=True)
    _report_repeats(summary)
    if summary.rejected and summary.rejects_path:
        err_console.print(
            _("De afviste rækker står med deres fejl i {file}.").format(file=summary.rejects_path),
            highlight=False,
            soft_wrap=True,
            markup=False,
        )


def _report_repeats(summary: ImportSummary) -> None:
    if not summary.repeats:
        return
    stored = _("; de er gemt (--allow-repeat)") if summary.committed else ""
    err_console.print(
        _(
            "[yellow]{n} rækker ligner registreringer, der allerede findes[/] "
            "(samme enhed, opgave, kanal, type, afslutning og blanket i samme minut, fx gemt igen "
            "fra Excel uden sekunder eller en upload-eksport læst ind igen){stored}:"
        ).format(n=_n(summary.repeats), stored=escape(stored)),
        highlight=False,
        soft_wrap=True,
    )
    for repeat in summary.repeat_examples:
        err_console.print(
            f"  {summary.path}, {repeat}", highlight=False, markup=False, soft_wrap=True
        )
    hidden = summary.repeats - len(summary.repeat_examples)
    if hidden > 0:
        more = _("… og {n} mere").format(n=_n(hidden))
        err_console.print(f"  {more}", highlight=False, soft_wrap=True)


@friendly
def import_cmd(
    file: Annotated[
        Path | None,
        typer.Argument(
            help=N_("Filen: råudtræk (dl), upload-skabelon, xlsx, ndjson eller anden CSV")
        ),
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help=N_("Kontrollér og tæl, men gem intet"))
    ] = False,
    skip_invalid: Annotated[
        Path | None,
        typer.Option(
            "--skip-invalid",
            help=N_("Importér de gyldige rækker og skriv de afviste med fejl til denne fil"),
            metavar=N_("AFVISTE.csv"),
        ),
    ] = None,
    map_: Annotated[
        Path | None,
        typer.Option("--map", help=N_("Kort til andre systemers CSV-filer (se --map-example)")),
    ] = None,
    map_example: Annotated[
        bool, typer.Option("--map-example", help=N_("Vis et kommenteret eksempel på et kort"))
    ] = False,
    allow_repeat: Annotated[
        bool,
        typer.Option(
            "--allow-repeat",
            help=N_("Importér også rækker, der ligner registreringer, som allerede findes"),
        ),
    ] = False,
    as_json: Annotated[
        bool, typer.Option("--json", help=N_("Skriv opsummeringen som JSON"))
    ] = False,
) -> None:
    if map_example:
        sys.stdout.write(MAP_EXAMPLE)
        return
    if file is None:
        fail(_("angiv filen, der skal importeres, fx `tracetool import udtraek.csv`"))
    try:
        mapping = load_map(map_) if map_ is not None else None
    except ValidationError as exc:
        say_error(_("kortet {where}").format(where=escape(exc.context)))
        for problem in exc.problems:
            err_console.print(f"  {problem}", highlight=False, markup=False, soft_wrap=True)
        raise typer.Exit(1) from None
    with open_desk() as desk, _progress(_("Importerer"), in_bytes=True, quiet=as_json) as bar:
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
            _(
                "intet er importeret: {n} rækker har fejl. Ret dem, eller brug "
                "--skip-invalid AFVISTE.csv for at importere resten"
            ).format(n=_n(summary.rejected))
        )
    if not summary.ok:
        fail(
            _(
                "intet er importeret: filen gentager registreringer, der allerede findes. Er det "
                "virkelig nye henvendelser, så importér med --allow-repeat"
            )
        )
    if dry_run:
        console.print(_("Prøvekørsel (--dry-run): intet er gemt."), highlight=False, soft_wrap=True)


def register(app: typer.Typer) -> None:
    app.command(
        "export",
        help=EXPORT_HELP,
        short_help=N_("Eksportér til dl, upload, xlsx eller ndjson."),
    )(export_cmd)
    app.command(
        "import",
        help=IMPORT_HELP,
        short_help=N_("Importér fra råudtræk, upload-skabelon eller --map."),
    )(import_cmd)
