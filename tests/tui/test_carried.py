"""Carried and predicted values (tracetool.desk.carried, Entry): what the line starts from is
what Enter stores, FEJL and the form never carry where they do not belong, and a task brings
its usual values from this desk's own history."""

from __future__ import annotations

from datetime import timedelta

from textual.pilot import Pilot

from tests.desk.test_entry import desk, new_entry
from tests.tui.support import START, FakeClock, make_plan, stored
from tests.tui.test_flows import drive, press
from tracetool.desk.choices import CLOSING, FORM, TASK, TYPE
from tracetool.desk.desk import Desk, register_all
from tracetool.desk.entry import Entry

__all__ = ["desk"]  # the fixture, shared with the entry tests
from tracetool.model import Source
from tracetool.tui.app import TracetoolApp
from tracetool.tui.widgets import LinePanel


def type_keys(entry: Entry, keys: str, at: int) -> None:
    now = START + timedelta(minutes=at)
    for key in keys.split():
        if key == "left":
            entry.move(-1)
        else:
            entry.press(key, now)


def save(desk: Desk, entry: Entry, at: int) -> tuple[str, ...]:
    now = START + timedelta(minutes=at)
    assert entry.check_save(now) == "ok"
    shown = tuple(str(entry.value(f)) for f in (TASK, TYPE, CLOSING, FORM))
    [reg] = register_all(desk, entry.registrations(now), source=Source.APP, at=now)
    entry.saved(now)
    assert (reg.task, reg.type, reg.closing, str(reg.form)) == shown  # screen = row
    return shown


def test_after_a_misdirected_call_the_next_task_is_not_fejl(desk: Desk) -> None:
    entry = new_entry(desk)
    type_keys(entry, "2 3 4 1", 0)
    save(desk, entry, 0)
    type_keys(entry, "0", 1)  # a misdirected call
    save(desk, entry, 1)
    assert entry.type != "FEJL" and entry.task != desk.codebook.fejl_task.kle
    type_keys(entry, "3", 2)
    if entry.type is None:  # no usual type to bring: the line asks for one
        type_keys(entry, "4", 2)
    task, kind, _, _ = save(desk, entry, 2)
    assert (task, kind) == ("23.05.10", "VEJL")


def test_a_type_key_on_the_fejl_task_is_refused_so_the_screen_shows_what_is_stored(
    desk: Desk,
) -> None:
    entry = new_entry(desk)
    type_keys(entry, "2 0 left 4 1", 0)  # the sequence
    if entry.check_save(START) == "missing":
        type_keys(entry, "1", 0)
    assert entry.type == "FEJL"
    save(desk, entry, 0)


def test_the_form_is_not_carried_to_another_channel(desk: Desk) -> None:
    entry = new_entry(desk)
    type_keys(entry, "1 3 1 2 j", 0)  # at the counter, with a form
    save(desk, entry, 0)
    entry.focus = entry.fields()[0]
    type_keys(entry, "2", 1)  # the phone: no form asked
    assert entry.form is None
    save(desk, entry, 1)
    entry.focus = entry.fields()[0]
    type_keys(entry, "1", 2)  # back at the counter: the form is asked afresh
    assert entry.remembered_form is None and FORM in entry.missing()


def test_a_task_brings_its_usual_values_from_this_desks_history(desk: Desk) -> None:
    entry = new_entry(desk)
    # Pas (C) at the counter: a new case, put aside, with a form; Flytning (3) by phone:
    # advice, closed at once.
    for minute in range(3):
        entry.focus = entry.fields()[0]
        type_keys(entry, "1 C 1 2 j", minute)
        save(desk, entry, minute)
    for minute in range(3, 6):
        entry.focus = entry.fields()[0]
        type_keys(entry, "2 3 4 1", minute)
        save(desk, entry, minute)
    fresh = new_entry(desk)  # the next morning: habits from the store
    fresh.focus = fresh.fields()[0]
    type_keys(fresh, "1 C", 10)
    assert (fresh.type, fresh.closing, fresh.form) == ("OPRET", "HOLD", "JA")
    assert {TYPE, CLOSING, FORM} & fresh.chosen_fields() == set()  # carried, not chosen
    type_keys(fresh, "left 3", 10)
    assert (fresh.type, fresh.closing, fresh.form) == ("VEJL", "STRAKS", "JA")


def test_carried_values_look_different_from_chosen_ones() -> None:
    make_plan()

    async def flow(app: TracetoolApp, pilot: Pilot[None], clock: FakeClock) -> None:
        await press(pilot, "2", "3", "4", "1", "enter")
        clock.advance(60)
        panel = app.query_one(LinePanel)
        carried = panel.cell_text(TYPE)
        await press(pilot, "5", "4")  # the type chosen for this inquiry
        chosen = panel.cell_text(TYPE)
        assert "Vejledning" in carried.plain and carried.plain == chosen.plain
        assert [s.style for s in carried.spans] != [s.style for s in chosen.spans]

    drive(flow)
    assert len(stored()) == 1
