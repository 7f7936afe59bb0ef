"""test-mode on|off|status: trial counts that never reach the published figures."""

from __future__ import annotations

from typing import Annotated

import typer

from tracetool.cli._common import console, fail, friendly, open_desk
from tracetool.locale import N_, translator

_ = translator("cli")

app = typer.Typer(help=N_("Testtilstand: prøveregistreringer, der aldrig tæller med."))


@app.callback(invoke_without_command=True)
@friendly
def test_mode(
    state: Annotated[str, typer.Argument(help=N_("on, off eller status"))] = "status",
) -> None:
    """Turn test mode on or off, or show it (the help is the Typer app's)."""
    choice = state.lower()
    if choice not in ("on", "off", "status"):
        fail(_("ukendt værdi {value}; brug on, off eller status").format(value=repr(state)))
    with open_desk() as desk:
        if choice != "status":
            desk.set_test_mode(choice == "on")
        on = desk.test_mode
    console.print(
        _("Testtilstand er [bold reverse] TIL [/]: nye registreringer tæller ikke med.")
        if on
        else _("Testtilstand er FRA: registreringer tæller med.")
    )
