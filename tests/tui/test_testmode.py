"""Test mode switched in the app (command palette, with a confirmation), framed while on."""

from __future__ import annotations

from textual.pilot import Pilot

from tests.tui.support import FakeClock, make_plan, stored
from tests.tui.test_flows import drive, press
from tracetool.tui.app import TracetoolApp
from tracetool.tui.screens import ConfirmScreen


async def palette(pilot: Pilot[None], text: str) -> None:
    await press(pilot, "ctrl+p")
    await press(pilot, *text)
    await pilot.pause(0.3)  # the palette searches in the background
    await press(pilot, "enter")


def test_test_mode_is_switched_off_in_the_app_after_a_confirmation() -> None:
    make_plan(test_mode=True)

    async def flow(app: TracetoolApp, pilot: Pilot[None], clock: FakeClock) -> None:
        frame = app.query_one("#frame")
        await palette(pilot, "slå fra")
        assert isinstance(app.screen, ConfirmScreen)
        await press(pilot, "n")  # not yet: nothing changes
        assert app.require_desk().test_mode and frame.has_class("-test")
        await palette(pilot, "slå fra")
        await press(pilot, "j")
        assert not app.require_desk().test_mode
        assert not frame.has_class("-test") and not frame.border_title
        await press(pilot, "2", "3", "4", "1", "enter")

    drive(flow)
    [reg] = stored()
    assert reg.test_mode is False
