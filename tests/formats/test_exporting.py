"""Exports: dl, upload, xlsx and ndjson, their filters, encodings and bad targets."""

from __future__ import annotations

import json
import os
from dataclasses import replace
from datetime import date, datetime, timedelta
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from tests.formats import support as support
from tests.formats.support import QUESTION, T0, do_export, fill, make
from tracetool import locale
from tracetool.cli.main import app
from tracetool.codes.codebook import load_codebook
from tracetool.desk.desk import Desk
from tracetool.errors import FileFormatError, TracetoolError
from tracetool.formats.exporting import ExportFilter, _too_many_rows, export

runner = CliRunner()
desk = support.desk


def lines(path: Path, encoding: str = "cp1252") -> list[str]:
    return path.read_bytes().decode(encoding).split("\r\n")[:-1]


def test_dl_header_is_formats_toml_plus_question_columns(desk: Desk, tmp_path: Path) -> None:
    fill(desk)
    out = tmp_path / "dl.csv"
    do_export(desk, "dl", out)
    fixed = ";".join(load_codebook().format("dl").header)
    assert lines(out)[0] == f"{fixed};Køn;Postnummer;{QUESTION};"


def test_dl_rows_danish_time_datakilde_and_trailing_semicolon(desk: Desk, tmp_path: Path) -> None:
    fill(desk)
    out = tmp_path / "dl.csv"
    result = do_export(desk, "dl", out)
    rows = lines(out)[1:]
    # 6 registrations outside test mode; the mass registration is 4 rows.
    assert result.rows == 9 and result.registrations == 6 and len(rows) == 9
    assert rows[0].startswith("Køge;259;259borgerservice;23.05.10;PRSNLG;VEJL;STRAKS;NEJ;")
    assert "21-10-2013 00:00:00" in rows[0]
    first_timed = next(r for r in rows if "09:20:41" in r)
    assert first_timed == (
        "Køge;259;259borgerservice;23.05.10;PRSNLG;VEJL;STRAKS;NEJ;21-10-2013 09:20:41;"
        "21-10-2013 09:20:12;21-10-2013 09:20:41;Tracetool;;;;"
    )
    assert all(r.endswith(";") for r in rows)
    cli_row = next(r for r in rows if "PPRUD" in r)
    assert ";UD;" not in cli_row and cli_row.split(";")[11] == "Tracetool"


def test_mass_registration_is_n_rows_at_midnight_first_in_its_day(
    desk: Desk, tmp_path: Path
) -> None:
    fill(desk)
    out = tmp_path / "dl.csv"
    do_export(desk, "dl", out)
    rows = lines(out)[1:]
    mass = [r for r in rows if r.split(";")[8] == "21-10-2013 00:00:00"]
    assert len(mass) == 4 and rows[:4] == mass
    assert all(r.split(";")[9:12] == ["", "", "DetDigitaleLandkort"] for r in mass)


def test_answers_fill_their_columns(desk: Desk, tmp_path: Path) -> None:
    fill(desk)
    out = tmp_path / "dl.csv"
    do_export(desk, "dl", out)
    rows = lines(out)[1:]
    email = next(r for r in rows if ";EMLIND;" in r)
    assert email.endswith(";K;4600;;")
    child = next(r for r in rows if ";32.15.00;" in r)
    assert child.endswith(";;;Børnebidrag, normalbidrag;")


def test_cp1252_bytes(desk: Desk, tmp_path: Path) -> None:
    fill(desk)
    out = tmp_path / "dl.csv"
    do_export(desk, "dl", out)
    data = out.read_bytes()
    assert b"K\xf8ge;259;" in data  # ø is 0xF8 in Windows-1252
    assert not data.startswith(b"\xef\xbb\xbf")


def test_utf8_with_bom(desk: Desk, tmp_path: Path) -> None:
    fill(desk)
    out = tmp_path / "dl.csv"
    result = do_export(desk, "dl", out, encoding="utf-8-sig")
    data = out.read_bytes()
    assert result.encoding == "utf-8-sig"
    assert data.startswith(b"\xef\xbb\xbfKommune;") and "Køge".encode() in data


def test_character_outside_cp1252_names_line_column_and_value(desk: Desk, tmp_path: Path) -> None:
    desk.store.save(make())
    desk.store.save(make(unit="259bogøő", saved_at=T0 + timedelta(minutes=1)))
    out = tmp_path / "dl.csv"
    with pytest.raises(FileFormatError) as caught:
        do_export(desk, "dl", out)
    err = caught.value
    assert err.line == 3 and err.column == "Enhed" and err.value == "259bogøő"
    assert "utf-8-sig" in str(err) and "Windows-1252" in str(err)
    assert not out.exists() and list(tmp_path.glob(".dl.csv.*")) == []
    do_export(desk, "dl", out, encoding="utf-8-sig")
    assert "259bogøő" in out.read_text(encoding="utf-8-sig")


