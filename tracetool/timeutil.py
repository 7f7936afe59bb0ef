"""Time: stored in UTC, shown and typed in Danish time (Europe/Copenhagen)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

from tracetool import bounds
from tracetool.locale import translator

_ = translator("core")

DANISH = ZoneInfo("Europe/Copenhagen")

# Accepted forms for a time typed by a person: KOMHEN's own dd-mm-yyyy first.
_INPUT_FORMATS = (
    "%d-%m-%Y %H:%M:%S",
    "%d-%m-%Y %H:%M",
    "%d-%m-%Y",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%dT%H:%M:%S",
    "%Y-%m-%dT%H:%M",
    "%Y-%m-%d",
)


def now() -> datetime:
    return datetime.now(UTC)


def to_db(moment: datetime) -> str:
    """Fixed-width UTC text, so that SQLite orders and compares it as time."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def from_db(text: str) -> datetime:
    return datetime.strptime(text, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=UTC)


def local(moment: datetime) -> datetime:
    return moment.astimezone(DANISH)


def show(moment: datetime, fmt: str = "%d-%m-%Y %H:%M:%S") -> str:
    return local(moment).strftime(fmt)


def parse_local(text: str) -> datetime:
    """A Danish wall-clock time as typed (``21-10-2013 09:20``) → aware UTC datetime.

    Raises ValueError with a message naming the accepted layouts.
    """
    value = text.strip()
    if value.endswith("Z") or "+" in value[10:]:
        try:
            return datetime.fromisoformat(value.replace("Z", "+00:00")).astimezone(UTC)
        except ValueError:
            pass
    for fmt in _INPUT_FORMATS:
        try:
            naive = datetime.strptime(value, fmt)
        except ValueError:
            continue
        return naive.replace(tzinfo=DANISH).astimezone(UTC)
    raise ValueError(
        _("ukendt dato/tid {text!r}; brug fx 21-10-2013 09:20 eller 2013-10-21").format(text=text)
    )


def parse_day(text: str) -> date:
    """A date as typed (``21-10-2013`` or ``2013-10-21``)."""
    value = text.strip()
    for fmt in ("%d-%m-%Y", "%Y-%m-%d"):
        try:
            day = datetime.strptime(value, fmt).date()
        except ValueError:
            continue
        if not bounds.year_ok(day.year):
            # Beyond the window no one counts in; and at year 9999 no day arithmetic works.
            raise ValueError(
                _("dato {text}: {day}").format(text=bounds.shown(text), day=bounds.day_problem(day))
            )
        return day
    raise ValueError(
        _("ukendt dato {text}; brug fx 21-10-2013 eller 2013-10-21").format(text=bounds.shown(text))
    )


def day_start_utc(day: date) -> datetime:
    """Midnight in Denmark on that day, as UTC: where a Danish day begins."""
    return datetime.combine(day, time(0, 0), tzinfo=DANISH).astimezone(UTC)
