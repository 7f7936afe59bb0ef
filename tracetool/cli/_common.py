"""What every command shares: opening the desk, printing, turning errors into one line, and
speaking the desk's language.

The command line's own words are Danish in the code (domain ``cli``). Typer reads a command's
``help=`` when the command is built, and the top command is built before the desk's language is
known, so help texts are only marked (``N_``) and ``speak`` translates each built command.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import wraps
from typing import Any, NoReturn, ParamSpec, TypeVar

import typer
from rich.console import Console

from tracetool.cli import codes
from tracetool.desk.desk import Desk
from tracetool.errors import TracetoolError
from tracetool.locale import N_, translator

_ = translator("cli")

P = ParamSpec("P")
R = TypeVar("R")

console = Console()
err_console = Console(stderr=True)


# The default of a --lang that follows the desk, as the help shows it.
DESK_LANGUAGE = N_("appens sprog")


def say_error(message: str) -> None:
    """One error line on stderr (rich markup in ``message`` is shown as markup)."""
    head = _("fejl:")
    err_console.print(f"[bold red]{head}[/] {message}", highlight=False, soft_wrap=True)


def fail(message: str, code: int = codes.REFUSED) -> NoReturn:
    say_error(message)
    raise typer.Exit(code)


def either(values: list[str]) -> str:
    """``a, b eller c``: the choices a refusal offers."""
    if len(values) < 2:
        return "".join(values)
    return _("{some} eller {last}").format(some=", ".join(values[:-1]), last=values[-1])


# A help text with values put in (a list of codes): its Danish text → (message, values).
_FILLED: dict[str, tuple[str, dict[str, object]]] = {}


def filled(message: str, **values: object) -> str:
    """A help text in Danish with ``values`` put in, which ``speak`` translates as ``message``
    (a message marked ``N_`` where it is written) with the same values."""
    text = message.format(**values)
    _FILLED[text] = (message, values)
    return text


def _spoken(text: str) -> str:
    if text in _FILLED:
        message, values = _FILLED[text]
        return _(message).format(**values)
    return _(text)


# Commands are typed Any: newer Typer vendors click under a private module, older Typer uses
# click itself, so no public name covers both; only attributes both have are used.
def speak(command: Any) -> None:
    """Translate a built command's help, its parameters' help and metavars, and its
    sub-commands' (a group built lazily translates each sub-command when it builds it)."""
    command.help = _(command.help) if command.help else command.help
    command.short_help = _(command.short_help) if command.short_help else command.short_help
    for param in command.params:
        if getattr(param, "help", None):
            param.help = _spoken(param.help)
        if param.metavar:
            param.metavar = _(param.metavar)
        if isinstance(getattr(param, "show_default", None), str):
            param.show_default = _(param.show_default)
    below = getattr(command, "commands", None)
    if isinstance(below, dict):
        for sub in below.values():
            speak(sub)


def friendly(func: Callable[P, R]) -> Callable[P, R]:
    """Known errors become one line on stderr and exit 1; never a traceback."""

    @wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return func(*args, **kwargs)
        except TracetoolError as exc:
            fail(str(exc))
        except (KeyboardInterrupt, BrokenPipeError):
            raise typer.Exit(codes.INTERRUPTED) from None

    return wrapper


@contextmanager
def open_desk() -> Iterator[Desk]:
    desk = Desk.open()
    try:
        yield desk
    finally:
        desk.close()


def print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, default=str) + "\n")
