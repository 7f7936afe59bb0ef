"""No repeated option is dropped silently anywhere in the CLI: every option of every command
that takes one value refuses to be given twice; the report's filters repeat and mean any of."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import typer
from typer.core import TyperGroup, TyperOption

from tests.collector.coordinator_support import run
from tracetool.cli.main import app


def walk(command: Any, path: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...], Any]]:
    yield path, command
    if isinstance(command, TyperGroup):
        for name in list(command.commands):
            yield from walk(command.commands[name], (*path, name))


def single_value_options() -> list[tuple[tuple[str, ...], str]]:
    found = []
    for path, command in walk(typer.main.get_command(app)):
        for param in command.params:
            if isinstance(param, TyperOption) and not (param.multiple or param.is_flag):
                found.append((path, param.opts[0]))
    return found


CASES = single_value_options()


def test_the_walk_finds_the_commands_and_their_options() -> None:
    paths = {" ".join(p) for p, _ in CASES}
    assert {"report", "export", "list", "totals add", "plan init"} <= paths
    assert len(CASES) > 30


@pytest.mark.parametrize(("path", "option"), CASES, ids=[f"{' '.join(p)} {o}" for p, o in CASES])
def test_a_single_value_option_given_twice_is_refused(
    tracetool_home: object, path: tuple[str, ...], option: str
) -> None:
    code, out, err = run(*path, option, "a", option, "b")
    assert code == 1, (out, err)
    assert f"{option} er givet 2 gange" in err


def test_the_other_spellings_count_too(tracetool_home: object) -> None:
    code, _, err = run("list", "--unit=a", "-ub")
    assert code == 1 and "--unit er givet 2 gange" in err


@pytest.mark.parametrize("option", ["--unit", "--group", "--channel", "--type", "--source"])
def test_the_report_filters_repeat(option: str) -> None:
    command = typer.main.get_command(app).commands["report"]  # type: ignore[attr-defined]
    param = next(p for p in command.params if option in getattr(p, "opts", ()))
    assert param.multiple, option
