"""--map: other systems' CSV files (a queue system, a phone system) onto the codebook."""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.formats import support as support
from tests.formats.support import count, do_import, write
from tracetool.cli.main import app
from tracetool.desk.desk import Desk
from tracetool.errors import FileFormatError, ValidationError
from tracetool.formats.importing import MAP_EXAMPLE, load_map

runner = CliRunner()
desk = support.desk

QUEUE_CSV = """Billetnr,Kø,Sagstype,Dato,Tid,Status,Køn
A001,Kø A,Pas,21-10-2013,09:02,Betjent,K
A002,Kø A,Kørekort,21-10-2013,09:05,Betjent,M
A003,Kø A,Flytning,21-10-2013,09:07,Udeblevet,
A004,Kø B,pas,21-10-2013,09:07,Betjent,
A005,Kø B,Pas,21-10-2013,09:07,Betjent,
"""

QUEUE_MAP = """
# Køsystemet Q-Matic: én række pr. billet
[file]
delimiter = ","
date_format = "%d-%m-%Y %H:%M"

[columns]
saved_at = ["Dato", "Tid"]
unit = "Kø"
task = "Sagstype"

[constants]
channel = "PRSNLG"
type = "VEJL"
closing = "STRAKS"
form = "NEJ"

[values.task]
"Pas" = "23.09.02"
"Kørekort" = "23.09.04"
"Flytning" = "23.05.10"

[values.unit]
"Kø A" = "259borgerservice"
"Kø B" = "259telefon"

[answers]
koen = "Køn"

[skip]
Status = ["Udeblevet"]
"""

PHONE_CSV = """OpkaldsID;Start;Slut;Linje;Retning
9001;2013-10-21 07:01:10;2013-10-21 07:03:00;Borgerservice;Ind
9002;2013-10-21 07:05:00;2013-10-21 07:05:45;Borgerservice;Ud
"""

PHONE_MAP = """
[file]
date_format = "%Y-%m-%d %H:%M:%S"
timezone = "UTC"

[columns]
started_at = "Start"
saved_at = "Slut"
unit = "Linje"
channel = "Retning"

[constants]
municipality = 259
task = "15.20"
type = "VEJL"
closing = "STRAKS"

[values.channel]
"Ind" = "TLFIND"
"Ud" = "TLFUD"
"""


