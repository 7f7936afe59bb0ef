"""Applying a batch: valid, normalised rows stored in one transaction, each item answered.

Inserts that race on the same id fall back to ``INSERT ... ON CONFLICT DO NOTHING`` and then
compare with the winner's row; a correction keeps the row it replaces in the history table and
moves the dashboards' rollups in the same transaction.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import partial
from itertools import repeat
from operator import add, itemgetter
from typing import Any

import stamina

from tracetool.collector import rollup
from tracetool.collector.ownership import refusal
from tracetool.collector.storage_base import Deadlock, Race, Scope, SqlBase, Tx, _now
from tracetool.sync.protocol import (
    ACCEPTED,
    CONFLICT,
    DUPLICATE,
    REGISTRATION_COLUMNS,
    TOTAL_COLUMNS,
    UPDATED,
    ItemResult,
    row_hash,
    row_hashes,
)

_CHANGES = frozenset({ACCEPTED, UPDATED})

_REG_COLS = ", ".join(REGISTRATION_COLUMNS)
_REG_STORED = (*REGISTRATION_COLUMNS, "h_hi", "h_lo", "origin", "received_at", "updated_at")
REG_STORED_COLS = ", ".join(_REG_STORED)
_TOTAL_COLS = ", ".join(TOTAL_COLUMNS)
_TOTAL_STORED = (*TOTAL_COLUMNS, "origin", "received_at", "updated_at")
_TOTAL_STORED_COLS = ", ".join(_TOTAL_STORED)

INSERT_REGISTRATION = (
    f"INSERT INTO registration ({REG_STORED_COLS}) VALUES ({', '.join('?' for _ in _REG_STORED)})"
)
_INSERT_TOTAL = (
    f"INSERT INTO total ({_TOTAL_STORED_COLS}) VALUES ({', '.join('?' for _ in _TOTAL_STORED)})"
)
# A correction keeps origin and received_at: they say who delivered the row first, and when.
_UPDATE_REGISTRATION = (
    "UPDATE registration SET "
    + ", ".join(f"{c} = ?" for c in REGISTRATION_COLUMNS[1:])
    + ", h_hi = ?, h_lo = ?, updated_at = ? WHERE id = ?"
)
_UPDATE_TOTAL = (
    "UPDATE total SET "
    + ", ".join(f"{c} = ?" for c in TOTAL_COLUMNS[1:])
    + ", updated_at = ? WHERE id = ?"
)


_ID = itemgetter(0)
_REVISION = itemgetter(15)
_MUNICIPALITY = itemgetter(1)
_ITEM_RESULT = partial(tuple.__new__, ItemResult)


# Told each applied batch's answers (registrations, totals) once its transaction has committed.
BatchObserver = Callable[[Sequence[ItemResult], Sequence[ItemResult]], None]


class BatchWrites(SqlBase):
    """``apply_batch`` and its parts, on a dialect's hooks."""

    _observers: tuple[BatchObserver, ...] = ()

    def observe_batches(self, observer: BatchObserver) -> None:
        """Tell ``observer`` of every batch applied from now on (once, however often asked)."""
        if observer not in self._observers:
            self._observers = (*self._observers, observer)

    def apply_batch(
        self,
        registrations: Sequence[tuple[Any, ...]],
        totals: Sequence[tuple[Any, ...]],
        origin: str | None,
        *,
        scope: Scope,
    ) -> tuple[list[ItemResult], list[ItemResult]]:
        """Apply valid, normalised rows (wire column order) in one transaction.

        ``scope`` is the writer's (``auth.write_scope``; a page's municipality): an id already
        stored outside it, or a correction that would move a row, is answered ``conflict``
        with the reason (see ``refusal``) and nothing changes. Every writer, API or page,
        comes through here, so the rule holds in one place.
        """
        # Overlapping batches in opposite orders can deadlock on PostgreSQL; the victim has
        # changed nothing, so it is run again rather than answered 503.
        for attempt in stamina.retry_context(
            on=Deadlock, attempts=3, wait_initial=0.01, wait_jitter=0.05
        ):
            with attempt:
                try:
                    return self._apply(registrations, totals, origin, scope, safe=False)
                except Race:
                    return self._apply(registrations, totals, origin, scope, safe=True)
        raise AssertionError("stamina re-raises the last Deadlock")  # pragma: no cover

    def _apply(
        self,
        registrations: Sequence[tuple[Any, ...]],
        totals: Sequence[tuple[Any, ...]],
        origin: str | None,
        scope: Scope,
        *,
        safe: bool,
    ) -> tuple[list[ItemResult], list[ItemResult]]:
        now = _now()
        with self._write() as tx:
            regs = (
                self._apply_registrations(tx, registrations, origin, now, scope, safe)
                if registrations
                else []
            )
            tots = self._apply_totals(tx, totals, origin, now, scope) if totals else []
        for observer in self._observers:  # committed: what they are told is stored
            observer(regs, tots)
        return regs, tots

    def _apply_registrations(
        self,
        tx: Tx,
        rows: Sequence[tuple[Any, ...]],
        origin: str | None,
        now: str,
        scope: Scope,
        safe: bool,
    ) -> list[ItemResult]:
        results: list[ItemResult | None] = [None] * len(rows)
        every_id = list(map(_ID, rows))
        # id → its first position (built backwards so that the first occurrence wins).
        first = dict(zip(reversed(every_id), range(len(rows) - 1, -1, -1), strict=True))
        repeats: list[int] = []
        if len(first) < len(rows):
            repeats = [i for i, rid in enumerate(every_id) if first[rid] != i]
        # Sorted, so that two transactions lock shared ids in the same order (no deadlock).
        ids = sorted(first)
        self._lock_municipalities(tx, set(map(_MUNICIPALITY, rows)))
        stored = self._lock_existing(tx, "registration", _REG_COLS, ids)
        if stored:
            # A correction may move a row out of another municipality's figures too.
            self._lock_municipalities(tx, set(map(_MUNICIPALITY, stored.values())))
        # What the dashboards' rollups count now, so that a correction subtracts it.
        before = dict(stored)
        fresh = (
            [first[i] for i in ids if i not in stored]
            if stored
            else list(map(first.__getitem__, ids))
        )
        # The rows as stored, built inside C (map/zip, no Python frame per row): a sync sends
        # 100,000 of them.
        fresh_rows = list(map(rows.__getitem__, fresh))
        hashes = row_hashes(map(_ID, fresh_rows), map(_REVISION, fresh_rows))
        full = list(map(add, fresh_rows, map(add, hashes, repeat((origin, now, now)))))
        inserted = self._insert_new(tx, full, safe) if full else None
        if inserted is None and not stored and not repeats:
            rollup.batch_changes((None, row) for row in fresh_rows).apply(tx, self.dialect)
            return list(
                map(
                    _ITEM_RESULT,
                    zip(every_id, map(_REVISION, rows), repeat(ACCEPTED), repeat(None)),
                )
            )
        later: list[int] = []
        for i in fresh:
            row = rows[i]
            if inserted is None or row[0] in inserted:
                results[i] = ItemResult(row[0], row[15], ACCEPTED)
                stored[row[0]] = row
            else:
                later.append(i)
        if later:
            # Another transaction committed these ids meanwhile: compare with its rows.
            theirs = self._lock_existing(tx, "registration", _REG_COLS, [rows[i][0] for i in later])
            before.update(theirs)
            stored.update(theirs)
        # In request order, so a repeated id is compared with what its first occurrence left.
        for i in sorted({first[i] for i in ids if results[first[i]] is None} | set(repeats)):
            results[i] = self._compare_registration(tx, rows[i], stored, now, scope)
        # The rollups move from what each changed id held before this batch to what it holds
        # now, in the batch's own transaction (several changes to one id net out here).
        changed = sorted({r.id for r in results if r is not None and r.status in _CHANGES})
        rollup.batch_changes((before.get(i), stored[i]) for i in changed).apply(tx, self.dialect)
        return [r for r in results if r is not None]

    def _compare_registration(
        self,
        tx: Tx,
        row: tuple[Any, ...],
        stored: dict[str, tuple[Any, ...]],
        now: str,
        scope: Scope,
    ) -> ItemResult:
        reg_id, revision = row[0], row[15]
        current = stored[reg_id]
        refused = refusal(scope, current, row)
        if refused:
            return ItemResult(reg_id, revision, CONFLICT, refused)
        have = current[15]
        if revision == have:
            if tuple(current) == tuple(row):
                return ItemResult(reg_id, revision, DUPLICATE)
            return ItemResult(
                reg_id,
                revision,
                CONFLICT,
                f"the server holds revision {have} of this id with other content"
                f" / serveren har version {have} af dette id med andet indhold",
            )
        if revision < have:
            return ItemResult(
                reg_id,
                revision,
                CONFLICT,
                f"stale revision: the server holds revision {have}"
                f" / forældet version: serveren har version {have}",
            )
        tx.execute(
            f"INSERT INTO registration_history ({REG_STORED_COLS}, superseded_at)"
            f" SELECT {REG_STORED_COLS}, ? FROM registration WHERE id = ?",
            [now, reg_id],
        )
        tx.execute(_UPDATE_REGISTRATION, [*row[1:], *row_hash(reg_id, revision), now, reg_id])
        stored[reg_id] = row
        return ItemResult(reg_id, revision, UPDATED)

    def _apply_totals(
        self, tx: Tx, rows: Sequence[tuple[Any, ...]], origin: str | None, now: str, scope: Scope
    ) -> list[ItemResult]:
        # Totals are a handful per municipality and year: one statement each is plenty.
        ids = sorted({r[0] for r in rows})
        stored = self._lock_existing(tx, "total", _TOTAL_COLS, ids)
        out: list[ItemResult] = []
        for row in rows:
            total_id, revision = row[0], row[10]
            current = stored.get(total_id)
            refused = None if current is None else refusal(scope, current, row)
            if current is None:
                tx.execute(_INSERT_TOTAL, [*row, origin, now, now])
                stored[total_id] = row
                out.append(ItemResult(total_id, revision, ACCEPTED))
            elif refused:
                out.append(ItemResult(total_id, revision, CONFLICT, refused))
            elif revision == current[10] and tuple(current) == tuple(row):
                out.append(ItemResult(total_id, revision, DUPLICATE))
            elif revision <= current[10]:
                out.append(
                    ItemResult(
                        total_id,
                        revision,
                        CONFLICT,
                        f"the server holds revision {current[10]}"
                        f" / serveren har version {current[10]}",
                    )
                )
            else:
                tx.execute(
                    f"INSERT INTO total_history ({_TOTAL_STORED_COLS}, superseded_at)"
                    f" SELECT {_TOTAL_STORED_COLS}, ? FROM total WHERE id = ?",
                    [now, total_id],
                )
                tx.execute(_UPDATE_TOTAL, [*row[1:], now, total_id])
                stored[total_id] = row
                out.append(ItemResult(total_id, revision, UPDATED))
        return out
