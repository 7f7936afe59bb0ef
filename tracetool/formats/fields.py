"""The fields a row is read into, and a file's layout: which cell feeds which field."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from zoneinfo import ZoneInfo

# The fields a row is read into; each file column or map entry feeds one of them.
FIELDS = (
    "municipality",
    "unit",
    "channel",
    "task",
    "type",
    "closing",
    "form",
    "saved_at",
    "started_at",
    "source",
    "count",
)


# What a map may fill (the source of mapped rows is always "import"), and what it must.
MAP_FIELDS = tuple(f for f in FIELDS if f != "source")


MAP_REQUIRED = ("channel", "task", "type", "closing", "saved_at")


FIELD_NAMES_DA = {
    "municipality": "kommunenummer",
    "unit": "enhed",
    "channel": "kanal",
    "task": "opgave",
    "type": "henvendelsestype",
    "closing": "afslutning",
    "form": "blanket",
    "saved_at": "tidspunkt",
    "started_at": "starttidspunkt",
    "source": "datakilde",
    "count": "antal",
}


# Columns that a rejects file adds in front of the original ones; ignored when it is re-imported.
REJECT_LINE = "Afvist linje"


REJECT_REASON = "Afvisningsgrund"


# Memos are emptied when they reach this many entries: memory stays bounded whatever the file.
_MEMO_LIMIT = 20_000


class _Bad:
    """A value that could not be read; cached like a good one so it is explained once per value."""

    __slots__ = ("reason",)

    def __init__(self, reason: str) -> None:
        self.reason = reason


@dataclass
class _Layout:
    kind: str
    header: list[str]
    width: int  # cells in a row (without a trailing empty cell)
    index: dict[str, int]  # field -> cell index (constants are appended to each row)
    names: dict[str, str]  # field -> column name for messages
    constants: list[str]
    joins: list[tuple[int, tuple[int, ...]]]
    extras: list[tuple[int, str, str]]  # (cell index, answer key, header)
    skip: list[tuple[int, frozenset[str]]]
    ignored: frozenset[int]
    values: dict[str, dict[str, str]]
    date_format: str | None
    zone: ZoneInfo
    name_index: int | None  # the Kommune column (dl), for municipality names
    # A rejects file's "Afvist linje": part of each row's identity, so that a fixed row does not
    # collide with an identical row already imported from the original file.
    origin_index: int | None = None
    trailing: bool = False


def _split_header(line: str, delimiter: str) -> list[str]:
    cells = next(csv.reader([line.rstrip("\r\n")], delimiter=delimiter), [])
    cells = [c.strip().lstrip("\ufeff").strip() for c in cells]
    # One empty cell at the end is the trailing delimiter; Excel may add another ("...;;").
    while cells and cells[-1] == "":
        cells.pop()
    return cells


def _fold(text: str) -> str:
    return " ".join(text.split()).casefold()


class CellRows:
    """Rows of cells from a file that is not CSV (xlsx, ndjson), counted as csv.reader counts
    the lines after a header read apart: the first row after the header is 1."""

    def __init__(self, rows: Iterable[list[str]]) -> None:
        self._rows = rows
        self.line_num = 0

    def __iter__(self) -> Iterator[list[str]]:
        for number, cells in enumerate(self._rows, start=1):
            self.line_num = number
            yield cells
