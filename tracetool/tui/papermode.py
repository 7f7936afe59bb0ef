"""Paper mode (F3): ticks from a paper sheet typed in, dated to the sheet's day and hour, on the
line or as whole lines of the sheet."""

from __future__ import annotations

from datetime import date
from functools import partial
from typing import TYPE_CHECKING

from tracetool.desk.desk import Desk
from tracetool.plan.model import Unit
from tracetool.tui import screens
from tracetool.tui.paperline import PaperLine
from tracetool.tui.widgets import LinePanel

if TYPE_CHECKING:
    from tracetool.tui.app import TracetoolApp


def toggle(app: TracetoolApp) -> None:
    if app.paper is not None:
        app.paper = None
        app._q(PaperLine).stop()
        app._q(LinePanel).focus()
        app.say(app.t("paper.off"))
        app.refresh_header()
        app.refresh_today()
        return
    app.push_screen(screens.PaperScreen(app.t, app.clock(), app.paper), partial(_chosen, app))


def _chosen(app: TracetoolApp, result: tuple[date, int] | None) -> None:
    if result is None:
        return
    app.paper = result
    day, hour = result
    app.say(app.t("paper.on", day=day.strftime("%d-%m-%Y"), hour=hour))
    app.refresh_header()
    app.refresh_today()
    app._q(PaperLine).start()


def target(app: TracetoolApp) -> tuple[Desk, Unit, date, int] | None:
    if app.paper is None or app.desk is None or app.entry is None:
        return None
    return (app.desk, app.entry.unit, *app.paper)


def line_saved(app: TracetoolApp, message: PaperLine.Saved) -> None:
    """A whole line from the sheet was saved: undo can take it, the list shows it."""
    app.session_saved.append(message.registration.id)
    n = message.registration.count
    app.say(app.t("paperline.saved", n=n, text=message.text))
    app.refresh_around()
