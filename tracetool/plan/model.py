"""The count plan: the coordinator's set-up for a municipality, as one file for every desk.

These are the plan's domain objects; ``tracetool.plan.planfile`` reads, checks and writes the TOML.
"""

from __future__ import annotations

import string
from dataclasses import dataclass, field
from datetime import date

# TraceTool's task tiles: 1–9, then A–Z.
TASK_HOTKEYS: tuple[str, ...] = tuple("123456789") + tuple(string.ascii_uppercase)


@dataclass(frozen=True)
class ExtraQuestion:
    """A question with fixed answers attached to some tasks (one export column each)."""

    key: str
    text: str
    answers: tuple[str, ...]
    tasks: tuple[str, ...]


@dataclass(frozen=True)
class Unit:
    login: str
    name: str
    tasks: tuple[str, ...]
    parameters: tuple[str, ...] = ()
    channels: tuple[str, ...] = ()

    def hotkeys(self) -> list[tuple[str, str]]:
        """(key, KLE number) for the first 35 tasks, in the unit's order (favourites first)."""
        return list(zip(TASK_HOTKEYS, self.tasks, strict=False))


@dataclass(frozen=True)
class CountPeriod:
    name: str
    start: date
    end: date

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end


@dataclass(frozen=True)
class Group:
    """A department: a name over unit logins (units need no desk in the plan)."""

    name: str
    units: tuple[str, ...]


@dataclass(frozen=True)
class Plan:
    municipality: int
    municipality_name: str
    units: tuple[Unit, ...]
    periods: tuple[CountPeriod, ...] = ()
    questions: tuple[ExtraQuestion, ...] = ()
    test_mode: bool = True
    groups: tuple[Group, ...] = ()
    channel_costs: dict[str, float] = field(default_factory=dict, hash=False)
    _units: dict[str, Unit] = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        self._units.update({u.login: u for u in self.units})

    def unit(self, login: str) -> Unit | None:
        return self._units.get(login)

    def questions_for(self, task: str) -> list[ExtraQuestion]:
        return [q for q in self.questions if task in q.tasks]

    def question(self, key: str) -> ExtraQuestion | None:
        return next((q for q in self.questions if q.key == key), None)

    def group(self, name: str) -> Group | None:
        return next((g for g in self.groups if g.name == name), None)

    def group_map(self) -> dict[str, tuple[str, ...]]:
        """Group name → unit logins, in the plan's order."""
        return {g.name: g.units for g in self.groups}

    def period(self, name: str) -> CountPeriod | None:
        return next((p for p in self.periods if p.name == name), None)

    def period_for(self, day: date) -> CountPeriod | None:
        return next((p for p in self.periods if p.contains(day)), None)
