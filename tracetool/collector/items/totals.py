"""A total as a desk sent it: normalised, checked by the totals rules, and compared with the
batch's other totals for overlapping periods."""

from __future__ import annotations

from datetime import date
from typing import Any

from tracetool import bounds
from tracetool.codes.codebook import load_codebook
from tracetool.collector.items.fields import (
    _DATE,
    _YEAR_HIGH,
    _YEAR_LOW,
    ItemError,
    _flag,
    _int,
    _shown,
    _text,
    object_values,
)
from tracetool.plan.totals import Total, check_total
from tracetool.sync.protocol import TOTAL_COLUMNS

_TOTAL_DEFAULTS: dict[str, Any] = {
    "unit": "",
    "direction": None,
    "source": None,
    "created_at": None,
    "revision": 1,
    "deleted": False,
}


def normalize_total(obj: Any) -> tuple[Any, ...]:
    values = dict(
        zip(TOTAL_COLUMNS, object_values(obj, TOTAL_COLUMNS, _TOTAL_DEFAULTS), strict=True)
    )
    tid = _text("id", values["id"])
    dates = []
    for name in ("from_date", "to_date"):
        value = values[name]
        if not isinstance(value, str) or not _DATE.match(value) or not _is_date(value):
            raise ItemError(
                f"{name}: expected a date like 2013-10-21, got {_shown(value)}",
                f"{name}: forventede en dato som 2013-10-21, fik {_shown(value)}",
            )
        if not _YEAR_LOW <= value[:4] <= _YEAR_HIGH:
            raise ItemError(
                f"{name}: the year {value[:4]} is outside {bounds.YEAR_MIN}-{bounds.YEAR_MAX}",
                f"{name}: året {value[:4]} ligger uden for {bounds.YEAR_MIN}-{bounds.YEAR_MAX}",
            )
        dates.append(value)
    unit = values["unit"]
    return (
        tid,
        _int("municipality", values["municipality"], 0, 9999),
        "" if unit in (None, "") else _text("unit", unit),
        _text("channel", values["channel"]),
        _text("direction", values["direction"], optional=True),
        dates[0],
        dates[1],
        _int("count", values["count"], 0, 10**12),
        _text("source", values["source"], optional=True),
        _text("created_at", values["created_at"], optional=True),
        _int("revision", values["revision"], 1, 2**31 - 1),
        _flag("deleted", values["deleted"]),
    )


def _is_date(text: str) -> bool:
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return True


def total_problem(row: tuple[Any, ...]) -> str | None:
    """The totals rules (``totals.check_total``, without a plan) on a normalised row."""
    problems: list[str] = []
    if not 100 <= row[1] <= 999:
        problems.append(f"kommune: kommunenummer skal have tre cifre (værdi: {row[1]!r})")
    codebook = load_codebook()
    channel = codebook.channel(row[3])
    total = Total(
        municipality=row[1],
        channel=row[3],
        direction=row[4] if row[4] is not None else (channel.direction if channel else "?"),
        from_date=date.fromisoformat(row[5]),
        to_date=date.fromisoformat(row[6]),
        count=row[7],
        unit=row[2],
        id=row[0],
        revision=row[10],
    )
    problems += [str(p) for p in check_total(total, codebook, None)]
    return "; ".join(problems) or None


def overlap_problem(row: tuple[Any, ...], earlier: list[tuple[Any, ...]]) -> str | None:
    """Why a live total overlaps a live one before it in the same batch (same municipality,
    unit and channel, shared days), or None. A deletion overlaps nothing."""
    if row[11]:
        return None
    for other in earlier:
        if (
            not other[11]
            and other[0] != row[0]
            and other[1:4] == row[1:4]
            and other[5] <= row[6]
            and row[5] <= other[6]
        ):
            return (
                f"the period overlaps total {other[0]} of this batch ({other[3]},"
                f" {other[2] or 'whole municipality'}, {other[5]} - {other[6]})"
                f" / perioden overlapper total {other[0]} i samme sending"
            )
    return None
