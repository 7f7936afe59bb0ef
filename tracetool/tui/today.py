"""Today's list under the line: the newest registrations of the day, corrected (Enter, e)
or deleted (Delete) from there."""

from __future__ import annotations

from itertools import islice
from typing import TYPE_CHECKING, Any, ClassVar

from textual import events
from textual.binding import Binding, BindingType
from textual.widgets import DataTable

from tracetool import timeutil
from tracetool.desk.beside import day_query, favourites
from tracetool.desk.entry import Entry
from tracetool.model import Registration, Source
from tracetool.tui import screens
from tracetool.tui.texts.labels import SHORT_CHANNELS, SHORT_CLOSINGS, SHORT_FORMS, SHORT_TYPES

if TYPE_CHECKING:
    from tracetool.tui.app import TracetoolApp

TODAY_ROWS = 50  # the list shows the newest; older rows are for `tracetool list`


class TodayTable(DataTable[Any]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("delete,d", "delete_row", show=False),
        Binding("e", "edit_row", show=False),
        Binding("escape,f2", "app.back_to_line", show=False),
    ]

    drawn_width = 0

    def on_resize(self, event: events.Resize) -> None:
        if event.size.width != self.drawn_width:
            self.drawn_width = event.size.width
            refresh(the_app(self))  # the task column follows the width

    def action_delete_row(self) -> None:
        delete_selected(the_app(self))

    def action_edit_row(self) -> None:
        edit_selected(the_app(self))


def the_app(table: TodayTable) -> TracetoolApp:
    from tracetool.tui.app import TracetoolApp  # the app module imports this one

    app = table.app
    assert isinstance(app, TracetoolApp)
    return app


def refresh(app: TracetoolApp) -> None:
    desk = app.require_desk()
    unit = app.require_entry().unit.login
    day = app._today()
    q = day_query(day, unit, include_test=True)
    rows = list(islice(desk.store.query(q, order="saved_at DESC, id DESC"), TODAY_ROWS))
    total = desk.store.count(q)
    table = app._q(TodayTable)
    table.clear()
    lang = app.t.lang
    # The task takes what the other columns (45 with their padding) and the scrollbar
    # leave, so the list never scrolls sideways.
    task_width = max(10, min(34, table.size.width - 47))
    for reg in rows:
        marks = []
        if reg.test_mode:
            marks.append(app.t("mark.test"))
        if reg.source == Source.PAPER:
            marks.append(app.t("mark.paper"))
        if reg.revision > 1:
            marks.append(app.t("mark.edited"))
        table.add_row(
            timeutil.show(reg.saved_at, "%H:%M"),
            SHORT_CHANNELS[lang].get(reg.channel, reg.channel),
            short(f"{reg.task} {desk.task_title(reg.task, lang)}", task_width),
            SHORT_TYPES[lang].get(reg.type, reg.type),
            SHORT_CLOSINGS[lang].get(reg.closing, reg.closing),
            SHORT_FORMS[lang].get(reg.form, "–") if reg.form else "–",
            " ".join(marks),
            key=reg.id,
        )
    if app.paper is None:
        title = app.t("today.title", n=total)
    else:
        title = app.t("today.title_day", day=day.strftime("%d-%m-%Y"), n=total)
    table.border_title = title
    table.border_subtitle = app.t("today.focus")


def short(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def selected(app: TracetoolApp) -> Registration | None:
    table = app._q(TodayTable)
    if not table.row_count:
        return None
    key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
    return app.require_desk().store.get(str(key)) if key else None


def edit_selected(app: TracetoolApp) -> None:
    reg = selected(app)
    if reg is None:
        return
    desk = app.require_desk()
    plan = desk.require_plan()
    entry = app.require_entry()
    unit = plan.unit(reg.unit or "") or entry.unit
    lang = app.t.lang
    editing = Entry.start(
        desk.codebook,
        plan,
        unit,
        reg,
        lang=lang,
        favourites=favourites(desk.db, unit.login),
        task_title=lambda kle: desk.task_title(kle, lang),
        editing=True,
    )
    editing.answers = dict(reg.answers)
    editing.focus = editing.home_field()

    def done(updated: Registration | None) -> None:
        if updated is None:
            app.say(app.t("no_change"))
        else:
            app.say(app.t("edited", rev=updated.revision, summary=app.describe(updated)))
            app.refresh_around()
        app._q(TodayTable).focus()

    app.push_screen(screens.EditScreen(desk, reg, editing, app.t, app.clock, app.describe), done)


def delete_selected(app: TracetoolApp) -> None:
    reg = selected(app)
    if reg is None:
        return

    def done(yes: bool | None) -> None:
        if yes:
            deleted = app.require_desk().delete(reg.id)
            app.say(app.t("deleted", summary=app.describe(deleted)))
            app.refresh_around()
        app._q(TodayTable).focus()

    app.push_screen(
        screens.ConfirmScreen(
            app.t("delete.title"),
            app.t("delete.body", summary=app.describe(reg)),
            app.t("delete.yes"),
            app.t("delete.no"),
        ),
        done,
    )
