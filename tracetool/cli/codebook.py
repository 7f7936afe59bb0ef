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

from tracetool.cli._common import console, err_console, fail, friendly, print_json, say_error
from tracetool.codes.codebook import load_codebook
from tracetool.codes.document import LANGS, render_markdown
from tracetool.codes.kle import read_catalogue
from tracetool.errors import ValidationError
from tracetool.formats.task_list import read_task_list
from tracetool.locale import N_, translator
from tracetool.store import kle as kle_store
from tracetool.store import local_tasks
from tracetool.store.db import open_database
from tracetool.store.kle_shipped import ensure_catalogue

_ = translator("cli")

app = typer.Typer(
    help=N_("Kodebogen og KLE-emnerne: indlæs KLE og kommunens opgavenavne, søg, vis kodebogen."),
    no_args_is_help=True,
)

# KLE's levels as the catalogue names them, shown in the language spoken.
_LEVELS = {"hovedgruppe": N_("hovedgruppe"), "gruppe": N_("gruppe"), "emne": N_("emne")}


@contextmanager
def _database() -> Iterator[Database]:
    # The store alone, not a Desk: importing KLE must work before any count plan exists.
    db = open_database()
    try:
        yield db
    finally:
        db.close()


JsonOption = Annotated[bool, typer.Option("--json", help=N_("Resultatet som JSON"))]


@app.command("import-kle", help=N_("Indlæs KL's emnesystematik (KLE) i den lokale database."))
@friendly
def import_kle(
    file: Annotated[Path, typer.Argument(help=N_("KLE-XML-emneplan eller OS2KLE-tekstfil"))],
    force: Annotated[
        bool, typer.Option("--force", help=N_("Indlæs også en ældre udgave end den indlæste"))
    ] = False,
    as_json: JsonOption = False,
) -> None:
    if not file.is_file():
        fail(_("{file}: filen findes ikke").format(file=file))
    catalogue = read_catalogue(file)
    with _database() as db:
        try:
            kle_store.check_edition(db, catalogue.edition, force=force)
            # On stderr, so that --json output stays one clean document; and only once the
            # file is read and accepted, so that a refused file gives one line: the error.
            err_console.print(
                _("Indlæser {n} KLE-emner fra {edition} …").format(
                    n=len(catalogue.subjects), edition=catalogue.edition
                ),
                highlight=False,
                soft_wrap=True,
            )
            summary = kle_store.import_catalogue(db, catalogue, force=force)
        except kle_store.EditionError as exc:
            fail(
                _("{file}: {error}; brug --force for at indlæse den alligevel").format(
                    file=file, error=exc
                )
            )
    if as_json:
        print_json(summary.as_dict())
        return
    before = (
        " " + _("(før: {edition})").format(edition=summary.previous_edition)
        if summary.previous_edition
        else ""
    )
    forced = " [bold]" + _("med --force") + "[/]" if summary.forced else ""
    loaded = _("KLE indlæst: {edition}").format(edition=f"[bold]{summary.edition}[/]")
    console.print(f"{loaded}{before}{forced}", highlight=False)
    table = Table(show_header=False, box=None, padding=(0, 2))
    table.add_column(justify="left")
    table.add_column(justify="right")
    table.add_row(_("Emner i filen"), str(summary.subjects))
    table.add_row(_("Nye"), str(summary.new))
    table.add_row(_("Ændrede"), str(summary.updated))
    table.add_row(_("Udgået nu"), str(summary.expired))
    table.add_row(_("Uændrede"), str(summary.unchanged))
    table.add_row(_("Aktive i alt"), str(summary.total_active))
    table.add_row(_("Udgåede i alt (gyldige i gamle data)"), str(summary.total_inactive))
    console.print(table)


