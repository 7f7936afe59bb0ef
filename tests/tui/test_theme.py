"""The colour theme: chosen in the app, kept in config.toml, used again at the next start.

Every app here starts the way `tracetool` does, reading config.toml from TRACETOOL_HOME; the
checks read that file back.
"""

from __future__ import annotations

import asyncio
import os
import stat
import tomllib
from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest
from textual import constants
from textual.command import CommandList
from textual.pilot import Pilot

from tests.tui.support import FakeClock, make_plan
from tracetool import paths
from tracetool.desk.desk import Desk
from tracetool.errors import TracetoolError
from tracetool.tui.app import TracetoolApp
from tracetool.tui.config import save_theme
from tracetool.tui.screens import NoPlanScreen

DEFAULT = constants.DEFAULT_THEME
CHOSEN = "textual-light" if DEFAULT != "textual-light" else "textual-dark"
# What staff already have in the file: a key remap and the remembered collector (a secret).
EXISTING = """# Skrankens indstillinger
lang = "da"

[keys]
undo = "ctrl+z,ctrl+u"

[sync]
server = "https://collector.example"
token = "hemmelig"
"""


def start(
    flow: Callable[[TracetoolApp, Pilot[None]], Awaitable[None]],
    *,
    planned: bool = True,
    lang: str | None = None,
) -> TracetoolApp:
    """One run of the app as `tracetool` starts it (settings from the file), driven by ``flow``."""
    app = TracetoolApp(Desk.open() if planned else None, lang=lang, clock=FakeClock())

    async def run() -> None:
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            await flow(app, pilot)

    asyncio.run(run())
    return app


async def pick_theme(app: TracetoolApp, pilot: Pilot[None], name: str) -> None:
    """Ctrl+P, the theme command, then the theme by name: what a member of staff types."""
    await pilot.press("ctrl+p")
    await pilot.pause()
    await pilot.press(*"tema")
    await wait_for(pilot, lambda: "Tema" in highlighted(app))
    await pilot.press("enter")
    await pilot.pause()
    await pilot.press(*name)
    await wait_for(pilot, lambda: highlighted(app) == name)
    await pilot.press("enter")
    await pilot.pause()


def highlighted(app: TracetoolApp) -> str:
    found = app.screen.query(CommandList)
    if not found:
        return ""
    options = found.first()
    index = options.highlighted
    if index is None:
        return ""
    return str(options.get_option_at_index(index).prompt).split("\n")[0]


async def wait_for(pilot: Pilot[None], ready: Callable[[], bool]) -> None:
    for _ in range(100):  # the palette searches in the background
        if ready():
            return
        await pilot.pause(0.05)
    raise AssertionError("the command palette never showed the expected command")


def config() -> dict[str, object]:
    with paths.config_path().open("rb") as fh:
        return tomllib.load(fh)


def notices(app: TracetoolApp) -> list[str]:
    return [n.message for n in app._notifications]


def test_a_chosen_theme_is_used_at_the_next_start() -> None:
    make_plan()
    target = paths.config_path()
    target.write_text(EXISTING, encoding="utf-8")
    os.chmod(target, 0o600)

    async def choose(app: TracetoolApp, pilot: Pilot[None]) -> None:
        assert app.theme == DEFAULT
        await pick_theme(app, pilot, CHOSEN)
        assert app.theme == CHOSEN
        await pilot.press("ctrl+q")

    start(choose)
    saved = config()
    assert saved["theme"] == CHOSEN
    # Everything else in the file is as it was, and the token stays owner-only.
    assert {k: v for k, v in saved.items() if k != "theme"} == tomllib.loads(EXISTING)
    assert target.read_text(encoding="utf-8").startswith("# Skrankens indstillinger\n")
    assert stat.S_IMODE(target.stat().st_mode) == 0o600

    async def again(app: TracetoolApp, pilot: Pilot[None]) -> None:
        assert app.theme == CHOSEN
        assert app.current_theme.dark == (CHOSEN == "textual-dark")
        assert notices(app) == []

    before = target.read_bytes()
    start(again)
    assert target.read_bytes() == before  # starting with the saved theme writes nothing


