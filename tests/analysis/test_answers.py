"""Answers to optional parameters and extra questions in the report: inquiries per answer, and
per task for extra questions, against plain Python over the rows."""

from __future__ import annotations

import json
import random
from collections import Counter, defaultdict
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tests.analysis.support import apply_plan_with, store_rows
from tests.collector.coordinator_support import run
from tests.helpers import reg
from tracetool.model import Registration

QUESTION = """
[[question]]
key = "bidrag"
text = "Hvad drejede henvendelsen sig om?"
answers = ["Børnebidrag", "Ægtefællebidrag"]
tasks = ["23.05.10", "29.03.04"]
"""


def rows() -> list[Registration]:
    rnd = random.Random(3)
    t0 = datetime(2013, 10, 21, 8, tzinfo=UTC)
    out = []
    for i in range(200):
        answers: dict[str, str] = {}
        if rnd.random() < 0.7:
            answers["kunne_web"] = rnd.choice(("JA", "NEJ", "VED_IKKE"))
        if rnd.random() < 0.3:
            answers["koen"] = rnd.choice(("K", "M"))
        task = rnd.choice(("23.05.10", "29.03.04", "05.07.00"))
        if task != "05.07.00" and rnd.random() < 0.8:
            answers["bidrag"] = rnd.choice(("Børnebidrag", "Ægtefællebidrag"))
        out.append(
            reg(
                saved_at=t0 + timedelta(minutes=i),
                task=task,
                answers=answers,
                count=rnd.choice((1, 1, 4)),
            )
        )
    return out


@pytest.fixture
def answered(tracetool_home: Path, tmp_path: Path) -> list[Registration]:
    apply_plan_with(tmp_path, QUESTION)
    return store_rows(rows())


def test_counts_per_answer_and_per_task(answered: list[Registration]) -> None:
    per_answer: defaultdict[str, Counter[str]] = defaultdict(Counter)
    per_task: defaultdict[str, Counter[str]] = defaultdict(Counter)
    for r in answered:
        for key, value in r.answers.items():
            per_answer[key][value] += r.count
        if "bidrag" in r.answers:
            per_task[r.task][r.answers["bidrag"]] += r.count
    code, out, err = run("report", "--json")
    assert code == 0, err
    data = json.loads(out)
    assert data["by_answer"] == {k: dict(v) for k, v in per_answer.items()}
    assert data["answer_by_task"] == {"bidrag": {k: dict(v) for k, v in per_task.items()}}


def test_the_terminal_and_html_name_the_questions(
    answered: list[Registration], tmp_path: Path
) -> None:
    ja = sum(r.count for r in answered if r.answers.get("kunne_web") == "JA")
    code, out, err = run("report")
    assert code == 0, err
    assert "Hvad drejede henvendelsen sig om?" in out and "Børnebidrag" in out
    assert f"{ja}" in out
    page = tmp_path / "r.html"
    assert run("report", "--html", str(page))[0] == 0
    html = page.read_text(encoding="utf-8")
    assert "Svar: Hvad drejede henvendelsen sig om?" in html
    assert "Svar pr. opgave" in html
