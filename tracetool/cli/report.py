"""report: counts and shares for management, in the terminal, as HTML or as JSON."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from tracetool.analysis.report import DIMENSIONS, Labels, ReportFilter, build_report, report_json
from tracetool.analysis.report_html import render_html
from tracetool.cli._common import console, fail, friendly, open_desk, print_json
from tracetool.cli.report_terminal import terminal
from tracetool.cli.totals import parse_day_option
from tracetool.desk.desk import Desk


def _known_unit(desk: Desk, unit: str) -> None:
    """A unit of the plan, or one that data names (imports may hold units outside the plan)."""
    if desk.plan is not None and desk.plan.unit(unit) is not None:
        return
    for table in ("registration", "total"):
        if desk.db.execute(f"SELECT 1 FROM {table} WHERE unit = ? LIMIT 1", [unit]).fetchone():
            return
    known = ", ".join(u.login for u in desk.plan.units) if desk.plan else ""
    fail(f"ukendt enhed {unit!r}" + (f"; planen har: {known}" if known else ""))


@friendly
def report(
    from_: Annotated[
        str | None, typer.Option("--from", help="Første dag (dansk tid), fx 21-10-2013")
    ] = None,
    to: Annotated[str | None, typer.Option("--to", help="Sidste dag (med), fx 27-10-2013")] = None,
    unit: Annotated[str | None, typer.Option("--unit", "-u", help="Kun denne enhed")] = None,
    include_test: Annotated[
        bool, typer.Option("--include-test", help="Medtag registreringer i testtilstand")
    ] = False,
    by: Annotated[
        str | None,
        typer.Option(
            "--by", help="Vis kun én fordeling: channel, type, task, unit, hour, day eller week"
        ),
    ] = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="Hele rapporten som ét JSON-objekt")
    ] = False,
    html: Annotated[
        Path | None,
        typer.Option("--html", metavar="FIL", help="Gem rapporten som én HTML-fil med diagrammer"),
    ] = None,
    lang: Annotated[str, typer.Option("--lang", help="Sprog: da eller en")] = "da",
) -> None:
    """Rapport over henvendelserne: i terminalen, som HTML (--html) eller JSON (--json).

    Fordelinger og andele, krydstabeller, registreringstid og dækning mod totaltal.
    """
    if by is not None and by not in DIMENSIONS:
        fail(f"--by: ukendt fordeling {by!r}; brug en af {', '.join(DIMENSIONS)}")
    if lang not in ("da", "en"):
        fail(f"--lang: ukendt sprog {lang!r}; brug da eller en")
    start = parse_day_option(from_, "--from") if from_ else None
    end = parse_day_option(to, "--to") if to else None
    if start and end and start > end:
        fail(f"--from {from_} ligger efter --to {to}")
    with open_desk() as desk:
        if unit is not None:
            _known_unit(desk, unit)
        flt = ReportFilter(start=start, end=end, unit=unit, include_test=include_test)
        result = build_report(desk.db, flt, codebook=desk.codebook)
        plan = desk.plan
        labels = Labels(
            desk.codebook,
            lang,
            task_title=lambda k: desk.task_title(k, lang),
            unit_name=lambda u: found.name if plan and (found := plan.unit(u)) else u,
        )
        municipality = f"{plan.municipality_name} ({plan.municipality})" if plan else None
        unit_name = labels.unit(unit) if unit else None
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
