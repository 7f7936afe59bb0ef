"""`tracetool paper enter`: a day's sheet in one command, all or nothing."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.tui.support import UNIT, make_plan, stored
from tracetool import timeutil
from tracetool.cli.main import app

runner = CliRunner()
DAY = "21-10-2025"


@pytest.fixture(autouse=True)
def plan() -> None:
    make_plan(parameters=("koen",), test_mode=False, extra_unit=True)


def enter(*args: str, text: str = "") -> tuple[int, str, str]:
    result = runner.invoke(app, ["paper", "enter", *args], input=text)
    return result.exit_code, result.stdout, result.stderr


def test_lines_from_standard_input_are_stored_as_paper() -> None:
    code, out, err = enter(
        "--date", DAY, "--hour", "10", "--unit", UNIT, text="2341 1 x3\n2 0 1 2\n"
    )
    assert code == 0, err
    assert "Gemt fra papir (21-10-2025, 259borgerservice): 2 linjer, 4 henvendelser." in out
    rows = stored()
    assert sorted(r.count for r in rows) == [1, 3]
    assert {(r.source, timeutil.local(r.saved_at).hour, r.unit) for r in rows} == {
        ("paper", 10, UNIT)
    }


def test_one_bad_line_stores_nothing_and_says_which_and_why(tmp_path: Path) -> None:
    sheet = tmp_path / "ark.txt"
    sheet.write_text("2341 1\n2 3 9 1 1\n2341 1 @07\n2341\n", encoding="utf-8")
    code, out, err = enter("--date", DAY, "--hour", "9", "--file", str(sheet))
    assert code == 1
    assert "linje 2: type: '9' er ingen tast her (gyldige: 1 2 3 4 5 6)" in err
    assert "linje 4: mangler køn" in err
    assert "2 af 4 linjer er forkerte; intet er gemt" in err
    assert "Traceback" not in err + out
    assert stored() == []


def test_skip_invalid_stores_the_good_and_writes_the_bad_to_fix(tmp_path: Path) -> None:
    sheet = tmp_path / "ark.txt"
    sheet.write_text("2341 1\n2 3 9 1 1 x4\n", encoding="utf-8")
    fix = tmp_path / "ret.txt"
    code, out, err = enter(
        "--date", DAY, "--hour", "9", "-f", str(sheet), "--skip-invalid", str(fix)
    )
    assert code == 0, err
    assert "1 linjer, 1 henvendelser" in out and f"de står i {fix}" in err
    assert fix.read_text(encoding="utf-8").splitlines() == [
        "# linje 2: type: '9' er ingen tast her (gyldige: 1 2 3 4 5 6)",
        "2 3 9 1 1 x4",
    ]
    assert len(stored()) == 1
    fix.write_text(fix.read_text(encoding="utf-8").replace("2 3 9", "2 3 4"), encoding="utf-8")
    code, out, err = enter("--date", DAY, "--hour", "9", "-f", str(fix))
    assert code == 0, err
    assert sorted(r.count for r in stored()) == [1, 4]


def test_keys_are_the_named_units_own() -> None:
    # The phone unit has two tasks and no parameter: 3 is no task there, and no køn is asked.
    code, _, err = enter("--date", DAY, "--hour", "9", "-u", "259telefon", text="2 3 4 1\n")
    assert code == 1
    assert "linje 1: opgave: '3' er ingen tast her (gyldige: 1 2 0 eller et KLE-nummer" in err
    code, _, err = enter("--date", DAY, "--hour", "9", "-u", "259telefon", text="2 2 4 1\n")
    assert code == 0, err
    (row,) = stored()
    assert (row.unit, row.task, row.answers) == ("259telefon", "29.03.04", {})


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--date", "32-10-2025"], "--date: ukendt dato '32-10-2025'"),
        (["--date", DAY, "--unit", "259ukendt"], "ukendt enhed '259ukendt'"),
        (
            ["--date", DAY, "--file", "/findes/ikke.txt"],
            "--file /findes/ikke.txt: filen findes ikke",
        ),
        (["--date", DAY], "linje 1: ingen time: skriv @HH på linjen eller giv --hour"),
    ],
)
def test_bad_options_are_one_clear_line(args: list[str], message: str) -> None:
    code, _, err = enter(*args, text="2341 1\n")
    assert code == 1
    assert message in err and "Traceback" not in err
    assert stored() == []


def test_a_future_date_is_refused() -> None:
    tomorrow = timeutil.local(timeutil.now()).date() + timedelta(days=1)
    code, _, err = enter("--date", tomorrow.strftime("%d-%m-%Y"), "--hour", "9", text="2341 1\n")
    assert code == 1 and "datoen ligger i fremtiden" in err


def test_an_hour_outside_the_day_is_refused_by_the_option() -> None:
    code, _, err = enter("--date", DAY, "--hour", "24", text="2341 1\n")
    assert code == 2 and "--hour" in err and "Traceback" not in err


def test_dry_run_checks_and_counts_but_stores_nothing(tmp_path: Path) -> None:
    sheet = tmp_path / "ark.txt"
    sheet.write_text("2341 1 x3\n2 0 1 2\n", encoding="utf-8")
    code, out, err = enter("--date", DAY, "--hour", "9", "-f", str(sheet), "--dry-run")
    assert code == 0, err
    assert "2 gode linjer, 4 henvendelser, 0 forkerte; intet gemt (--dry-run)" in out
    sheet.write_text("2341 1 x3\n2 3 9 1 1\n", encoding="utf-8")
    code, out, err = enter("--date", DAY, "--hour", "9", "-f", str(sheet), "--dry-run")
    assert code == 1 and "1 gode linjer, 3 henvendelser, 1 forkerte" in out
    assert "linje 2: type: '9'" in err
    assert stored() == []