def test_test_mode_excluded_unless_asked(desk: Desk, tmp_path: Path) -> None:
    fill(desk)
    out = tmp_path / "dl.csv"
    assert do_export(desk, "dl", out).rows == 9
    assert do_export(desk, "dl", out, where=ExportFilter(include_test=True)).rows == 10


def test_filters_period_unit_channel(desk: Desk, tmp_path: Path) -> None:
    fill(desk)
    out = tmp_path / "x.csv"
    day = date(2013, 10, 22)
    assert do_export(desk, "dl", out, where=ExportFilter(start=day)).rows == 1
    assert do_export(desk, "dl", out, where=ExportFilter(end=date(2013, 10, 21))).rows == 8
    assert do_export(desk, "dl", out, where=ExportFilter(unit="259telefon")).rows == 1
    assert do_export(desk, "dl", out, where=ExportFilter(channel="TLFIND")).rows == 2


def test_upload_layout_null_and_minutes(desk: Desk, tmp_path: Path) -> None:
    fill(desk)
    desk.store.save(make(unit=None, channel="WEB", form=None, saved_at=T0 + timedelta(days=2)))
    out = tmp_path / "upload.csv"
    do_export(desk, "upload", out)
    rows = lines(out)
    assert rows[0] == ";".join(load_codebook().format("upload").header)
    assert "259;259borgerservice;23.05.10;PRSNLG;VEJL;STRAKS;NEJ;21-10-2013 09:20" in rows
    assert "259;259borgerservice;23.05.10;TLFIND;VEJL;STRAKS;NULL;21-10-2013 09:23" in rows
    assert "259;NULL;23.05.10;WEB;VEJL;STRAKS;NULL;23-10-2013 09:20" in rows
    assert rows.count("259;259borgerservice;23.05.10;PRSNLG;VEJL;STRAKS;NEJ;21-10-2013 00:00") == 4


def test_ndjson_one_object_per_registration(desk: Desk, tmp_path: Path) -> None:
    regs = fill(desk)
    out = tmp_path / "x.ndjson"
    result = do_export(desk, "ndjson", out)
    objects = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert result.rows == len(objects) == 6
    keys = [c.name for c in load_codebook().format("ndjson").columns]
    assert all(list(o) == keys for o in objects)
    first = objects[0]
    assert first["id"] == regs[0].id and first["saved_at"] == "2013-10-21T07:20:41Z"
    assert first["started_at"] == "2013-10-21T07:20:12Z" and first["form"] == "NEJ"
    mass = next(o for o in objects if o["count"] == 4)
    assert mass["source"] == "mass" and mass["test_mode"] is False
    assert next(o for o in objects if o["answers"])["answers"] == {
        "koen": "K",
        "postnummer": "4600",
    }


def test_xlsx_typed_cells_and_codebook_sheet(desk: Desk, tmp_path: Path) -> None:
    fill(desk)
    desk.store.save(make(task="15.20", saved_at=T0 + timedelta(days=3)))
    out = tmp_path / "x.xlsx"
    result = do_export(desk, "xlsx", out)
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == ["Data", "Kodebog"]
    data = list(book["Data"].iter_rows(values_only=True))
    header = list(data[0])
    assert header[:12] == load_codebook().format("dl").header and header[-1] == QUESTION
    assert len(data) - 1 == result.rows == 10
    row = next(r for r in data[1:] if r[8] == datetime(2013, 10, 21, 9, 20, 41))
    assert row[0] == "Køge" and row[1] == 259 and row[3] == "23.05.10"
    assert row[9] == datetime(2013, 10, 21, 9, 20, 12) and row[11] == "Tracetool"
    codes = {(r[0], r[1]) for r in book["Kodebog"].iter_rows(min_row=2, values_only=True)}
    cb = load_codebook()
    assert {("Kanal", c.code) for c in cb.channels} <= codes
    assert {("Type", t.code) for t in cb.types} <= codes
    assert {("Afslutning", "STRAKS"), ("Blanket", "JA"), ("Opgave", "15.20")} <= codes
    assert ("Køn", "K") in codes


