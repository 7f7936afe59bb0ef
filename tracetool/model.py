"""The domain objects: one registration (henvendelse) as the method records it."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime
from enum import StrEnum
from typing import Any

import uuid_utils


class Source(StrEnum):
    """Where a registration came from; kept so reports and exports can tell them apart."""

    APP = "app"
    CLI = "cli"
    PAPER = "paper"
    IMPORT = "import"
    MASS = "mass"
    DEMO = "demo"


def new_id() -> str:
    """UUIDv7, made on the device: unique without a server and ordered by time."""
    return str(uuid_utils.uuid7())


@dataclass(frozen=True, slots=True)
class Registration:
    """One registration; ``count`` above 1 is a mass registration of identical inquiries.

    Nothing here can identify a person: codes and fixed answers only, never free text.
    """

    municipality: int
    unit: str | None
    direction: str
    channel: str
    task: str
    type: str
    closing: str
    form: str | None
    saved_at: datetime
    started_at: datetime | None = None
    answers: dict[str, str] = field(default_factory=dict)
    source: str = Source.CLI.value
    test_mode: bool = False
    count: int = 1
    id: str = field(default_factory=new_id)
    revision: int = 1
    deleted: bool = False
    device: str | None = None
    import_key: str | None = None

    def but(self, **changes: Any) -> Registration:
        return replace(self, **changes)

    @property
    def seconds(self) -> float | None:
        """Registration time (the timer), when it was timed."""
        if self.started_at is None:
            return None
        return (self.saved_at - self.started_at).total_seconds()


# Fields a correction may change; id, device, source and import_key identify the original.
EDITABLE_FIELDS = (
    "unit",
    "direction",
    "channel",
    "task",
    "type",
    "closing",
    "form",
    "saved_at",
    "started_at",
    "answers",
    "count",
    "test_mode",
)
