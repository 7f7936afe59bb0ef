"""Property tests for the edge validation every way in shares (``tracetool.bounds``): any
string, any integer, any date text is either accepted inside the bounds or refused with a short
reason; nothing else ever escapes (no OverflowError, no UnicodeEncodeError, no RecursionError).
"""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.sync.support import registration
from tracetool import bounds, timeutil
from tracetool.codes.codebook import load_codebook
from tracetool.collector.items import (
    ItemError,
    normalize_batch,
    normalize_registration,
    normalize_total,
)
from tracetool.plan.validation import check_registration
from tracetool.store.registrations import COLUMNS, to_row

CONTROL = re.compile(r"[\x00-\x1f\x7f\ud800-\udfff]")
# Any text: every code point, lone surrogates included, from empty to past every limit.
ANY_TEXT = st.text(st.characters(codec=None, min_codepoint=0), max_size=300) | st.sampled_from(
    ["", "\x00", "\ud800", "a" * 201, "a" * 200, "259telefon\x00", "x\udfff"]
)
ANY_INT = st.integers() | st.sampled_from([2**63, -(2**63) - 1, 10**20, 0, -1, True])
DATE_TEXT = (
    st.from_regex(r"\A\d{1,4}-\d{1,2}-\d{1,2}\Z")
    | st.from_regex(r"\A\d{1,2}-\d{1,2}-\d{1,4}\Z")
    | st.sampled_from(["9999-12-31", "0001-01-01", "31-12-9999", "2099-12-31", "2000-01-01"])
    | ANY_TEXT
)
TEXT_FIELDS = ("unit", "direction", "channel", "task", "type", "closing", "form", "source")


@given(ANY_TEXT)
def test_text_is_accepted_exactly_when_printable_and_of_sane_length(value: str) -> None:
    problem = bounds.text_problem(value)
    wanted = 0 < len(value) <= bounds.TEXT_MAX and not CONTROL.search(value)
    assert (problem is None) == wanted
    if problem:
        assert all(len(p) < 400 for p in problem)  # a reason never echoes a long value
    else:
        value.encode("utf-8")  # what a database will be asked to store


@given(st.one_of(ANY_TEXT, ANY_INT, st.binary(max_size=500), st.lists(st.integers())))
def test_shown_is_short_for_any_value(value: Any) -> None:
    assert len(bounds.shown(value)) <= bounds.QUOTE_MAX + 40


@given(DATE_TEXT)
def test_a_day_is_inside_the_years_or_refused_with_a_value_error(text: str) -> None:
    try:
        day = timeutil.parse_day(text)
    except ValueError as exc:
        assert len(str(exc)) < 300
        return
    assert bounds.YEAR_MIN <= day.year <= bounds.YEAR_MAX
    # What the API then computes never overflows.
    timeutil.to_db(timeutil.day_start_utc(day + timedelta(days=1)))


def _wire(**changes: Any) -> list[Any]:
    row = dict(zip(COLUMNS, to_row(registration(1)), strict=True))
    return list({**row, **changes}.values())


@settings(max_examples=300)
@given(st.sampled_from(TEXT_FIELDS), ANY_TEXT)
def test_any_text_in_a_row_is_stored_clean_or_refused_as_invalid(field: str, value: str) -> None:
    values = _wire(**{field: value})
    try:
        row = normalize_registration(values)
    except ItemError as exc:
        assert len(str(exc)) < 800
        return
    stored = row[COLUMNS.index(field)]
    assert stored is None or (bounds.text_problem(stored) is None)
    # The column-wise path a desk's clean batch takes agrees with the per-row path.
    batch = normalize_batch([values])
    assert batch is None or batch == [row]


@given(st.sampled_from(("municipality", "count", "revision")), ANY_INT)
def test_any_integer_in_a_row_is_bounded_or_refused(field: str, value: int) -> None:
    try:
        row = normalize_registration(_wire(**{field: value}))
    except ItemError as exc:
        assert len(str(exc)) < 800
        return
    assert abs(row[COLUMNS.index(field)]) < 2**31


@given(st.sampled_from(("saved_at", "started_at")), ANY_TEXT | DATE_TEXT)
def test_any_time_text_in_a_row_is_inside_the_years_or_refused(field: str, value: str) -> None:
    try:
        row = normalize_registration(_wire(**{field: value}))
    except ItemError:
        return
    assert bounds.YEAR_MIN <= int(row[COLUMNS.index(field)][:4]) <= bounds.YEAR_MAX


@given(
    st.sampled_from(("id", "unit", "channel", "from_date", "to_date", "source", "created_at")),
    ANY_TEXT | DATE_TEXT,
    ANY_INT,
)
def test_any_total_is_clean_or_refused(field: str, text: str, number: int) -> None:
    from tests.sync.support import total

    for obj in (total(1, **{field: text}), total(1, count=number), total(1, revision=number)):
        try:
            row = normalize_total(obj)
        except ItemError as exc:
            assert len(str(exc)) < 800
            continue
        assert all(bounds.text_problem(v) is None for v in row[3:7] if isinstance(v, str))


@settings(max_examples=200)
@given(ANY_TEXT, ANY_TEXT)
def test_the_desks_validation_refuses_unprintable_units_and_answers(unit: str, answer: str) -> None:
    reg = registration(1).but(unit=unit, answers={"koen": answer})
    problems = check_registration(reg, load_codebook(), None, rules="history")
    where = {p.where for p in problems}
    if bounds.text_problem(unit):
        assert any("unit" in f.lower() or "enhed" in f.lower() for f in where), where
    if bounds.text_problem(answer):
        assert "svar.koen" in where


def test_plan_check_refuses_what_would_block_every_sync_later() -> None:
    """A NUL in a unit's login passed ``plan check`` on the desk and then made every sync to
    PostgreSQL give up; a plan nested thousands deep crashed the reader."""
    import pytest

    from tests.helpers import PLAN
    from tracetool.errors import ValidationError
    from tracetool.plan import planfile, writing

    text = writing.dump_plan(PLAN)
    bad = text.replace('login = "259telefon"', 'login = "259tele\\u0000fon"', 1)
    assert bad != text
    with pytest.raises(ValidationError) as found:
        planfile.parse_plan(bad, "plan.toml")
    assert any("login" in p.where and "U+0000" in p.reason for p in found.value.problems)
    with pytest.raises(ValidationError) as deep:
        planfile.parse_plan("a = " + "[" * 50_000 + "]" * 50_000, "plan.toml")
    assert "dybt" in str(deep.value.problems[0])
