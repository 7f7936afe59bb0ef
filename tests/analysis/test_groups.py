"""Departments ([groups] in the plan) and filters that combine: counts per group and for any
mix of --unit/--group/--channel/--type/--source, each against plain Python over the rows."""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tests.analysis.support import GROUPS, apply_plan_with, report_data, store_rows
from tests.collector.coordinator_support import apply_test_plan, run
from tests.helpers import reg
from tracetool.model import Registration
from tracetool.plan.planfile import check_plan_text, parse_plan
from tracetool.plan.writing import dump_plan

UNITS = ("259borgerservice", "259telefon", "259besk", "259sek", "259sdp", None)
GROUP_OF = {"259borgerservice": "Borgerservice", "259besk": "Jobcenter", "259sek": "Jobcenter"}
GROUP_OF["259sdp"] = "Jobcenter"


def rows() -> list[Registration]:
    rnd = random.Random(13)
    t0 = datetime(2013, 10, 21, 8, tzinfo=UTC)
    return [
        reg(
            saved_at=t0 + timedelta(minutes=11 * i),
            unit=rnd.choice(UNITS),
            channel=rnd.choice(("TLFIND", "PRSNLG", "SLVBTJN")),
            type=rnd.choice(("VEJL", "INFO", "OPRET")),
            source=rnd.choice(("app", "import", "paper")),
            count=rnd.choice((1, 1, 2, 5)),
        )
        for i in range(300)
    ]


@pytest.fixture
def grouped(tracetool_home: Path, tmp_path: Path) -> list[Registration]:
    apply_plan_with(tmp_path, GROUPS)
    return store_rows(rows())


def total(regs: list[Registration], keep: Callable[[Registration], bool]) -> int:
    return sum(r.count for r in regs if keep(r))


def test_by_group_matches_plain_python(grouped: list[Registration]) -> None:
    want: Counter[str] = Counter()
    for r in grouped:
        want[GROUP_OF.get(r.unit or "", "INGEN")] += r.count
    data = report_data()
    assert data["by_group"] == dict(want)
    assert list(data["by_group"])[:2] == ["Borgerservice", "Jobcenter"]  # type: ignore[call-overload]
    assert sum(want.values()) == data["total"]


def test_a_group_and_repeated_units_mean_any_of(grouped: list[Registration]) -> None:
    data = report_data("--group", "Jobcenter")
    jobcenter = total(grouped, lambda r: GROUP_OF.get(r.unit or "") == "Jobcenter")
    assert data["total"] == jobcenter and data["by_group"] == {"Jobcenter": jobcenter}
    both = report_data("--unit", "259besk", "--unit", "259telefon")
    assert both["total"] == total(grouped, lambda r: r.unit in ("259besk", "259telefon"))
    groups = report_data("--group", "Jobcenter", "--group", "Borgerservice")
    assert groups["total"] == total(grouped, lambda r: (r.unit or "") in GROUP_OF)


def test_filters_combine(grouped: list[Registration]) -> None:
    data = report_data(
        "--group", "Jobcenter", "--channel", "TLFIND", "--channel", "SLVBTJN",
        "--type", "OPRET", "--source", "import", "--source", "paper",
        "--unit", "259besk", "--unit", "259sek", "--unit", "259borgerservice",
    )  # fmt: skip

    def keep(r: Registration) -> bool:
        return (
            r.unit in ("259besk", "259sek")  # 259borgerservice is not in Jobcenter
            and r.channel in ("TLFIND", "SLVBTJN")
            and r.type == "OPRET"
            and r.source in ("import", "paper")
        )

    assert data["total"] == total(grouped, keep) > 0
    assert data["filter"] == {
        "units": ["259besk", "259sek", "259borgerservice"],
        "groups": ["Jobcenter"],
        "channels": ["TLFIND", "SLVBTJN"],
        "types": ["OPRET"],
        "sources": ["import", "paper"],
    }


def test_by_group_in_the_terminal_and_html(grouped: list[Registration], tmp_path: Path) -> None:
    code, out, err = run("report", "--by", "group")
    assert code == 0, err
    jobcenter = total(grouped, lambda r: GROUP_OF.get(r.unit or "") == "Jobcenter")
    assert "Jobcenter" in out and f"{jobcenter}" in out and "(ingen afdeling)" in out
    page = tmp_path / "r.html"
    code, _, err = run("report", "--html", str(page), "--lang", "en")
    assert code == 0, err
    html = page.read_text(encoding="utf-8")
    assert "<h2>Department</h2>" in html and "Jobcenter" in html


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--group", "Ydelse"], "--group: ukendt afdeling 'Ydelse'; planen har: Borgerservice"),
        (["--channel", "TELEFON"], "--channel: ukendt kode 'TELEFON'"),
        (["--type", "X"], "--type: ukendt kode 'X'"),
        (["--source", "excel"], "--source: ukendt kode 'excel'"),
    ],
)
def test_bad_filters_say_what(grouped: object, args: list[str], expected: str) -> None:
    code, out, err = run("report", *args)
    assert (code, out) == (1, "")
    assert expected in err


