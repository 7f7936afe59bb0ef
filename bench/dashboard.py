"""Dashboards at national scale: N synthetic registrations over 98 municipalities in PostgreSQL,
then the national overview and a municipality page timed over HTTP against a real collector.

Load (set-based, no row crosses the network): ``synthetic.insert_sql`` makes the rows inside the
database with generate_series, in chunks of one transaction each; then totals for every
municipality's count periods; then the rollups are built from the registrations
(``rollup.rebuild``) and the tables analysed. ``load_rows_per_s`` = rows ÷ (insert + rollup
build).

Timing: a real ``tracetool collector serve`` process on loopback; after two warm-up requests,
20 requests each (sequential, new connection each) of

- ``/overview`` for autumn's count period (weeks 43–45), sorted by closed-at-once share;
- ``/municipality/101`` (the largest municipality) for the same period, signed in as its
  coordinator;

plus, reported but not part of the goal, the same two for a whole year. Goal: both count-period
p95 under 1000 ms.

    python bench/dashboard.py [--rows 10000000] [--json] [--pg-url URL] [--keep] [--reuse NAME]

``--keep`` leaves the database (its name is printed) and ``--reuse NAME`` times an existing one
without loading.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import httpx
import psycopg

from tracetool.collector import rollup, synthetic
from tracetool.collector.backends import open_storage
from tracetool.collector.municipalities import NUMBERS
from tracetool.collector.process import CollectorProcess, make_token

START = date(2025, 1, 1)
DAYS = 730  # two years of year-round counting
CHUNK = 500_000
REQUESTS = 20


def _with_db(url: str, name: str) -> str:
    return urlunsplit(urlsplit(url)._replace(path="/" + name))


def log(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def insert(url: str, rows: int, workers: int = 2) -> float:
    """Insert ``rows`` synthetic registrations in chunks, ``workers`` connections at once."""
    chunks = [(first, min(CHUNK, rows - first)) for first in range(0, rows, CHUNK)]
    done = 0
    t0 = time.perf_counter()

    def one(chunk: tuple[int, int]) -> int:
        first, n = chunk
        with psycopg.connect(url, autocommit=True) as conn, conn.transaction():
            # Each chunk seeds its own draws, so a load is the same however it is split.
            conn.execute(f"SELECT setseed({(first // CHUNK % 1000) / 1000})")
            conn.execute(synthetic.insert_sql(first + 1, n, START, DAYS).replace("%", "%%"))
        return n

    with ThreadPoolExecutor(workers) as pool:
        for n in pool.map(one, chunks):
            done += n
            log(f"  {done:>11,} rows ({done / (time.perf_counter() - t0):,.0f} rows/s)")
    return time.perf_counter() - t0


def build_rollups(url: str) -> float:
    t0 = time.perf_counter()
    storage = open_storage(url)
    try:
        with storage._write() as tx:
            rollup.rebuild(tx, storage.dialect)
    finally:
        storage.close()
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("VACUUM ANALYZE")
    return time.perf_counter() - t0


def load(url: str, rows: int) -> dict[str, float]:
    open_storage(url).close()  # creates the schema (all migrations)
    times = {"insert_s": insert(url, rows)}
    with psycopg.connect(url, autocommit=True) as conn:
        _totals(conn)
    times["rollup_s"] = build_rollups(url)
    log(f"  rollups built in {times['rollup_s']:.1f} s")
    return times


def _totals(conn: psycopg.Connection[Any]) -> None:
    """Totals for phone, personal visits and e-mail in every count period, per municipality."""
    rows = []
    periods = []
    for year in range(START.year, START.year + DAYS // 365 + 1):
        for w1, w2 in ((17, 19), (43, 45)):
            periods.append((date.fromisocalendar(year, w1, 1), date.fromisocalendar(year, w2, 7)))
    weights = dict(synthetic.municipality_weights())
    for m in NUMBERS:
        for a, b in periods:
            for channel, share in (("TLFIND", 0.28), ("PRSNLG", 0.15), ("EMLIND", 0.16)):
                count = int(weights[m] * 1400 * share * (0.9 + (m % 7) / 20))
                rows.append(
                    (str(uuid.uuid4()), m, "", channel, "IND", a.isoformat(), b.isoformat(),
                     count, "bench", None, 1, 0, "bench", "2026-01-01T00:00:00.000000Z",
                     "2026-01-01T00:00:00.000000Z")
                )  # fmt: skip
    with conn.transaction(), conn.cursor() as cur:
        cur.executemany(
            "INSERT INTO total (id, municipality, unit, channel, direction, from_date, to_date,"
            " count, source, created_at, revision, deleted, origin, received_at, updated_at)"
            " VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)",
            rows,
        )


def _time(client: httpx.Client, path: str, n: int = REQUESTS) -> dict[str, float]:
    for _ in range(2):
        client.get(path).raise_for_status()
    samples = []
    for _ in range(n):
        t = time.perf_counter()
        response = client.get(path, headers={"Connection": "close"})
        response.raise_for_status()
        samples.append((time.perf_counter() - t) * 1000)
    samples.sort()
    p95 = samples[max(0, round(0.95 * len(samples)) - 1)]
    return {"median_ms": statistics.median(samples), "p95_ms": p95, "max_ms": samples[-1]}


def measure(url: str, log_dir: Path) -> dict[str, Any]:
    token = make_token(url, "coordinator", 101)
    out: dict[str, Any] = {}
    with (
        CollectorProcess(url, log=log_dir / "bench-dashboard-collector.log") as server,
        httpx.Client(base_url=server.url, timeout=60) as client,
    ):
        r = client.post("/login", data={"token": token}, follow_redirects=False)
        if r.status_code != 303:
            raise SystemExit(f"sign-in failed: {r.status_code} {r.text[:200]}")
        period = "from=2026-10-19&to=2026-11-08"
        year = "from=2026-01-01&to=2026-12-31"
        out["overview"] = _time(client, f"/overview?{period}&sort=straks_share")
        out["municipality"] = _time(client, f"/municipality/101?{period}")
        out["overview_year"] = _time(client, f"/overview?{year}", 5)
        out["municipality_year"] = _time(client, f"/municipality/101?{year}", 5)
        page = client.get(f"/overview?{period}").text
        out["overview_has_98"] = page.count("data-municipality=") == len(NUMBERS)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000_000)
    parser.add_argument("--json", action="store_true")
    parser.add_argument(
        "--pg-url",
        default=os.environ.get("TRACETOOL_PG_URL", "postgresql://postgres@127.0.0.1:5432/postgres"),
    )
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    parser.add_argument("--reuse", metavar="NAME", help="time an existing database; no load")
    parser.add_argument(
        "--rebuild", action="store_true", help="with --reuse: rebuild the rollups first (timed)"
    )
    args = parser.parse_args()

    name = args.reuse or f"tt_bench_dash_{uuid.uuid4().hex[:8]}"
    url = _with_db(args.pg_url, name)
    result: dict[str, Any] = {"database": "postgresql", "db_name": name}
    log_dir = Path(os.environ.get("TRACETOOL_BENCH_LOGS", "bench/results"))
    log_dir.mkdir(parents=True, exist_ok=True)
    try:
        if not args.reuse:
            with psycopg.connect(args.pg_url, autocommit=True) as conn:
                conn.execute(f'CREATE DATABASE "{name}"')
            log(f"loading {args.rows:,} registrations into {name} ...")
            times = load(url, args.rows)
            result.update(times)
            result["load_rows_per_s"] = args.rows / (times["insert_s"] + times["rollup_s"])
        elif args.rebuild:
            result["rollup_s"] = build_rollups(url)
        with psycopg.connect(url) as conn:
            held = conn.execute("SELECT COUNT(*) FROM registration").fetchone()
            sizes = conn.execute(
                "SELECT pg_total_relation_size('registration'),"
                " (SELECT SUM(pg_total_relation_size(c)) FROM unnest(ARRAY['dash_day',"
                "'dash_month','dash_type','dash_task','dash_hour','dash_unit']::regclass[]) c)"
            ).fetchone()
        result["rows"] = int(held[0]) if held else 0
        if sizes:
            result["registration_mb"] = round(int(sizes[0]) / 2**20)
            result["rollups_mb"] = round(int(sizes[1]) / 2**20)
        log("timing pages over HTTP ...")
        timed = measure(url, log_dir)
        result["overview_median_ms"] = timed["overview"]["median_ms"]
        result["overview_p95_ms"] = timed["overview"]["p95_ms"]
        result["municipality_median_ms"] = timed["municipality"]["median_ms"]
        result["municipality_p95_ms"] = timed["municipality"]["p95_ms"]
        result["overview_year_p95_ms"] = timed["overview_year"]["p95_ms"]
        result["municipality_year_p95_ms"] = timed["municipality_year"]["p95_ms"]
        result["overview_lists_98"] = timed["overview_has_98"]
        result["goal_met"] = (
            result["overview_p95_ms"] < 1000 and result["municipality_p95_ms"] < 1000
        )
    finally:
        if not args.keep and not args.reuse:
            with psycopg.connect(args.pg_url, autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    if args.json:
        print(
            json.dumps({k: round(v, 1) if isinstance(v, float) else v for k, v in result.items()})
        )
    else:
        for key, value in result.items():
            print(f"{key:>28}: {value:,.1f}" if isinstance(value, float) else f"{key:>28}: {value}")


if __name__ == "__main__":
    main()
