"""Imports that would double count: the same rows again in another dress are stopped and named."""

from __future__ import annotations

import json
import re
from pathlib import Path

from typer.testing import CliRunner

from tests.formats import support as support
from tests.formats.support import count, do_export, do_import, fill, write
from tracetool.cli.main import app
from tracetool.codes.codebook import load_codebook
from tracetool.desk.desk import Desk

runner = CliRunner()
desk = support.desk
fresh = support.fresh

DL_HEADER = ";".join(load_codebook().format("dl").header) + ";"
_SECONDS = re.compile(r"(\d\d-\d\d-\d{4} \d\d:\d\d):\d\d")
_SOME_SECONDS = re.compile(r"\d\d-\d\d-\d{4} \d\d:\d\d:(?!00)\d\d")


def extract_lines() -> list[str]:
    """An extract as Det Digitale Landkort writes it for a count week in Køge: desk rows with
    their timer (Tracetool), website rows without a unit, system rows at midnight without a
    timer (DetDigitaleLandkort), two identical rows in one second, a mass registration."""
    rows = []
    desks = [
        ("259borgerservice", "23.05.10", "PRSNLG", "VEJL", "STRAKS", "NEJ"),
        ("259borgerservice", "23.09.02", "PRSNLG", "OPRET", "STRAKS", "JA"),
        ("259telefon", "32.15.00", "TLFIND", "VEJL", "HOLD", ""),
        ("259telefon", "23.05.10", "TLFIND", "INFO", "STRAKS", ""),
        ("259borgerservice", "15.20", "EMLIND", "VEJL", "HOLD", "NEJ"),
    ]
    for day in (21, 22, 23):
        for i, (unit, task, chan, typ, clos, form) in enumerate(desks):
            minute = 5 + 7 * i
            second = (13 * i + day) % 60
            saved = f"{day}-10-2013 09:{minute:02d}:{second:02d}"
            start = f"{day}-10-2013 09:{minute - 2:02d}:{(second + 31) % 60:02d}"
            rows.append(
                f"Køge;259;{unit};{task};{chan};{typ};{clos};{form};{saved};{start};{saved};"
                "Tracetool;"
            )
        rows.append(
            f"Køge;259;;23.05.10;WEB;VEJL;STRAKS;NEJ;{day}-10-2013 00:00:00;;;DetDigitaleLandkort;"
        )
        rows.append(
            f"Køge;259;259borgerservice;23.09.04;PRSNLG;VEJL;STRAKS;NEJ;{day}-10-2013 00:00:00;;;"
            "DetDigitaleLandkort;"
        )
    twin = "Køge;259;259telefon;23.05.10;TLFIND;VEJL;STRAKS;;24-10-2013 10:11:12;;;Tracetool;"
    rows += [twin, twin]
    return rows


def dl_file(path: Path, rows: list[str]) -> Path:
    return write(path, "\n".join([DL_HEADER, *rows]) + "\n")


def without_seconds(row: str) -> str:
    return _SECONDS.sub(r"\1", row)


def test_the_same_extract_saved_again_without_seconds_is_stopped(
    desk: Desk, tmp_path: Path
) -> None:
    rows = extract_lines()
    first = do_import(desk, dl_file(tmp_path / "udtraek.csv", rows))
    assert first.imported == len(rows) and first.repeats == 0
    resaved_rows = [without_seconds(r) for r in rows]
    resaved = dl_file(tmp_path / "udtraek_excel.csv", resaved_rows)
    # Independently: a row with seconds in a time now says another moment; one whose times were
    # all on the minute (the system rows at midnight) says the same as before.
    changed = [i for i, row in enumerate(rows) if _SOME_SECONDS.search(row)]
    unchanged = len(rows) - len(changed)
    summary = do_import(desk, resaved)
    assert summary.repeats == len(changed) and summary.already_present == unchanged
    assert not summary.committed and not summary.ok and summary.imported == 0
    assert count(desk) == len(rows)
    # Examples name the file's lines (header is line 1), in file order.
    assert [e.line for e in summary.repeat_examples] == [i + 2 for i in changed[:5]]
    assert summary.repeat_examples[0].unit == "259borgerservice"
    allowed = do_import(desk, resaved, allow_repeat=True)
    assert allowed.committed and allowed.imported == len(changed)
    assert count(desk) == len(rows) + len(changed)


