"""The coordinator's report: counts and shares of inquiries for a period, a unit and test mode.

Everything is computed by a handful of SQL GROUP BY queries, so a million registrations take
seconds and memory stays small: one query over the code columns (every breakdown and cross-tab
is summed from its groups), one over UTC hours (Danish hours, days and weeks follow from those,
because Denmark's offset from UTC is always whole hours), one histogram of registration times
in whole seconds (medians without sorting every row in Python), and one small query per total.

All counts are inquiries, not rows: a mass registration of N counts N (komhen.md §5).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlite_utils import Database

from tracetool import timeutil
from tracetool.analysis.answers import count_answers
from tracetool.analysis.figures import (
    DIRECTIONS,
    HOURS,
    NO_FORM,
    NO_GROUP,
    NO_UNIT,
    ChannelShares,
    Coverage,
    Report,
    ReportFilter,
)
from tracetool.analysis.tasks import method_task
from tracetool.analysis.timing import SECONDS, task_timing
from tracetool.codes.codebook import Codebook, load_codebook
from tracetool.plan.totals import Total
from tracetool.store.exclusions import count_excluded
from tracetool.store.registrations import Query
from tracetool.store.totals import TotalStore


def _by_count(counts: Mapping[str, int]) -> dict[str, int]:
    return dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))


def _in_order(counts: Mapping[str, int], order: Iterable[str]) -> dict[str, int]:
    """Every code of ``order`` (zeros included, so charts compare like with like), then extras."""
    result = {code: counts.get(code, 0) for code in order}
    for code, n in sorted(counts.items()):
        result.setdefault(code, n)
    return result


def build_report(
    db: Database,
    flt: ReportFilter | None = None,
    *,
    codebook: Codebook | None = None,
    now: datetime | None = None,
    groups: Mapping[str, Sequence[str]] | None = None,
) -> Report:
    """The whole report for ``flt`` from the store; ``groups`` (the plan's departments, name →
    unit logins) adds the count per group."""
    flt = flt or ReportFilter()
    book = codebook or load_codebook()
    report = Report(filter=flt, generated_at=now or timeutil.now())
    where, params = flt.where()
    _codes(db, where, params, book, report)
    if groups:
        report.by_group = group_counts(report.by_unit, groups, flt.groups)
        report.group_by_channel = group_channels(report.unit_by_channel, groups)
    count_answers(db, where, params, report, {p.key for p in book.parameters})
    _coverage(db, flt, report)
    if flt.exclusions:
        _excluded(db, flt, report)
    return report


def _excluded(db: Database, flt: ReportFilter, report: Report) -> None:
    """How many of the chosen rows the rules leave out (said in every report)."""
    where, params = flt.where(exclude=False)
    report.excluded, report.excluded_inquiries = count_excluded(db, where, params, flt.exclusions)


def walk_sql(where: str) -> str:
    """The one walk over the report index that every count, the time histograms and the
    hours come from.

    The GROUP BY follows the columns of idx_registration_report, so SQLite aggregates while
    walking that index alone, with no sort; sorting a million rows for the time or the hour
    breakdowns cost a second each. Each group carries its registration times in whole seconds
    (only where the start lies before the save) and its UTC hours with the count where a row
    counts more than one, as text for Python to tally.
    """
    return (
        "SELECT channel, type, closing, form, task, unit, direction, SUM(count), COUNT(*), "
        f"group_concat(CASE WHEN started_at < saved_at THEN {SECONDS} END), "
        "group_concat(CASE WHEN count = 1 THEN substr(saved_at, 1, 13) "
        "ELSE substr(saved_at, 1, 13) || '|' || count END) "
        f"FROM registration{where} "
        "GROUP BY channel, type, closing, form, task, unit, direction"
    )


def _codes(db: Database, where: str, params: list[Any], book: Codebook, report: Report) -> None:
    times: list[tuple[str, str, str, str, str]] = []
    hours: list[str] = []
    direction: Counter[str] = Counter()
    channel: Counter[str] = Counter()
    kind: Counter[str] = Counter()
    closing: Counter[str] = Counter()
    form: Counter[str] = Counter()
    task: Counter[str] = Counter()
    unit: Counter[str] = Counter()
    straks: Counter[str] = Counter()
    form_yes: Counter[str] = Counter()
    form_answered: Counter[str] = Counter()
    channel_type: defaultdict[str, Counter[str]] = defaultdict(Counter)
    task_channel: defaultdict[str, Counter[str]] = defaultdict(Counter)
    task_type: defaultdict[str, Counter[str]] = defaultdict(Counter)
    unit_channel: defaultdict[str, Counter[str]] = defaultdict(Counter)
    rows = 0
    for c, t, cl, f, k, u, d, n, r, seconds, utc_hours in db.execute(walk_sql(where), params):
        n = int(n)
        rows += int(r)
        k = method_task(k)
        hours.append(utc_hours)
        if seconds:
            times.append((t, k, u or NO_UNIT, c, seconds))
        report.channel_direction.setdefault(c, d)
        direction[d] += n
        channel[c] += n
        kind[t] += n
        closing[cl] += n
        form[f or NO_FORM] += n
        task[k] += n
        unit[u or NO_UNIT] += n
        if cl == "STRAKS":
            straks[c] += n
        if f is not None:
            form_answered[c] += n
            if f == "JA":
                form_yes[c] += n
        channel_type[c][t] += n
        task_channel[k][c] += n
        task_type[k][t] += n
        unit_channel[u or NO_UNIT][c] += n

    report.total = sum(channel.values())
    report.registrations = rows
    report.by_direction = _in_order(direction, DIRECTIONS)
    # Inbound channels first, then outbound, each largest first: how the method reads them.
    rank = {d: i for i, d in enumerate(DIRECTIONS)}
    report.by_channel = dict(
        sorted(
            channel.items(),
            key=lambda kv: (rank.get(report.channel_direction[kv[0]], 9), -kv[1], kv[0]),
        )
    )
    type_order = [t.code for t in book.types]
    report.by_type = _in_order(kind, type_order)
    report.by_closing = _in_order(closing, [c.code for c in book.closings])
    report.by_form = _in_order(form, [*(f.code for f in book.forms), NO_FORM])
    report.by_task = _by_count(task)
    report.by_unit = _by_count(unit)
    report.channel_shares = {
        c: ChannelShares(
            total=n, straks=straks[c], form_yes=form_yes[c], form_answered=form_answered[c]
        )
        for c, n in report.by_channel.items()
    }
    report.channel_by_type = {c: _in_order(channel_type[c], type_order) for c in report.by_channel}
    channel_order = list(report.by_channel)
    report.task_by_channel = {
        k: {c: task_channel[k][c] for c in channel_order if task_channel[k][c]}
        for k in report.by_task
    }
    report.task_by_type = {k: _in_order(task_type[k], type_order) for k in report.by_task}
    report.unit_by_channel = {u: dict(unit_channel[u]) for u in report.by_unit}
    task_timing(times, report)
    _times(hours, report)


def _times(texts: list[str], report: Report) -> None:
    # saved_at is fixed-width UTC text, so its first 13 characters are the UTC hour; each
    # UTC hour is exactly one Danish hour, summer time or not.
    per_hour: Counter[str] = Counter()
    for item, times in Counter(",".join(texts).split(",")).items():
        utc_hour, _, count = item.partition("|")
        per_hour[utc_hour] += times * int(count or 1)
    hours: Counter[str] = Counter()
    days: Counter[str] = Counter()
    weeks: Counter[str] = Counter()
    for utc_hour, n in per_hour.items():
        if not utc_hour:
            continue  # no rows at all
        moment = datetime.strptime(utc_hour, "%Y-%m-%dT%H").replace(tzinfo=UTC)
        local = timeutil.local(moment)
        hours[f"{local.hour:02d}"] += n
        day = local.date()
        days[day.isoformat()] += n
        year, week, _ = day.isocalendar()
        weeks[f"{year}-W{week:02d}"] += n
    report.by_hour = {h: hours.get(h, 0) for h in HOURS}
    report.by_day = dict(sorted(days.items()))
    report.by_week = dict(sorted(weeks.items()))


def group_counts(
    by_unit: Mapping[str, int], groups: Mapping[str, Sequence[str]], chosen: Sequence[str] = ()
) -> dict[str, int]:
    """Inquiries per group from those per unit; units in no group under NO_GROUP. A plan's unit
    stands in one group at most (plan check), so the groups add up to the total."""
    group_of = {unit: name for name, units in groups.items() for unit in units}
    counts: Counter[str] = Counter()
    for unit, n in by_unit.items():
        counts[group_of.get(unit, NO_GROUP)] += n
    names = [g for g in groups if not chosen or g in chosen]
    result = {name: counts.get(name, 0) for name in names}
    if counts.get(NO_GROUP):
        result[NO_GROUP] = counts[NO_GROUP]
    return result


def group_channels(
    unit_by_channel: Mapping[str, Mapping[str, int]], groups: Mapping[str, Sequence[str]]
) -> dict[str, dict[str, int]]:
    """Inquiries per group and channel (units in no group under NO_GROUP)."""
    group_of = {unit: name for name, units in groups.items() for unit in units}
    result: defaultdict[str, Counter[str]] = defaultdict(Counter)
    for unit, row in unit_by_channel.items():
        result[group_of.get(unit, NO_GROUP)].update(row)
    return {g: dict(row) for g, row in result.items()}


def relevant_totals(totals: list[Total], unit: str | None) -> dict[str, list[Total]]:
    """Per channel, the totals to compare with.

    Without a unit filter a municipality-wide total is the one to use; totals per unit are
    summed only where the channel has no municipality-wide total, so nothing counts twice.
    """
    grouped: defaultdict[str, list[Total]] = defaultdict(list)
    for total in totals:
        grouped[total.channel].append(total)
    chosen: dict[str, list[Total]] = {}
    for channel, items in grouped.items():
        if unit is None and any(not t.unit for t in items):
            items = [t for t in items if not t.unit]
        chosen[channel] = items
    return chosen


def _coverage(db: Database, flt: ReportFilter, report: Report) -> None:
    totals = TotalStore(db).in_period(flt.start, flt.end)
    chosen = flt.chosen_units
    if chosen is not None:
        # Only the chosen units' own totals compare with their registrations.
        totals = [t for t in totals if t.unit in chosen]
    if flt.channels:
        totals = [t for t in totals if t.channel in flt.channels]
    result: dict[str, Coverage] = {}
    one_unit = next(iter(chosen)) if chosen else None
    for channel, items in relevant_totals(totals, one_unit).items():
        registered = 0
        for total in items:
            # The total's own period: comparing three weeks of calls with one week of
            # registrations would understate the coverage.
            q = Query(
                start=timeutil.day_start_utc(total.from_date),
                end=timeutil.day_start_utc(total.to_date + timedelta(days=1)),
                unit=total.unit or None,
                channel=channel,
                include_test=flt.include_test,
            )
            where, params = flt.not_excluded(*q.where()) if flt.exclusions else q.where()
            row = db.execute(
                f"SELECT COALESCE(SUM(count), 0) FROM registration{where}", params
            ).fetchone()
            registered += int(row[0])
        result[channel] = Coverage(
            channel=channel,
            registered=registered,
            total=sum(t.count for t in items),
            from_date=min(t.from_date for t in items),
            to_date=max(t.to_date for t in items),
            units=tuple(sorted({t.unit for t in items if t.unit})),
        )
    order = {c: i for i, c in enumerate(report.by_channel)}
    report.coverage = dict(sorted(result.items(), key=lambda kv: (order.get(kv[0], 999), kv[0])))
