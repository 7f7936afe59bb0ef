"""Rebuilding the dashboards' rollups by hand (``tracetool collector rollup rebuild``).

Ingest keeps the rollups exact, so this is for repairs: after someone changed rows in the
database directly, restored a backup of one table, or to settle a doubt. It recounts from the
registrations in one write transaction, so the dashboards show either the old figures or the
new ones, never a half-built mix, and batches arriving meanwhile wait for it (see
``rollup.rebuild``).
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from tracetool.collector import municipalities, rollup
from tracetool.collector.storage import SqlStorage, Tx
from tracetool.errors import TracetoolError


@dataclass(frozen=True)
class Rebuilt:
    """What a rebuild counted and wrote."""

    municipality: int | None
    registrations: int  # rows counted (deletions are not)
    inquiries: int  # a mass registration of N counts N
    rollup_rows: int  # rows in the rollup tables afterwards, for the same municipalities
    seconds: float

    def text(self) -> str:
        """One line in Danish for the operator."""
        where = (
            "alle kommuner"
            if self.municipality is None
            else f"kommune {self.municipality} ({municipalities.name(self.municipality)})"
        )
        seconds = f"{self.seconds:.2f}".replace(".", ",")
        return (
            f"Rollups genopbygget for {where}: {_number(self.registrations)} registreringer"
            f" ({_number(self.inquiries)} henvendelser) talt,"
            f" {_number(self.rollup_rows)} rollup-rækker skrevet på {seconds} s."
        )


def _number(value: int) -> str:
    return f"{value:,}".replace(",", ".")


def _held(tx: Tx, municipality: int) -> bool:
    """Whether the collector holds anything for the municipality: registrations (deleted ones
    too) or rollup rows (so that rows with nothing behind them can still be cleared)."""
    for table in ("registration", *(name for name, _, _ in rollup.TABLES)):
        if tx.one(f"SELECT 1 FROM {table} WHERE municipality = ? LIMIT 1", [municipality]):
            return True
    return False


def rebuild_rollups(storage: SqlStorage, municipality: int | None = None) -> Rebuilt:
    """Recount every rollup (or one municipality's) from the registrations, in one transaction.

    Raises TracetoolError when ``municipality`` is one the collector holds nothing for: a
    mistyped number would otherwise "succeed" and do nothing.
    """
    started = time.perf_counter()
    params = [] if municipality is None else [municipality]
    where = " WHERE municipality = ?" if params else ""
    live = " WHERE deleted = 0" + (" AND municipality = ?" if params else "")
    with storage._write() as tx:
        if municipality is not None and not _held(tx, municipality):
            raise TracetoolError(
                f"--municipality {municipality}: collectoren har ingen registreringer for"
                f" kommune {municipality}; udelad --municipality for at genopbygge alle"
            )
        rollup.rebuild(tx, storage.dialect, municipality)
        counted = tx.one(
            f"SELECT COUNT(*), COALESCE(SUM(count), 0) FROM registration{live}",
            params,
        )
        written = 0
        for name, _, _ in rollup.TABLES:
            row = tx.one(f"SELECT COUNT(*) FROM {name}{where}", params)
            written += int(row[0]) if row else 0
    assert counted is not None
    return Rebuilt(
        municipality=municipality,
        registrations=int(counted[0]),
        inquiries=int(counted[1]),
        rollup_rows=written,
        seconds=time.perf_counter() - started,
    )
