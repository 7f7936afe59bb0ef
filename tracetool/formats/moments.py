"""Date and time cells: local text to store text (UTC), fast for KOMHEN's fixed layout."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

from tracetool import timeutil
from tracetool.formats.fields import (
    _MEMO_LIMIT,
    _Bad,
)
from tracetool.locale import translator

_ = translator("core")

_YEARS = range(1990, 2101)


_SIXTY = frozenset(f"{n:02d}" for n in range(60))


class _Moments:
    """Local date/time text → store text (UTC), with one time-zone conversion per hour.

    The fast path reads KOMHEN's fixed ``dd-mm-yyyy HH:MM[:SS]``; anything else goes through
    the map's strptime layout or timeutil's accepted forms.
    """

    def __init__(self, zone: ZoneInfo, layout: str | None) -> None:
        self.zone = zone
        self.layout = layout
        self.hours: dict[str, Any] = {}
        # "dd-mm-yyyy HH:MM" → "YYYY-MM-DDTHH:MM" (UTC) for minutes already read once, so the
        # hot loop turns most timestamps into store text with one lookup and a concatenation.
        self.minutes: dict[str, str] = {}
        # The hour that occurs twice when summer time ends: local hour → UTC prefix of its
        # second occurrence, and which of them a sorted file has reached.
        self.folds: dict[str, str] = {}
        self._last: dict[str, str] = {}
        self._folded: set[str] = set()

    def _hour(self, key: str) -> Any:
        """``dd-mm-yyyy HH`` → UTC ``YYYY-MM-DDTHH`` prefix, "" (not whole-hour) or _Bad."""
        if not (key[0:2].isdigit() and key[3:5].isdigit() and key[6:10].isdigit()):
            return _Bad(_("ukendt dato; brug dd-mm-åååå tt:mm:ss, fx 21-10-2013 09:20:41"))
        if not key[11:13].isdigit():
            return _Bad(_("ukendt klokkeslæt; brug dd-mm-åååå tt:mm:ss, fx 21-10-2013 09:20:41"))
        try:
            naive = datetime(int(key[6:10]), int(key[3:5]), int(key[0:2]), int(key[11:13]))
        except ValueError:
            return _Bad(_("datoen findes ikke"))
        if naive.year not in _YEARS:
            return _Bad(_("året {year} ser forkert ud").format(year=naive.year))
        first = naive.replace(tzinfo=self.zone)
        last = naive.replace(minute=59, second=59, tzinfo=self.zone)
        offset = first.utcoffset()
        if offset is None or offset != last.utcoffset() or offset.seconds % 3600:
            return ""
        again = naive.replace(tzinfo=self.zone, fold=1)
        again_offset = again.utcoffset()
        if again_offset is not None and again_offset < offset:
            self.folds[key] = again.astimezone(UTC).strftime("%Y-%m-%dT%H")
        return first.astimezone(UTC).strftime("%Y-%m-%dT%H")

    def in_file_order(self, text: str, value: str) -> str:
        """Dato in the repeated hour: the second occurrence once the file's clock goes back.

        Extracts are written in time order, so 02:59 followed by 02:00 on the last Sunday of
        October means the clocks were turned back in between.
        """
        key = text[:13]
        alt = self.folds.get(key)
        if alt is None:
            return value
        clock = text[14:19]
        last = self._last.get(key)
        if last is not None and clock < last:
            self._folded.add(key)
        self._last[key] = clock
        return alt + value[13:] if key in self._folded else value

    def nearest_before(self, text: str, value: str, end: str) -> str:
        """A timer start in the repeated hour: the later occurrence that is not after ``end``."""
        alt = self.folds.get(text[:13])
        if alt is None:
            return value
        later = alt + value[13:]
        return later if later <= end else value

    def read_pair(self, raw_v: str, raw_s: str) -> tuple[Any, Any]:
        """(saved, started) store texts for a row's Dato and StartTidspunkt cells, or _Bad.

        Most are "dd-mm-yyyy HH:MM:SS" in a minute already seen once: one lookup and a
        concatenation each.
        """
        minute_of, sixty = self.minutes.get, _SIXTY
        saved: Any
        started: Any
        known = minute_of(raw_v[:16])
        if known is not None and len(raw_v) == 19 and raw_v[16] == ":" and raw_v[17:] in sixty:
            saved = known + raw_v[16:] + ".000000Z"
        elif known is not None and len(raw_v) == 16:
            saved = known + ":00.000000Z"
        else:
            saved = self.read(raw_v)
        known = minute_of(raw_s[:16]) if raw_s else None
        if known is not None and len(raw_s) == 19 and raw_s[16] == ":" and raw_s[17:] in sixty:
            started = known + raw_s[16:] + ".000000Z"
        elif known is not None and len(raw_s) == 16:
            started = known + ":00.000000Z"
        else:
            started = self.read(raw_s) if raw_s.strip() else None
        if self.folds and type(saved) is str and raw_v.strip()[:13] in self.folds:
            saved = self.in_file_order(raw_v.strip(), saved)
            if type(started) is str:
                started = self.nearest_before(raw_s.strip(), started, saved)
        return saved, started

    def read(self, raw: str) -> Any:
        """Store text, or _Bad with the reason."""
        text = raw.strip()
        n = len(text)
        if (
            self.layout is None
            and (n == 19 or n == 16)
            and text[2] == "-"
            and text[5] == "-"
            and text[10] == " "
            and text[13] == ":"
        ):
            key = text[:13]
            prefix = self.hours.get(key)
            if prefix is None:
                prefix = self.hours[key] = self._hour(key)
            if type(prefix) is _Bad:
                return prefix
            minute = text[14:16]
            second = text[17:19] if n == 19 else "00"
            if n == 19 and text[16] != ":":
                return _Bad(_("ukendt klokkeslæt; brug tt:mm:ss"))
            if minute not in _SIXTY or second not in _SIXTY:
                return _Bad(_("ugyldigt klokkeslæt"))
            if prefix:
                minutes = self.minutes
                if len(minutes) > _MEMO_LIMIT:
                    minutes.clear()
                minutes[text[:16]] = f"{prefix}:{minute}"
                return f"{prefix}:{minute}:{second}.000000Z"
        if not text:
            return _Bad(_("tidspunkt mangler"))
        return self._slow(text)

    def _slow(self, text: str) -> Any:
        try:
            if self.layout is not None:
                naive = datetime.strptime(text, self.layout)
            else:
                naive = timeutil.parse_local(text).astimezone(timeutil.DANISH).replace(tzinfo=None)
        except ValueError:
            wanted = self.layout or _("dd-mm-åååå tt:mm:ss")
            return _Bad(_("ukendt dato/tid; forventet {wanted}").format(wanted=wanted))
        if naive.tzinfo is not None:
            moment = naive.astimezone(UTC)
        else:
            moment = naive.replace(tzinfo=self.zone).astimezone(UTC)
        if moment.year not in _YEARS:
            return _Bad(_("året {year} ser forkert ud").format(year=moment.year))
        return timeutil.to_db(moment)
