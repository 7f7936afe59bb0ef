"""Imports: round trips, idempotence, encodings, history rules, every bad input, the command."""

from __future__ import annotations

import json
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from tests.formats import support as support
from tests.formats.support import (
    T0,
    content,
    count,
    do_export,
    do_import,
    fill,
    make,
    write,
)
from tests.helpers import danish_words
from tracetool import locale
from tracetool.cli.main import app
from tracetool.codes.codebook import load_codebook
from tracetool.desk.desk import Desk
from tracetool.errors import FileFormatError
from tracetool.plan.planfile import parse_plan

runner = CliRunner()
desk = support.desk
fresh = support.fresh

DL_HEADER = ";".join(load_codebook().format("dl").header) + ";"
UPLOAD_HEADER = ";".join(load_codebook().format("upload").header)
DL_ROW = "Køge;259;259borgerservice;23.05.10;TLFIND;VEJL;STRAKS;;21-10-2013 09:20:41;;;Tracetool;"


def dl_file(path: Path, *rows: str, encoding: str = "cp1252") -> Path:
    return write(path, "\n".join([DL_HEADER, *rows]) + "\n", encoding)


# -- round trips ---------------------------------------------------------------------------


def test_dl_round_trip_is_byte_stable(desk: Desk, fresh: Desk, tmp_path: Path) -> None:
    fill(desk)
    first, second = tmp_path / "first.csv", tmp_path / "second.csv"
    do_export(desk, "dl", first)
    summary = do_import(fresh, first)
    assert summary.committed and summary.imported == 9 and summary.rejected == 0
    do_export(fresh, "dl", second)
    assert second.read_bytes() == first.read_bytes()


def test_upload_round_trip_is_byte_stable(desk: Desk, fresh: Desk, tmp_path: Path) -> None:
    fill(desk)
    desk.store.save(make(unit=None, channel="WEB", form=None, saved_at=T0 + timedelta(days=2)))
    first, second = tmp_path / "first.csv", tmp_path / "second.csv"
    do_export(desk, "upload", first)
    summary = do_import(fresh, first)
    assert summary.layout == "upload" and summary.imported == 10
    do_export(fresh, "upload", second)
    assert second.read_bytes() == first.read_bytes()


def test_round_trip_reproduces_the_rows(desk: Desk, fresh: Desk, tmp_path: Path) -> None:
    """Timed desk registrations come back as they were (to the second), answers included."""
    desk.store.save(make(answers={"koen": "M", "postnummer": "4600"}))
    desk.store.save(make(channel="TLFIND", form=None, saved_at=T0 + timedelta(seconds=1)))
    out = tmp_path / "dl.csv"
    do_export(desk, "dl", out)
    do_import(fresh, out)
    assert content(fresh) == content(desk)
    sources = {r.source for r in fresh.query()}
    assert sources == {"app"}  # Datakilde Tracetool stays a desk registration


def test_round_trip_through_the_autumn_clock_change(
    desk: Desk, fresh: Desk, tmp_path: Path
) -> None:
    """02:00–03:00 happens twice on 27-10-2013; file order and timers tell them apart."""
    change = datetime(2013, 10, 27, 0, 58, 53, tzinfo=UTC)  # 02:58:53 summer time
    desk.store.save(make(saved_at=change, started_at=change - timedelta(seconds=10)))
    later = datetime(2013, 10, 27, 1, 0, 10, tzinfo=UTC)  # 02:00:10 winter time
    desk.store.save(make(saved_at=later, started_at=change))
    desk.store.save(make(saved_at=later + timedelta(minutes=5), started_at=None))
    first, second = tmp_path / "first.csv", tmp_path / "second.csv"
    do_export(desk, "dl", first)
    summary = do_import(fresh, first)
    assert summary.rejected == 0, summary.problems
    assert content(fresh) == content(desk)
    do_export(fresh, "dl", second)
    assert second.read_bytes() == first.read_bytes()


# -- idempotence ---------------------------------------------------------------------------


def test_importing_twice_changes_nothing(desk: Desk, tmp_path: Path) -> None:
    path = dl_file(tmp_path / "a.csv", DL_ROW)
    assert do_import(desk, path).imported == 1
    again = do_import(desk, path)
    assert (again.imported, again.already_present) == (0, 1)
    assert count(desk) == 1


