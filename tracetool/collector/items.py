"""Checking what a desk sent: shapes and types first, then the codebook's rules.

Everything here is per item: a bad item is answered ``invalid`` with its reason and the rest of
the batch goes on, because one odd registration must not keep a desk's other work from the
collector. The codebook rules are ``validation.check_registration`` with the ``history`` rules
(the server has no desk's plan); its answer depends only on the coded fields, so it is computed
once per distinct combination, which keeps a 100,000-row sync cheap.
"""

from __future__ import annotations

import json
import re
from collections import deque
from collections.abc import Mapping, Sequence
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache, partial
from itertools import compress, starmap
from operator import is_not, itemgetter, le
from typing import Any

from tracetool import bounds
from tracetool.codes.codebook import load_codebook
from tracetool.model import Registration
from tracetool.plan.totals import Total, check_total
from tracetool.plan.validation import check_registration
from tracetool.sync.protocol import REGISTRATION_COLUMNS, TOTAL_COLUMNS

_TIME = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$")
_DATE = re.compile(r"^\d{4}-\d\d-\d\d$")
_UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
_MAX_TEXT = bounds.TEXT_MAX
_MAX_ANSWERS = bounds.ANSWERS_MAX
# Fixed-width UTC text: the year is its first four characters, compared as text.
_YEAR_LOW, _YEAR_HIGH = str(bounds.YEAR_MIN), str(bounds.YEAR_MAX)
_shown = bounds.shown

_REG_INDEX = {name: i for i, name in enumerate(REGISTRATION_COLUMNS)}
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
_TOTAL_DEFAULTS: dict[str, Any] = {
    "unit": "",
    "direction": None,
    "source": None,
    "created_at": None,
    "revision": 1,
    "deleted": False,
}


class ItemError(Exception):
    """One item is unusable; the message says why, in English and Danish."""

    def __init__(self, en: str, da: str) -> None:
        super().__init__(f"{en} / {da}")


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


def registration_values(obj: Any) -> list[Any]:
    """An object-form registration → values in wire column order (defaults filled in)."""
    if not isinstance(obj, dict):
        raise ItemError("expected a JSON object", "forventede et JSON-objekt")
    unknown = set(obj) - set(REGISTRATION_COLUMNS)
    if unknown:
        raise ItemError(
            f"unknown field(s): {', '.join(sorted(unknown))}",
            f"ukendte felter: {', '.join(sorted(unknown))}",
        )
    values: list[Any] = []
    for name in REGISTRATION_COLUMNS:
        if name in obj:
            values.append(obj[name])
        elif name in _REG_DEFAULTS:
            values.append(_REG_DEFAULTS[name])
        else:
            raise ItemError(f"{name}: missing", f"{name}: mangler")
    return values


def normalize_registration(values: Sequence[Any]) -> tuple[Any, ...]:
    """Wire values → the stored row (store column order), or ItemError."""
    row = _fast(values)
    return row if row is not None else _normalize(values)


_TEXT_OK = frozenset({str})
_OPT_OK = frozenset({str, type(None)})


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


def normalize_total(obj: Any) -> tuple[Any, ...]:
    if not isinstance(obj, dict):
        raise ItemError("expected a JSON object", "forventede et JSON-objekt")
    unknown = set(obj) - set(TOTAL_COLUMNS)
    if unknown:
        raise ItemError(
            f"unknown field(s): {', '.join(sorted(unknown))}",
            f"ukendte felter: {', '.join(sorted(unknown))}",
        )
    values = {**_TOTAL_DEFAULTS, **obj}
    for name in TOTAL_COLUMNS:
        if name not in values:
            raise ItemError(f"{name}: missing", f"{name}: mangler")
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


# -- a whole batch at once ---------------------------------------------------------------------

_COLUMN = [itemgetter(i) for i in range(len(REGISTRATION_COLUMNS))]
_NOT_NONE = partial(is_not, None)
_INT = frozenset({int})
_FLAG = frozenset({int, bool})


