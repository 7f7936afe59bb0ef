"""Shared helpers for the app's tests: a plan made by planfile, a frozen clock, the stored rows.

Kept as a module of its own (no tests in it) so the flow, snapshot and entry tests agree on
the set-up.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from tracetool import paths
from tracetool.desk.applying import apply_plan
from tracetool.desk.desk import Desk
from tracetool.model import Registration
from tracetool.plan.writing import render_default_plan
from tracetool.store.db import open_database
from tracetool.store.registrations import Query, RegistrationStore
from tracetool.tui.app import TracetoolApp
from tracetool.tui.config import Config

UNIT = "259borgerservice"
YEAR = 2025
# Tuesday 21 October 2025, 09:00 in Denmark: inside the default plan's weeks 43–45.
START = datetime(2025, 10, 21, 7, 0, tzinfo=UTC)

QUESTION = """
[[question]]
key = "underholdsbidrag"
text = "Hvad drejede henvendelsen sig om?"
answers = ["Børnebidrag, normalbidrag", "Forhøjet børnebidrag", "Ægtefællebidrag"]
tasks = ["{task}"]
"""


class FakeClock:
    """The app's clock, moved by the test; frozen unless advanced."""

    def __init__(self, start: datetime = START) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> datetime:
        self.now += timedelta(seconds=seconds)
        return self.now


def make_plan(
    *,
    parameters: tuple[str, ...] = (),
    question_task: str | None = None,
    test_mode: bool = True,
    extra_unit: bool = False,
    tasks: list[str] | None = None,
) -> Path:
    """Write and apply a plan the way a coordinator does (render_default_plan + apply_plan)."""
    text = render_default_plan(259, "Køge", UNIT, year=YEAR)
    if parameters:
        inline = ", ".join(f'"{p}"' for p in parameters)
        text = text.replace("parameters = []", f"parameters = [{inline}]", 1)
    if not test_mode:
        text = text.replace("test_mode = true", "test_mode = false", 1)
    if tasks is not None:
        start = text.index("tasks = [", text.index("[[unit]]"))
        end = text.index("]", start)
        text = text[:start] + "tasks = [" + ", ".join(f'"{t}"' for t in tasks) + text[end:]
    if extra_unit:
        text += (
            '\n[[unit]]\nlogin = "259telefon"\nname = "Telefon"\ntasks = ["23.05.10", "29.03.04"]\n'
        )
    if question_task:
        text += QUESTION.format(task=question_task)
    source = paths.home() / "plan-in.toml"
    source.write_text(text, encoding="utf-8")
    apply_plan(source)
    return source


def make_app(
    clock: FakeClock | None = None, *, lang: str | None = None, config: Config | None = None
) -> TracetoolApp:
    return TracetoolApp(
        Desk.open(), clock=clock or FakeClock(), lang=lang, config=config or Config()
    )


def stored(*, include_deleted: bool = False) -> list[Registration]:
    """Every registration in the store, read through a connection of its own."""
    db = open_database()
    try:
        q = Query(include_test=True, include_deleted=include_deleted)
        return list(RegistrationStore(db).query(q))
    finally:
        db.close()


def history(reg_id: str) -> list[Registration]:
    db = open_database()
    try:
        return RegistrationStore(db).history(reg_id)
    finally:
        db.close()