def test_identical_rows_in_one_file_stay_distinct(desk: Desk, tmp_path: Path) -> None:
    path = dl_file(tmp_path / "a.csv", DL_ROW, DL_ROW, DL_ROW)
    assert do_import(desk, path).imported == 3
    assert do_import(desk, path).already_present == 3
    assert count(desk) == 3
    # A longer extract of the same period adds only what is new: the fourth identical row.
    longer = dl_file(tmp_path / "b.csv", DL_ROW, DL_ROW, DL_ROW, DL_ROW)
    summary = do_import(desk, longer)
    assert (summary.imported, summary.already_present) == (1, 3)
    assert count(desk) == 4


def test_same_rows_in_another_encoding_and_delimiter_are_recognised(
    desk: Desk, tmp_path: Path
) -> None:
    do_import(desk, dl_file(tmp_path / "a.csv", DL_ROW))
    comma = write(
        tmp_path / "b.csv",
        DL_HEADER.replace(";", ",") + "\n" + DL_ROW.replace(";", ",") + "\n",
        "utf-8-sig",
    )
    summary = do_import(desk, comma)
    assert summary.delimiter == "," and summary.encoding == "UTF-8 med BOM"
    assert summary.already_present == 1 and count(desk) == 1


def test_dry_run_counts_but_saves_nothing(desk: Desk, tmp_path: Path) -> None:
    path = dl_file(tmp_path / "a.csv", DL_ROW, DL_ROW)
    summary = do_import(desk, path, dry_run=True)
    assert summary.imported == 2 and not summary.committed and count(desk) == 0
    do_import(desk, path)
    summary = do_import(desk, path, dry_run=True)
    assert (summary.imported, summary.already_present) == (0, 2)


# -- encodings and layouts -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("encoding", "label"),
    [
        ("cp1252", "Windows-1252"),
        ("utf-8", "UTF-8"),
        ("utf-8-sig", "UTF-8 med BOM"),
        ("latin-1", "Windows-1252"),  # identical bytes for Danish letters
    ],
)
def test_encodings(desk: Desk, tmp_path: Path, encoding: str, label: str) -> None:
    row = DL_ROW.replace("259borgerservice", "259borgerservice") + "Ja"
    header = DL_HEADER + "Kunne borgeren have løst det på hjemmesiden eller borger.dk?;"
    path = write(tmp_path / "a.csv", f"{header}\n{row};\n", encoding)
    summary = do_import(desk, path)
    assert summary.encoding == label and summary.imported == 1
    assert desk.query()[0].answers == {"kunne_web": "JA"}  # the label read as its code


def test_latin1_only_bytes(desk: Desk, tmp_path: Path) -> None:
    """0x81 is undefined in Windows-1252; such a file is read as Latin-1."""
    path = tmp_path / "a.csv"
    path.write_bytes(
        (DL_HEADER + "\r\n").encode("cp1252")
        + DL_ROW.replace("259borgerservice", "259b\x81").encode("latin-1")
        + b"\r\n"
    )
    summary = do_import(desk, path)
    assert summary.encoding == "Latin-1" and summary.imported == 1


def test_trailing_semicolon_and_blank_lines(desk: Desk, tmp_path: Path) -> None:
    path = dl_file(tmp_path / "a.csv", DL_ROW, "", ";;;;;;;;;;;;", DL_ROW)
    summary = do_import(desk, path)
    assert summary.imported == 2
    assert any("tomme rækker" in str(w) for w in summary.warnings)


def test_without_trailing_semicolon(desk: Desk, tmp_path: Path) -> None:
    """Rows follow the header: no trailing ';' there, then none needed (but one is allowed)."""
    text = "\n".join([DL_HEADER.rstrip(";"), DL_ROW.rstrip(";"), DL_ROW]) + "\n"
    assert do_import(desk, write(tmp_path / "a.csv", text)).imported == 2


def test_a_header_with_trailing_semicolon_wants_it_on_every_row(desk: Desk, tmp_path: Path) -> None:
    summary = do_import(desk, dl_file(tmp_path / "a.csv", DL_ROW, DL_ROW.rstrip(";")))
    assert summary.rejected == 1 and "for få felter: 12, overskriften har 13" in str(
        summary.problems[0]
    )


