"""`tracetool plan init|check|apply|show` through the real Typer app (TRACETOOL_HOME per test)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from tracetool import paths
from tracetool.cli.main import app
from tracetool.plan.planfile import load_plan
from tracetool.plan.writing import dump_plan, render_default_plan

PLAN = """\
municipality = 101
municipality_name = "København"
test_mode = false

[[period]]
name = "Efterår"
weeks = "43-45"
year = 2026

[[unit]]
login = "101borgerservice"
name = "Borgerservice"
tasks = ["23.05.10", "23.09.02", "32.15.00", "85.02.99"]
parameters = ["koen"]
channels = ["PRSNLG", "TLFIND", "TLFUD"]

[[unit]]
login = "101telefon"
name = "Telefon"
tasks = ["23.05.10"]

[[question]]
key = "underholdsbidrag"
text = "Hvad drejede henvendelsen sig om?"
answers = ["Børnebidrag", "Ægtefællebidrag"]
tasks = ["32.15.00"]
"""

BAD = (
    PLAN.replace("municipality = 101", "municipality = 1010")
    .replace('"23.09.02"', '"23.9.2"')
    .replace('"TLFUD"', '"WEB"')
)


@pytest.fixture
def cwd(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    return work


def run(*args: str) -> Result:
    result = CliRunner().invoke(app, list(args))
    assert "Traceback" not in result.output
    if result.exception is not None:
        assert isinstance(result.exception, SystemExit), result.exception
    return result


def write(path: Path, text: str) -> Path:
    path.write_bytes(text.encode("utf-8"))
    return path


# -- init -----------------------------------------------------------------------------------


def test_init_writes_and_applies_the_default_plan(cwd: Path) -> None:
    result = run("plan", "init")
    assert result.exit_code == 0, result.output
    written = cwd / "plan.toml"
    assert written.read_text(encoding="utf-8") == render_default_plan(
        259, "Køge", "259borgerservice"
    )
    assert paths.plan_path().read_bytes() == written.read_bytes()
    assert "1 enhed, 46 opgaver, 1 tælleperiode" in result.stdout
    assert "testtilstand til" in result.stdout

    added = run("add", "--channel", "TLFIND", "--task", "23.05.10", "--type", "VEJL")
    assert added.exit_code != 0  # --closing is required: the CLI still guards its input
    added = run(
        "add", "--channel", "TLFIND", "--task", "23.05.10", "--type", "VEJL", "--closing", "STRAKS"
    )
    assert added.exit_code == 0, added.output
    assert "259borgerservice" in added.stdout
    # The default plan starts in test mode, so the trial registration is test data.
    listed = run("list", "--include-test", "--json")
    rows = [json.loads(line) for line in listed.stdout.splitlines()]
    assert [(r["unit"], r["task"], r["test_mode"]) for r in rows] == [
        ("259borgerservice", "23.05.10", True)
    ]
    assert run("list", "--json").stdout == ""


def test_after_test_mode_is_off_list_shows_the_registration(cwd: Path) -> None:
    assert run("plan", "init").exit_code == 0
    assert run("test-mode", "off").exit_code == 0
    added = run(
        "add", "--channel", "TLFIND", "--task", "23.05.10", "--type", "VEJL", "--closing", "STRAKS"
    )
    assert added.exit_code == 0, added.output
    listed = run("list")
    assert listed.exit_code == 0
    assert "(1 henvendelser)" in listed.stdout
    assert "TLFIND" in listed.stdout
    assert "TEST" not in listed.stdout


def test_init_with_options(cwd: Path) -> None:
    result = run(
        "plan",
        "init",
        "--municipality",
        "101",
        "--name",
        "København",
        "--unit",
        "101telefon",
        "--unit-name",
        "Telefonen",
        "--out",
        "kbh.toml",
    )
    assert result.exit_code == 0, result.output
    plan = load_plan(cwd / "kbh.toml")
    assert (plan.municipality, plan.municipality_name) == (101, "København")
    assert (plan.units[0].login, plan.units[0].name) == ("101telefon", "Telefonen")
    assert load_plan(paths.plan_path()) == plan


def test_init_refuses_to_overwrite_without_force(cwd: Path) -> None:
    existing = write(cwd / "plan.toml", "# min egen plan\n")
    result = run("plan", "init")
    assert result.exit_code == 1
    assert "findes allerede" in result.stderr
    assert "--force" in result.stderr
    assert existing.read_text(encoding="utf-8") == "# min egen plan\n"
    assert not paths.plan_path().exists()

    forced = run("plan", "init", "--force")
    assert forced.exit_code == 0, forced.output
    assert "Køge" in existing.read_text(encoding="utf-8")


def test_init_with_a_bad_option_writes_nothing(cwd: Path) -> None:
    result = run("plan", "init", "--municipality", "42")
    assert result.exit_code == 1
    assert "municipality" in result.stderr
    assert "tre cifre" in result.stderr
    assert not (cwd / "plan.toml").exists()
    assert not paths.plan_path().exists()


def test_init_says_when_it_replaces_the_applied_plan(cwd: Path) -> None:
    assert run("plan", "apply", str(write(cwd / "kbh.toml", PLAN))).exit_code == 0
    result = run("plan", "init")
    assert result.exit_code == 0
    assert "erstattet" in result.stdout
    assert load_plan(paths.plan_path()).municipality == 259


# -- check ----------------------------------------------------------------------------------


def test_check_a_good_file(cwd: Path) -> None:
    result = run("plan", "check", str(write(cwd / "kbh.toml", PLAN)))
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == (
        "Planen er i orden: 2 enheder, 4 opgaver, 1 tælleperiode, 1 ekstra spørgsmål, "
        "testtilstand fra."
    )
    assert not paths.plan_path().exists()  # checking applies nothing


def test_check_reports_every_problem_with_its_key_path_and_changes_nothing(cwd: Path) -> None:
    assert run("plan", "init").exit_code == 0
    applied = paths.plan_path().read_bytes()

    result = run("plan", "check", str(write(cwd / "bad.toml", BAD)))
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    path = str(cwd / "bad.toml")
    assert lines == [
        f"{path}: municipality: kommunenummeret skal have tre cifre (101–999) (værdi: 1010)",
        f"{path}: unit[1].tasks[2]: ikke et KLE-nummer (skriv fx 23.05.10 eller 23.05) "
        "(værdi: '23.9.2')",
        f"{path}: unit[1].channels[3]: kanalen tælles fra systemudtræk, ikke ved skranken; "
        "den kan ikke vælges her (værdi: 'WEB')",
    ]
    assert "3 fejl" in result.stderr
    assert paths.plan_path().read_bytes() == applied


def test_check_reports_toml_syntax_with_line_and_column(cwd: Path) -> None:
    bad = write(cwd / "syntax.toml", "municipality = 259\nmunicipality_name = Køge\n")
    result = run("plan", "check", str(bad))
    assert result.exit_code == 1
    assert result.stdout.startswith(f"{bad}: linje 2, kolonne 21: ugyldig TOML: ugyldig værdi")
    assert "municipality_name = Køge" in result.stdout


def test_check_a_file_that_is_not_utf8(cwd: Path) -> None:
    latin = cwd / "latin.toml"
    latin.write_bytes(PLAN.encode("cp1252"))
    result = run("plan", "check", str(latin))
    assert result.exit_code == 1
    assert result.stdout == ""
    message = result.stderr.strip()
    assert "\n" not in message
    assert message.startswith(f"fejl: {latin}, linje 2, kolonne 23: filen er ikke UTF-8")


def test_check_a_missing_file(cwd: Path) -> None:
    result = run("plan", "check", "findes-ikke.toml")
    assert result.exit_code == 1
    assert result.stderr.strip() == "fejl: findes-ikke.toml: filen findes ikke"


# -- apply ----------------------------------------------------------------------------------


def test_apply_a_good_plan(cwd: Path) -> None:
    source = write(cwd / "kbh.toml", "# tovholderens kommentar\n" + PLAN)
    result = run("plan", "apply", str(source))
    assert result.exit_code == 0, result.output
    assert "Planen er taget i brug: 2 enheder" in result.stdout
    assert paths.plan_path().read_bytes() == source.read_bytes()
    mode = run("test-mode")
    assert "FRA" in mode.stdout

    added = run(
        "add",
        "--channel",
        "TLFIND",
        "--task",
        "32.15.00",
        "--type",
        "INFO",
        "--closing",
        "HOLD",
        "--answer",
        "koen=K",
        "--answer",
        "underholdsbidrag=Børnebidrag",
    )
    assert added.exit_code == 0, added.output
    listed = run("list", "--json")
    (row,) = [json.loads(line) for line in listed.stdout.splitlines()]
    assert row["municipality"] == 101
    assert row["answers"] == {"koen": "K", "underholdsbidrag": "Børnebidrag"}


def test_apply_an_invalid_plan_changes_nothing(cwd: Path) -> None:
    good = write(cwd / "kbh.toml", PLAN)
    assert run("plan", "apply", str(good)).exit_code == 0
    before = paths.plan_path().read_bytes()

    result = run("plan", "apply", str(write(cwd / "bad.toml", BAD.replace("false", "true"))))
    assert result.exit_code == 1
    assert len(result.stdout.splitlines()) == 3
    assert "planen er ikke taget i brug" in result.stderr
    assert paths.plan_path().read_bytes() == before
    assert "FRA" in run("test-mode").stdout


# -- show -----------------------------------------------------------------------------------


def test_show_without_a_plan(cwd: Path) -> None:
    result = run("plan", "show")
    assert result.exit_code == 1
    assert "ingen tælleplan" in result.stderr
    assert "plan init" in result.stderr


def test_show_summarises_the_applied_plan(cwd: Path) -> None:
    assert run("plan", "apply", str(write(cwd / "kbh.toml", PLAN))).exit_code == 0
    result = run("plan", "show")
    assert result.exit_code == 0, result.output
    out = result.stdout
    for text in (
        "Tælleplan for København (101)",
        "Testtilstand i planen: fra",
        "Efterår: 19-10-2026 – 08-11-2026",
        "Enhed 101borgerservice – Borgerservice",
        "23.05.10",
        "Flytning",
        "Pas",
        "Parametre: koen (Køn)",
        "TLFIND Telefon",
        "Enhed 101telefon – Telefon",
        "underholdsbidrag: Hvad drejede henvendelsen sig om?",
        "Svar: Børnebidrag · Ægtefællebidrag",
    ):
        assert text in out, text


def test_show_json(cwd: Path) -> None:
    assert run("plan", "apply", str(write(cwd / "kbh.toml", PLAN))).exit_code == 0
    result = run("plan", "show", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["municipality"] == 101
    assert data["test_mode"] is False
    assert data["periods"] == [{"name": "Efterår", "start": "2026-10-19", "end": "2026-11-08"}]
    unit = data["units"][0]
    assert unit["login"] == "101borgerservice"
    assert unit["tasks"][:2] == [
        {"key": "1", "kle": "23.05.10", "name": "Flytning"},
        {"key": "2", "kle": "23.09.02", "name": "Pas"},
    ]
    # A KLE subject outside the catalogue (and the empty KLE table) is shown by its number.
    assert unit["tasks"][3] == {"key": "4", "kle": "85.02.99", "name": "85.02.99"}
    assert unit["channels"] == ["PRSNLG", "TLFIND", "TLFUD"]
    assert data["units"][1]["channels"][0] == "PRSNLG"
    assert data["questions"][0]["key"] == "underholdsbidrag"


def test_show_json_marks_tasks_without_hotkey(cwd: Path) -> None:
    assert run("plan", "init").exit_code == 0
    data = json.loads(run("plan", "show", "--json").stdout)
    tasks = data["units"][0]["tasks"]
    assert [t["key"] for t in tasks[33:37]] == ["Y", "Z", None, None]
    assert tasks[-1] == {"key": None, "kle": "00.00.00", "name": "Fejlhenvendelse"}


def test_show_toml_is_the_canonical_dump(cwd: Path) -> None:
    assert run("plan", "apply", str(write(cwd / "kbh.toml", PLAN))).exit_code == 0
    result = run("plan", "show", "--toml")
    assert result.exit_code == 0
    assert result.stdout == dump_plan(load_plan(paths.plan_path()))
    assert run("plan", "check", str(write(cwd / "dump.toml", result.stdout))).exit_code == 0


def test_show_json_and_toml_together_is_an_error(cwd: Path) -> None:
    result = run("plan", "show", "--json", "--toml")
    assert result.exit_code == 1
    assert "--json eller --toml" in result.stderr
