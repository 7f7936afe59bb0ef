"""The app's paper mode (F3) takes whole sheet lines with xN, and counts them on screen."""

from __future__ import annotations

import asyncio

from textual.pilot import Pilot
from textual.widgets import Input, Static

from tests.tui.support import FakeClock, make_app, make_plan, stored
from tracetool import timeutil
from tracetool.tui.app import TracetoolApp
from tracetool.tui.paperline import PaperLine
from tracetool.tui.widgets import LinePanel


async def start_paper(app: TracetoolApp, pilot: Pilot[None], day: str, hour: str) -> None:
    await pilot.press("f3")
    await pilot.pause()
    app.screen.query_one("#paper-day", Input).value = day
    app.screen.query_one("#paper-hour", Input).value = hour
    await pilot.press("enter", "enter")
    await pilot.pause()


async def type_line(pilot: Pilot[None], text: str) -> None:
    for char in text:
        await pilot.press("space" if char == " " else char)
    await pilot.press("enter")
    await pilot.pause()


def count_text(app: TracetoolApp) -> str:
    return str(app.query_one("#paper-count", Static).render())


def test_paper_mode_takes_whole_lines_with_a_count_and_counts_them() -> None:
    make_plan(test_mode=False)
    seen: dict[str, str] = {}

    async def flow(app: TracetoolApp, pilot: Pilot[None]) -> None:
        await start_paper(app, pilot, "20-10-2025", "14")
        paper_line = app.query_one(PaperLine)
        assert paper_line.display and app.focused is app.query_one("#paper-input", Input)
        seen["start"] = count_text(app)
        await type_line(pilot, "2341 x20")  # twenty identical ticks: one line
        await type_line(pilot, "2 0 1 @11")
        seen["two"] = count_text(app)
        await type_line(pilot, "2 3 9 1")  # no type 9: nothing saved, the line stays
        seen["bad"] = str(app.query_one("#paper-problem", Static).render())
        seen["still"] = count_text(app)
        seen["message"] = str(app.query_one("#message", Static).render())
        seen["kept"] = app.query_one("#paper-input", Input).value
        app.query_one("#paper-input", Input).value = ""
        await pilot.press("ctrl+z")  # undo takes the last paper line
        await pilot.pause()
        await pilot.press("f3")
        await pilot.pause()
        seen["after"] = str(paper_line.display)
        seen["focus"] = type(app.focused).__name__

    async def run() -> None:
        app = make_app(FakeClock())
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            await flow(app, pilot)

    asyncio.run(run())
    assert seen["start"] == "Fra papir denne gang: 0 linjer, 0 henvendelser"
    assert seen["two"] == "Fra papir denne gang: 2 linjer, 21 henvendelser"
    assert seen["bad"].startswith("Linjen er ikke gemt – type: '9' er ingen tast her")
    assert seen["kept"] == "2 3 9 1"
    assert seen["still"] == seen["two"]  # the count stays in view beside the problem
    assert seen["message"] == "Gemt fra papir: 2 0 1 @11 (×1)"
    assert (seen["after"], seen["focus"]) == ("False", LinePanel.__name__)
    live = [r for r in stored()]
    assert [(r.count, r.source) for r in live] == [(20, "paper")]
    (row,) = live
    assert timeutil.show(row.saved_at, "%d-%m-%Y %H:%M") == "20-10-2025 14:00"
    assert (row.channel, row.type, row.closing) == ("TLFIND", "VEJL", "STRAKS")
    gone = [r for r in stored(include_deleted=True) if r.deleted]
    assert [(g.task, timeutil.show(g.saved_at, "%H")) for g in gone] == [("00.00.00", "11")]


def test_a_unit_switched_mid_sheet_is_where_the_next_line_goes() -> None:
    make_plan(test_mode=False, extra_unit=True)  # 259telefon: 23.05.10 and 29.03.04

    async def run() -> None:
        app = make_app(FakeClock())
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            await start_paper(app, pilot, "20-10-2025", "9")
            await type_line(pilot, "2 3 4 1")
            app.switch_unit("259telefon")
            app.query_one("#paper-input", Input).focus()
            await type_line(pilot, "2 2 4 1 x2")
            assert count_text(app) == "Fra papir denne gang: 2 linjer, 3 henvendelser"

    asyncio.run(run())
    assert sorted((r.unit, r.task, r.count) for r in stored()) == [
        ("259borgerservice", "23.05.10", 1),
        ("259telefon", "29.03.04", 2),
    ]
