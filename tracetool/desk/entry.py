"""The registration line: what one keystroke does, apart from any screen.

The app (and anything else that registers by keys) keeps one ``Entry`` per line. It knows the
fields the plan asks for, which key picks which value, which values carry over from the last
registration (sticky defaults), the timer and the auto-repeat guard. It never saves: it hands
the front end the keyword arguments for ``Desk.register``, so the same validation applies.

Also here: the small queries the app shows beside the line (counts, today's registrations,
most used tasks), the unit's pinned favourites and task search, so they can be tested without
a terminal.
"""

from __future__ import annotations

import importlib
import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any, Literal

from sqlite_utils import Database

from tracetool import timeutil
from tracetool.codes.codebook import Codebook
from tracetool.errors import TracetoolError
from tracetool.model import Registration
from tracetool.plan.model import TASK_HOTKEYS, Plan, Unit
from tracetool.store import settings
from tracetool.store.registrations import COLUMNS, Query, from_row

if TYPE_CHECKING:
    from tracetool.desk.desk import Desk

# A line nobody touched for this long is a new inquiry, not a ten-minute one.
IDLE_RESTART = timedelta(minutes=10)
# A key held down repeats Enter every ~30–50 ms; no person saves two inquiries within this.
REPEAT_GUARD = timedelta(milliseconds=300)
FEJL_KEY = "0"

Kind = Literal["channel", "task", "type", "closing", "form", "param", "question"]


@dataclass(frozen=True)
class Field:
    kind: Kind
    key: str = ""

    @property
    def id(self) -> str:
        return f"{self.kind}:{self.key}" if self.key else self.kind


CHANNEL = Field("channel")
TASK = Field("task")
TYPE = Field("type")
CLOSING = Field("closing")
FORM = Field("form")

# Mnemonic letters (Danish first, the English form answer too): Straks / Videre behandling,
# Ja / Nej (Yes). They work in the type, closing and form fields, where letters pick nothing
# else (extra questions may have answers A–Z).
LETTERS: dict[str, tuple[Field, str]] = {
    "s": (CLOSING, "STRAKS"),
    "v": (CLOSING, "HOLD"),
    "j": (FORM, "JA"),
    "y": (FORM, "JA"),
    "n": (FORM, "NEJ"),
}


@dataclass(frozen=True)
class Choice:
    hotkey: str
    code: str
    label: str


Outcome = Literal["picked", "moved", "changed", "ignored"]
SaveCheck = Literal["ok", "guard", "missing"]


