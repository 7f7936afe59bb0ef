"""The ``tracetool`` command: thin Typer front end over the core."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from tracetool.cli import (
    codebook,
    collector,
    coordinator,
    demo,
    io,
    plan,
    registrations,
    sync,
    testmode,
)
from tracetool.cli._common import fail, friendly

app = typer.Typer(
    name="tracetool",
    help="Registrér kommunale henvendelser efter KOMHEN 2.0.",
    invoke_without_command=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
registrations.register(app)
app.add_typer(testmode.app, name="test-mode")
app.add_typer(plan.app, name="plan")
app.add_typer(codebook.app, name="codebook")
app.command("demo")(demo.demo)
coordinator.register(app)
app.add_typer(sync.app, name="sync")
app.add_typer(collector.app, name="collector")
io.register(app)


@app.callback(invoke_without_command=True)
def _main(ctx: typer.Context) -> None:
    """Registrér kommunale henvendelser efter KOMHEN 2.0. Uden kommando åbnes registreringen."""
    if ctx.invoked_subcommand is None:
        app_command()


@app.command("app")
@friendly
def app_command(
    lang: Annotated[str | None, typer.Option("--lang", help="Sprog: da eller en")] = None,
    unit: Annotated[str | None, typer.Option("--unit", "-u", help="Enhedens login")] = None,
) -> None:
    """Åbn registreringsappen (det samme som `tracetool` uden kommando)."""
    if lang is not None and lang not in ("da", "en"):
        fail(f"--lang {lang!r}: brug da eller en")
    from tracetool.tui.app import launch  # Textual loads only when the app is opened

    launch(lang=lang, unit=unit)


def run() -> None:
    try:
        app()
    except Exception as exc:  # the last guard: a bug must still not show a traceback to staff
        sys.stderr.write(f"fejl: uventet fejl ({type(exc).__name__}: {exc})\n")
        sys.exit(2)
