"""Exclusion rules: the analyst's cleaning recorded as rules, never as deletions.

A rule names a period (Danish days, either end open), units (``""`` = rows without a unit),
units it spares, channels and sources; a registration is excluded when it matches every part
the rule gives. Reports and exports leave excluded rows out by default and say how many; the
rule can be removed again and nothing is lost.

``excluded_sql`` (one SQL condition for all rules) and ``is_excluded`` (the same test on one
registration) are the one definition of the predicate: reports, exports and ``check`` use them.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlite_utils import Database

from tracetool import timeutil
from tracetool.errors import NotFoundError, TracetoolError
from tracetool.locale import translator
from tracetool.model import Registration

_ = translator("core")


@dataclass(frozen=True)
class ExclusionRule:
    reason: str
    from_date: date | None = None
    to_date: date | None = None
    units: tuple[str, ...] = ()
    except_units: tuple[str, ...] = ()
    channels: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    id: int | None = None
    created_at: datetime | None = None

    def __post_init__(self) -> None:
        if not self.reason.strip():
            raise TracetoolError(_("en regel skal have en begrundelse (--reason)"))
        if not (self.from_date or self.to_date or self.units or self.except_units) and not (
            self.channels or self.sources
        ):
            raise TracetoolError(
                _(
                    "reglen ville udelade alt; giv mindst én af --from, --to, --unit, "
                    "--except-unit, --channel, --source"
                )
            )
        if self.from_date and self.to_date and self.from_date > self.to_date:
            raise TracetoolError(
                f"--from {self.from_date.isoformat()} ligger efter --to {self.to_date.isoformat()}"
            )

    def sql(self) -> tuple[str, list[Any]]:
        """The condition a row matches this rule by (on the registration table's columns)."""
        parts: list[str] = []
        params: list[Any] = []
        if self.from_date is not None:
            parts.append("saved_at >= ?")
            params.append(timeutil.to_db(timeutil.day_start_utc(self.from_date)))
        if self.to_date is not None:
            parts.append("saved_at < ?")
            params.append(timeutil.to_db(timeutil.day_start_utc(self.to_date + timedelta(1))))
        for column, values, negate in (
            ("unit", self.units, False),
            ("unit", self.except_units, True),
            ("channel", self.channels, False),
            ("source", self.sources, False),
        ):
            if values:
                marks = ", ".join("?" for _ in values)
                clause = f"COALESCE({column}, '') IN ({marks})"
                parts.append(f"NOT {clause}" if negate else clause)
                params += values
        return "(" + " AND ".join(parts) + ")", params

    def matches(self, reg: Registration) -> bool:
        day = timeutil.local(reg.saved_at).date()
        unit = reg.unit or ""
        return (
            (self.from_date is None or day >= self.from_date)
            and (self.to_date is None or day <= self.to_date)
            and (not self.units or unit in self.units)
            and (not self.except_units or unit not in self.except_units)
            and (not self.channels or reg.channel in self.channels)
            and (not self.sources or reg.source in self.sources)
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "from": self.from_date.isoformat() if self.from_date else None,
            "to": self.to_date.isoformat() if self.to_date else None,
            "units": list(self.units),
            "except_units": list(self.except_units),
            "channels": list(self.channels),
            "sources": list(self.sources),
            "reason": self.reason,
            "created_at": timeutil.to_db(self.created_at) if self.created_at else None,
        }


def excluded_sql(rules: Sequence[ExclusionRule]) -> tuple[str, list[Any]]:
    """One SQL condition true for a row any rule excludes ("0" when there are no rules)."""
    if not rules:
        return "0", []
    parts: list[str] = []
    params: list[Any] = []
    for rule in rules:
        sql, values = rule.sql()
        parts.append(sql)
        params += values
    return "(" + " OR ".join(parts) + ")", params


def is_excluded(rules: Sequence[ExclusionRule], reg: Registration) -> bool:
    """Whether any rule excludes ``reg`` (the same test as ``excluded_sql``)."""
    return any(rule.matches(reg) for rule in rules)


def count_excluded(
    db: Database, where: str, params: Sequence[Any], rules: Sequence[ExclusionRule]
) -> tuple[int, int]:
    """Registrations and inquiries that ``rules`` leave out of those ``where`` chooses (a
    WHERE clause with its values, as the report and export filters make them)."""
    if not rules:
        return 0, 0
    clause, values = excluded_sql(rules)
    joined = f"{where} AND {clause}" if where.strip() else f" WHERE {clause}"
    rows, inquiries = db.execute(
        f"SELECT COUNT(*), COALESCE(SUM(count), 0) FROM registration{joined}",
        [*params, *values],
    ).fetchone()
    return int(rows), int(inquiries)


_COLUMNS = "id, from_date, to_date, units, except_units, channels, sources, reason, created_at"


class ExclusionStore:
    def __init__(self, db: Database) -> None:
        self.db = db

    def add(self, rule: ExclusionRule) -> ExclusionRule:
        created = timeutil.now()
        with self.db.conn:
            cursor = self.db.execute(
                "INSERT INTO exclusion_rule (from_date, to_date, units, except_units, channels, "
                "sources, reason, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    rule.from_date.isoformat() if rule.from_date else None,
                    rule.to_date.isoformat() if rule.to_date else None,
                    *(
                        json.dumps(list(v), ensure_ascii=False)
                        for v in (rule.units, rule.except_units, rule.channels, rule.sources)
                    ),
                    rule.reason.strip(),
                    timeutil.to_db(created),
                ],
            )
        return self.get(int(cursor.lastrowid or 0))

    def get(self, rule_id: int) -> ExclusionRule:
        row = self.db.execute(
            f"SELECT {_COLUMNS} FROM exclusion_rule WHERE id = ?", [rule_id]
        ).fetchone()
        if row is None:
            raise NotFoundError(
                _("ingen udeladelsesregel med nummer {rule_id}").format(rule_id=rule_id)
            )
        return _from_row(row)

    def all(self) -> list[ExclusionRule]:
        rows = self.db.execute(f"SELECT {_COLUMNS} FROM exclusion_rule ORDER BY id").fetchall()
        return [_from_row(r) for r in rows]

    def remove(self, rule_id: int) -> ExclusionRule:
        rule = self.get(rule_id)
        with self.db.conn:
            self.db.execute("DELETE FROM exclusion_rule WHERE id = ?", [rule_id])
        return rule


def _from_row(row: tuple[Any, ...]) -> ExclusionRule:
    return ExclusionRule(
        id=row[0],
        from_date=date.fromisoformat(row[1]) if row[1] else None,
        to_date=date.fromisoformat(row[2]) if row[2] else None,
        units=tuple(json.loads(row[3])),
        except_units=tuple(json.loads(row[4])),
        channels=tuple(json.loads(row[5])),
        sources=tuple(json.loads(row[6])),
        reason=row[7],
        created_at=timeutil.from_db(row[8]),
    )
