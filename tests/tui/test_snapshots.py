"""What the main screen looks like, as SVG snapshots (pytest-textual-snapshot).

The clock is frozen, so the header, the timer and the saved rows are the same on every run.
Update after a deliberate change with ``pytest tests/tui/test_snapshots.py --snapshot-update``
and look at the pictures before committing them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.pilot import Pilot

from tests.tui.support import FakeClock, make_app, make_plan
from tracetool.tui.config import Config

Snap = Callable[..., bool]


def test_new_desk_at_80x24(snap_compare: Snap) -> None:
    """A desk's first start: the cursor waits at the channel; test mode banner on top."""
    make_plan()
    assert snap_compare(make_app(FakeClock()), terminal_size=(80, 24))


def test_after_two_registrations_at_80x24(snap_compare: Snap) -> None:
    """Sticky defaults: the line is ready for Enter and waits at the task; counts below."""
    make_plan()
    clock = FakeClock()

    async def register(pilot: Pilot[Any]) -> None:
        for key in ("1", "3", "2", "2", "n", "enter"):
            await pilot.press(key)
        clock.advance(90)
        await pilot.press("5", "enter")
        await pilot.pause()

    assert snap_compare(make_app(clock), terminal_size=(80, 24), run_before=register)


def test_after_two_registrations_at_120x40(snap_compare: Snap) -> None:
    """The wide screen: four columns of tiles and today's list below."""
    make_plan()
    clock = FakeClock()

    async def register(pilot: Pilot[Any]) -> None:
        for key in ("2", "3", "4", "1", "enter"):
            await pilot.press(key)
        clock.advance(90)
        await pilot.press("5", "2", "v", "enter")
        await pilot.pause()

    assert snap_compare(make_app(clock), terminal_size=(120, 40), run_before=register)


def test_light_theme_in_english_at_80x24(snap_compare: Snap) -> None:
    """Light theme, English, the cursor at the type: readable without colour."""
    make_plan(test_mode=False)
    config = Config(lang="en", theme="textual-light")

    async def keys(pilot: Pilot[Any]) -> None:
        await pilot.press("2", "3")
        await pilot.pause()

    assert snap_compare(
        make_app(FakeClock(), config=config), terminal_size=(80, 24), run_before=keys
    )
