"""Export N registrations to ``dl`` and import them back, against sqlite3 + sqlite-utils.

The baseline moves the same rows without any of our work: the ``sqlite3`` command line dumps
them with ``.mode csv`` (same WHERE and ORDER BY as the export), and ``sqlite-utils insert
--csv`` loads that dump into a fresh database file. Ours writes the Det Digitale Landkort layout
(Danish time, mass registrations expanded, Windows-1252) and reads it back with every row
validated, idempotence keys and the store's indexes and outbox trigger.

    python bench/io.py [--rows 1000000] [--json] [--roundtrip] [--dir DIR [--reuse]]

From 200,000 rows on, the export runs in two processes (tracetool/formats/export_split.py);
the bench also times the same export in one process and checks that both files have the same bytes.

With --json the last line is one JSON object with rows, export_s, export_baseline_s,
export_ratio, import_s, import_baseline_s, import_ratio, reimport_s (the same file again: all
known, likely-repeat check included), reimport_ratio and peak_rss_mb (and more:
export_one_process_s and its ratio, export_split_same_bytes).
"""

from __future__ import annotations

import argparse
import csv
import filecmp
import json
import random
import resource
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from tracetool import timeutil
from tracetool.codes.codebook import load_codebook
from tracetool.formats import export_split
from tracetool.formats.exporting import ExportFilter, export
from tracetool.formats.importing import import_file
from tracetool.model import new_id
from tracetool.plan.model import Plan, Unit
from tracetool.store.db import open_database
from tracetool.store.registrations import _INSERT

# The columns the dl export reads, with its WHERE and ORDER BY, so the baseline dumps what we
# read in the same order by the same query plan: no more and no less.
DUMP_SQL = (
    "SELECT id, municipality, unit, task, channel, type, closing, form, started_at, saved_at, "
    f"answers, source, count FROM registration{ExportFilter().where()[0]} ORDER BY saved_at, id"
)


def _rss_mb() -> float:
    # ru_maxrss is in kilobytes on Linux.
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _plan() -> Plan:
    tasks = tuple(t.kle for t in load_codebook().tasks_in("grundpakke-2013"))
    return Plan(
        municipality=259,
        municipality_name="Køge",
        units=(
            Unit("259borgerservice", "Borgerservice", tasks, parameters=("koen",)),
            Unit("259telefon", "Telefonen", tasks),
            Unit("259jobcenter", "Jobcenter", tasks),
        ),
        test_mode=False,
    )


def generate(path: Path, rows: int, seed: int = 1) -> int:
    """A store with ``rows`` registrations over a count period; returns inquiries (mass × N)."""
    codebook = load_codebook()
    plan = _plan()
    rnd = random.Random(seed)
    channels = [c for c in codebook.channels if c.in_app]
    tasks = list(plan.units[0].tasks)
    types = [t.code for t in codebook.types]
    units = [u.login for u in plan.units]
    db = open_database(path)
    conn = db.conn
    start = datetime(2013, 10, 21, 6, 0, tzinfo=UTC)
    step = timedelta(days=21) / rows
    inquiries = 0
    batch: list[tuple[Any, ...]] = []
    conn.execute("BEGIN")
    for i in range(rows):
        chan = rnd.choice(channels)
        saved = start + step * i
        mass = i % 1000 == 999
        count = 3 if mass else 1
        inquiries += count
        unit = rnd.choice(units)
        answers = '{"koen": "K"}' if unit == "259borgerservice" and i % 5 == 0 else "{}"
        batch.append(
            (
                new_id(),
                259,
                unit,
                chan.direction,
                chan.code,
                rnd.choice(tasks),
                rnd.choice(types),
                "STRAKS" if rnd.random() < 0.64 else "HOLD",
                ("JA" if rnd.random() < 0.17 else "NEJ") if chan.asks_form else None,
                None if mass else timeutil.to_db(saved - timedelta(seconds=rnd.randint(5, 120))),
                timeutil.to_db(saved),
                answers,
                "mass" if mass else "app",
                0,
                count,
                1,
                0,
                "bench",
                None,
            )
        )
        if len(batch) >= 20_000:
            conn.executemany(_INSERT, batch)
            batch.clear()
    conn.executemany(_INSERT, batch)
    conn.execute("COMMIT")
    db.close()
    return inquiries


def _registrations(path: Path) -> int:
    if not path.exists():
        return -1
    conn = sqlite3.connect(str(path))
    try:
        return int(conn.execute("SELECT COUNT(*) FROM registration").fetchone()[0])
    except sqlite3.Error:
        return -1
    finally:
        conn.close()


def _inquiries(path: Path) -> int:
    conn = sqlite3.connect(str(path))
    try:
        return int(conn.execute("SELECT SUM(count) FROM registration").fetchone()[0])
    finally:
        conn.close()


def baseline_export(db_path: Path, out: Path) -> tuple[float, str]:
    cli = shutil.which("sqlite3")
    started = time.perf_counter()
    if cli is not None:
        with out.open("wb") as fh:
            subprocess.run([cli, "-csv", "-header", str(db_path), DUMP_SQL], stdout=fh, check=True)
        return time.perf_counter() - started, "sqlite3 CLI (.mode csv)"
    conn = sqlite3.connect(str(db_path))
    cur = conn.execute(DUMP_SQL)
    with out.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow([d[0] for d in cur.description])
        writer.writerows(cur)
    conn.close()
    return time.perf_counter() - started, "Python sqlite3 + csv (sqlite3 CLI not installed)"