def test_an_upload_export_imported_back_is_stopped(desk: Desk, tmp_path: Path) -> None:
    fill(desk)
    out = tmp_path / "upload.csv"
    do_export(desk, "upload", out)
    before = count(desk)
    lines = out.read_bytes().decode("cp1252").split("\r\n")[1:-1]
    # Mass rows (00:00, no timer) are recognised as the mass registration they came from;
    # every other row is a registration of this store written without seconds and timer.
    at_midnight = sum(1 for line in lines if line.split(";")[7].endswith(" 00:00"))
    summary = do_import(desk, out)
    assert summary.already_present == at_midnight
    assert summary.repeats == len(lines) - at_midnight > 0
    assert not summary.committed and count(desk) == before


def test_a_fixed_reject_and_the_corrected_original_import_once(desk: Desk, tmp_path: Path) -> None:
    rows = extract_lines()[:4]
    bad = rows[2].replace("TLFIND", "TLF")
    original = dl_file(tmp_path / "udtraek.csv", [rows[0], rows[1], bad, rows[3]])
    rejects = tmp_path / "afviste.csv"
    assert do_import(desk, original, rejects=rejects).imported == 3
    fixed = rejects.read_bytes().decode("cp1252").replace(";TLF;", ";TLFIND;")
    rejects.write_bytes(fixed.encode("cp1252"))
    assert do_import(desk, rejects).imported == 1
    assert count(desk) == 4
    corrected = dl_file(tmp_path / "udtraek_rettet.csv", rows)
    summary = do_import(desk, corrected)
    assert (summary.already_present, summary.repeats, summary.imported) == (3, 1, 0)
    assert [e.line for e in summary.repeat_examples] == [4]
    assert count(desk) == 4


def test_a_longer_extract_and_identical_rows_are_no_repeats(desk: Desk, tmp_path: Path) -> None:
    rows = extract_lines()
    do_import(desk, dl_file(tmp_path / "a.csv", rows[:10]))
    summary = do_import(desk, dl_file(tmp_path / "b.csv", rows))
    assert summary.repeats == 0 and summary.committed
    assert (summary.imported, summary.already_present) == (len(rows) - 10, 10)
    # A third identical row in that second is one more inquiry the earlier file did not have.
    twin = rows[-1]
    summary = do_import(desk, dl_file(tmp_path / "c.csv", [*rows, twin]))
    assert summary.repeats == 0 and summary.imported == 1


def test_dry_run_tells_of_repeats_and_stores_nothing(desk: Desk, tmp_path: Path) -> None:
    rows = extract_lines()
    do_import(desk, dl_file(tmp_path / "a.csv", rows))
    resaved = dl_file(tmp_path / "b.csv", [without_seconds(r) for r in rows])
    summary = do_import(desk, resaved, dry_run=True)
    assert summary.repeats > 0 and not summary.committed and count(desk) == len(rows)


def test_cli_names_the_repeats_and_needs_allow_repeat(desk: Desk, tmp_path: Path) -> None:
    rows = extract_lines()
    do_import(desk, dl_file(tmp_path / "a.csv", rows))
    resaved = dl_file(tmp_path / "b.csv", [without_seconds(r) for r in rows])
    result = runner.invoke(app, ["import", str(resaved)])
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    changed = sum(1 for r in rows if _SOME_SECONDS.search(r))
    assert f"{changed} rækker ligner registreringer, der allerede findes" in result.stderr
    assert f"{resaved}, linje 2" in result.stderr and "--allow-repeat" in result.stderr
    assert count(desk) == len(rows)
    result = runner.invoke(app, ["import", str(resaved), "--json"])
    data = json.loads(result.stdout)
    assert result.exit_code == 1 and data["repeats"] == changed
    assert data["repeat_examples"][0]["line"] == 2
    result = runner.invoke(app, ["import", str(resaved), "--allow-repeat"])
    assert result.exit_code == 0, result.output
    assert count(desk) == len(rows) + changed
