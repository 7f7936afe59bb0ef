"""Save latency of one registration through the store, at 0 and at N rows, against raw sqlite3.

The baseline is a plain ``INSERT`` + ``COMMIT`` of the same row into a table of the same shape,
with the same durability (WAL, synchronous=FULL), in the same process and on the same disk.

    python bench/store.py [--rows 1000000] [--saves 2000] [--json]
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from tracetool.model import Registration, new_id
from tracetool.store.db import open_database
from tracetool.store.registrations import _INSERT, RegistrationStore, to_row


def _reg(i: int) -> Registration:
    return Registration(
        municipality=259,
        unit="259borgerservice",
        direction="IND",
        channel=("TLFIND", "PRSNLG", "EMLIND")[i % 3],
        task="23.05.10",
        type="VEJL",
        closing="STRAKS",
        form="NEJ" if i % 3 else None,
        saved_at=datetime(2026, 10, 19, 8, tzinfo=UTC) + timedelta(seconds=i),
        started_at=datetime(2026, 10, 19, 8, tzinfo=UTC) + timedelta(seconds=i - 12),
        device="bench",
    )


def _fill(conn: sqlite3.Connection, rows: int) -> None:
    batch = 50_000
    for start in range(0, rows, batch):
        conn.executemany(
            _INSERT,
            (to_row(_reg(i).but(id=new_id())) for i in range(start, min(rows, start + batch))),
        )
        conn.commit()


def _pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def measure(folder: Path, rows: int, saves: int) -> dict[str, float]:
    db = open_database(folder / f"store-{rows}.db")
    _fill(db.conn, rows)
    store = RegistrationStore(db)

    raw = sqlite3.connect(str(folder / f"raw-{rows}.db"), isolation_level=None)
    raw.execute("PRAGMA journal_mode=WAL")
    raw.execute("PRAGMA synchronous=FULL")
    schema = db.execute("SELECT sql FROM sqlite_master WHERE name='registration'").fetchone()[0]
    raw.execute(schema)
    for (sql,) in db.execute(
        "SELECT sql FROM sqlite_master WHERE type='index' AND tbl_name='registration' AND sql"
    ):
        raw.execute(sql)
    _fill_raw = sqlite3.connect(str(folder / f"raw-{rows}.db"))
    _fill(_fill_raw, rows)
    _fill_raw.close()

    ours: list[float] = []
    base: list[float] = []
    for i in range(saves):
        reg = _reg(rows + i)
        # Alternate so that disk and cache effects hit both sides alike.
        t0 = time.perf_counter()
        store.save(reg)
        ours.append((time.perf_counter() - t0) * 1000)
        row = to_row(reg.but(id=new_id()))
        t0 = time.perf_counter()
        raw.execute("BEGIN")
        raw.execute(_INSERT, row)
        raw.execute("COMMIT")
        base.append((time.perf_counter() - t0) * 1000)
    db.close()
    raw.close()
    return {
        "rows": rows,
        "saves": saves,
        "save_p50_ms": round(statistics.median(ours), 3),
        "save_p99_ms": round(_pct(ours, 99), 3),
        "baseline_p50_ms": round(statistics.median(base), 3),
        "baseline_p99_ms": round(_pct(base, 99), 3),
        "ratio_p99": round(_pct(ours, 99) / _pct(base, 99), 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--saves", type=int, default=2000)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    results = []
    with tempfile.TemporaryDirectory(prefix="tracetool-bench-", dir=".") as tmp:
        for rows in (0, args.rows):
            t0 = time.perf_counter()
            result = measure(Path(tmp), rows, args.saves)
            results.append(result)
            print(
                f"at {rows:>9,} rows: save p50 {result['save_p50_ms']:.2f} ms, "
                f"p99 {result['save_p99_ms']:.2f} ms; raw sqlite3 p50 "
                f"{result['baseline_p50_ms']:.2f} ms, p99 {result['baseline_p99_ms']:.2f} ms; "
                f"ratio p99 {result['ratio_p99']:.2f}  ({time.perf_counter() - t0:.0f} s)",
                file=sys.stderr if args.json else sys.stdout,
            )
    final = dict(results[-1])
    final["at_0_rows"] = results[0]
    if args.json:
        print(json.dumps(final))


if __name__ == "__main__":
    main()
