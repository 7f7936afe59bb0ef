"""The ``tracetool`` command: thin Typer front end over the core.

Staff start the registration app with a bare ``tracetool`` many times a day, so the command
imports a sub-command's module only when that sub-command is asked for (or for ``--help``):
the app's start does not wait for the collector, the codebook's Markdown or the exports.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable, Iterator, MutableMapping
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from tracetool import __version__, locale
from tracetool.cli import codes
from tracetool.cli._common import fail, friendly, speak
from tracetool.locale import N_, translator
from tracetool.tui.config import load_config

_ = translator("cli")

# Every sub-command by name, in the order --help lists them, and where it lives: a module of
# tracetool.cli and its ``register`` function, its Typer sub-app or its command function.
# tests/test_cli_lazy.py checks that each entry makes exactly the names given here.
MOUNTS: list[tuple[tuple[str, ...], str, str]] = [
    (("add", "list", "undo", "edit", "delete"), "registrations", "register"),
    (("test-mode",), "testmode", "app"),
    (("plan",), "plan", "app"),
    (("codebook",), "codebook", "app"),
    (("demo",), "demo", "register"),
    (("totals", "report", "sheet"), "coordinator", "register"),
    (("paper",), "paper", "app"),
    (("exclude",), "exclude", "app"),
    (("sync",), "sync", "app"),
    (("collector",), "collector", "app"),
    (("export", "import"), "io", "register"),
    (("check",), "check", "register"),
]


# Commands are typed Any: Typer >= 0.26 vendors click under a private module, older Typer uses
# click itself, so no public name covers both; only Typer's public API is used here.
def build_mount(names: tuple[str, ...], module: str, attr: str) -> dict[str, Any]:
    """The click commands one entry makes, built the way Typer builds the whole app."""
    holder = typer.Typer(add_completion=False, pretty_exceptions_enable=False)
    found: Callable[..., Any] | typer.Typer = getattr(
        importlib.import_module(f"tracetool.cli.{module}"), attr
    )
    if isinstance(found, typer.Typer):
        holder.add_typer(found, name=names[0])
    elif attr == "register":
        found(holder)
    else:
        holder.command(names[0])(found)
    return dict(typer.main.get_group(holder).commands)


class _LazyCommands(MutableMapping[str, Any]):
    """The group's commands: every name known up front, each built on first use and then
    spoken in the language of that moment (the desk's, once the group's ``main`` has run)."""

    def __init__(self, built: MutableMapping[str, Any]) -> None:
        self._mount_of = {name: entry for entry in MOUNTS for name in entry[0]}
        self._built: dict[str, Any] = {}
        self._spoken: set[str] = set()
        self._order = [name for names, _, _ in MOUNTS for name in names]
        for name, command in built.items():
            self[name] = command

    def __getitem__(self, name: str) -> Any:
        if name not in self._built:
            entry = self._mount_of.get(name)
            if entry is None:
                raise KeyError(name)
            self._built.update(build_mount(*entry))
        command = self._built[name]
        if name not in self._spoken:
            speak(command)
            self._spoken.add(name)
        return command

    def __setitem__(self, name: str, command: Any) -> None:
        if name not in self._order:
            self._order.append(name)
        self._built[name] = command

    def __delitem__(self, name: str) -> None:
        self._order.remove(name)
        self._built.pop(name, None)
        self._spoken.discard(name)
        self._mount_of.pop(name, None)

    def __iter__(self) -> Iterator[str]:
        return iter(list(self._order))

    def __len__(self) -> int:
        return len(self._order)

    def __contains__(self, name: object) -> bool:
        return name in self._order


class LazyGroup(TyperGroup):
    def __init__(self, **attrs: Any) -> None:
        super().__init__(**attrs)
        self.commands = _LazyCommands(self.commands)
        # click suggests a command itself, in the desk's language; Typer (0.20+) would repeat
        # it in English. Typer's option for this is newer than the oldest Typer allowed.
        self.suggest_commands = False

    def main(self, *args: Any, **kwargs: Any) -> Any:
        # Before click parses: its usage errors and Typer's help words follow the desk's language,
        # and so do our own help texts (this group's were read before the language was known).
        locale.use(load_config().lang)
        speak(self)
        return super().main(*args, **kwargs)

    def list_commands(self, ctx: object) -> list[str]:
        # Typer's own walks items(), which would build every command just to list names
        return list(self.commands)

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        # Checked before click parses: it would keep the last of a repeated value silently.
        # Imported here, like every sub-command module, so the app's start stays lean.
        from tracetool.cli.repeats import refuse_repeats

        refuse_repeats(self, args)
        return super().parse_args(ctx, args)


app = typer.Typer(
    name="tracetool",
    cls=LazyGroup,
    help=N_("Registrér kommunale henvendelser efter KOMHEN 2.0."),
    invoke_without_command=True,
    context_settings={"help_option_names": ["-h", "--help"]},
    pretty_exceptions_enable=False,
)


def _show_version(value: bool) -> None:
    if value:
        typer.echo(f"tracetool {__version__}")
        raise typer.Exit(codes.DONE)


LangOption = Annotated[str | None, typer.Option("--lang", help=N_("Sprog i appen: da eller en"))]
UnitOption = Annotated[str | None, typer.Option("--unit", "-u", help=N_("Enhedens login i appen"))]
VersionOption = Annotated[
    bool,
    typer.Option("--version", is_eager=True, callback=_show_version, help=N_("Vis versionen")),
]


@app.callback(invoke_without_command=True)
def _main(
    ctx: typer.Context,
    lang: LangOption = None,
    unit: UnitOption = None,
    version: VersionOption = False,
) -> None:
    """Without a command, the registration app opens (the help is the Typer app's)."""
    if ctx.invoked_subcommand is None:
        app_command(lang=lang, unit=unit)
    elif lang is not None or unit is not None:
        fail(_("--lang og --unit før en kommando gælder kun appen; skriv dem efter kommandoen"))


@app.command("app", help=N_("Åbn registreringsappen (det samme som `tracetool` uden kommando)."))
@friendly
def app_command(lang: LangOption = None, unit: UnitOption = None) -> None:
    if lang is not None and lang not in ("da", "en"):
        fail(_("--lang {value}: brug da eller en").format(value=repr(lang)))
    from tracetool.tui.app import launch  # Textual loads only when the app is opened

    _with_kle_catalogue()
    if launch(lang=lang, unit=unit) != 0:  # the app crashed and has shown why
        raise typer.Exit(codes.INTERNAL)


def _with_kle_catalogue() -> None:
    """The app's ``/`` searches KLE: a new desk gets the shipped edition before it opens."""
    from tracetool.store.db import open_database
    from tracetool.store.kle_shipped import ensure_catalogue

    db = open_database()
    try:
        ensure_catalogue(db)
    finally:
        db.close()


def run() -> None:
    """The console script and ``python -m tracetool``."""
    try:
        app(prog_name="tracetool")
    except KeyboardInterrupt:
        sys.exit(codes.INTERRUPTED)
    except Exception as exc:  # the last guard: a bug must still not show a traceback to staff
        what = f"{type(exc).__name__}: {exc}"
        sys.stderr.write(_("fejl: intern fejl ({what})").format(what=what) + "\n")
        sys.exit(codes.INTERNAL)
