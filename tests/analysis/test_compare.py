"""Comparing counts (--period, --compare-period, --compare-from/--compare-to) and what channels
cost ([channel_costs], cost per channel/task/group, potentials, --shift), each figure against
plain Python over the rows."""

from __future__ import annotations

import random
from collections import Counter
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from tests.analysis.support import GROUPS, apply_plan_with, report_data, store_rows
from tests.collector.coordinator_support import run
from tests.helpers import reg
from tracetool import timeutil
from tracetool.model import Registration

SPRING = """
[[period]]
name = "Forår 2013"
start = 2013-04-22
end = 2013-05-12
"""
AUTUMN = "Efterår 2013, uge 43–45"  # the default plan's period: 21-10-2013 – 10-11-2013
PRICES = {"TLFIND": 45.5, "PRSNLG": 80.0, "SLVBTJN": 12.0}
GROUP_OF = {"259borgerservice": "Borgerservice", "259besk": "Jobcenter"}


def rows() -> list[Registration]:
    rnd = random.Random(17)
    out = []
    for start, n, phone_share in ((datetime(2013, 4, 22, 7, tzinfo=UTC), 150, 0.6),
                                  (datetime(2013, 10, 21, 7, tzinfo=UTC), 200, 0.4)):  # fmt: skip
        for i in range(n):
            channel = (
                "TLFIND"
                if rnd.random() < phone_share
                else rnd.choice(("PRSNLG", "SLVBTJN", "EMLIND"))
            )
            out.append(
                reg(
                    saved_at=start + timedelta(hours=5 * i),
                    channel=channel,
                    unit=rnd.choice(("259borgerservice", "259besk", "259telefon")),
                    type=rnd.choice(("VEJL", "OPRET")),
                    task=rnd.choice(("23.05.10", "05.07.00")),
                    answers={"kunne_web": rnd.choice(("JA", "NEJ"))} if rnd.random() < 0.5 else {},
                    count=rnd.choice((1, 2)),
                )
            )
    return out


def in_days(r: Registration, first: date, last: date) -> bool:
    return first <= r.saved_at.astimezone(timeutil.DANISH).date() <= last


def spring(r: Registration) -> bool:
    return in_days(r, date(2013, 4, 22), date(2013, 5, 12))


def autumn(r: Registration) -> bool:
    return in_days(r, date(2013, 10, 21), date(2013, 11, 10))


@pytest.fixture
def stored(tracetool_home: Path, tmp_path: Path) -> list[Registration]:
    apply_plan_with(tmp_path, GROUPS + SPRING)
    return store_rows(rows())


def test_a_period_beside_the_earlier_one(stored: list[Registration]) -> None:
    data = report_data("--period", AUTUMN, "--compare-period", "Forår 2013")
    now = [r for r in stored if autumn(r)]
    before = [r for r in stored if spring(r)]
    n_now, n_before = sum(r.count for r in now), sum(r.count for r in before)
    compare = data["compare"]
    assert isinstance(compare, dict)
    assert data["total"] == n_now
    assert compare["total"]["now"] == n_now and compare["total"]["before"] == n_before
    assert compare["period"] == {"from": "2013-04-22", "to": "2013-05-12"}
    for channel in ("TLFIND", "PRSNLG", "SLVBTJN", "EMLIND"):
        a = sum(r.count for r in now if r.channel == channel)
        b = sum(r.count for r in before if r.channel == channel)
        got = compare["by_channel"][channel]
        assert (got["now"], got["before"], got["change"]) == (a, b, a - b)
        assert got["share_change_pp"] == pytest.approx((a / n_now - b / n_before) * 100)
    phone = compare["by_channel"]["TLFIND"]["share_change_pp"]
    assert phone < 0  # the phone's share fell between the counts
    by_dates = report_data(
        "--from", "21-10-2013", "--to", "10-11-2013",
        "--compare-from", "22-04-2013", "--compare-to", "12-05-2013",
    )  # fmt: skip
    assert by_dates["compare"] == {**compare}


