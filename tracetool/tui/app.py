"""The registration app: one screen, keyboard first, for a desk during the count weeks.

Everything about registrations goes through ``Desk`` (saving, undo, corrections) and
``tracetool.desk.entry`` (what a key does); this module arranges them on the screen. The parts
beside it: ``widgets`` (the line), ``saving`` (Enter), ``status`` (header, counts, footer),
``today`` (the day's list), ``papermode`` (F3), ``commands`` (Ctrl+P), ``screens`` (help,
search, dialogs); the words are in ``texts``.
"""

from __future__ import annotations

import gc
import os
import time
from collections.abc import Callable, Iterable
from datetime import date, datetime
from functools import partial
from pathlib import Path
from typing import Any, ClassVar, TypeVar

from textual.app import App, ComposeResult, SystemCommand
from textual.binding import Binding, BindingType
from textual.command import CommandPalette
from textual.containers import Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import DataTable, Static

from tracetool import timeutil
from tracetool.desk.beside import favourites
from tracetool.desk.carried import Habit, last_for_unit, task_habits
from tracetool.desk.desk import Desk
from tracetool.desk.entry import Entry
from tracetool.errors import TracetoolError
from tracetool.model import Registration
from tracetool.tui import commands, papermode, saving, screens, status, today
from tracetool.tui.config import (
    DEFAULT_KEYS,
    Config,
    load_config,
    save_theme,
    toml_value,
)
from tracetool.tui.paperline import PaperLine
from tracetool.tui.texts import Texts
from tracetool.tui.today import TodayTable
from tracetool.tui.widgets import LinePanel

W = TypeVar("W", bound=Widget)
APP_ACTIONS = ("undo", "today", "paper", "help")
READY_FILE_ENV = "TRACETOOL_READY_FILE"  # the benchmark's way to time launch-to-ready


