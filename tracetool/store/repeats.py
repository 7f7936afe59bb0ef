"""Likely repeats: staged rows that say again what the store already holds, in another dress.

The import key recognises a file imported again byte for byte, and an export of this store read
back (``tracetool.store.bulk``). It cannot recognise the same rows re-saved by Excel (seconds
dropped, the timer's start lost), an ``upload`` export (minutes only, no timer, no answers) or
a rejected row fixed and imported from the rejects file before the corrected original: each
says the same inquiry with other bytes.

So rows are also compared by what every layout keeps: municipality, unit, channel, task, type,
closing, form and the minute of saving (UTC, as stored). Per such fingerprint, the store holds
some inquiries, the file's rows already recognised by key stand for some of them, and the file's
new rows that exceed neither are the likely repeats: the first of them in file order. A longer
extract that repeats an earlier one therefore shows no repeats (its old rows are recognised by
key), and neither do identical rows in one file beyond those the store holds.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tracetool import timeutil
from tracetool.locale import translator
from tracetool.store.bulk import _KEYED, _PRESENT, _STAGING, StagedImport

_ = translator("core")

_SHAPE = ("municipality", "unit", "channel", "task", "type", "closing", "form")
_FINGERPRINT = ", ".join(_SHAPE) + ", minute"
_FRESH = "temp.import_fresh"
_SAME = " AND ".join(
    f"r.{c} IS g.{c}" if c in ("unit", "form") else f"r.{c} = g.{c}" for c in _SHAPE
)
# Per fingerprint with new rows: how many inquiries the store holds beyond those matched by key.
_SPARE = (
    f"SELECT {_FINGERPRINT}, COALESCE((SELECT SUM(r.count) FROM registration AS r "
    "WHERE r.saved_at >= g.minute AND r.saved_at < g.minute || '~' AND r.deleted = 0 "
    f"AND {_SAME}), 0) - g.matched AS spare "
    f"FROM (SELECT {_FINGERPRINT}, SUM(CASE WHEN present THEN count ELSE 0 END) AS matched "
    f"FROM {_FRESH} GROUP BY {_FINGERPRINT} HAVING MIN(present) = 0) AS g"
)
# The new rows of each fingerprint in file order, as long as the spare inquiries last.
_FLAGGED = (
    f"SELECT f.line, f.unit, f.task, f.channel, f.saved_at FROM (SELECT f.*, SUM(f.count) "
    f"OVER (PARTITION BY {', '.join('f.' + c for c in (*_SHAPE, 'minute'))} ORDER BY f.line "
    "ROWS UNBOUNDED PRECEDING) AS upto FROM {fresh} AS f WHERE NOT f.present) AS f "
    f"JOIN spare AS s ON {' AND '.join(f's.{c} IS f.{c}' for c in (*_SHAPE, 'minute'))} "
    "WHERE s.spare > 0 AND f.upto <= s.spare ORDER BY f.line"
).replace("{fresh}", _FRESH)


@dataclass(frozen=True)
class Repeat:
    """A file row that likely repeats a stored registration: where, and what it says."""

    line: int
    unit: str | None
    task: str
    channel: str
    saved_at: str  # store text (UTC)

    def __str__(self) -> str:
        when = timeutil.show(timeutil.from_db(self.saved_at))
        unit = self.unit or _("(ingen enhed)")
        return _("linje {line}: {unit}, {task}, {channel}, {when}").format(
            line=self.line, unit=unit, task=self.task, channel=self.channel, when=when
        )

    def as_dict(self) -> dict[str, Any]:
        return {
            "line": self.line,
            "unit": self.unit,
            "task": self.task,
            "channel": self.channel,
            "saved_at": self.saved_at,
        }


def likely_repeats(stage: StagedImport) -> list[Repeat]:
    """The staged rows that likely repeat stored ones, in file order (empty when none)."""
    conn = stage.conn
    span = conn.execute(f"SELECT MIN(saved_at), MAX(saved_at) FROM {_STAGING}").fetchone()
    if span[0] is None:
        return []
    # An import into a store with nothing in the file's time span (the usual first import,
    # and every bench run) needs no fingerprints at all.
    overlap = conn.execute(
        "SELECT 1 FROM registration WHERE saved_at >= ? AND saved_at < ? || '~' LIMIT 1",
        [str(span[0])[:16], str(span[1])[:16]],
    ).fetchone()
    if overlap is None:
        return []
    stage.number_repeats()
    conn.execute(f"DROP TABLE IF EXISTS {_FRESH}")
    try:
        conn.execute(
            f"CREATE TEMP TABLE import_fresh AS SELECT line, {', '.join(_SHAPE)}, "
            "substr(saved_at, 1, 16) AS minute, saved_at, count, "
            f"{_PRESENT} AS present FROM ({_KEYED}) AS keyed"
        )
        rows: list[Any] = conn.execute(f"WITH spare AS ({_SPARE}) {_FLAGGED}").fetchall()
    finally:
        conn.execute(f"DROP TABLE IF EXISTS {_FRESH}")
        conn.commit()
    return [Repeat(int(r[0]), r[1], str(r[2]), str(r[3]), str(r[4])) for r in rows]
