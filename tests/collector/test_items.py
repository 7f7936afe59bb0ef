"""The collector's two ways of checking registrations agree: the column-wise check of a whole
batch (the fast path a desk's sync takes) and the per-row check that names every problem.
"""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.sync.support import registration
from tracetool.collector.items import (
    ItemError,
    normalize_batch,
    normalize_registration,
    registration_problem,
)
from tracetool.store.registrations import COLUMNS, to_row

# Values a broken or hostile client might put in any column.
odd_values = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-3, 3),
    st.sampled_from(
        [
            "",
            "x" * 201,
            "FAXIND",
            "UD",
            "2026-13-40T25:00:00.000000Z",
            "2026-10-19T06:00:00Z",
            '{"koen": "K"}',
            "{not json",
            "019A0000-0000-7000-8000-000000000001",
            10**8,
            2**31,
        ]
    ),
    st.just({"koen": "K"}),
    st.just([1]),
)


@settings(max_examples=300, deadline=None)
@given(
    n=st.integers(1, 12),
    changes=st.lists(
        st.tuples(st.integers(0, 11), st.sampled_from(COLUMNS), odd_values), max_size=3
    ),
    as_bools=st.booleans(),
)
def test_the_batch_check_agrees_with_the_row_check(
    n: int, changes: list[tuple[int, str, Any]], as_bools: bool
) -> None:
    rows: list[list[Any]] = [list(to_row(registration(i))) for i in range(n)]
    for index, column, value in changes:
        rows[index % n][COLUMNS.index(column)] = value
    if as_bools:
        for row in rows:
            row[13], row[16] = bool(row[13]), bool(row[16])
    per_row: list[tuple[Any, ...] | None] = []
    for row in rows:
        try:
            normal = normalize_registration(row)
        except ItemError:
            per_row.append(None)
            continue
        per_row.append(None if registration_problem(normal) else normal)
    whole = normalize_batch(rows)
    if whole is not None:
        # Only ever a verdict of "all valid", and then the very same stored rows.
        assert whole == per_row
    if not changes and not as_bools:
        assert whole is not None  # what a desk sends takes the fast path


def test_a_repeated_or_mixed_shape_batch_goes_the_slow_way() -> None:
    row = list(to_row(registration(1)))
    assert normalize_batch([row, tuple(row)]) is None
    assert normalize_batch([]) is None
    assert normalize_batch([row[:-1]]) is None
    assert normalize_batch([row, row]) == [normalize_registration(row)] * 2
