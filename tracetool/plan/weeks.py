"""Count periods as a plan gives them: ISO weeks to dates, and dates as staff write them."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

WEEKS = re.compile(r"^\s*(\d{1,2})\s*(?:[-–]\s*(\d{1,2}))?\s*$")


def day_text(d: date) -> str:
    """A date as staff write it: 21-10-2013."""
    return d.strftime("%d-%m-%Y")


def _period_name(block: dict[str, Any], span: tuple[date, date]) -> str:
    weeks = block.get("weeks")
    if weeks is not None:
        text = str(weeks).replace(" ", "").replace("-", "–")
        return f"Uge {text} {block['year']}"
    return f"{day_text(span[0])} – {day_text(span[1])}"


def _week_exists(year: int, week: int) -> bool:
    try:
        date.fromisocalendar(year, week, 1)
    except ValueError:
        return False
    return True


def iso_weeks(year: int, first: int, last: int | None = None) -> tuple[date, date]:
    """Monday of ``first`` to Sunday of ``last`` (ISO weeks); ValueError for a missing week.

    A span like 52–2 runs into the next year: the coordinator means the turn of the year.
    """
    end_week = first if last is None else last
    end_year = year + 1 if end_week < first else year
    return date.fromisocalendar(year, first, 1), date.fromisocalendar(end_year, end_week, 7)
