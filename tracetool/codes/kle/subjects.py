"""A KLE subject and catalogue as a file states them, and the checks both formats share."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Final, Literal

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
