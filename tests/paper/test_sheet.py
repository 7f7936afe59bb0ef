"""The paper tally sheet: rows and columns from the plan, pages, text in the PDF, the CLI."""

from __future__ import annotations

import re
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest

from tests.collector.coordinator_support import apply_test_plan, run
from tests.helpers import PLAN, danish_in
from tracetool.codes.codebook import load_codebook
from tracetool.paper.pdfdoc import find_font_dir
from tracetool.paper.sheet import BLANK_ROWS, render_sheet, sheet_rows, tick_columns
from tracetool.plan.model import Unit
from tracetool.plan.writing import DEFAULT_PACKAGE

BOOK = load_codebook()
PDFTOTEXT = shutil.which("pdftotext")


def page_objects(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", pdf))


def text_of(pdf: bytes, tmp_path: Path) -> str:
    if PDFTOTEXT is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    path = tmp_path / "sheet.pdf"
    path.write_bytes(pdf)
    done = subprocess.run(
        [PDFTOTEXT, "-layout", str(path), "-"], capture_output=True, check=True, timeout=60
    )
    return done.stdout.decode("utf-8")


def big_unit() -> Unit:
    tasks = tuple(t.kle for t in BOOK.tasks_in(DEFAULT_PACKAGE))
    return Unit(login="259borgerservice", name="Borgerservice", tasks=tasks)


def test_rows_are_the_units_tasks_with_hotkeys_then_fejl_and_blank_rows() -> None:
    unit = PLAN.units[0]  # 23.05.10, 05.07.00, 29.03.99, 00.00.00 (Fejlhenvendelse)
    rows = sheet_rows(unit, BOOK, lambda k: f"navn {k}")
    assert [(r.hotkey, r.kle) for r in rows[:4]] == [
        ("1", "23.05.10"),
        ("2", "05.07.00"),
        ("3", "29.03.99"),
        ("4", "00.00.00"),
    ]
    assert rows[0].name == "navn 23.05.10"
    assert rows[4:] == [rows[-1]] * BLANK_ROWS and rows[-1].kle == ""
    phone = sheet_rows(PLAN.units[1], BOOK, lambda k: k)
    assert [r.kle for r in phone if r.kle] == ["23.05.10", BOOK.fejl_task.kle]


def test_tick_columns_follow_the_units_channels() -> None:
    everything = tick_columns(PLAN.units[0], BOOK)
    groups = [c.group for c in everything]
    assert groups.count("Kanal ind") == len(BOOK.app_channels("IND"))
    assert groups.count("Kanal ud") == len(BOOK.app_channels("UD"))
    assert groups.count("Type") == 6 and groups.count("Afslutning") == 2
    assert [c.label for c in everything if c.group == "Blanket"] == ["Ja", "Nej"]
    marked = [c.label for c in everything if c.label.endswith(" *")]
    assert "Personligt fremmøde *" in marked and "Telefon *" not in marked
    phone = tick_columns(PLAN.units[1], BOOK)  # channels = ("TLFIND",): the form is never asked
    assert [c.label for c in phone if c.group.startswith("Kanal")] == ["Telefon"]
    assert "Blanket" not in {c.group for c in phone}


def test_small_unit_is_one_page(tmp_path: Path) -> None:
    sheet = render_sheet(PLAN, PLAN.units[0], BOOK, day=date(2013, 10, 21))
    assert sheet.pdf.startswith(b"%PDF-")
    assert sheet.pages == 1 == page_objects(sheet.pdf)
    text = text_of(sheet.pdf, tmp_path)
    for expected in (
        "Tælleark – henvendelser (KOMHEN 2.0)",
        "Køge (259)",
        "Borgerservice (259borgerservice)",
        "Dato: 21-10-2013",
        "Side 1 af 1",
        "23.05.10",
        "Flytning",
        "Fejlhenvendelse",
        "Kanal ind",
        "Afslutning",
        "Blanket",
        "Sæt én streg pr. henvendelse",
        "CPR, CVR, matrikel",
    ):
        assert expected in text, expected


def test_default_task_package_takes_several_pages_with_the_header_on_each(tmp_path: Path) -> None:
    sheet = render_sheet(PLAN, big_unit(), BOOK)
    assert sheet.rows == len(big_unit().tasks) + BLANK_ROWS
    assert sheet.pages == 3 == page_objects(sheet.pdf)
    text = text_of(sheet.pdf, tmp_path)
    for page in (1, 2, 3):
        assert f"Side {page} af 3" in text
    assert text.count("KLE-nr.") == 3  # the table head repeats
    assert "Sæt én streg" in text.split("Side 2 af 3")[0]  # instructions on page one only
    last = BOOK.tasks_in(DEFAULT_PACKAGE)[-2]
    assert last.kle in text


def test_without_dejavu_the_core_font_still_writes_danish(tmp_path: Path) -> None:
    sheet = render_sheet(PLAN, PLAN.units[0], BOOK, unicode_font=False)
    assert sheet.pages == 1
    text = text_of(sheet.pdf, tmp_path)
    assert "Tælleark - henvendelser" in text and "Køge" in text and "Ændring" in text


def test_font_lookup_needs_all_three_faces(tmp_path: Path) -> None:
    (tmp_path / "DejaVuSans.ttf").write_bytes(b"")
    assert find_font_dir([tmp_path]) is None


# -- CLI --------------------------------------------------------------------------------------


@pytest.fixture
def planned(tracetool_home: Path, tmp_path: Path) -> Path:
    return apply_test_plan(tmp_path)


def test_cli_writes_the_tally_pdf(planned: Path, tmp_path: Path) -> None:
    out = tmp_path / "ark.pdf"
    code, stdout, err = run(
        "paper",
        "sheet",
        "--layout",
        "tally",
        "--unit",
        "259telefon",
        "--out",
        str(out),
        "--date",
        "2013-10-21",
    )
    assert code == 0, err
    assert "1 side" in stdout and "ark.pdf" in stdout
    pdf = out.read_bytes()
    assert page_objects(pdf) == 1
    text = text_of(pdf, tmp_path)
    assert "Telefonen (259telefon)" in text and "Dato: 21-10-2013" in text
    assert "Blanket" not in text  # a phone-only desk is never asked about forms


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--unit", "259ukendt"], "ukendt enhed '259ukendt'; planen har: 259borgerservice"),
        (["--unit", "259telefon", "--date", "32-10-2013"], "--date: ukendt dato '32-10-2013'"),
    ],
)
def test_cli_bad_inputs(planned: Path, tmp_path: Path, args: list[str], expected: str) -> None:
    code, out, err = run("paper", "sheet", "--out", str(tmp_path / "ark.pdf"), *args)
    assert code == 1, out
    assert len(err.strip().splitlines()) == 1
    assert expected in err
    assert not (tmp_path / "ark.pdf").exists()


