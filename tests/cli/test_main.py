"""The command builds a sub-command only when it is used, and still knows every one."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from tracetool.cli.main import MOUNTS, app, build_mount


@pytest.mark.parametrize(("names", "module", "attr"), MOUNTS, ids=[m[1] for m in MOUNTS])
def test_each_mount_makes_exactly_its_names(names: tuple[str, ...], module: str, attr: str) -> None:
    assert sorted(build_mount(names, module, attr)) == sorted(names)


def test_starting_the_command_imports_no_sub_command_module() -> None:
    code = (
        "import json, sys; import tracetool.cli.main; "
        "print(json.dumps(sorted(m for m in sys.modules if m.startswith(('tracetool.cli.', "
        "'fastapi', 'httpx', 'textual', 'openpyxl', 'reportlab', 'markdown_it')))))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert json.loads(out.stdout) == [
        "tracetool.cli._common",
        "tracetool.cli.codes",
        "tracetool.cli.main",
    ]


def test_help_lists_every_command_in_order() -> None:
    result = CliRunner().invoke(app, ["--help"], env={"COLUMNS": "120"})
    assert result.exit_code == 0
    listed = [
        line.split()[1]
        for line in result.output.splitlines()
        if line.startswith("│ ") and len(line.split()) > 2 and not line.split()[1].startswith("-")
    ]
    wanted = [name for names, _, _ in MOUNTS for name in names] + ["app"]
    assert [name for name in listed if name in wanted] == wanted


def test_a_sub_command_runs_and_an_unknown_one_is_refused() -> None:
    runner = CliRunner()
    shown = runner.invoke(app, ["codebook", "show", "--markdown"])
    assert shown.exit_code == 0, shown.output
    assert "TLFIND" in shown.output
    wrong = runner.invoke(app, ["exprot"])
    assert wrong.exit_code == 2
    assert "exprot" in wrong.output
    assert "export" in wrong.output  # the suggestion