def test_xlsx_refuses_more_rows_than_excel_holds(
    desk: Desk, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fill(desk)
    monkeypatch.setattr("tracetool.formats.exporting.EXCEL_MAX_ROWS", 5)
    with pytest.raises(TracetoolError, match="for mange til et Excel-ark"):
        do_export(desk, "xlsx", tmp_path / "x.xlsx")
    with locale.speaking("en"), pytest.raises(TracetoolError) as english:
        do_export(desk, "xlsx", tmp_path / "x.xlsx")
    assert "rows are too many for an Excel sheet (at most 4); narrow with" in str(english.value)
    assert not (tmp_path / "x.xlsx").exists()
    # Thousands as each language writes them.
    monkeypatch.setattr("tracetool.formats.exporting.EXCEL_MAX_ROWS", 1_048_576)
    assert _too_many_rows(2_000_000).startswith("2.000.000 rækker er for mange")
    assert "(højst 1.048.575); afgræns med --from/--to eller --unit, eller" in _too_many_rows(1)
    with locale.speaking("en"):
        assert _too_many_rows(2_000_000).startswith("2,000,000 rows are too many")


def test_progress_is_reported(desk: Desk, tmp_path: Path) -> None:
    fill(desk)
    seen: list[tuple[int, int | None]] = []
    do_export(desk, "dl", tmp_path / "x.csv", progress=lambda d, t: seen.append((d, t)))
    assert seen[-1] == (9, 9)


def test_bad_target_and_format(desk: Desk, tmp_path: Path) -> None:
    with pytest.raises(FileFormatError, match="mappen findes ikke"):
        do_export(desk, "dl", tmp_path / "nope" / "x.csv")
    with pytest.raises(FileFormatError, match="det er en mappe"):
        do_export(desk, "dl", tmp_path)
    with pytest.raises(TracetoolError, match="ukendt format"):
        do_export(desk, "pdf", tmp_path / "x.pdf")
    with pytest.raises(TracetoolError, match="gælder kun dl og upload"):
        do_export(desk, "xlsx", tmp_path / "x.xlsx", encoding="utf-8-sig")


def test_an_empty_store_exports_a_header(desk: Desk, tmp_path: Path) -> None:
    out = tmp_path / "dl.csv"
    assert do_export(desk, "dl", out).rows == 0
    assert len(lines(out)) == 1


# -- the command ---------------------------------------------------------------------------


def test_cli_export(desk: Desk, tmp_path: Path) -> None:
    fill(desk)
    out = tmp_path / "dl.csv"
    result = runner.invoke(app, ["export", "--format", "dl", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "Eksporteret 9 rækker (6 registreringer)" in result.stdout
    result = runner.invoke(
        app,
        ["export", "-f", "upload", "-o", str(out), "--from", "22-10-2013", "--json"],
    )
    assert result.exit_code == 0
    assert json.loads(result.stdout)["rows"] == 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--format", "pdf"], "--format 'pdf'"),
        (["--format", "dl", "--encoding", "utf-16"], "--encoding 'utf-16'"),
        (["--format", "dl", "--from", "32-13-2013"], "--from"),
        (["--format", "dl", "--from", "22-10-2013", "--to", "21-10-2013"], "efter --to"),
    ],
)
def test_cli_export_bad_options(desk: Desk, tmp_path: Path, args: list[str], message: str) -> None:
    result = runner.invoke(app, ["export", "--out", str(tmp_path / "x.csv"), *args])
    assert result.exit_code == 1
    assert message in result.stderr and "Traceback" not in result.output


def test_cli_export_unencodable_is_one_line(desk: Desk, tmp_path: Path) -> None:
    desk.store.save(make(unit="ő"))
    result = runner.invoke(app, ["export", "-f", "dl", "-o", str(tmp_path / "x.csv")])
    assert result.exit_code == 1
    assert "linje 2, kolonne Enhed" in result.stderr and "utf-8-sig" in result.stderr


def test_columns_follow_the_order_in_formats_toml(desk: Desk, tmp_path: Path) -> None:
    """Reorder the dl columns in the codebook and the export follows; import reads by name."""
    codebook = load_codebook()
    dl = codebook.format("dl")
    swapped = replace(dl, columns=tuple(reversed(dl.columns)))
    book = replace(
        codebook,
        formats=tuple(swapped if f.key == "dl" else f for f in codebook.formats),
        _index={},
    )
    fill(desk)
    standard, reordered = tmp_path / "standard.csv", tmp_path / "reordered.csv"
    do_export(desk, "dl", standard)
    export(desk.db, book, desk.plan, "dl", reordered)
    assert lines(reordered)[0].split(";")[:12] == [c.name for c in reversed(dl.columns)]
    for a, b in zip(lines(standard)[1:], lines(reordered)[1:], strict=True):
        cells = b.split(";")
        assert a.split(";")[:12] == list(reversed(cells[:12]))
        assert a.split(";")[12:] == cells[12:]
    assert load_codebook().format("dl").columns == dl.columns  # the cached codebook is intact


def test_the_file_gets_ordinary_permissions(desk: Desk, tmp_path: Path) -> None:
    out = tmp_path / "dl.csv"
    do_export(desk, "dl", out)
    mask = os.umask(0)
    os.umask(mask)
    assert out.stat().st_mode & 0o777 == 0o666 & ~mask