@dataclass
class Entry:
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
    answers: dict[str, str] = field(default_factory=dict)
    focus: Field = TASK
    started: datetime | None = None
    touched: datetime | None = None
    last_save: datetime | None = None
    task_title: Callable[[str], str] | None = None

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
    ) -> Entry:
        entry = cls(
            codebook=codebook,
            plan=plan,
            unit=unit,
            lang=lang,
            favourites=tuple(favourites),
            task_title=task_title,
        )
        if last is not None:
            entry.load(last)
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
        self.type = reg.type if self.codebook.type(reg.type) else None
        self.closing = reg.closing if self.codebook.closing(reg.closing) else None
        if reg.form is not None:
            self.remembered_form = reg.form
        self.answers = {}

    # -- fields ---------------------------------------------------------------------------

    @property
    def form(self) -> str | None:
        return self.remembered_form if self.asks_form else None

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

    def _channel_allowed(self, code: str) -> bool:
        return not self.unit.channels or code in self.unit.channels

    def channel_choices(self, direction: str | None = None) -> list[Choice]:
        return [
            Choice(str(c.hotkey), c.code, c.label(self.lang))
            for c in self.codebook.app_channels(direction or self.direction)
            if self._channel_allowed(c.code)
        ]

    def task_list(self) -> list[str]:
        """The unit's tasks, then pinned favourites not already on it (max 35 with keys)."""
        result = list(self.unit.tasks)
        result += [k for k in self.favourites if k not in result]
        return result

    def title(self, kle: str) -> str:
        if self.task_title is not None:
            return self.task_title(kle)
        task = self.codebook.task(kle)
        return task.label(self.lang) if task is not None else kle

    def task_choices(self) -> list[Choice]:
        fejl = self.codebook.fejl_task
        tiles = [
            Choice(key, kle, self.title(kle))
            for key, kle in zip(TASK_HOTKEYS, self.task_list(), strict=False)
            if kle != fejl.kle
        ]
        tiles.append(Choice(FEJL_KEY, fejl.kle, fejl.label(self.lang)))
        return tiles

    def choices(self, f: Field | None = None) -> list[Choice]:
        f = f or self.focus
        cb = self.codebook
        if f.kind == "channel":
            return self.channel_choices()
        if f.kind == "task":
            return self.task_choices()
        if f.kind == "type":
            return [Choice(str(t.hotkey), t.code, t.label(self.lang)) for t in cb.types]
        if f.kind == "closing":
            return [Choice(str(c.hotkey), c.code, c.label(self.lang)) for c in cb.closings]
        if f.kind == "form":
            return [Choice(str(c.hotkey), c.code, c.label(self.lang)) for c in cb.forms]
        if f.kind == "param":
            param = cb.parameter(f.key)
            if param is None:
                return []
            return [Choice(str(a.hotkey), a.code, a.label(self.lang)) for a in param.answers]
        question = self.plan.question(f.key)
        if question is None:
            return []
        # 1–9, then A–Z as for tasks: a question may have more than nine answers.
        return [Choice(k, a, a) for k, a in zip(TASK_HOTKEYS, question.answers, strict=False)]

    def label(self, f: Field) -> str:
        """The chosen value's text for field ``f`` ('' when unset)."""
        code = self.value(f)
        if code is None:
            return ""
        if f.kind == "task":
            return self.title(code)
        for choice in self.choices(f) if f.kind != "channel" else self._all_channels():
            if choice.code == code:
                return choice.label
        return code

    def _all_channels(self) -> list[Choice]:
        return self.channel_choices("IND") + self.channel_choices("UD")

    def hotkey_of(self, f: Field) -> str | None:
        code = self.value(f)
        if code is None:
            return None
        choices = self.channel_choices(self.direction) if f.kind == "channel" else self.choices(f)
        return next((c.hotkey for c in choices if c.code == code), None)

    def is_postcode(self, f: Field) -> bool:
        if f.kind != "param":
            return False
        param = self.codebook.parameter(f.key)
        return param is not None and param.kind == "postcode"

    # -- keys -----------------------------------------------------------------------------

    def touch(self, now: datetime) -> None:
        """Any key on the line: start the timer, or restart it after a long idle spell."""
        if self.started is None or (self.touched is not None and now - self.touched > IDLE_RESTART):
            self.started = now
        self.touched = now

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
        if choice is None:
            return "ignored"
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
        if target == CLOSING:
            self.closing = code
        else:
            self.remembered_form = code
        return "changed"

    def letter_for(self, f: Field, code: str) -> str | None:
        return next((k for k, (g, c) in LETTERS.items() if g == f and c == code), None)

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
            self.slot = min(self.slot, len(self.tasks) - 1)
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

    def pick(self, f: Field, code: str) -> None:
        """Set field ``f`` to ``code`` and move the cursor to the next field."""
        if f.kind == "channel":
            chan = self.codebook.channel(code)
            if chan is not None:
                self.direction = chan.direction
            self.channel = code
        elif f.kind == "task":
            self.tasks[self.slot] = code
            self._drop_stale_answers()
            if code == self.codebook.fejl_task.kle:
                # Desk.build forces FEJL anyway; showing it keeps screen and row in step.
                self.type = "FEJL"
                f = TYPE
        elif f.kind == "type":
            self.type = code
        elif f.kind == "closing":
            self.closing = code
        elif f.kind == "form":
            self.remembered_form = code
        else:
            self.answers[f.key] = code
        self._advance(f)

    def pick_task(self, kle: str, now: datetime) -> None:
        """A task chosen by search or mouse rather than by its hotkey."""
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
        """'+': one more task for the same contact (one registration per task)."""
        if self.task is None:
            self.focus = TASK
            return False
        self.touch(now)
        self.tasks.append(None)
        self.slot = len(self.tasks) - 1
        self.focus = TASK
        return True

    # -- saving ---------------------------------------------------------------------------

    def check_save(self, now: datetime) -> SaveCheck:
        """'guard' for an auto-repeated Enter; 'missing' moves the cursor to the first gap."""
        if self.last_save is not None and timedelta(0) <= now - self.last_save < REPEAT_GUARD:
            return "guard"
        gaps = self.missing()
        if gaps:
            self.focus = gaps[0]
            return "missing"
        return "ok"

    def registrations(self, now: datetime) -> list[dict[str, Any]]:
        """Keyword arguments for ``Desk.register``, one per task (the timer shared)."""
        if self.started is None or now - (self.touched or now) > IDLE_RESTART:
            self.started = now
        param_keys = [k for k in self.unit.parameters if k in self.answers]
        result: list[dict[str, Any]] = []
        for task in self.tasks:
            assert task is not None, "check_save() first"
            answers = {k: self.answers[k] for k in param_keys}
            for q in self.plan.questions_for(task):
                if q.key in self.answers:
                    answers[q.key] = self.answers[q.key]
            result.append(
                {
                    "channel": self.channel,
                    "task": task,
                    "type": self.type,
                    "closing": self.closing,
                    "form": self.form,
                    "unit": self.unit.login,
                    "answers": answers,
                    "started_at": self.started,
                }
            )
        return result

    def saved(self, now: datetime) -> None:
        """After a save: the values stay as tomorrow's defaults, the line starts afresh."""
        self.tasks = [self.tasks[-1]]
        self.slot = 0
        self.answers = {}
        self.started = None
        self.touched = None
        self.last_save = now
        self.focus = self.home_field()

    def elapsed(self, now: datetime) -> timedelta | None:
        if self.started is None:
            return None
        if self.touched is not None and now - self.touched > IDLE_RESTART:
            return None
        return max(now - self.started, timedelta(0))


