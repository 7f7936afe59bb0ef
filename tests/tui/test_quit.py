"""Ctrl+Q with an unfinished line asks first; with a finished (or untouched) line it quits."""

from __future__ import annotations

from textual.pilot import Pilot

from tests.tui.support import FakeClock, make_plan, stored
from tests.tui.test_flows import drive, press
from tracetool.tui.app import TracetoolApp
from tracetool.tui.screens import ConfirmScreen


def test_ctrl_q_on_an_unfinished_line_asks_and_no_keeps_the_line() -> None:
    make_plan()

    async def flow(app: TracetoolApp, pilot: Pilot[None], clock: FakeClock) -> None:
        await press(pilot, "2", "3")  # timer running, task chosen
        await press(pilot, "ctrl+q")
        assert isinstance(app.screen, ConfirmScreen) and app.is_running
        await press(pilot, "n")
        assert not isinstance(app.screen, ConfirmScreen) and app.is_running
        await press(pilot, "4", "1", "enter")
        await press(pilot, "ctrl+q")  # nothing unfinished now: quits at once
        assert not app.is_running

    drive(flow)
    assert len(stored()) == 1


def test_ctrl_q_on_an_unfinished_line_quits_when_confirmed() -> None:
    make_plan()

    async def flow(app: TracetoolApp, pilot: Pilot[None], clock: FakeClock) -> None:
        await press(pilot, "2", "3")
        await press(pilot, "ctrl+q")
        await press(pilot, "j")
        assert not app.is_running

    drive(flow)
    assert stored() == []
