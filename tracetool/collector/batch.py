"""One batch of registrations and totals: its shape checked, each item authorised and
validated, the valid ones applied in one transaction, and the answer written as JSON text.
"""

from __future__ import annotations

import json
from operator import itemgetter
from typing import Any

from tracetool.collector import auth
from tracetool.collector.auth import ApiError, require_role
from tracetool.collector.bodies import Limits, too_large
from tracetool.collector.items import (
    ItemError,
    item_id,
    normalize_batch,
    normalize_registration,
    normalize_total,
    overlap_problem,
    registration_problem,
    registration_values,
    total_problem,
)
from tracetool.collector.storage import Account, Storage
from tracetool.sync.protocol import INVALID, REGISTRATION_COLUMNS, STATUSES, ItemResult


def shape_error(message: str, besked: str) -> ApiError:
    return ApiError(422, "bad_request_shape", message, besked)


def _registration_items(value: Any) -> tuple[list[Any], list[Any]]:
    """The registrations of a batch: values in wire order (or the ItemError), and what each
    item was as sent (to name it in an answer when it is unusable).
    """
    if isinstance(value, list):
        items: list[Any] = []
        for obj in value:
            try:
                items.append(registration_values(obj))
            except ItemError as exc:
                items.append(exc)
        return items, value
    if isinstance(value, dict):
        columns, rows = value.get("columns"), value.get("rows")
        if (
            set(value) != {"columns", "rows"}
            or not isinstance(columns, list)
            or sorted(map(str, columns)) != sorted(REGISTRATION_COLUMNS)
            or not isinstance(rows, list)
        ):
            raise shape_error(
                "registrations must be a list of objects or"
                f" {{columns: [{', '.join(REGISTRATION_COLUMNS)}], rows: [[...]]}}",
                "registrations skal være en liste af objekter eller {columns: [...], rows: [[...]]}"
                " med præcis protokollens kolonner",
            )
        if columns == list(REGISTRATION_COLUMNS):
            return rows, rows
        order = [columns.index(c) for c in REGISTRATION_COLUMNS]
        return [
            [r[j] for j in order] if isinstance(r, list) and len(r) == len(order) else r
            for r in rows
        ], rows
    raise shape_error(
        "registrations must be a list or a columns/rows object",
        "registrations skal være en liste eller et columns/rows-objekt",
    )


def process_batch(
    storage: Storage, account: Account, payload: Any, origin: str | None, limits: Limits
) -> str:
    """Check, authorise and apply one batch; the answer as JSON text."""
    if not isinstance(payload, dict):
        raise shape_error("the body must be a JSON object", "indholdet skal være et JSON-objekt")
    unknown = set(payload) - {"registrations", "totals"}
    if unknown:
        raise shape_error(
            f"unknown key(s) {', '.join(sorted(unknown))}; expected registrations and totals",
            f"ukendte nøgler {', '.join(sorted(unknown))}; forventede registrations og totals",
        )
    items, originals = _registration_items(payload.get("registrations", []))
    totals_in = payload.get("totals", [])
    if not isinstance(totals_in, list):
        raise shape_error("totals must be a list", "totals skal være en liste")
    rows = len(items) + len(totals_in)
    if rows > limits.max_rows:
        raise too_large(
            f"{rows} rows exceed the limit of {limits.max_rows} per batch",
            f"{rows} rækker er over grænsen på {limits.max_rows} pr. sending",
            limit=limits.max_rows,
        )
    if totals_in:
        require_role(
            account, "coordinator", "admin", action="upload totals", handling="indsende total-tal"
        )

    reg_results: list[ItemResult | None] = [None] * len(items)
    kept: list[tuple[Any, ...]] = []
    kept_at: list[int] = []
    whole = normalize_batch(items)
    if whole is not None:
        # A clean batch (what a desk sends): checked column-wise, every row valid.
        for municipality, unit in {(r[1], r[2]) for r in whole}:
            auth.check_write(account, municipality, unit)
        kept, kept_at, items = whole, list(range(len(whole))), []
    for i, item in enumerate(items):
        try:
            if isinstance(item, ItemError):
                raise item
            row = normalize_registration(item)
        except ItemError as exc:
            original = originals[i]
            rid, rev = item_id(original if isinstance(original, dict | list) else [])
            reg_results[i] = ItemResult(rid, rev, INVALID, str(exc))
            continue
        # Authorisation is for the batch as a whole: one foreign row refuses all of it (and
        # the answer then says nothing about the other rows).
        auth.check_write(account, row[1], row[2])
        problem = registration_problem(row)
        if problem:
            reg_results[i] = ItemResult(row[0], row[15], INVALID, problem)
        else:
            kept.append(row)
            kept_at.append(i)

    total_results, kept_totals, kept_totals_at = _check_totals(account, totals_in)
    applied, applied_totals = storage.apply_batch(
        kept, kept_totals, origin, scope=auth.write_scope(account)
    )
    for i, result in zip(kept_at, applied, strict=True):
        reg_results[i] = result
    for i, result in zip(kept_totals_at, applied_totals, strict=True):
        total_results[i] = result
    summary = dict.fromkeys(STATUSES, 0)
    for answered in (*reg_results, *total_results):
        assert answered is not None
        summary[answered.status] += 1
    return (
        '{"registrations":['
        + _answers_json(reg_results)
        + '],"totals":['
        + ",".join(_item_json(r, checked_id=False) for r in total_results if r is not None)
        + '],"summary":'
        + json.dumps(summary)
        + "}"
    )


