"""Keys take effect in the order typed, however they arrive (tracetool.tui.widgets.LinePanel).

Over a remote desktop typed-ahead keys arrive in one read; Textual's driver then turns the read
into several key events posted one after another before the app handles any. ``burst`` does
just that (the driver's ``process_message`` for each key, no wait between); Pilot's ``press``
waits for the app to settle after each key.
"""

from __future__ import annotations

from textual import events
from textual.pilot import Pilot

from tests.tui.support import FakeClock, make_plan, stored
from tests.tui.test_flows import drive, press
from tracetool.desk.choices import CLOSING, TYPE
from tracetool.tui.app import TracetoolApp

# Key name → the character a terminal sends for it (None for keys without one).
CHARS = {"enter": "\r", "tab": "\t", "right": None, "left": None, "plus": "+", "escape": "\x1b"}


async def burst(app: TracetoolApp, pilot: Pilot[None], *keys: str) -> None:
    """Several keys delivered in one read, as Textual's terminal driver delivers them."""
    driver = app._driver
    assert driver is not None
    for key in keys:
        char = CHARS.get(key, key if len(key) == 1 else None)
        driver.process_message(events.Key(key, char))
    await pilot.pause()
    await pilot.pause()


async def first_row(app: TracetoolApp, pilot: Pilot[None], clock: FakeClock) -> None:
    """Telefon, task 3 (Flytning), Vejledning, Straks: the line then waits on the task."""
    await press(pilot, "2", "3", "4", "1", "enter")
    clock.advance(60)


def test_right_then_a_digit_in_one_read_moves_first() -> None:
    make_plan()

    async def flow(app: TracetoolApp, pilot: Pilot[None], clock: FakeClock) -> None:
        await first_row(app, pilot, clock)
        await burst(app, pilot, "right", "2")  # from the task to the type: Information
        assert app.require_entry().type == "INFO"
        await burst(app, pilot, "enter")

    drive(flow)
    rows = stored()
    assert [(r.task, r.type) for r in rows] == [("23.05.10", "VEJL"), ("23.05.10", "INFO")]


def test_tab_then_a_digit_in_one_read_moves_first() -> None:
    make_plan()

    async def flow(app: TracetoolApp, pilot: Pilot[None], clock: FakeClock) -> None:
        await first_row(app, pilot, clock)
        await burst(app, pilot, "tab", "tab", "2")  # type, then closing: put aside
        entry = app.require_entry()
        assert (entry.task, entry.type, entry.closing) == ("23.05.10", "VEJL", "HOLD")
        assert entry.focus == CLOSING

    drive(flow)


def test_digit_enter_digit_enter_in_one_read_stores_two_rows() -> None:
    make_plan()

    async def flow(app: TracetoolApp, pilot: Pilot[None], clock: FakeClock) -> None:
        await first_row(app, pilot, clock)
        await burst(app, pilot, "4", "enter", "5", "enter")

    drive(flow)
    tasks = [r.task for r in sorted(stored(), key=lambda r: r.id)]
    assert len(tasks) == 3 and tasks[1] != tasks[2]


def test_keys_pressed_one_by_one_through_pilot_land_in_order() -> None:
    make_plan()

    async def flow(app: TracetoolApp, pilot: Pilot[None], clock: FakeClock) -> None:
        await first_row(app, pilot, clock)
        await pilot.press("right", "2", "left", "left", "4")  # type Information, then task 4
        entry = app.require_entry()
        four = next(c.code for c in entry.task_choices() if c.hotkey == "4")
        assert (entry.task, entry.type, entry.focus) == (four, "INFO", TYPE)

    drive(flow)


async def enters(
    app: TracetoolApp, pilot: Pilot[None], clock: FakeClock, gaps: list[float]
) -> None:
    """Enter presses ``gaps`` seconds apart (by the app's clock), each handled before the next."""
    for gap in gaps:
        clock.advance(gap)
        await burst(app, pilot, "enter")
        await pilot.pause(max(gap, 0.01))  # a real wait too: a deferred save has its timer


def test_enter_held_for_two_seconds_stores_one_row() -> None:
    make_plan()

    async def flow(app: TracetoolApp, pilot: Pilot[None], clock: FakeClock) -> None:
        await press(pilot, "2", "3", "4", "1")
        # The press, the keyboard's repeat delay (0.5 s), then 2 s of repeats. They come
        # faster than Pilot settles the app, so they are posted together, as a driver does
        # when the app is busy: by the app's clock 0 s apart, well within 150 ms.
        await enters(app, pilot, clock, [0.0])
        clock.advance(0.5)
        await burst(app, pilot, *["enter"] * 60)
        await pilot.pause(0.3)
        assert "Ignoreret" in str(app.query_one("#message").render())

    drive(flow)
    assert len(stored()) == 1


def test_enter_held_delivered_in_one_read_stores_one_row() -> None:
    make_plan()

    async def flow(app: TracetoolApp, pilot: Pilot[None], clock: FakeClock) -> None:
        await press(pilot, "2", "3", "4", "1")
        await burst(app, pilot, *["enter"] * 12)
        await pilot.pause(0.3)

    drive(flow)
    assert len(stored()) == 1


def test_deliberate_enters_each_count_even_when_quick() -> None:
    make_plan()

    async def flow(app: TracetoolApp, pilot: Pilot[None], clock: FakeClock) -> None:
        await press(pilot, "2", "3", "4", "1")
        await enters(app, pilot, clock, [0.0, 0.35])  # the same again, 0.35 s later
        await enters(app, pilot, clock, [1.0, 0.2, 0.2, 0.2, 0.2])  # five, 0.2 s apart

    drive(flow)
    assert len(stored()) == 7


def test_a_key_between_two_quick_enters_makes_both_count() -> None:
    make_plan()

    async def flow(app: TracetoolApp, pilot: Pilot[None], clock: FakeClock) -> None:
        await press(pilot, "2", "3", "4", "1")
        await burst(app, pilot, "enter", "5", "enter", "6", "enter")

    drive(flow)
    assert len(stored()) == 3


def test_a_function_key_changes_channel_and_direction_from_anywhere() -> None:
    make_plan()

    async def flow(app: TracetoolApp, pilot: Pilot[None], clock: FakeClock) -> None:
        await first_row(app, pilot, clock)  # Telefon ind; the cursor waits on the task
        await burst(app, pilot, "f9", "5", "enter")  # F9: the first outbound, Telefon ud
        clock.advance(60)
        await burst(app, pilot, "right")  # the cursor on the type
        await burst(app, pilot, "f5")  # Personligt fremmøde: the cursor stays on the type
        entry = app.require_entry()
        assert (entry.channel, entry.focus) == ("PRSNLG", TYPE)
        await burst(app, pilot, "2", "1", "n", "enter")

    drive(flow)
    rows = sorted(stored(), key=lambda r: r.id)
    assert [(r.channel, r.direction) for r in rows] == [
        ("TLFIND", "IND"),
        ("TLFUD", "UD"),
        ("PRSNLG", "IND"),
    ]
    assert (rows[2].type, rows[2].form) == ("INFO", "NEJ")
