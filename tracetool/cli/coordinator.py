"""The coordinator's commands: totals, report and paper sheets, registered on the main app."""

from __future__ import annotations

import typer

from tracetool.cli import report, sheet, totals


def register(app: typer.Typer) -> None:
    app.add_typer(totals.app, name="totals")
    app.command("report", help=report.HELP)(report.report)
    app.command("sheet", help=sheet.ALIAS_HELP)(sheet.sheet_alias)
