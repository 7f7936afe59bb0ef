"""The small queries the app shows beside the line: counts, today's list, task use, the
unit's pinned favourites and the time a paper tick is dated."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlite_utils import Database

from tracetool import timeutil
from tracetool.store import settings
from tracetool.store.registrations import Query


@dataclass(frozen=True)
class Counts:
    total: int
    by_channel: dict[str, int]
    by_type: dict[str, int]


def counts(db: Database, q: Query) -> Counts:
    """A desk's counts for a day or a count period (see Query.where's by_time)."""
    where, params = q.where(by_time=True)
    by_channel = dict(
        db.execute(
            f"SELECT channel, SUM(count) FROM registration{where} GROUP BY channel "
            "ORDER BY SUM(count) DESC, channel",
            params,
        ).fetchall()
    )
    by_type = dict(
        db.execute(
            f"SELECT type, SUM(count) FROM registration{where} GROUP BY type "
            "ORDER BY SUM(count) DESC, type",
            params,
        ).fetchall()
    )
    return Counts(sum(by_channel.values()), by_channel, by_type)


def day_query(day: date, unit: str | None, include_test: bool) -> Query:
    return Query(
        start=timeutil.day_start_utc(day),
        end=timeutil.day_start_utc(day + timedelta(days=1)),
        unit=unit,
        include_test=include_test,
    )


def period_query(start: date, end: date, unit: str | None, include_test: bool) -> Query:
    return Query(
        start=timeutil.day_start_utc(start),
        end=timeutil.day_start_utc(end + timedelta(days=1)),
        unit=unit,
        include_test=include_test,
    )


def task_usage(db: Database, unit: str) -> dict[str, int]:
    rows = db.execute(
        "SELECT task, SUM(count) FROM registration WHERE unit = ? AND deleted = 0 GROUP BY task",
        [unit],
    ).fetchall()
    return {r[0]: int(r[1]) for r in rows}


def _favourites_key(unit: str) -> str:
    return f"favourites:{unit}"


def favourites(db: Database, unit: str) -> list[str]:
    raw = settings.get(db, _favourites_key(unit))
    if not raw:
        return []
    try:
        value = json.loads(raw)
    except ValueError:
        return []
    return [str(v) for v in value] if isinstance(value, list) else []


def pin_favourite(db: Database, unit: str, kle: str) -> list[str]:
    current = favourites(db, unit)
    if kle not in current:
        current.append(kle)
        settings.put(db, _favourites_key(unit), json.dumps(current))
    return current


def unpin_favourite(db: Database, unit: str, kle: str) -> list[str]:
    current = [k for k in favourites(db, unit) if k != kle]
    settings.put(db, _favourites_key(unit), json.dumps(current))
    return current


def paper_moment(day: date, hour: int) -> datetime:
    """The time a paper tick is dated: the chosen Danish day and hour, stored in UTC."""
    return datetime.combine(day, time(hour, 0), tzinfo=timeutil.DANISH).astimezone(UTC)
