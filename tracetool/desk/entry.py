"""The registration line: what one keystroke does, apart from any screen.

The app (and anything else that registers by keys) keeps one ``Entry`` per line. It knows the
fields the plan asks for, which key picks which value, which values carry over from the last
registration (sticky defaults), the timer and the auto-repeat guard. It never saves: it hands
the front end the keyword arguments for ``Desk.register`` (``desk.register_all`` saves them), so
the same validation applies.

Beside the line, in modules of their own: its clock (``timing``), the carried values
(``carried``), the small queries the app shows (``beside``) and task search (``search``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

from tracetool.codes.codebook import Codebook
from tracetool.desk.carried import Habit
from tracetool.desk.choices import (
    CHANNEL,
    CLOSING,
    FORM,
    LETTERS,
    TASK,
    TYPE,
    Field,
    Kind,
    LineChoices,
)
from tracetool.desk.timing import IDLE_RESTART, LineClock
from tracetool.model import Registration
from tracetool.plan.model import Plan, Unit

Outcome = Literal["picked", "moved", "changed", "ignored"]
Values = tuple[str | None, str | None, str | None]  # type, closing, form
SaveCheck = Literal["ok", "missing"]


@dataclass
class Entry(LineChoices, LineClock):
    """One registration line with its sticky defaults, focus, timer and repeat guard."""

    codebook: Codebook
    plan: Plan
    unit: Unit
    lang: str = "da"
    favourites: tuple[str, ...] = ()
    direction: str = "IND"
    channel: str | None = None
    tasks: list[str | None] = field(default_factory=lambda: [None])
    slot: int = 0
    type: str | None = None
    closing: str | None = None
    remembered_form: str | None = None
    form_channel: str | None = None  # the channel the remembered form answer was given for
    answers: dict[str, str] = field(default_factory=dict)
    focus: Field = TASK
    started: datetime | None = None
    touched: datetime | None = None
    last_enter: datetime | None = None
    task_title: Callable[[str], str] | None = None
    habits: dict[str, Habit] = field(default_factory=dict)
    # The fields set for this inquiry (by key, click or search); the others are carried
    # from the last registration or brought by the task's habit, and look it.
    chosen: set[Kind] = field(default_factory=set)
    # '+': the type, closing and form of each task before the last (the one being keyed).
    frozen: list[Values] = field(default_factory=list)

    @classmethod
    def start(
        cls,
        codebook: Codebook,
        plan: Plan,
        unit: Unit,
        last: Registration | None = None,
        *,
        lang: str = "da",
        favourites: Iterable[str] = (),
        task_title: Callable[[str], str] | None = None,
        habits: dict[str, Habit] | None = None,
        editing: bool = False,
    ) -> Entry:
        """A line starting from ``last``: carried as the next inquiry's defaults, or, when
        ``editing``, the row being corrected as it is."""
        entry = cls(
            codebook=codebook,
            plan=plan,
            unit=unit,
            lang=lang,
            favourites=tuple(favourites),
            task_title=task_title,
            habits=habits if habits is not None else {},
        )
        if last is not None:
            entry.load(last)
            if not editing:
                entry._forget_fejl()
        entry.focus = entry.home_field()
        return entry

    def load(self, reg: Registration) -> None:
        """Take every field from ``reg`` (the sticky defaults, or a row being corrected)."""
        channel = self.codebook.channel(reg.channel)
        if channel is not None and self._channel_allowed(reg.channel):
            self.direction = channel.direction
            self.channel = reg.channel
        self.tasks = [reg.task]
        self.slot = 0
        self.frozen = []
        self.type = reg.type if self.codebook.type(reg.type) else None
        self.closing = reg.closing if self.codebook.closing(reg.closing) else None
        if reg.form is not None:
            self.remembered_form = reg.form
            self.form_channel = reg.channel
        self.answers = {}

    def _forget_fejl(self) -> None:
        """FEJL belongs to the misdirected call alone: the next line starts without it."""
        if self.type == "FEJL" or self.codebook.fejl_task.kle in self.tasks:
            self.tasks = [None]
            self.slot = 0
            self.type = None

    def chosen_fields(self) -> set[Field]:
        return {f for f in self.fields() if f.kind in self.chosen}

    def _bring_habit(self, task: str) -> None:
        """A task key brings the task's usual type, closing and form at this desk, where
        none was chosen for this inquiry."""
        habit = self.habits.get(task)
        if habit is None:
            if self.type == "FEJL":
                self.type = None  # the misdirected call's type is no default
            return
        if "type" not in self.chosen:
            self.type = Habit.usual(habit.types) or self.type
        if "closing" not in self.chosen:
            self.closing = Habit.usual(habit.closings) or self.closing
        if "form" not in self.chosen and self.asks_form and habit.forms:
            self.remembered_form = Habit.usual(habit.forms)
            self.form_channel = self.channel

    # -- fields ---------------------------------------------------------------------------

    @property
    def form(self) -> str | None:
        """The form answer, only for a channel that asks it and the one it was given for."""
        if not self.asks_form or self.form_channel != self.channel:
            return None
        return self.remembered_form

    @property
    def asks_form(self) -> bool:
        chan = self.codebook.channel(self.channel) if self.channel else None
        return chan is not None and chan.asks_form

    @property
    def task(self) -> str | None:
        return self.tasks[self.slot]

    def fields(self) -> list[Field]:
        result = [CHANNEL, TASK, TYPE, CLOSING]
        if self.asks_form:
            result.append(FORM)
        for key in self.unit.parameters:
            if self.codebook.parameter(key) is not None:
                result.append(Field("param", key))
        seen: set[str] = set()
        for task in self.tasks:
            if task is None:
                continue
            for q in self.plan.questions_for(task):
                if q.key not in seen:
                    seen.add(q.key)
                    result.append(Field("question", q.key))
        return result

    def home_field(self) -> Field:
        """Where the cursor waits for a new inquiry: the first gap, else the task.

        The task is what changes most between inquiries, so waiting there makes a different
        task with the rest unchanged two keys (task, Enter).
        """
        missing = self.missing(core_only=True)
        return missing[0] if missing else TASK

    def value(self, f: Field) -> str | None:
        if f.kind == "channel":
            return self.channel
        if f.kind == "task":
            return self.task
        if f.kind == "type":
            return self.type
        if f.kind == "closing":
            return self.closing
        if f.kind == "form":
            return self.form
        return self.answers.get(f.key)

    def missing(self, *, core_only: bool = False) -> list[Field]:
        gaps: list[Field] = []
        if self.channel is None:
            gaps.append(CHANNEL)
        if any(t is None for t in self.tasks):
            gaps.append(TASK)
        if self.type is None:
            gaps.append(TYPE)
        if self.closing is None:
            gaps.append(CLOSING)
        if self.asks_form and self.form is None:
            gaps.append(FORM)
        if not core_only:
            gaps += [
                f
                for f in self.fields()
                if f.kind in ("param", "question") and f.key not in self.answers
            ]
        return gaps

    # -- choices --------------------------------------------------------------------------

    def channel_key(self, key: str, now: datetime) -> Outcome:
        """F5–F12: the channel, from wherever the cursor is; the cursor stays (on the task
        when it was on the channel, or on a form question the new channel does not ask)."""
        code = self.channel_keys().get(key)
        if code is None:
            return "ignored"
        self.touch(now)
        focus = self.focus
        self.pick(CHANNEL, code)
        if focus != CHANNEL and focus in self.fields():
            self.focus = focus
        return "picked"

    def label(self, f: Field) -> str:
        """The chosen value's text for field ``f`` ('' when unset)."""
        code = self.value(f)
        if code is None:
            return ""
        if f.kind == "task":
            return self.title(code)
        for choice in self.choices(f) if f.kind != "channel" else self.all_channels():
            if choice.code == code:
                return choice.label
        return code

    def hotkey_of(self, f: Field) -> str | None:
        code = self.value(f)
        if code is None:
            return None
        choices = self.channel_choices(self.direction) if f.kind == "channel" else self.choices(f)
        return next((c.hotkey for c in choices if c.code == code), None)

    # -- keys -----------------------------------------------------------------------------

    def press(self, char: str, now: datetime) -> Outcome:
        """A printable key in the focused field: pick the value with that hotkey."""
        f = self.focus
        if f.kind == "channel":
            lowered = char.lower()
            if lowered in ("i", "u"):
                self.touch(now)
                self.set_direction("IND" if lowered == "i" else "UD")
                return "changed"
        letter = LETTERS.get(char.lower()) if f.kind in ("type", "closing", "form") else None
        if letter is not None:
            return self._letter(letter, now)
        if self.is_postcode(f):
            return self._postcode_digit(f, char, now)
        key = char.upper() if f.kind in ("task", "question") else char
        choice = next((c for c in self.choices(f) if c.hotkey == key), None)
        if choice is None or (f == TYPE and self.task == self.codebook.fejl_task.kle):
            return "ignored"  # a misdirected call's type is FEJL, whatever is typed
        if f == TASK and choice.code in self.tasks[: self.slot]:
            return "ignored"  # already a task of this contact
        self.touch(now)
        self.pick(f, choice.code)
        return "picked"

    def _letter(self, letter: tuple[Field, str], now: datetime) -> Outcome:
        """s/v (closing) and j/n (form) from the type, closing or form field, without going there.

        Letters are free outside the channel and task fields, so the two yes/no-like fields
        need no Tab to reach: task, v, Enter registers a task put aside for later.
        """
        target, code = letter
        if target == FORM and not self.asks_form:
            return "ignored"
        self.touch(now)
        if self.focus == target:
            self.pick(target, code)
            return "picked"
        self.chosen.add(target.kind)
        if target == CLOSING:
            self.closing = code
        else:
            self.remembered_form = code
            self.form_channel = self.channel
        return "changed"

    def _postcode_digit(self, f: Field, char: str, now: datetime) -> Outcome:
        if not char.isdigit():
            return "ignored"
        self.touch(now)
        current = self.answers.get(f.key, "")
        current = char if len(current) >= 4 else current + char
        self.answers[f.key] = current
        if len(current) == 4:
            self._advance(f)
            return "picked"
        return "changed"

    def backspace(self, now: datetime) -> Outcome:
        """Backspace: drop an added task, or the last postcode digit, or clear an answer."""
        f = self.focus
        self.touch(now)
        if f.kind == "task" and len(self.tasks) > 1:
            del self.tasks[self.slot]
            self.slot = len(self.tasks) - 1
            self.type, self.closing, form = self.frozen.pop()
            self.remembered_form, self.form_channel = form, self.channel
            return "changed"
        if f.kind in ("param", "question") and f.key in self.answers:
            if self.is_postcode(f) and len(self.answers[f.key]) > 1:
                self.answers[f.key] = self.answers[f.key][:-1]
            else:
                del self.answers[f.key]
            return "changed"
        return "ignored"

    def set_direction(self, direction: str) -> None:
        self.direction = direction
        chan = self.codebook.channel(self.channel) if self.channel else None
        if chan is not None and chan.direction != direction:
            self.channel = None
            self.chosen.add("channel")

    def pick(self, f: Field, code: str) -> None:
        """Set field ``f`` to ``code`` and move the cursor to the next field."""
        self.chosen.add(f.kind)
        if f.kind == "channel":
            chan = self.codebook.channel(code)
            if chan is not None:
                self.direction = chan.direction
            self.channel = code
            if code != self.form_channel:
                self.remembered_form = None  # never carried to another channel
        elif f.kind == "task":
            self.tasks[self.slot] = code
            self._drop_stale_answers()
            if code == self.codebook.fejl_task.kle:
                # Desk.build forces FEJL anyway; showing it keeps screen and row in step.
                self.type = "FEJL"
                f = TYPE
            else:
                self._bring_habit(code)
        elif f.kind == "type":
            self.type = code
        elif f.kind == "closing":
            self.closing = code
        elif f.kind == "form":
            self.remembered_form = code
            self.form_channel = self.channel
        else:
            self.answers[f.key] = code
        self._advance(f)

    def pick_task(self, kle: str, now: datetime) -> None:
        """A task chosen by search or mouse rather than by its hotkey."""
        if kle in self.tasks[: self.slot]:
            return  # already a task of this contact
        self.touch(now)
        self.focus = TASK
        self.pick(TASK, kle)

    def _drop_stale_answers(self) -> None:
        keep = {q.key for t in self.tasks if t for q in self.plan.questions_for(t)}
        keep |= set(self.unit.parameters)
        self.answers = {k: v for k, v in self.answers.items() if k in keep}

    def _advance(self, f: Field) -> None:
        """Always the next field, never a jump: staff type the fields in order from habit
        (TraceTool's sequence), so a skipped field would put their next key in the wrong one."""
        fields = self.fields()
        if f not in fields:
            self.focus = TASK
            return
        i = fields.index(f)
        self.focus = fields[min(i + 1, len(fields) - 1)]

    def move(self, delta: int) -> None:
        """Tab / Shift+Tab (and the arrow keys): the next or previous field, wrapping."""
        fields = self.fields()
        i = fields.index(self.focus) if self.focus in fields else 1
        self.focus = fields[(i + delta) % len(fields)]

    def focus_on(self, f: Field) -> None:
        if f in self.fields():
            self.focus = f

    def add_task(self, now: datetime) -> bool:
        """'+': one more task for the same contact (one registration per task). The task so
        far keeps its type, closing and form; the new one starts from them, carried."""
        gaps = self.missing(core_only=True)
        if gaps or self.task == self.codebook.fejl_task.kle:
            self.focus = gaps[0] if gaps else TASK
            return False
        self.touch(now)
        self.frozen.append((self.type, self.closing, self.form))
        self.chosen -= {"type", "closing", "form"}
        self.tasks.append(None)
        self.slot = len(self.tasks) - 1
        self.focus = TASK
        return True

    # -- saving ---------------------------------------------------------------------------

    def check_save(self, now: datetime) -> SaveCheck:
        """'missing' moves the cursor to the first gap."""
        gaps = self.missing()
        if gaps:
            self.focus = gaps[0]
            return "missing"
        return "ok"

    def values_of(self, slot: int) -> Values:
        """Type, closing and form of the line's task ``slot``."""
        if slot < len(self.frozen):
            return self.frozen[slot]
        return (self.type, self.closing, self.form)

    def registrations(self, now: datetime) -> list[dict[str, Any]]:
        """Keyword arguments for ``Desk.register``, one per task (the timer shared)."""
        if self.started is None or now - (self.touched or now) > IDLE_RESTART:
            self.started = now
        param_keys = [k for k in self.unit.parameters if k in self.answers]
        result: list[dict[str, Any]] = []
        for i, task in enumerate(self.tasks):
            assert task is not None, "check_save() first"
            kind, closing, form = self.values_of(i)
            answers = {k: self.answers[k] for k in param_keys}
            for q in self.plan.questions_for(task):
                if q.key in self.answers:
                    answers[q.key] = self.answers[q.key]
            result.append(
                {
                    "channel": self.channel,
                    "task": task,
                    "type": kind,
                    "closing": closing,
                    "form": form,
                    "unit": self.unit.login,
                    "answers": answers,
                    "started_at": self.started,
                }
            )
        return result

    def saved(self, now: datetime) -> None:
        """After a save: the values stay as the next inquiry's defaults (not FEJL), the
        tasks' habits learn this one, the line starts afresh."""
        for i, task in enumerate(self.tasks):
            kind, closing, form = self.values_of(i)
            if task is not None and kind is not None and closing is not None and kind != "FEJL":
                self.habits.setdefault(task, Habit()).learn(kind, closing, form)
        self.tasks = [self.tasks[-1]]
        self.frozen = []
        self.slot = 0
        self._forget_fejl()
        self.chosen = set()
        self.answers = {}
        self.started = None
        self.touched = None
        self.focus = self.home_field()
