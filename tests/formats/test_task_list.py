"""codebook import-tasks: a municipality's own opgave;opgavenavn list names its local codes."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from typer.testing import CliRunner

from tests.formats import support as support
from tracetool.cli.main import app
from tracetool.codes.codebook import load_codebook
from tracetool.desk.desk import Desk

runner = CliRunner()
desk = support.desk


def koege(shared: Path) -> Path:
    return shared / "komhen" / "koege_opgaver_efteraar2013.csv"


def rows_of(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8") as fh:
        return [[c.strip() for c in row] for row in csv.reader(fh, delimiter=";")][1:]


def test_koege_list_names_the_codes_outside_the_catalogue(
    desk: Desk, shared: Path, tmp_path: Path
) -> None:
    path = koege(shared)
    rows = rows_of(path)
    catalogue = load_codebook()
    outside = {code for code, _ in rows if catalogue.task(code) is None}
    assert "15.20.00" in outside  # group-level code the catalogue does not hold
    before = desk.task_title("15.20.00")
    result = runner.invoke(app, ["codebook", "import-tasks", str(path), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["tasks"] == len({code for code, _ in rows}) == 65
    assert data["outside_catalogue"] == len(outside)
    assert (data["new"], data["changed"]) == (65, 0)
    assert desk.task_title("15.20.00") == "Beskæftigelsesindsats" != before
    # A trailing space in the file's code ("04.00.00 ;") is no part of the code.
    assert desk.task_title("04.00.00").startswith("Parker, fritids-")
    # Catalogue tasks keep the catalogue's name.
    assert desk.task_title("23.05.10") == catalogue.task("23.05.10").label("da")  # type: ignore[union-attr]
    again = runner.invoke(app, ["codebook", "import-tasks", str(path)])
    assert again.exit_code == 0 and "0 nye, 0 omdøbte, 65 uændrede" in again.stdout


def test_a_windows_1252_list_with_bad_lines_names_each_and_keeps_nothing(
    desk: Desk, tmp_path: Path
) -> None:
    path = tmp_path / "opgaver.csv"
    lines = [
        "opgave;opgavenavn",
        "15.20.00;Beskæftigelsesindsats",
        "1520;Forkert nummer",
        "23.07.00",
        "15.20.00;Et andet navn",
        "29.03.99;EU-sygesikringskort (blåt);ekstra",
    ]
    path.write_bytes("\r\n".join(lines).encode("cp1252") + b"\r\n")
    result = runner.invoke(app, ["codebook", "import-tasks", str(path)])
    assert result.exit_code == 1 and "Traceback" not in result.output
    err = result.stderr
    assert "4 linjer kan ikke læses; intet er indlæst" in err
    assert f"{path}, linje 3: opgaven skal være et KLE-nummer" in err and "'1520'" in err
    assert f"{path}, linje 4: linjen skal være opgave;opgavenavn (værdi: '23.07.00')" in err
    assert "linje 5: opgaven står også på linje 2 med et andet navn" in err
    assert "linje 6: linjen skal være opgave;opgavenavn" in err
    assert desk.db.execute("SELECT COUNT(*) FROM local_task").fetchone()[0] == 0
    # Fixed, the same Windows-1252 file is read with its Danish letters.
    path.write_bytes("\r\n".join(lines[:2]).encode("cp1252") + b"\r\n")
    assert runner.invoke(app, ["codebook", "import-tasks", str(path)]).exit_code == 0
    assert desk.task_title("15.20.00") == "Beskæftigelsesindsats"


def test_missing_and_empty_files(desk: Desk, tmp_path: Path) -> None:
    result = runner.invoke(app, ["codebook", "import-tasks", str(tmp_path / "nej.csv")])
    assert result.exit_code == 1 and "filen findes ikke" in result.stderr
    empty = tmp_path / "tom.csv"
    empty.write_text("opgave;opgavenavn\n", encoding="utf-8")
    result = runner.invoke(app, ["codebook", "import-tasks", str(empty)])
    assert result.exit_code == 1 and "ingen opgaver" in result.stderr