def test_starting_without_choosing_writes_no_config() -> None:
    make_plan()

    async def look(app: TracetoolApp, pilot: Pilot[None]) -> None:
        assert app.theme == DEFAULT

    start(look)
    assert not paths.config_path().exists()


@pytest.mark.parametrize(
    ("written", "shown"),
    [
        ('"mørk-blå"', 'theme = "mørk-blå"'),
        ("5", "theme = 5"),
        ('["textual-light"]', 'theme = ["textual-light"]'),
        ('""', 'theme = ""'),
    ],
    ids=["unknown-name", "number", "list", "empty"],
)
def test_a_bad_theme_in_the_file_is_named_and_the_default_used(written: str, shown: str) -> None:
    make_plan()
    target = paths.config_path()
    target.write_text(f'theme = {written}\n[keys]\nundo = "ctrl+u"\n', encoding="utf-8")

    async def bad(app: TracetoolApp, pilot: Pilot[None]) -> None:
        assert app.theme == DEFAULT
        [notice] = notices(app)
        assert str(target) in notice and shown in notice
        assert "ikke et kendt farvetema" in notice and f"standardtemaet {DEFAULT}" in notice
        # The app works as usual, and choosing a theme replaces the bad value.
        await pick_theme(app, pilot, CHOSEN)

    start(bad)
    assert config() == {"theme": CHOSEN, "keys": {"undo": "ctrl+u"}}

    async def fixed(app: TracetoolApp, pilot: Pilot[None]) -> None:
        assert app.theme == CHOSEN and notices(app) == []

    start(fixed)


def test_the_message_is_english_in_the_english_app() -> None:
    make_plan()
    paths.config_path().write_text('lang = "en"\ntheme = "dark"\n', encoding="utf-8")

    async def bad(app: TracetoolApp, pilot: Pilot[None]) -> None:
        [notice] = notices(app)
        assert notice == (
            f'The settings file {paths.config_path()}: theme = "dark" is not a known colour'
            f" theme; using the default theme {DEFAULT}. Choose another with Ctrl+P → Theme"
        )

    start(bad)


def test_a_bad_theme_is_told_before_a_plan_is_applied() -> None:
    paths.config_path().write_text('theme = "mørk"\n', encoding="utf-8")

    async def no_plan(app: TracetoolApp, pilot: Pilot[None]) -> None:
        assert isinstance(app.screen, NoPlanScreen) and app.theme == DEFAULT
        [notice] = notices(app)
        assert 'theme = "mørk"' in notice and str(paths.config_path()) in notice

    start(no_plan, planned=False)


def test_a_file_that_cannot_be_parsed_is_not_rewritten(tmp_path: Path) -> None:
    target = tmp_path / "config.toml"
    target.write_text('lang = "da"\n[keys\n', encoding="utf-8")
    with pytest.raises(TracetoolError, match="ugyldig TOML"):
        save_theme(CHOSEN, target)
    assert target.read_text(encoding="utf-8") == 'lang = "da"\n[keys\n'


def test_a_theme_that_cannot_be_kept_is_told_in_the_apps_language() -> None:
    make_plan()
    paths.config_path().write_text('lang = "da"\n[keys\n', encoding="utf-8")

    async def choose(app: TracetoolApp, pilot: Pilot[None]) -> None:
        app.theme = CHOSEN
        await pilot.pause()
        notice = notices(app)[-1]
        assert notice.startswith(f"The theme {CHOSEN} could not be saved for the next start: ")
        assert f"{paths.config_path()}: invalid TOML: " in notice and "ugyldig" not in notice

    start(choose, lang="en")
    assert paths.config_path().read_text(encoding="utf-8") == 'lang = "da"\n[keys\n'


def test_a_new_file_is_owner_only_and_a_theme_line_is_replaced(tmp_path: Path) -> None:
    target = tmp_path / "config.toml"
    save_theme("textual-light", target)
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    save_theme("nord", target)
    assert target.read_text(encoding="utf-8") == 'theme = "nord"\n'
