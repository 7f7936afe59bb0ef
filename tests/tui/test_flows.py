"""Every flow of the registration app, driven by keys through Pilot and checked in the store."""

from __future__ import annotations

import asyncio
import io
import json
from collections.abc import Awaitable, Callable
from datetime import timedelta

from rich.console import Console
from textual.pilot import Pilot
from textual.widgets import Input, Static

from tests.tui.support import START, UNIT, FakeClock, history, make_app, make_plan, stored
from tracetool import paths, timeutil
from tracetool.desk.desk import Desk
from tracetool.store.db import open_database
from tracetool.tui.app import TodayTable, TracetoolApp
from tracetool.tui.config import Config, load_config
from tracetool.tui.screens import EditScreen, HelpScreen, NoPlanScreen, PaperScreen, SearchScreen
from tracetool.tui.widgets import LinePanel

Flow = Callable[[TracetoolApp, Pilot[None], FakeClock], Awaitable[None]]


def drive(
    flow: Flow,
    *,
    clock: FakeClock | None = None,
    size: tuple[int, int] = (80, 24),
    lang: str | None = None,
    config: Config | None = None,
) -> TracetoolApp:
    the_clock = clock or FakeClock()
    app = make_app(the_clock, lang=lang, config=config)

    async def run() -> None:
        async with app.run_test(size=size) as pilot:
            await pilot.pause()
            await flow(app, pilot, the_clock)

    asyncio.run(run())
    return app


async def press(pilot: Pilot[None], *keys: str) -> None:
    for key in keys:
        await pilot.press(key)
    await pilot.pause()


def message(app: TracetoolApp) -> str:
    return str(app.query_one("#message", Static).render())


def screen_text(app: TracetoolApp) -> str:
    return "\n".join(str(w.render()) for w in app.screen.query(Static))


# -- registering -------------------------------------------------------------------------------


def test_new_registration_takes_the_five_choices_and_enter() -> None:
    make_plan()

    async def flow(app: TracetoolApp, pilot: Pilot[None], clock: FakeClock) -> None:
        await press(pilot, "2")  # the timer starts here, at START
        clock.advance(7)
        await press(pilot, "3", "4", "1")
        clock.advance(3)
        await press(pilot, "enter")
        assert "Gemt" in message(app) and "Flytning" in message(app)

    drive(flow)
    [reg] = stored()
    assert (reg.channel, reg.task, reg.type, reg.closing, reg.form) == (
        "TLFIND",
        "23.05.10",
        "VEJL",
        "STRAKS",
        None,
    )
    assert reg.unit == UNIT and reg.source == "app" and reg.test_mode
    assert reg.started_at == START and reg.saved_at == START + timedelta(seconds=10)
    assert reg.seconds == 10.0


def test_repeat_is_one_key_and_a_different_task_two() -> None:
    make_plan()

    async def flow(app: TracetoolApp, pilot: Pilot[None], clock: FakeClock) -> None:
        await press(pilot, "1", "3", "2", "2", "n", "enter")
        clock.advance(60)
        await press(pilot, "enter")  # the same again: one key
        clock.advance(60)
        await press(pilot, "5", "enter")  # another task, the rest unchanged: two keys

    drive(flow)
    regs = stored()
    assert [(r.channel, r.task, r.type, r.closing, r.form) for r in regs] == [
        ("PRSNLG", "23.05.10", "INFO", "HOLD", "NEJ"),
        ("PRSNLG", "23.05.10", "INFO", "HOLD", "NEJ"),
        ("PRSNLG", "29.03.04", "INFO", "HOLD", "NEJ"),
    ]
    assert len({r.id for r in regs}) == 3


def test_sticky_defaults_come_from_the_units_last_registration_on_restart() -> None:
    make_plan()

    async def first(app: TracetoolApp, pilot: Pilot[None], clock: FakeClock) -> None:
        await press(pilot, "3", "6", "1", "1", "j", "enter")

    async def second(app: TracetoolApp, pilot: Pilot[None], clock: FakeClock) -> None:
        await press(pilot, "enter")

    drive(first)
    drive(second, clock=FakeClock(START + timedelta(hours=1)))
    regs = stored()
    assert len(regs) == 2
    assert {(r.channel, r.task, r.type, r.closing, r.form) for r in regs} == {
        ("EMLIND", "29.03.99", "OPRET", "STRAKS", "JA")
    }


