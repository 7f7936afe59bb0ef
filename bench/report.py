"""``report --json`` over N registrations (default 1,000,000) with departments, exclusion rules
and timing, against the same GROUP BY queries run directly with sqlite3 in the same run.

The store is made by one INSERT ... SELECT over a recursive counter: three count weeks, 12 units
in three departments, 8 channels, 40 tasks, a third of the rows untimed (start = save, as
extracts write them), a fifth with answers. Two exclusion rules are stored.

- ``report_s``: what ``tracetool report --json`` does in-process: ``build_report`` with the
  plan's groups and the rules, then the JSON text (median of the runs).
- ``baseline_s``: the report's GROUP BY queries (the one walk over the report index that
  gives the codes, time histograms and hours; the answers; the excluded count) with the same
  WHERE, through a plain sqlite3 connection, rows fetched and nothing more (median of runs).
- ``ratio`` = report_s ÷ baseline_s; ``cli_s``: one ``tracetool report --json`` process, for
  reference. Goal: ratio ≤ 2 and report_s < 2 s.

    python bench/report.py [--rows 1000000] [--runs 3] [--json] [--keep DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from tracetool.analysis.queries import walk_sql
from tracetool.analysis.report import ReportFilter, build_report, report_json
from tracetool.store.db import open_database
from tracetool.store.exclusions import ExclusionRule, ExclusionStore, excluded_sql

UNITS = [f"259unit{i:02d}" for i in range(12)]
GROUPS = {"Borgerservice": UNITS[:4], "Jobcenter": UNITS[4:9], "Ydelse": UNITS[9:11]}
RULES = [
    ExclusionRule(reason="uden enhed", units=("",)),
    ExclusionRule(reason="e-mail talt for sig", channels=("EMLIND",), except_units=(UNITS[0],)),
]
CHANNELS = ["TLFIND", "PRSNLG", "EMLIND", "DOCIND", "SLVBTJN", "WEB", "TLFUD", "DOKUD"]
TYPES = ["OPRET", "INFO", "STATUS", "VEJL", "SLVBTJN", "FEJL"]
START = 1382335200  # 2013-10-21 06:00 UTC
SPAN = 21 * 86400

_FILL = f"""
WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < :rows - 1),
r AS (
  SELECT i, :start + CAST(i * :step AS INTEGER) AS t, (i * 7919) % 1000 AS h FROM n
)
INSERT INTO registration (id, municipality, unit, direction, channel, task, type, closing,
  form, started_at, saved_at, answers, source, test_mode, count, revision, deleted)
SELECT printf('b%09d', i), 259,
  CASE WHEN h % 50 = 0 THEN NULL ELSE '259unit' || printf('%02d', h % 12) END,
  CASE WHEN h % 8 >= 6 THEN 'UD' ELSE 'IND' END,
  json_extract('{json.dumps(CHANNELS)}', '$[' || (h % 8) || ']'),
  printf('%02d.%02d.%02d', 20 + (i * 31) % 10, (i * 17) % 4, (i * 13) % 4),
  json_extract('{json.dumps(TYPES)}', '$[' || ((i * 11) % 6) || ']'),
  CASE WHEN i % 3 = 0 THEN 'HOLD' ELSE 'STRAKS' END,
  CASE WHEN h % 3 = 0 THEN NULL WHEN h % 3 = 1 THEN 'JA' ELSE 'NEJ' END,
  strftime('%Y-%m-%dT%H:%M:%S.000000Z',
           CASE WHEN (i * 7) % 10 < 3 THEN t ELSE t - 5 - (i * 13) % 600 END, 'unixepoch'),
  strftime('%Y-%m-%dT%H:%M:%S.000000Z', t, 'unixepoch'),
  CASE WHEN (i * 3) % 5 = 0
       THEN '{{"kunne_web": "' || CASE WHEN i % 2 THEN 'JA' ELSE 'NEJ' END || '"}}'
       ELSE '{{}}' END,
  CASE WHEN i % 10 = 0 THEN 'import' ELSE 'app' END, 0,
  CASE WHEN i % 97 = 0 THEN 5 ELSE 1 END, 1, 0
FROM r
"""


def log(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def make_store(path: Path, rows: int) -> None:
    db = open_database(path)
    t0 = time.perf_counter()
    with db.conn:
        db.execute(_FILL, {"rows": rows, "start": START, "step": SPAN / rows})
        db.execute("DELETE FROM outbox")  # the sync's queue plays no part in a report
    for rule in RULES:
        ExclusionStore(db).add(rule)
    db.close()
    log(f"  {rows:,} rows in {time.perf_counter() - t0:.1f} s")


def run_report(path: Path) -> float:
    db = open_database(path)
    t0 = time.perf_counter()
    flt = ReportFilter(exclusions=tuple(ExclusionStore(db).all()))
    text = json.dumps(report_json(build_report(db, flt, groups=GROUPS)), ensure_ascii=False)
    elapsed = time.perf_counter() - t0
    assert text
    db.close()
    return elapsed


def run_baseline(path: Path) -> float:
    conn = sqlite3.connect(path)
    t0 = time.perf_counter()
    clause, values = excluded_sql(RULES)
    where = f" WHERE test_mode = 0 AND deleted = 0 AND NOT {clause}"
    for sql, params in (
        (walk_sql(where), values),
        (
            f"SELECT task, answers, SUM(count) FROM registration{where} AND answers != '{{}}' "
            "GROUP BY task, answers",
            values,
        ),
        (
            "SELECT COUNT(*), SUM(count) FROM registration "
            f"WHERE test_mode = 0 AND deleted = 0 AND {clause}",
            values,
        ),
    ):
        conn.execute(sql, params).fetchall()
    elapsed = time.perf_counter() - t0
    conn.close()
    return elapsed


def run_cli(folder: Path, path: Path) -> float:
    home = folder / "home"
    home.mkdir(exist_ok=True)
    target = home / "tracetool.db"
    if not target.exists():
        target.symlink_to(path)
    env = {**os.environ, "TRACETOOL_HOME": str(home)}
    t0 = time.perf_counter()
    subprocess.run(
        [str(Path(sys.executable).parent / "tracetool"), "report", "--json"],
        env=env,
        check=True,
        capture_output=True,
    )
    return time.perf_counter() - t0


def measure(folder: Path, rows: int, runs: int) -> dict[str, Any]:
    path = folder / "report.db"
    if not path.exists():
        make_store(path, rows)
    report_times: list[float] = []
    baseline_times: list[float] = []
    for _ in range(runs):
        baseline_times.append(run_baseline(path))
        report_times.append(run_report(path))
    report_s = statistics.median(report_times)
    baseline_s = statistics.median(baseline_times)
    ratio = report_s / baseline_s
    return {
        "rows": rows,
        "runs": runs,
        "report_s": round(report_s, 3),
        "baseline_s": round(baseline_s, 3),
        "ratio": round(ratio, 2),
        "cli_s": round(run_cli(folder, path), 3),
        "goal": "ratio <= 2 and report_s < 2",
        "goal_met": ratio <= 2 and report_s < 2,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--keep", type=Path, help="keep (or reuse) the store in this folder")
    args = parser.parse_args()
    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=True)
        result = measure(args.keep, args.rows, args.runs)
    else:
        with tempfile.TemporaryDirectory() as tmp:
            result = measure(Path(tmp), args.rows, args.runs)
    if args.json:
        print(json.dumps(result))
    else:
        for key, value in result.items():
            print(f"{key:>11}: {value}")


if __name__ == "__main__":
    main()
