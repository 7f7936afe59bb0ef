"""A repeated option is never dropped silently.

Click keeps only the last value of an option given twice (``--unit A --unit B`` meant B alone).
Options meant to repeat are declared as lists (``multiple``); any other given twice, or a flag
given both ways (``--x --no-x``), stops the command with a message naming the option.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

# Only Typer's public classes: newer Typer vendors click under a private module, older Typer
# uses click itself, so commands are typed Any and told apart by these.
from typer.core import TyperGroup as Group
from typer.core import TyperOption as Option

from tracetool.cli._common import fail
from tracetool.locale import translator

_ = translator("cli")


def _single_options(command: Any) -> dict[str, tuple[Option, bool]]:
    """Each spelling of a non-repeatable option → (the option, whether it takes a value)."""
    found: dict[str, tuple[Option, bool]] = {}
    for param in command.params:
        if not isinstance(param, Option) or param.multiple or param.count:
            continue
        takes_value = not param.is_flag
        for opt in (*param.opts, *param.secondary_opts):
            found[opt] = (param, takes_value)
    return found


def _spelling(token: str, options: dict[str, tuple[Option, bool]]) -> str | None:
    """The option spelling ``token`` starts with (``--unit``, ``--unit=X``, ``-uX``), if any."""
    if token in options:
        return token
    if token.startswith("--"):
        head = token.partition("=")[0]
        return head if head in options else None
    if token.startswith("-") and len(token) > 2 and token[:2] in options:
        return token[:2]
    return None


def refuse_repeats(command: Any, args: Sequence[str], path: str = "") -> None:
    """Fail on the first option of ``command`` (or of the sub-command it runs) given twice."""
    options = _single_options(command)
    given: dict[Option, list[str]] = {}
    i = 0
    while i < len(args):
        token = args[i]
        if token == "--":
            return
        spelling = _spelling(token, options)
        if spelling is not None:
            param, takes_value = options[spelling]
            given.setdefault(param, []).append(spelling)
            _check(param, given[param], takes_value, path)
            i += 2 if takes_value and token == spelling else 1
            continue
        if isinstance(command, Group) and not token.startswith("-"):
            sub = command.commands.get(token)
            if sub is not None:
                refuse_repeats(sub, args[i + 1 :], f"{path}{token} ")
            return
        i += 1


def _check(param: Option, spellings: list[str], takes_value: bool, path: str) -> None:
    if takes_value and len(spellings) > 1:
        fail(
            _where(path)
            + _(
                "{option} er givet {n} gange, men tager én værdi; "
                "kun den sidste ville gælde, så intet er gjort. Giv den én gang."
            ).format(option=spellings[0], n=len(spellings))
        )
    if not takes_value and len(set(spellings)) > 1:
        given = sorted(set(spellings))
        both = _("{some} og {last}").format(some=", ".join(given[:-1]), last=given[-1])
        fail(_where(path) + _("{both} modsiger hinanden; giv kun den ene.").format(both=both))


def _where(path: str) -> str:
    return f"{path.strip()}: " if path else ""