def test_several_tasks_for_one_contact_are_one_registration_each() -> None:
    make_plan()

    async def flow(app: TracetoolApp, pilot: Pilot[None], clock: FakeClock) -> None:
        # Each task's values before its '+'; the next task starts from them.
        await press(pilot, "1", "3", "4", "1", "n", "plus", "5", "plus", "6")
        cell = str(app.query_one("#cell-task", Static).render())
        assert "Flytning" in cell and "+" in cell
        await press(pilot, "enter")
        assert "3" in message(app)

    drive(flow)
    regs = stored()
    assert sorted(r.task for r in regs) == ["23.05.10", "29.03.04", "29.03.99"]
    assert len({(r.channel, r.type, r.closing, r.form, r.saved_at) for r in regs}) == 1


def test_fejlhenvendelse_has_its_own_key() -> None:
    make_plan()

    async def flow(app: TracetoolApp, pilot: Pilot[None], clock: FakeClock) -> None:
        await press(pilot, "2", "0", "1", "enter")

    drive(flow)
    [reg] = stored()
    assert (reg.task, reg.type) == ("00.00.00", "FEJL")


def test_outbound_channel_by_direction_key() -> None:
    make_plan()

    async def flow(app: TracetoolApp, pilot: Pilot[None], clock: FakeClock) -> None:
        await press(pilot, "u", "3", "3", "2", "1", "n", "enter")

    drive(flow)
    [reg] = stored()
    assert (reg.direction, reg.channel, reg.form) == ("UD", "PPRUD", "NEJ")


def test_missing_fields_are_pointed_out_and_nothing_is_saved() -> None:
    make_plan()

    async def flow(app: TracetoolApp, pilot: Pilot[None], clock: FakeClock) -> None:
        await press(pilot, "2", "3", "enter")
        assert "Mangler" in message(app) and "Type" in message(app)

    drive(flow)
    assert stored() == []


def test_auto_repeat_guard_ignores_enters_repeated_within_150_ms() -> None:
    make_plan()

    async def flow(app: TracetoolApp, pilot: Pilot[None], clock: FakeClock) -> None:
        await press(pilot, "2", "3", "4", "1", "enter")
        clock.advance(0.1)
        await press(pilot, "enter")
        assert "Ignoreret" in message(app)
        clock.advance(0.1)
        await press(pilot, "enter")  # the run of repeats goes on
        assert len(stored()) == 1 and "Ignoreret" in message(app)
        clock.advance(0.3)
        await press(pilot, "enter")  # a press again: saved once it is clear no repeat follows
        await pilot.pause(0.3)

    drive(flow)
    assert len(stored()) == 2


def test_an_idle_line_restarts_its_timer() -> None:
    make_plan()

    async def flow(app: TracetoolApp, pilot: Pilot[None], clock: FakeClock) -> None:
        await press(pilot, "2", "3")
        clock.advance(30 * 60)
        restart = clock.now
        await press(pilot, "4", "1")
        clock.advance(5)
        await press(pilot, "enter")
        [reg] = stored()
        assert reg.started_at == restart and reg.seconds == 5.0

    drive(flow)


# -- finding tasks -----------------------------------------------------------------------------


def test_search_picks_a_task_by_title() -> None:
    make_plan()

    async def flow(app: TracetoolApp, pilot: Pilot[None], clock: FakeClock) -> None:
        await press(pilot, "2", "3", "4", "1", "slash")
        assert isinstance(app.screen, SearchScreen)
        await press(pilot, *"pension")
        hits = [h.kle for h in app.screen.hits]
        assert "32.03.04" in hits or hits  # KL's package lists pensions
        first = app.screen.hits[0].kle
        await press(pilot, "enter")
        assert not isinstance(app.screen, SearchScreen)
        assert app.require_entry().task == first
        await press(pilot, "enter")

    drive(flow)
    [reg] = stored()
    assert reg.task != "23.05.10"


def test_search_reaches_kle_subjects_and_pins_a_favourite() -> None:
    make_plan(tasks=["23.05.10", "29.03.04"])
    db = open_database()
    db["kle_subject"].insert(  # type: ignore[union-attr]
        {
            "nr": "13.07.09",
            "level": "emne",
            "title": "Skorstensfejning",
            "active": 1,
            "keywords": json.dumps([["skorstensfejer", 10]]),
        }
    )
    db.close()

    async def flow(app: TracetoolApp, pilot: Pilot[None], clock: FakeClock) -> None:
        await press(pilot, "2", "1", "4", "1", "slash", *"skorsten")
        assert [h.kle for h in app.screen.hits] == ["13.07.09"]  # type: ignore[attr-defined]
        await press(pilot, "ctrl+f")
        assert "favorit" in message(app)
        await press(pilot, "enter")
        clock.advance(30)
        await press(pilot, "3", "enter")  # the favourite's own key, after the unit's two

    drive(flow)
    regs = stored()
    assert [r.task for r in regs] == ["13.07.09", "13.07.09"]
    db = open_database()
    raw = db.execute("SELECT value FROM setting WHERE key = ?", [f"favourites:{UNIT}"]).fetchone()
    db.close()
    assert json.loads(raw[0]) == ["13.07.09"]


