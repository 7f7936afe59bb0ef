"""Errors that reach a user as one clear line: what went wrong and where."""

from __future__ import annotations

from dataclasses import dataclass, field

from tracetool import locale
from tracetool.locale import N_, translator

_ = translator("core")
_PROBLEM = N_("{where}: {reason} (værdi: {value!r})")


class TracetoolError(Exception):
    """Base for every error the front ends turn into a message (never a traceback)."""


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input: where (field, key path, line/column), the value, why."""

    where: str
    value: object
    reason: str
    # The language the reason was written in, so that the whole line is said in it.
    lang: str = field(default_factory=locale.current, compare=False, repr=False)

    def __str__(self) -> str:
        said = locale.catalogue("core", self.lang).gettext(_PROBLEM)
        return said.format(where=self.where, reason=self.reason, value=self.value)


class ValidationError(TracetoolError):
    """An input broke a rule of the codebook or the plan; lists every problem found."""

    def __init__(self, problems: list[Problem], context: str = "") -> None:
        self.problems = problems
        self.context = context
        lines = [str(p) for p in problems]
        head = f"{context}: " if context else ""
        super().__init__(head + "; ".join(lines))


class FileFormatError(TracetoolError):
    """A file could not be read; says which file, line, column and what was found."""

    def __init__(
        self,
        path: str,
        reason: str,
        line: int | None = None,
        column: int | str | None = None,
        value: object = None,
    ) -> None:
        self.path = path
        self.reason = reason
        self.line = line
        self.column = column
        self.value = value
        where = path
        if line is not None:
            where += _(", linje {line}").format(line=line)
        if column is not None:
            where += _(", kolonne {column}").format(column=column)
        tail = _(" (værdi: {value!r})").format(value=value) if value is not None else ""
        super().__init__(f"{where}: {reason}{tail}")


class NotFoundError(TracetoolError):
    """A registration, unit or other named thing does not exist."""
