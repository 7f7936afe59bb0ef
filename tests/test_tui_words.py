"""What the app says (tracetool.tui.texts, the help screen): it offers what the line offers."""

from __future__ import annotations

from rich.console import Console
from test_tui_flows import drive, press
from test_tui_support import FakeClock, make_plan
from textual.pilot import Pilot

from tracetool.tui.app import TracetoolApp
from tracetool.tui.screens import HelpScreen


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
