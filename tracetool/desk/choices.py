"""The line's vocabulary and the values each field offers (its choices and their keys).

``Entry`` (entry.py) is built on ``LineChoices``: what a field offers depends only on the
codebook, the plan and the unit, never on what was typed, so it lives apart from the keys.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from tracetool.codes.codebook import Codebook
from tracetool.plan.model import TASK_HOTKEYS, Plan, Unit

FEJL_KEY = "0"
# One key from anywhere on the line changes the channel, direction and all: F5–F8 the first
# four inbound channels, F9–F12 the first four outbound (by their numbers in the codebook).
CHANNEL_KEYS = (("IND", ("f5", "f6", "f7", "f8")), ("UD", ("f9", "f10", "f11", "f12")))

Kind = Literal["channel", "task", "type", "closing", "form", "param", "question"]


@dataclass(frozen=True)
class Field:
    kind: Kind
    key: str = ""

    @property
    def id(self) -> str:
        return f"{self.kind}:{self.key}" if self.key else self.kind


CHANNEL = Field("channel")
TASK = Field("task")
TYPE = Field("type")
CLOSING = Field("closing")
FORM = Field("form")

# Mnemonic letters (Danish first, the English form answer too): Straks / Videre behandling,
# Ja / Nej (Yes). They work in the type, closing and form fields, where letters pick nothing
# else (extra questions may have answers A–Z).
LETTERS: dict[str, tuple[Field, str]] = {
    "s": (CLOSING, "STRAKS"),
    "v": (CLOSING, "HOLD"),
    "j": (FORM, "JA"),
    "y": (FORM, "JA"),
    "n": (FORM, "NEJ"),
}


@dataclass(frozen=True)
class Choice:
    hotkey: str
    code: str
    label: str


class LineChoices:
    """The choices of a line's fields; the attributes are the line's (``Entry``'s)."""

    codebook: Codebook
    plan: Plan
    unit: Unit
    lang: str
    favourites: tuple[str, ...]
    direction: str
    focus: Field
    task_title: Callable[[str], str] | None

    def _channel_allowed(self, code: str) -> bool:
        return not self.unit.channels or code in self.unit.channels

    def channel_choices(self, direction: str | None = None) -> list[Choice]:
        return [
            Choice(str(c.hotkey), c.code, c.label(self.lang))
            for c in self.codebook.app_channels(direction or self.direction)
            if self._channel_allowed(c.code)
        ]

    def channel_keys(self) -> dict[str, str]:
        """Function key -> channel code, for the channels this unit may use."""
        result: dict[str, str] = {}
        for direction, keys in CHANNEL_KEYS:
            result.update(
                zip(keys, (c.code for c in self.channel_choices(direction)), strict=False)
            )
        return result

    def task_list(self) -> list[str]:
        """The unit's tasks, then pinned favourites not already on it (max 35 with keys)."""
        result = list(self.unit.tasks)
        result += [k for k in self.favourites if k not in result]
        return result

    def title(self, kle: str) -> str:
        if self.task_title is not None:
            return self.task_title(kle)
        task = self.codebook.task(kle)
        return task.label(self.lang) if task is not None else kle

    def task_choices(self) -> list[Choice]:
        fejl = self.codebook.fejl_task
        tiles = [
            Choice(key, kle, self.title(kle))
            for key, kle in zip(TASK_HOTKEYS, self.task_list(), strict=False)
            if kle != fejl.kle
        ]
        tiles.append(Choice(FEJL_KEY, fejl.kle, fejl.label(self.lang)))
        return tiles

    def choices(self, f: Field | None = None) -> list[Choice]:
        f = f or self.focus
        cb = self.codebook
        if f.kind == "channel":
            return self.channel_choices()
        if f.kind == "task":
            return self.task_choices()
        if f.kind == "type":
            return [Choice(str(t.hotkey), t.code, t.label(self.lang)) for t in cb.types]
        if f.kind == "closing":
            return [Choice(str(c.hotkey), c.code, c.label(self.lang)) for c in cb.closings]
        if f.kind == "form":
            return [Choice(str(c.hotkey), c.code, c.label(self.lang)) for c in cb.forms]
        if f.kind == "param":
            param = cb.parameter(f.key)
            if param is None:
                return []
            return [Choice(str(a.hotkey), a.code, a.label(self.lang)) for a in param.answers]
        question = self.plan.question(f.key)
        if question is None:
            return []
        # 1–9, then A–Z as for tasks: a question may have more than nine answers.
        return [Choice(k, a, a) for k, a in zip(TASK_HOTKEYS, question.answers, strict=False)]

    def all_channels(self) -> list[Choice]:
        return self.channel_choices("IND") + self.channel_choices("UD")

    def is_postcode(self, f: Field) -> bool:
        if f.kind != "param":
            return False
        param = self.codebook.parameter(f.key)
        return param is not None and param.kind == "postcode"

    def letter_for(self, f: Field, code: str) -> str | None:
        return next((k for k, (g, c) in LETTERS.items() if g == f and c == code), None)
