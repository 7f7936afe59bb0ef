"""Count periods as a plan gives them: ISO weeks to dates."""

from __future__ import annotations

from datetime import date

from tracetool.plan.weeks import iso_weeks


def test_iso_weeks_helper() -> None:
    assert iso_weeks(2026, 43, 45) == (date(2026, 10, 19), date(2026, 11, 8))
    assert iso_weeks(2026, 43) == (date(2026, 10, 19), date(2026, 10, 25))
