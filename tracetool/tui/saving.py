"""Saving the line: its registrations stored (on paper, dated to the sheet's hour), told on the
message line and timed for the benchmark."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any

from tracetool import timeutil
from tracetool.desk.beside import paper_moment
from tracetool.desk.desk import register_all
from tracetool.errors import TracetoolError
from tracetool.model import Registration, Source
from tracetool.tui.widgets import LinePanel

if TYPE_CHECKING:
    from tracetool.tui.app import TracetoolApp


def save(app: TracetoolApp) -> list[Registration]:
    desk = app.require_desk()
    entry = app.require_entry()
    panel = app._q(LinePanel)
    now = app.clock()
    if entry.check_save(now) == "missing":
        panel.refresh_line()
        name = panel.cell_text(entry.focus).plain.split("\n")[0].strip("▶ ")
        app.say(app.t("missing", field=name), warn=True)
        return []
    choices = entry.registrations(now)
    common: dict[str, Any]
    if app.paper is not None:
        common = {
            "source": Source.PAPER,
            "at": paper_moment(*app.paper),
            "started_at": None,
        }
    else:
        common = {"source": Source.APP, "at": now}
    try:
        t0 = time.monotonic()
        regs = register_all(desk, choices, **common)
        app.store_ms.append((time.monotonic() - t0) * 1000)
    except TracetoolError as exc:
        app.say(app.t("error", error=exc), warn=True)
        app.notify(str(exc), severity="error", timeout=6)
        return []
    if panel.key_time:
        app.save_ms.append((time.monotonic() - panel.key_time) * 1000)
        panel.key_time = 0.0
    app.session_saved.extend(r.id for r in regs)
    entry.saved(now)
    panel.refresh_line()
    summary = (
        " + ".join(app.describe(r) for r in regs[:1])
        if len(regs) == 1
        else (" + ".join(desk.task_title(r.task, app.t.lang) for r in regs))
    )
    at = timeutil.show(now, "%H:%M:%S")
    if app.paper is not None:
        day, hour = app.paper
        app.say(app.t("saved_paper", day=day.strftime("%d-%m-%Y"), hour=hour, summary=summary))
    elif len(regs) == 1:
        app.say(app.t("saved", time=at, summary=summary))
    else:
        app.say(app.t("saved_many", n=len(regs), time=at, summary=summary))
    # The counts and list follow the save; the row is already committed.
    app.call_after_refresh(app.refresh_around)
    return regs
