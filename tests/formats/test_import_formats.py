"""Import of what Excel and the project's own exports make: extra empty columns, xlsx, ndjson."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.formats import support as support
from tests.formats.support import content, count, do_export, do_import, fill, write
from tests.formats.test_repeats import DL_HEADER, dl_file, extract_lines
from tracetool.desk.desk import Desk
from tracetool.errors import FileFormatError

desk = support.desk
fresh = support.fresh


def test_lines_ending_with_an_extra_empty_column_are_read_with_a_warning(
    desk: Desk, tmp_path: Path
) -> None:
    rows = extract_lines()
    doubled = [row + ";" for row in rows]  # "...;Tracetool;;" as Excel leaves it
    summary = do_import(desk, dl_file(tmp_path / "a.csv", doubled))
    assert summary.committed and summary.imported == len(rows) and summary.rejected == 0
    extra = [w for w in summary.warnings if "ekstra tom kolonne" in w.reason]
    assert len(extra) == 1 and extra[0].count == len(rows) and extra[0].first_line == 2
    # The same rows as without the extra column: the plain file adds nothing.
    again = do_import(desk, dl_file(tmp_path / "b.csv", rows))
    assert again.already_present == len(rows) and again.imported == 0


def test_a_header_with_the_extra_column_too(desk: Desk, tmp_path: Path) -> None:
    rows = extract_lines()
    text = "\n".join([DL_HEADER + ";", *(row + ";" for row in rows)]) + "\n"
    summary = do_import(desk, write(tmp_path / "a.csv", text))
    assert summary.imported == len(rows) and summary.rejected == 0


def test_an_extra_column_with_a_value_is_still_refused(desk: Desk, tmp_path: Path) -> None:
    rows = extract_lines()
    summary = do_import(desk, dl_file(tmp_path / "a.csv", [rows[0], rows[1] + "x;"]))
    assert summary.rejected == 1 and summary.problems[0].line == 3
    assert "for mange felter" in summary.problems[0].reason and count(desk) == 0


def _not_test(desk: Desk) -> list[tuple[object, ...]]:
    """content() of the rows an export writes by default (test registrations stay home)."""
    test_rows = desk.db.execute("SELECT COUNT(*) FROM registration WHERE test_mode = 1")
    assert test_rows.fetchone()[0] == 1
    return content(desk)


def test_own_xlsx_export_imports_like_the_dl_export(
    desk: Desk, fresh: Desk, tmp_path: Path
) -> None:
    fill(desk)
    dl, xlsx = tmp_path / "a.csv", tmp_path / "a.xlsx"
    do_export(desk, "dl", dl)
    result = do_export(desk, "xlsx", xlsx)
    summary = do_import(fresh, xlsx)
    assert summary.layout == "dl" and summary.encoding == "xlsx"
    # The reading aids (unit and task names, duration) are no answers: no warning about them.
    assert not summary.warnings
    assert summary.committed and summary.imported == result.rows == 9
    from_xlsx = content(fresh)
    # The same rows as the dl export gives: imported into a third store, compared.
    third = Desk.open(tmp_path / "third.db")
    try:
        assert do_import(third, dl).imported == 9
        assert content(third) == from_xlsx
    finally:
        third.close()
    # Read back into the store it came from, it adds nothing (desk rows to the second, mass).
    again = do_import(desk, xlsx)
    assert (again.imported, again.already_present, again.repeats) == (0, 9, 0)


def test_own_ndjson_export_imports_with_counts_and_answers(
    desk: Desk, fresh: Desk, tmp_path: Path
) -> None:
    fill(desk)
    out = tmp_path / "a.ndjson"
    result = do_export(desk, "ndjson", out)
    summary = do_import(fresh, out)
    assert summary.layout == "ndjson" and summary.committed
    assert summary.imported == result.rows == 6  # one object per registration, mass with count
    expected = [row for row in _not_test(desk)]
    mine = content(fresh)
    assert len(mine) == len(expected) - 1  # the test registration is not exported
    assert all(row in expected for row in mine)
    assert sum(r[-1] for r in mine) == 9  # inquiries: five single ones and a mass of four
    # Read back into its own store: the desk rows are known to the second; the mass
    # registration (saved at its time of day, not at midnight as in dl) is a likely repeat.
    again = do_import(desk, out)
    assert (again.imported, again.already_present, again.repeats) == (0, 5, 1)
    assert not again.committed and count(desk) == 7


def test_ndjson_with_test_rows_and_a_bad_line(desk: Desk, fresh: Desk, tmp_path: Path) -> None:
    fill(desk)
    out = tmp_path / "a.ndjson"
    from tracetool.formats.export_rows import ExportFilter

    do_export(desk, "ndjson", out, where=ExportFilter(include_test=True))
    summary = do_import(fresh, out)
    assert summary.skipped == 1 and summary.imported == 6
    lines = out.read_text(encoding="utf-8").splitlines()
    lines.insert(2, '{"municipality": 259, "channel": ')
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(FileFormatError) as caught:
        do_import(fresh, out)
    assert "linje 3" in str(caught.value) and "ikke gyldig JSON" in str(caught.value)


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("x.xlsx", b"PK\x03\x04" + b"\x00" * 200, "Excel-filen kan ikke læses"),
        ("x.ndjson", b'{"municipality": 259, "unit": "K\xf8ge"}\n', "ikke UTF-8"),
        ("x.ndjson", b'{"municipality": 259}\n[1, 2]\n', "ét JSON-objekt"),
    ],
)
def test_broken_xlsx_and_ndjson_files_say_what_and_where(
    desk: Desk, tmp_path: Path, name: str, data: bytes, message: str
) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(FileFormatError) as caught:
        do_import(desk, path)
    assert message in str(caught.value) and str(path) in str(caught.value)
    assert count(desk) == 0


def test_an_xlsx_of_another_layout_is_refused_by_its_header(desk: Desk, tmp_path: Path) -> None:
    import openpyxl

    book = openpyxl.Workbook()
    book.active.append(["Navn", "Telefon"])
    book.active.append(["Anna", "12345678"])
    path = tmp_path / "andet.xlsx"
    book.save(path)
    with pytest.raises(FileFormatError) as caught:
        do_import(desk, path)
    assert "ukendt filformat" in str(caught.value) and "linje 1" in str(caught.value)


def test_json_lines_in_a_csv_named_file_stay_csv(desk: Desk, tmp_path: Path) -> None:
    """What the collector saves as upload.csv is read as CSV: NDJSON wants its own name."""
    fill(desk)
    out = tmp_path / "a.ndjson"
    do_export(desk, "ndjson", out)
    renamed = tmp_path / "upload.csv"
    renamed.write_bytes(out.read_bytes())
    with pytest.raises(FileFormatError) as caught:
        do_import(desk, renamed)
    assert "ukendt filformat" in str(caught.value)