# -- around the line: queries, favourites, search, paper time ------------------------------


def last_for_unit(db: Database, unit: str) -> Registration | None:
    """The unit's newest registration by creation (ids are time-ordered UUIDv7), not by date,
    so a back-entered paper sheet from last week does not become the default."""
    cols = ", ".join(COLUMNS)
    row = db.execute(
        f"SELECT {cols} FROM registration WHERE unit = ? AND deleted = 0 ORDER BY id DESC LIMIT 1",
        [unit],
    ).fetchone()
    return from_row(row) if row else None


@dataclass(frozen=True)
class Counts:
    total: int
    by_channel: dict[str, int]
    by_type: dict[str, int]


def counts(db: Database, q: Query) -> Counts:
    """A desk's counts for a day or a count period (see Query.where's by_time)."""
    where, params = q.where(by_time=True)
    by_channel = dict(
        db.execute(
            f"SELECT channel, SUM(count) FROM registration{where} GROUP BY channel "
            "ORDER BY SUM(count) DESC, channel",
            params,
        ).fetchall()
    )
    by_type = dict(
        db.execute(
            f"SELECT type, SUM(count) FROM registration{where} GROUP BY type "
            "ORDER BY SUM(count) DESC, type",
            params,
        ).fetchall()
    )
    return Counts(sum(by_channel.values()), by_channel, by_type)


def day_query(day: date, unit: str | None, include_test: bool) -> Query:
    return Query(
        start=timeutil.day_start_utc(day),
        end=timeutil.day_start_utc(day + timedelta(days=1)),
        unit=unit,
        include_test=include_test,
    )


def period_query(start: date, end: date, unit: str | None, include_test: bool) -> Query:
    return Query(
        start=timeutil.day_start_utc(start),
        end=timeutil.day_start_utc(end + timedelta(days=1)),
        unit=unit,
        include_test=include_test,
    )


def task_usage(db: Database, unit: str) -> dict[str, int]:
    rows = db.execute(
        "SELECT task, SUM(count) FROM registration WHERE unit = ? AND deleted = 0 GROUP BY task",
        [unit],
    ).fetchall()
    return {r[0]: int(r[1]) for r in rows}


