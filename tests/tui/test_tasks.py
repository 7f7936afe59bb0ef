"""'+': one contact, several tasks, each with its own type, closing and form, all on screen."""

from __future__ import annotations

from textual.pilot import Pilot

from tests.tui.support import FakeClock, make_plan, stored
from tests.tui.test_flows import drive, press
from tracetool.tui.app import TracetoolApp
from tracetool.tui.widgets import LinePanel


def test_each_task_of_a_contact_keeps_its_own_type_closing_and_form() -> None:
    make_plan()

    async def flow(app: TracetoolApp, pilot: Pilot[None], clock: FakeClock) -> None:
        # At the counter: passport (C) a new case, put aside, with a form; + moving (3):
        # advice, closed at once, no form.
        await press(pilot, "1", "c", "1", "2", "j", "plus", "3", "4", "1", "n")
        shown = str(app.query_one(LinePanel).query_one("#slots").render())
        assert "Pas" in shown and "Ny sag" in shown  # the first task, visible at 80 columns
        await press(pilot, "enter")

    drive(flow, size=(80, 24))
    rows = {r.task: (r.type, r.closing, r.form) for r in stored()}
    assert rows == {"23.09.02": ("OPRET", "HOLD", "JA"), "23.05.10": ("VEJL", "STRAKS", "NEJ")}


def test_the_same_task_cannot_be_added_twice() -> None:
    make_plan()

    async def flow(app: TracetoolApp, pilot: Pilot[None], clock: FakeClock) -> None:
        await press(pilot, "2", "3", "4", "1", "plus", "3")
        entry = app.require_entry()
        assert entry.tasks == ["23.05.10", None]
        await press(pilot, "5", "enter")

    drive(flow)
    assert sorted(r.task for r in stored()) == ["23.05.10", "29.03.04"]
