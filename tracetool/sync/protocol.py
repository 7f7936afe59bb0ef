"""The wire protocol shared by the sync client and the collector.

This module imports no HTTP library, so the collector (which sits above the sync layer) and the
client agree on columns, statuses and the receipt checksum from one place.

Registrations travel column-wise (``{"columns": [...], "rows": [[...], ...]}``): for 100,000 rows
that is half the bytes and a third of the JSON work of one object per row. The values are the
local store's own forms (UTC times as fixed-width text, answers as their canonical JSON text,
flags as 0/1), so the desk sends its rows as SQLite writes them and neither side re-formats
anything; the collector also takes one object per registration, with answers as an object and
flags as booleans, for other clients.

The receipt: ``count`` is registrations (rows), test mode included, deletions excluded;
``inquiries`` is the sum of their ``count`` (a mass registration of 5 is 5 inquiries); the
checksum is over (id, revision) of the same rows, see ``checksum``.
"""

from __future__ import annotations

import hashlib
import json
import struct
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, Final, NamedTuple

from tracetool.store import registrations, totals

PROTOCOL_VERSION: Final = 1
API: Final = "/api/v1"

# Wire order is the local store's column order, so rows go out as the store holds them.
REGISTRATION_COLUMNS: Final = registrations.COLUMNS
TOTAL_COLUMNS: Final = totals.COLUMNS

DEVICE_HEADER: Final = "X-Tracetool-Device"

ACCEPTED: Final = "accepted"
DUPLICATE: Final = "duplicate"
UPDATED: Final = "updated"
CONFLICT: Final = "conflict"
INVALID: Final = "invalid"
STATUSES: Final = (ACCEPTED, DUPLICATE, UPDATED, CONFLICT, INVALID)


_two_words = struct.Struct(">II").unpack_from


def row_hash(entity_id: str, revision: int) -> tuple[int, int]:
    """Two 32-bit halves of sha256("id:revision").

    Halves, not one 64-bit number, because SQLite's SUM of signed 64-bit values overflows;
    sums of 32-bit values stay exact for two billion rows in both databases.
    """
    return _two_words(hashlib.sha256(f"{entity_id}:{revision}".encode()).digest())


def row_hashes(ids: Iterable[str], revisions: Iterable[int]) -> Iterator[tuple[int, int]]:
    """``row_hash`` over many rows."""
    return map(row_hash, ids, revisions)


def format_checksum(sum_hi: int, sum_lo: int) -> str:
    return f"{sum_hi % 2**32:08x}{sum_lo % 2**32:08x}"


def checksum(pairs: Iterable[tuple[str, int]]) -> tuple[int, str]:
    """(rows, checksum) over (id, revision) pairs; independent of order.

    The receipt's checksum is this over every registration the server holds in the scope that
    is not deleted, so a desk computes it over its own rows and compares.
    """
    n = hi = lo = 0
    for entity_id, revision in pairs:
        h, low = row_hash(entity_id, revision)
        hi += h
        lo += low
        n += 1
    return n, format_checksum(hi, lo)


class ItemResult(NamedTuple):
    """The collector's answer for one item (a tuple: 100,000 of them are made per sync)."""

    id: str
    revision: int | None
    status: str
    reason: str | None = None

    def as_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"id": self.id, "revision": self.revision, "status": self.status}
        if self.reason:
            out["reason"] = self.reason
        return out


def encode_registration_row(row: Sequence[Any]) -> list[Any]:
    """A local store row (``tracetool.store.registrations.to_row`` order) → wire values."""
    out = list(row)
    answers = out[11]
    out[11] = json.loads(answers) if answers and answers != "{}" else {}
    out[13] = bool(out[13])
    out[16] = bool(out[16])
    return out


def encode_total_row(row: Sequence[Any]) -> dict[str, Any]:
    out = dict(zip(TOTAL_COLUMNS, row, strict=True))
    out["deleted"] = bool(out["deleted"])
    return out
