"""Import of what Excel and the project's own exports make: extra empty columns, xlsx, ndjson."""

from __future__ import annotations

from pathlib import Path

from tests import test_import_support as support
from tests.test_import_repeats import DL_HEADER, dl_file, extract_lines
from tests.test_import_support import content, count, do_export, do_import, fill, write
from tracetool.desk.desk import Desk

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
