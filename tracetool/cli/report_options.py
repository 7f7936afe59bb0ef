"""The report's filters from the command line: each checked against the plan, the codebook or
the data, and combined into one ReportFilter (any of the values given for one option, all the
options given)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Annotated

import typer

from tracetool.analysis.report import ReportFilter
from tracetool.cli._common import fail
from tracetool.cli.totals import parse_day_option
from tracetool.desk.desk import Desk
from tracetool.locale import N_, translator
from tracetool.model import Source
from tracetool.store.exclusions import ExclusionStore

_ = translator("cli")

FromOption = Annotated[
    str | None, typer.Option("--from", help=N_("Første dag (dansk tid), fx 21-10-2013"))
]
ToOption = Annotated[str | None, typer.Option("--to", help=N_("Sidste dag (med), fx 27-10-2013"))]
UnitsOption = Annotated[
    list[str] | None,
    typer.Option("--unit", "-u", help=N_("Kun disse enheder (kan gentages: en af dem)")),
]
GroupsOption = Annotated[
    list[str] | None,
    typer.Option(
        "--group", "-g", help=N_("Kun disse afdelinger (planens groups-tabel; kan gentages)")
    ),
]
ChannelsOption = Annotated[
    list[str] | None, typer.Option("--channel", help=N_("Kun disse kanaler (kan gentages)"))
]
TypesOption = Annotated[
    list[str] | None,
    typer.Option("--type", help=N_("Kun disse henvendelsestyper (kan gentages)")),
]
NoExclusionsOption = Annotated[
    bool,
    typer.Option("--no-exclusions", help=N_("Se bort fra udeladelsesreglerne (tracetool exclude)")),
]
SourcesOption = Annotated[
    list[str] | None,
    typer.Option(
        "--source", help=N_("Kun registreringer fra: app, cli, paper, import, mass, demo")
    ),
]


def known_unit(desk: Desk, unit: str) -> None:
    """A unit of the plan or its groups, or one that data names (imports may hold units
    outside the plan)."""
    plan = desk.plan
    if plan is not None and (
        plan.unit(unit) is not None or any(unit in g.units for g in plan.groups)
    ):
        return
    for table in ("registration", "total"):
        if desk.db.execute(f"SELECT 1 FROM {table} WHERE unit = ? LIMIT 1", [unit]).fetchone():
            return
    known = ", ".join(u.login for u in plan.units) if plan else ""
    if known:
        fail(
            _("--unit: ukendt enhed {unit}; planen har: {known}").format(
                unit=repr(unit), known=known
            )
        )
    fail(_("--unit: ukendt enhed {unit}").format(unit=repr(unit)))


def known_codes(values: Sequence[str], known: Sequence[str], option: str) -> tuple[str, ...]:
    for value in values:
        if value not in known:
            fail(
                _("{option}: ukendt kode {value}; brug en af {known}").format(
                    option=option, value=repr(value), known=", ".join(known)
                )
            )
    return tuple(dict.fromkeys(values))


def period(
    from_: str | None, to: str | None, names: tuple[str, str] = ("--from", "--to")
) -> tuple[date | None, date | None]:
    start = parse_day_option(from_, names[0]) if from_ else None
    end = parse_day_option(to, names[1]) if to else None
    if start and end and start > end:
        fail(
            _("{first} {start} ligger efter {last} {end}").format(
                first=names[0], start=from_, last=names[1], end=to
            )
        )
    return start, end


def named_period(
    desk: Desk, name: str | None, option: str, from_: str | None, to: str | None
) -> tuple[date | None, date | None] | None:
    """The days of the plan's count period ``name`` (None when no name is given)."""
    if name is None:
        return None
    if from_ or to:
        fail(
            _("{option} og datoer udelukker hinanden; brug enten {option} eller datoerne").format(
                option=option
            )
        )
    plan = desk.plan
    found = plan.period(name) if plan else None
    if found is None:
        names = ", ".join(repr(p.name) for p in plan.periods) if plan else ""
        if names:
            fail(
                _("{option}: ukendt tælleperiode {name}; planen har: {known}").format(
                    option=option, name=repr(name), known=names
                )
            )
        fail(_("{option}: ukendt tælleperiode {name}").format(option=option, name=repr(name)))
    return found.start, found.end


def build_filter(
    desk: Desk,
    span: tuple[date | None, date | None],
    *,
    units: Sequence[str] = (),
    groups: Sequence[str] = (),
    channels: Sequence[str] = (),
    types: Sequence[str] = (),
    sources: Sequence[str] = (),
    include_test: bool = False,
    exclusions: bool = True,
) -> ReportFilter:
    """The filter the options ask for; an unknown value fails with what is known."""
    for unit in units:
        if unit:  # "" asks for the rows without a unit
            known_unit(desk, unit)
    plan = desk.plan
    group_units: list[str] = []
    for name in groups:
        found = plan.group(name) if plan else None
        if found is None:
            names = ", ".join(g.name for g in plan.groups) if plan else ""
            fail(
                _("--group: ukendt afdeling {name}; planen har: {known}").format(
                    name=repr(name), known=names
                )
                if names
                else _(r"--group: ukendt afdeling {name}; planen har ingen \[groups]").format(
                    name=repr(name)
                )
            )
        group_units += found.units
    book = desk.codebook
    return ReportFilter(
        start=span[0],
        end=span[1],
        include_test=include_test,
        units=tuple(dict.fromkeys(units)),
        groups=tuple(dict.fromkeys(groups)),
        group_units=tuple(dict.fromkeys(group_units)),
        channels=known_codes(channels, [c.code for c in book.channels], "--channel"),
        types=known_codes(types, [t.code for t in book.types], "--type"),
        sources=known_codes(sources, [s.value for s in Source], "--source"),
        exclusions=tuple(ExclusionStore(desk.db).all()) if exclusions else (),
    )
