"""A KLE subject and catalogue as a file states them, and the checks both formats share."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any, Final, Literal, Self, cast

Level = Literal["hovedgruppe", "gruppe", "emne"]
Format = Literal["kle-xml", "os2kle"]


@dataclass(frozen=True)
class KleSubject:
    """One hovedgruppe, gruppe or emne as the source file states it."""

    nr: str
    level: Level
    title: str
    parent: str | None
    created: date | None
    changed: date | None
    expired: date | None
    moved: date | None
    moved_to: str | None
    active: bool
    keywords: tuple[tuple[str, int], ...] = ()

    @classmethod
    def from_plain(cls, row: Mapping[str, Any], **more: Any) -> Self:
        """A subject from its plain form (the shipped catalogue's JSON, the store's row): dates
        as ISO text or empty, keywords as (text, weight) pairs; ``more`` fills a subclass's own
        fields."""
        return cls(
            nr=str(row["nr"]),
            level=cast(Level, row["level"]),
            title=str(row["title"]),
            parent=row["parent"],
            created=_iso_date(row["created"]),
            changed=_iso_date(row["changed"]),
            expired=_iso_date(row["expired"]),
            moved=_iso_date(row["moved"]),
            moved_to=row["moved_to"],
            active=bool(row["active"]),
            keywords=tuple((str(text), int(weight)) for text, weight in row["keywords"]),
            **more,
        )


def _iso_date(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


@dataclass(frozen=True)
class KleCatalogue:
    """All subjects of one file, in file order (a parent always precedes its children)."""

    edition: str
    format: Format
    subjects: tuple[KleSubject, ...]


# --- shared checks ----------------------------------------------------------------------

_NR_PATTERNS: Final[dict[Level, re.Pattern[str]]] = {
    "hovedgruppe": re.compile(r"\d\d"),
    "gruppe": re.compile(r"\d\d\.\d\d"),
    "emne": re.compile(r"\d\d\.\d\d\.\d\d"),
}
_NR_SHAPES: Final[dict[Level, str]] = {
    "hovedgruppe": "NN",
    "gruppe": "NN.NN",
    "emne": "NN.NN.NN",
}
# KLE-XML lets AfloestAf point at a handlingsfacet as well as a subject (XSD: HandlingsfacetNr).
_FACET_PATTERN: Final = re.compile(r"[APSØGKI]\d\d")
# xs:date may carry a time zone; KLE never uses one, but it is still a valid date.
_DATE_PATTERN: Final = re.compile(r"(\d{4}-\d{2}-\d{2})(?:Z|[+-]\d{2}:\d{2})?")


def _parent_of(nr: str) -> str | None:
    return nr.rpartition(".")[0] or None


# Both readers recognise these: a UTF-16 file, and the start of an OS2KLE line.
_UTF16_BOMS: Final = (b"\xff\xfe", b"\xfe\xff")
_OS2KLE_MARK: Final = "KLENummer="