def test_the_terminal_shows_the_comparison(stored: list[Registration]) -> None:
    code, out, err = run("report", "--period", AUTUMN, "--compare-period", "Forår 2013")
    assert code == 0, err
    assert "Sammenligning: Kanal mod 22-04-2013 – 12-05-2013" in out
    assert "Skift" in out


def test_costs_per_channel_group_and_task(stored: list[Registration]) -> None:
    data = report_data("--period", AUTUMN)
    now = [r for r in stored if autumn(r)]
    costs = data["costs"]
    assert isinstance(costs, dict)
    per_channel: Counter[str] = Counter()
    per_group: Counter[str] = Counter()
    per_task: Counter[str] = Counter()
    for r in now:
        if r.channel in PRICES:
            price = r.count * PRICES[r.channel]
            per_channel[r.channel] += price  # type: ignore[assignment]
            per_group[GROUP_OF.get(r.unit or "", "INGEN")] += price  # type: ignore[assignment]
            per_task[r.task] += price  # type: ignore[assignment]
    assert costs["by_channel"] == pytest.approx(dict(per_channel))
    assert costs["by_group"] == pytest.approx(dict(per_group))
    assert costs["by_task"] == pytest.approx(dict(per_task))
    assert costs["total"] == pytest.approx(sum(per_channel.values()))
    assert costs["unpriced"] == {"EMLIND": sum(r.count for r in now if r.channel == "EMLIND")}


def test_potentials(stored: list[Registration]) -> None:
    data = report_data("--period", AUTUMN, "--shift", "TLFIND=20%", "--shift", "PRSNLG=50%")
    now = [r for r in stored if autumn(r)]
    costs = data["costs"]
    assert isinstance(costs, dict)
    web = 0.0
    for r in now:
        if r.answers.get("kunne_web") == "JA" and r.channel in ("TLFIND", "PRSNLG"):
            web += r.count * (PRICES[r.channel] - PRICES["SLVBTJN"])
    assert costs["web_potential"]["saving"] == pytest.approx(web)
    phone = sum(r.count for r in now if r.channel == "TLFIND")
    visits = sum(r.count for r in now if r.channel == "PRSNLG")
    shift = 0.2 * phone * (45.5 - 12) + 0.5 * visits * (80 - 12)
    assert costs["shift_potential"]["saving"] == pytest.approx(shift)
    assert costs["shift_potential"]["moved"] == pytest.approx(
        {"TLFIND": 0.2 * phone, "PRSNLG": 0.5 * visits}
    )
    code, out, _ = run("report", "--period", AUTUMN, "--shift", "TLFIND=20%")
    assert code == 0 and "Besparelse" in out and "Potentiale" in out


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--period", "Vinter"], "--period: ukendt tælleperiode 'Vinter'; planen har:"),
        (["--period", AUTUMN, "--from", "21-10-2013"], "--period og datoer udelukker hinanden"),
        (["--compare-period", "Sommer"], "--compare-period: ukendt tælleperiode 'Sommer'"),
        (["--compare-from", "32-01-2013"], "--compare-from: ukendt dato"),
        (["--shift", "TLFIND=20"], "skriv KANAL=PROCENT"),
        (["--shift", "TLFIND=120%"], "skriv KANAL=PROCENT"),
        (["--shift", "TELEFON=20%"], "ukendt kanal 'TELEFON'"),
    ],
)
def test_bad_compare_and_shift_options(stored: object, args: list[str], expected: str) -> None:
    code, out, err = run("report", *args)
    assert (code, out) == (1, ""), err
    assert expected in err


def test_shift_without_prices(tracetool_home: Path, tmp_path: Path) -> None:
    apply_plan_with(tmp_path, "")
    code, _, err = run("report", "--shift", "TLFIND=20%")
    assert code == 1 and "planen har ingen [channel_costs]" in err
