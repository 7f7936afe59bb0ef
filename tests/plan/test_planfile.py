"""The count plan file: parsing, every kind of problem with its key path, writing, applying."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from tracetool import locale, paths
from tracetool.codes.codebook import load_codebook
from tracetool.desk.applying import apply_plan
from tracetool.errors import FileFormatError, Problem, ValidationError
from tracetool.plan.model import CountPeriod, ExtraQuestion, Unit
from tracetool.plan.planfile import check_plan_text, load_plan, parse_plan
from tracetool.plan.writing import dump_plan
from tracetool.store import settings
from tracetool.store.db import open_database

BASE = """\
municipality = 259
municipality_name = "Køge"
test_mode = false

[[period]]
name = "Efterår 2026"
start = 2026-10-19
end = 2026-10-25

[[unit]]
login = "259borgerservice"
name = "Borgerservice"
tasks = ["23.05.10", "23.09.02", "32.15.00"]
parameters = ["koen", "alder"]
channels = ["PRSNLG", "TLFIND", "TLFUD"]

[[unit]]
login = "259telefon"
name = "Telefon"
tasks = ["23.05.10"]

[[question]]
key = "underholdsbidrag"
text = "Hvad drejede henvendelsen sig om?"
answers = ["Børnebidrag", "Ægtefællebidrag"]
tasks = ["32.15.00"]
"""


def problems(text: str) -> list[tuple[str, object, str]]:
    return [(p.where, p.value, p.reason) for p in check_plan_text(text)]


def only_problem(text: str) -> Problem:
    found = check_plan_text(text)
    assert len(found) == 1, found
    return found[0]


# -- parsing --------------------------------------------------------------------------------


def test_base_plan_parses() -> None:
    assert check_plan_text(BASE) == []
    plan = parse_plan(BASE)
    assert plan.municipality == 259
    assert plan.municipality_name == "Køge"
    assert plan.test_mode is False
    assert plan.periods == (CountPeriod("Efterår 2026", date(2026, 10, 19), date(2026, 10, 25)),)
    unit = plan.unit("259borgerservice")
    assert unit == Unit(
        login="259borgerservice",
        name="Borgerservice",
        tasks=("23.05.10", "23.09.02", "32.15.00"),
        parameters=("koen", "alder"),
        channels=("PRSNLG", "TLFIND", "TLFUD"),
    )
    assert unit.hotkeys()[:2] == [("1", "23.05.10"), ("2", "23.09.02")]
    assert plan.questions == (
        ExtraQuestion(
            key="underholdsbidrag",
            text="Hvad drejede henvendelsen sig om?",
            answers=("Børnebidrag", "Ægtefællebidrag"),
            tasks=("32.15.00",),
        ),
    )


def test_channels_default_to_every_desk_channel() -> None:
    telefon = parse_plan(BASE).unit("259telefon")
    assert telefon is not None
    codebook = load_codebook()
    expected = [c.code for c in codebook.app_channels("IND") + codebook.app_channels("UD")]
    assert list(telefon.channels) == expected
    assert "WEB" not in telefon.channels
    assert telefon.parameters == ()


def test_test_mode_defaults_to_on() -> None:
    plan = parse_plan(BASE.replace("test_mode = false\n", ""))
    assert plan.test_mode is True


def test_a_utf8_bom_is_accepted() -> None:
    assert parse_plan("\ufeff" + BASE).municipality == 259


def test_a_task_outside_the_catalogue_is_fine_and_group_level_too() -> None:
    text = BASE.replace('tasks = ["23.05.10"]\n', 'tasks = ["23.05.10", "85.02.02", "15.20"]\n')
    unit = parse_plan(text).unit("259telefon")
    assert unit is not None
    assert unit.tasks == ("23.05.10", "85.02.02", "15.20")


def test_more_than_35_tasks_is_not_a_problem_and_only_35_get_hotkeys() -> None:
    many = [f"{g:02d}.{s:02d}.00" for g in range(1, 6) for s in range(1, 9)]  # 40 tasks
    text = BASE.replace('tasks = ["23.05.10"]\n', f"tasks = {many!r}\n".replace("'", '"'))
    assert check_plan_text(text) == []
    unit = parse_plan(text).unit("259telefon")
    assert unit is not None
    assert len(unit.tasks) == 40
    keys = unit.hotkeys()
    assert len(keys) == 35
    assert keys[8] == ("9", many[8])
    assert keys[9] == ("A", many[9])
    assert keys[-1] == ("Z", many[34])


# -- count periods by ISO week --------------------------------------------------------------


def _weeks_plan(period: str) -> str:
    return BASE.replace("start = 2026-10-19\nend = 2026-10-25\n", period)


@pytest.mark.parametrize(
    ("period", "start", "end"),
    [
        ('weeks = "43-45"\nyear = 2026\n', date(2026, 10, 19), date(2026, 11, 8)),
        ('weeks = "17–19"\nyear = 2013\n', date(2013, 4, 22), date(2013, 5, 12)),
        ("weeks = 43\nyear = 2013\n", date(2013, 10, 21), date(2013, 10, 27)),
        ('weeks = "53"\nyear = 2026\n', date(2026, 12, 28), date(2027, 1, 3)),
        ('weeks = "52-1"\nyear = 2027\n', date(2027, 12, 27), date(2028, 1, 9)),
    ],
)
def test_weeks_mean_monday_of_first_to_sunday_of_last(period: str, start: date, end: date) -> None:
    plan = parse_plan(_weeks_plan(period))
    assert (plan.periods[0].start, plan.periods[0].end) == (start, end)
    assert plan.periods[0].name == "Efterår 2026"


def test_a_period_without_a_name_gets_one() -> None:
    text = BASE.replace('name = "Efterår 2026"\nstart = 2026-10-19\nend = 2026-10-25\n', "")
    text = text.replace("[[period]]\n", '[[period]]\nweeks = "43-45"\nyear = 2026\n')
    assert parse_plan(text).periods[0].name == "Uge 43–45 2026"
    text = BASE.replace('name = "Efterår 2026"\n', "")
    assert parse_plan(text).periods[0].name == "19-10-2026 – 25-10-2026"


# -- problems: every kind, with its key path ------------------------------------------------


@pytest.mark.parametrize(
    ("old", "new", "where", "value", "reason"),
    [
        # top level
        ("municipality = 259", "municipality = 42", "municipality", 42, "tre cifre"),
        ("municipality = 259", "municipality = 1000", "municipality", 1000, "tre cifre"),
        ("municipality = 259", 'municipality = "259"', "municipality", "259", "anførselstegn"),
        ("municipality = 259\n", "", "municipality", None, "mangler"),
        ('municipality_name = "Køge"', 'municipality_name = " "', "municipality_name", " ", "tom"),
        ("test_mode = false", 'test_mode = "nej"', "test_mode", "nej", "true eller false"),
        ("test_mode = false", "testmode = false", "testmode", "testmode", "mente du 'test_mode'"),
        # periods
        ("end = 2026-10-25", "end = 2026-10-18", "period[1].end", "2026-10-18", "før start"),
        ("start = 2026-10-19", 'start = "2026-10-19"', "period[1].start", "2026-10-19", "uden"),
        (
            "start = 2026-10-19",
            "start = 2026-10-19T08:00:00",
            "period[1].start",
            "2026-10-19 08:00:00",
            "uden klokkeslæt",
        ),
        ("end = 2026-10-25\n", "", "period[1].end", None, "mangler"),
        ("end = 2026-10-25", 'end = 2026-10-25\nweeks = "43"', "period[1]", None, "ikke begge"),
        (
            "start = 2026-10-19\nend = 2026-10-25",
            'weeks = "43-45"',
            "period[1].year",
            None,
            "mangler",
        ),
        (
            "start = 2026-10-19\nend = 2026-10-25",
            'weeks = "uge 43"\nyear = 2026',
            "period[1].weeks",
            "uge 43",
            "interval",
        ),
        (
            "start = 2026-10-19\nend = 2026-10-25",
            'weeks = "53"\nyear = 2027',
            "period[1].weeks",
            "53",
            "findes ikke",
        ),
        ("end = 2026-10-25", "end = 2026-10-25\nslut = 1", "period[1].slut", "slut", "ukendt"),
        # units
        ('login = "259telefon"', 'login = "259 telefon"', "unit[2].login", "259 telefon", "mellem"),
        (
            'login = "259telefon"',
            'login = "259borgerservice"',
            "unit[2].login",
            "259borgerservice",
            "allerede brugt af unit[1]",
        ),
        ('login = "259telefon"\n', "", "unit[2].login", None, "mangler"),
        ('name = "Telefon"\n', "", "unit[2].name", None, "mangler"),
        ('tasks = ["23.05.10"]\n', "", "unit[2].tasks", None, "mangler"),
        ('tasks = ["23.05.10"]\n', "tasks = []\n", "unit[2].tasks", [], "ingen opgaver"),
        ('tasks = ["23.05.10"]', 'tasks = "23.05.10"', "unit[2].tasks", "23.05.10", "en liste"),
        (
            'tasks = ["23.05.10", "23.09.02", "32.15.00"]',
            'tasks = ["23.05.10", "23.09.02", "32.15.00", "01.02.03", "23.5.10"]',
            "unit[1].tasks[5]",
            "23.5.10",
            "ikke et KLE-nummer",
        ),
        (
            'tasks = ["23.05.10"]',
            'tasks = ["23.05.10", 23.05]',
            "unit[2].tasks[2]",
            23.05,
            "tekst i anførselstegn",
        ),
        (
            'tasks = ["23.05.10"]',
            'tasks = ["23.05.10", "23.05.10"]',
            "unit[2].tasks[2]",
            "23.05.10",
            "allerede (unit[2].tasks[1])",
        ),
        (
            'parameters = ["koen", "alder"]',
            'parameters = ["koen", "køn"]',
            "unit[1].parameters[2]",
            "køn",
            "ukendt parameter",
        ),
        (
            'parameters = ["koen", "alder"]',
            'parameters = ["koen", "koen"]',
            "unit[1].parameters[2]",
            "koen",
            "allerede",
        ),
        (
            'channels = ["PRSNLG", "TLFIND", "TLFUD"]',
            'channels = ["PRSNLG", "WEB", "TLFUD"]',
            "unit[1].channels[2]",
            "WEB",
            "systemudtræk",
        ),
        (
            'channels = ["PRSNLG", "TLFIND", "TLFUD"]',
            'channels = ["PRSNLG", "TELEFON", "TLFUD"]',
            "unit[1].channels[2]",
            "TELEFON",
            "ukendt kanalkode",
        ),
        (
            'channels = ["PRSNLG", "TLFIND", "TLFUD"]',
            'channels = ["PRSNLG", "tlfind", "TLFUD"]',
            "unit[1].channels[2]",
            "tlfind",
            "store bogstaver: TLFIND",
        ),
        (
            'channels = ["PRSNLG", "TLFIND", "TLFUD"]',
            "channels = []",
            "unit[1].channels",
            [],
            "udelad channels",
        ),
        ('name = "Telefon"', 'name = "Telefon"\ntask = []', "unit[2].task", "task", "'tasks'"),
        (
            'name = "Telefon"',
            'name = "Telefon"\ntest_mode = true',
            "unit[2].test_mode",
            "test_mode",
            "øverst i filen",
        ),
        # questions
        (
            'key = "underholdsbidrag"',
            'key = "under holdsbidrag"',
            "question[1].key",
            "under holdsbidrag",
            "mellemrum",
        ),
        ('key = "underholdsbidrag"', 'key = "koen"', "question[1].key", "koen", "parameter"),
        (
            'text = "Hvad drejede henvendelsen sig om?"',
            'text = ""',
            "question[1].text",
            "",
            "tom",
        ),
        (
            'answers = ["Børnebidrag", "Ægtefællebidrag"]',
            'answers = ["Børnebidrag"]',
            "question[1].answers",
            ["Børnebidrag"],
            "mindst to",
        ),
        (
            'tasks = ["32.15.00"]',
            'tasks = ["32.15.00", "23.09.04"]',
            "question[1].tasks[2]",
            "23.09.04",
            "ikke på nogen enheds opgaveliste",
        ),
        ('tasks = ["32.15.00"]', "tasks = []", "question[1].tasks", [], "mindst én opgave"),
        ('tasks = ["32.15.00"]', 'tasks = ["32.15"]', "question[1].tasks[1]", "32.15", "ikke på"),
    ],
)
def test_each_problem_names_its_key_path_and_value(
    old: str, new: str, where: str, value: object, reason: str
) -> None:
    assert BASE.count(old) == 1
    problem = only_problem(BASE.replace(old, new))
    assert problem.where == where
    assert problem.value == value
    assert reason in problem.reason


def test_every_problem_is_reported_at_once() -> None:
    text = (
        BASE.replace("municipality = 259", "municipality = 7")
        .replace('"23.09.02"', '"23.9.2"')
        .replace('"TLFUD"', '"FPRNT"')
        .replace('login = "259telefon"', 'login = "259borgerservice"')
        .replace('answers = ["Børnebidrag", "Ægtefællebidrag"]', 'answers = ["a", "a"]')
    )
    wheres = [w for w, _, _ in problems(text)]
    assert wheres == [
        "municipality",
        "unit[1].tasks[2]",
        "unit[1].channels[3]",
        "unit[2].login",
        "question[1].answers[2]",
        "question[1].answers",
    ]


def test_a_plan_needs_a_unit() -> None:
    text = BASE[: BASE.index("[[unit]]")]
    assert problems(text) == [
        ("unit", None, "planen har ingen enheder; tilføj mindst én [[unit]]-blok")
    ]


def test_single_brackets_for_a_block_are_explained() -> None:
    text = BASE.replace("[[period]]", "[period]")
    problem = only_problem(text)
    assert problem.where == "period"
    assert "[[period]]" in problem.reason


def test_overlapping_periods() -> None:
    text = BASE.replace(
        "\n[[unit]]",
        '\n[[period]]\nname = "Ekstra"\nstart = 2026-10-25\nend = 2026-10-31\n\n[[unit]]',
        1,
    )
    problem = only_problem(text)
    assert problem.where == "period[2]"
    assert problem.value == "Ekstra"
    assert "overlapper period[1] 'Efterår 2026'" in problem.reason
    adjacent = text.replace("start = 2026-10-25", "start = 2026-10-26")
    assert check_plan_text(adjacent) == []


def test_duplicate_question_key_and_text() -> None:
    block = BASE[BASE.index("[[question]]") :]
    text = BASE + "\n" + block
    assert problems(text) == [
        ("question[2].key", "underholdsbidrag", "nøglen er allerede brugt af question[1]"),
        (
            "question[2].text",
            "Hvad drejede henvendelsen sig om?",
            "teksten er allerede brugt af question[1]; "
            "hver tekst bliver en kolonneoverskrift i udtræk",
        ),
    ]


def test_a_question_on_a_task_of_a_unit_with_problems_is_not_flagged_twice() -> None:
    text = BASE.replace('name = "Borgerservice"\n', "")
    assert [w for w, _, _ in problems(text)] == ["unit[1].name"]


@pytest.mark.parametrize(
    ("text", "where", "value", "reason"),
    [
        ("municipality = 259\nmunicipality_name = Køge\n", "linje 2, kolonne 21",
         "municipality_name = Køge", "ugyldig værdi"),
        ('municipality = 259\nmunicipality_name "Køge"\n', "linje 2, kolonne 19",
         'municipality_name "Køge"', "mangler '='"),
        ('municipality = 259\n[[unit]\nlogin = "x"\n', "linje 2, kolonne 7", "[[unit]", "']]'"),
        ('a = "x\n', "linje 1, kolonne 7", 'a = "x', "anførselstegn"),
        ("a = [1,\n", "linje 1, filens slutning", "a = [1,", "ugyldig værdi"),
    ],
)  # fmt: skip
def test_toml_syntax_errors_give_line_and_column(
    text: str, where: str, value: str, reason: str
) -> None:
    problem = only_problem(text)
    assert problem.where == where
    assert problem.value == value
    assert problem.reason.startswith("ugyldig TOML: ")
    assert reason in problem.reason


def test_parse_plan_raises_with_every_problem_and_the_source() -> None:
    bad = BASE.replace("municipality = 259", "municipality = 7").replace('"23.09.02"', '"x"')
    with pytest.raises(ValidationError) as caught:
        parse_plan(bad, "kommune.toml")
    assert caught.value.context == "kommune.toml"
    assert [p.where for p in caught.value.problems] == ["municipality", "unit[1].tasks[2]"]
    assert str(caught.value).startswith("kommune.toml: municipality: ")


# -- files ----------------------------------------------------------------------------------


def test_load_plan_reads_a_file(tmp_path: Path) -> None:
    path = tmp_path / "plan.toml"
    path.write_text(BASE, encoding="utf-8")
    assert load_plan(path) == parse_plan(BASE)


def test_load_plan_names_the_file_in_problems(tmp_path: Path) -> None:
    path = tmp_path / "plan.toml"
    path.write_text(BASE.replace("259\n", "2590\n", 1), encoding="utf-8")
    with pytest.raises(ValidationError) as caught:
        load_plan(path)
    assert caught.value.context == str(path)


def test_load_plan_rejects_a_file_that_is_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "plan.toml"
    path.write_bytes(BASE.encode("cp1252"))
    with pytest.raises(FileFormatError) as caught:
        load_plan(path)
    assert caught.value.line == 2
    assert caught.value.column == 23  # the ø of "Køge", counted in characters
    assert "ikke UTF-8" in str(caught.value)


def test_load_plan_missing_file(tmp_path: Path) -> None:
    with pytest.raises(FileFormatError, match="findes ikke"):
        load_plan(tmp_path / "nope.toml")


# -- writing --------------------------------------------------------------------------------


def test_dump_and_parse_round_trip() -> None:
    plan = parse_plan(
        _weeks_plan('weeks = "43-45"\nyear = 2026\n')
        + '\n[[question]]\nkey = "b"\ntext = "Med \\"citat\\" og \\\\"\n'
        + 'answers = ["Ja", "Nej", "Ved ikke"]\ntasks = ["23.05.10", "23.09.02"]\n'
    )
    text = dump_plan(plan)
    assert parse_plan(text) == plan
    assert "start = 2026-10-19" in text  # canonical: weeks become dates
    assert dump_plan(parse_plan(text)) == text


# -- applying -------------------------------------------------------------------------------


def test_apply_copies_the_file_verbatim_and_sets_test_mode(tmp_path: Path) -> None:
    source = tmp_path / "plan.toml"
    raw = ("# min kommentar\r\n" + BASE).encode("utf-8")
    source.write_bytes(raw)
    plan = apply_plan(source)
    assert plan.municipality == 259
    assert paths.plan_path().read_bytes() == raw
    db = open_database()
    try:
        assert settings.test_mode(db) is False
    finally:
        db.close()


def test_apply_resets_a_current_unit_that_left_the_plan(tmp_path: Path) -> None:
    db = open_database()
    try:
        settings.put(db, "current_unit", "259gammel")
        source = tmp_path / "plan.toml"
        source.write_text(BASE, encoding="utf-8")
        apply_plan(source)
        assert settings.get(db, "current_unit") == ""
        settings.put(db, "current_unit", "259telefon")
        apply_plan(source)
        assert settings.get(db, "current_unit") == "259telefon"
    finally:
        db.close()


def test_an_invalid_plan_changes_nothing(tmp_path: Path) -> None:
    good = tmp_path / "good.toml"
    good.write_text(BASE, encoding="utf-8")
    apply_plan(good)
    bad = tmp_path / "bad.toml"
    bad.write_text(
        BASE.replace("test_mode = false", "test_mode = true").replace("259\n", "9\n", 1),
        encoding="utf-8",
    )
    with pytest.raises(ValidationError):
        apply_plan(bad)
    assert paths.plan_path().read_text(encoding="utf-8") == BASE
    db = open_database()
    try:
        assert settings.test_mode(db) is False
    finally:
        db.close()


def test_an_english_desk_reads_the_plan_problems_in_english(tmp_path: Path) -> None:
    path = tmp_path / "plan.toml"
    path.write_text(BASE.replace("259\n", '"259"\n', 1), encoding="utf-8")
    with locale.speaking("en"), pytest.raises(ValidationError) as caught:
        load_plan(path)
    assert str(caught.value) == (
        f"{path}: municipality: must be a number without quotation marks (value: '259')"
    )
    with locale.speaking("en"):
        (syntax,) = check_plan_text("x = [\n")
        assert str(syntax) == (
            "line 1, end of file: invalid TOML: invalid value (text goes in quotation marks,"
            " dates are written 2026-10-19) (value: 'x = [')"
        )
    assert str(syntax).endswith("(value: 'x = [')")  # said in the language it was found in
    (danish,) = check_plan_text("x = [\n")
    assert str(danish).startswith("linje 1, filens slutning: ugyldig TOML: ugyldig værdi")
