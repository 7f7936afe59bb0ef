"""The app's secondary screens: help, task search, paper entry, correcting, deleting, no plan."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, ClassVar

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Button, Input, OptionList, Static
from textual.widgets.option_list import Option

from tracetool import timeutil
from tracetool.desk.beside import task_usage
from tracetool.desk.entry import Entry
from tracetool.desk.search import Hit, search_tasks
from tracetool.errors import TracetoolError
from tracetool.model import Registration
from tracetool.tui.config import Config, key_label
from tracetool.tui.texts import Texts
from tracetool.tui.texts.help import help_sections
from tracetool.tui.widgets import LinePanel

if TYPE_CHECKING:
    from tracetool.desk.desk import Desk


class HelpScreen(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,f1,q,question_mark", "dismiss", show=False)
    ]

    def __init__(
        self, texts: Texts, config: Config, channels: list[tuple[str, str]] | None = None
    ) -> None:
        super().__init__()
        self.t = texts
        self.config = config
        # The channel rows from the codebook and plan, so help offers what the line offers.
        self.channels = channels or []

    def compose(self) -> ComposeResult:
        with Vertical(id="help-box", classes="dialog"):
            yield Static(self.t("help.title"), classes="dialog-title")
            with VerticalScroll(id="help-scroll"):
                yield Static(self.help_text(), id="help-text")
            yield Static(self.t("help.close"), classes="dialog-help")

    def on_mount(self) -> None:
        self.query_one("#help-scroll", VerticalScroll).focus()

    def help_text(self) -> Group:
        parts: list[Any] = []
        for title, rows in help_sections(self.t.lang):
            parts.append(Text(title, style="bold underline"))
            table = Table.grid(padding=(0, 2))
            table.add_column(no_wrap=True, style="bold", min_width=10)
            table.add_column(ratio=1)
            merged: list[list[str]] = []
            expanded: list[tuple[str, str]] = []
            for keys, what in rows:
                expanded += self.channels if keys == "{channels}" else [(keys, what)]
            for keys, what in expanded:
                if not keys and merged:
                    merged[-1][1] += " " + what  # a continued line: let it wrap instead
                    continue
                if keys.startswith("{key:"):
                    keys = key_label(self.config.keys_for(keys[5:-1]))
                merged.append([keys, what])
            for keys, what in merged:
                table.add_row(keys, what)
            parts += [table, Text("")]
        return Group(*parts)

    async def action_dismiss(self, result: None = None) -> None:
        self.dismiss(result)


class NoPlanScreen(Screen[None]):
    """Shown instead of the line when this desk has no count plan: how to get one."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("q,escape,ctrl+q", "app.quit", show=False)]

    def __init__(self, texts: Texts, detail: str = "") -> None:
        super().__init__()
        self.t = texts
        self.detail = detail

    def compose(self) -> ComposeResult:
        with Vertical(id="no-plan", classes="dialog"):
            yield Static(self.t("no_plan.title"), classes="dialog-title")
            yield Static(self.t("no_plan.body"), markup=False)
            if self.detail:
                yield Static(self.detail, markup=False, classes="dialog-help")


