"""plan init|check|apply|show: the coordinator's count plan (tælleplan) as one TOML file."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer
from rich.markup import escape
from rich.table import Table

from tracetool import paths, timeutil
from tracetool.cli._common import console, fail, friendly, open_desk, print_json
from tracetool.desk.applying import apply_plan
from tracetool.desk.desk import Desk
from tracetool.errors import Problem, ValidationError
from tracetool.plan.model import TASK_HOTKEYS, Plan, Unit
from tracetool.plan.planfile import check_plan_text, parse_plan, read_plan_text
from tracetool.plan.writing import dump_plan, render_default_plan

app = typer.Typer(
    help="Tælleplanen: kommune, tælleperioder, enheder, opgaver og ekstra spørgsmål.",
    no_args_is_help=True,
)


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def _summary(plan: Plan) -> str:
    tasks = {t for u in plan.units for t in u.tasks}
    return ", ".join(
        [
            _count(len(plan.units), "enhed", "enheder"),
            _count(len(tasks), "opgave", "opgaver"),
            _count(len(plan.periods), "tælleperiode", "tælleperioder"),
            f"{len(plan.questions)} ekstra spørgsmål",
            *([_count(len(plan.groups), "afdeling", "afdelinger")] if plan.groups else []),
            *([f"kanalpriser for {len(plan.channel_costs)}"] if plan.channel_costs else []),
            "testtilstand til" if plan.test_mode else "testtilstand fra",
        ]
    )


def _print_problems(file: Path, problems: list[Problem]) -> None:
    # soft_wrap: one problem must stay one line, so that it can be grepped and counted.
    for problem in problems:
        console.print(f"{file}: {problem}", markup=False, highlight=False, soft_wrap=True)


@app.command("init")
@friendly
def init(
    municipality: Annotated[
        int, typer.Option("--municipality", help="Kommunenummer (tre cifre)")
    ] = 259,
    name: Annotated[str, typer.Option("--name", help="Kommunens navn")] = "Køge",
    unit: Annotated[str, typer.Option("--unit", help="Den første enheds login")] = (
        "259borgerservice"
    ),
    unit_name: Annotated[
        str | None, typer.Option("--unit-name", help="Enhedens navn (standard: ud fra login)")
    ] = None,
    out: Annotated[Path, typer.Option("--out", "-o", help="Planfilen, der skrives")] = Path(
        "plan.toml"
    ),
    force: Annotated[bool, typer.Option("--force", help="Overskriv en eksisterende fil")] = False,
    around_today: Annotated[
        bool,
        typer.Option(
            "--around-today", help="Tælleperioden er de to forrige uger og denne (til afprøvning)"
        ),
    ] = False,
) -> None:
    """Skriv en kommenteret standardplan og tag den i brug."""
    if out.is_dir():
        fail(f"{out} er en mappe; angiv en fil med --out, fx --out {out / 'plan.toml'}")
    if out.exists() and not force:
        fail(f"{out} findes allerede; brug --force for at overskrive den")
    if around_today:
        year, week, _ = timeutil.local(timeutil.now()).date().isocalendar()
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
        fail(f"{out}: filen kan ikke skrives: {exc.strerror}")
    replaced = paths.plan_path().exists()
    plan = apply_plan(out)
    console.print(
        f"Skrev {out} og tog planen i brug: {_summary(plan)}.",
        markup=False,
        highlight=False,
        soft_wrap=True,
    )
    if replaced:
        console.print("Den tidligere tælleplan på denne computer er erstattet.", highlight=False)
    console.print(
        f"Ret filen, kør `tracetool plan check {out}` og derefter `tracetool plan apply {out}`.",
        markup=False,
        highlight=False,
        soft_wrap=True,
    )


@app.command("check")
@friendly
def check(
    file: Annotated[Path, typer.Argument(metavar="FIL", help="Planfilen, der kontrolleres")],
) -> None:
    """Kontrollér en planfil og vis alle fejl med sted og værdi (intet ændres)."""
    text = read_plan_text(file)
    problems = check_plan_text(text, str(file))
    if problems:
        _print_problems(file, problems)
        fail(f"{file}: {len(problems)} fejl i planen")
    plan = parse_plan(text, str(file))
    console.print(f"Planen er i orden: {_summary(plan)}.", highlight=False, soft_wrap=True)


@app.command("apply")
@friendly
def apply(
    file: Annotated[Path, typer.Argument(metavar="FIL", help="Planfilen, der tages i brug")],
) -> None:
    """Kontrollér planfilen og tag den i brug på denne computer."""
    try:
        plan = apply_plan(file)
    except ValidationError as exc:
        _print_problems(file, exc.problems)
        fail(f"{file}: {len(exc.problems)} fejl; planen er ikke taget i brug")
    console.print(f"Planen er taget i brug: {_summary(plan)}.", highlight=False, soft_wrap=True)


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
    console.print(
        f"[bold]Tælleplan for {escape(plan.municipality_name)} ({plan.municipality})[/]",
        highlight=False,
    )
    console.print(f"Fil: {escape(str(paths.plan_path()))}", highlight=False)
    mode = "til" if plan.test_mode else "fra"
    here = (
        ""
        if desk.test_mode == plan.test_mode
        else f" (på denne computer: {'til' if desk.test_mode else 'fra'})"
    )
    console.print(f"Testtilstand i planen: {mode}{here}", highlight=False)

    console.print("\n[bold]Tælleperioder[/]")
    if not plan.periods:
        console.print("  ingen")
    for p in plan.periods:
        now = " [bold](nu)[/]" if p.contains(today) else ""
        console.print(
            f"  {escape(p.name)}: {p.start:%d-%m-%Y} – {p.end:%d-%m-%Y}{now}", highlight=False
        )

    for unit in plan.units:
        table = Table(
            title=f"Enhed {escape(unit.login)} – {escape(unit.name)}",
            title_justify="left",
            title_style="bold",
        )
        table.add_column("Tast", justify="center")
        table.add_column("KLE")
        table.add_column("Opgave", overflow="fold")
        for key, kle in _keyed(unit):
            table.add_row(key or "–", kle, escape(desk.task_title(kle)))
        console.print()
        console.print(table)
        beyond = len(unit.tasks) - len(unit.hotkeys())
        if beyond:
            console.print(
                f"  {_count(beyond, 'opgave', 'opgaver')} uden genvejstast"
                f" (kun de første {len(TASK_HOTKEYS)} får en)"
            )
        params = [
            f"{p} ({param.da})" if (param := desk.codebook.parameter(p)) else p
            for p in unit.parameters
        ]
        console.print(
            f"  Parametre: {escape(', '.join(params)) if params else 'ingen'}", highlight=False
        )
        for direction, label in (("IND", "Kanaler ind"), ("UD", "Kanaler ud")):
            chans = [
                f"{c.code} {c.da}"
                for code in unit.channels
                if (c := desk.codebook.channel(code)) is not None and c.direction == direction
            ]
            console.print(
                f"  {label}: {escape(', '.join(chans)) if chans else 'ingen'}", highlight=False
            )

    console.print("\n[bold]Ekstra spørgsmål[/]")
    if not plan.questions:
        console.print("  ingen")
    for q in plan.questions:
        tasks = ", ".join(f"{t} {desk.task_title(t)}" for t in q.tasks)
        console.print(f"  {escape(q.key)}: {escape(q.text)}", highlight=False)
        console.print(f"    Svar: {escape(' · '.join(q.answers))}", highlight=False)
        console.print(f"    Opgaver: {escape(tasks)}", highlight=False)


@app.command("show")
@friendly
def show(
    as_json: Annotated[bool, typer.Option("--json", help="Skriv planen som JSON")] = False,
    as_toml: Annotated[bool, typer.Option("--toml", help="Skriv planen som kanonisk TOML")] = False,
) -> None:
    """Vis den tælleplan, der er i brug på denne computer."""
    if as_json and as_toml:
        fail("vælg enten --json eller --toml")
    with open_desk() as desk:
        plan = desk.require_plan()
        if as_toml:
            typer.echo(dump_plan(plan), nl=False)
        elif as_json:
            print_json(_as_dict(desk, plan))
        else:
            _show(desk, plan)
