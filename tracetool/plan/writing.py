"""Writing a count plan: its canonical TOML, and the commented plan a coordinator starts from."""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import date

from tracetool.codes.codebook import Codebook, load_codebook
from tracetool.plan.model import TASK_HOTKEYS, Plan
from tracetool.plan.reader import app_channels
from tracetool.plan.tables import dump_tables
from tracetool.plan.weeks import day_text, iso_weeks

DEFAULT_PACKAGE = "grundpakke-2013"
DEFAULT_WEEKS = (43, 45)


def _s(text: str) -> str:
    # JSON string escapes are a subset of TOML basic-string escapes.
    return json.dumps(text, ensure_ascii=False)


def _inline(items: Iterable[str]) -> str:
    return "[" + ", ".join(_s(i) for i in items) + "]"


def _task_lines(
    tasks: Iterable[str], codebook: Codebook, *, mark_hotkeys: bool = False
) -> list[str]:
    lines = ["tasks = ["]
    for i, kle in enumerate(tasks):
        if mark_hotkeys and i == len(TASK_HOTKEYS):
            lines.append(
                f"  # Herunder: ingen genvejstast (kun de første {len(TASK_HOTKEYS)} får en)"
            )
        task = codebook.task(kle)
        comment = f"  # {task.name}" if task is not None else ""
        lines.append(f"  {_s(kle)},{comment}")
    lines.append("]")
    return lines


def dump_plan(plan: Plan) -> str:
    """The plan as canonical TOML: every value explicit, periods as dates."""
    codebook = load_codebook()
    lines = [
        f"municipality = {plan.municipality}",
        f"municipality_name = {_s(plan.municipality_name)}",
        f"test_mode = {'true' if plan.test_mode else 'false'}",
    ]
    for period in plan.periods:
        lines += [
            "",
            "[[period]]",
            f"name = {_s(period.name)}",
            f"start = {period.start.isoformat()}",
            f"end = {period.end.isoformat()}",
        ]
    for unit in plan.units:
        lines += ["", "[[unit]]", f"login = {_s(unit.login)}", f"name = {_s(unit.name)}"]
        lines += _task_lines(unit.tasks, codebook, mark_hotkeys=True)
        lines.append(f"parameters = {_inline(unit.parameters)}")
        if unit.channels:
            lines.append(f"channels = {_inline(unit.channels)}")
    for question in plan.questions:
        lines += [
            "",
            "[[question]]",
            f"key = {_s(question.key)}",
            f"text = {_s(question.text)}",
            "answers = [",
            *(f"  {_s(a)}," for a in question.answers),
            "]",
            f"tasks = {_inline(question.tasks)}",
        ]
    lines += dump_tables(plan.groups, plan.channel_costs)
    return "\n".join(lines) + "\n"


def default_unit_name(login: str) -> str:
    """``259borgerservice`` → ``Borgerservice``: TraceTool logins were number plus name."""
    bare = login.lstrip("0123456789").strip("_- ")
    return bare[:1].upper() + bare[1:] if bare else login


def render_default_plan(
    municipality: int,
    name: str,
    unit: str,
    unit_name: str | None = None,
    *,
    year: int | None = None,
    weeks: tuple[int, int] = DEFAULT_WEEKS,
) -> str:
    """A commented starting plan: one unit with KL's current task package, one count period."""
    codebook = load_codebook()
    the_year = year if year is not None else date.today().year
    lines = [
        *_intro_lines(municipality, name),
        *_period_lines(the_year, weeks),
        *_unit_lines(codebook, unit, unit_name),
        *_question_lines(),
    ]
    return "\n".join(lines) + "\n"


def _intro_lines(municipality: int, name: str) -> list[str]:
    return [
        f"# Tælleplan for KOMHEN 2.0 – {name} ({municipality})",
        "#",
        "# Tovholderens opsætning: kommune, tælleperioder, enheder med deres opgavelister og",
        "# ekstra spørgsmål. Send den samme fil til alle skranker; hver skranke tager den i brug",
        "# med `tracetool plan apply plan.toml`. Kør først `tracetool plan check plan.toml`: den",
        "# viser alle fejl på én gang med sted og værdi, fx unit[1].tasks[5] for den femte opgave",
        "# i den første enhed.",
        "#",
        '# Filen er TOML: tekst står i "anførselstegn", datoer skrives 2026-10-19 uden',
        "# anførselstegn, og alt efter # er en kommentar. Nøglerne øverst skal stå før den første",
        "# [[...]]-blok. Gem filen som UTF-8.",
        "",
        "# Kommunenummeret (tre cifre) og kommunens navn, som de står i udtræk.",
        f"municipality = {municipality}",
        f"municipality_name = {_s(name)}",
        "",
        "# Testtilstand: registreringer i testtilstand tæller aldrig med i tallene. Brug den, mens",
        "# medarbejderne øver sig, og sæt den til false, før tælleugen begynder. Når planen tages",
        "# i brug, sættes testtilstanden på skranken til denne værdi.",
        "test_mode = true",
        "",
    ]


