"""A registration as a desk sent it: its values in column order, normalised, and the codebook's
verdict on it (computed once per distinct combination of the coded fields)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from typing import Any

from tracetool import bounds
from tracetool.codes.codebook import load_codebook
from tracetool.collector.items.fields import (
    _MAX_TEXT,
    _OPT_OK,
    _TEXT_OK,
    _TIME,
    _UUID,
    _YEAR_HIGH,
    _YEAR_LOW,
    ItemError,
    _answers,
    _flag,
    _int,
    _shown,
    _text,
    _time,
    object_values,
)
from tracetool.model import Registration
from tracetool.plan.validation import check_registration
from tracetool.sync.protocol import REGISTRATION_COLUMNS

_REG_DEFAULTS: dict[str, Any] = {
    "unit": None,
    "form": None,
    "started_at": None,
    "answers": {},
    "source": "import",
    "test_mode": False,
    "count": 1,
    "revision": 1,
    "deleted": False,
    "device": None,
    "import_key": None,
}


def registration_values(obj: Any) -> list[Any]:
    """An object-form registration → values in wire column order (defaults filled in)."""
    return object_values(obj, REGISTRATION_COLUMNS, _REG_DEFAULTS)


def normalize_registration(values: Sequence[Any]) -> tuple[Any, ...]:
    """Wire values → the stored row (store column order), or ItemError."""
    row = _fast(values)
    return row if row is not None else _normalize(values)


def _joined(*texts: str | None) -> str:
    return "".join(filter(None, texts))


def _fast(values: Any) -> tuple[Any, ...] | None:
    """The well-formed row the sync client sends, checked in one expression (about a tenth
    of the per-field path); None sends anything unusual to the path that says what is wrong.
    """
    if type(values) is not list or len(values) != 19:
        return None
    (rid, muni, unit, direction, channel, task, type_, closing, form, started, saved, answers,
     source, test_mode, count, revision, deleted, device, import_key) = values  # fmt: skip
    if not (
        type(rid) is str
        and type(muni) is int
        and type(count) is int
        and type(revision) is int
        and type(test_mode) in (int, bool)
        and type(deleted) in (int, bool)
        and type(direction) in _TEXT_OK
        and type(channel) in _TEXT_OK
        and type(task) in _TEXT_OK
        and type(type_) in _TEXT_OK
        and type(closing) in _TEXT_OK
        and type(source) in _TEXT_OK
        and type(saved) in _TEXT_OK
        and type(unit) in _OPT_OK
        and type(form) in _OPT_OK
        and type(started) in _OPT_OK
        and type(device) in _OPT_OK
        and type(import_key) in _OPT_OK
        and 0 <= muni <= 9999
        and 0 <= count <= 10_000_000
        and 1 <= revision < 2**31
        and test_mode in (0, 1)
        and deleted in (0, 1)
        and 0 < len(direction) <= _MAX_TEXT
        and 0 < len(channel) <= _MAX_TEXT
        and 0 < len(task) <= _MAX_TEXT
        and 0 < len(type_) <= _MAX_TEXT
        and 0 < len(closing) <= _MAX_TEXT
        and 0 < len(source) <= _MAX_TEXT
        and (unit is None or 0 < len(unit) <= _MAX_TEXT)
        and (form is None or 0 < len(form) <= _MAX_TEXT)
        and (device is None or 0 < len(device) <= _MAX_TEXT)
        and (import_key is None or 0 < len(import_key) <= _MAX_TEXT)
        and _UUID.match(rid)
        and _TIME.match(saved)
        and (started is None or _TIME.match(started))
        and _YEAR_LOW <= saved[:4] <= _YEAR_HIGH
        and (started is None or _YEAR_LOW <= started[:4] <= _YEAR_HIGH)
        and bounds.printable(
            _joined(
                rid,
                unit,
                direction,
                channel,
                task,
                type_,
                closing,
                form,
                source,
                device,
                import_key,
            )
        )
    ):
        return None
    try:
        datetime.fromisoformat(saved)
        if started is not None:
            datetime.fromisoformat(started)
        text = _answers(answers)
    except (ValueError, ItemError):
        return None
    return (
        rid, muni, unit, direction, channel, task, type_, closing, form, started, saved, text,
        source, int(test_mode), count, revision, int(deleted), device, import_key,
    )  # fmt: skip


def _normalize(values: Sequence[Any]) -> tuple[Any, ...]:
    if not isinstance(values, list | tuple) or len(values) != len(REGISTRATION_COLUMNS):
        raise ItemError(
            f"expected {len(REGISTRATION_COLUMNS)} values in column order",
            f"forventede {len(REGISTRATION_COLUMNS)} værdier i kolonnernes rækkefølge",
        )
    (rid, muni, unit, direction, channel, task, type_, closing, form, started, saved, answers,
     source, test_mode, count, revision, deleted, device, import_key) = values  # fmt: skip
    if not isinstance(rid, str) or not _UUID.match(rid):
        raise ItemError(
            f"id: expected a lower-case UUID, got {_shown(rid)}",
            f"id: forventede et UUID med små bogstaver, fik {_shown(rid)}",
        )
    return (
        rid,
        _int("municipality", muni, 0, 9999),
        _text("unit", unit, optional=True),
        _text("direction", direction),
        _text("channel", channel),
        _text("task", task),
        _text("type", type_),
        _text("closing", closing),
        _text("form", form, optional=True),
        _time("started_at", started, optional=True),
        _time("saved_at", saved),
        _answers(answers),
        _text("source", source),
        _flag("test_mode", test_mode),
        _int("count", count, 0, 10_000_000),
        _int("revision", revision, 1, 2**31 - 1),
        _flag("deleted", deleted),
        _text("device", device, optional=True),
        _text("import_key", import_key, optional=True),
    )


def registration_problem(row: tuple[Any, ...]) -> str | None:
    """The codebook's verdict on a normalised row: None when valid, else every problem."""
    started = row[9]
    verdict = _verdict(
        row[1], row[3], row[4], row[5], row[6], row[7], row[8], row[12], row[11],
        row[14] >= 1, None if started is None else started <= row[10],
    )  # fmt: skip
    if verdict is None or started is None or started <= row[10]:
        return verdict
    # The cached verdict names the stand-in start time; name the one that was sent instead.
    return verdict.replace(repr(_LATE), f"{started!r}, gemt {row[10]!r}")


_T = datetime(2013, 1, 1, tzinfo=UTC)  # a stand-in inside the years (tracetool.bounds)
_LATE = _T + timedelta(seconds=1)  # the stand-in for any start after the save


@lru_cache(maxsize=8192)
def _verdict(
    municipality: int,
    direction: str,
    channel: str,
    task: str,
    type_: str,
    closing: str,
    form: str | None,
    source: str,
    answers: str,
    count_ok: bool,
    started_ok: bool | None,
) -> str | None:
    # Only the fields the rules look at vary; the others are stand-ins with the same verdict.
    reg = Registration(
        municipality=municipality,
        unit=None,
        direction=direction,
        channel=channel,
        task=task,
        type=type_,
        closing=closing,
        form=form,
        saved_at=_T,
        started_at=None
        if started_ok is None
        else _T - timedelta(seconds=1)
        if started_ok
        else _LATE,
        answers=json.loads(answers),
        source=source,
        count=1 if count_ok else 0,
    )
    problems = check_registration(reg, load_codebook(), None, rules="history")
    return "; ".join(str(p) for p in problems) or None
