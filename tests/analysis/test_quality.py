"""tracetool check: every finding's count against a count made here from the rows put in."""

from __future__ import annotations

import json
import shlex
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from typer.testing import CliRunner

from tests.formats import support as support
from tests.formats.support import do_import, make
from tests.formats.test_repeats import _SOME_SECONDS, dl_file, extract_lines, without_seconds
from tracetool import timeutil
from tracetool.analysis.quality import Scope, check
from tracetool.cli.main import app
from tracetool.desk.desk import Desk
from tracetool.model import Registration

runner = CliRunner()
desk = support.desk

PERIOD = (date(2013, 10, 21), date(2013, 11, 10))


def at(day: date, hour: int, minute: int = 0) -> datetime:
    """A Danish wall-clock time as the UTC moment the store keeps."""
    return timeutil.day_start_utc(day) + timedelta(hours=hour, minutes=minute)


def local_day(reg: Registration) -> date:
    return timeutil.local(reg.saved_at).date()


def seed(desk: Desk) -> list[Registration]:
    d = date(2013, 10, 21)
    regs = [
        # In the period: borgerservice on three days, telefon silent on the 22nd.
        *(make(saved_at=at(d + timedelta(days=i), 10), started_at=None) for i in range(3)),
        make(unit="259telefon", channel="TLFIND", form=None, saved_at=at(d, 11), started_at=None),
        make(
            unit="259telefon",
            channel="TLFIND",
            form=None,
            saved_at=at(d + timedelta(days=2), 11),
            started_at=None,
        ),
        # Before and after the period (a mass registration of three among them).
        make(saved_at=at(date(2013, 10, 18), 9), started_at=None),
        make(saved_at=at(date(2013, 10, 19), 9), started_at=None, count=3, source="mass"),
        make(saved_at=at(date(2013, 11, 12), 9), started_at=None),
        # Without a unit: website rows and one phone call.
        *(
            make(unit=None, channel="WEB", form=None, saved_at=at(d, 13, i), started_at=None)
            for i in range(3)
        ),
        make(unit=None, channel="TLFIND", form=None, saved_at=at(d, 14), started_at=None),
        # Tasks on no list and in no catalogue (15.20 only until Køge's list names 15.20.00).
        make(task="29.03.98", saved_at=at(d, 15), started_at=None),
        make(task="15.20", saved_at=at(d, 15, 5), started_at=None),
        # Impossible durations: nine hours; over midnight.
        make(saved_at=at(d, 18), started_at=at(d, 9)),
        make(saved_at=at(d + timedelta(days=1), 0, 10), started_at=at(d, 23, 50)),
        # Test data counts nowhere.
        make(saved_at=at(date(2013, 12, 1), 9), test_mode=True),
    ]
    for reg in regs:
        desk.store.save(reg)
    return [r for r in regs if not r.test_mode]


def by_kind(findings: list, kind: str) -> list:
    return [f for f in findings if f.kind == kind]


def test_every_count_matches_a_count_made_from_the_rows(desk: Desk, tmp_path: Path) -> None:
    regs = seed(desk)
    findings = check(desk.db, desk.codebook, desk.plan)

    before = [r for r in regs if local_day(r) < PERIOD[0]]
    after = [r for r in regs if local_day(r) > PERIOD[1]]
    outside = by_kind(findings, "outside_periods")
    assert [(f.rows, f.inquiries) for f in outside] == [
        (len(before), sum(r.count for r in before)),
        (len(after), sum(r.count for r in after)),
    ]
    assert outside[0].rule == ("--to", "20-10-2013", "--reason", "uden for tælleperioden")
    assert outside[1].rule[:2] == ("--from", "11-11-2013")

    no_unit = by_kind(findings, "no_unit")
    expected = {}
    for r in regs:
        if r.unit is None:
            expected[r.channel] = expected.get(r.channel, 0) + 1
    assert {f.title.split()[-1]: f.rows for f in no_unit} == expected
    web = next(f for f in no_unit if f.title.endswith("WEB"))
    assert web.command() == ("tracetool exclude add --unit '' --channel WEB --reason 'uden enhed'")

    unknown = by_kind(findings, "unknown_task")
    listed = {t for u in desk.plan.units for t in u.tasks} | {t.kle for t in desk.codebook.tasks}
    strange = {r.task for r in regs if r.task not in listed and r.task + ".00" not in listed}
    assert {f.title.split()[1] for f in unknown} == strange == {"29.03.98", "15.20"}
    assert all(f.rule is None and "opgaver" in f.no_rule for f in unknown)

    durations = by_kind(findings, "impossible_duration")
    long_or_overnight = [
        r
        for r in regs
        if r.started_at is not None
        and (
            (r.saved_at - r.started_at).total_seconds() > 8 * 3600
            or timeutil.local(r.started_at).date() != local_day(r)
        )
    ]
    assert len(durations) == 1 and durations[0].rows == len(long_or_overnight) == 2

    silent = by_kind(findings, "silent_day")
    in_period = [r for r in regs if PERIOD[0] <= local_day(r) <= PERIOD[1]]
    open_days = {local_day(r) for r in in_period}
    telefon = [r for r in in_period if r.unit == "259telefon"]
    missing = open_days - {local_day(r) for r in telefon}
    assert [f.title.split()[0] for f in silent] == ["259telefon"]
    assert len(missing) == 1 and "22-10-2013" in silent[0].title
    assert f"har intet på {len(missing)} dag i" in silent[0].title
    assert silent[0].rows == len(telefon)
    assert silent[0].rule[:6] == (
        "--from",
        "21-10-2013",
        "--to",
        "10-11-2013",
        "--unit",
        "259telefon",
    )

    assert by_kind(findings, "likely_repeat") == []


