"""Keying paper lines back (tracetool.desk.paper): the app's keys, validation, all or nothing."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest

from tests.tui.support import UNIT, make_plan, stored
from tracetool import timeutil
from tracetool.desk.desk import Desk
from tracetool.desk.entry import Entry, Field, Kind
from tracetool.desk.paper import (
    LineError,
    bad_lines_text,
    read_line,
    read_sheet,
    split_marks,
    store_lines,
)
from tracetool.errors import TracetoolError
from tracetool.model import Source

DAY = date(2025, 10, 21)


@pytest.fixture
def desk() -> Iterator[Desk]:
    make_plan(parameters=("koen",), question_task="29.03.04", test_mode=False)
    d = Desk.open()
    yield d
    d.close()


def keys(desk: Desk) -> dict[str, dict[str, str]]:
    """code -> hotkey for each field, as the app's line offers them (outbound with U)."""
    entry = Entry.start(desk.codebook, desk.require_plan(), desk.unit(UNIT))
    out: dict[str, dict[str, str]] = {}
    out["channel"] = {c.code: c.hotkey for c in entry.channel_choices("IND")}
    out["channel"] |= {c.code: "U" + c.hotkey for c in entry.channel_choices("UD")}
    kinds: tuple[Kind, ...] = ("task", "type", "closing", "form")
    for kind in kinds:
        out[kind] = {c.code: c.hotkey for c in entry.choices(Field(kind))}
    return out


def test_the_issues_example_is_phone_task_three_advice_closed(desk: Desk) -> None:
    unit = desk.unit(UNIT)
    for text in ("2341 1", "2 3 4 1 1", " 2 3 41 1 @9 "):
        reg = read_line(desk, unit, text, DAY, 10, source=Source.PAPER)
        assert (reg.channel, reg.task, reg.type, reg.closing) == (
            "TLFIND",
            unit.tasks[2],
            "VEJL",
            "STRAKS",
        )
        assert reg.answers == {"koen": "K"} and reg.form is None and reg.count == 1
        assert reg.source == "paper" and reg.started_at is None
    assert timeutil.local(reg.saved_at).hour == 9


def test_count_hour_kle_number_form_direction_and_question(desk: Desk) -> None:
    unit = desk.unit(UNIT)
    k = keys(desk)
    fremmode = k["channel"]["PRSNLG"]  # asks the form question
    line = f"{fremmode} 23.05.10 {k['type']['OPRET']} {k['closing']['HOLD']} {k['form']['NEJ']} 2"
    reg = read_line(desk, unit, line + " x3 @14", DAY, None, source=Source.PAPER)
    assert (reg.channel, reg.task, reg.type, reg.closing, reg.form) == (
        "PRSNLG",
        "23.05.10",
        "OPRET",
        "HOLD",
        "NEJ",
    )
    assert reg.count == 3 and reg.answers == {"koen": "M"}
    assert timeutil.local(reg.saved_at).hour == 14
    out = read_line(desk, unit, f"{k['channel']['TLFUD']}141 3", DAY, 8, source="paper")
    assert (out.direction, out.channel) == ("UD", "TLFUD")
    # A task with an extra question: its answer comes after the unit's parameters.
    bidrag = k["task"]["29.03.04"]
    reg = read_line(desk, unit, f"2{bidrag}41 1 2 @8", DAY, None, source="paper")
    assert reg.answers == {"koen": "K", "underholdsbidrag": "Forhøjet børnebidrag"}