def test_by_group_without_groups_in_the_plan(tracetool_home: Path, tmp_path: Path) -> None:
    apply_test_plan(tmp_path)
    code, _, err = run("report", "--by", "group")
    assert code == 1 and "planen har ingen [groups]" in err


def plan_text(extra: str) -> str:
    return (
        'municipality = 259\nmunicipality_name = "Køge"\n\n[[unit]]\nlogin = "259borgerservice"\n'
        'name = "Borgerservice"\ntasks = ["23.05.10"]\n' + extra
    )


def test_plan_check_names_a_login_in_two_groups(tmp_path: Path) -> None:
    text = plan_text('\n[groups]\n"Jobcenter" = ["259besk", "259sek"]\n"Ydelse" = ["259sek"]\n')
    problems = check_plan_text(text)
    assert [(p.where, p.value) for p in problems] == [("groups.Ydelse[1]", "259sek")]
    assert "også i gruppen 'Jobcenter'" in problems[0].reason
    file = tmp_path / "plan.toml"
    file.write_text(text, encoding="utf-8")
    code, _, err = run("plan", "check", str(file))
    assert code == 1 and "259sek" in err + _ and "Jobcenter" in err + _


@pytest.mark.parametrize(
    ("extra", "where", "reason"),
    [
        ('\n[groups]\nJobcenter = "259besk"\n', "groups.Jobcenter", "skal være en liste"),
        ('\n[groups]\nJobcenter = ["259besk", 7]\n', "groups.Jobcenter[2]", "login"),
        ("\n[channel_costs]\nTELEFON = 4\n", "channel_costs.TELEFON", "ukendt kanalkode"),
        ("\n[channel_costs]\nTLFIND = -4\n", "channel_costs.TLFIND", "fra 0 og op"),
        ('\n[channel_costs]\nTLFIND = "45"\n', "channel_costs.TLFIND", "kroner"),
    ],
)
def test_bad_groups_and_costs_are_named(extra: str, where: str, reason: str) -> None:
    problems = check_plan_text(plan_text(extra))
    assert len(problems) == 1 and problems[0].where == where and reason in problems[0].reason


def test_groups_and_costs_round_trip() -> None:
    plan = parse_plan(plan_text(GROUPS))
    assert plan.group_map() == {
        "Borgerservice": ("259borgerservice",),
        "Jobcenter": ("259besk", "259sek", "259sdp"),
    }
    assert plan.channel_costs == {"TLFIND": 45.5, "PRSNLG": 80.0, "SLVBTJN": 12.0}
    again = parse_plan(dump_plan(plan))
    assert (again.groups, again.channel_costs) == (plan.groups, plan.channel_costs)


def test_a_page_per_department(grouped: list[Registration], tmp_path: Path) -> None:
    main = tmp_path / "rapport.html"
    code, _, err = run("report", "--html", str(main), "--per-group")
    assert code == 0, err
    html = main.read_text(encoding="utf-8")
    assert '<a href="rapport-jobcenter.html">Jobcenter</a>' in html
    for name, file in (
        ("Jobcenter", "rapport-jobcenter.html"),
        ("Borgerservice", "rapport-borgerservice.html"),
    ):
        page = (tmp_path / file).read_text(encoding="utf-8")
        n = total(grouped, lambda r, name=name: GROUP_OF.get(r.unit or "") == name)  # type: ignore[misc]
        assert f'<div class="v">{n}</div><div class="k">Henvendelser i alt</div>' in page
    code, _, err = run("report", "--per-group")
    assert code == 1 and "--per-group: kræver --html" in err


def test_an_empty_unit_means_rows_without_one(grouped: list[Registration]) -> None:
    data = report_data("--unit", "", "--unit", "259sdp")
    assert data["total"] == total(grouped, lambda r: r.unit in (None, "259sdp"))


def test_plan_check_names_the_groups_and_prices(tmp_path: Path) -> None:
    file = tmp_path / "plan.toml"
    file.write_text(plan_text(GROUPS), encoding="utf-8")
    code, out, err = run("plan", "check", str(file))
    assert code == 0, err
    assert "2 afdelinger" in out and "kanalpriser for 3" in out