def _period_lines(the_year: int, weeks: tuple[int, int]) -> list[str]:
    first, last = weeks
    start, end = iso_weeks(the_year, first, last)
    example_start = date.fromisocalendar(the_year + 1, 17, 1)
    example_end = date.fromisocalendar(the_year + 1, 19, 7)
    return [
        "# --- Tælleperioder " + "-" * 70,
        "# Én [[period]]-blok pr. periode; perioderne må ikke overlappe. Angiv enten ISO-uger",
        "# med weeks og year (fra mandag i den første uge til søndag i den sidste) eller datoer",
        "# med start og end (begge dage tæller med). name kan udelades. KL's tælleuger er",
        "# uge 17–19 (forår) og 43–45 (efterår); uge 17 og 43 er de primære. Fx:",
        "#",
        "# [[period]]",
        f'# name = "Forår {the_year + 1}"',
        f"# start = {example_start.isoformat()}",
        f"# end = {example_end.isoformat()}",
        "",
        "[[period]]",
        f'name = "Efterår {the_year}, uge {first}–{last}"',
        f"# {day_text(start)} – {day_text(end)}",
        f'weeks = "{first}-{last}"',
        f"year = {the_year}",
        "",
    ]


def _unit_lines(codebook: Codebook, unit: str, unit_name: str | None) -> list[str]:
    tasks = [t.kle for t in codebook.tasks_in(DEFAULT_PACKAGE)]
    param_width = max(len(p.key) for p in codebook.parameters)
    channels = app_channels(codebook)
    direction = {"IND": "ind", "UD": "ud"}
    return [
        "# --- Enheder " + "-" * 76,
        "# Én [[unit]]-blok pr. enhed. Kopiér hele blokken for at tilføje en enhed, fx 259telefon.",
        "#",
        "# login       enhedens fælles login; unikt og uden mellemrum",
        "# name        enhedens navn i udtræk og rapporter",
        '# tasks       enhedens opgaver som KLE-numre ("NN.NN.NN" eller "NN.NN") i den rækkefølge,',
        "#             de vises. Kun de første 35 får en genvejstast (1–9, derefter A–Z), så sæt",
        "#             enhedens hyppigste opgaver først. Slet de opgaver, enheden ikke har,",
        "#             og tilføj andre KLE-emner efter behov: alle KLE-emner kan tælles.",
        "#             Listen herunder er KL's grundpakke fra efteråret 2013"
        f" ({len(tasks) - 1} opgaver)",
        "#             og til sidst Fejlhenvendelse (00.00.00) for henvendelser, der er kommet",
        "#             det forkerte sted hen.",
        "# parameters  valgfrie spørgsmål, der stilles ved hver registrering i enheden:",
        *(f"#               {p.key:<{param_width}}  {p.da}" for p in codebook.parameters),
        '#             fx parameters = ["koen", "alder"]',
        "# channels    de kanaler, enheden registrerer; udelad nøglen for at bruge dem alle:",
        *(f"#               {c.code:<8}  {c.da} ({direction[c.direction]})" for c in channels),
        '#             fx channels = ["PRSNLG", "TLFIND", "TLFUD"]',
        "",
        "[[unit]]",
        f"login = {_s(unit)}",
        f"name = {_s(unit_name if unit_name is not None else default_unit_name(unit))}",
        *_task_lines(tasks, codebook),
        "parameters = []",
        "",
    ]


def _question_lines() -> list[str]:
    return [
        "# --- Ekstra spørgsmål " + "-" * 67,
        "# Et spørgsmål med faste svar kan knyttes til bestemte opgaver. I udtræk bliver hvert",
        "# spørgsmål sin egen kolonne med teksten som overskrift. Ingen fritekst og intet, der kan",
        "# identificere en person. key er spørgsmålets korte navn (uden mellemrum); der skal være",
        "# mindst to svar; opgaverne skal stå på mindst én enheds opgaveliste. Fjern # foran",
        "# linjerne herunder for at bruge eksemplet:",
        "#",
        "# [[question]]",
        '# key = "underholdsbidrag"',
        '# text = "Hvad drejede henvendelsen sig om?"',
        "# answers = [",
        '#   "Børnebidrag, normalbidrag",',
        '#   "Forhøjet børnebidrag",',
        '#   "Ægtefællebidrag",',
        '#   "Uddannelsesbidrag",',
        '#   "Særlige bidrag (fødselsbidrag, dåbsbidrag mv.)",',
        "# ]",
        '# tasks = ["32.15.00"]',
    ]
