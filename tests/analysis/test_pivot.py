"""report --pivot ROWS,COLUMNS: a cross-tab of any two breakdowns, each cell against plain
Python over the rows (Danish days and hours, groups from the plan, answers to a question)."""

from __future__ import annotations

import json
import random
from collections import Counter
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tests.analysis.support import GROUPS, apply_plan_with, store_rows
from tests.collector.coordinator_support import run
from tests.helpers import reg
from tracetool import timeutil
from tracetool.model import Registration

GROUP_OF = {
    "259borgerservice": "Borgerservice",
    "259besk": "Jobcenter",
    "259sek": "Jobcenter",
    "259sdp": "Jobcenter",
}


def rows() -> list[Registration]:
    rnd = random.Random(11)
    t0 = datetime(2013, 10, 26, 20, tzinfo=UTC)  # across the end of summer time
    return [
        reg(
            saved_at=t0 + timedelta(minutes=23 * i),
            unit=rnd.choice(("259borgerservice", "259besk", "259telefon", None)),
            channel=rnd.choice(("TLFIND", "PRSNLG")),
            type=rnd.choice(("VEJL", "OPRET")),
            closing=rnd.choice(("STRAKS", "HOLD")),
            form=rnd.choice(("JA", "NEJ", None)),
            task=rnd.choice(("23.05.10", "15.20", "15.20.00")),
            answers={"kunne_web": rnd.choice(("JA", "NEJ"))} if rnd.random() < 0.6 else {},
            count=rnd.choice((1, 2, 3)),
        )
        for i in range(250)
    ]


def local(r: Registration) -> datetime:
    return r.saved_at.astimezone(timeutil.DANISH)


KEYS: dict[str, Callable[[Registration], str]] = {
    "group": lambda r: GROUP_OF.get(r.unit or "", "INGEN"),
    "unit": lambda r: r.unit or "INGEN",
    "channel": lambda r: r.channel,
    "type": lambda r: r.type,
    "closing": lambda r: r.closing,
    "form": lambda r: r.form or "INGEN",
    "task": lambda r: "15.20.00" if r.task == "15.20" else r.task,
    "day": lambda r: local(r).date().isoformat(),
    "hour": lambda r: f"{local(r).hour:02d}",
    "answer:kunne_web": lambda r: r.answers.get("kunne_web", "INGEN"),
}


@pytest.fixture
def stored(tracetool_home: Path, tmp_path: Path) -> list[Registration]:
    apply_plan_with(tmp_path, GROUPS)
    return store_rows(rows())


@pytest.mark.parametrize(
    ("rows_dim", "cols_dim"),
    [
        ("group", "channel"),
        ("unit", "type"),
        ("task", "answer:kunne_web"),
        ("day", "hour"),
        ("form", "closing"),
    ],
)
def test_every_cell_matches_plain_python(
    stored: list[Registration], rows_dim: str, cols_dim: str
) -> None:
    want: Counter[tuple[str, str]] = Counter()
    for r in stored:
        want[KEYS[rows_dim](r), KEYS[cols_dim](r)] += r.count
    code, out, err = run("report", "--json", "--pivot", f"{rows_dim},{cols_dim}")
    assert code == 0, err
    pivot = json.loads(out)["pivot"]
    got = {(r, c): n for r, row in pivot["cells"].items() for c, n in row.items()}
    assert got == {k: n for k, n in want.items() if n}
    assert pivot["total"] == sum(r.count for r in stored)
    assert sum(pivot["row_totals"].values()) == sum(pivot["column_totals"].values())


def test_the_terminal_prints_the_cross_tab(stored: list[Registration]) -> None:
    code, out, err = run("report", "--pivot", "group,channel")
    assert code == 0, err
    jobcenter_phone = sum(
        r.count
        for r in stored
        if GROUP_OF.get(r.unit or "") == "Jobcenter" and r.channel == "TLFIND"
    )
    line = next(line for line in out.splitlines() if "Jobcenter" in line)
    assert f" {jobcenter_phone} " in line
    assert "Krydstabel: Afdeling × Kanal" in out


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("unit", "skriv to fordelinger som RÆKKER,KOLONNER"),
        ("unit,kanal", "ukendt fordeling 'kanal'"),
        ("unit,answer", "svar skrives answer:NØGLE"),
        ("unit,unit", "vælg to forskellige"),
    ],
)
def test_bad_pivots_say_what(stored: object, value: str, expected: str) -> None:
    code, out, err = run("report", "--pivot", value)
    assert (code, out) == (1, "") and expected in err


def test_the_html_holds_the_cross_tab(stored: list[Registration], tmp_path: Path) -> None:
    page = tmp_path / "p.html"
    code, _, err = run("report", "--pivot", "unit,channel", "--html", str(page), "--lang", "en")
    assert code == 0, err
    html = page.read_text(encoding="utf-8")
    assert "Cross-tab: Unit × Channel" in html
    phone = sum(r.count for r in stored if r.unit == "259telefon")
    assert f'<td class="num">{phone}</td></tr>' in html  # the unit's row total
