"""What every command shares: opening the desk, printing, and turning errors into one line."""

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

P = ParamSpec("P")
R = TypeVar("R")

console = Console()
err_console = Console(stderr=True)


def fail(message: str, code: int = codes.REFUSED) -> NoReturn:
    err_console.print(f"[bold red]fejl:[/] {message}", highlight=False, soft_wrap=True)
    raise typer.Exit(code)


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
