"""Shared builders for the export and import tests (no tests here)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from tracetool.desk.applying import apply_plan
from tracetool.desk.desk import Desk
from tracetool.formats.exporting import ExportFilter, ExportResult, export
from tracetool.formats.importing import ImportMap, ImportSummary, import_file
from tracetool.model import Registration, Source
from tracetool.plan.writing import render_default_plan
from tracetool.store.registrations import Query

QUESTION = "Hvad drejede henvendelsen sig om?"

EXTRA = f"""
[[unit]]
login = "259telefon"
name = "Telefonen"
tasks = ["23.05.10", "32.15.00"]

[[question]]
key = "underholdsbidrag"
text = "{QUESTION}"
answers = ["Børnebidrag, normalbidrag", "Forhøjet børnebidrag", "Ægtefællebidrag"]
tasks = ["32.15.00"]
"""

T0 = datetime(2013, 10, 21, 7, 20, 41, tzinfo=UTC)  # 09:20:41 Danish summer time


def plan_text() -> str:
    text = render_default_plan(259, "Køge", "259borgerservice", year=2013)
    text = text.replace("test_mode = true", "test_mode = false")
    text = text.replace("parameters = []", 'parameters = ["koen", "postnummer"]', 1)
    return text + EXTRA


@pytest.fixture
def desk(tracetool_home: Path, tmp_path: Path) -> Iterator[Desk]:
    plan = tmp_path / "plan.toml"
    plan.write_text(plan_text(), encoding="utf-8")
    apply_plan(plan)
    the_desk = Desk.open()
    yield the_desk
    the_desk.close()


@pytest.fixture
def fresh(desk: Desk, tmp_path: Path) -> Iterator[Desk]:
    """A second, empty store on the same plan: where an export is re-imported."""
    other = Desk.open(tmp_path / "fresh.db")
    yield other
    other.close()


def make(**changes: Any) -> Registration:
    base = Registration(
        municipality=259,
        unit="259borgerservice",
        direction="IND",
        channel="PRSNLG",
        task="23.05.10",
        type="VEJL",
        closing="STRAKS",
        form="NEJ",
        saved_at=T0,
        started_at=T0 - timedelta(seconds=29),
        source=Source.APP.value,
    )
    return base.but(**changes)


def fill(desk: Desk) -> list[Registration]:
    """A small, varied store: timers, no timers, forms, answers, a mass registration, test data."""
    regs = [
        make(),
        make(channel="TLFIND", form=None, saved_at=T0 + timedelta(minutes=3), started_at=None),
        make(
            channel="EMLIND",
            type="INFO",
            closing="HOLD",
            form="JA",
            saved_at=T0 + timedelta(minutes=5, seconds=2),
            answers={"koen": "K", "postnummer": "4600"},
        ),
        make(
            unit="259telefon",
            channel="TLFIND",
            form=None,
            task="32.15.00",
            saved_at=T0 + timedelta(hours=1),
            answers={"underholdsbidrag": "Børnebidrag, normalbidrag"},
        ),
        make(
            channel="PPRUD",
            direction="UD",
            form=None,
            source=Source.CLI.value,
            saved_at=T0 + timedelta(days=1),
            started_at=None,
        ),
        make(
            saved_at=T0 + timedelta(hours=5),
            started_at=None,
            count=4,
            source=Source.MASS.value,
        ),
        make(saved_at=T0 + timedelta(hours=2), test_mode=True),
    ]
    for reg in regs:
        desk.store.save(reg)
    return regs


def do_export(desk: Desk, fmt: str, out: Path, **kwargs: Any) -> ExportResult:
    where = kwargs.pop("where", None) or ExportFilter()
    return export(
        desk.db,
        desk.codebook,
        desk.plan,
        fmt,
        out,
        where=where,
        task_title=desk.task_title,
        **kwargs,
    )


def do_import(desk: Desk, path: Path, **kwargs: Any) -> ImportSummary:
    mapping: ImportMap | None = kwargs.pop("mapping", None)
    return import_file(
        desk.db,
        desk.codebook,
        desk.plan,
        path,
        mapping=mapping,
        task_status=desk.task_status,
        **kwargs,
    )


def count(desk: Desk) -> int:
    return int(desk.db.execute("SELECT COUNT(*) FROM registration").fetchone()[0])


def content(desk: Desk) -> list[tuple[Any, ...]]:
    """What the stored rows say (without ids, sources and keys), in order."""
    rows = desk.store.query(Query(include_test=True))
    return sorted(
        (
            r.municipality,
            r.unit,
            r.direction,
            r.channel,
            r.task,
            r.type,
            r.closing,
            r.form,
            r.saved_at,
            r.started_at,
            tuple(sorted(r.answers.items())),
            r.count,
        )
        for r in rows
    )


def write(path: Path, text: str, encoding: str = "cp1252") -> Path:
    path.write_bytes(text.replace("\n", "\r\n").encode(encoding))
    return path
