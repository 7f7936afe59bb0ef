"""plan init|check|apply|show: the coordinator's count plan (tælleplan) as one TOML file."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer
from rich.markup import escape
from rich.table import Table

from tracetool import locale, paths, timeutil
from tracetool.cli._common import console, fail, friendly, open_desk, print_json
from tracetool.desk.applying import apply_plan
from tracetool.desk.desk import Desk
from tracetool.errors import Problem, ValidationError
from tracetool.locale import N_, translator
from tracetool.plan.model import TASK_HOTKEYS, Plan, Unit
from tracetool.plan.planfile import check_plan_text, parse_plan, read_plan_text
from tracetool.plan.writing import dump_plan, render_default_plan

_ = translator("cli")

app = typer.Typer(
    help=N_("Tælleplanen: kommune, tælleperioder, enheder, opgaver og ekstra spørgsmål."),
    no_args_is_help=True,
)


def _count(n: int, one: str, many: str) -> str:
    """``n`` and the word in the form for it (both forms marked ``N_`` where written)."""
    return f"{n} {_(one) if n == 1 else _(many)}"


def _summary(plan: Plan) -> str:
    tasks = {t for u in plan.units for t in u.tasks}
    return ", ".join(
        [
            _count(len(plan.units), N_("enhed"), N_("enheder")),
            _count(len(tasks), N_("opgave"), N_("opgaver")),
            _count(len(plan.periods), N_("tælleperiode"), N_("tælleperioder")),
            _("{n} ekstra spørgsmål").format(n=len(plan.questions)),
            *([_count(len(plan.groups), N_("afdeling"), N_("afdelinger"))] if plan.groups else []),
            *(
                [_("kanalpriser for {n}").format(n=len(plan.channel_costs))]
                if plan.channel_costs
                else []
            ),
            _("testtilstand til") if plan.test_mode else _("testtilstand fra"),
        ]
    )


def _print_problems(file: Path, problems: list[Problem]) -> None:
    # soft_wrap: one problem must stay one line, so that it can be grepped and counted.
    for problem in problems:
        console.print(f"{file}: {problem}", markup=False, highlight=False, soft_wrap=True)


@app.command("init", help=N_("Skriv en kommenteret standardplan og tag den i brug."))
@friendly
def init(
    municipality: Annotated[
        int, typer.Option("--municipality", help=N_("Kommunenummer (tre cifre)"))
    ] = 259,
    name: Annotated[str, typer.Option("--name", help=N_("Kommunens navn"))] = "Køge",
    unit: Annotated[str, typer.Option("--unit", help=N_("Den første enheds login"))] = (
        "259borgerservice"
    ),
    unit_name: Annotated[
        str | None, typer.Option("--unit-name", help=N_("Enhedens navn (standard: ud fra login)"))
    ] = None,
    out: Annotated[Path, typer.Option("--out", "-o", help=N_("Planfilen, der skrives"))] = Path(
        "plan.toml"
    ),
    force: Annotated[
        bool, typer.Option("--force", help=N_("Overskriv en eksisterende fil"))
    ] = False,
    around_today: Annotated[
        bool,
        typer.Option(
            "--around-today",
            help=N_("Tælleperioden er de to forrige uger og denne (til afprøvning)"),
        ),
    ] = False,
) -> None:
    if out.is_dir():
        fail(
            _("{out} er en mappe; angiv en fil med --out, fx --out {file}").format(
                out=out, file=out / "plan.toml"
            )
        )
    if out.exists() and not force:
        fail(_("{out} findes allerede; brug --force for at overskrive den").format(out=out))
    if around_today:
        year, week, _weekday = timeutil.local(timeutil.now()).date().isocalendar()
        first = max(1, week - 2)
        text = render_default_plan(
            municipality, name, unit, unit_name, year=year, weeks=(first, first + 2)
        )
    else:
        text = render_default_plan(municipality, name, unit, unit_name)
    # Options such as --municipality 42 must fail before a file is written.
    problems = check_plan_text(text, str(out))
    if problems:
        raise ValidationError(problems, context="tracetool plan init")
    try:
        out.write_bytes(text.encode("utf-8"))
    except OSError as exc:
        fail(_("{out}: filen kan ikke skrives: {why}").format(out=out, why=exc.strerror))
    replaced = paths.plan_path().exists()
    plan = apply_plan(out)
    console.print(
        _("Skrev {out} og tog planen i brug: {summary}.").format(out=out, summary=_summary(plan)),
        markup=False,
        highlight=False,
        soft_wrap=True,
    )
    if replaced:
        console.print(_("Den tidligere tælleplan på denne computer er erstattet."), highlight=False)
    console.print(
        _(
            "Ret filen, kør `tracetool plan check {out}` og derefter `tracetool plan apply {out}`."
        ).format(out=out),
        markup=False,
        highlight=False,
        soft_wrap=True,
    )


@app.command(
    "check", help=N_("Kontrollér en planfil og vis alle fejl med sted og værdi (intet ændres).")
)
@friendly
def check(
    file: Annotated[
        Path, typer.Argument(metavar=N_("FIL"), help=N_("Planfilen, der kontrolleres"))
    ],
) -> None:
    text = read_plan_text(file)
    problems = check_plan_text(text, str(file))
    if problems:
        _print_problems(file, problems)
        fail(_("{file}: {n} fejl i planen").format(file=file, n=len(problems)))
    plan = parse_plan(text, str(file))
    console.print(
        _("Planen er i orden: {summary}.").format(summary=_summary(plan)),
        highlight=False,
        soft_wrap=True,
    )


@app.command("apply", help=N_("Kontrollér planfilen og tag den i brug på denne computer."))
@friendly
def apply(
    file: Annotated[
        Path, typer.Argument(metavar=N_("FIL"), help=N_("Planfilen, der tages i brug"))
    ],
) -> None:
    try:
        plan = apply_plan(file)
    except ValidationError as exc:
        _print_problems(file, exc.problems)
        fail(
            _("{file}: {n} fejl; planen er ikke taget i brug").format(
                file=file, n=len(exc.problems)
            )
        )
    console.print(
        _("Planen er taget i brug: {summary}.").format(summary=_summary(plan)),
        highlight=False,
        soft_wrap=True,
    )


def _as_dict(desk: Desk, plan: Plan) -> dict[str, Any]:
    return {
        "file": str(paths.plan_path()),
        "municipality": plan.municipality,
        "municipality_name": plan.municipality_name,
        "test_mode": plan.test_mode,
        "desk_test_mode": desk.test_mode,
        "periods": [
            {"name": p.name, "start": p.start.isoformat(), "end": p.end.isoformat()}
            for p in plan.periods
        ],
        "units": [
            {
                "login": u.login,
                "name": u.name,
                "tasks": [
                    {"key": key, "kle": kle, "name": desk.task_title(kle)} for key, kle in _keyed(u)
                ],
                "parameters": list(u.parameters),
                "channels": list(u.channels),
            }
            for u in plan.units
        ],
        "questions": [
            {"key": q.key, "text": q.text, "answers": list(q.answers), "tasks": list(q.tasks)}
            for q in plan.questions
        ],
    }


def _keyed(unit: Unit) -> list[tuple[str | None, str]]:
    """Every task with its tile key; None past the first 35, which get no key."""
    return [
        (TASK_HOTKEYS[i] if i < len(TASK_HOTKEYS) else None, kle)
        for i, kle in enumerate(unit.tasks)
    ]


def _show(desk: Desk, plan: Plan) -> None:
    today = timeutil.local(timeutil.now()).date()
    title = _("Tælleplan for {name} ({number})").format(
        name=escape(plan.municipality_name), number=plan.municipality
    )
    console.print(f"[bold]{title}[/]", highlight=False)
    console.print(_("Fil: {file}").format(file=escape(str(paths.plan_path()))), highlight=False)
    mode = _("til") if plan.test_mode else _("fra")
    here = (
        ""
        if desk.test_mode == plan.test_mode
        else " "
        + _("(på denne computer: {mode})").format(mode=_("til") if desk.test_mode else _("fra"))
    )
    console.print(_("Testtilstand i planen: {mode}").format(mode=mode) + here, highlight=False)

    console.print("\n[bold]" + _("Tælleperioder") + "[/]")
    if not plan.periods:
        console.print("  " + _("ingen"))
    for p in plan.periods:
        now = " [bold]" + _("(nu)") + "[/]" if p.contains(today) else ""
        console.print(
            f"  {escape(p.name)}: {p.start:%d-%m-%Y} – {p.end:%d-%m-%Y}{now}", highlight=False
        )

    for unit in plan.units:
        table = Table(
            title=_("Enhed {login} – {name}").format(
                login=escape(unit.login), name=escape(unit.name)
            ),
            title_justify="left",
            title_style="bold",
        )
        table.add_column(_("Tast"), justify="center")
        table.add_column("KLE")
        table.add_column(_("Opgave"), overflow="fold")
        for key, kle in _keyed(unit):
            table.add_row(key or "–", kle, escape(desk.task_title(kle, locale.current())))
        console.print()
        console.print(table)
        beyond = len(unit.tasks) - len(unit.hotkeys())
        if beyond:
            without = _("{tasks} uden genvejstast (kun de første {n} får en)").format(
                tasks=_count(beyond, N_("opgave"), N_("opgaver")), n=len(TASK_HOTKEYS)
            )
            console.print(f"  {without}")
        _show_unit_codes(desk, unit)

    console.print("\n[bold]" + _("Ekstra spørgsmål") + "[/]")
    if not plan.questions:
        console.print("  " + _("ingen"))
    for q in plan.questions:
        tasks = ", ".join(f"{t} {desk.task_title(t, locale.current())}" for t in q.tasks)
        console.print(f"  {escape(q.key)}: {escape(q.text)}", highlight=False)
        answers = _("Svar: {answers}").format(answers=escape(" · ".join(q.answers)))
        console.print(f"    {answers}", highlight=False)
        console.print("    " + _("Opgaver: {tasks}").format(tasks=escape(tasks)), highlight=False)


def _show_unit_codes(desk: Desk, unit: Unit) -> None:
    """A unit's parameters and channels, each code with its label in the language spoken."""
    lang = locale.current()
    params = [
        f"{p} ({param.label(lang)})" if (param := desk.codebook.parameter(p)) else p
        for p in unit.parameters
    ]
    shown = escape(", ".join(params)) if params else _("ingen")
    console.print("  " + _("Parametre: {codes}").format(codes=shown), highlight=False)
    for direction, label in (("IND", N_("Kanaler ind")), ("UD", N_("Kanaler ud"))):
        chans = [
            f"{c.code} {c.label(lang)}"
            for code in unit.channels
            if (c := desk.codebook.channel(code)) is not None and c.direction == direction
        ]
        shown = escape(", ".join(chans)) if chans else _("ingen")
        console.print(f"  {_(label)}: {shown}", highlight=False)


@app.command("show", help=N_("Vis den tælleplan, der er i brug på denne computer."))
@friendly
def show(
    as_json: Annotated[bool, typer.Option("--json", help=N_("Skriv planen som JSON"))] = False,
    as_toml: Annotated[
        bool, typer.Option("--toml", help=N_("Skriv planen som kanonisk TOML"))
    ] = False,
) -> None:
    if as_json and as_toml:
        fail(_("vælg enten --json eller --toml"))
    with open_desk() as desk:
        plan = desk.require_plan()
        if as_toml:
            typer.echo(dump_plan(plan), nl=False)
        elif as_json:
            print_json(_as_dict(desk, plan))
        else:
            _show(desk, plan)
