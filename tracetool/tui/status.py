"""The things around the line: the header (unit, clock, test mode, the paper banner), the
counts and sync status under it, the footer's keys, and a registration told in words."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Static

from tracetool import timeutil
from tracetool.desk.beside import Counts, counts, day_query, period_query
from tracetool.model import Registration
from tracetool.store import outbox, settings
from tracetool.tui.config import key_label
from tracetool.tui.texts.labels import SHORT_CHANNELS, SHORT_FORMS, SHORT_TYPES
from tracetool.tui.widgets import LinePanel

if TYPE_CHECKING:
    from tracetool.tui.app import TracetoolApp


def footer_text(app: TracetoolApp) -> Content:
    items = [
        ("save", "footer.save"),
        ("add_task", "footer.add_task"),
        ("search", "footer.search"),
        ("undo", "footer.undo"),
        ("today", "footer.today"),
        ("paper", "footer.paper"),
        ("help", "footer.help"),
    ]
    parts: list[Content] = []
    for action, label in items:
        keys = key_label(app.config.keys_for(action), first_only=True, compact=True)
        click = f"app.press_action('{action}')"
        parts.append(
            Content.from_markup(
                f"[bold reverse @click={click}]$keys[/][@click={click}] $label [/]",
                keys=keys,
                label=app.t(label),
            )
        )
    parts.append(
        Content.from_markup(
            "[bold reverse @click=app.command_palette]^P[/][@click=app.command_palette] $label[/]",
            label=app.t("footer.palette"),
        )
    )
    return Content("").join(parts)


def refresh_header(app: TracetoolApp) -> None:
    desk = app.require_desk()
    plan = desk.require_plan()
    unit = app.require_entry().unit
    now = timeutil.show(app.clock(), "%d-%m-%Y %H:%M")
    test = "  [TEST]" if desk.test_mode else ""
    app._q("#header", Static).update(
        f" TraceTool · {unit.name} ({unit.login}) · {plan.municipality_name}{test}  {now}",
        layout=False,
    )
    frame = app._q("#frame", Vertical)
    frame.set_class(desk.test_mode, "-test")
    frame.border_title = app.t("banner.test_frame") if desk.test_mode else None
    frame.border_subtitle = frame.border_title
    banner = app._q("#paper-banner", Static)
    banner.display = app.paper is not None
    panel = app._q(LinePanel)
    if panel.untimed != (app.paper is not None):
        panel.untimed = app.paper is not None
        panel.refresh_timer()
    if app.paper is not None:
        day, hour = app.paper
        banner.update(
            app.t("banner.paper", day=day.strftime("%d-%m-%Y"), hour=hour, next=(hour + 1) % 24)
        )


def refresh_stats(app: TracetoolApp) -> None:
    desk = app.require_desk()
    plan = desk.require_plan()
    unit = app.require_entry().unit.login
    include_test = desk.test_mode
    day = timeutil.local(app.clock()).date()
    today = counts(desk.db, day_query(day, unit, include_test))
    period = plan.period_for(day)
    lines = Text(no_wrap=True, overflow="ellipsis")
    _counts_line(app, lines, app.t("stats.today"), today)
    if period is not None:
        in_period = counts(desk.db, period_query(period.start, period.end, unit, include_test))
        lines.append("\n")
        _counts_line(app, lines, period.name, in_period)
    else:
        lines.append("\n" + app.t("stats.no_period"), style="dim")
    when = last_sync_text(app)
    lines.append("\n")
    lines.append(app.t("stats.pending", n=outbox.pending_count(desk.db)))
    lines.append("  ·  " + app.t("stats.last_sync", when=when))
    if include_test:
        lines.append("  ·  " + app.t("stats.test"), style="bold")
    app._q("#stats", Static).update(lines, layout=False)


def last_sync_text(app: TracetoolApp) -> str:
    """When this desk last synced, as shown ("never" when it has not)."""
    last = settings.get(app.require_desk().db, "last_sync_at")
    if not last:
        return app.t("stats.never")
    try:
        return timeutil.show(timeutil.from_db(last), "%d-%m-%Y %H:%M")
    except ValueError:
        return last


def _counts_line(app: TracetoolApp, text: Text, label: str, c: Counts) -> None:
    lang = app.t.lang
    text.append(f"{label}: {c.total}", style="bold")
    if not c.total:
        return
    chans = " · ".join(f"{SHORT_CHANNELS[lang].get(k, k)} {v}" for k, v in c.by_channel.items())
    types = " · ".join(f"{SHORT_TYPES[lang].get(k, k)} {v}" for k, v in c.by_type.items())
    text.append(f"  {chans}  ┃ {types}")


def describe(app: TracetoolApp, reg: Registration) -> str:
    desk = app.require_desk()
    lang = app.t.lang
    chan = desk.codebook.channel(reg.channel)
    kind = desk.codebook.type(reg.type)
    closing = desk.codebook.closing(reg.closing)
    parts = [
        f"{chan.label(lang) if chan else reg.channel} ({app.t('dir.' + reg.direction)})",
        desk.task_title(reg.task, lang),
        kind.label(lang) if kind else reg.type,
        closing.label(lang) if closing else reg.closing,
    ]
    if reg.form:
        parts.append(f"{app.t('field.form')} {SHORT_FORMS[lang].get(reg.form, reg.form)}")
    return " · ".join(parts)