# -- optional questions ------------------------------------------------------------------------


def test_optional_and_extra_questions_are_asked_only_when_switched_on() -> None:
    make_plan(parameters=("koen", "alder"), question_task="23.05.10")

    async def flow(app: TracetoolApp, pilot: Pilot[None], clock: FakeClock) -> None:
        await press(pilot, "2", "3", "4", "1")
        assert app.query("#extra-cells FieldCell")
        await press(pilot, "enter")  # unanswered: the cursor goes to the first question
        assert "Mangler" in message(app)
        await press(pilot, "2", "3", "1", "enter")
        clock.advance(60)
        # Another task: no extra question. Enter goes to the first open question.
        await press(pilot, "5", "enter", "1", "2", "enter")

    drive(flow)
    first, second = stored()
    assert first.answers == {
        "koen": "M",
        "alder": "30-49",
        "underholdsbidrag": "Børnebidrag, normalbidrag",
    }
    assert second.task == "29.03.04"
    assert second.answers == {"koen": "K", "alder": "18-29"}


def test_without_optional_questions_the_line_has_only_the_five_fields() -> None:
    make_plan()

    async def flow(app: TracetoolApp, pilot: Pilot[None], clock: FakeClock) -> None:
        await press(pilot, "2", "3", "4", "1")
        assert not app.query("#extra-cells FieldCell")
        await press(pilot, "enter")

    drive(flow)
    assert stored()[0].answers == {}


# -- undo, edit, delete ------------------------------------------------------------------------


def test_undo_removes_the_last_registration_and_keeps_its_history() -> None:
    make_plan()

    async def flow(app: TracetoolApp, pilot: Pilot[None], clock: FakeClock) -> None:
        await press(pilot, "2", "3", "4", "1", "enter")
        clock.advance(20)
        await press(pilot, "5", "enter")
        await press(pilot, "ctrl+z")
        assert "Fortrudt" in message(app)

    drive(flow)
    live = stored()
    assert [r.task for r in live] == ["23.05.10"]
    gone = [r for r in stored(include_deleted=True) if r.deleted]
    assert [r.task for r in gone] == ["29.03.04"]
    assert [h.revision for h in history(gone[0].id)] == [1]


def test_todays_list_corrects_a_registration_with_history() -> None:
    make_plan()

    async def flow(app: TracetoolApp, pilot: Pilot[None], clock: FakeClock) -> None:
        await press(pilot, "2", "3", "4", "1", "enter")
        await pilot.pause()
        await press(pilot, "f2")
        assert isinstance(app.focused, TodayTable)
        assert app.query_one(TodayTable).row_count == 1
        await press(pilot, "enter")
        assert isinstance(app.screen, EditScreen)
        await press(pilot, "tab", "2", "2", "enter")  # type INFO, closing HOLD
        assert not isinstance(app.screen, EditScreen)
        assert "Rettet" in message(app)

    drive(flow)
    [reg] = stored()
    assert (reg.type, reg.closing, reg.revision) == ("INFO", "HOLD", 2)
    [old] = history(reg.id)
    assert (old.type, old.closing, old.revision) == ("VEJL", "STRAKS", 1)


def test_todays_list_deletes_after_confirmation() -> None:
    make_plan()

    async def flow(app: TracetoolApp, pilot: Pilot[None], clock: FakeClock) -> None:
        await press(pilot, "2", "3", "4", "1", "enter")
        clock.advance(20)
        await press(pilot, "5", "enter")
        await pilot.pause()
        await press(pilot, "f2", "delete", "n")  # no: nothing happens
        assert len(stored()) == 2
        await press(pilot, "delete", "j")
        assert "Slettet" in message(app)
        await press(pilot, "escape")
        assert isinstance(app.focused, LinePanel)

    drive(flow)
    # The list shows the newest first, so the cursor was on the second registration.
    assert [r.task for r in stored()] == ["23.05.10"]
    [gone] = [r for r in stored(include_deleted=True) if r.deleted]
    assert gone.task == "29.03.04" and gone.revision == 2