def baseline_import(csv_path: Path, db_path: Path) -> float:
    tool = Path(sys.executable).with_name("sqlite-utils")
    command = [str(tool)] if tool.exists() else [sys.executable, "-m", "sqlite_utils"]
    started = time.perf_counter()
    subprocess.run([*command, "insert", str(db_path), "rows", str(csv_path), "--csv"], check=True)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000, help="registrations to generate")
    parser.add_argument("--json", action="store_true", help="end with one JSON line")
    parser.add_argument("--roundtrip", action="store_true", help="re-export and compare bytes")
    parser.add_argument("--dir", type=Path, help="work here (kept) instead of a temp dir")
    parser.add_argument(
        "--reuse", action="store_true", help="keep source.db in --dir if it has --rows rows"
    )
    args = parser.parse_args()

    work = args.dir or Path(tempfile.mkdtemp(prefix="tracetool-io-"))
    work.mkdir(parents=True, exist_ok=True)
    say = (lambda *a: print(*a, file=sys.stderr)) if args.json else print
    codebook = load_codebook()
    plan = _plan()
    try:
        source_db = work / "source.db"
        reused = args.reuse and _registrations(source_db) == args.rows
        for leftover in work.glob("*.db*"):
            if not (reused and leftover.name.startswith("source.db")):
                leftover.unlink()
        t0 = time.perf_counter()
        inquiries = _inquiries(source_db) if reused else generate(source_db, args.rows)
        generate_s = time.perf_counter() - t0
        rss_generated = _rss_mb()
        say(f"generated {args.rows:,} registrations ({inquiries:,} inquiries) in {generate_s:.1f}s")

        dl = work / "export.csv"
        db = open_database(source_db)
        t0 = time.perf_counter()
        result = export(db, codebook, plan, "dl", dl)
        export_s = time.perf_counter() - t0
        db.close()
        rss_exported = _rss_mb()
        # The export's second process (the only child waited for so far): its own peak.
        rss_export_child = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        say(f"export dl: {result.rows:,} rows, {dl.stat().st_size / 1e6:.0f} MB in {export_s:.2f}s")

        # The same export in one process (no split over two: see tracetool/export_split.py).
        export_split.SPLIT_MIN_ROWS, split_min = 10**12, export_split.SPLIT_MIN_ROWS
        single = work / "export-one-process.csv"
        db = open_database(source_db)
        t0 = time.perf_counter()
        export(db, codebook, plan, "dl", single)
        export_one_process_s = time.perf_counter() - t0
        db.close()
        export_split.SPLIT_MIN_ROWS = split_min
        same_bytes = filecmp.cmp(single, dl, shallow=False)
        single.unlink()
        say(f"export dl in one process: {export_one_process_s:.2f}s, same bytes: {same_bytes}")

        dump = work / "baseline.csv"
        export_baseline_s, tool = baseline_export(source_db, dump)
        say(f"baseline export ({tool}): {export_baseline_s:.2f}s")

        target = open_database(work / "target.db")
        t0 = time.perf_counter()
        summary = import_file(target, codebook, plan, dl)
        import_s = time.perf_counter() - t0
        rss_imported = _rss_mb()
        stored = target.execute("SELECT COUNT(*) FROM registration").fetchone()[0]
        say(
            f"import dl: {summary.imported:,} imported, {summary.rejected} rejected, "
            f"{len(summary.warnings)} warnings, {stored:,} rows stored in {import_s:.2f}s"
        )
        if summary.imported != result.rows or stored != result.rows:
            raise SystemExit(f"import mismatch: exported {result.rows}, stored {stored}")

        # The same file again: every row is known by key, and the likely-repeat check (which
        # an import into an empty store skips) runs over all of them.
        t0 = time.perf_counter()
        again_summary = import_file(target, codebook, plan, dl)
        reimport_s = time.perf_counter() - t0
        say(
            f"import dl again: {again_summary.already_present:,} already present, "
            f"{again_summary.repeats} likely repeats in {reimport_s:.2f}s"
        )
        if again_summary.imported or again_summary.repeats:
            raise SystemExit("the same file imported again added or flagged rows")

        identical: bool | None = None
        if args.roundtrip:
            again = work / "again.csv"
            export(target, codebook, plan, "dl", again)
            identical = filecmp.cmp(again, dl, shallow=False)
            say(f"round trip dl → store → dl byte-identical: {identical} ({_rss_mb():.0f} MB)")
        target.close()

        import_baseline_s = baseline_import(dump, work / "baseline.db")
        say(f"baseline import (sqlite-utils insert --csv): {import_baseline_s:.2f}s")

        figures = {
            "rows": result.rows,
            "registrations": args.rows,
            "export_s": round(export_s, 3),
            "export_baseline_s": round(export_baseline_s, 3),
            "export_ratio": round(export_s / export_baseline_s, 3),
            "export_one_process_s": round(export_one_process_s, 3),
            "export_one_process_ratio": round(export_one_process_s / export_baseline_s, 3),
            "export_split_same_bytes": same_bytes,
            "import_s": round(import_s, 3),
            "import_baseline_s": round(import_baseline_s, 3),
            "import_ratio": round(import_s / import_baseline_s, 3),
            "reimport_s": round(reimport_s, 3),
            "reimport_ratio": round(reimport_s / import_baseline_s, 3),
            "peak_rss_mb": round(_rss_mb(), 1),
            "rss_after_generate_mb": round(rss_generated, 1),
            "rss_after_export_mb": round(rss_exported, 1),
            "rss_export_second_process_mb": round(rss_export_child, 1),
            "rss_after_import_mb": round(rss_imported, 1),
            "generate_s": round(generate_s, 3),
            "dl_mb": round(dl.stat().st_size / 1e6, 1),
            "baseline_export_tool": tool,
            "roundtrip_identical": identical,
        }
        for key in ("export_ratio", "import_ratio", "peak_rss_mb"):
            say(f"{key}: {figures[key]}")
        if args.json:
            print(json.dumps(figures))
    finally:
        if args.dir is None:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