def test_upload_template_from_kl(desk: Desk, tmp_path: Path) -> None:
    path = write(
        tmp_path / "u.csv",
        UPLOAD_HEADER + "\n259;Borgerservice;01.11.00;TLFIND;VEJL;STRAKS;NEJ;11-09-2013 13:00\n",
    )
    summary = do_import(desk, path)
    assert summary.layout == "upload" and summary.imported == 1
    reg = desk.query()[0]
    assert reg.unit == "259borgerservice"  # the unit's name maps to its login
    assert reg.saved_at == datetime(2013, 9, 11, 11, 0, tzinfo=UTC)
    assert reg.source == "import" and reg.direction == "IND" and reg.device is None


def test_history_rules_accept_real_extracts_with_warnings(desk: Desk, tmp_path: Path) -> None:
    rows = [
        DL_ROW.replace("23.05.10", "15.20"),  # group level
        DL_ROW.replace("23.05.10", "29.03.99"),  # KOMHEN-local code from the catalogue
        DL_ROW.replace("259borgerservice", "259sundhed"),  # unit not in the plan
        "Køge;259;;23.05.10;WEB;VEJL;STRAKS;NEJ;21-10-2013 00:00:00;;;DetDigitaleLandkort;",
        DL_ROW.replace("STRAKS;;", "STRAKS;JA;"),  # a form answer on the phone
        DL_ROW.replace("Køge;259;", "Roskilde;265;"),  # another municipality
        DL_ROW.replace("23.05.10", "99.99.99"),  # unknown number, right shape
    ]
    summary = do_import(desk, dl_file(tmp_path / "a.csv", *rows))
    assert summary.rejected == 0 and summary.imported == 7
    text = "\n".join(str(w) for w in summary.warnings)
    assert "'259sundhed': enheden findes ikke i tælleplanen" in text
    assert "'TLFIND': kanalen spørger normalt ikke om blanket" in text
    assert "'265': tælleplanen gælder kommune 259" in text
    assert "'99.99.99'" in text and "'15.20'" in text
    assert "WEB" not in text  # an empty unit is normal for website rows


def test_expired_subject_is_accepted_with_a_warning(desk: Desk, tmp_path: Path) -> None:
    desk.db.execute(
        "INSERT INTO kle_subject (nr, level, title, active) VALUES ('02.00.05', 'emne', 'Gl.', 0)"
    )
    desk.db.conn.commit()
    summary = do_import(desk, dl_file(tmp_path / "a.csv", DL_ROW.replace("23.05.10", "02.00.05")))
    assert summary.imported == 1
    assert any("udgået KLE-emne" in str(w) for w in summary.warnings)


def test_other_municipality_name_is_remembered_for_export(desk: Desk, tmp_path: Path) -> None:
    do_import(desk, dl_file(tmp_path / "a.csv", DL_ROW.replace("Køge;259;", "Roskilde;265;")))
    out = tmp_path / "out.csv"
    do_export(desk, "dl", out)
    assert "Roskilde;265;" in out.read_bytes().decode("cp1252")


def test_unknown_question_column_is_kept(desk: Desk, fresh: Desk, tmp_path: Path) -> None:
    header = DL_HEADER + "Har borgeren ringet før?;"
    path = write(tmp_path / "a.csv", f"{header}\n{DL_ROW}Ja;\n")
    summary = do_import(fresh, path)
    assert summary.imported == 1
    assert fresh.query()[0].answers == {"Har borgeren ringet før?": "Ja"}
    out = tmp_path / "out.csv"
    do_export(fresh, "dl", out)
    assert out.read_bytes().decode("cp1252").split("\r\n")[0].endswith(";Har borgeren ringet før?;")


def test_a_rejects_file_imports_after_fixing(desk: Desk, tmp_path: Path) -> None:
    bad = DL_ROW.replace("TLFIND", "TLF")
    path = dl_file(tmp_path / "a.csv", DL_ROW, bad)
    rejects = tmp_path / "afviste.csv"
    summary = do_import(desk, path, rejects=rejects)
    assert summary.ok and summary.imported == 1 and summary.rejected == 1
    text = rejects.read_bytes().decode("cp1252")
    head, row = text.split("\r\n")[:2]
    assert head.startswith("Afvist linje;Afvisningsgrund;Kommune;ID;")
    assert row.startswith("3;Kanal: ukendt kanalkode;Køge;259;")
    rejects.write_bytes(text.replace("TLF;", "TLFIND;").encode("cp1252"))
    again = do_import(desk, rejects)
    assert again.imported == 1 and count(desk) == 2


# -- bad input: nothing half-imported -------------------------------------------------------


