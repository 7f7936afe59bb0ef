"""The registration line as widgets: field cells, the hint, the choice tiles.

All decisions are the ``Entry``'s; these widgets only show it and turn keys and clicks into
calls on it.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import datetime, timedelta

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.containers import Grid, Horizontal, Vertical
from textual.message import Message
from textual.timer import Timer
from textual.widgets import Static

from tracetool.desk.choices import CHANNEL, CLOSING, FORM, TASK, TYPE, Field
from tracetool.desk.entry import Entry
from tracetool.desk.timing import REPEAT_GAP
from tracetool.tui.config import DEFAULT_KEYS, Config
from tracetool.tui.texts import Texts
from tracetool.tui.texts.labels import CELL_LABELS, SHORT_FORMS

CORE_FIELDS = (CHANNEL, TASK, TYPE, CLOSING, FORM)
# 35 task keys and the Fejlhenvendelse tile: 3 columns of 12, or 4 of 9 on a wide screen.
MAX_CHOICES = 36
LINE_ACTIONS = ("save", "add_task", "search", "next_field", "prev_field", "backspace", "reset")


def line_keys(keys: dict[str, str]) -> dict[str, str]:
    """Key name → the line's action, from the config's ``[keys]`` (defaults where unset)."""
    result: dict[str, str] = {}
    for action in LINE_ACTIONS:
        for key in keys.get(action, DEFAULT_KEYS[action]).split(","):
            if key.strip():
                result.setdefault(key.strip(), action)
    return result


def clock_text(elapsed: timedelta | None) -> str:
    if elapsed is None:
        return "–:––"
    seconds = int(elapsed.total_seconds())
    if seconds >= 3600:
        return f"{seconds // 3600}:{seconds % 3600 // 60:02d}:{seconds % 60:02d}"
    return f"{seconds // 60}:{seconds % 60:02d}"


class FieldCell(Static):
    """One field of the line: its name above, its value below; click to go there."""

    def __init__(self, field: Field, *, id: str | None = None, classes: str = "") -> None:
        super().__init__("", id=id, classes=classes)
        self.field = field

    def on_click(self, event: events.Click) -> None:
        event.stop()
        self.post_message(LinePanel.FieldClicked(self.field))


class ChoiceItem(Static):
    """One value tile ('2 Telefon'); click picks it like its key."""

    def __init__(self, index: int) -> None:
        super().__init__("", id=f"choice-{index}", classes="choice", markup=False)
        self.index = index
        self.shown = Text("")

    def on_click(self, event: events.Click) -> None:
        event.stop()
        self.post_message(LinePanel.ChoiceClicked(self.index))


class LinePanel(Vertical, can_focus=True):
    """The registration line with its hint and choices; the widget that has the keyboard.

    Every key of the line is handled in ``on_key``, none through bindings: Textual runs a
    widget's bindings only after the key has bubbled back up to the app, by which time the
    keys that arrived with it in the same read have already been handled here. ``Right 4``
    typed ahead would set task 4 and then move.
    """

    class SaveRequested(Message):
        pass

    class SearchRequested(Message):
        pass

    class Changed(Message):
        """The line changed (a value, the focus or the timer): the owner may refresh around."""

    class FieldClicked(Message):
        def __init__(self, field: Field) -> None:
            super().__init__()
            self.field = field

    class ChoiceClicked(Message):
        def __init__(self, index: int) -> None:
            super().__init__()
            self.index = index

    def __init__(
        self,
        entry: Entry,
        texts: Texts,
        clock: Callable[[], datetime],
        *,
        allow_add: bool = True,
        show_timer: bool = True,
        id: str | None = None,
        on_save: Callable[[], object] | None = None,
        on_repeat: Callable[[], object] | None = None,
    ) -> None:
        super().__init__(id=id)
        self.entry = entry
        self.t = texts
        self.clock = clock
        self.allow_add = allow_add
        self.show_timer = show_timer
        self.key_time: float = 0.0
        self.untimed = False
        self.on_save = on_save
        self.on_repeat = on_repeat
        self._pending: Timer | None = None  # an Enter waiting to be told from a held key
        self._shown: list[tuple[str, str]] = []
        self._extra_ids: list[str] = []
        self._columns = 3
        # Made here rather than looked up: the app may redraw the line before it is mounted.
        self.cells = {f: FieldCell(f, id=f"cell-{f.kind}", classes="cell") for f in CORE_FIELDS}
        self.timer = Static("", id="timer")
        self.slots = Static("", id="slots", markup=False)  # '+': the tasks before this one
        self.extra_box = Horizontal(id="extra-cells")
        self.hint = Static("", id="hint", markup=False)
        self.grid = Grid(id="choices")
        self.items = [ChoiceItem(i) for i in range(MAX_CHOICES)]
        self.extra_cells: list[FieldCell] = []
        self.actions = line_keys(DEFAULT_KEYS)

    def compose(self) -> ComposeResult:
        with Horizontal(id="cells"):
            yield from self.cells.values()
            yield self.timer
        yield self.slots
        yield self.extra_box
        yield self.hint
        with self.grid:
            yield from self.items

    def on_mount(self) -> None:
        config = getattr(self.app, "config", None)
        if isinstance(config, Config):
            self.actions = line_keys(config.keys)
        self.refresh_line()

    def on_resize(self, event: events.Resize) -> None:
        self.set_class(event.size.width >= 110, "-wide")
        # Four columns only where each tile still has room for a task's name.
        columns = 4 if event.size.width >= 160 else 3
        if columns != self._columns:
            self._columns = columns
            grid = self.grid
            grid.styles.grid_size_columns = columns
            grid.styles.height = -(-MAX_CHOICES // columns)

    def set_entry(self, entry: Entry) -> None:
        self.entry = entry
        self.refresh_line()

    # -- keys and clicks ------------------------------------------------------------------

    def on_key(self, event: events.Key) -> None:
        # Kept for the benchmark and the latency figure: key press to committed row.
        self.key_time = event.time
        action = next((self.actions[k] for k in event.aliases if k in self.actions), None)
        if action != "save":
            self._save_pending()  # a waiting Enter was a press: it comes first
            self.entry.key_between()
        if action is not None:
            event.stop()
            event.prevent_default()
            getattr(self, f"action_{action}")()
            return
        if self.entry.channel_key(event.key, self.clock()) != "ignored":
            event.stop()
            event.prevent_default()
            self.changed()
            return
        char = event.character
        if char is None or not char.isprintable() or char == " ":
            return
        if self.entry.press(char, self.clock()) != "ignored":
            event.stop()
            event.prevent_default()
            self.changed()

    def changed(self) -> None:
        self.refresh_line()
        self.post_message(self.Changed())

    def action_save(self) -> None:
        self.key_time = self.key_time or time.monotonic()
        kind = self.entry.enter(self.clock())
        if kind == "repeat":
            if self._pending is not None:
                self._pending.stop()
                self._pending = None
            if self.on_repeat is not None:
                self.on_repeat()
            return
        self._save_pending()
        if kind == "wait":
            self._pending = self.set_timer(REPEAT_GAP.total_seconds(), self._save_pending)
            return
        self._save()

    def _save_pending(self) -> None:
        if self._pending is not None:
            self._pending.stop()
            self._pending = None
            self._save()

    def _save(self) -> None:
        if self.on_save is not None:
            self.on_save()  # at once, not one message later: the key's latency is the save's
        else:
            self.post_message(self.SaveRequested())

    def action_add_task(self) -> None:
        if not self.allow_add:
            return
        if self.entry.add_task(self.clock()):
            self.changed()
        else:
            self.refresh_line()

    def action_search(self) -> None:
        self.post_message(self.SearchRequested())

    def action_next_field(self) -> None:
        self.entry.touch(self.clock())
        self.entry.move(1)
        self.changed()

    def action_prev_field(self) -> None:
        self.entry.touch(self.clock())
        self.entry.move(-1)
        self.changed()

    def action_backspace(self) -> None:
        if self.entry.backspace(self.clock()) != "ignored":
            self.changed()

    def action_reset(self) -> None:
        """Escape: forget this line's changes (owner reloads the defaults)."""
        self.post_message(self.ResetRequested())

    class ResetRequested(Message):
        pass

    def on_line_panel_field_clicked(self, message: FieldClicked) -> None:
        self.focus()
        self.entry.touch(self.clock())
        self.entry.focus_on(message.field)
        self.changed()

    def on_line_panel_choice_clicked(self, message: ChoiceClicked) -> None:
        self.focus()
        if message.index >= len(self._shown):
            return
        kind, code = self._shown[message.index]
        now = self.clock()
        self.entry.touch(now)
        if kind == "direction":
            self.entry.set_direction(code)
        elif kind == "task":
            self.entry.pick_task(code, now)
        else:
            self.entry.pick(self.entry.focus, code)
        self.changed()

    # -- drawing --------------------------------------------------------------------------

    def cell_text(self, f: Field) -> Text:
        entry = self.entry
        focused = entry.focus == f
        head = Text("▶ " if focused else "  ", style="bold")
        name = self.t(f"field.{f.kind}") if f.kind not in ("param", "question") else ""
        if f.kind == "param":
            param = entry.codebook.parameter(f.key)
            name = param.label(self.t.lang) if param else f.key
        elif f.kind == "question":
            question = entry.plan.question(f.key)
            name = question.text if question else f.key
        if f.kind == "channel":
            name += f" {self.t('dir.' + entry.direction)}"
        head.append(name, style="bold underline" if focused else "bold")
        value = Text("  ")
        if f.kind == "form" and not entry.asks_form:
            value.append(self.t("not_asked"), style="dim")
        elif f.kind == "form" and entry.form is not None:
            value.append(f"{entry.hotkey_of(f)} ", style="bold")
            style = "" if "form" in entry.chosen else "italic dim"
            value.append(SHORT_FORMS[self.t.lang].get(entry.form, entry.form), style=style)
        elif f.kind == "task" and len(entry.tasks) > 1:
            parts = []
            for i, kle in enumerate(entry.tasks):
                mark = "›" if i == entry.slot else ""
                parts.append(mark + (self._task_short(kle) if kle else self.t("unset")))
            value.append(" + ".join(parts))
        else:
            code = entry.value(f)
            # Carried from the last inquiry or brought by the task's habit: italic and dim,
            # so a value nobody chose for this inquiry is seen as such before Enter.
            style = "" if f.kind in entry.chosen else "italic dim"
            if code is None:
                value.append(self.t("unset"), style="bold")
            else:
                key = entry.hotkey_of(f)
                if key:
                    value.append(f"{key} ", style="bold")
                elif f.kind == "task":
                    value.append(f"{code} ", style="bold")  # no key: the number says which
                value.append(CELL_LABELS[self.t.lang].get(code) or entry.label(f), style=style)
        text = Text.assemble(head, "\n", value, no_wrap=True, overflow="ellipsis")
        return text

    def summary(self) -> str:
        """The line's fields as shown, on one line (for a question about the line)."""
        cells = [self.cell_text(f).plain.split("\n") for f in self.entry.fields()]
        return " · ".join(f"{head.strip('▶ ')}: {value.strip()}" for head, value in cells)

    def _task_short(self, kle: str) -> str:
        key = next((c.hotkey for c in self.entry.task_choices() if c.code == kle), None)
        title = self.entry.title(kle)
        return f"{key} {title}" if key else f"{kle} {title}"

    def hint_text(self) -> str:
        entry = self.entry
        f = entry.focus
        t = self.t
        if f.kind == "channel":
            direction = entry.codebook.direction(entry.direction)
            hint = t("hint.channel", direction=direction.label(t.lang) if direction else "")
        elif f.kind == "task":
            if len(entry.tasks) > 1:
                hint = t("hint.task_more", n=entry.slot + 1)
            else:
                hint = t("hint.task" if self.allow_add else "hint.task_edit")
        elif f.kind in ("type", "closing", "form"):
            hint = t(f"hint.{f.kind}")
        elif f.kind == "param":
            param = entry.codebook.parameter(f.key)
            label = param.label(t.lang) if param else f.key
            hint = t("hint.postcode" if entry.is_postcode(f) else "hint.param", question=label)
        else:
            question = entry.plan.question(f.key)
            hint = t("hint.question", question=question.text if question else f.key)
        return hint

    def refresh_line(self) -> None:
        entry = self.entry
        for f in CORE_FIELDS:
            cell = self.cells[f]
            cell.update(self.cell_text(f), layout=False)
            cell.set_class(entry.focus == f, "-focus")
            cell.set_class(f in entry.missing(core_only=True), "-missing")
            cell.set_class(f.kind == "form" and not entry.asks_form, "-off")
        self._refresh_slots()
        self._refresh_extra_cells()
        self.hint.update(self.hint_text(), layout=False)
        self._refresh_choices()
        self.refresh_timer()

    def _refresh_slots(self) -> None:
        """Each earlier task of the contact with its own type, closing and form, in words."""
        entry = self.entry
        lang = self.t.lang
        parts: list[str] = []
        for i, (kind, closing, form) in enumerate(entry.frozen):
            task = entry.tasks[i]
            words = [self._task_short(task) if task else self.t("unset")]
            words += [CELL_LABELS[lang].get(code or "", code or "") for code in (kind, closing)]
            if form is not None:
                words.append(f"{self.t('field.form')} {SHORT_FORMS[lang].get(form, form)}")
            parts.append(f"{i + 1}. " + " · ".join(words))
        self.slots.display = bool(parts)
        self.slots.update(Text(" │ ".join(parts), no_wrap=True, overflow="ellipsis"))

    def refresh_timer(self) -> None:
        if not self.show_timer:
            return
        elapsed = self.entry.elapsed(self.clock())
        if self.untimed:
            shown = self.t("timer.paper")  # ticks typed in later have no duration
        elif elapsed is None:
            shown = self.t("timer.idle")
        else:
            shown = self.t("timer", time=clock_text(elapsed))
        self.timer.update(shown, layout=False)

    def _refresh_extra_cells(self) -> None:
        extra = [f for f in self.entry.fields() if f.kind in ("param", "question")]
        ids = [f.id for f in extra]
        box = self.extra_box
        if not box.is_mounted:
            return  # on_mount draws the line again
        if ids != self._extra_ids:
            self._extra_ids = ids
            box.remove_children()
            self.extra_cells = [FieldCell(f, classes="cell extra") for f in extra]
            box.mount_all(self.extra_cells)
            box.display = bool(extra)
        for cell in self.extra_cells:
            cell.update(self.cell_text(cell.field), layout=False)
            cell.set_class(self.entry.focus == cell.field, "-focus")
            cell.set_class(cell.field.key not in self.entry.answers, "-missing")

    def _refresh_choices(self) -> None:
        entry = self.entry
        f = entry.focus
        current = entry.value(f)
        shown: list[tuple[str, str]] = []
        labels: list[Text] = []
        for choice in entry.choices(f):
            kind = "task" if f.kind == "task" else "value"
            chosen = choice.code == current or (f.kind == "task" and choice.code in entry.tasks)
            shown.append((kind, choice.code))
            labels.append(self._tile(choice.hotkey, choice.label, chosen))
        if f.kind == "channel":
            for code, key in (("IND", "i"), ("UD", "u")):
                direction = entry.codebook.direction(code)
                label = direction.label(self.t.lang) if direction else code
                shown.append(("direction", code))
                labels.append(self._tile(key, label, entry.direction == code))
        self._shown = shown
        for i, item in enumerate(self.items):
            # Every tile stays in place (blank when unused) so a key never moves the layout;
            # only changed tiles are redrawn, and the chosen one is marked in its text
            # (class changes would restyle 36 widgets on every key).
            tile = labels[i] if i < len(labels) else Text("")
            if item.shown != tile:
                item.shown = tile
                item.update(tile, layout=False)

    @staticmethod
    def _tile(key: str, label: str, chosen: bool) -> Text:
        text = Text(no_wrap=True, overflow="ellipsis")
        text.append("●" if chosen else " ", style="bold")
        text.append(f"{key:>1} ", style="bold reverse")
        text.append(" " + label, style="bold underline" if chosen else "")
        return text
