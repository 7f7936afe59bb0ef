"""add, list, undo, edit, delete: registrations from the command line."""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated, Any

import typer
from rich import box
from rich.table import Table

from tracetool import locale, timeutil
from tracetool.cli._common import console, fail, friendly, open_desk, print_json
from tracetool.locale import N_, translator
from tracetool.model import Registration, Source
from tracetool.store.registrations import Query

_ = translator("cli")


def _answers(pairs: list[str] | None) -> dict[str, str]:
    result: dict[str, str] = {}
    for pair in pairs or []:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            fail(
                _("--answer {value}: skriv NØGLE=SVAR, fx --answer koen=K").format(value=repr(pair))
            )
        result[key.strip()] = value.strip()
    return result


def _at(text: str | None, option: str) -> Any:
    if text is None:
        return None
    try:
        return timeutil.parse_local(text)
    except ValueError as exc:
        fail(f"{option}: {exc}")


def as_dict(reg: Registration) -> dict[str, Any]:
    return {
        "id": reg.id,
        "municipality": reg.municipality,
        "unit": reg.unit,
        "direction": reg.direction,
        "channel": reg.channel,
        "task": reg.task,
        "type": reg.type,
        "closing": reg.closing,
        "form": reg.form,
        "started_at": timeutil.to_db(reg.started_at) if reg.started_at else None,
        "saved_at": timeutil.to_db(reg.saved_at),
        "count": reg.count,
        "answers": reg.answers,
        "source": reg.source,
        "test_mode": reg.test_mode,
        "revision": reg.revision,
        "deleted": reg.deleted,
    }


def short_id(reg_id: str) -> str:
    """The random tail of a UUIDv7: its head is the time, alike for rows made together."""
    return reg_id[-8:]


def _describe(reg: Registration, verb: str) -> str:
    count = f" ×{reg.count}" if reg.count > 1 else ""
    test = " [TEST]" if reg.test_mode else ""
    return (
        f"{verb}{count}{test}: {reg.channel} {reg.task} {reg.type} {reg.closing}"
        f"{' ' + reg.form if reg.form else ''} · {reg.unit} · "
        f"{timeutil.show(reg.saved_at, '%d-%m-%Y %H:%M')} · id {reg.id}"
    )


@friendly
def add(
    channel: Annotated[str, typer.Option("--channel", "-c", help=N_("Kanalkode, fx TLFIND"))],
    task: Annotated[str, typer.Option("--task", "-t", help=N_("KLE-nummer, fx 23.05.10"))],
    type_: Annotated[str, typer.Option("--type", help=N_("Henvendelsestype, fx VEJL"))],
    closing: Annotated[str, typer.Option("--closing", help=N_("STRAKS eller HOLD"))],
    form: Annotated[str | None, typer.Option("--form", help=N_("JA eller NEJ"))] = None,
    direction: Annotated[
        str | None, typer.Option("--direction", help=N_("IND eller UD (ellers kanalens retning)"))
    ] = None,
    unit: Annotated[str | None, typer.Option("--unit", "-u", help=N_("Enhedens login"))] = None,
    at: Annotated[
        str | None, typer.Option("--at", help=N_('Tidspunkt (dansk tid), fx "21-10-2013 09:20"'))
    ] = None,
    answer: Annotated[
        list[str] | None, typer.Option("--answer", "-a", help=N_("Svar NØGLE=SVAR (gentages)"))
    ] = None,
    count: Annotated[
        int, typer.Option("--count", "-n", min=1, help=N_("Masseregistrering: N ens henvendelser"))
    ] = 1,
    as_json: Annotated[bool, typer.Option("--json", help=N_("Skriv resultatet som JSON"))] = False,
) -> None:
    moment = _at(at, "--at")
    with open_desk() as desk:
        reg = desk.register(
            channel=channel.upper(),
            task=task,
            type=type_.upper(),
            closing=closing.upper(),
            form=form.upper() if form else None,
            direction=direction.upper() if direction else None,
            unit=unit,
            at=moment,
            answers=_answers(answer),
            count=count,
            source=Source.MASS if count > 1 else Source.CLI,
        )
    if as_json:
        print_json(as_dict(reg))
    else:
        console.print(_describe(reg, _("Gemt")), highlight=False)


