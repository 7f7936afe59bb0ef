"""The issue's path end to end, as an analyst takes it with the CLI and the plan alone: a raw
extract in Det Digitale Landkort's format is imported, cleaned by a rule, and read as
department counts, a department's type split on its busiest channel, time per inquiry type for
chosen units (untimed extract rows left out), a comparison with the spring count and a
channel-cost potential. Every figure is checked against plain Python over the rows written."""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from statistics import median

import pytest

from tests.analysis.support import GROUPS, apply_plan_with, report_data
from tests.collector.coordinator_support import run
from tracetool.codes.codebook import load_codebook

HEADER = ";".join(load_codebook().format("dl").header) + ";"
SPRING = '\n[[period]]\nname = "Forår 2013"\nstart = 2013-04-22\nend = 2013-05-12\n'
AUTUMN = "Efterår 2013, uge 43–45"
JOBCENTER = ("259besk", "259sek")


@dataclass(frozen=True)
class Row:
    unit: str
    channel: str
    type: str
    at: datetime
    seconds: int | None  # None: an extract row, start = end at midnight

    def line(self) -> str:
        fmt = "%d-%m-%Y %H:%M:%S"
        if self.seconds is None:
            start = end = self.at.replace(hour=0, minute=0, second=0)
            source = "DetDigitaleLandkort"
        else:
            end, start = self.at, self.at - timedelta(seconds=self.seconds)
            source = "Tracetool"
        return (
            f"Køge;259;{self.unit};23.05.10;{self.channel};{self.type};STRAKS;;"
            f"{end.strftime(fmt)};{start.strftime(fmt)};{end.strftime(fmt)};{source};"
        )


def rows() -> list[Row]:
    rnd = random.Random(23)
    out = []
    for first in (datetime(2013, 4, 22, 9), datetime(2013, 10, 21, 9)):
        for i in range(160):
            out.append(
                Row(
                    unit=rnd.choice(("259borgerservice", *JOBCENTER)),
                    channel=rnd.choice(("TLFIND", "TLFIND", "PRSNLG", "SLVBTJN")),
                    type=rnd.choice(("VEJL", "INFO", "OPRET")),
                    at=first + timedelta(days=i % 14, minutes=7 * i),
                    seconds=None if rnd.random() < 0.3 else rnd.choice((13, 41, 41, 95, 300)),
                )
            )
    return out


@pytest.fixture
def imported(tracetool_home: Path, tmp_path: Path) -> list[Row]:
    apply_plan_with(tmp_path, GROUPS + SPRING)
    written = rows()
    extract = tmp_path / "udtraek.csv"
    extract.write_text("\n".join([HEADER, *(r.line() for r in written)]) + "\n", "cp1252")
    code, out, err = run("import", str(extract))
    assert code == 0, out + err
    return written


def autumn(r: Row) -> bool:
    return r.at >= datetime(2013, 10, 21)


def test_from_raw_extract_to_what_management_sees(imported: list[Row]) -> None:
    # Cleaning: the spring's Saturday rows are not a count day; recorded, not deleted.
    code, _, err = run(
        "exclude", "add", "--from", "27-04-2013", "--to", "27-04-2013", "--reason", "lørdag"
    )
    assert code == 0, err
    kept = [r for r in imported if r.at.date() != datetime(2013, 4, 27).date()]
    now = [r for r in kept if autumn(r)]
    before = [r for r in kept if not autumn(r)]

    # Department counts.
    data = report_data("--period", AUTUMN)
    jobcenter = [r for r in now if r.unit in JOBCENTER]
    assert data["by_group"] == {
        "Borgerservice": sum(1 for r in now if r.unit == "259borgerservice"),
        "Jobcenter": len(jobcenter),
    }

    # The department's type split on its busiest channel.
    busiest = Counter(r.channel for r in jobcenter).most_common(1)[0][0]
    split = report_data("--period", AUTUMN, "--group", "Jobcenter", "--channel", busiest)
    want = Counter(r.type for r in jobcenter if r.channel == busiest)
    assert {k: v for k, v in split["by_type"].items() if v} == dict(want)

    # Time per inquiry type for chosen units: the extract's midnight rows are no 0-second rows.
    timed = report_data("--period", AUTUMN, "--unit", "259besk", "--unit", "259borgerservice")
    chosen = [r for r in now if r.unit in ("259besk", "259borgerservice")]
    for kind in ("VEJL", "INFO", "OPRET"):
        seconds = [r.seconds for r in chosen if r.type == kind and r.seconds is not None]
        assert timed["timing_by_type"][kind]["median_s"] == median(seconds)
        assert timed["timing_by_type"][kind]["n"] == len(seconds)
    assert timed["untimed"] == sum(1 for r in chosen if r.seconds is None) > 0

    # The comparison with spring (the Saturday left out there too) and the potential.
    both = report_data(
        "--period", AUTUMN, "--compare-period", "Forår 2013", "--shift", "TLFIND=25%"
    )
    phone_now = sum(1 for r in now if r.channel == "TLFIND")
    phone_before = sum(1 for r in before if r.channel == "TLFIND")
    assert both["compare"]["by_channel"]["TLFIND"]["now"] == phone_now
    assert both["compare"]["by_channel"]["TLFIND"]["before"] == phone_before
    assert both["compare"]["total"]["before"] == len(before)
    saving = 0.25 * phone_now * (45.5 - 12)
    assert both["costs"]["shift_potential"]["saving"] == pytest.approx(saving)
    assert both["excluded"] == 0  # the rule lies outside autumn
    spring_data = report_data("--period", "Forår 2013")
    saturday = sum(1 for r in imported if r.at.date() == datetime(2013, 4, 27).date())
    assert spring_data["excluded"] == saturday > 0