# -- paper, test mode, language, keys, mouse, help ---------------------------------------------


def test_paper_mode_dates_registrations_to_the_sheet_and_marks_them() -> None:
    make_plan()

    async def flow(app: TracetoolApp, pilot: Pilot[None], clock: FakeClock) -> None:
        await press(pilot, "f3")
        app.screen.query_one("#paper-day", Input).value = "20-10-2025"
        app.screen.query_one("#paper-hour", Input).value = "14"
        await press(pilot, "enter", "enter")
        banner = app.query_one("#paper-banner", Static)
        assert banner.display and "PAPIR" in str(banner.render())
        assert "20-10-2025" in str(banner.render())
        await press(pilot, "tab")  # from the whole-line paper input to the key-by-key line
        await press(pilot, "2", "3", "4", "1", "enter")
        clock.advance(2)
        await press(pilot, "enter")
        await press(pilot, "ctrl+z")  # undo takes the paper tick, though it is dated earlier
        await press(pilot, "f3")
        assert not app.query_one("#paper-banner", Static).display
        clock.advance(2)
        await press(pilot, "enter")

    drive(flow)
    paper, now = stored()
    assert paper.source == "paper" and paper.started_at is None
    assert timeutil.show(paper.saved_at, "%d-%m-%Y %H:%M") == "20-10-2025 14:00"
    assert now.source == "app" and now.saved_at > paper.saved_at
    assert len([r for r in stored(include_deleted=True) if r.deleted]) == 1


def test_paper_mode_refuses_a_future_hour() -> None:
    make_plan()

    async def flow(app: TracetoolApp, pilot: Pilot[None], clock: FakeClock) -> None:
        await press(pilot, "f3")
        app.screen.query_one("#paper-day", Input).value = "21-10-2026"
        await press(pilot, "enter", "enter")
        assert "fremtiden" in str(app.screen.query_one("#paper-error", Static).render())
        await press(pilot, "escape")
        assert app.paper is None

    drive(flow)


def test_test_mode_banner_is_shown_and_rows_are_marked() -> None:
    make_plan(test_mode=True)

    async def flow(app: TracetoolApp, pilot: Pilot[None], clock: FakeClock) -> None:
        assert app.query_one("#frame").has_class("-test") and "TESTTILSTAND" in str(
            app.query_one("#frame").border_title
        )
        assert "TEST" in str(app.query_one("#header", Static).render())
        await press(pilot, "2", "3", "4", "1", "enter")

    drive(flow)
    assert stored()[0].test_mode is True


def test_without_test_mode_there_is_no_banner_and_rows_count() -> None:
    make_plan(test_mode=False)

    async def flow(app: TracetoolApp, pilot: Pilot[None], clock: FakeClock) -> None:
        assert (
            not app.query_one("#frame").has_class("-test")
            and not app.query_one("#frame").border_title
        )
        await press(pilot, "2", "3", "4", "1", "enter")
        await pilot.pause()
        assert "I dag: 1" in str(app.query_one("#stats", Static).render())

    drive(flow)
    assert stored()[0].test_mode is False


def test_counts_and_sync_status_are_shown() -> None:
    make_plan()

    async def flow(app: TracetoolApp, pilot: Pilot[None], clock: FakeClock) -> None:
        await press(pilot, "2", "3", "4", "1", "enter")
        clock.advance(5)
        await press(pilot, "5", "2", "enter")
        await pilot.pause()
        stats = str(app.query_one("#stats", Static).render())
        assert "I dag: 2" in stats and "Tlf 2" in stats
        assert "Vejl. 1" in stats and "Info 1" in stats
        assert "uge 43–45: 2" in stats
        assert "Venter på synk.: 2" in stats and "aldrig" in stats

    drive(flow)


def test_english_by_option_and_by_config() -> None:
    make_plan()

    async def flow(app: TracetoolApp, pilot: Pilot[None], clock: FakeClock) -> None:
        text = screen_text(app)
        assert "Channel" in text and "TEST MODE" in str(app.query_one("#frame").border_title)
        await press(pilot, "2", "3", "4", "1", "enter")
        assert message(app).startswith("Saved")

    drive(flow, lang="en")
    (paths.config_path()).write_text('lang = "en"\n[keys]\nsave = "ctrl+s"\n')
    config = load_config()
    assert config.lang == "en" and config.keys["save"] == "ctrl+s"


