"""What the app says (tracetool.tui.texts, the help screen): it offers what the line offers."""

from __future__ import annotations

from rich.console import Console
from textual.pilot import Pilot
from textual.widgets import Input, Static

from tests.tui.support import FakeClock, make_plan
from tests.tui.test_flows import drive, press
from tracetool.tui import commands
from tracetool.tui.app import TracetoolApp
from tracetool.tui.screens import HelpScreen
from tracetool.tui.widgets import LinePanel


def help_text(app: TracetoolApp) -> str:
    screen = app.screen
    assert isinstance(screen, HelpScreen)
    console = Console(width=200, record=True)
    console.print(screen.help_text())
    return console.export_text()


def check_help_lists_every_channel(lang: str, held: str) -> None:
    make_plan()

    async def flow(app: TracetoolApp, pilot: Pilot[None], clock: FakeClock) -> None:
        await press(pilot, "f1")
        text = help_text(app)
        entry = app.require_entry()
        for direction in ("IND", "UD"):
            for choice in entry.channel_choices(direction):
                assert f"{choice.hotkey} {choice.label}" in text, choice
        assert "F5 " in text and "F12 " in text
        assert "0,3 s" not in text and "0.3 s" not in text and held in text

    drive(flow, lang=lang)


def test_help_lists_every_channel_the_line_offers_in_danish() -> None:
    check_help_lists_every_channel("da", "holdt nede")


def test_help_lists_every_channel_the_line_offers_in_english() -> None:
    check_help_lists_every_channel("en", "held down")


def test_the_danish_app_speaks_danish_in_textuals_own_corners() -> None:
    make_plan()

    async def flow(app: TracetoolApp, pilot: Pilot[None], clock: FakeClock) -> None:
        await press(pilot, "ctrl+c")
        assert [n.message for n in app._notifications] == ["Tryk Ctrl+Q for at afslutte"]
        await press(pilot, "ctrl+p")
        placeholder = app.screen.query_one(Input).placeholder
        assert placeholder == "Søg efter en kommando …"

    drive(flow)


def test_the_sync_notice_promises_nothing_that_needs_a_server() -> None:
    make_plan()

    async def flow(app: TracetoolApp, pilot: Pilot[None], clock: FakeClock) -> None:
        await press(pilot, "2", "3", "4", "1", "enter")
        commands.show_sync(app)
        await pilot.pause()
        [notice] = [n.message for n in app._notifications]
        assert notice.startswith("1 ændringer venter") and "af sig selv" not in notice

    drive(flow)


def test_the_counts_name_a_type_shorter_than_the_line_in_english_only() -> None:
    """The same Danish ("Ny sag") is two messages: the counts' short name has a context."""
    make_plan()

    def shown(app: TracetoolApp) -> tuple[str, str]:
        [kind] = [f for f in app.require_entry().fields() if f.kind == "type"]
        cell = app.query_one(LinePanel).cell_text(kind).plain
        return str(app.query_one("#stats", Static).render()), cell

    async def english(app: TracetoolApp, pilot: Pilot[None], clock: FakeClock) -> None:
        await press(pilot, "2", "3", "1", "1", "enter")
        stats, cell = shown(app)
        assert "New 1" in stats and "New case" not in stats and "New case" in cell

    async def danish(app: TracetoolApp, pilot: Pilot[None], clock: FakeClock) -> None:
        # The registration saved in English, at the same desk.
        stats, cell = shown(app)
        assert "Ny sag 1" in stats and "Ny sag" in cell

    drive(english, lang="en")
    drive(danish)
