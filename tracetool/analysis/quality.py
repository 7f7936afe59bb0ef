"""Quality checks an analyst would otherwise do by hand, each with the rule that would exclude it.

``check`` lists, over the store's registrations (not deleted, not test data):

- rows outside the plan's count periods (one finding per gap: before, between, after);
- rows without a unit, per channel (website rows have none by nature; the rule names the
  channel so that an analyst can keep them);
- tasks on no unit's list and in no catalogue (the codebook's, or the municipality's own list
  from ``codebook import-tasks``); a group-level code counts as its ``.00`` form;
- impossible durations: a timer longer than a working day (``MAX_DURATION_S``) or running
  over midnight; untimed rows (no start, or start = save) have no duration at all;
- silent days: days inside a count period on which other units registered and a unit that
  registered on other days of that period has nothing;
- likely duplicate imports: the same codes in the same minute, imported, in variants that
  differ in seconds, timer or source (the traces of an Excel re-save or an export read back).

Each finding carries the ``tracetool exclude add`` arguments that leave exactly its rows out,
or none with the reason when the rule syntax cannot single them out (it selects by days,
units, channels and sources, not by task or duration).
"""

from __future__ import annotations

import shlex
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from itertools import pairwise
from typing import Any

from tracetool import timeutil
from tracetool.codes.codebook import Codebook
from tracetool.plan.model import Plan

MAX_DURATION_S = 8 * 3600
MAX_EXAMPLES = 5
_BASE = "deleted = 0 AND test_mode = 0"
_NO_TASK_RULE = "exclude add kan ikke udvælge opgaver; ret koden ved importen ([values.task])"
_NO_DURATION_RULE = "exclude add kan ikke udvælge varigheder; tidstallene bør tjekkes"
_NO_REPEAT_RULE = "exclude add kan ikke udvælge én import; importér igen uden --allow-repeat"


@dataclass(frozen=True)
class Finding:
    """One thing to look at: what, how many registrations (and inquiries), the rule."""

    kind: str
    title: str
    rows: int
    inquiries: int
    rule: tuple[str, ...] | None = None  # arguments after `tracetool exclude add`
    no_rule: str = ""
    examples: tuple[str, ...] = field(default_factory=tuple)

    def command(self) -> str | None:
        """The whole command line, quoted for a shell."""
        if self.rule is None:
            return None
        return shlex.join(["tracetool", "exclude", "add", *self.rule])

    def as_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "title": self.title,
            "rows": self.rows,
            "inquiries": self.inquiries,
            "rule": list(self.rule) if self.rule is not None else None,
            "command": self.command(),
            "no_rule": self.no_rule or None,
            "examples": list(self.examples),
        }


def _day_text(day: date) -> str:
    return day.strftime("%d-%m-%Y")


def _bound(day: date) -> str:
    return timeutil.to_db(timeutil.day_start_utc(day))


@dataclass(frozen=True)
class Scope:
    """The rows checked: not deleted, not test data, and not left out already (``left_out``,
    an SQL condition with its values, e.g. the store's exclusion rules as one condition)."""

    left_out: str = "0"
    values: tuple[Any, ...] = ()

    @property
    def sql(self) -> str:
        return f"{_BASE} AND NOT ({self.left_out})"


def check(
    db: Any, codebook: Codebook, plan: Plan | None, scope: Scope | None = None
) -> list[Finding]:
    """Every finding, in the order of the module doc (empty when the data look clean)."""
    where = scope or Scope()
    findings: list[Finding] = []
    findings += outside_periods(db, where, plan)
    findings += without_unit(db, where)
    findings += unknown_tasks(db, where, codebook, plan)
    findings += impossible_durations(db, where)
    findings += silent_days(db, where, plan)
    findings += duplicate_imports(db, where)
    return findings


