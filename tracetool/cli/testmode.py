"""test-mode on|off|status: trial counts that never reach the published figures."""

from __future__ import annotations

from typing import Annotated

import typer

from tracetool.cli._common import console, fail, friendly, open_desk

app = typer.Typer(help="Testtilstand: prøveregistreringer, der aldrig tæller med.")


@app.callback(invoke_without_command=True)
@friendly
def test_mode(
    state: Annotated[str, typer.Argument(help="on, off eller status")] = "status",
) -> None:
    """Slå testtilstand til eller fra, eller vis den."""
    choice = state.lower()
    if choice not in ("on", "off", "status"):
        fail(f"ukendt værdi {state!r}; brug on, off eller status")
    with open_desk() as desk:
        if choice != "status":
            desk.set_test_mode(choice == "on")
        on = desk.test_mode
    console.print(
        "Testtilstand er [bold reverse] TIL [/]: nye registreringer tæller ikke med."
        if on
        else "Testtilstand er FRA: registreringer tæller med."
    )
