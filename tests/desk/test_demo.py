"""The demo's registrations lie around today, and none of them lies ahead of now."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime, timedelta

import pytest

from tests.helpers import PLAN
from tracetool import timeutil
from tracetool.codes.codebook import load_codebook
from tracetool.desk import demo
from tracetool.plan.model import CountPeriod


@pytest.mark.parametrize("hour", [0, 7, 9, 12, 23])
def test_no_demo_registration_is_saved_after_now(hour: int) -> None:
    today = datetime(2026, 12, 3, tzinfo=timeutil.DANISH)  # a Thursday
    now = (today + timedelta(hours=hour, minutes=30)).astimezone(UTC)
    running = CountPeriod("uge 47-49", date(2026, 11, 16), date(2026, 12, 6))
    plan = dataclasses.replace(PLAN, periods=(running,))
    rows = list(demo.generate(plan, load_codebook(), 2000, seed=1, now=now))
    assert len(rows) == 2000
    assert max(r.saved_at for r in rows) <= now
    assert all(r.started_at < r.saved_at for r in rows)
    local_days = {timeutil.local(r.saved_at).date() for r in rows}
    assert max(local_days) == now.astimezone(timeutil.DANISH).date() or hour == 0
