"""One field of an item checked against its type and bounds; the error an unusable item raises."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from datetime import datetime
from functools import lru_cache
from typing import Any

from tracetool import bounds

_TIME = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$")
_DATE = re.compile(r"^\d{4}-\d\d-\d\d$")
_UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
_MAX_TEXT = bounds.TEXT_MAX
_MAX_ANSWERS = bounds.ANSWERS_MAX
# Fixed-width UTC text: the year is its first four characters, compared as text.
_YEAR_LOW, _YEAR_HIGH = str(bounds.YEAR_MIN), str(bounds.YEAR_MAX)
_shown = bounds.shown
_TEXT_OK = frozenset({str})
_OPT_OK = frozenset({str, type(None)})


class ItemError(Exception):
    """One item is unusable; the message says why, in English and Danish."""

    def __init__(self, en: str, da: str) -> None:
        super().__init__(f"{en} / {da}")


def object_values(obj: Any, columns: Sequence[str], defaults: Mapping[str, Any]) -> list[Any]:
    """An object-form item → its values in ``columns`` order, ``defaults`` filled in."""
    if not isinstance(obj, dict):
        raise ItemError("expected a JSON object", "forventede et JSON-objekt")
    unknown = set(obj) - set(columns)
    if unknown:
        raise ItemError(
            f"unknown field(s): {', '.join(sorted(unknown))}",
            f"ukendte felter: {', '.join(sorted(unknown))}",
        )
    values: list[Any] = []
    for name in columns:
        if name in obj:
            values.append(obj[name])
        elif name in defaults:
            values.append(defaults[name])
        else:
            raise ItemError(f"{name}: missing", f"{name}: mangler")
    return values


def _text(name: str, value: Any, *, optional: bool = False) -> str | None:
    if value is None and optional:
        return None
    bad = bounds.text_problem(value)
    if bad:
        raise ItemError(f"{name}: {bad[0]}", f"{name}: {bad[1]}")
    return str(value)


def _int(name: str, value: Any, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise ItemError(
            f"{name}: expected a whole number {low}-{high}, got {_shown(value)}",
            f"{name}: forventede et heltal {low}-{high}, fik {_shown(value)}",
        )
    return value


def _flag(name: str, value: Any) -> int:
    if value in (True, False, 0, 1):
        return int(value)
    raise ItemError(
        f"{name}: expected true or false, got {_shown(value)}",
        f"{name}: forventede true eller false, fik {_shown(value)}",
    )


def _time(name: str, value: Any, *, optional: bool = False) -> str | None:
    if value is None and optional:
        return None
    if isinstance(value, str) and _TIME.match(value):
        try:
            moment = datetime.fromisoformat(value)
        except ValueError:
            pass
        else:
            if bounds.year_ok(moment.year):
                return value
            raise ItemError(
                f"{name}: the year {moment.year} is outside {bounds.YEAR_MIN}-{bounds.YEAR_MAX}",
                f"{name}: {bounds.day_problem(moment.date())}",
            )
    raise ItemError(
        f"{name}: expected UTC time like 2013-10-21T07:20:00.000000Z, got {_shown(value)}",
        f"{name}: forventede UTC-tid som 2013-10-21T07:20:00.000000Z, fik {_shown(value)}",
    )


def _answers(value: Any) -> str:
    """Canonical JSON text of the answers; they may come as an object or as its JSON text."""
    if value is None or value == {} or value == "{}":
        return "{}"
    if isinstance(value, str):
        return _answers_text(value)
    return _canonical(value)


@lru_cache(maxsize=4096)
def _answers_text(text: str) -> str:
    # A desk sends the same few answer combinations over and over: check each once.
    try:
        value = json.loads(text)
    except (ValueError, RecursionError):  # RecursionError: nested thousands deep
        value = None
    return _canonical(value)


def _canonical(value: Any) -> str:
    if (
        isinstance(value, dict)
        and len(value) <= _MAX_ANSWERS
        and all(
            isinstance(k, str)
            and isinstance(v, str)
            and 0 < len(k) <= _MAX_TEXT
            and len(v) <= _MAX_TEXT
            and bounds.printable(k + v)
            for k, v in value.items()
        )
    ):
        # The local store's own canonical form, so equal content compares equal as text.
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    raise ItemError(
        "answers: expected an object of printable text keys and text answers",
        "answers: forventede et objekt med tekstnøgler og tekstsvar uden styretegn",
    )


def item_id(values: Sequence[Any] | Mapping[str, Any]) -> tuple[str, int | None]:
    """The (id, revision) to report an item under, whatever shape it came in."""
    if isinstance(values, Mapping):
        raw_id, raw_rev = values.get("id"), values.get("revision", 1)
    else:
        raw_id = values[0] if len(values) > 0 else None
        raw_rev = values[15] if len(values) > 15 else None
    rev = raw_rev if isinstance(raw_rev, int) and not isinstance(raw_rev, bool) else None
    shown = raw_id if isinstance(raw_id, str) and len(raw_id) <= 60 else _shown(raw_id)
    return shown, rev
