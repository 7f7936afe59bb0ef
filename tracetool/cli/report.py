"""report: counts and shares for management, in the terminal, as HTML or as JSON."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from tracetool import locale
from tracetool.analysis.compare import compare
from tracetool.analysis.costs import channel_costs, parse_shift
from tracetool.analysis.pivot import PIVOT_DIMENSIONS, build_pivot, parse_pivot
from tracetool.analysis.report import (
    DIMENSIONS,
    Labels,
    Report,
    ReportFilter,
    build_report,
    report_json,
)
from tracetool.analysis.report_html import render_html
from tracetool.cli._common import (
    DESK_LANGUAGE,
    console,
    fail,
    filled,
    friendly,
    open_desk,
    print_json,
)
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
    named_period,
    period,
)
from tracetool.cli.report_terminal import terminal
from tracetool.desk.desk import Desk
from tracetool.locale import N_, translator

_ = translator("cli")

HELP = N_(
    "Rapport over henvendelserne: i terminalen, som HTML (--html) eller JSON (--json).\n"
    "\n"
    "Fordelinger og andele, afdelinger, krydstabeller, svar, tid pr. henvendelse, dækning mod\n"
    "totaltal, sammenligning med en tidligere periode og kanalpriser."
)
NO_GROUPS = N_(r"planen har ingen \[groups]; tilføj afdelinger i planfilen")


@dataclass(frozen=True)
class _Request:
    """What beyond the filter the report was asked for."""

    pivot: str | None
    earlier: tuple[date | None, date | None] | None
    shifts: list[str]


def _full_report(desk: Desk, flt: ReportFilter, request: _Request) -> Report:
    """The report for ``flt`` with the cross-tab, the earlier count and the costs."""
    plan = desk.plan
    groups = plan.group_map() if plan else None
    result = build_report(desk.db, flt, codebook=desk.codebook, groups=groups)
    earlier = request.earlier
    before = replace(flt, start=earlier[0], end=earlier[1]) if earlier else None
    _extras(desk, flt, result, pivot=request.pivot, before=before, shifts=request.shifts)
    return result


def _group_pages(desk: Desk, flt: ReportFilter, request: _Request) -> dict[str, Report]:
    """One report per department (those chosen by --group, or all), same filters otherwise."""
    groups = desk.plan.group_map() if desk.plan else {}
    if not groups:
        fail(f"--per-group: {_(NO_GROUPS)}")
    return {
        name: _full_report(desk, replace(flt, groups=(name,), group_units=tuple(units)), request)
        for name, units in groups.items()
        if not flt.groups or name in flt.groups
    }


def _extras(
    desk: Desk,
    flt: ReportFilter,
    result: Report,
    *,
    pivot: str | None,
    before: ReportFilter | None,
    shifts: list[str],
) -> None:
    """The cross-tab, the earlier count and the channel costs, where asked for or planned."""
    plan = desk.plan
    groups = plan.group_map() if plan else None
    if pivot is not None:
        rows, columns = parse_pivot(pivot)
        if "group" in (rows, columns) and not groups:
            fail(f"--pivot group: {_(NO_GROUPS)}")
        result.pivot = build_pivot(desk.db, flt, rows, columns, groups)
    if before is not None:
        earlier = build_report(desk.db, before, codebook=desk.codebook, groups=groups)
        result.comparison = compare(result, earlier)
    prices = plan.channel_costs if plan else {}
    if shifts and not prices:
        fail(_(r"--shift: planen har ingen \[channel_costs]; skriv kanalpriserne i planfilen"))
    if prices:
        codes = [c.code for c in desk.codebook.channels]
        chosen = dict(parse_shift(s, codes) for s in shifts)
        result.costs = channel_costs(desk.db, flt, result, prices, chosen)


def group_page_name(html: Path, group: str) -> str:
    """``rapport.html`` and "Børn og Unge" → ``rapport-boern-og-unge.html``."""
    folded = group.lower().replace("æ", "ae").replace("ø", "oe").replace("å", "aa")
    slug = re.sub(r"[^a-z0-9]+", "-", folded).strip("-") or "afdeling"  # a file name: data
    return f"{html.stem}-{slug}{html.suffix}"


def _write(path: Path, page: str) -> None:
    try:
        path.write_text(page, encoding="utf-8")
    except OSError as exc:
        fail(_("--html {file}: filen kan ikke gemmes: {why}").format(file=path, why=exc.strerror))


def _emit(
    result: Report,
    labels: Labels,
    html: Path | None,
    as_json: bool,
    by: str | None,
    pages: dict[str, Report] | None = None,
) -> None:
    plan_name = labels.municipality
    selection = labels.selection(result.filter) or None
    if html is not None:
        names = {group: group_page_name(html, group) for group in pages or {}}
        for group, page in (pages or {}).items():
            text = render_html(page, labels, municipality=plan_name, unit_name=group)
            _write(html.with_name(names[group]), text)
        main = render_html(result, labels, municipality=plan_name, unit_name=selection, pages=names)
        _write(html, main)
    if as_json:
        print_json(report_json(result))
        return
    if html is not None:
        # The file is the product here; the terminal only confirms where it went.
        saved = labels.t("saved_in")
        count = f"{labels.num(result.total)} {labels.t('inquiries')}"
        extra = " " + labels.t("group_pages_saved", n=len(pages)) if pages else ""
        console.print(f"{saved} {html}{extra} ({count}).", highlight=False, soft_wrap=True)
        return
    heading = " · ".join(
        p
        for p in (
            labels.t("title") + (f" – {plan_name}" if plan_name else ""),
            labels.period(result.filter),
            selection or labels.t("all_units"),
        )
        if p
    )
    console.print(terminal(result, labels, heading, by))


def _labels(desk: Desk, lang: str) -> Labels:
    plan = desk.plan
    labels = Labels(
        desk.codebook,
        lang,
        task_title=lambda k: desk.task_title(k, lang),
        unit_name=lambda u: found.name if plan and (found := plan.unit(u)) else u,
        questions={q.key: q.text for q in plan.questions} if plan else None,
    )
    labels.municipality = f"{plan.municipality_name} ({plan.municipality})" if plan else None
    return labels


PeriodOption = Annotated[
    str | None, typer.Option("--period", help=N_('En af planens tælleperioder, fx "Efterår 2013"'))
]
CompareFrom = Annotated[
    str | None, typer.Option("--compare-from", help=N_("Første dag i den tidligere periode"))
]
CompareTo = Annotated[
    str | None, typer.Option("--compare-to", help=N_("Sidste dag i den tidligere periode"))
]
ComparePeriod = Annotated[
    str | None, typer.Option("--compare-period", help=N_("Planens tælleperiode at sammenligne med"))
]
ShiftOption = Annotated[
    list[str] | None,
    typer.Option("--shift", metavar=N_("KANAL=PROCENT"), help=N_("Potentiale: flyt fx TLFIND=20%")),
]
# The dimensions are named in the help as codes, so they are no part of the message.
ByOption = Annotated[
    str | None,
    typer.Option(
        "--by",
        help=filled(N_("Vis kun én fordeling: {dimensions}"), dimensions=", ".join(DIMENSIONS)),
    ),
]
PivotOption = Annotated[
    str | None,
    typer.Option(
        "--pivot",
        metavar=N_("RÆKKER,KOLONNER"),
        help=filled(
            N_("Krydstabel over to af: {dimensions} (answer:NØGLE)"),
            dimensions=", ".join(PIVOT_DIMENSIONS),
        ),
    ),
]
HtmlOption = Annotated[
    Path | None,
    typer.Option(
        "--html", metavar=N_("FIL"), help=N_("Gem rapporten som én HTML-fil med diagrammer")
    ),
]
TestOption = Annotated[
    bool, typer.Option("--include-test", help=N_("Medtag registreringer i testtilstand"))
]
JsonOption = Annotated[bool, typer.Option("--json", help=N_("Hele rapporten som ét JSON-objekt"))]
LangOption = Annotated[
    str | None,
    typer.Option("--lang", help=N_("Sprog: da eller en"), show_default=DESK_LANGUAGE),
]
PerGroupOption = Annotated[
    bool,
    typer.Option(
        "--per-group", help=N_("Med --html: også én side pr. afdeling, ved siden af filen")
    ),
]


@friendly
def report(
    from_: FromOption = None,
    to: ToOption = None,
    period_name: PeriodOption = None,
    unit: UnitsOption = None,
    group: GroupsOption = None,
    channel: ChannelsOption = None,
    type_: TypesOption = None,
    source: SourcesOption = None,
    include_test: TestOption = False,
    no_exclusions: NoExclusionsOption = False,
    by: ByOption = None,
    pivot: PivotOption = None,
    compare_from: CompareFrom = None,
    compare_to: CompareTo = None,
    compare_period: ComparePeriod = None,
    shift: ShiftOption = None,
    as_json: JsonOption = False,
    html: HtmlOption = None,
    lang: LangOption = None,
    per_group: PerGroupOption = False,
) -> None:
    if by is not None and by not in DIMENSIONS:
        fail(
            _("--by: ukendt fordeling {value}; brug en af {known}").format(
                value=repr(by), known=", ".join(DIMENSIONS)
            )
        )
    lang = lang or locale.current()
    if lang not in ("da", "en"):
        fail(_("--lang: ukendt sprog {value}; brug da eller en").format(value=repr(lang)))
    with open_desk() as desk:
        plan = desk.plan
        if by == "group" and not (plan and plan.groups):
            fail(f"--by group: {NO_GROUPS}")
        span = named_period(desk, period_name, "--period", from_, to) or period(from_, to)
        earlier = named_period(
            desk, compare_period, "--compare-period", compare_from, compare_to
        ) or (
            period(compare_from, compare_to, ("--compare-from", "--compare-to"))
            if compare_from or compare_to
            else None
        )
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
        request = _Request(pivot=pivot, earlier=earlier, shifts=shift or [])
        result = _full_report(desk, flt, request)
        pages = None
        if per_group:
            if html is None:
                fail(_("--per-group: kræver --html"))
            pages = _group_pages(desk, flt, request)
        _emit(result, _labels(desk, lang), html, as_json, by, pages)