def _merged(plan: Plan | None) -> list[tuple[date, date]]:
    spans = sorted((p.start, p.end) for p in plan.periods) if plan is not None else []
    merged: list[tuple[date, date]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1] + timedelta(days=1):
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def outside_periods(db: Any, scope: Scope, plan: Plan | None) -> list[Finding]:
    spans = _merged(plan)
    if not spans:
        return []
    gaps: list[tuple[date | None, date | None]] = [(None, spans[0][0] - timedelta(days=1))]
    one = timedelta(days=1)
    gaps += [(a[1] + one, b[0] - one) for a, b in pairwise(spans)]
    gaps.append((spans[-1][1] + timedelta(days=1), None))
    found = []
    for start, end in gaps:
        sql, params = scope.sql, list(scope.values)
        if start is not None:
            sql += " AND saved_at >= ?"
            params.append(_bound(start))
        if end is not None:
            sql += " AND saved_at < ?"
            params.append(_bound(end + timedelta(days=1)))
        rows, inquiries, first, last = db.execute(
            "SELECT COUNT(*), COALESCE(SUM(count), 0), MIN(saved_at), MAX(saved_at) "
            f"FROM registration WHERE {sql}",
            params,
        ).fetchone()
        if not rows:
            continue
        rule: list[str] = []
        if start is not None:
            rule += ["--from", _day_text(start)]
        if end is not None:
            rule += ["--to", _day_text(end)]
        shown = [timeutil.show(timeutil.from_db(t), "%d-%m-%Y") for t in (first, last)]
        found.append(
            Finding(
                "outside_periods",
                f"rækker uden for tælleperioderne ({shown[0]} – {shown[1]})",
                int(rows),
                int(inquiries),
                (*rule, "--reason", "uden for tælleperioden"),
            )
        )
    return found


def without_unit(db: Any, scope: Scope) -> list[Finding]:
    rows = db.execute(
        "SELECT channel, COUNT(*), COALESCE(SUM(count), 0) FROM registration "
        f"WHERE {scope.sql} AND COALESCE(unit, '') = '' GROUP BY channel ORDER BY channel",
        scope.values,
    ).fetchall()
    return [
        Finding(
            "no_unit",
            f"rækker uden enhed på kanalen {channel}",
            int(n),
            int(inquiries),
            ("--unit", "", "--channel", str(channel), "--reason", "uden enhed"),
        )
        for channel, n, inquiries in rows
    ]


def _task_key(code: str) -> str:
    """A group-level code and its .00 form are one task."""
    return code + ".00" if len(code) == 5 and code[2] == "." else code


def unknown_tasks(db: Any, scope: Scope, codebook: Codebook, plan: Plan | None) -> list[Finding]:
    listed = {_task_key(t) for u in plan.units for t in u.tasks} if plan is not None else set()
    listed |= {_task_key(t.kle) for t in codebook.tasks}
    listed |= {_task_key(str(r[0])) for r in db.execute("SELECT code FROM local_task")}
    rows = db.execute(
        "SELECT task, COUNT(*), COALESCE(SUM(count), 0), COUNT(DISTINCT COALESCE(unit, '')) "
        f"FROM registration WHERE {scope.sql} GROUP BY task ORDER BY task",
        scope.values,
    ).fetchall()
    return [
        Finding(
            "unknown_task",
            f"opgaven {task} står på ingen enheds liste og i intet katalog "
            f"({units} {'enhed' if units == 1 else 'enheder'})",
            int(n),
            int(inquiries),
            None,
            _NO_TASK_RULE,
        )
        for task, n, inquiries, units in rows
        if _task_key(str(task)) not in listed
    ]


# Rows that may be too long or run over a Danish midnight (22:00 or 23:00 UTC): a cheap test in
# SQL, so that only these few are checked exactly (a million timed rows stay in SQLite).
_CANDIDATE = (
    "(julianday(saved_at) - julianday(started_at)) * 86400 > ? "
    "OR substr(started_at, 1, 10) != substr(saved_at, 1, 10) "
    "OR (substr(started_at, 12, 2) < '23' AND substr(saved_at, 12, 2) >= '22')"
)


def impossible_durations(db: Any, scope: Scope) -> list[Finding]:
    """Timers longer than a working day or over midnight (Danish time); negative ones cannot
    be stored (import and desk refuse a start after the save)."""
    found = db.execute(
        "SELECT unit, task, started_at, saved_at, count FROM registration "
        f"WHERE {scope.sql} AND started_at IS NOT NULL AND started_at != saved_at "
        f"AND ({_CANDIDATE}) ORDER BY saved_at",
        [*scope.values, MAX_DURATION_S],
    )
    bad: list[tuple[Any, ...]] = []
    for unit, task, started, saved, count in found:
        begin, end = timeutil.from_db(started), timeutil.from_db(saved)
        seconds = (end - begin).total_seconds()
        other_day = timeutil.local(begin).date() != timeutil.local(end).date()
        if seconds > MAX_DURATION_S or seconds < 0 or other_day:
            bad.append((unit, task, begin, end, count, seconds))
    if not bad:
        return []
    examples = tuple(
        f"{unit or '(ingen enhed)'}, {task}: {timeutil.show(begin)} – {timeutil.show(end)} "
        f"({seconds / 3600:.1f} t)"
        for unit, task, begin, end, _, seconds in bad[:MAX_EXAMPLES]
    )
    return [
        Finding(
            "impossible_duration",
            "umulige varigheder (over 8 timer eller over midnat)",
            len(bad),
            sum(int(b[4]) for b in bad),
            None,
            _NO_DURATION_RULE,
            examples,
        )
    ]