def assert_untouched(desk: Desk, before: int) -> None:
    assert count(desk) == before
    assert desk.db.execute("SELECT COUNT(*) FROM outbox").fetchone()[0] == before


@pytest.fixture
def seeded(desk: Desk) -> int:
    desk.store.save(make())
    return count(desk)


@pytest.mark.parametrize(
    ("row", "line_column", "reason"),
    [
        (DL_ROW.replace("TLFIND", "TELEFON"), "linje 3, kolonne Kanal", "ukendt kanalkode"),
        (DL_ROW.replace("VEJL", "SNAK"), "linje 3, kolonne Type", "ukendt henvendelsestype"),
        (DL_ROW.replace("STRAKS", "SENERE"), "linje 3, kolonne Afslutning", "STRAKS eller HOLD"),
        (DL_ROW.replace("STRAKS;;", "STRAKS;MÅSKE;"), "linje 3, kolonne Blanket", "JA eller NEJ"),
        (DL_ROW.replace("23.05.10", "Pas"), "linje 3, kolonne Opgave", "KLE-nummer"),
        (DL_ROW.replace(";259;", ";Køge;"), "linje 3, kolonne ID", "skal være et tal"),
        (DL_ROW.replace(";259;", ";59;"), "linje 3, kolonne ID", "tre cifre"),
        (DL_ROW.replace("21-10-2013", "32-10-2013"), "linje 3, kolonne Dato", "findes ikke"),
        (DL_ROW.replace("21-10-2013 09:20:41", "2013/10/21"), "linje 3, kolonne Dato", "dato"),
        (DL_ROW.replace("09:20:41", "09:61:00"), "linje 3, kolonne Dato", "klokkeslæt"),
        (DL_ROW.replace("21-10-2013", "21-10-0213"), "linje 3, kolonne Dato", "året 213"),
        (DL_ROW.replace("09:20:41;", ""), "linje 3, kolonne (hele rækken)", "for få felter"),
        (DL_ROW + "x;y;", "linje 3, kolonne (hele rækken)", "for mange felter"),
        (
            DL_ROW.replace("41;;;", "41;21-10-2013 09:21:00;;"),
            "linje 3, kolonne StartTidspunkt",
            "ligger efter Dato",
        ),
        (DL_ROW.replace("Tracetool", "Excel"), "linje 3, kolonne Datakilde", "ukendt datakilde"),
    ],
)
def test_bad_rows_are_reported_and_nothing_is_imported(
    desk: Desk, seeded: int, tmp_path: Path, row: str, line_column: str, reason: str
) -> None:
    path = dl_file(tmp_path / "a.csv", DL_ROW, row)
    summary = do_import(desk, path)
    assert not summary.ok and not summary.committed and summary.imported == 0
    assert summary.rejected == 1
    problem = str(summary.problems[0])
    assert problem.startswith(line_column) and reason in problem
    assert_untouched(desk, seeded)


def test_every_problem_of_a_row_is_listed(desk: Desk, tmp_path: Path) -> None:
    row = DL_ROW.replace("TLFIND", "X").replace("VEJL", "Y").replace("21-10", "99-10")
    summary = do_import(desk, dl_file(tmp_path / "a.csv", row, row))
    assert summary.rejected == 2 and summary.problems_total == 6
    columns = [p.column for p in summary.problems[:3]]
    assert columns == ["Kanal", "Dato", "Type"] or sorted(columns) == ["Dato", "Kanal", "Type"]
    assert {p.line for p in summary.problems} == {2, 3}


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "filen er tom"),
        (DL_HEADER.encode() + b"\r\n", "ingen rækker efter overskriften"),
        (b"\r\n\r\n", "første linje er tom"),
        (b"PK\x03\x04\x14\x00\x06\x00" + b"\x00" * 100, "Excel-regneark"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "gammelt Excel-regneark"),
        ("Kommune;ID\r\n".encode("utf-16"), "UTF-16"),
        (b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n", "PDF"),
        (bytes(range(256)) * 4, "binære data"),
        (b"Navn;Telefon\r\nAnna;12345678\r\n", "ukendt filformat"),
        (
            (DL_HEADER + "\r\n" + DL_ROW.replace("Køge", "Køge") + "\r\n").encode("utf-8")
            + DL_ROW.replace("Køge", "Greve ø").encode("cp1252")
            + b"\r\n",
            "blandet tegnsæt",
        ),
    ],
)
def test_bad_files_give_one_clear_error(
    desk: Desk, seeded: int, tmp_path: Path, data: bytes, message: str
) -> None:
    path = tmp_path / "bad.csv"
    path.write_bytes(data)
    with pytest.raises(FileFormatError) as caught:
        do_import(desk, path)
    assert message in str(caught.value) and str(path) in str(caught.value)
    assert_untouched(desk, seeded)