@friendly
def list_(
    from_: Annotated[str | None, typer.Option("--from", help=N_("Fra dato (dansk tid)"))] = None,
    to: Annotated[str | None, typer.Option("--to", help=N_("Til og med dato"))] = None,
    unit: Annotated[str | None, typer.Option("--unit", "-u")] = None,
    include_test: Annotated[
        bool, typer.Option("--include-test", help=N_("Medtag testdata"))
    ] = False,
    limit: Annotated[int, typer.Option("--limit", help=N_("Højst så mange rækker (0: alle)"))] = 0,
    as_json: Annotated[
        bool, typer.Option("--json", help=N_("Én JSON-linje pr. registrering"))
    ] = False,
) -> None:
    try:
        start = timeutil.day_start_utc(timeutil.parse_day(from_)) if from_ else None
        end = timeutil.day_start_utc(timeutil.parse_day(to) + timedelta(days=1)) if to else None
    except ValueError as exc:
        fail(f"--from/--to: {exc}")
    with open_desk() as desk:
        q = Query(start=start, end=end, unit=unit, include_test=include_test)
        regs = desk.query(q)
        if limit:
            regs = regs[-limit:]
        if as_json:
            for reg in regs:
                print_json(as_dict(reg))
            return
        several_units = len({r.unit for r in regs}) > 1
        table = Table(
            title=_("Registreringer ({n} henvendelser)").format(n=sum(r.count for r in regs)),
            caption=_("T = testregistrering") if any(r.test_mode for r in regs) else None,
            box=box.SIMPLE_HEAD,
            pad_edge=False,
            collapse_padding=True,
        )
        table.add_column(_("Tid"), no_wrap=True, min_width=11)  # fits 80 columns
        if several_units:
            table.add_column(_("Enhed"), overflow="ellipsis", no_wrap=True, max_width=16)
        table.add_column(_("Kanal"), no_wrap=True)
        table.add_column(_("Opgave"), no_wrap=True)
        # The title is a help, the number is the data: drop the title on narrow terminals.
        with_title = console.width >= 100
        if with_title:
            table.add_column(_("Titel"), overflow="ellipsis", no_wrap=True, max_width=28)
        table.add_column(_("Type"), no_wrap=True)
        table.add_column(_("Afsl."), no_wrap=True)
        table.add_column(_("Bl."), no_wrap=True)
        table.add_column(_("Antal"), no_wrap=True, justify="right")
        table.add_column(_("Id"), no_wrap=True)
        for reg in regs:
            cells = [timeutil.show(reg.saved_at, "%d-%m %H:%M")]
            if several_units:
                cells.append(reg.unit or "")
            cells += [
                reg.channel,
                reg.task,
                *([desk.task_title(reg.task, locale.current())] if with_title else []),
                reg.type,
                reg.closing,
                reg.form or "–",
                f"{reg.count}{' T' if reg.test_mode else ''}",
                short_id(reg.id),
            ]
            table.add_row(*cells)
        console.print(table)
        if not include_test:
            hidden = desk.store.count(Query(start=start, end=end, unit=unit, include_test=True))
            hidden -= sum(r.count for r in desk.query(q)) if limit else sum(r.count for r in regs)
            if hidden > 0:
                console.print(
                    _("{n} testregistreringer er skjult; vis dem med --include-test.").format(
                        n=hidden
                    ),
                    highlight=False,
                )


@friendly
def undo() -> None:
    with open_desk() as desk:
        reg = desk.undo()
    console.print(_describe(reg, _("Fortrudt")), highlight=False)


@friendly
def edit(
    reg_id: Annotated[
        str, typer.Argument(metavar="ID", help=N_("Registreringens id (eller start)"))
    ],
    channel: Annotated[str | None, typer.Option("--channel", "-c")] = None,
    task: Annotated[str | None, typer.Option("--task", "-t")] = None,
    type_: Annotated[str | None, typer.Option("--type")] = None,
    closing: Annotated[str | None, typer.Option("--closing")] = None,
    form: Annotated[str | None, typer.Option("--form", help=N_("JA, NEJ eller INGEN"))] = None,
    unit: Annotated[str | None, typer.Option("--unit", "-u")] = None,
    at: Annotated[str | None, typer.Option("--at")] = None,
    answer: Annotated[list[str] | None, typer.Option("--answer", "-a")] = None,
    count: Annotated[int | None, typer.Option("--count", "-n", min=1)] = None,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    changes: dict[str, Any] = {}
    for key, value in (("channel", channel), ("type", type_), ("closing", closing)):
        if value is not None:
            changes[key] = value.upper()
    if task is not None:
        changes["task"] = task
    if unit is not None:
        changes["unit"] = unit
    if form is not None:
        changes["form"] = None if form.upper() in ("INGEN", "NONE", "") else form.upper()
    if at is not None:
        changes["saved_at"] = _at(at, "--at")
    if answer:
        changes["answers"] = _answers(answer)
    if count is not None:
        changes["count"] = count
    if not changes:
        fail(_("intet at rette: angiv mindst ét felt, fx --type INFO"))
    with open_desk() as desk:
        reg = desk.edit(reg_id, **changes)
    if as_json:
        print_json(as_dict(reg))
    else:
        console.print(
            _describe(reg, _("Rettet (version {revision})").format(revision=reg.revision)),
            highlight=False,
        )


@friendly
def delete(
    reg_id: Annotated[
        str, typer.Argument(metavar="ID", help=N_("Registreringens id (eller start)"))
    ],
) -> None:
    with open_desk() as desk:
        reg = desk.delete(reg_id)
    console.print(_describe(reg, _("Slettet")), highlight=False)


def register(app: typer.Typer) -> None:
    app.command("add", help=N_("Registrér en henvendelse (eller N ens med --count)."))(add)
    app.command("list", help=N_("Vis registreringer, nyeste sidst."))(list_)
    app.command(
        "undo",
        help=N_(
            "Fortryd den seneste registrering fra denne enhed (den slettes, historikken bevares)."
        ),
    )(undo)
    app.command("edit", help=N_("Ret en registrering; den tidligere version gemmes."))(edit)
    app.command(
        "delete",
        help=N_("Slet en registrering (den bevares som slettet, så sletningen kan synkroniseres)."),
    )(delete)