def _favourites_key(unit: str) -> str:
    return f"favourites:{unit}"


def favourites(db: Database, unit: str) -> list[str]:
    raw = settings.get(db, _favourites_key(unit))
    if not raw:
        return []
    try:
        value = json.loads(raw)
    except ValueError:
        return []
    return [str(v) for v in value] if isinstance(value, list) else []


def pin_favourite(db: Database, unit: str, kle: str) -> list[str]:
    current = favourites(db, unit)
    if kle not in current:
        current.append(kle)
        settings.put(db, _favourites_key(unit), json.dumps(current))
    return current


def unpin_favourite(db: Database, unit: str, kle: str) -> list[str]:
    current = [k for k in favourites(db, unit) if k != kle]
    settings.put(db, _favourites_key(unit), json.dumps(current))
    return current


def paper_moment(day: date, hour: int) -> datetime:
    """The time a paper tick is dated: the chosen Danish day and hour, stored in UTC."""
    return datetime.combine(day, time(hour, 0), tzinfo=timeutil.DANISH).astimezone(UTC)


@dataclass(frozen=True)
class Hit:
    kle: str
    title: str
    where: Literal["unit", "favourite", "catalogue", "kle"]
    uses: int = 0
    hotkey: str | None = None


_DIGITS = re.compile(r"\d")


def _number_match(kle: str, text: str) -> bool:
    digits = "".join(_DIGITS.findall(text))
    return bool(digits) and kle.replace(".", "").startswith(digits)


def _words(text: str) -> list[str]:
    return [w for w in re.split(r"[\s,.;:/()-]+", text.casefold()) if w]


def _text_rank(title: str, words: list[str], keywords: str = "") -> int | None:
    """0 best; None when some word is nowhere in title or keywords."""
    hay = title.casefold()
    kw = keywords.casefold()
    rank = 0
    for w in words:
        if hay.startswith(w):
            continue
        if re.search(r"\b" + re.escape(w), hay):
            rank += 1
        elif w in hay:
            rank += 2
        elif w in kw:
            rank += 3
        else:
            return None
    return rank


def search_tasks(
    db: Database,
    codebook: Codebook,
    entry: Entry,
    text: str,
    *,
    usage: dict[str, int] | None = None,
    limit: int = 30,
) -> list[Hit]:
    """Type-ahead over the unit's tasks, the task catalogue and active KLE subjects.

    Ranked by how often the unit used the task, then by how well it matches, then by whether
    it is on the unit's list; with no text, the unit's list by use.
    """
    usage = usage if usage is not None else task_usage(db, entry.unit.login)
    keys = {c.code: c.hotkey for c in entry.task_choices()}
    words = _words(text)
    is_number = bool(text.strip()) and text.strip()[0].isdigit()
    ranked: dict[str, tuple[tuple[int, int, int, str], Hit]] = {}

    unit_tasks = set(entry.unit.tasks) | {codebook.fejl_task.kle}
    pinned = set(entry.favourites)

    def offer(kle: str, title: str, where: Any, rank: int) -> None:
        # Say where the task really lives, however it was found (a KLE keyword may find a
        # task that is on the unit's own list), and call it by the name staff know.
        if kle in unit_tasks:
            where, title = "unit", entry.title(kle)
        elif kle in pinned:
            where, title = "favourite", entry.title(kle)
        elif codebook.task(kle) is not None:
            where, title = "catalogue", entry.title(kle)
        hit = Hit(kle, title, where, usage.get(kle, 0), keys.get(kle))
        place = {"unit": 0, "favourite": 0, "catalogue": 1, "kle": 2}[where]
        key = (-hit.uses, rank, place, kle)
        if kle not in ranked or key < ranked[kle][0]:
            ranked[kle] = (key, hit)

    def consider(
        kle: str, title: str, where: Any, keywords: str = "", trusted: int | None = None
    ) -> None:
        if trusted is not None:
            offer(kle, title, where, trusted)
            return
        if not words:
            offer(kle, title, where, 0)
            return
        if is_number:
            if _number_match(kle, text):
                offer(kle, title, where, 0)
            return
        rank = _text_rank(title, words, keywords)
        if rank is not None:
            offer(kle, title, where, rank)

    for kle in entry.unit.tasks:
        consider(kle, entry.title(kle), "unit")
    for kle in entry.favourites:
        consider(kle, entry.title(kle), "favourite")
    fejl = codebook.fejl_task
    consider(fejl.kle, fejl.label(entry.lang), "unit")
    if words:
        for task in codebook.tasks:
            consider(task.kle, task.label(entry.lang), "catalogue", task.name)
        for kle, title, keywords, trusted in _kle_candidates(db, text, limit * 3):
            consider(kle, title, "kle", keywords, trusted)
    hits = sorted(ranked.values(), key=lambda pair: pair[0])
    return [h for _, h in hits[:limit]]