def _texts(column: list[Any], *, optional: bool) -> bool:
    kinds = set(map(type, column))
    if not kinds <= (_OPT_OK if optional else _TEXT_OK) or "" in column:
        return False
    present = list(filter(None, column)) if optional else column
    return not present or (
        max(map(len, present)) <= _MAX_TEXT and bounds.printable("".join(present))
    )


def _years_ok(column: list[Any]) -> bool:
    timed = list(filter(_NOT_NONE, column))
    return not timed or (min(timed)[:4] >= _YEAR_LOW and max(timed)[:4] <= _YEAR_HIGH)


def normalize_batch(rows: Any) -> list[tuple[Any, ...]] | None:
    """Every row of a well-formed, valid, columnar batch, checked column by column.

    The same checks and the same stored rows as ``normalize_registration`` plus
    ``registration_problem`` per row, but each check runs over a whole column inside C
    builtins (map, set, min, max, zip), and the codebook's verdict is asked once per distinct
    combination of codes. A sync of 100,000 rows spends a fraction of the per-row time here.
    None when anything at all is unusual: then the per-row path finds and names it.
    """
    if type(rows) is not list or not rows or set(map(type, rows)) != {list}:
        return None
    if set(map(len, rows)) != {len(REGISTRATION_COLUMNS)}:
        return None
    cols = [list(map(get, rows)) for get in _COLUMN]
    (ids, muni, unit, direction, channel, task, type_, closing, form, started, saved, answers,
     source, test_mode, count, revision, deleted, device, import_key) = cols  # fmt: skip
    if not (
        set(map(type, ids)) == _TEXT_OK
        and set(map(type, muni)) == _INT
        and set(map(type, count)) == _INT
        and set(map(type, revision)) == _INT
        and set(map(type, test_mode)) <= _FLAG
        and set(map(type, deleted)) <= _FLAG
        and set(test_mode) <= {0, 1}
        and set(deleted) <= {0, 1}
        and min(muni) >= 0
        and max(muni) <= 9999
        and min(count) >= 1
        and max(count) <= 10_000_000
        and min(revision) >= 1
        and max(revision) < 2**31
        and all(_texts(c, optional=False) for c in (direction, channel, task, type_, closing))
        and _texts(source, optional=False)
        and _texts(saved, optional=False)
        and all(_texts(c, optional=True) for c in (unit, form, started, device, import_key))
        and all(map(_UUID.match, ids))
        and all(map(_TIME.match, saved))
        and all(map(_TIME.match, filter(_NOT_NONE, started)))
        and _years_ok(saved)
        and _years_ok(started)
    ):
        return None
    try:
        deque(map(datetime.fromisoformat, saved), maxlen=0)
        deque(map(datetime.fromisoformat, filter(_NOT_NONE, started)), maxlen=0)
        canonical = {a: _answers(a) for a in set(answers)}
    # TypeError: an answers object (unhashable); RecursionError: answers nested too deep.
    except (ValueError, TypeError, RecursionError, ItemError):
        return None
    # started ≤ saved wherever a start was timed (fixed-width UTC text compares as time).
    timed = compress(zip(started, saved, strict=True), map(_NOT_NONE, started))
    if not all(starmap(le, timed)):
        return None
    answers = list(map(canonical.__getitem__, answers))
    for key in set(
        zip(muni, direction, channel, task, type_, closing, form, source, answers, strict=True)
    ):
        if _verdict(*key, True, True) is not None:
            return None
    if set(map(type, test_mode)) != _INT:
        test_mode = list(map(int, test_mode))
    if set(map(type, deleted)) != _INT:
        deleted = list(map(int, deleted))
    return list(
        zip(ids, muni, unit, direction, channel, task, type_, closing, form, started, saved,
            answers, source, test_mode, count, revision, deleted, device, import_key, strict=True)
    )  # fmt: skip
