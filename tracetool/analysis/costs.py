"""What channels cost: the plan's price per inquiry on each channel (kroner; no defaults, the
coordinator enters the municipality's own), the cost per channel, task and group, and the
potential: the saving if inquiries moved to the self-service price.

Two potentials: the inquiries on which staff answered "yes" to the optional parameter "could
the citizen have solved it on the website" (``kunne_web``), and chosen shares of channels
(``--shift TLFIND=20%``). A channel without a price is left out of every sum and named.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sqlite_utils import Database

from tracetool.errors import TracetoolError

if TYPE_CHECKING:
    from tracetool.analysis.figures import Report, ReportFilter

SELF_SERVICE = "SLVBTJN"
WEB_ANSWER = ("kunne_web", "JA")


@dataclass(frozen=True)
class Potential:
    """Inquiries that would move to self-service, per channel, and what that saves."""

    moved: dict[str, float]
    saving: float

    def to_json(self) -> dict[str, Any]:
        return {"moved": self.moved, "saving": self.saving}


@dataclass
class Costs:
    prices: dict[str, float]
    by_channel: dict[str, float] = field(default_factory=dict)
    by_task: dict[str, float] = field(default_factory=dict)
    by_group: dict[str, float] = field(default_factory=dict)
    total: float = 0.0
    unpriced: dict[str, int] = field(default_factory=dict)
    web_potential: Potential | None = None
    shift_potential: Potential | None = None
    shifts: dict[str, float] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {
            "prices": self.prices,
            "total": self.total,
            "by_channel": self.by_channel,
            "by_task": self.by_task,
            "by_group": self.by_group,
            "unpriced": self.unpriced,
            "self_service_channel": SELF_SERVICE,
            "web_potential": self.web_potential.to_json() if self.web_potential else None,
            "shifts": self.shifts,
            "shift_potential": self.shift_potential.to_json() if self.shift_potential else None,
        }


def parse_shift(text: str, channels: Sequence[str]) -> tuple[str, float]:
    """``TLFIND=20%`` → ("TLFIND", 0.2); a clear message for anything else."""
    code, sep, amount = text.partition("=")
    code = code.strip().upper()
    number = amount.strip().removesuffix("%").strip().replace(",", ".")
    try:
        share = float(number) / 100
    except ValueError:
        share = -1.0
    if not sep or not amount.strip().endswith("%") or not 0 <= share <= 1:
        raise TracetoolError(f"--shift {text!r}: skriv KANAL=PROCENT, fx TLFIND=20%")
    if code not in channels:
        raise TracetoolError(f"--shift {text!r}: ukendt kanal {code!r}")
    return code, share


def _potential(moved: Mapping[str, float], prices: Mapping[str, float]) -> Potential | None:
    self_price = prices.get(SELF_SERVICE)
    if self_price is None:
        return None
    priced = {c: n for c, n in moved.items() if c in prices and c != SELF_SERVICE and n}
    saving = sum(n * (prices[c] - self_price) for c, n in priced.items())
    return Potential(moved=priced, saving=saving)


def channel_costs(
    db: Database,
    flt: ReportFilter,
    report: Report,
    prices: Mapping[str, float],
    shifts: Mapping[str, float] | None = None,
) -> Costs:
    """Costs and potentials for the report's inquiries at ``prices``."""
    costs = Costs(prices=dict(prices), shifts=dict(shifts or {}))
    for channel, n in report.by_channel.items():
        if channel in prices:
            costs.by_channel[channel] = n * prices[channel]
        elif n:
            costs.unpriced[channel] = n
    costs.total = sum(costs.by_channel.values())
    for task, row in report.task_by_channel.items():
        costs.by_task[task] = sum(n * prices[c] for c, n in row.items() if c in prices)
    costs.by_task = dict(sorted(costs.by_task.items(), key=lambda kv: -kv[1]))
    for group, row in report.group_by_channel.items():
        costs.by_group[group] = sum(n * prices[c] for c, n in row.items() if c in prices)
    key, answer = WEB_ANSWER
    where, params = flt.where()
    clause = "json_extract(answers, ?) = ?"
    joined = f"{where} AND {clause}" if where else f" WHERE {clause}"
    yes: Counter[str] = Counter()
    sql = f"SELECT channel, SUM(count) FROM registration{joined} GROUP BY channel"
    for channel, n in db.execute(sql, [*params, f"$.{key}", answer]):
        yes[channel] += n
    costs.web_potential = _potential(yes, prices)
    if shifts:
        moved = {c: report.by_channel.get(c, 0) * share for c, share in shifts.items()}
        costs.shift_potential = _potential(moved, prices)
    return costs
