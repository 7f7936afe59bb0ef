"""The registration line's clock: the timer of an inquiry and the guard against a held Enter."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Literal

# A line nobody touched for this long is a new inquiry, not a ten-minute one.
IDLE_RESTART = timedelta(minutes=10)
# A key held down repeats every ~30–50 ms after a first delay of up to a second; no person
# presses a key twice within REPEAT_GAP, and a repeat never starts later than REPEAT_START.
REPEAT_GAP = timedelta(milliseconds=150)
REPEAT_START = timedelta(seconds=1)
# What an Enter is: a press to save now, one to save unless a repeat follows within
# REPEAT_GAP (it may be the first auto-repeat of a held key), or a repeat to ignore.
EnterKind = Literal["save", "wait", "repeat"]


class LineClock:
    """The timer and the repeat guard; the attributes are the line's (``Entry``'s)."""

    started: datetime | None
    touched: datetime | None
    last_enter: datetime | None

    def touch(self, now: datetime) -> None:
        """Any key on the line: start the timer, or restart it after a long idle spell."""
        if self.started is None or (self.touched is not None and now - self.touched > IDLE_RESTART):
            self.started = now
        self.touched = now

    def enter(self, now: datetime) -> EnterKind:
        """Tell a held Enter from deliberate presses by the gap since the previous Enter.

        Only Enters with no other key between can be a held key. A run of them closer than
        REPEAT_GAP is one press however long it lasts; the first repeat comes after the
        keyboard's delay, so an Enter within REPEAT_START of the previous one waits
        (``"wait"``) until it is clear no repeat follows it.
        """
        previous, self.last_enter = self.last_enter, now
        if previous is None:
            return "save"
        gap = now - previous
        if gap < REPEAT_GAP:
            return "repeat"
        return "wait" if gap < REPEAT_START else "save"

    def key_between(self) -> None:
        """Any key but Enter: the next Enter is a press of its own."""
        self.last_enter = None

    def elapsed(self, now: datetime) -> timedelta | None:
        if self.started is None:
            return None
        if self.touched is not None and now - self.touched > IDLE_RESTART:
            return None
        return max(now - self.started, timedelta(0))