@lru_cache(maxsize=4096)
def _local_day(utc_hour: str) -> date:
    """``YYYY-MM-DDTHH`` (UTC) → the Danish date of that hour."""
    return timeutil.local(timeutil.from_db(utc_hour + ":00:00.000000Z")).date()


def silent_days(db: Any, scope: Scope, plan: Plan | None) -> list[Finding]:
    """Per unit and count period: the open days (someone registered) it has nothing on."""
    found = []
    for period in plan.periods if plan is not None else ():
        days: dict[str, set[date]] = defaultdict(set)
        totals: dict[str, tuple[int, int]] = {}
        # Per unit and UTC hour in SQL; Denmark's offset is whole hours, so each hour lies in
        # one Danish day, converted once per hour rather than once per row.
        rows = db.execute(
            "SELECT COALESCE(unit, ''), substr(saved_at, 1, 13), COUNT(*), SUM(count) "
            f"FROM registration WHERE {scope.sql} AND saved_at >= ? AND saved_at < ? "
            "GROUP BY 1, 2",
            [*scope.values, _bound(period.start), _bound(period.end + timedelta(days=1))],
        )
        for unit, hour, n_rows, n_inquiries in rows:
            days[unit].add(_local_day(hour))
            n, inquiries = totals.get(unit, (0, 0))
            totals[unit] = (n + int(n_rows), inquiries + int(n_inquiries))
        open_days = set().union(*days.values()) if days else set()
        for unit in sorted(u for u in days if u):
            missing = sorted(open_days - days[unit])
            if not missing:
                continue
            shown = ", ".join(_day_text(d) for d in missing[:MAX_EXAMPLES])
            more = f" og {len(missing) - MAX_EXAMPLES} flere" if len(missing) > MAX_EXAMPLES else ""
            rule = (
                *("--from", _day_text(period.start), "--to", _day_text(period.end)),
                *("--unit", unit, "--reason", f"{unit} mangler dage i {period.name}"),
            )
            found.append(
                Finding(
                    "silent_day",
                    f"{unit} har intet på {len(missing)} {'dag' if len(missing) == 1 else 'dage'} "
                    f"i {period.name}, hvor andre "
                    f"registrerede: {shown}{more} (reglen udelader enheden i hele perioden)",
                    *totals[unit],
                    rule,
                )
            )
    return found


def duplicate_imports(db: Any, scope: Scope) -> list[Finding]:
    """Groups of the same codes in one minute, some imported, in variants that differ in
    seconds, timer or source: all but the most frequent variant are likely repeats."""
    groups = db.execute(
        "SELECT municipality, unit, channel, task, type, closing, form, substr(saved_at, 1, 16) "
        "AS minute, COUNT(*) FROM registration "
        f"WHERE {scope.sql} "
        "GROUP BY municipality, unit, channel, task, type, closing, form, minute "
        "HAVING COUNT(*) > 1 AND COUNT(import_key) > 0 "
        "AND COUNT(DISTINCT saved_at || COALESCE(started_at, '') || source) > 1",
        scope.values,
    ).fetchall()
    extra = inquiries = 0
    examples: list[str] = []
    for muni, unit, chan, task, typ, clos, form, minute, _ in groups:
        variants = db.execute(
            "SELECT COUNT(*), SUM(count) FROM registration "
            f"WHERE {scope.sql} AND municipality = ? AND unit IS ? AND channel = ? AND task = ? "
            "AND type = ? AND closing = ? AND form IS ? AND saved_at >= ? AND saved_at < ? "
            "GROUP BY saved_at, started_at, source ORDER BY COUNT(*) DESC",
            [*scope.values, muni, unit, chan, task, typ, clos, form, minute, minute + "~"],
        ).fetchall()
        extra += sum(int(v[0]) for v in variants[1:])
        inquiries += sum(int(v[1]) for v in variants[1:])
        if len(examples) < MAX_EXAMPLES:
            when = timeutil.show(timeutil.from_db(minute + ":00.000000Z"), "%d-%m-%Y %H:%M")
            examples.append(f"{unit or '(ingen enhed)'}, {task}, {chan}, {when}")
    if not extra:
        return []
    return [
        Finding(
            "likely_repeat",
            "sandsynligt dobbelt importerede rækker (samme koder i samme minut)",
            extra,
            inquiries,
            None,
            _NO_REPEAT_RULE,
            tuple(examples),
        )
    ]
