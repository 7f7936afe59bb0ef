"""Shared set-up for the coordinator tests (totals, report, sheet): a plan and a CLI runner."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from tracetool.cli.main import app
from tracetool.desk.applying import apply_plan
from tracetool.plan.writing import render_default_plan

runner = CliRunner()

SECOND_UNIT = """
[[unit]]
login = "259telefon"
name = "Telefonen"
tasks = ["23.05.10", "29.03.04"]
channels = ["TLFIND", "TLFUD"]
"""


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def apply_test_plan(folder: Path) -> Path:
    """KL's default plan for Køge with a second, phone-only unit; test mode off."""
    plan = folder / "plan.toml"
    text = render_default_plan(259, "Køge", "259borgerservice", year=2013)
    text = text.replace("test_mode = true", "test_mode = false") + SECOND_UNIT
    plan.write_text(text, encoding="utf-8")
    apply_plan(plan)
    return plan
