"""Shared set-up for the report tests: registrations saved into the CLI's own store."""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from tests.collector.coordinator_support import apply_test_plan, run
from tracetool import paths
from tracetool.desk.applying import apply_plan
from tracetool.model import Registration
from tracetool.store.db import open_database
from tracetool.store.registrations import RegistrationStore

# Departments and channel prices for the report tests.
GROUPS = """
[groups]
"Borgerservice" = ["259borgerservice"]
"Jobcenter" = ["259besk", "259sek", "259sdp"]

[channel_costs]
TLFIND = 45.5
PRSNLG = 80
SLVBTJN = 12
"""


def store_rows(regs: Iterable[Registration]) -> list[Registration]:
    """Save ``regs`` in the store the CLI opens (TRACETOOL_HOME) and return them."""
    saved = list(regs)
    db = open_database(paths.database_path())
    store = RegistrationStore(db)
    for r in saved:
        store.save(r)
    db.close()
    return saved


def apply_plan_with(folder: Path, extra: str) -> Path:
    """The coordinator tests' plan with ``extra`` TOML appended, applied."""
    plan = apply_test_plan(folder)
    plan.write_text(plan.read_text(encoding="utf-8") + extra, encoding="utf-8")
    apply_plan(plan)
    return plan


def report_data(*args: str) -> dict[str, Any]:
    """``tracetool report --json`` with ``args``, parsed (the command must succeed)."""
    code, out, err = run("report", "--json", *args)
    assert code == 0, err
    data: dict[str, Any] = json.loads(out)
    return data
