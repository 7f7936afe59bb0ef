"""report: counts and shares for management, in the terminal, as HTML or as JSON."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from tracetool.analysis.pivot import PIVOT_DIMENSIONS, build_pivot, parse_pivot
from tracetool.analysis.report import DIMENSIONS, Labels, build_report, report_json
from tracetool.analysis.report_html import render_html
from tracetool.cli._common import console, fail, friendly, open_desk, print_json
from tracetool.cli.report_options import (
    ChannelsOption,
    FromOption,
    GroupsOption,
    NoExclusionsOption,
    SourcesOption,
    ToOption,
    TypesOption,
    UnitsOption,
    build_filter,
    period,
)
from tracetool.cli.report_terminal import terminal


@friendly
def report(
    from_: FromOption = None,
    to: ToOption = None,
    unit: UnitsOption = None,
    group: GroupsOption = None,
    channel: ChannelsOption = None,
    type_: TypesOption = None,
    source: SourcesOption = None,
    include_test: Annotated[
        bool, typer.Option("--include-test", help="Medtag registreringer i testtilstand")
    ] = False,
    no_exclusions: NoExclusionsOption = False,
    by: Annotated[
        str | None,
        typer.Option("--by", help="Vis kun én fordeling: " + ", ".join(DIMENSIONS)),
    ] = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="Hele rapporten som ét JSON-objekt")
    ] = False,
    html: Annotated[
        Path | None,
        typer.Option("--html", metavar="FIL", help="Gem rapporten som én HTML-fil med diagrammer"),
    ] = None,
    lang: Annotated[str, typer.Option("--lang", help="Sprog: da eller en")] = "da",
    pivot: Annotated[
        str | None,
        typer.Option(
            "--pivot",
            metavar="RÆKKER,KOLONNER",
            help="Krydstabel over to af: " + ", ".join(PIVOT_DIMENSIONS) + " (answer:NØGLE)",
        ),
    ] = None,
) -> None:
    """Rapport over henvendelserne: i terminalen, som HTML (--html) eller JSON (--json).

    Fordelinger og andele, krydstabeller, registreringstid og dækning mod totaltal.
    """
    if by is not None and by not in DIMENSIONS:
        fail(f"--by: ukendt fordeling {by!r}; brug en af {', '.join(DIMENSIONS)}")
    if lang not in ("da", "en"):
        fail(f"--lang: ukendt sprog {lang!r}; brug da eller en")
    span = period(from_, to)
    with open_desk() as desk:
        plan = desk.plan
        if by == "group" and not (plan and plan.groups):
            fail(r"--by group: planen har ingen \[groups]; tilføj afdelinger i planfilen")
        flt = build_filter(
            desk,
            span,
            units=unit or (),
            groups=group or (),
            channels=channel or (),
            types=type_ or (),
            sources=source or (),
            include_test=include_test,
            exclusions=not no_exclusions,
        )
        groups = plan.group_map() if plan else None
        result = build_report(desk.db, flt, codebook=desk.codebook, groups=groups)
        if pivot is not None:
            rows, columns = parse_pivot(pivot)
            if "group" in (rows, columns) and not groups:
                fail(r"--pivot group: planen har ingen \[groups]; tilføj afdelinger i planfilen")
            result.pivot = build_pivot(desk.db, flt, rows, columns, groups)
        labels = Labels(
            desk.codebook,
            lang,
            task_title=lambda k: desk.task_title(k, lang),
            unit_name=lambda u: found.name if plan and (found := plan.unit(u)) else u,
            questions={q.key: q.text for q in plan.questions} if plan else None,
        )
        municipality = f"{plan.municipality_name} ({plan.municipality})" if plan else None
        unit_name = labels.selection(flt) or None
        if html is not None:
            page = render_html(result, labels, municipality=municipality, unit_name=unit_name)
            try:
                html.write_text(page, encoding="utf-8")
            except OSError as exc:
                fail(f"--html {html}: filen kan ikke gemmes: {exc.strerror}")
        if as_json:
            print_json(report_json(result))
            return
        if html is not None:
            # The file is the product here; the terminal only confirms where it went.
            saved = "Rapporten er gemt i" if lang == "da" else "The report is saved in"
            count = f"{labels.num(result.total)} {labels.t('inquiries')}"
            console.print(f"{saved} {html} ({count}).", highlight=False, soft_wrap=True)
            return
        heading = " · ".join(
            p
            for p in (
                labels.t("title") + (f" – {municipality}" if municipality else ""),
                labels.period(flt),
                unit_name or labels.t("all_units"),
            )
            if p
        )
        console.print(terminal(result, labels, heading, by))