class TracetoolApp(App[None]):
    CSS_PATH = "tracetool.tcss"
    TITLE = "TraceTool"
    ESCAPE_TO_MINIMIZE = False
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (72, "-normal")]  # noqa: RUF012 (Textual's)
    VERTICAL_BREAKPOINTS = [(0, "-short"), (24, "-tall")]  # noqa: RUF012
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(DEFAULT_KEYS[a], a, show=False, id=a) for a in APP_ACTIONS
    ]

    def __init__(
        self,
        desk: Desk | None = None,
        *,
        lang: str | None = None,
        unit: str | None = None,
        config: Config | None = None,
        clock: Callable[[], datetime] = timeutil.now,
        open_problem: str = "",
    ) -> None:
        super().__init__()
        self.config = config or load_config()
        self.t = Texts(lang or self.config.lang)
        self.clock = clock
        self.desk = desk
        self.open_problem = open_problem
        self.paper: tuple[date, int] | None = None
        self.session_saved: list[str] = []
        # Key press to committed row, and the part of it spent validating and committing:
        # the benchmark's figures.
        self.save_ms: list[float] = []
        self.store_ms: list[float] = []
        self.entry: Entry | None = None
        self.started_perf = time.perf_counter()
        self.ready_at: float | None = None
        self._parts: dict[str | type[Widget], Widget] = {}
        self.habits: dict[str, dict[str, Habit]] = {}
        if desk is not None and desk.plan is not None:
            # Written once here (not on every save): the unit this desk registers for.
            the_unit = desk.use_unit(unit or desk.unit().login)
            self.entry = self._new_entry(the_unit.login)
        self.theme_problem = self._restore_theme()
        keymap = {a: k for a, k in self.config.keys.items() if k != DEFAULT_KEYS.get(a)}
        if keymap:
            self.set_keymap(keymap)

    # -- theme -----------------------------------------------------------------------------

    def _restore_theme(self) -> str:
        """Use the theme saved in the config; a value that is no theme gives the default and
        the message to show (naming the file, the key and the value), never a traceback."""
        config = self.config
        shown = config.bad_theme
        if config.theme is not None:
            if config.theme in self.available_themes:
                self.theme = config.theme
                return ""
            shown = toml_value(config.theme)
            config.theme = None  # the file's value is not in use; a choice replaces it
        if shown is None:
            return ""
        return self.t("config_theme", path=config.file, value=shown, default=self.theme)

    def watch_theme(self, theme: str) -> None:
        # Textual's theme list sets the theme only when one is picked (no preview), so every
        # change is a choice to keep. The saved one, set at start, is not written again.
        if theme == self.config.theme:
            return
        try:
            save_theme(theme, self.config.file, lang=self.t.lang)
        except (OSError, TracetoolError) as exc:
            message = self.t("theme_not_saved", theme=theme, error=exc)
            self.notify(message, severity="warning", markup=False)
            return
        self.config.theme = theme

    # -- building ---------------------------------------------------------------------------

    def _new_entry(self, login: str) -> Entry:
        desk = self.require_desk()
        plan = desk.require_plan()
        unit = desk.unit(login)
        lang = self.t.lang
        return Entry.start(
            desk.codebook,
            plan,
            unit,
            last_for_unit(desk.db, unit.login),
            lang=lang,
            favourites=favourites(desk.db, unit.login),
            task_title=lambda kle: desk.task_title(kle, lang),
            habits=self._habits(unit.login),
        )

    def _habits(self, login: str) -> dict[str, Habit]:
        """The unit's task habits, read once and then learnt by the line as it saves."""
        if login not in self.habits:
            self.habits[login] = task_habits(self.require_desk().db, login)
        return self.habits[login]

    def _q(self, selector: str | type[W], expect: type[W] | None = None) -> W:
        """A widget of the main screen: kept from compose, so it is there even while a dialog
        is on top or the app is closing and a timer fires late."""
        found = self._parts[selector]
        assert isinstance(found, expect or selector)  # type: ignore[arg-type]
        return found  # type: ignore[return-value]

    def require_desk(self) -> Desk:
        assert self.desk is not None
        return self.desk

    def require_entry(self) -> Entry:
        assert self.entry is not None
        return self.entry

    def compose(self) -> ComposeResult:
        if self.entry is None:
            return
        parts: list[Widget] = [
            Static("", id="header", markup=False),
            Static("", id="paper-banner", markup=False),
            PaperLine(self.t, partial(papermode.target, self), id="paper-line"),
            LinePanel(
                self.entry,
                self.t,
                self.clock,
                id="line",
                on_save=self.save,
                on_repeat=lambda: self.say(self.t("guard"), warn=True),
            ),
            Static("", id="message", markup=False),
            Static("", id="stats", markup=False),
            TodayTable(id="today", cursor_type="row", zebra_stripes=True),
            Static(self.footer_text(), id="footer"),
        ]
        frame = Vertical(*parts, id="frame")  # test mode draws its border
        for part in [frame, *parts]:
            self._parts[f"#{part.id}"] = part
            self._parts.setdefault(type(part), part)
        yield frame

    def on_mount(self) -> None:
        # Before anything else: a broken setting is told also when there is no plan yet. Not
        # markup: the values come from the file as written ([...] is TOML, not a style).
        if self.config.problem:
            self.notify(
                self.t("config_error", path=self.config.file, error=self.config.problem),
                severity="warning",
                markup=False,
            )
        for setting, value, reason in self.config.ignored:
            reason, _, key = reason.partition(":")  # "keyname:ctrl+zz" names the key
            because = self.t(f"config_reason_{reason}", known=", ".join(DEFAULT_KEYS), name=key)
            self.notify(
                self.t(
                    "config_ignored",
                    path=self.config.file,
                    setting=setting,
                    value=value,
                    reason=because,
                ),
                severity="warning",
                timeout=15,
                markup=False,
            )
        if self.theme_problem:
            self.notify(self.theme_problem, severity="warning", timeout=15, markup=False)
        if self.entry is None:
            self.push_screen(screens.NoPlanScreen(self.t, self.open_problem))
            self.call_after_refresh(self._mark_ready)
            return
        table = self._q(TodayTable)
        for key, label in (
            ("time", "col.time"),
            ("channel", "col.channel"),
            ("task", "col.task"),
            ("type", "col.type"),
            ("closing", "col.closing"),
            ("form", "col.form"),
            ("mark", "col.mark"),
        ):
            table.add_column(self.t(label), key=key)
        self._q(LinePanel).focus()
        self.refresh_header()
        self.refresh_around()
        if self.require_entry().missing(core_only=True):
            self.say(self.t("welcome"))
        self.set_interval(1.0, self._tick)
        self.set_interval(30.0, self.refresh_stats)
        self.call_after_refresh(self._mark_ready)

    def _mark_ready(self) -> None:
        self.ready_at = time.perf_counter()
        # What exists now lives as long as the app; keeping it out of the collector's sweeps
        # keeps a full collection from landing between a key press and its save.
        gc.freeze()
        target = os.environ.get(READY_FILE_ENV)
        if target:
            Path(target).write_text(f"{time.time():.6f}\n")
            self.exit()

    def _tick(self) -> None:
        self._q(LinePanel).refresh_timer()
        self.refresh_header()

    # -- the things around the line -----------------------------------------------------------

    def footer_text(self) -> Content:
        return status.footer_text(self)

    def refresh_header(self) -> None:
        status.refresh_header(self)

    def refresh_around(self) -> None:
        self.refresh_header()
        self.refresh_stats()
        self.refresh_today()

    def _today(self) -> date:
        return self.paper[0] if self.paper else timeutil.local(self.clock()).date()

    def refresh_stats(self) -> None:
        status.refresh_stats(self)

    def last_sync_text(self) -> str:
        """When this desk last synced, as shown ("never" when it has not)."""
        return status.last_sync_text(self)

    def refresh_today(self) -> None:
        today.refresh(self)

    def say(self, message: str, *, warn: bool = False) -> None:
        widget = self._q("#message", Static)
        widget.update(message, layout=False)
        widget.set_class(warn, "-warn")

    def describe(self, reg: Registration) -> str:
        return status.describe(self, reg)

    # -- the line's requests ---------------------------------------------------------------

    def save(self) -> list[Registration]:
        return saving.save(self)

    def on_line_panel_reset_requested(self, message: LinePanel.ResetRequested) -> None:
        entry = self.require_entry()
        fresh = self._new_entry(entry.unit.login)
        self.entry = fresh
        self._q(LinePanel).set_entry(fresh)
        self.say(self.t("reset"))

    def on_line_panel_search_requested(self, message: LinePanel.SearchRequested) -> None:
        self.push_screen(
            screens.SearchScreen(self.require_desk(), self.require_entry(), self.t), self._searched
        )

    def _searched(self, result: tuple[str, bool] | None) -> None:
        if result is None:
            return
        kle, pin = result
        entry = self.require_entry()
        entry.pick_task(kle, self.clock())
        if pin:
            commands.pin_task(self, kle)
        self._q(LinePanel).refresh_line()

    # -- actions ------------------------------------------------------------------------------

    async def action_press_action(self, action: str) -> None:
        """A click on the footer: the same as the key."""
        if action in APP_ACTIONS:
            await self.run_action(action)
            return
        panel = self._q(LinePanel)
        panel.focus()
        panel.key_time = time.monotonic()  # a click, not a key, starts this one
        await panel.run_action(action)

    def action_undo(self) -> None:
        reg = self.require_desk().undo_among(self.session_saved)
        if reg is None:
            self.say(self.t("nothing_to_undo"), warn=True)
            return
        when = timeutil.show(reg.saved_at, "%d-%m-%Y %H:%M")
        self.say(self.t("undone", when=when, summary=self.describe(reg)))
        self.refresh_around()

    async def action_quit(self) -> None:
        """Ctrl+Q: a line with keys typed on it (its timer running) is not dropped unasked."""
        entry = self.entry
        if entry is None or (entry.started is None and not entry.chosen):
            self.exit()
            return

        def done(yes: bool | None) -> None:
            if yes:
                self.exit()
            else:
                self._q(LinePanel).focus()

        self.push_screen(
            screens.ConfirmScreen(
                self.t("quit.title"),
                self.t("quit.body", summary=self._q(LinePanel).summary()),
                self.t("quit.yes"),
                self.t("quit.no"),
            ),
            done,
        )

    def action_today(self) -> None:
        table = self._q(TodayTable)
        if not table.row_count:
            self.say(self.t("today.empty"), warn=True)
            return
        table.focus()
        self.screen.maximize(table)

    def action_back_to_line(self) -> None:
        self.screen.minimize()
        self._q(LinePanel).focus()
        self.say("")

    def action_paper(self) -> None:
        papermode.toggle(self)

    def on_paper_line_saved(self, message: PaperLine.Saved) -> None:
        papermode.line_saved(self, message)

    def action_help(self) -> None:
        self.push_screen(screens.HelpScreen(self.t, self.config, commands.channel_help(self)))

    # -- today's list: correct and delete ---------------------------------------------------

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        today.edit_selected(self)

    # -- units and the command palette ----------------------------------------------------------

    def switch_unit(self, login: str) -> None:
        desk = self.require_desk()
        unit = desk.use_unit(login)
        self.entry = self._new_entry(unit.login)
        self.session_saved.clear()
        self._q(LinePanel).set_entry(self.entry)
        self.say(self.t("unit_switched", name=unit.name, login=unit.login))
        self.refresh_header()
        self.refresh_around()

    def action_command_palette(self) -> None:
        """Textual's command palette, with its placeholder in the app's language."""
        if self.use_command_palette and not CommandPalette.is_open(self):  # type: ignore[arg-type]
            placeholder = self.t("palette.placeholder")
            self.push_screen(CommandPalette(placeholder=placeholder, id="--command-palette"))

    def action_help_quit(self) -> None:
        """Ctrl+C: Textual's hint how to quit, in the app's language."""
        self.notify(self.t("quit_hint", keys="Ctrl+Q"), title=self.t("quit_hint.title"))

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        yield from commands.system_commands(self)

    def on_unmount(self) -> None:
        if self.desk is not None:
            self.desk.close()


def launch(lang: str | None = None, unit: str | None = None) -> int:
    """``tracetool`` / ``tracetool app``: run the app until it quits; its code (1: it crashed)."""
    desk = Desk.open()
    if desk.plan is None:
        app = TracetoolApp(None, lang=lang)
        app.run()
        desk.close()
        return app.return_code or 0
    app = TracetoolApp(desk, lang=lang, unit=unit)
    app.run()
    return app.return_code or 0
