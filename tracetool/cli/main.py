"""The ``tracetool`` command: thin Typer front end over the core."""

from __future__ import annotations

import sys

import typer

from tracetool.cli import codebook, coordinator, demo, plan, registrations, testmode

app = typer.Typer(
    name="tracetool",
    help="Registrér kommunale henvendelser efter KOMHEN 2.0.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
registrations.register(app)
app.add_typer(testmode.app, name="test-mode")
app.add_typer(plan.app, name="plan")
app.add_typer(codebook.app, name="codebook")
app.command("demo")(demo.demo)
coordinator.register(app)


def run() -> None:
    try:
        app()
    except Exception as exc:  # the last guard: a bug must still not show a traceback to staff
        sys.stderr.write(f"fejl: uventet fejl ({type(exc).__name__}: {exc})\n")
        sys.exit(2)