def map_file(tmp_path: Path, text: str, name: str = "kort.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_queue_system_tickets(desk: Desk, tmp_path: Path) -> None:
    data = write(tmp_path / "billetter.csv", QUEUE_CSV, "utf-8")
    mapping = load_map(map_file(tmp_path, QUEUE_MAP))
    summary = do_import(desk, data, mapping=mapping)
    assert summary.layout == "map" and summary.delimiter == ","
    assert (summary.imported, summary.skipped, summary.rejected) == (4, 1, 0)
    regs = sorted(desk.query(), key=lambda r: (r.saved_at, r.unit or "", r.task))
    assert [(r.unit, r.task, r.channel, r.direction, r.form) for r in regs] == [
        ("259borgerservice", "23.09.02", "PRSNLG", "IND", "NEJ"),
        ("259borgerservice", "23.09.04", "PRSNLG", "IND", "NEJ"),
        ("259telefon", "23.09.02", "PRSNLG", "IND", "NEJ"),  # "pas" matches "Pas"
        ("259telefon", "23.09.02", "PRSNLG", "IND", "NEJ"),  # an identical ticket: distinct
    ]
    assert regs[0].saved_at == datetime(2013, 10, 21, 7, 2, tzinfo=UTC)
    assert regs[0].answers == {"koen": "K"} and regs[2].answers == {}
    assert {r.source for r in regs} == {"import"} and {r.municipality for r in regs} == {259}
    again = do_import(desk, data, mapping=mapping)
    assert (again.imported, again.already_present) == (0, 4)


def test_phone_system_call_list_in_utc(desk: Desk, tmp_path: Path) -> None:
    data = write(tmp_path / "opkald.csv", PHONE_CSV)
    summary = do_import(desk, data, mapping=load_map(map_file(tmp_path, PHONE_MAP)))
    assert summary.imported == 2 and summary.delimiter == ";"
    first, second = sorted(desk.query(), key=lambda r: r.saved_at)
    assert first.started_at == datetime(2013, 10, 21, 7, 1, 10, tzinfo=UTC)
    assert first.saved_at == datetime(2013, 10, 21, 7, 3, tzinfo=UTC)
    assert (first.channel, second.channel, second.direction) == ("TLFIND", "TLFUD", "UD")
    assert first.unit == "259borgerservice"  # the unit's name in the plan
    assert first.task == "15.20"


def test_unmapped_values_are_problems_in_the_source_column(desk: Desk, tmp_path: Path) -> None:
    data = write(tmp_path / "b.csv", QUEUE_CSV + "A006,Kø A,Hundeskat,21-10-2013,10:00,Betjent,\n")
    summary = do_import(desk, data, mapping=load_map(map_file(tmp_path, QUEUE_MAP)))
    assert summary.rejected == 1 and count(desk) == 0
    problem = summary.problems[0]
    assert (problem.line, problem.column, problem.value) == (7, "Sagstype", "Hundeskat")


def test_bad_dates_name_the_joined_columns(desk: Desk, tmp_path: Path) -> None:
    data = write(tmp_path / "b.csv", QUEUE_CSV.replace("09:05", "9.05"))
    summary = do_import(desk, data, mapping=load_map(map_file(tmp_path, QUEUE_MAP)))
    assert summary.rejected == 1
    problem = summary.problems[0]
    assert problem.column == "Dato + Tid" and problem.value == "21-10-2013 9.05"
    assert "%d-%m-%Y %H:%M" in problem.reason


def test_a_column_of_the_map_missing_from_the_file(desk: Desk, tmp_path: Path) -> None:
    data = write(tmp_path / "b.csv", QUEUE_CSV.replace("Sagstype", "Ærinde"))
    with pytest.raises(FileFormatError) as caught:
        do_import(desk, data, mapping=load_map(map_file(tmp_path, QUEUE_MAP)))
    assert "'Sagstype'" in str(caught.value) and "findes ikke i filen" in str(caught.value)


@pytest.mark.parametrize(
    ("text", "where", "reason"),
    [
        ("[colums]\ntask = 'X'\n", "colums", "ukendt afsnit"),
        ("[columns]\nopgave = 'X'\n", "columns.opgave", "ukendt felt"),
        ("[columns]\ntask = 'Opgave'\n", "channel", "feltet channel mangler"),
        ("[file]\ndelimiter = '|'\n", "file.delimiter", 'brug ";" eller ","'),
        ("[file]\ntimezone = 'Mars/Olympus'\n", "file.timezone", "ukendt tidszone"),
        ("[file]\nencoding = 'ebcdic'\n", "file.encoding", "brug auto"),
        ("[file]\ndate_format = 'dd-mm-yyyy'\n", "file.date_format", "strptime"),
        ("[columns]\ntask = 'A'\n[constants]\ntask = 'B'\n", "constants.task", "vælg ét"),
        ("[skip]\nStatus = 3\n", "skip.Status", "liste"),
    ],
)
def test_map_file_problems_are_all_listed(
    tmp_path: Path, text: str, where: str, reason: str
) -> None:
    with pytest.raises(ValidationError) as caught:
        load_map(map_file(tmp_path, text))
    assert any(p.where == where and reason in p.reason for p in caught.value.problems), [
        str(p) for p in caught.value.problems
    ]


def test_map_file_syntax_and_encoding(tmp_path: Path) -> None:
    with pytest.raises(FileFormatError, match="ugyldig TOML") as caught:
        load_map(map_file(tmp_path, "[columns]\ntask = Opgave\n"))
    assert caught.value.line == 2
    bad = tmp_path / "latin.toml"
    bad.write_bytes("[columns]\nunit = 'Kø'\n".encode("latin-1"))
    with pytest.raises(FileFormatError, match="ikke UTF-8"):
        load_map(bad)
    with pytest.raises(FileFormatError, match="findes ikke"):
        load_map(tmp_path / "nope.toml")


def test_a_map_without_municipality_needs_a_plan(tmp_path: Path) -> None:
    mapping = load_map(map_file(tmp_path, QUEUE_MAP))
    data = write(tmp_path / "b.csv", QUEUE_CSV, "utf-8")
    other = Desk.open(tmp_path / "noplan.db")
    try:
        with pytest.raises(FileFormatError, match="kommunenummeret mangler"):
            do_import(other, data, mapping=mapping)
    finally:
        other.close()


def test_the_example_map_is_valid(tmp_path: Path) -> None:
    mapping = load_map(map_file(tmp_path, MAP_EXAMPLE))
    assert mapping.columns["saved_at"] == ("Dato", "Tid")
    assert mapping.values["task"]["Pas"] == "23.09.02"
    assert mapping.skip["Status"] == frozenset({"Udeblevet", "Annulleret"})


def test_cli_import_with_map(desk: Desk, tmp_path: Path) -> None:
    data = write(tmp_path / "billetter.csv", QUEUE_CSV)
    kort = map_file(tmp_path, QUEUE_MAP)
    result = runner.invoke(app, ["import", str(data), "--map", str(kort)])
    assert result.exit_code == 0, result.output
    assert "kort (--map)" in result.stdout and "sprunget over: 1" in result.stdout
    result = runner.invoke(app, ["import", "--map-example"])
    assert result.exit_code == 0 and result.stdout == MAP_EXAMPLE
    broken = map_file(tmp_path, "[columns]\nopgave = 'X'\n", "broken.toml")
    result = runner.invoke(app, ["import", str(data), "--map", str(broken)])
    assert result.exit_code == 1
    assert "columns.opgave: ukendt felt" in result.stderr and "Traceback" not in result.output


def test_module_doc_points_to_the_example() -> None:
    assert "MAP_EXAMPLE" in (sys.modules["tracetool.formats.importing"].__doc__ or "")


@pytest.mark.parametrize(("column", "table"), [("Køn", "answers"), ("Status", "skip")])
def test_a_column_of_answers_or_skip_missing_from_the_file(
    desk: Desk, tmp_path: Path, column: str, table: str
) -> None:
    data = write(tmp_path / "b.csv", QUEUE_CSV.replace(column, "Andet"))
    with pytest.raises(FileFormatError) as caught:
        do_import(desk, data, mapping=load_map(map_file(tmp_path, QUEUE_MAP)))
    assert caught.value.line == 1
    assert f"kolonnen '{column}' fra kortet " in str(caught.value)
    assert f"([{table}]) findes ikke i filen" in str(caught.value)
