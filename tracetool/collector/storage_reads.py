"""What the collector's storage reads: receipts, held ids, export queries and figures."""

from __future__ import annotations

from typing import Any

from tracetool.collector.storage_base import ExportQuery, Receipt, Scope, SqlBase
from tracetool.collector.storage_writes import _REG_COLS
from tracetool.sync.protocol import format_checksum, row_hash


class StorageReads(SqlBase):
    """The reads, on a dialect's hooks."""

    def receipt(self, scope: Scope) -> Receipt:
        clauses, params = scope.where()
        where = " AND ".join(["deleted = 0", *clauses])
        with self._read() as tx:
            row = tx.one(
                "SELECT COUNT(*), COALESCE(SUM(count), 0), COALESCE(SUM(test_mode), 0),"
                f" COALESCE(SUM(h_hi), 0), COALESCE(SUM(h_lo), 0) FROM registration WHERE {where}",
                params,
            )
            totals = tx.all(f"SELECT id, revision FROM total WHERE {where}", params)
        assert row is not None
        t_hi = t_lo = 0
        for total_id, revision in totals:
            hi, lo = row_hash(total_id, revision)
            t_hi += hi
            t_lo += lo
        return Receipt(
            count=int(row[0]),
            inquiries=int(row[1]),
            test_count=int(row[2]),
            checksum=format_checksum(int(row[3]), int(row[4])),
            totals=len(totals),
            totals_checksum=format_checksum(t_hi, t_lo),
        )

    def held_ids(self, scope: Scope) -> tuple[list[tuple[str, int]], list[tuple[str, int]]]:
        """(id, revision) of the registrations and totals a receipt counts, in id order: what
        a desk compares with its own when the checksums differ."""
        clauses, params = scope.where()
        where = " AND ".join(["deleted = 0", *clauses])
        with self._read() as tx:
            regs = tx.all(
                f"SELECT id, revision FROM registration WHERE {where} ORDER BY id", params
            )
            tots = tx.all(f"SELECT id, revision FROM total WHERE {where} ORDER BY id", params)
        return [(str(i), int(r)) for i, r in regs], [(str(i), int(r)) for i, r in tots]

    def _export_sql(self, query: ExportQuery) -> tuple[str, list[Any]]:
        clauses, params = query.scope.where()
        if query.start is not None:
            clauses.append("saved_at >= ?")
            params.append(query.start)
        if query.end is not None:
            clauses.append("saved_at < ?")
            params.append(query.end)
        if not query.include_test:
            clauses.append("test_mode = 0")
        if not query.include_deleted:
            clauses.append("deleted = 0")
        where = (" WHERE " + " AND ".join(clauses)) if clauses else ""
        return where, params

    def export_sql(self, query: ExportQuery) -> tuple[str, list[Any]]:
        where, params = self._export_sql(query)
        return f"SELECT {_REG_COLS} FROM registration{where} ORDER BY saved_at, id", params

    def figures(self, query: ExportQuery) -> list[tuple[str, str, int, int]]:
        """(direction, channel, rows, inquiries) for published figures: test mode left out."""
        where, params = self._export_sql(query)
        with self._read() as tx:
            rows = tx.all(
                "SELECT direction, channel, COUNT(*), COALESCE(SUM(count), 0)"
                f" FROM registration{where}"
                " GROUP BY direction, channel ORDER BY direction, channel",
                params,
            )
        return [(r[0], r[1], int(r[2]), int(r[3])) for r in rows]