def test_fejlhenvendelse_with_or_without_its_type_key(desk: Desk) -> None:
    unit = desk.unit(UNIT)
    for text in ("2 0 1 1", "2 0 6 1 1"):
        reg = read_line(desk, unit, text, DAY, 9, source="paper")
        assert (reg.task, reg.type, reg.closing) == ("00.00.00", "FEJL", "STRAKS")


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("9341 1", "kanal: '9' er ingen tast her (gyldige: "),
        ("2 3 9 1 1", "type: '9' er ingen tast her (gyldige: 1 2 3 4 5 6)"),
        ("2 3 4", "mangler afslutning, køn"),
        ("2 3 4 1 1 1", "for mange taster: '1' efter sidste felt (køn)"),
        ("2 3 4 1 1 x0", "antal 'x0': skal være mindst 1"),
        ("2 3 4 1 1 @25", "time '@25': skal være 0–23"),
        ("2 3 4 1 1 @", "'@': skriv antal som x3 og time som @09"),
        ("x3", "ingen taster før antal/time"),
        ("2 99.99.99 4 1 1", "99.99.99"),
        ("1 3 4 1", "mangler blanket, køn"),
    ],
)
def test_a_bad_line_says_what_is_wrong(desk: Desk, text: str, reason: str) -> None:
    with pytest.raises(TracetoolError) as err:
        read_line(desk, desk.unit(UNIT), text, DAY, 9, source="paper")
    assert reason in str(err.value)


def test_no_hour_anywhere_is_an_error() -> None:
    with pytest.raises(LineError, match="ingen time"):
        split_and_read()


def split_and_read() -> None:
    make_plan(test_mode=False)
    d = Desk.open()
    try:
        read_line(d, d.unit(UNIT), "2341", DAY, None, source="paper")
    finally:
        d.close()


def test_split_marks_takes_count_and_hour_in_either_order() -> None:
    assert split_marks("2 3 4 1 @09 x12") == split_marks("2341 x12 @9")
    marks = split_marks("2341 ×4")
    assert (marks.keys, marks.count, marks.hour) == ("2341", 4, None)


def test_a_sheet_is_all_or_nothing_and_bad_lines_can_be_fixed_from_the_file(desk: Desk) -> None:
    unit = desk.unit(UNIT)
    lines = ["# formiddag", "2341 1 x3", "", "2 3 9 1 1", "2 0 1 1 @11", "2 3 4 1"]
    sheet = read_sheet(desk, unit, lines, DAY, 9)
    assert [b.number for b in sheet.bad] == [4, 6]
    assert "linje 4: type: '9' er ingen tast her" in str(sheet.bad[0])
    assert [g.number for g in sheet.good] == [2, 5] and sheet.inquiries == 4
    assert stored() == []  # reading stores nothing
    again = bad_lines_text(sheet.bad)
    assert again.splitlines()[1] == "2 3 9 1 1" and again.startswith("# linje 4: type:")
    fixed = read_sheet(desk, unit, again.splitlines(), DAY, 9)
    assert [b.number for b in fixed.bad] == [2, 4]  # the notes are skipped, the lines kept
    saved = store_lines(desk, sheet.good)
    rows = stored()
    assert {r.id for r in rows} == {r.id for r in saved}
    assert sorted(r.count for r in rows) == [1, 3]
    assert all(r.source == "paper" for r in rows)


def test_a_last_word_like_x41_is_keys_when_a_count_leaves_the_line_incomplete(desk: Desk) -> None:
    unit = desk.unit(UNIT)
    k = keys(desk)
    x_task = next(code for code, key in k["task"].items() if key == "X")
    reg = read_line(desk, unit, "2 X411", DAY, 9, source="paper")  # not 411 of nothing
    assert (reg.task, reg.type, reg.closing, reg.count) == (x_task, "VEJL", "STRAKS", 1)
    counted = read_line(desk, unit, "2 3 4 1 1 X41", DAY, 9, source="paper")
    assert counted.count == 41
    with pytest.raises(LineError, match="mangler opgave"):
        read_line(desk, unit, "2 x41", DAY, 9, source="paper")


def test_a_wrong_channel_key_lists_the_apps_channel_keys(desk: Desk) -> None:
    unit = desk.unit(UNIT)
    entry = Entry.start(desk.codebook, desk.require_plan(), unit)
    inbound = " ".join(c.hotkey for c in entry.channel_choices("IND"))
    outbound = " ".join("U" + c.hotkey for c in entry.channel_choices("UD"))
    with pytest.raises(LineError) as err:
        read_line(desk, unit, "9341 1", DAY, 9, source="paper")
    assert f"(gyldige: {inbound}, {outbound})" in str(err.value)