class SearchScreen(ModalScreen[tuple[str, bool] | None]):
    """Type-ahead over the unit's tasks, the catalogue and KLE; returns (KLE, pin?)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", show=False),
        Binding("down", "move(1)", show=False),
        Binding("up", "move(-1)", show=False),
        Binding("pagedown", "move(8)", show=False),
        Binding("pageup", "move(-8)", show=False),
        Binding("ctrl+f", "choose(True)", show=False),
    ]

    def __init__(self, desk: Desk, entry: Entry, texts: Texts) -> None:
        super().__init__()
        self.desk = desk
        self.entry = entry
        self.t = texts
        self.hits: list[Hit] = []
        self.usage = task_usage(desk.db, entry.unit.login)

    def compose(self) -> ComposeResult:
        with Vertical(id="search-box", classes="dialog"):
            yield Static(self.t("search.title"), classes="dialog-title")
            yield Input(placeholder=self.t("search.placeholder"), id="search-input")
            yield OptionList(id="search-results")
            yield Static(self.t("search.help"), classes="dialog-help")

    def on_mount(self) -> None:
        self.update_hits("")
        self.query_one(Input).focus()

    def on_input_changed(self, event: Input.Changed) -> None:
        self.update_hits(event.value)

    def update_hits(self, text: str) -> None:
        self.hits = search_tasks(
            self.desk.db, self.desk.codebook, self.entry, text, usage=self.usage
        )
        results = self.query_one(OptionList)
        results.clear_options()
        if not self.hits:
            results.add_option(Option(self.t("search.none"), disabled=True))
            return
        results.add_options([Option(self._line(h)) for h in self.hits])
        results.highlighted = 0

    def _line(self, hit: Hit) -> Text:
        text = Text(no_wrap=True, overflow="ellipsis")
        text.append(f"{hit.hotkey or ' ':>1} ", style="bold reverse" if hit.hotkey else "")
        text.append(f" {hit.kle}  ", style="bold")
        # One line per hit: a wrapped title would look like two hits.
        title = hit.title if len(hit.title) <= 44 else hit.title[:43] + "…"
        text.append(title)
        extra = [self.t(f"search.where.{hit.where}")]
        if hit.uses:
            extra.append(self.t("search.uses", n=hit.uses))
        text.append(f"  ({', '.join(extra)})", style="dim")
        return text

    def action_move(self, delta: int) -> None:
        results = self.query_one(OptionList)
        if not self.hits:
            return
        current = results.highlighted or 0
        results.highlighted = max(0, min(len(self.hits) - 1, current + delta))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.action_choose(False)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.action_choose(False)

    def action_choose(self, pin: bool) -> None:
        if not self.hits:
            return
        index = self.query_one(OptionList).highlighted or 0
        self.dismiss((self.hits[index].kle, pin))

    def action_close(self) -> None:
        self.dismiss(None)


class PaperScreen(ModalScreen[tuple[date, int] | None]):
    """Pick the day and hour written on a paper sheet before typing its ticks in."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "close", show=False)]

    def __init__(self, texts: Texts, now: datetime, current: tuple[date, int] | None) -> None:
        super().__init__()
        self.t = texts
        self.now = timeutil.local(now)
        self.current = current

    def compose(self) -> ComposeResult:
        day, hour = self.current or (self.now.date(), max(self.now.hour - 1, 0))
        with Vertical(id="paper-box", classes="dialog"):
            yield Static(self.t("paper.title"), classes="dialog-title")
            yield Static(self.t("paper.body"), markup=False)
            with Horizontal(classes="form-row"):
                yield Static(self.t("paper.day"), classes="form-label")
                yield Input(day.strftime("%d-%m-%Y"), id="paper-day")
            with Horizontal(classes="form-row"):
                yield Static(self.t("paper.hour"), classes="form-label")
                yield Input(str(hour), id="paper-hour", type="integer")
            yield Static("", id="paper-error", markup=False)
            with Horizontal(classes="buttons"):
                yield Button(self.t("paper.start"), id="paper-ok", variant="primary")
                yield Button(self.t("paper.cancel"), id="paper-cancel")

    def on_mount(self) -> None:
        self.query_one("#paper-day", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "paper-day":
            self.query_one("#paper-hour", Input).focus()
        else:
            self.submit()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "paper-ok":
            self.submit()
        else:
            self.dismiss(None)

    def submit(self) -> None:
        error = self.query_one("#paper-error", Static)
        try:
            day = timeutil.parse_day(self.query_one("#paper-day", Input).value)
        except ValueError:
            error.update(self.t("paper.bad_day"))
            return
        raw = self.query_one("#paper-hour", Input).value.strip()
        if not raw.isdigit() or not 0 <= int(raw) <= 23:
            error.update(self.t("paper.bad_hour"))
            return
        hour = int(raw)
        if (day, hour) > (self.now.date(), self.now.hour):
            error.update(self.t("paper.future"))
            return
        self.dismiss((day, hour))

    def action_close(self) -> None:
        self.dismiss(None)


class ConfirmScreen(ModalScreen[bool]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j,y", "answer(True)", show=False),
        Binding("n,escape", "answer(False)", show=False),
    ]

    def __init__(self, title: str, body: str, yes: str, no: str) -> None:
        super().__init__()
        self.title_text = title
        self.body = body
        self.yes = yes
        self.no = no

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm-box", classes="dialog"):
            yield Static(self.title_text, classes="dialog-title")
            yield Static(self.body, markup=False)
            with Horizontal(classes="buttons"):
                yield Button(self.yes, id="yes", variant="error")
                yield Button(self.no, id="no")

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)


class EditScreen(ModalScreen[Registration | None]):
    """Correct one registration with the same line and keys as registering it."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "close", show=False)]

    def __init__(
        self,
        desk: Desk,
        reg: Registration,
        entry: Entry,
        texts: Texts,
        clock: Callable[[], datetime],
        describe: Callable[[Registration], str],
    ) -> None:
        super().__init__()
        self.desk = desk
        self.reg = reg
        self.entry = entry
        self.t = texts
        self.clock = clock
        self.describe = describe

    def compose(self) -> ComposeResult:
        with Vertical(id="edit-box", classes="dialog"):
            yield Static(
                self.t("edit.title", time=timeutil.show(self.reg.saved_at, "%d-%m-%Y %H:%M")),
                classes="dialog-title",
            )
            yield LinePanel(self.entry, self.t, self.clock, allow_add=False, show_timer=False)
            yield Static(self.t("edit.help"), id="edit-message", classes="dialog-help")

    def on_mount(self) -> None:
        self.query_one(LinePanel).focus()

    def on_line_panel_reset_requested(self, message: LinePanel.ResetRequested) -> None:
        message.stop()
        self.dismiss(None)

    def action_close(self) -> None:
        self.dismiss(None)

    def on_line_panel_search_requested(self, message: LinePanel.SearchRequested) -> None:
        message.stop()

        def chosen(result: tuple[str, bool] | None) -> None:
            if result is not None:
                self.entry.pick_task(result[0], self.clock())
                self.query_one(LinePanel).refresh_line()

        self.app.push_screen(SearchScreen(self.desk, self.entry, self.t), chosen)

    def on_line_panel_save_requested(self, message: LinePanel.SaveRequested) -> None:
        message.stop()
        panel = self.query_one(LinePanel)
        notice = self.query_one("#edit-message", Static)
        if self.entry.missing():
            self.entry.focus = self.entry.missing()[0]
            panel.refresh_line()
            field = panel.cell_text(self.entry.focus).plain.split("\n")[0].strip("▶ ")
            notice.update(self.t("missing", field=field))
            return
        choice = self.entry.registrations(self.clock())[0]
        changes: dict[str, Any] = {}
        for key in ("channel", "task", "type", "closing", "form", "answers"):
            if choice[key] != getattr(self.reg, key):
                changes[key] = choice[key]
        if not changes:
            self.dismiss(None)
            return
        try:
            updated = self.desk.edit(self.reg.id, **changes)
        except TracetoolError as exc:
            notice.update(self.t("error", error=exc))
            return
        self.dismiss(updated)