def test_mixed_encoding_names_the_line(desk: Desk, tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_bytes(
        (DL_HEADER + "\r\n" + DL_ROW + "\r\n" + DL_ROW + "\r\n").encode("utf-8")
        + DL_ROW.encode("cp1252")
        + b"\r\n"
    )
    with pytest.raises(FileFormatError) as caught:
        do_import(desk, path)
    assert caught.value.line == 4


def test_missing_file_and_directory(desk: Desk, tmp_path: Path) -> None:
    with pytest.raises(FileFormatError, match="findes ikke"):
        do_import(desk, tmp_path / "nope.csv")
    with pytest.raises(FileFormatError, match="mappe"):
        do_import(desk, tmp_path)


def test_upload_with_an_unknown_column_is_refused(desk: Desk, tmp_path: Path) -> None:
    path = write(tmp_path / "u.csv", UPLOAD_HEADER + ";Kommentar\n")
    with pytest.raises(FileFormatError) as caught:
        do_import(desk, path)
    assert caught.value.value == "Kommentar" and "ukendt kolonne" in str(caught.value)


def test_double_utf8_is_warned_about(desk: Desk, tmp_path: Path) -> None:
    mangled = DL_ROW.replace("Køge", "Køge".encode().decode("cp1252"))
    summary = do_import(desk, dl_file(tmp_path / "a.csv", mangled, encoding="utf-8"))
    assert summary.imported == 1
    assert any("UTF-8 gemt to gange" in str(w) for w in summary.warnings)


def test_skip_invalid_writes_rejects_with_reasons(desk: Desk, seeded: int, tmp_path: Path) -> None:
    rows = [DL_ROW, DL_ROW.replace("VEJL", "SNAK"), DL_ROW + "x;", DL_ROW]
    rejects = tmp_path / "afviste.csv"
    summary = do_import(desk, dl_file(tmp_path / "a.csv", *rows), rejects=rejects)
    assert summary.ok and summary.committed
    assert (summary.imported, summary.rejected) == (2, 2)
    assert count(desk) == seeded + 2
    lines = rejects.read_bytes().decode("cp1252").split("\r\n")
    assert lines[1].startswith("3;Type: ukendt henvendelsestype;Køge;")
    assert lines[2].startswith("4;for mange felter: 14, overskriften har 13;Køge;")
    assert len(lines) == 4  # header, two rows, final newline


def test_rejects_file_may_not_be_the_input(desk: Desk, tmp_path: Path) -> None:
    path = dl_file(tmp_path / "a.csv", DL_ROW)
    with pytest.raises(FileFormatError, match="inputfilen"):
        do_import(desk, path, rejects=path)


@pytest.mark.slow
def test_a_100_mb_file_with_one_bad_last_row(desk: Desk, seeded: int, tmp_path: Path) -> None:
    """Streams 100 MB, reports the one bad row at the very end, and imports nothing."""
    path = tmp_path / "big.csv"
    block = (
        "\r\n".join(
            DL_ROW.replace("09:20:41", f"{h:02d}:{m:02d}:{s:02d}").replace("21-10", f"{d:02d}-10")
            for d in range(1, 31)
            for h in range(8, 16)
            for m in range(0, 60, 7)
            for s in (1, 31)
        )
        + "\r\n"
    )
    data = block.encode("cp1252")
    with path.open("wb") as fh:
        fh.write((DL_HEADER + "\r\n").encode("cp1252"))
        written = 0
        while written < 100_000_000:
            fh.write(data)
            written += len(data)
        fh.write((DL_ROW.replace("VEJL", "SNAK") + "\r\n").encode("cp1252"))
    lines = written // len(data) * block.count("\r\n") + 2
    seen: list[int] = []
    summary = do_import(desk, path, progress=lambda done, total: seen.append(done))
    assert summary.rows == lines - 1 and summary.rejected == 1
    assert summary.problems[0].line == lines and summary.problems[0].column == "Type"
    assert len(seen) > 10 and seen[-1] == path.stat().st_size
    assert_untouched(desk, seeded)


# -- the command ---------------------------------------------------------------------------


def test_cli_import_and_json_summary(desk: Desk, tmp_path: Path) -> None:
    path = dl_file(tmp_path / "a.csv", DL_ROW, DL_ROW.replace("259borgerservice", "259x"))
    result = runner.invoke(app, ["import", str(path)])
    assert result.exit_code == 0, result.output
    assert "Importeret: 2 · fandtes allerede: 0 · afvist: 0" in result.stdout
    assert "259x" in result.stderr  # the warning
    result = runner.invoke(app, ["import", str(path), "--json"])
    data = json.loads(result.stdout)
    assert result.exit_code == 0
    assert (data["imported"], data["already_present"], data["rejected"]) == (0, 2, 0)
    assert data["warnings"][0]["column"] == "Enhed"


def test_cli_import_rejected_exits_1(desk: Desk, tmp_path: Path) -> None:
    path = dl_file(tmp_path / "a.csv", DL_ROW, DL_ROW.replace("VEJL", "SNAK"))
    result = runner.invoke(app, ["import", str(path)])
    assert result.exit_code == 1
    assert "linje 3, kolonne Type: ukendt henvendelsestype (værdi: 'SNAK')" in result.stderr
    assert "intet er importeret" in result.stderr and "Traceback" not in result.output
    result = runner.invoke(app, ["import", str(path), "--json"])
    assert result.exit_code == 1
    assert json.loads(result.stdout)["problems"][0]["value"] == "SNAK"
    assert count(desk) == 0
    rejects = tmp_path / "r.csv"
    result = runner.invoke(app, ["import", str(path), "--skip-invalid", str(rejects)])
    assert result.exit_code == 0 and rejects.exists() and count(desk) == 1


def test_cli_import_dry_run_and_bad_file(desk: Desk, tmp_path: Path) -> None:
    path = dl_file(tmp_path / "a.csv", DL_ROW)
    result = runner.invoke(app, ["import", str(path), "--dry-run"])
    assert result.exit_code == 0 and "Ville importere: 1" in result.stdout
    assert "intet er gemt" in result.stdout and count(desk) == 0
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    result = runner.invoke(app, ["import", str(empty)])
    assert result.exit_code == 1 and "filen er tom" in result.stderr
    result = runner.invoke(app, ["import"])
    assert result.exit_code == 1 and "angiv filen" in result.stderr


def test_cli_export_then_import_round_trip(desk: Desk, tmp_path: Path) -> None:
    """An export of this store imported back into it adds nothing (desk and mass rows)."""
    fill(desk)
    out = tmp_path / "dl.csv"
    assert runner.invoke(app, ["export", "-f", "dl", "-o", str(out)]).exit_code == 0
    before = count(desk)
    result = runner.invoke(app, ["import", str(out), "--json"])
    data = json.loads(result.stdout)
    assert (data["imported"], data["already_present"]) == (0, 9)
    assert count(desk) == before


def test_own_export_with_a_new_row_adds_only_that_row(desk: Desk, tmp_path: Path) -> None:
    fill(desk)
    out = tmp_path / "dl.csv"
    do_export(desk, "dl", out)
    text = out.read_bytes().decode("cp1252")
    last = text.split("\r\n")[-2]
    text += last.replace("22-10-2013 09:20:41", "22-10-2013 16:00:00") + "\r\n"
    out.write_bytes(text.encode("cp1252"))
    summary = do_import(desk, out)
    assert (summary.imported, summary.already_present) == (1, 9)


# -- the per-value check equals the whole-row check ----------------------------------------

CODES = load_codebook()
_VALUES = {
    "municipality": st.sampled_from([259, 265, 99, 1000]),
    "unit": st.sampled_from([None, "259borgerservice", "259sundhed"]),
    "channel": st.sampled_from([*(c.code for c in CODES.channels), "TLF", ""]),
    "task": st.sampled_from(["23.05.10", "15.20", "29.03.99", "99.99.99", "Pas", "1.2.3"]),
    "type": st.sampled_from([*(t.code for t in CODES.types), "SNAK"]),
    "closing": st.sampled_from(["STRAKS", "HOLD", "SENERE"]),
    "form": st.sampled_from([None, "JA", "NEJ", "MÅSKE"]),
    "source": st.sampled_from(["app", "import", "excel"]),
    "answers": st.sampled_from(
        [
            {},
            {"koen": "K"},
            {"koen": "X"},
            {"postnummer": "4600"},
            {"postnummer": "46"},
            {"underholdsbidrag": "Forhøjet børnebidrag"},
            {"underholdsbidrag": "Noget andet"},
            {"ukendt": "svar"},
        ]
    ),
}


PLAN = parse_plan(support.plan_text())


@settings(max_examples=300, deadline=None)
@given(values=st.fixed_dictionaries(_VALUES))
def test_checking_value_by_value_equals_checking_rows(values: dict[str, object]) -> None:
    """The import checks each distinct value once; that must find what check_registration finds."""
    from tracetool.formats.checking import _Checker
    from tracetool.plan.validation import check_registration

    names = {n: n for n in ("municipality", "unit", "channel", "task", "type", "closing")}
    names.update({"form": "form", "source": "source", "count": "count"})
    checker = _Checker(CODES, PLAN, None, names, {}, kle_loaded=False)
    assert checker.by_field
    answers = dict(values["answers"])  # type: ignore[call-overload]
    channel = CODES.channel(str(values["channel"]))
    reg = make(
        municipality=values["municipality"],
        unit=values["unit"],
        channel=values["channel"],
        direction=channel.direction if channel else "IND",
        task=values["task"],
        type=values["type"],
        closing=values["closing"],
        form=values["form"],
        source=values["source"],
        answers=answers,
        started_at=None,
    )
    whole = check_registration(reg, CODES, PLAN, rules="history")
    vkey = (
        reg.municipality,
        reg.unit,
        reg.channel,
        reg.task,
        reg.type,
        reg.closing,
        reg.form,
        json.dumps(answers, ensure_ascii=False, sort_keys=True) if answers else "{}",
        reg.source,
    )
    by_value = checker.row_problems(vkey, answers)
    assert Counter((repr(p[1]), p[2]) for p in by_value) == Counter(
        (repr(p.value), p.reason) for p in whole
    )


def test_no_rejects_file_is_left_when_the_file_is_unreadable(desk: Desk, tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_bytes((DL_HEADER + "\r\n").encode("cp1252"))
    rejects = tmp_path / "afviste.csv"
    with pytest.raises(FileFormatError, match="ingen rækker"):
        do_import(desk, path, rejects=rejects)
    assert not rejects.exists()


def test_an_english_desk_gets_the_same_problems_in_english(
    desk: Desk, seeded: int, tmp_path: Path
) -> None:
    path = dl_file(tmp_path / "a.csv", DL_ROW, DL_ROW.replace("TLFIND", "SNAK"))
    danish = do_import(desk, path).problems[0]
    with locale.speaking("en"):
        english = do_import(desk, path).problems[0]
        with pytest.raises(FileFormatError) as empty:
            do_import(desk, write(tmp_path / "empty.csv", "", "cp1252"))
    assert (english.line, english.column, english.value) == (danish.line, danish.column, "SNAK")
    assert str(danish) == "linje 3, kolonne Kanal: ukendt kanalkode (værdi: 'SNAK')"
    assert str(english) == "line 3, column Kanal: unknown channel code (value: 'SNAK')"
    assert str(empty.value) == f"{tmp_path / 'empty.csv'}: the file is empty"
    assert_untouched(desk, seeded)


def test_cli_import_on_an_english_desk_says_the_problems_in_english(
    desk: Desk, tmp_path: Path, tracetool_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The CLI sets the process's language from the desk's config; put it back afterwards.
    monkeypatch.setenv("LANGUAGE", "da")
    (tracetool_home / "config.toml").write_text('lang = "en"\n', encoding="utf-8")
    path = dl_file(tmp_path / "a.csv", DL_ROW, DL_ROW.replace("TLFIND", "SNAK"))
    result = runner.invoke(app, ["import", str(path)])
    assert result.exit_code == 1
    problems = [line for line in result.stderr.splitlines() if line.startswith("  ")]
    assert problems == ["  line 3, column Kanal: unknown channel code (value: 'SNAK')"]
    as_json = json.loads(runner.invoke(app, ["import", str(path), "--json"]).stdout)
    assert as_json["problems"][0]["reason"] == "unknown channel code"
    # The CLI's own lines around the problems are English too (the column name is the file's).
    for text in [result.stdout, result.stderr, as_json["problems"][0]["reason"]]:
        assert danish_words(text) == [], text
