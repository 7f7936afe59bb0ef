"""The main screen at 80x24 and 60x20 (tracetool.tui.tracetool.tcss): the line, its choices
and recent rows readable, never a field missing; test mode framed on the whole screen."""

from __future__ import annotations

from textual.pilot import Pilot

from tests.tui.support import FakeClock, make_plan
from tests.tui.test_flows import drive, press
from tracetool.tui.app import TodayTable, TracetoolApp
from tracetool.tui.widgets import CORE_FIELDS, LinePanel


async def five_rows(app: TracetoolApp, pilot: Pilot[None], clock: FakeClock) -> None:
    await press(pilot, "1", "3", "2", "1", "n", "enter")  # Fremmøde · Info om sag · Nej
    for key in "45678":
        clock.advance(60)
        await press(pilot, key, "enter")


def visible(app: TracetoolApp, widget: object) -> bool:
    region = app.screen.find_widget(widget).region  # type: ignore[arg-type]
    return region.width > 0 and region.height > 0 and region in app.screen.region


def check_line(app: TracetoolApp, *, min_task: int) -> None:
    panel = app.query_one(LinePanel)
    for f in CORE_FIELDS:
        cell = panel.cells[f]
        assert cell.display and visible(app, cell), f
    assert panel.cells[CORE_FIELDS[1]].size.width >= min_task
    assert all(visible(app, item) for item in panel.items)


def test_80x24_in_test_mode_shows_the_line_choices_and_three_rows() -> None:
    make_plan(test_mode=True)

    async def flow(app: TracetoolApp, pilot: Pilot[None], clock: FakeClock) -> None:
        await five_rows(app, pilot, clock)
        await pilot.pause()
        check_line(app, min_task=14)
        table = app.query_one(TodayTable)
        assert table.size.height - 1 >= 3  # the header and three rows
        assert table.virtual_size.width <= table.size.width  # no sideways scrolling
        panel = app.query_one(LinePanel)
        value = panel.cell_text(CORE_FIELDS[2]).plain.split("\n")[1].rstrip()
        assert "Info om sag" in value  # not cut
        assert panel.cells[CORE_FIELDS[2]].content_size.width >= len(value)
        assert app.query_one("#frame").has_class("-test") and "TEST" in str(
            app.query_one("#frame").border_title
        )

    drive(flow, size=(80, 24))


def test_60x20_keeps_every_field_and_a_recent_row() -> None:
    make_plan(test_mode=True)

    async def flow(app: TracetoolApp, pilot: Pilot[None], clock: FakeClock) -> None:
        await five_rows(app, pilot, clock)
        await pilot.pause()
        check_line(app, min_task=8)
        await press(pilot, "f9")  # outbound: the direction must stay readable
        panel = app.query_one(LinePanel)
        head = panel.cell_text(CORE_FIELDS[0]).plain.split("\n")[0].rstrip()
        assert head.endswith("Kanal ud")
        assert panel.cells[CORE_FIELDS[0]].content_size.width >= len(head)
        table = app.query_one(TodayTable)
        assert table.size.height - 1 >= 1 and table.virtual_size.width <= table.size.width

    drive(flow, size=(60, 20))
