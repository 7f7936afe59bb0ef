"""Undo (Ctrl+Z) takes back only what this session of the app saved, and says when it was."""

from __future__ import annotations

from datetime import timedelta

from textual.pilot import Pilot

from tests.tui.support import START, UNIT, FakeClock, make_plan, stored
from tests.tui.test_flows import drive, message, press
from tracetool.desk.desk import Desk
from tracetool.model import Source
from tracetool.tui.app import TracetoolApp


def test_undo_with_nothing_saved_in_this_session_leaves_an_older_paper_row() -> None:
    make_plan()
    desk = Desk.open()
    old = desk.register(
        channel="PRSNLG",
        task="23.05.10",
        type="VEJL",
        closing="STRAKS",
        form="NEJ",
        unit=UNIT,
        at=START - timedelta(days=2),
        source=Source.PAPER,
    )
    desk.close()

    async def flow(app: TracetoolApp, pilot: Pilot[None], clock: FakeClock) -> None:
        await press(pilot, "ctrl+z")
        assert "intet at fortryde" in message(app)

    drive(flow)
    assert [r.id for r in stored()] == [old.id]


def test_undo_names_the_date_and_time_of_what_it_takes_back() -> None:
    make_plan()

    async def flow(app: TracetoolApp, pilot: Pilot[None], clock: FakeClock) -> None:
        await press(pilot, "2", "3", "4", "1", "enter")
        clock.advance(90)
        await press(pilot, "ctrl+z")
        assert "21-10-2025 09:00" in message(app), message(app)
        await press(pilot, "ctrl+z")
        assert "intet at fortryde" in message(app)

    drive(flow)
    assert stored() == []