@app.command(
    "import-tasks",
    help=N_(
        "Indlæs kommunens egne navne på opgaver (fx lokale koder) fra en opgave;opgavenavn-fil."
    ),
)
@friendly
def import_tasks(
    file: Annotated[
        Path, typer.Argument(help=N_("Kommunens opgaveliste: opgave;opgavenavn pr. linje"))
    ],
    as_json: JsonOption = False,
) -> None:
    try:
        names = read_task_list(file)
    except ValidationError as exc:
        say_error(
            _("{file}: {n} linjer kan ikke læses; intet er indlæst").format(
                file=escape(exc.context), n=len(exc.problems)
            )
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
        _(
            "{file}: {n} opgaver indlæst ({new} nye, {changed} omdøbte, {unchanged} uændrede); "
            "{outside} af dem er ikke i opgavekataloget og vises nu med kommunens navn."
        ).format(
            file=file,
            n=len(names),
            new=saved.new,
            changed=saved.changed,
            unchanged=saved.unchanged,
            outside=len(outside),
        ),
        highlight=False,
        soft_wrap=True,
        markup=False,
    )


def _why(hit: kle_store.SubjectHit) -> str:
    if hit.kind == "number":
        return _("nummer")
    if hit.kind == "number-prefix":
        return _("nummerets start")
    if hit.kind == "title":
        return _("titel")
    if hit.kind == "keyword":
        weight = (
            " " + _("(vægt {weight})").format(weight=hit.weight) if hit.weight is not None else ""
        )
        return _("nøgleord «{word}»").format(word=hit.matched) + weight
    return _("ord i {where}").format(where=hit.matched)


@app.command("search", help=N_("Find KLE-emner efter nummer, titel og nøgleord, bedste først."))
@friendly
def search(
    text: Annotated[list[str], typer.Argument(help=N_("Nummer, titel eller nøgleord"))],
    limit: Annotated[int, typer.Option("--limit", "-n", min=1, help=N_("Højst så mange"))] = 20,
    include_inactive: Annotated[
        bool, typer.Option("--all", help=N_("Medtag udgåede emner"))
    ] = False,
    as_json: JsonOption = False,
) -> None:
    query = " ".join(text).strip()
    if not query:
        fail(_("skriv et nummer, en titel eller et nøgleord at søge efter"))
    with _database() as db:
        ensure_catalogue(db)  # the shipped edition, until import-kle brings another
        hits = kle_store.search(db, query, limit=limit, include_inactive=include_inactive)
    if as_json:
        print_json([h.as_dict() for h in hits])
        return
    if not hits:
        console.print(
            _("Ingen KLE-emner passer på «{query}».").format(query=query), highlight=False
        )
        return
    table = Table(title=_("KLE-emner for «{query}»").format(query=query))
    table.add_column(_("Nr"), no_wrap=True)
    table.add_column(_("Titel"))
    table.add_column(_("Niveau"))
    table.add_column(_("Fundet i"))
    gone = _("(udgået)")
    for h in hits:
        title = h.title if h.active else f"{h.title} [dim]{gone}[/]"
        level = _(_LEVELS[h.level]) if h.level in _LEVELS else h.level
        table.add_row(h.nr, title, level, _why(h))
    console.print(table)


@app.command(
    "show", help=N_("Vis hele kodebogen: filformater, koder, parametre og opgavekataloget.")
)
@friendly
def show(
    markdown: Annotated[
        bool, typer.Option("--markdown", help=N_("Som Markdown (sådan laves codebook/README.md)"))
    ] = False,
    lang: Annotated[str, typer.Option("--lang", help=N_("Sprog først: da eller en"))] = "da",
) -> None:
    if lang not in LANGS:
        fail(_("--lang {value}: brug da eller en").format(value=repr(lang)))
    text = render_markdown(load_codebook(), lang=lang)
    if markdown:
        # Raw UTF-8 bytes with \n line ends on every platform, so that `> codebook/README.md`
        # gives exactly the committed file even where the console code page is Windows-1252.
        sys.stdout.flush()
        sys.stdout.buffer.write(text.encode("utf-8"))
        sys.stdout.buffer.flush()
        return
    console.print(Markdown(text))
