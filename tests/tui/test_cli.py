"""`tracetool` with no command opens the app; `tracetool app` too; errors stay one line."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from tests.tui.support import make_plan
from tracetool.cli.main import app


def test_help_still_lists_the_commands_and_the_app() -> None:
    result = CliRunner().invoke(app, ["--help"])
    assert result.exit_code == 0
    assert "app" in result.output and "plan" in result.output


def test_no_command_opens_the_app(monkeypatch: pytest.MonkeyPatch) -> None:
    opened: list[tuple[str | None, str | None]] = []
    monkeypatch.setattr(
        "tracetool.tui.app.launch", lambda lang=None, unit=None: opened.append((lang, unit)) or 0
    )
    assert CliRunner().invoke(app, []).exit_code == 0
    assert CliRunner().invoke(app, ["app", "--lang", "en", "--unit", "x"]).exit_code == 0
    assert CliRunner().invoke(app, ["--lang", "en", "-u", "y"]).exit_code == 0
    assert opened == [(None, None), ("en", "x"), ("en", "y")]


def test_app_options_before_another_command_are_refused() -> None:
    result = CliRunner().invoke(app, ["--lang", "en", "list"])
    assert result.exit_code == 1
    assert "gælder kun appen" in result.output and "Traceback" not in result.output


def test_unknown_language_is_one_line() -> None:
    result = CliRunner().invoke(app, ["app", "--lang", "de"])
    assert result.exit_code == 1
    assert "brug da eller en" in result.output
    assert "Traceback" not in result.output


def test_unknown_unit_is_one_line() -> None:
    make_plan()
    result = CliRunner().invoke(app, ["app", "--unit", "259ukendt"])
    assert result.exit_code == 1
    assert "ukendt enhed" in result.output
    assert "Traceback" not in result.output
