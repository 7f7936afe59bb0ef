"""Exports safe in Excel: a value a person typed that would start a formula is written with the
usual leading apostrophe in the CSV formats; codes and numbers are untouched."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from tests.formats import support as support
from tests.formats.support import make
from tracetool.desk.desk import Desk
from tracetool.formats.exporting import ExportFilter, export, remember_municipality_name

desk = support.desk

TYPED = {
    "unit": '=HYPERLINK("http://x";"klik")',
    "koen": "+45 1234",
    "postnummer": "-4600",
    "underholdsbidrag": "\tskjult",
}


def _cells(desk: Desk, fmt: str, out: Path) -> list[list[str]]:
    export(desk.db, desk.codebook, None, fmt, out, where=ExportFilter(), task_title=desk.task_title)
    text = out.read_bytes().decode("cp1252" if fmt == "dl" else "utf-8-sig")
    return list(csv.reader(io.StringIO(text), delimiter=";"))[1:]


def test_typed_values_that_start_a_formula_are_text_in_excel(desk: Desk, tmp_path: Path) -> None:
    answers = {k: v for k, v in TYPED.items() if k != "unit"}
    desk.store.save(make(unit=TYPED["unit"], answers=answers))
    desk.store.save(make(unit="259borgerservice", task="23.05.10"))
    remember_municipality_name(desk.db, 259, "@Køge")
    for fmt in ("dl", "upload"):
        rows = _cells(desk, fmt, tmp_path / f"{fmt}.csv")
        flat = [cell for row in rows for cell in row]
        # upload has neither answer columns nor the municipality's name.
        typed = (*TYPED.values(), "@Køge") if fmt == "dl" else (TYPED["unit"],)
        for value in typed:
            assert "'" + value in flat and value not in flat, (fmt, value, rows[0])
        # Codes, numbers and times stay as they were: no cell of the plain row is touched.
        plain = next(r for r in rows if "259borgerservice" in r)
        assert "259" in plain and "23.05.10" in plain and "PRSNLG" in plain
        assert not any(c.startswith("'") for c in plain if c != "'@Køge")
