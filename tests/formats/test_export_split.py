"""A large export written by two processes gives the very bytes one process writes."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from tests.formats import support as support
from tests.formats.support import T0, do_export, make
from tracetool.desk.desk import Desk
from tracetool.errors import FileFormatError
from tracetool.formats import export_split
from tracetool.formats.exporting import ExportFilter
from tracetool.model import Source

desk = support.desk


def fill_days(desk: Desk) -> None:
    """Twelve days across the end of summer time (27-10-2013), with mass registrations saved
    late in their day (written first in it), answers, test data and several units."""
    for day in range(12):
        base = T0 + timedelta(days=day)
        for i in range(6):
            desk.store.save(
                make(
                    saved_at=base + timedelta(minutes=37 * i),
                    started_at=base + timedelta(minutes=37 * i, seconds=-20) if i % 2 else None,
                    channel="EMLIND" if i == 3 else "PRSNLG",
                    form="JA" if i == 3 else "NEJ",
                    unit="259telefon" if i == 4 else "259borgerservice",
                    answers={"koen": "M"} if i == 2 else {},
                )
            )
        desk.store.save(
            make(saved_at=base + timedelta(hours=9), started_at=None, count=3, source="mass")
        )
        desk.store.save(make(saved_at=base + timedelta(hours=1), test_mode=True))
    # A mass registration saved just after 23:00 UTC: already the next Danish day.
    desk.store.save(
        make(
            saved_at=T0.replace(hour=23, minute=30) + timedelta(days=5),
            started_at=None,
            count=2,
            source=Source.MASS.value,
        )
    )


def both_ways(
    desk: Desk, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fmt: str, **kwargs: object
) -> tuple[bytes, bytes]:
    monkeypatch.setattr(export_split, "SPLIT_MIN_ROWS", 10**9)
    one = tmp_path / f"one.{fmt}"
    first = do_export(desk, fmt, one, **kwargs)
    monkeypatch.setattr(export_split, "SPLIT_MIN_ROWS", 1)
    where = kwargs.get("where") or ExportFilter()
    assert isinstance(where, ExportFilter)
    assert export_split.split_day(desk.db.conn, where) is not None  # it does split
    two = tmp_path / f"two.{fmt}"
    second = do_export(desk, fmt, two, **kwargs)
    assert (first.rows, first.registrations) == (second.rows, second.registrations)
    return one.read_bytes(), two.read_bytes()


@pytest.mark.parametrize(("fmt", "encoding"), [("dl", None), ("dl", "utf-8-sig"), ("upload", None)])
def test_two_processes_write_the_same_bytes(
    desk: Desk,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    fmt: str,
    encoding: str | None,
) -> None:
    fill_days(desk)
    one, two = both_ways(desk, tmp_path, monkeypatch, fmt, encoding=encoding)
    assert one == two
    assert two.count(b"\r\n") == 1 + 12 * 6 + 12 * 3 + 2
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []


def test_a_filtered_export_splits_inside_its_period(
    desk: Desk, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fill_days(desk)
    where = ExportFilter(start=date(2013, 10, 23), end=date(2013, 10, 29), unit="259borgerservice")
    one, two = both_ways(desk, tmp_path, monkeypatch, "dl", where=where)
    assert one == two
    day = export_split.split_day(desk.db.conn, where)
    assert day is not None and date(2013, 10, 23) < day <= date(2013, 10, 29)
    assert b"259telefon" not in two and b"22-10-2013" not in two and b"30-10-2013" not in two


def test_an_unwritable_value_in_the_second_part_names_its_line(
    desk: Desk, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fill_days(desk)
    desk.store.save(make(unit="259\u0141odz", saved_at=T0 + timedelta(days=10, minutes=5)))
    out = tmp_path / "out"
    out.mkdir()
    monkeypatch.setattr(export_split, "SPLIT_MIN_ROWS", 10**9)
    with pytest.raises(FileFormatError) as single:
        do_export(desk, "dl", out / "one.csv")
    monkeypatch.setattr(export_split, "SPLIT_MIN_ROWS", 1)
    with pytest.raises(FileFormatError) as split:
        do_export(desk, "dl", out / "two.csv")
    assert split.value.line is not None and split.value.line > 40
    assert (split.value.line, split.value.column, split.value.value) == (
        single.value.line,
        single.value.column,
        single.value.value,
    )
    assert str(split.value).startswith(str(out / "two.csv"))
    assert list(out.iterdir()) == []  # no export, no part left behind


def test_progress_counts_both_parts(
    desk: Desk, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fill_days(desk)
    monkeypatch.setattr(export_split, "SPLIT_MIN_ROWS", 1)
    seen: list[tuple[int, int | None]] = []
    result = do_export(desk, "dl", tmp_path / "x.csv", progress=lambda d, t: seen.append((d, t)))
    assert seen[-1] == (result.rows, result.rows)
    assert all(done <= result.rows for done, _ in seen)


def test_no_split_for_few_rows_or_a_single_day(desk: Desk, monkeypatch: pytest.MonkeyPatch) -> None:
    for i in range(5):
        desk.store.save(make(saved_at=T0 + timedelta(minutes=i)))
    assert export_split.split_day(desk.db.conn, ExportFilter()) is None  # below the minimum
    monkeypatch.setattr(export_split, "SPLIT_MIN_ROWS", 1)
    assert export_split.split_day(desk.db.conn, ExportFilter()) is None  # one day only
    desk.store.save(make(saved_at=T0 + timedelta(days=2)))
    assert export_split.split_day(desk.db.conn, ExportFilter()) == date(2013, 10, 22)
