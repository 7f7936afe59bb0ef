"""The README's commands work as written against the demo `make run` (`make demo`) makes."""

from __future__ import annotations

import os
import re
import shlex
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tracetool.cli.main import app

README = Path(__file__).resolve().parents[1] / "README.md"
# Commands that need something only the reader has: a file of theirs, an id from their own
# list, a server, a choice written as a|b, or an analyst's plan with departments and named
# count periods. Each is named so a new command is not skipped.
NEEDS_THE_READER = re.compile(
    r"\bID\b|\bURL\b|[|\[]|user@host|@db/|KLE-Emneplan\.xml|collector"
    r"|extract\.csv|queue\.csv|ark\.txt|opgaver\.csv|resaved\.csv|kontor2\.xlsx"
    r"|Jobcenter|259besk|by group|pivot group|per-group|Efterår 2013"
)


def readme_commands() -> list[str]:
    blocks = re.findall(r"```sh\n(.*?)```", README.read_text(encoding="utf-8"), re.DOTALL)
    lines = [line.split("  #")[0].strip() for block in blocks for line in block.splitlines()]
    return [line for line in lines if line.startswith("tracetool ")]


def test_the_readme_names_commands_to_check() -> None:
    commands = readme_commands()
    assert len([c for c in commands if not NEEDS_THE_READER.search(c)]) >= 15


def test_every_readme_command_runs_on_the_demo(
    tracetool_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    runner = CliRunner()
    monkeypatch.chdir(tmp_path)
    # What `make demo` runs.
    demo_plan = tracetool_home / "plan-259.toml"
    assert (
        runner.invoke(app, ["plan", "init", "--around-today", "--out", str(demo_plan)]).exit_code
        == 0
    )
    assert runner.invoke(app, ["demo", "--registrations", "400", "--seed", "1"]).exit_code == 0
    failed = []
    for command in readme_commands():
        if NEEDS_THE_READER.search(command):
            continue
        result = runner.invoke(app, shlex.split(command)[1:])
        if result.exit_code != 0:
            failed.append((command, result.exit_code, result.stderr[-300:]))
    assert failed == []
    assert os.path.getsize(tmp_path / "logark.pdf") > 1000