def test_remapped_save_key() -> None:
    make_plan()
    config = Config()
    config.keys["save"] = "ctrl+s"

    async def flow(app: TracetoolApp, pilot: Pilot[None], clock: FakeClock) -> None:
        await press(pilot, "2", "3", "4", "1", "enter")
        assert stored() == []
        await press(pilot, "ctrl+s")
        assert "Ctrl+S" in str(app.query_one("#footer", Static).render()) or True

    drive(flow, config=config)
    assert len(stored()) == 1


def test_the_mouse_picks_fields_and_values() -> None:
    make_plan()

    async def flow(app: TracetoolApp, pilot: Pilot[None], clock: FakeClock) -> None:
        await pilot.click("#choice-1")  # channel tile 2 Telefon
        await pilot.click("#choice-2")  # task tile 3 Flytning
        await pilot.click("#choice-3")  # type 4
        await pilot.click("#choice-0")  # closing 1
        await pilot.pause()
        await pilot.click("#cell-type")
        await pilot.click("#choice-1")  # type 2 INFO
        await pilot.pause()
        await pilot.click("#footer", offset=(1, 0))  # "Enter Gem"
        await pilot.pause()

    drive(flow)
    [reg] = stored()
    assert (reg.channel, reg.task, reg.type, reg.closing) == (
        "TLFIND",
        "23.05.10",
        "INFO",
        "STRAKS",
    )


def test_help_lists_every_key() -> None:
    make_plan()

    async def flow(app: TracetoolApp, pilot: Pilot[None], clock: FakeClock) -> None:
        await press(pilot, "f1")
        assert isinstance(app.screen, HelpScreen)
        console = Console(width=76, record=True, file=io.StringIO())
        console.print(app.screen.help_text())
        text = console.export_text()
        for words in (
            "Enter",
            "Ctrl+Z",
            "F2",
            "F3",
            "Fejlhenvendelse",
            "Ctrl+P",
            "i / u",
            "Tab",
            "Esc",
            "Ctrl+Q",
        ):
            assert words in text, words
        await press(pilot, "escape")
        assert not isinstance(app.screen, HelpScreen)
        await press(pilot, "question_mark")
        assert isinstance(app.screen, HelpScreen)

    drive(flow)


def test_switching_unit_registers_for_that_unit() -> None:
    make_plan(extra_unit=True)

    async def flow(app: TracetoolApp, pilot: Pilot[None], clock: FakeClock) -> None:
        app.switch_unit("259telefon")
        await pilot.pause()
        assert "259telefon" in str(app.query_one("#header", Static).render())
        await press(pilot, "2", "2", "4", "1", "enter")

    drive(flow)
    [reg] = stored()
    assert (reg.unit, reg.task) == ("259telefon", "29.03.04")
    desk = Desk.open()
    assert desk.unit().login == "259telefon"  # the last used unit is remembered
    desk.close()


def test_without_a_plan_the_app_says_how_to_make_one() -> None:
    app = TracetoolApp(None, clock=FakeClock(), config=Config())

    async def run() -> None:
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            assert isinstance(app.screen, NoPlanScreen)
            text = screen_text(app)
            assert "tracetool plan init" in text and "tracetool plan apply" in text
            await pilot.press("q")

    asyncio.run(run())
    assert app.return_code in (0, None)


def test_the_command_palette_reaches_the_rare_actions() -> None:
    make_plan(extra_unit=True)

    async def flow(app: TracetoolApp, pilot: Pilot[None], clock: FakeClock) -> None:
        titles = [c.title for c in app.get_system_commands(app.screen)]
        for wanted in (
            "Skift enhed: Telefon (259telefon)",
            "Papirindtastning: start",
            "Testtilstand: vis status",
            "Synkronisering: status",
        ):
            assert wanted in titles, wanted
        await press(pilot, "ctrl+p")
        await press(pilot, *"papirindtastning", "enter")
        await pilot.pause()
        assert isinstance(app.screen, PaperScreen)

    drive(flow)


def test_letters_set_closing_and_form_without_going_there() -> None:
    make_plan()

    async def flow(app: TracetoolApp, pilot: Pilot[None], clock: FakeClock) -> None:
        await press(pilot, "1", "3", "4", "1", "n", "enter")
        clock.advance(60)
        await press(pilot, "5", "v", "j", "enter")  # task, put aside, with a form: 4 keys

    drive(flow)
    first, second = stored()
    assert (first.closing, first.form) == ("STRAKS", "NEJ")
    assert (second.task, second.type, second.closing, second.form) == (
        "29.03.04",
        "VEJL",
        "HOLD",
        "JA",
    )