def _kle_candidates(db: Database, text: str, limit: int) -> list[tuple[str, str, str, int | None]]:
    """Active KLE subjects that may match, with a rank when the catalogue's own search (which
    also weighs keywords) found them; else a plain query, ranked here."""
    search: Any = None
    try:
        # Written beside this module by the catalogue work; absent on older checkouts.
        search = getattr(importlib.import_module("tracetool.store.kle"), "search", None)
    except ImportError:
        search = None
    if search is not None:
        try:
            found = search(db, text, limit=limit)
        except Exception:  # a half-imported catalogue must not break the line
            found = []
        result: list[tuple[str, str, str, int | None]] = []
        for i, h in enumerate(found):
            nr = getattr(h, "nr", None)
            title = getattr(h, "title", None)
            if nr is None and isinstance(h, dict):
                nr, title = h.get("nr"), h.get("title")
            if nr:
                # In the catalogue's own order, behind titles that start with the text.
                result.append((str(nr), str(title or nr), "", 1 + i))
        if result:
            return result
    return [(nr, title, kw, None) for nr, title, kw in _kle_fallback(db, text, limit)]


def _kle_fallback(db: Database, text: str, limit: int) -> list[tuple[str, str, str]]:
    words = _words(text)
    if not words:
        return []
    clauses: list[str] = []
    params: list[Any] = []
    digits = "".join(_DIGITS.findall(text))
    if text.strip()[:1].isdigit() and digits:
        clauses.append("replace(nr, '.', '') LIKE ?")
        params.append(digits + "%")
    else:
        for w in words:
            clauses.append("(title LIKE ? OR COALESCE(keywords, '') LIKE ?)")
            params += [f"%{w}%", f"%{w}%"]
    try:
        rows = db.execute(
            "SELECT nr, title, COALESCE(keywords, '') FROM kle_subject WHERE active = 1 "
            f"AND level = 'emne' AND {' AND '.join(clauses)} ORDER BY nr LIMIT ?",
            [*params, limit],
        ).fetchall()
    except Exception:  # no catalogue table yet on an old store
        return []
    return [(r[0], r[1], _keyword_text(r[2])) for r in rows]


def _keyword_text(raw: str) -> str:
    try:
        value = json.loads(raw) if raw else []
    except ValueError:
        return raw
    words: list[str] = []
    if isinstance(value, list):
        for item in value:
            if isinstance(item, list | tuple) and item:
                words.append(str(item[0]))
            else:
                words.append(str(item))
    return " ".join(words)


def register_all(desk: Desk, choices: list[dict[str, Any]], **common: Any) -> list[Registration]:
    """Save one registration per task of the line, all or none, in one transaction.

    Each is built and validated by the Desk exactly as ``Desk.register`` does; the rows are
    then written together. ``Desk.register`` would also rewrite the desk's current unit on
    every save, a second commit (and fsync) the app does not need, since it sets the unit once
    when it starts or switches.
    """
    regs = [desk.build(**{**c, **common}) for c in choices]
    if len(regs) == 1:
        desk.store.save(regs[0])
        return regs
    inserted, _ = desk.store.save_many(regs)
    if inserted != len(regs):  # fresh ids never clash; if they did, say so rather than lose one
        raise TracetoolError(f"kun {inserted} af {len(regs)} registreringer blev gemt")
    return regs