def test_local_task_names_take_a_code_off_the_list(
    desk: Desk, shared: Path, tmp_path: Path
) -> None:
    seed(desk)
    path = shared / "komhen" / "koege_opgaver_efteraar2013.csv"
    assert runner.invoke(app, ["codebook", "import-tasks", str(path)]).exit_code == 0
    unknown = by_kind(check(desk.db, desk.codebook, desk.plan), "unknown_task")
    assert [f.title.split()[1] for f in unknown] == ["29.03.98"]


def test_repeats_stored_on_purpose_are_found(desk: Desk, tmp_path: Path) -> None:
    rows = extract_lines()
    do_import(desk, dl_file(tmp_path / "a.csv", rows))
    assert by_kind(check(desk.db, desk.codebook, desk.plan), "likely_repeat") == []
    resaved = dl_file(tmp_path / "b.csv", [without_seconds(r) for r in rows])
    assert do_import(desk, resaved, allow_repeat=True).imported > 0
    repeats = by_kind(check(desk.db, desk.codebook, desk.plan), "likely_repeat")
    with_seconds = sum(1 for r in rows if _SOME_SECONDS.search(r))
    assert len(repeats) == 1 and repeats[0].rows == with_seconds
    assert repeats[0].rule is None and repeats[0].examples


def test_cli_check_prints_the_rules_and_json(desk: Desk, tmp_path: Path) -> None:
    seed(desk)
    result = runner.invoke(app, ["check"])
    assert result.exit_code == 0, result.output
    assert "tracetool exclude add --to 20-10-2013 --reason 'uden for tælleperioden'" in (
        result.stdout
    )
    assert "(ingen regel: exclude add kan ikke udvælge opgaver" in result.stdout
    data = json.loads(runner.invoke(app, ["check", "--json"]).stdout)
    kinds = [f["kind"] for f in data["findings"]]
    assert kinds.count("outside_periods") == 2 and "silent_day" in kinds
    # Every command line is one a shell splits back into the rule's arguments.
    for finding in data["findings"]:
        if finding["command"]:
            assert shlex.split(finding["command"])[3:] == finding["rule"]


def test_a_clean_store_has_nothing_to_say(desk: Desk) -> None:
    desk.store.save(make(saved_at=datetime(2013, 10, 21, 8, 0, tzinfo=UTC), started_at=None))
    assert check(desk.db, desk.codebook, desk.plan) == []
    result = runner.invoke(app, ["check"])
    assert result.exit_code == 0 and "Intet at bemærke" in result.stdout


def test_rows_left_out_already_are_not_found_again(desk: Desk) -> None:
    """With the rows a rule already leaves out (here: the phone unit and website rows) out of
    scope, their findings go and every other count stays as it was."""
    regs = seed(desk)
    everything = check(desk.db, desk.codebook, desk.plan)
    scope = Scope("COALESCE(unit, '') = ? OR channel = ?", ("259telefon", "WEB"))
    rest = check(desk.db, desk.codebook, desk.plan, scope)
    assert by_kind(rest, "silent_day") == [] and by_kind(everything, "silent_day") != []
    assert [f.title for f in by_kind(rest, "no_unit")] == ["rækker uden enhed på kanalen TLFIND"]
    kept = [r for r in regs if r.unit != "259telefon" and r.channel != "WEB"]
    outside = [r for r in kept if not PERIOD[0] <= local_day(r) <= PERIOD[1]]
    assert sum(f.rows for f in by_kind(rest, "outside_periods")) == len(outside)
    assert by_kind(rest, "unknown_task") == by_kind(everything, "unknown_task")
    assert by_kind(rest, "impossible_duration") == by_kind(everything, "impossible_duration")


def test_over_midnight_in_winter_time_and_a_long_evening(desk: Desk) -> None:
    """Danish midnight is 23:00 UTC in winter and 22:00 UTC in summer; both are found, and an
    evening timer that stays on its day is not."""
    november = date(2013, 11, 5)
    regs = [
        make(saved_at=at(november + timedelta(days=1), 0, 10), started_at=at(november, 23, 50)),
        make(saved_at=at(november, 23, 40), started_at=at(november, 22, 30)),
        make(saved_at=at(date(2013, 10, 22), 0, 5), started_at=at(date(2013, 10, 21), 23, 55)),
    ]
    for reg in regs:
        desk.store.save(reg)
    over = [r for r in regs if timeutil.local(r.started_at).date() != local_day(r)]  # type: ignore[arg-type]
    found = by_kind(check(desk.db, desk.codebook, desk.plan), "impossible_duration")
    assert len(over) == 2 and found[0].rows == len(over)


def test_without_count_periods_the_period_checks_are_said_to_be_skipped(
    tracetool_home: Path,
) -> None:
    result = runner.invoke(app, ["check", "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == {
        "findings": [],
        "unchecked": ["outside_periods", "silent_day"],
    }
    result = runner.invoke(app, ["check"])
    assert "ingen tælleperioder" in result.stderr and "Intet at bemærke" in result.stdout


def test_cli_check_leaves_out_what_the_recorded_rules_exclude(desk: Desk) -> None:
    """A finding whose suggested rule is recorded is not reported again by `tracetool check`."""
    seed(desk)
    before = json.loads(runner.invoke(app, ["check", "--json"]).stdout)["findings"]
    outside = [f for f in before if f["kind"] == "outside_periods"]
    assert outside and outside[0]["rule"]
    added = runner.invoke(app, ["exclude", "add", *outside[0]["rule"]])
    assert added.exit_code == 0, added.output
    after = json.loads(runner.invoke(app, ["check", "--json"]).stdout)["findings"]
    assert outside[0] not in after
    assert [f for f in after if f["kind"] == "unknown_task"] == [
        f for f in before if f["kind"] == "unknown_task"
    ]
