"""Settings in config.toml that the app cannot use are named, never silently dropped."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from tests.tui.support import FakeClock, make_plan
from tracetool import paths
from tracetool.desk.desk import Desk
from tracetool.tui.app import TracetoolApp
from tracetool.tui.config import DEFAULT_KEYS, load_config


def notices_at_start() -> tuple[TracetoolApp, list[str]]:
    app = TracetoolApp(Desk.open(), clock=FakeClock())
    seen: list[str] = []

    async def run() -> None:
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            seen.extend(n.message for n in app._notifications)

    asyncio.run(run())
    return app, seen


@pytest.mark.parametrize(
    ("text", "setting", "reason"),
    [
        ('lang = "dk"\n', 'lang = "dk"', 'brug "da" eller "en"'),
        ("lang = 1\n", "lang = 1", 'brug "da" eller "en"'),
        ('[keys]\ngem = "f5"\n', 'keys.gem = "f5"', "ukendt handling; kendte er save, add_task"),
        ('[keys]\nundo = ""\n', 'keys.undo = ""', "skriv tastnavne adskilt af komma"),
        ("[keys]\nundo = 7\n", "keys.undo = 7", "skriv tastnavne adskilt af komma"),
        ('keys = "ctrl+z"\n', 'keys = "ctrl+z"', "[keys] skal være en tabel"),
        ('[keys]\nundo = "ctrl+zz"\n', 'keys.undo = "ctrl+zz"', 'ukendt tast "ctrl+zz"'),
        ('[keys]\nundo = "ctrl+z,u"\n', 'keys.undo = "ctrl+z,u"', '"u" alene vælger en værdi'),
    ],
    ids=[
        "lang-unknown",
        "lang-number",
        "unknown-action",
        "empty-keys",
        "number-keys",
        "not-table",
        "bad-key-name",
        "steals-a-hotkey",
    ],
)
def test_an_unusable_setting_is_named_with_file_and_value(
    text: str, setting: str, reason: str
) -> None:
    make_plan()
    target = paths.config_path()
    target.write_text(text, encoding="utf-8")
    app, seen = notices_at_start()
    [notice] = seen
    assert notice.startswith(f"Indstillingsfilen {target}: {setting} bruges ikke (")
    assert reason in notice
    # The rest works on the defaults: Danish, the usual keys.
    assert app.t.lang == "da"
    assert app.config.keys == DEFAULT_KEYS


def test_good_settings_are_used_and_bad_ones_beside_them_named(tmp_path: Path) -> None:
    target = tmp_path / "config.toml"
    target.write_text('lang = "en"\n[keys]\nundo = "ctrl+u"\nfortryd = "f9"\n', encoding="utf-8")
    config = load_config(target)
    assert config.lang == "en" and config.keys["undo"] == "ctrl+u"
    assert config.ignored == [("keys.fortryd", '"f9"', "action")]
    assert "f9" not in config.keys.values()


def test_english_message_for_an_unknown_action() -> None:
    make_plan()
    paths.config_path().write_text('lang = "en"\n[keys]\nsav = "f5"\n', encoding="utf-8")
    _app, seen = notices_at_start()
    assert seen == [
        f'The settings file {paths.config_path()}: keys.sav = "f5" is not used (unknown action;'
        f" known are {', '.join(DEFAULT_KEYS)})"
    ]
