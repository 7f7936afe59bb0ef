"""Keying a paper log sheet back: one inquiry a line, in the app's own keys.

A line holds the keys the app takes, in the app's order (channel, task, type, closing, form
where the channel asks it, then the unit's questions), spaces optional: ``2341`` and
``2 3 4 1`` are the same inquiry. A task may be written as its KLE number instead of its
hotkey (``2 23.05.10 4 1``). At the end, ``xN`` says N identical inquiries and ``@HH`` the
hour. Lines starting with ``#`` are notes and skipped, as are empty ones.

Each line is typed into a fresh ``Entry`` (so every key means what it means in the app, and
follows the app's tables when they change) and the result is built by ``Desk.build``, the
validation every registration passes. Nothing is stored until every line is good.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

from tracetool.desk.beside import paper_moment
from tracetool.desk.choices import CLOSING, FORM, TASK, TYPE, Choice, Field
from tracetool.desk.desk import Desk
from tracetool.desk.entry import Entry
from tracetool.errors import TracetoolError
from tracetool.locale import N_, translator
from tracetool.model import Registration, Source
from tracetool.plan.model import Unit

_ = translator("core")

COUNT_MARK = re.compile(r"^[x×*](\d+)$", re.IGNORECASE)
HOUR_MARK = re.compile(r"^@(\d{1,2})$")
KLE_NUMBER = re.compile(r"\d\d\.\d\d\.\d\d")
BAD_MARK = re.compile(r"^[x×*@]", re.IGNORECASE)
DIRECTION_KEYS = "iu"  # the app's keys for inbound and outbound in the channel field
FIELD_NAMES = {
    "channel": N_("kanal"),
    "task": N_("opgave"),
    "type": N_("type"),
    "closing": N_("afslutning"),
    "form": N_("blanket"),
}


class LineError(TracetoolError):
    """What is wrong with one line of a sheet (the caller adds the line number)."""


@dataclass(frozen=True)
class SheetLine:
    """A good line: the registration it stands for (its ``count`` is the line's ``xN``)."""

    number: int
    text: str
    registration: Registration


@dataclass(frozen=True)
class BadLine:
    number: int
    text: str
    reason: str

    def __str__(self) -> str:
        return _("linje {number}: {reason} (skrevet: {strip!r})").format(
            number=self.number, reason=self.reason, strip=self.text.strip()
        )


@dataclass
class KeyedSheet:
    good: list[SheetLine] = field(default_factory=list)
    bad: list[BadLine] = field(default_factory=list)

    @property
    def inquiries(self) -> int:
        return sum(line.registration.count for line in self.good)


@dataclass(frozen=True)
class Marks:
    keys: str
    count: int
    hour: int | None
    count_word: str = ""


def split_marks(text: str) -> Marks:
    """The keys, then the ``xN`` and ``@HH`` written after them (in either order)."""
    words = text.split()
    count: int | None = None
    hour: int | None = None
    count_word = ""
    while words:
        last = words[-1]
        counted = COUNT_MARK.match(last)
        timed = HOUR_MARK.match(last)
        if counted and count is None:
            count = int(counted.group(1))
            count_word = last
            if count < 1:
                raise LineError(_("antal {last!r}: skal være mindst 1").format(last=last))
        elif timed and hour is None:
            hour = int(timed.group(1))
            if hour > 23:
                raise LineError(_("time {last!r}: skal være 0–23").format(last=last))
        elif BAD_MARK.match(last) and (count is None or hour is None):
            raise LineError(_("{last!r}: skriv antal som x3 og time som @09").format(last=last))
        else:
            break
        words.pop()
    return Marks("".join(words), count or 1, hour, count_word)


def field_name(entry: Entry, f: Field) -> str:
    if f.kind in FIELD_NAMES:
        return _(FIELD_NAMES[f.kind])
    if f.kind == "param":
        param = entry.codebook.parameter(f.key)
        return param.da.lower() if param is not None else f.key
    return _("spørgsmålet {key!r}").format(key=f.key)


def _keys_of(entry: Entry, f: Field) -> str:
    choices: list[Choice] = entry.choices(f)
    if f.kind == "channel":
        inbound = " ".join(c.hotkey for c in entry.channel_choices("IND"))
        outbound = " ".join("U" + c.hotkey for c in entry.channel_choices("UD"))
        return ", ".join(part for part in (inbound, outbound) if part)
    if entry.is_postcode(f):
        return _("fire cifre")
    keys = " ".join(c.hotkey for c in choices)
    if f.kind == "task":
        keys += _(" eller et KLE-nummer (fx 23.05.10)")
    return keys


def key_in(entry: Entry, keys: str) -> None:
    """Type ``keys`` into ``entry`` as the app would take them; raise on the first that
    picks nothing and on keys left over after the last field."""
    now = paper_moment(date(2000, 1, 3), 12)  # the Entry's timer is not used for paper
    rest = keys
    fejl = entry.codebook.fejl_task.kle
    fejl_type = next((t.hotkey for t in entry.codebook.types if t.code == "FEJL"), None)
    done = False
    after_fejl = False
    while rest:
        f = entry.focus
        if done:
            last = field_name(entry, f)
            raise LineError(
                _("for mange taster: {rest!r} efter sidste felt ({last})").format(
                    rest=rest, last=last
                )
            )
        number = KLE_NUMBER.match(rest) if f == TASK else None
        if number is not None:
            entry.pick_task(number.group(), now)
            rest = rest[number.end() :]
            after_fejl = number.group() == fejl
            done = _was_last(entry, TASK)
            continue
        char, rest = rest[0], rest[1:]
        if after_fejl and f == CLOSING and fejl_type is not None and char == str(fejl_type):
            # The app skips the type after Fejlhenvendelse; on paper the 6 is often written.
            after_fejl = False
            continue
        outcome = entry.press(char, now)
        if outcome == "ignored":
            name, valid = field_name(entry, f), _keys_of(entry, f)
            raise LineError(
                _("{name}: {char!r} er ingen tast her (gyldige: {valid})").format(
                    name=name, char=char, valid=valid
                )
            )
        after_fejl = f == TASK and entry.task == fejl
        if after_fejl:
            f = TYPE  # the app moved past the type itself
        done = outcome == "picked" and _was_last(entry, f)
    gaps = entry.missing()
    if gaps:
        names = ", ".join(field_name(entry, g) for g in gaps)
        raise LineError(_("mangler {names}").format(names=names))


def _was_last(entry: Entry, f: Field) -> bool:
    fields = entry.fields()
    return bool(fields) and fields[-1] == f


def read_line(
    desk: Desk, unit: Unit, text: str, day: date, hour: int | None, *, source: Source | str
) -> Registration:
    """The validated registration one line stands for (not saved)."""
    marks = split_marks(text)
    if not marks.keys:
        raise LineError(_("ingen taster før antal/time"))
    the_hour = marks.hour if marks.hour is not None else hour
    if the_hour is None:
        raise LineError(_("ingen time: skriv @HH på linjen eller giv --hour"))
    entry, count = _typed(desk, unit, marks)
    (choices,) = entry.registrations(paper_moment(day, the_hour))
    choices.update(
        unit=unit.login,
        source=source,
        at=paper_moment(day, the_hour),
        started_at=None,
        count=count,
    )
    return desk.build(**choices)


def _typed(desk: Desk, unit: Unit, marks: Marks) -> tuple[Entry, int]:
    """The line's keys typed into a fresh Entry, and the count.

    A last word like ``X41`` is read as a count first; when that leaves the line incomplete
    and the word as keys completes it (task X, type 4, closing 1), the keys win.
    """
    plan = desk.require_plan()

    def typed(keys: str) -> Entry:
        entry = Entry.start(desk.codebook, plan, unit, task_title=desk.task_title)
        key_in(entry, keys)
        return entry

    try:
        return typed(marks.keys), marks.count
    except LineError as first:
        if not marks.count_word:
            raise
        try:
            return typed(marks.keys + marks.count_word), 1
        except LineError:
            raise first from None


def read_sheet(
    desk: Desk,
    unit: Unit,
    lines: Iterable[str],
    day: date,
    hour: int | None = None,
    *,
    source: Source | str = Source.PAPER,
) -> KeyedSheet:
    """Every line read and validated; the bad ones with their line number and reason."""
    sheet = KeyedSheet()
    for number, text in enumerate(lines, start=1):
        if not text.strip() or text.lstrip().startswith("#"):
            continue
        try:
            reg = read_line(desk, unit, text, day, hour, source=source)
        except TracetoolError as exc:
            sheet.bad.append(BadLine(number, text.rstrip("\n"), str(exc)))
        else:
            sheet.good.append(SheetLine(number, text.rstrip("\n"), reg))
    return sheet


def store_lines(desk: Desk, lines: Sequence[SheetLine]) -> list[Registration]:
    """Save every line's registration in one transaction: all or none."""
    regs = [line.registration for line in lines]
    if not regs:
        return []
    inserted, _updated = desk.store.save_many(regs)
    if inserted != len(regs):  # fresh ids never clash; if they did, say so rather than lose one
        raise TracetoolError(
            _("kun {inserted} af {n_regs} registreringer blev gemt").format(
                inserted=inserted, n_regs=len(regs)
            )
        )
    return regs


def enter_line(desk: Desk, unit: Unit, text: str, day: date, hour: int) -> Registration:
    """One line typed in the app's paper mode: read, validated and saved on its own."""
    reg = read_line(desk, unit, text, day, hour, source=Source.PAPER)
    store_lines(desk, [SheetLine(1, text, reg)])
    return reg


def bad_lines_text(bad: Sequence[BadLine]) -> str:
    """The bad lines as a file to fix and key in again: each under a note saying why."""
    out: list[str] = []
    for line in bad:
        out.append(_("# linje {number}: {reason}").format(number=line.number, reason=line.reason))
        out.append(line.text)
    return "\n".join(out) + "\n" if out else ""


# -- the sheet's legend: the same tables the lines are read with ----------------------------


@dataclass(frozen=True)
class Answers:
    """One more field of the line (a unit parameter or an extra question) and its keys."""

    label: str
    choices: list[Choice]
    note: str = ""


@dataclass(frozen=True)
class SheetKeys:
    """What a sheet prints as its legend, taken from the app's line for the unit."""

    channels_in: list[Choice]
    channels_out: list[Choice]
    form_channels: list[str]
    tasks: list[Choice]
    unkeyed: list[Choice]
    types: list[Choice]
    closings: list[Choice]
    forms: list[Choice]
    parameters: list[Answers]
    questions: list[Answers]


def sheet_keys(desk: Desk, unit: Unit, lang: str = "da") -> SheetKeys:
    """The keys a person writes on the sheet, exactly as the app numbers them (outbound
    channels with the app's U in front, since the line is read from the inbound side)."""
    plan = desk.require_plan()
    entry = Entry.start(
        desk.codebook, plan, unit, lang=lang, task_title=lambda kle: desk.task_title(kle, lang)
    )
    cb = desk.codebook
    inbound = entry.channel_choices("IND")
    outbound = [Choice("U" + c.hotkey, c.code, c.label) for c in entry.channel_choices("UD")]
    asks = {c.code for c in cb.channels if c.asks_form}
    tasks = entry.task_choices()
    keyed = {c.code for c in tasks}
    unkeyed = [Choice("", kle, entry.title(kle)) for kle in entry.task_list() if kle not in keyed]
    parameters = [
        Answers(
            p.label(lang), [Choice(str(a.hotkey), a.code, a.label(lang)) for a in p.answers], p.kind
        )
        for p in (cb.parameter(k) for k in unit.parameters)
        if p is not None
    ]
    by_task = {c.code: c.hotkey or c.code for c in tasks} | {c.code: c.code for c in unkeyed}
    questions = [
        Answers(
            q.text,
            entry.choices(Field("question", q.key)),
            ", ".join(by_task[t] for t in q.tasks if t in by_task),
        )
        for q in plan.questions
        if any(t in by_task for t in q.tasks)
    ]
    return SheetKeys(
        channels_in=inbound,
        channels_out=outbound,
        form_channels=[c.hotkey for c in inbound + outbound if c.code in asks],
        tasks=tasks,
        unkeyed=unkeyed,
        types=entry.choices(TYPE),
        closings=entry.choices(CLOSING),
        forms=entry.choices(FORM),
        parameters=parameters,
        questions=questions,
    )
