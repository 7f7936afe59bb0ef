"""Realistic demo data: test-mode registrations for trying the tool on a plan.

The mix follows KL's notes on a mid-size municipality's count week (komhen.md §8): inbound phone
is about a third of inbound, outbound letters the largest outbound channel, information
inquiries outnumber case transactions, about 64 % are closed at once, and roughly one in six
carries a form where the channel asks. Task popularity is skewed (Zipf, s=1.1) over the unit's
list, and registrations fall in office hours, busiest late morning.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta

from tracetool import timeutil
from tracetool.codes.codebook import Codebook
from tracetool.model import Registration, Source
from tracetool.plan.model import Plan

# Weights per channel (inbound ~75 % of all registrations at a desk).
CHANNEL_MIX: dict[str, float] = {
    "TLFIND": 25.0,
    "PRSNLG": 20.0,
    "EMLIND": 12.0,
    "PPRIND": 7.0,
    "DOCIND": 7.0,
    "SMSIND": 1.5,
    "CHATIND": 1.0,
    "SOMEIND": 0.5,
    "PPRUD": 8.0,
    "TLFUD": 6.0,
    "EMLUD": 5.0,
    "DOKUD": 4.0,
    "SMSUD": 1.0,
    "MGRUD": 1.5,
    "PRSNLGUD": 0.5,
}
# Information types (VEJL, SLVBTJN, FEJL) ~58 %, case types ~42 %.
TYPE_MIX: dict[str, float] = {
    "VEJL": 40.0,
    "SLVBTJN": 12.0,
    "FEJL": 6.0,
    "INFO": 20.0,
    "OPRET": 12.0,
    "STATUS": 10.0,
}
STRAKS_SHARE = 0.64
FORM_SHARE = 1 / 6 * 2  # asked on about half the volume, so ~1 in 6 of all carry a form
# Hour of day (Danish time) → weight; staffed 8–16, busiest 10–12.
HOUR_MIX: dict[int, float] = {8: 8, 9: 13, 10: 17, 11: 16, 12: 11, 13: 13, 14: 12, 15: 7, 16: 3}


def _weekdays(start: date, end: date) -> list[date]:
    days = []
    day = start
    while day <= end:
        if day.weekday() < 5:
            days.append(day)
        day += timedelta(days=1)
    return days


def demo_days(plan: Plan, today: date | None = None) -> list[date]:
    """The plan's count periods up to today (today included), or the last two working weeks.

    A period still running gets no registration after today, and one today even on a weekend,
    so the app's counts for today are not empty; a period wholly ahead keeps all its days.
    """
    today = today or timeutil.local(timeutil.now()).date()
    days: list[date] = []
    for period in plan.periods:
        days += _weekdays(period.start, period.end)
        if period.start <= today <= period.end and today not in days:
            days.append(today)
    if not days:
        return _weekdays(today - timedelta(days=13), today)
    return [day for day in days if day <= today] or days


def generate(
    plan: Plan,
    codebook: Codebook,
    n: int,
    *,
    device: str | None = None,
    seed: int | None = None,
    today: date | None = None,
    now: datetime | None = None,
) -> Iterator[Registration]:
    rng = random.Random(seed)
    now = now or timeutil.now()
    today = today or timeutil.local(now).date()
    days = demo_days(plan, today)
    units = [u for u in plan.units if u.tasks]
    channels = list(CHANNEL_MIX)
    channel_w = list(CHANNEL_MIX.values())
    types = list(TYPE_MIX)
    type_w = list(TYPE_MIX.values())
    hours = list(HOUR_MIX)
    hour_w = list(HOUR_MIX.values())
    task_weights = {u.login: [1 / (i + 1) ** 1.1 for i in range(len(u.tasks))] for u in units}
    for _ in range(n):
        unit = rng.choice(units)
        allowed = [c for c in channels if not unit.channels or c in unit.channels]
        weights = [channel_w[channels.index(c)] for c in allowed]
        code = rng.choices(allowed, weights)[0]
        chan = codebook.channel(code)
        assert chan is not None
        task = rng.choices(unit.tasks, task_weights[unit.login])[0]
        kind = "FEJL" if task == codebook.fejl_task.kle else rng.choices(types, type_w)[0]
        day = rng.choice(days)
        moment = datetime.combine(
            day,
            time(rng.choices(hours, hour_w)[0], rng.randrange(60), rng.randrange(60)),
            tzinfo=timeutil.DANISH,
        )
        if day == today and moment > now:
            # Today's registrations were made before now: none waits in the app's list ahead.
            moment = now - timedelta(seconds=rng.randrange(45, 3600))
        saved = moment.astimezone(UTC)
        form = ("JA" if rng.random() < FORM_SHARE else "NEJ") if chan.asks_form else None
        answers: dict[str, str] = {}
        for key in unit.parameters:
            param = codebook.parameter(key)
            if param is None:
                continue
            if param.kind == "postcode":
                answers[key] = str(rng.choice((4600, 4623, 4681, 4683, 4690, 2100)))
            else:
                answers[key] = rng.choice(param.answers).code
        for question in plan.questions_for(task):
            answers[question.key] = rng.choice(question.answers)
        yield Registration(
            municipality=plan.municipality,
            unit=unit.login,
            direction=chan.direction,
            channel=code,
            task=task,
            type=kind,
            closing="STRAKS" if rng.random() < STRAKS_SHARE else "HOLD",
            form=form,
            saved_at=saved,
            started_at=saved - timedelta(seconds=rng.randint(4, 40)),
            answers=answers,
            source=Source.DEMO.value,
            test_mode=True,
            device=device,
        )
