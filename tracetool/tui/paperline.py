"""Paper mode's line: a whole line from the log sheet (``2341 x3 @09``) typed and saved at once.

The same lines as ``tracetool paper enter`` (read by ``tracetool.desk.paper``), so twenty
identical ticks are one line with ``x20``, not twenty Enters against the repeat guard. A running
count says how much of the sheet is in.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Input, Static

from tracetool.desk.desk import Desk
from tracetool.desk.paper import enter_line
from tracetool.errors import TracetoolError
from tracetool.model import Registration
from tracetool.plan.model import Unit
from tracetool.tui.texts import Texts

Target = tuple[Desk, Unit, date, int]  # where a line goes: desk, unit, the sheet's day and hour


class PaperLine(Vertical):
    DEFAULT_CSS = """
    PaperLine { height: auto; display: none; }
    PaperLine #paper-input { width: 100%; }
    PaperLine #paper-count { height: 1; padding: 0 1; }
    PaperLine #paper-problem { height: auto; padding: 0 1; color: $error; text-style: bold; }
    """

    class Saved(Message):
        def __init__(self, registration: Registration, text: str) -> None:
            super().__init__()
            self.registration = registration
            self.text = text

    def __init__(self, t: Texts, target: Callable[[], Target | None], *, id: str | None = None):
        super().__init__(id=id)
        self.t = t
        # Asked at each line, so a unit switched in the middle of a sheet is followed.
        self.target = target
        self.lines = 0
        self.inquiries = 0

    def compose(self) -> ComposeResult:
        yield Input(placeholder=self.t("paperline.placeholder"), id="paper-input")
        yield Static("", id="paper-count", markup=False)
        yield Static("", id="paper-problem", markup=False)

    def start(self) -> None:
        """Paper mode began (or moved to another sheet): count afresh and take the keyboard."""
        self.lines = self.inquiries = 0
        self.display = True
        self._show_count()
        self.query_one(Input).focus()

    def stop(self) -> None:
        self.display = False

    def _show_count(self, problem: str = "") -> None:
        count = self.t("paperline.count", lines=self.lines, n=self.inquiries)
        self.query_one("#paper-count", Static).update(count)
        self.query_one("#paper-problem", Static).update(problem)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        text = event.value.strip()
        target = self.target()
        if not text or target is None:
            return
        desk, unit, day, hour = target
        try:
            reg = enter_line(desk, unit, text, day, hour)
        except TracetoolError as exc:
            # The line stays for mending; nothing was saved.
            self._show_count(self.t("paperline.bad", error=exc))
            return
        self.lines += 1
        self.inquiries += reg.count
        event.input.clear()
        self._show_count()
        self.post_message(self.Saved(reg, text))
