"""Tasks as the method counts them: ``15.20`` and ``15.20.00`` are one task in every report
figure, under ``15.20.00``, while the store keeps each code as it came."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlite_utils import Database

from tests.helpers import reg
from tracetool.analysis.report import build_report, report_json
from tracetool.analysis.tasks import method_task
from tracetool.store.db import open_database
from tracetool.store.registrations import RegistrationStore

T = datetime(2013, 10, 21, 9, tzinfo=UTC)


def test_both_spellings_are_one_task(tmp_path: Path) -> None:
    db: Database = open_database(tmp_path / "t.db")
    store = RegistrationStore(db)
    written = [
        ("15.20", "TLFIND", 3, 30),
        ("15.20.00", "PRSNLG", 2, 50),
        ("15.20.00", "TLFIND", 1, 70),
        ("15.20.01", "TLFIND", 4, 10),
    ]
    for task, channel, count, seconds in written:
        store.save(
            reg(
                task=task,
                channel=channel,
                count=count,
                started_at=T - timedelta(seconds=seconds),
                saved_at=T,
            )
        )
    data = report_json(build_report(db))
    assert data["by_task"] == {"15.20.00": 6, "15.20.01": 4}
    assert data["task_by_channel"]["15.20.00"] == {"TLFIND": 4, "PRSNLG": 2}
    assert sum(data["task_by_type"]["15.20.00"].values()) == 6
    assert data["timing_by_task"]["15.20.00"]["n"] == 3
    assert data["timing_by_task"]["15.20.00"]["median_s"] == 50
    stored = sorted(row[0] for row in db.execute("SELECT task FROM registration"))
    assert stored == ["15.20", "15.20.00", "15.20.00", "15.20.01"]  # kept as written


def test_only_the_group_level_form_is_folded() -> None:
    assert method_task("15.20") == "15.20.00"
    assert [method_task(c) for c in ("15.20.00", "15.20.01", "15", "1520", "15.2")] == [
        "15.20.00",
        "15.20.01",
        "15",
        "1520",
        "15.2",
    ]