def _check_totals(
    account: Account, totals_in: list[Any]
) -> tuple[list[ItemResult | None], list[tuple[Any, ...]], list[int]]:
    """Each total normalised, authorised and checked: (answers so far, kept rows, their
    positions). A total overlapping an earlier one of the same batch is invalid, as on the
    pages' upload: the two would count the same inquiries twice."""
    results: list[ItemResult | None] = [None] * len(totals_in)
    valid: list[tuple[tuple[Any, ...], int]] = []
    for i, obj in enumerate(totals_in):
        try:
            trow = normalize_total(obj)
        except ItemError as exc:
            rid, rev = item_id(obj if isinstance(obj, dict) else [])
            results[i] = ItemResult(rid, rev, INVALID, str(exc))
            continue
        auth.check_write(account, trow[1], None)
        valid.append((trow, i))
    kept: list[tuple[Any, ...]] = []
    kept_at: list[int] = []
    for trow, i in valid:
        problem = total_problem(trow) or overlap_problem(trow, kept)
        if problem:
            results[i] = ItemResult(trow[0], trow[10], INVALID, problem)
        else:
            kept.append(trow)
            kept_at.append(i)
    return results, kept, kept_at


_ANSWER = '{{"id":"{}","revision":{},"status":"{}"}}'.format


def _answers_json(results: list[ItemResult | None]) -> str:
    # Every answer of a clean batch has a checked UUID, a revision and no reason: written by
    # one map over str.format (C), not one Python call per item.
    done = [r for r in results if r is not None]
    if (
        len(done) == len(results)
        and set(map(itemgetter(3), done)) == {None}
        and None not in set(map(itemgetter(1), done))
    ):
        return ",".join(
            map(_ANSWER, map(itemgetter(0), done), map(itemgetter(1), done),
                map(itemgetter(2), done))
        )  # fmt: skip
    return ",".join(_item_json(r, checked_id=True) for r in done)


def _item_json(result: ItemResult, *, checked_id: bool) -> str:
    # A stored registration's id is a checked UUID: no escaping needed, and 100,000 answers
    # are written without building 100,000 dicts. Anything else goes through json.dumps.
    if checked_id and result.reason is None and result.revision is not None:
        return f'{{"id":"{result.id}","revision":{result.revision},"status":"{result.status}"}}'
    return json.dumps(result.as_json(), ensure_ascii=False)
