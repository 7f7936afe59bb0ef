"""Writing a count plan: the coordinator's commented starting plan and the canonical TOML."""

from __future__ import annotations

from datetime import date

from tracetool.codes.codebook import load_codebook
from tracetool.plan.model import CountPeriod, Plan, Unit
from tracetool.plan.planfile import check_plan_text, parse_plan
from tracetool.plan.writing import default_unit_name, dump_plan, render_default_plan


def test_default_plan_is_valid_and_holds_the_2013_package() -> None:
    text = render_default_plan(259, "Køge", "259borgerservice", year=2026)
    assert check_plan_text(text) == []
    plan = parse_plan(text)
    assert (plan.municipality, plan.municipality_name) == (259, "Køge")
    assert plan.test_mode is True
    assert plan.periods[0].start == date(2026, 10, 19)
    assert plan.periods[0].end == date(2026, 11, 8)
    (unit,) = plan.units
    assert (unit.login, unit.name) == ("259borgerservice", "Borgerservice")
    codebook = load_codebook()
    package = [t.kle for t in codebook.tasks_in("grundpakke-2013") if t.special is None]
    assert len(package) == 45
    assert list(unit.tasks) == [*package, codebook.fejl_task.kle]
    assert unit.parameters == ()
    assert plan.questions == ()
    # Comments explain the keys to a coordinator.
    for word in ("genvejstast", "[[unit]]", "[[period]]", "[[question]]", "test_mode", "koen"):
        assert word in text


def test_default_plan_uses_the_current_year() -> None:
    plan = parse_plan(render_default_plan(101, "København", "101borgerservice"))
    year = date.today().year
    assert plan.periods[0].start == date.fromisocalendar(year, 43, 1)
    assert plan.periods[0].end == date.fromisocalendar(year, 45, 7)


def test_default_plan_example_question_works_when_uncommented() -> None:
    text = render_default_plan(259, "Køge", "259borgerservice", "Borgerservice", year=2026)
    head, example = text.split("# [[question]]")
    uncommented = head + "[[question]]" + example.replace("\n# ", "\n").replace("\n#", "\n")
    plan = parse_plan(uncommented)
    assert plan.questions[0].key == "underholdsbidrag"
    assert plan.questions[0].tasks == ("32.15.00",)
    assert len(plan.questions[0].answers) == 5


def test_default_plan_names_and_escapes() -> None:
    text = render_default_plan(
        259, 'Køge "by"', "259telefon", unit_name="Tlf \\ omstilling", year=2026
    )
    plan = parse_plan(text)
    assert plan.municipality_name == 'Køge "by"'
    assert plan.units[0].name == "Tlf \\ omstilling"
    assert default_unit_name("259borgerservice") == "Borgerservice"
    assert default_unit_name("259_telefon") == "Telefon"
    assert default_unit_name("259") == "259"


def test_dump_marks_where_hotkeys_end() -> None:
    plan = parse_plan(render_default_plan(259, "Køge", "259borgerservice", year=2026))
    text = dump_plan(plan)
    assert parse_plan(text) == plan
    lines = text.splitlines()
    mark = next(i for i, line in enumerate(lines) if "ingen genvejstast" in line)
    assert lines[mark + 1].startswith('  "32.03.16"')  # task 36 of the package


def test_dump_from_dataclasses() -> None:
    plan = Plan(
        municipality=101,
        municipality_name="København",
        units=(Unit("101a", "A", ("01.02.03",), ("koen",), ("TLFIND",)),),
        periods=(CountPeriod("P", date(2027, 4, 26), date(2027, 5, 16)),),
        test_mode=False,
    )
    assert parse_plan(dump_plan(plan)) == plan
