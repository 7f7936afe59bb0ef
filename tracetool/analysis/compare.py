"""A count set beside an earlier one: every count with its earlier value and the change, and
the channel shift (shares in percentage points), since KOMHEN counts twice a year to see
whether inquiries move to the channels the strategy wants."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tracetool.analysis.figures import Report

COMPARED = ("direction", "channel", "type", "closing", "form", "task", "unit", "group")


@dataclass(frozen=True)
class Change:
    """One figure now and before, with the shares of their totals."""

    now: int
    before: int
    now_total: int
    before_total: int

    @property
    def change(self) -> int:
        return self.now - self.before

    @property
    def change_share(self) -> float | None:
        """Relative change (0.25 = 25 % more); None where there was nothing before."""
        return self.change / self.before if self.before else None

    @property
    def now_share(self) -> float | None:
        return self.now / self.now_total if self.now_total else None

    @property
    def before_share(self) -> float | None:
        return self.before / self.before_total if self.before_total else None

    @property
    def share_change_pp(self) -> float | None:
        """The shift in share, in percentage points."""
        if self.now_share is None or self.before_share is None:
            return None
        return (self.now_share - self.before_share) * 100

    def to_json(self) -> dict[str, Any]:
        return {
            "now": self.now,
            "before": self.before,
            "change": self.change,
            "change_share": self.change_share,
            "now_share": self.now_share,
            "before_share": self.before_share,
            "share_change_pp": self.share_change_pp,
        }


@dataclass(frozen=True)
class Comparison:
    before: Report
    total: Change
    breakdowns: dict[str, dict[str, Change]]
    # Shares and the median time, now and before (None where a count has no such figure).
    figures: dict[str, tuple[float | None, float | None]]

    def to_json(self) -> dict[str, Any]:
        f = self.before.filter
        return {
            "period": {
                "from": f.start.isoformat() if f.start else None,
                "to": f.end.isoformat() if f.end else None,
            },
            "total": self.total.to_json(),
            "figures": {k: {"now": a, "before": b} for k, (a, b) in self.figures.items()},
            **{
                f"by_{d}": {code: c.to_json() for code, c in changes.items()}
                for d, changes in self.breakdowns.items()
            },
        }


def compare(now: Report, before: Report) -> Comparison:
    """Each breakdown's codes from both counts (now's order first, then codes only before)."""
    breakdowns: dict[str, dict[str, Change]] = {}
    for dimension in COMPARED:
        a, b = now.breakdown(dimension), before.breakdown(dimension)
        if not a and not b:
            continue
        codes = [*a, *(code for code in b if code not in a)]
        breakdowns[dimension] = {
            code: Change(a.get(code, 0), b.get(code, 0), now.total, before.total) for code in codes
        }
    return Comparison(
        before=before,
        total=Change(now.total, before.total, now.total, before.total),
        breakdowns=breakdowns,
        figures={
            name: (getattr(now, name), getattr(before, name))
            for name in ("straks_share", "form_share", "median_seconds")
        },
    )
