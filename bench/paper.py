"""Keying a paper sheet back: lines a second, against registering the same inquiries one by one.

Baseline (same process, same kind of store): each inquiry of the sheet saved with
``Desk.register`` — the per-inquiry path the CLI's ``add`` takes, one commit each, a line of
``x20`` being twenty registrations. Measured: ``read_sheet`` + ``store_lines`` for the same sheet
(every line typed into the app's Entry and built by ``Desk.build``; one transaction). Both on a
fresh store in a temporary TRACETOOL_HOME, with KL's default plan and the key tables of its unit.

    python bench/paper.py [--lines 2000] [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import Any


def sheet_lines(n: int, tasks: int) -> list[str]:
    rng = random.Random(14)
    keys = "123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"[:tasks]
    out = []
    for _ in range(n):
        channel = rng.choice("2578")  # channels that do not ask the form question
        line = f"{channel} {rng.choice(keys)} {rng.choice('12345')} {rng.choice('12')}"
        if rng.random() < 0.2:
            line += f" x{rng.randint(2, 20)}"
        out.append(line + f" @{rng.randint(8, 15):02d}")
    return out


def fresh_home() -> None:
    os.environ["TRACETOOL_HOME"] = tempfile.mkdtemp(prefix="tracetool-bench-paper-")
    from tracetool.desk.applying import apply_plan
    from tracetool.plan.writing import render_default_plan

    text = render_default_plan(259, "Køge", "259borgerservice", year=2025)
    plan = Path(os.environ["TRACETOOL_HOME"]) / "plan.toml"
    plan.write_text(text.replace("test_mode = true", "test_mode = false"), encoding="utf-8")
    apply_plan(plan)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--lines", type=int, default=2000)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from tracetool.desk.beside import paper_moment
    from tracetool.desk.desk import Desk
    from tracetool.desk.paper import read_sheet, split_marks, store_lines

    day = date(2025, 10, 21)
    fresh_home()
    desk = Desk.open()
    unit = desk.unit()
    lines = sheet_lines(args.lines, min(35, len(unit.tasks)))
    t0 = time.perf_counter()
    keyed = read_sheet(desk, unit, lines, day, 9)
    assert not keyed.bad, keyed.bad[:3]
    store_lines(desk, keyed.good)
    paper_s = time.perf_counter() - t0
    inquiries = keyed.inquiries
    desk.close()

    fresh_home()
    desk = Desk.open()
    regs = [line.registration for line in keyed.good]
    t0 = time.perf_counter()
    for reg, text in zip(regs, lines, strict=True):
        marks = split_marks(text)
        for _ in range(marks.count):
            desk.register(
                channel=reg.channel,
                task=reg.task,
                type=reg.type,
                closing=reg.closing,
                unit=unit.login,
                at=paper_moment(day, marks.hour or 9),
                source="paper",
            )
    one_by_one_s = time.perf_counter() - t0
    desk.close()
    result: dict[str, Any] = {
        "lines": len(lines),
        "inquiries": inquiries,
        "paper_enter_s": round(paper_s, 3),
        "paper_lines_per_s": round(len(lines) / paper_s),
        "one_by_one_s": round(one_by_one_s, 3),
        "one_by_one_inquiries_per_s": round(inquiries / one_by_one_s),
        "ratio_time_one_by_one_to_paper": round(one_by_one_s / paper_s, 2),
    }
    if args.json:
        print(json.dumps(result))
    else:
        for key, value in result.items():
            print(f"{key:32} {value}")


if __name__ == "__main__":
    main()
