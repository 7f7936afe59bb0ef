"""The command palette's own commands (Ctrl+P) and the help's channel rows: what the app
offers beside the line, each a function of the app."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from textual.app import SystemCommand

from tracetool.desk.beside import pin_favourite, unpin_favourite
from tracetool.plan.model import TASK_HOTKEYS
from tracetool.store import outbox
from tracetool.tui import screens
from tracetool.tui.widgets import LinePanel

if TYPE_CHECKING:
    from tracetool.tui.app import TracetoolApp


def system_commands(app: TracetoolApp) -> Iterable[SystemCommand]:
    t = app.t
    # Textual's own commands in the app's language; its developer tools (screenshot,
    # key panel, maximize) are left out: staff have F1.
    yield SystemCommand(t("cmd.theme"), t("cmd.theme_help"), app.action_change_theme)
    yield SystemCommand(t("cmd.quit"), t("cmd.quit_help"), app.action_quit)
    if app.desk is None or app.desk.plan is None or app.entry is None:
        return
    for unit in app.desk.plan.units:
        if unit.login != app.entry.unit.login:
            yield SystemCommand(
                t("cmd.unit", name=unit.name, login=unit.login),
                t("cmd.unit_help"),
                lambda login=unit.login: app.switch_unit(login),  # type: ignore[misc]
            )
    yield SystemCommand(
        t("cmd.paper_off" if app.paper else "cmd.paper_on"),
        t("cmd.paper_help"),
        app.action_paper,
    )
    yield SystemCommand(t("cmd.test"), t("cmd.test_help"), lambda: show_test_mode(app))
    switch = "cmd.test_switch_off" if app.desk.test_mode else "cmd.test_switch_on"
    yield SystemCommand(t(switch), t("cmd.test_switch_help"), lambda: switch_test_mode(app))
    yield SystemCommand(t("cmd.sync"), t("cmd.sync_help"), lambda: show_sync(app))
    yield SystemCommand(t("cmd.today"), t("cmd.today_help"), app.action_today)
    yield SystemCommand(t("cmd.help"), t("cmd.help_help"), app.action_help)
    task = app.entry.task
    if task is not None:
        if task in app.entry.favourites:
            yield SystemCommand(t("cmd.unpin"), t("cmd.unpin_help"), lambda: unpin_current(app))
        elif task not in app.entry.unit.tasks:
            yield SystemCommand(t("cmd.pin"), t("cmd.pin_help"), lambda: pin_task(app, task))


def show_test_mode(app: TracetoolApp) -> None:
    on = app.require_desk().test_mode
    app.notify(app.t("cmd.test_on" if on else "cmd.test_off"), timeout=6)


def switch_test_mode(app: TracetoolApp) -> None:
    """Test mode on or off for this desk, after a confirmation naming what follows."""
    desk = app.require_desk()
    turn_on = not desk.test_mode
    way = "on" if turn_on else "off"

    def done(yes: bool | None) -> None:
        if yes:
            desk.set_test_mode(turn_on)
            app.say(app.t("cmd.test_on" if turn_on else "cmd.test_off"), warn=turn_on)
            app.refresh_around()
        app._q(LinePanel).focus()

    app.push_screen(
        screens.ConfirmScreen(
            app.t(f"test_switch.title_{way}"),
            app.t(f"test_switch.body_{way}"),
            app.t("test_switch.yes"),
            app.t("test_switch.no"),
        ),
        done,
    )


def show_sync(app: TracetoolApp) -> None:
    desk = app.require_desk()
    when = app.last_sync_text()
    app.notify(app.t("cmd.sync_status", n=outbox.pending_count(desk.db), when=when), timeout=8)


def pin_task(app: TracetoolApp, kle: str) -> None:
    desk = app.require_desk()
    entry = app.require_entry()
    entry.favourites = tuple(pin_favourite(desk.db, entry.unit.login, kle))
    title = desk.task_title(kle, app.t.lang)
    keyed = kle in entry.task_list()[: len(TASK_HOTKEYS)]
    key = "pinned" if keyed else "pin_full"
    app.say(app.t(key, task=f"{kle} {title}", unit=entry.unit.name))
    app._q(LinePanel).refresh_line()


def unpin_current(app: TracetoolApp) -> None:
    desk = app.require_desk()
    entry = app.require_entry()
    if entry.task is None:
        return
    entry.favourites = tuple(unpin_favourite(desk.db, entry.unit.login, entry.task))
    app.say(app.t("unpinned", task=desk.task_title(entry.task, app.t.lang)))
    app._q(LinePanel).refresh_line()


def channel_help(app: TracetoolApp) -> list[tuple[str, str]]:
    """Help's channel rows: each direction's numbers, then the function keys."""
    entry = app.entry
    if entry is None:
        return []
    rows: list[tuple[str, str]] = []
    for direction in ("IND", "UD"):
        choices = entry.channel_choices(direction)
        if choices:
            listed = ", ".join(f"{c.hotkey} {c.label}" for c in choices)
            span = f"{choices[0].hotkey}–{choices[-1].hotkey}"
            rows.append((span, f"{app.t('dir.' + direction)}: {listed}"))
    keyed = entry.channel_keys()
    if keyed:
        rows.append(("F5–F12", app.t("help.channel_keys")))
        names = {c.code: c.label for c in entry.all_channels()}
        rows.append(("", ", ".join(f"{k.upper()} {names[c]}" for k, c in keyed.items())))
    return rows
