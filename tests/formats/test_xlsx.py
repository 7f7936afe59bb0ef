"""The xlsx export's reading aids: unit name, task name and duration beside the codes."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import openpyxl

from tests.formats import support as support
from tests.formats.support import do_export, fill
from tracetool import timeutil
from tracetool.codes.codebook import load_codebook
from tracetool.desk.desk import Desk

desk = support.desk

DERIVED = ["Enhedens navn", "Opgavens navn", "Varighed (sek.)"]


def test_names_and_durations_beside_the_codes(desk: Desk, tmp_path: Path) -> None:
    regs = [r for r in fill(desk) if not r.test_mode]
    out = tmp_path / "x.xlsx"
    do_export(desk, "xlsx", out)
    data = list(openpyxl.load_workbook(out)["Data"].iter_rows(values_only=True))
    header = list(data[0])
    fixed = len(load_codebook().format("dl").header)
    assert header[fixed : fixed + 3] == DERIVED
    names = {u.login: u.name for u in desk.plan.units}
    # Independently: each registration's duration from its own times, by its Dato cell.
    expected: dict[datetime, list[int | None]] = {}
    for reg in regs:
        when = timeutil.local(reg.saved_at).replace(tzinfo=None)
        timed = reg.started_at is not None and reg.started_at != reg.saved_at
        seconds = int((reg.saved_at - reg.started_at).total_seconds()) if timed else None
        copies = reg.count
        if reg.count > 1:
            when = when.replace(hour=0, minute=0, second=0)
        expected.setdefault(when, []).extend([seconds] * copies)
    seen: dict[datetime, list[int | None]] = {}
    for row in data[1:]:
        unit, task, dato = row[2], row[3], row[8]
        assert row[fixed] == names.get(unit)  # None: no unit, or a unit outside the plan
        assert row[fixed + 1] == desk.task_title(task)
        seen.setdefault(dato, []).append(row[fixed + 2])
    assert {k: sorted(v, key=str) for k, v in seen.items()} == {
        k: sorted(v, key=str) for k, v in expected.items()
    }
    durations = [d for found in seen.values() for d in found]
    assert all(d > 0 for d in durations if d is not None)
    assert sum(1 for d in durations if d is None) >= 4  # the mass rows at least
