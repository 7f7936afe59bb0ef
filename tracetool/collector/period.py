"""The period a dashboard shows: Danish days from..to, ISO weeks and KOMHEN's count periods."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

MAX_DAYS = 3 * 366 + 1


class PeriodError(ValueError):
    """A period that cannot be read; the message is Danish, the ``en`` attribute English."""

    def __init__(self, da: str, en: str) -> None:
        super().__init__(da)
        self.en = en


@dataclass(frozen=True)
class Period:
    """Danish days ``start``..``end``, both included."""

    start: date
    end: date

    def __post_init__(self) -> None:
        if self.start > self.end:
            raise PeriodError(
                "fra-datoen ligger efter til-datoen", "the from date is after the to date"
            )
        if (self.end - self.start).days >= MAX_DAYS:
            raise PeriodError(
                f"perioden er for lang (højst {MAX_DAYS} dage)",
                f"the period is too long (at most {MAX_DAYS} days)",
            )

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def day_list(self) -> list[str]:
        return [(self.start + timedelta(days=i)).isoformat() for i in range(self.days)]

    @classmethod
    def weeks(cls, year: int, first: int, last: int) -> Period:
        """ISO weeks ``first``..``last`` of ``year``: Monday of the first to Sunday of the last."""
        try:
            start = date.fromisocalendar(year, first, 1)
            end = date.fromisocalendar(year, last, 7)
        except ValueError as exc:
            raise PeriodError(
                f"uge {first}–{last} {year} findes ikke",
                f"weeks {first}–{last} {year} do not exist",
            ) from exc
        return cls(start, end)

    def iso_weeks(self) -> tuple[int, int, int] | None:
        """(year, first week, last week) when the period is exactly whole ISO weeks of a year."""
        y1, w1, d1 = self.start.isocalendar()
        y2, w2, d2 = self.end.isocalendar()
        if d1 == 1 and d2 == 7 and y1 == y2:
            return y1, w1, w2
        return None

    def as_json(self) -> dict[str, Any]:
        return {"from": self.start.isoformat(), "to": self.end.isoformat(), "days": self.days}


def count_periods(today: date, back: int = 4) -> list[tuple[str, Period]]:
    """The latest ``back`` count periods (weeks 17–19 and 43–45) that have begun by ``today``."""
    found: list[tuple[str, Period]] = []
    year = today.year
    while len(found) < back:
        for season, (w1, w2) in (("autumn", (43, 45)), ("spring", (17, 19))):
            period = Period.weeks(year, w1, w2)
            if period.start <= today:
                found.append((season, period))
            if len(found) == back:
                break
        year -= 1
    return found


def default_period(latest: date | None, today: date) -> Period:
    """The latest count period that has begun by the last day with data (or by today)."""
    return count_periods(min(latest, today) if latest else today, 1)[0][1]
