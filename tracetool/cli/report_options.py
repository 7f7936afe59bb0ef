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
from tracetool.model import Source
from tracetool.store.exclusions import ExclusionStore

FromOption = Annotated[
    str | None, typer.Option("--from", help="Første dag (dansk tid), fx 21-10-2013")
]
ToOption = Annotated[str | None, typer.Option("--to", help="Sidste dag (med), fx 27-10-2013")]
UnitsOption = Annotated[
    list[str] | None,
    typer.Option("--unit", "-u", help="Kun disse enheder (kan gentages: en af dem)"),
]
GroupsOption = Annotated[
    list[str] | None,
    typer.Option("--group", "-g", help="Kun disse afdelinger fra planens [groups] (kan gentages)"),
]
ChannelsOption = Annotated[
    list[str] | None, typer.Option("--channel", help="Kun disse kanaler (kan gentages)")
]
TypesOption = Annotated[
    list[str] | None, typer.Option("--type", help="Kun disse henvendelsestyper (kan gentages)")
]
NoExclusionsOption = Annotated[
    bool,
    typer.Option("--no-exclusions", help="Se bort fra udeladelsesreglerne (tracetool exclude)"),
]
SourcesOption = Annotated[
    list[str] | None,
    typer.Option("--source", help="Kun registreringer fra: app, cli, paper, import, mass, demo"),
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
    fail(f"--unit: ukendt enhed {unit!r}" + (f"; planen har: {known}" if known else ""))


def known_codes(values: Sequence[str], known: Sequence[str], option: str) -> tuple[str, ...]:
    for value in values:
        if value not in known:
            fail(f"{option}: ukendt kode {value!r}; brug en af {', '.join(known)}")
    return tuple(dict.fromkeys(values))


def period(
    from_: str | None, to: str | None, names: tuple[str, str] = ("--from", "--to")
) -> tuple[date | None, date | None]:
    start = parse_day_option(from_, names[0]) if from_ else None
    end = parse_day_option(to, names[1]) if to else None
    if start and end and start > end:
        fail(f"{names[0]} {from_} ligger efter {names[1]} {to}")
    return start, end


def named_period(
    desk: Desk, name: str | None, option: str, from_: str | None, to: str | None
) -> tuple[date | None, date | None] | None:
    """The days of the plan's count period ``name`` (None when no name is given)."""
    if name is None:
        return None
    if from_ or to:
        fail(f"{option} og datoer udelukker hinanden; brug enten {option} eller datoerne")
    plan = desk.plan
    found = plan.period(name) if plan else None
    if found is None:
        names = ", ".join(repr(p.name) for p in plan.periods) if plan else ""
        fail(
            f"{option}: ukendt tælleperiode {name!r}" + (f"; planen har: {names}" if names else "")
        )
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
                f"--group: ukendt afdeling {name!r}; "
                + (f"planen har: {names}" if names else r"planen har ingen \[groups]")
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