def test_cli_refuses_a_non_pdf_name_and_an_unwritable_place(planned: Path, tmp_path: Path) -> None:
    code, _, err = run("paper", "sheet", "-u", "259telefon", "--out", str(tmp_path / "ark.txt"))
    assert code == 1 and "skal ende på .pdf" in err
    code, _, err = run("paper", "sheet", "-u", "259telefon", "--out", "/findes/ikke/ark.pdf")
    assert code == 1 and "kan ikke gemmes" in err
    assert len(err.strip().splitlines()) == 1


def test_cli_without_plan(tracetool_home: Path, tmp_path: Path) -> None:
    code, _, err = run("paper", "sheet", "-u", "259telefon", "--out", str(tmp_path / "ark.pdf"))
    assert code == 1 and "tælleplan" in err


def test_the_old_command_still_works_and_says_where_it_went(planned: Path, tmp_path: Path) -> None:
    out = tmp_path / "ark.pdf"
    code, stdout, err = run("sheet", "--unit", "259telefon", "--out", str(out))
    assert code == 0, err
    assert "`tracetool sheet` er flyttet til `tracetool paper sheet`" in err
    assert "Logark for Telefonen (259telefon)" in stdout and "linjer pr. side" in stdout
    text = text_of(out.read_bytes(), tmp_path)
    assert "Logark – én linje pr. henvendelse" in text
    code, _, err = run("sheet", "--layout", "tally", "-u", "259telefon", "--out", str(out))
    assert code == 0 and "Tælleark – henvendelser" in text_of(out.read_bytes(), tmp_path)


# -- the tally's defects named in issue 14 ------------------------------------------------------


def test_a_task_without_a_name_is_printed_as_its_number_once() -> None:
    unit = Unit(login="259x", name="X", tasks=("15.17.00",))
    rows = sheet_rows(unit, BOOK, lambda k: k)  # no title known: the lookup gives the number
    assert (rows[0].kle, rows[0].name) == ("15.17.00", "")


def test_long_names_are_wrapped_not_cut_and_the_tally_says_what_it_can_give(
    tmp_path: Path,
) -> None:
    long = "Optagelse i dagtilbud, plads i anden kommune og opsigelse samt klager over ventetid"
    sheet = render_sheet(PLAN, PLAN.units[0], BOOK, task_title=lambda k: long)
    text = text_of(sheet.pdf, tmp_path)
    assert "…" not in text
    assert "klager over ventetid" in text
    flat = " ".join(text.split())
    assert "kan kun tastes ind som totaler pr. kolonne" in flat
    assert text.count("I alt") == sheet.pages  # a totals row on every page


def test_the_65_task_list_takes_four_pages_not_five(shared: Path) -> None:
    path = shared / "komhen" / "koege_opgaver_efteraar2013.csv"
    tasks = tuple(line.split(";")[0].strip() for line in path.read_text().splitlines()[1:])
    assert len(tasks) == 65
    unit = Unit(login="259borgerservice", name="Borgerservice", tasks=tasks)
    sheet = render_sheet(PLAN, unit, BOOK)
    assert sheet.pages == 4 == page_objects(sheet.pdf)


def test_the_english_tally_sheet_has_english_words_and_labels(tmp_path: Path) -> None:
    sheet = render_sheet(PLAN, big_unit(), BOOK, lang="en")
    assert sheet.pages == 3  # the same grid as the Danish sheet
    english = text_of(sheet.pdf, tmp_path)
    for expected in (
        "Tally sheet – inquiries (KOMHEN 2.0)",
        "Page 1 of 3",
        "Municipality: Køge (259)",
        "Channel in",
        "KLE no.",
        "One stroke per inquiry",
        "Total (this page)",
        "Misdirected inquiry",  # the codebook's English names, too
        "New case",
    ):
        assert expected in english, expected
    danish = text_of(render_sheet(PLAN, big_unit(), BOOK).pdf, tmp_path)
    assert danish_in(danish, "paper")  # the check finds Danish
    assert danish_in(english, "paper", besides=["for"]) == []  # "for" is English too
