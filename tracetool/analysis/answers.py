"""Answers to the optional parameters and the plan's extra questions: inquiries per answer for
each question, and per task for the extra questions (they are asked on chosen tasks)."""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from typing import TYPE_CHECKING, Any

from sqlite_utils import Database

from tracetool.analysis.tasks import method_task

if TYPE_CHECKING:
    from tracetool.analysis.figures import Report


def count_answers(
    db: Database, where: str, params: list[Any], report: Report, parameters: set[str]
) -> None:
    """Fill ``by_answer`` (question key → answer → inquiries) and ``answer_by_task`` (extra
    question key → task → answer → inquiries). ``parameters`` are the codebook's optional
    parameter keys; every other key is an extra question of the plan."""
    # Written as in the partial index idx_registration_answers, so SQLite reads that index.
    clause = "answers != '{}'"
    joined = f"{where} AND {clause}" if where else f" WHERE {clause}"
    sql = f"SELECT task, answers, SUM(count) FROM registration{joined} GROUP BY task, answers"
    by_answer: defaultdict[str, Counter[str]] = defaultdict(Counter)
    by_task: defaultdict[str, defaultdict[str, Counter[str]]] = defaultdict(
        lambda: defaultdict(Counter)
    )
    for task, text, n in db.execute(sql, params):
        for key, answer in json.loads(text).items():
            value = str(answer)
            by_answer[key][value] += n
            if key not in parameters:
                by_task[key][method_task(task)][value] += n
    report.by_answer = {
        key: dict(sorted(c.items(), key=lambda kv: (-kv[1], kv[0])))
        for key, c in sorted(by_answer.items())
    }
    report.answer_by_task = {
        key: {task: dict(c) for task, c in sorted(tasks.items())}
        for key, tasks in sorted(by_task.items())
    }
