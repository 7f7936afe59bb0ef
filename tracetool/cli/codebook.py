"""codebook import-kle, search and show: the KLE catalogue and Kodebogen from the command line."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer
from rich.markdown import Markdown
from rich.markup import escape
from rich.table import Table
from sqlite_utils import Database

from tracetool.cli._common import console, err_console, fail, friendly, print_json
from tracetool.codes.codebook import load_codebook
from tracetool.codes.document import LANGS, render_markdown
from tracetool.codes.kle import read_catalogue
from tracetool.errors import ValidationError
from tracetool.formats.task_list import read_task_list
from tracetool.store import kle as kle_store
from tracetool.store import local_tasks
from tracetool.store.db import open_database
from tracetool.store.kle_shipped import ensure_catalogue

app = typer.Typer(
    help="Kodebogen og KLE-emnerne: indlæs KLE og kommunens opgavenavne, søg, vis kodebogen.",
    no_args_is_help=True,
)

_LEVELS = {"hovedgruppe": "hovedgruppe", "gruppe": "gruppe", "emne": "emne"}


@contextmanager
def _database() -> Iterator[Database]:
    # The store alone, not a Desk: importing KLE must work before any count plan exists.
    db = open_database()
    try:
        yield db
    finally:
        db.close()


@app.command("import-kle")
@friendly
def import_kle(
    file: Annotated[Path, typer.Argument(help="KLE-XML-emneplan eller OS2KLE-tekstfil")],
    force: Annotated[
        bool, typer.Option("--force", help="Indlæs også en ældre udgave end den indlæste")
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Resultatet som JSON")] = False,
) -> None:
    """Indlæs KL's emnesystematik (KLE) i den lokale database."""
    if not file.is_file():
        fail(f"{file}: filen findes ikke")
    catalogue = read_catalogue(file)
    with _database() as db:
        try:
            kle_store.check_edition(db, catalogue.edition, force=force)
            # On stderr, so that --json output stays one clean document; and only once the
            # file is read and accepted, so that a refused file gives one line: the error.
            err_console.print(
                f"Indlæser {len(catalogue.subjects)} KLE-emner fra {catalogue.edition} …",
                highlight=False,
                soft_wrap=True,
            )
            summary = kle_store.import_catalogue(db, catalogue, force=force)
        except kle_store.EditionError as exc:
            fail(f"{file}: {exc}; brug --force for at indlæse den alligevel")
    if as_json:
        print_json(summary.as_dict())
        return
    before = f" (før: {summary.previous_edition})" if summary.previous_edition else ""
    forced = " [bold]med --force[/]" if summary.forced else ""
    console.print(f"KLE indlæst: [bold]{summary.edition}[/]{before}{forced}", highlight=False)
    table = Table(show_header=False, box=None, padding=(0, 2))
    table.add_column(justify="left")
    table.add_column(justify="right")
    table.add_row("Emner i filen", str(summary.subjects))
    table.add_row("Nye", str(summary.new))
    table.add_row("Ændrede", str(summary.updated))
    table.add_row("Udgået nu", str(summary.expired))
    table.add_row("Uændrede", str(summary.unchanged))
    table.add_row("Aktive i alt", str(summary.total_active))
    table.add_row("Udgåede i alt (gyldige i gamle data)", str(summary.total_inactive))
    console.print(table)


@app.command("import-tasks")
@friendly
def import_tasks(
    file: Annotated[
        Path, typer.Argument(help="Kommunens opgaveliste: opgave;opgavenavn pr. linje")
    ],
    as_json: Annotated[bool, typer.Option("--json", help="Resultatet som JSON")] = False,
) -> None:
    """Indlæs kommunens egne navne på opgaver (fx lokale koder) fra en opgave;opgavenavn-fil."""
    try:
        names = read_task_list(file)
    except ValidationError as exc:
        err_console.print(
            f"[bold red]fejl:[/] {escape(exc.context)}: {len(exc.problems)} linjer kan ikke "
            "læses; intet er indlæst",
            highlight=False,
            soft_wrap=True,
        )
        for problem in exc.problems:
            err_console.print(
                f"  {exc.context}, {problem}", highlight=False, markup=False, soft_wrap=True
            )
        raise typer.Exit(1) from None
    catalogue = load_codebook()
    with _database() as db:
        saved = local_tasks.save(db, names, file.name)
    outside = [code for code in names if catalogue.task(code) is None]
    if as_json:
        print_json({"tasks": len(names), "outside_catalogue": len(outside), **saved.as_dict()})
        return
    console.print(
        f"{file}: {len(names)} opgaver indlæst ({saved.new} nye, {saved.changed} omdøbte, "
        f"{saved.unchanged} uændrede); {len(outside)} af dem er ikke i opgavekataloget og "
        "vises nu med kommunens navn.",
        highlight=False,
        soft_wrap=True,
        markup=False,
    )


def _why(hit: kle_store.SubjectHit) -> str:
    if hit.kind == "number":
        return "nummer"
    if hit.kind == "number-prefix":
        return "nummerets start"
    if hit.kind == "title":
        return "titel"
    if hit.kind == "keyword":
        weight = f" (vægt {hit.weight})" if hit.weight is not None else ""
        return f"nøgleord «{hit.matched}»{weight}"
    return f"ord i {hit.matched}"


@app.command("search")
@friendly
def search(
    text: Annotated[list[str], typer.Argument(help="Nummer, titel eller nøgleord")],
    limit: Annotated[int, typer.Option("--limit", "-n", min=1, help="Højst så mange")] = 20,
    include_inactive: Annotated[bool, typer.Option("--all", help="Medtag udgåede emner")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Resultatet som JSON")] = False,
) -> None:
    """Find KLE-emner efter nummer, titel og nøgleord, bedste først."""
    query = " ".join(text).strip()
    if not query:
        fail("skriv et nummer, en titel eller et nøgleord at søge efter")
    with _database() as db:
        ensure_catalogue(db)  # the shipped edition, until import-kle brings another
        hits = kle_store.search(db, query, limit=limit, include_inactive=include_inactive)
    if as_json:
        print_json([h.as_dict() for h in hits])
        return
    if not hits:
        console.print(f"Ingen KLE-emner passer på «{query}».", highlight=False)
        return
    table = Table(title=f"KLE-emner for «{query}»")
    table.add_column("Nr", no_wrap=True)
    table.add_column("Titel")
    table.add_column("Niveau")
    table.add_column("Fundet i")
    for h in hits:
        title = h.title if h.active else f"{h.title} [dim](udgået)[/]"
        table.add_row(h.nr, title, _LEVELS.get(h.level, h.level), _why(h))
    console.print(table)


@app.command("show")
@friendly
def show(
    markdown: Annotated[
        bool, typer.Option("--markdown", help="Som Markdown (sådan laves codebook/README.md)")
    ] = False,
    lang: Annotated[str, typer.Option("--lang", help="Sprog først: da eller en")] = "da",
) -> None:
    """Vis hele kodebogen: filformater, koder, parametre og opgavekataloget."""
    if lang not in LANGS:
        fail(f"--lang {lang!r}: brug da eller en")
    text = render_markdown(load_codebook(), lang=lang)
    if markdown:
        # Raw UTF-8 bytes with \n line ends on every platform, so that `> codebook/README.md`
        # gives exactly the committed file even where the console code page is Windows-1252.
        sys.stdout.flush()
        sys.stdout.buffer.write(text.encode("utf-8"))
        sys.stdout.buffer.flush()
        return
    console.print(Markdown(text))
