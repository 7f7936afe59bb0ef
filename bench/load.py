"""Load: 50 desks syncing 2,000 registrations each to one collector on PostgreSQL, at once,
while the dashboards are being read.

Each desk is a real local store (its outbox filled by the store's own trigger) synced by the
real ``Syncer`` through ``CollectorClient``, each with its own registrant token, spread over ten
municipalities (so several desks write the same rollup rows at the same moment). Meanwhile
readers fetch the national overview and a municipality page in a loop. Every batch POST is timed
(as the client sees it, retries included).

At the end the collector must hold exactly clients × rows registrations, its receipt must say
so, and the rollups must add up to the same number.

    python bench/load.py [--clients 50] [--rows 2000] [--batch-rows 500] [--readers 2]
                         [--workers 1] [--json] [--pg-url URL]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import httpx
import psycopg

from tracetool.collector import synthetic
from tracetool.collector.process import CollectorProcess, make_token
from tracetool.store import settings
from tracetool.store.db import open_database
from tracetool.store.registrations import COLUMNS
from tracetool.sync.client import CollectorClient
from tracetool.sync.engine import Syncer

MUNICIPALITIES = (101, 147, 259, 260, 461, 561, 621, 751, 851, 860)
START = date(2026, 10, 19)


def log(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


class TimedClient(CollectorClient):
    """The real client; each POST (a batch) is timed as the desk sees it."""

    def __init__(self, *args: Any, samples: list[float], **kw: Any) -> None:
        super().__init__(*args, **kw)
        self.samples = samples

    def post_json(self, path: str, body: bytes, *, gzip: bool = False) -> tuple[int, Any]:
        t = time.perf_counter()
        try:
            return super().post_json(path, body, gzip=gzip)
        finally:
            self.samples.append((time.perf_counter() - t) * 1000)


def make_desk(folder: Path, municipality: int, n: int, seed: int) -> Any:
    folder.mkdir(parents=True)
    db = open_database(folder / "tracetool.db")
    device = settings.device_id(db)
    insert = (
        f"INSERT INTO registration ({', '.join(COLUMNS)})"
        f" VALUES ({', '.join('?' for _ in COLUMNS)})"
    )
    rows = list(synthetic.rows(municipality, n, START, 21, seed=seed, device=device))
    with db.conn:
        db.conn.executemany(insert, rows)
    return db


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p * len(ordered)) - 1))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--rows", type=int, default=2000)
    parser.add_argument("--batch-rows", type=int, default=500)
    parser.add_argument("--readers", type=int, default=2)
    parser.add_argument("--workers", type=int, default=1, help="collector processes")
    parser.add_argument("--json", action="store_true")
    parser.add_argument(
        "--pg-url",
        default=os.environ.get("TRACETOOL_PG_URL", "postgresql://postgres@127.0.0.1:5432/postgres"),
    )
    args = parser.parse_args()

    name = f"tt_bench_load_{uuid.uuid4().hex[:8]}"
    url = urlunsplit(urlsplit(args.pg_url)._replace(path="/" + name))
    with psycopg.connect(args.pg_url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    result: dict[str, Any] = {"clients": args.clients, "rows_per_client": args.rows}
    work = Path(tempfile.mkdtemp(prefix="tracetool-load-"))
    try:
        tokens = [
            make_token(url, "registrant", MUNICIPALITIES[i % len(MUNICIPALITIES)])
            for i in range(args.clients)
        ]
        admin = make_token(url, "admin")
        log(f"making {args.clients} desks of {args.rows} registrations ...")
        desks = [
            make_desk(work / f"desk{i}", MUNICIPALITIES[i % len(MUNICIPALITIES)], args.rows, i)
            for i in range(args.clients)
        ]
        samples: list[float] = []
        reads: list[float] = []
        done = threading.Event()
        extra = ["--workers", str(args.workers)] if args.workers > 1 else []
        with CollectorProcess(url, extra=extra, log=work / "collector.log") as server:

            def reader() -> None:
                with httpx.Client(base_url=server.url, timeout=60) as http:
                    http.post("/login", data={"token": admin})
                    i = 0
                    while not done.is_set():
                        path = (
                            "/overview?year=2026&weeks=43-45"
                            if i % 2 == 0
                            else f"/municipality/{MUNICIPALITIES[i % 10]}?year=2026&weeks=43-45"
                        )
                        t = time.perf_counter()
                        http.get(path).raise_for_status()
                        reads.append((time.perf_counter() - t) * 1000)
                        i += 1

            def desk(i: int) -> int:
                client = TimedClient(
                    server.url, tokens[i], device=settings.device_id(desks[i]),
                    give_up_after=120.0, samples=samples,
                )  # fmt: skip
                try:
                    summary = Syncer(desks[i], client, max_rows=args.batch_rows).run()
                finally:
                    client.close()
                return summary.accepted

            readers = [threading.Thread(target=reader) for _ in range(args.readers)]
            for t in readers:
                t.start()
            t0 = time.perf_counter()
            with ThreadPoolExecutor(args.clients) as pool:
                accepted = sum(pool.map(desk, range(args.clients)))
            elapsed = time.perf_counter() - t0
            done.set()
            for t in readers:
                t.join()
            with httpx.Client(base_url=server.url, timeout=60) as http:
                receipt = http.get(
                    "/api/v1/receipt", headers={"Authorization": f"Bearer {admin}"}
                ).json()
        with psycopg.connect(url) as conn:
            held = conn.execute("SELECT COUNT(*) FROM registration WHERE deleted = 0").fetchone()
            rolled = conn.execute("SELECT COALESCE(SUM(r), 0) FROM dash_day").fetchone()
        expected = args.clients * args.rows
        result.update(
            {
                "expected": expected,
                "accepted": accepted,
                "held": int(held[0]) if held else -1,
                "receipt_count": receipt["count"],
                "rollup_rows": int(rolled[0]) if rolled else -1,
                "seconds": elapsed,
                "rows_per_s": expected / elapsed,
                "batches": len(samples),
                "batch_p50_ms": statistics.median(samples),
                "batch_p99_ms": percentile(samples, 0.99),
                "batch_max_ms": max(samples),
                "page_reads": len(reads),
                "page_p50_ms": statistics.median(reads) if reads else None,
                "page_p99_ms": percentile(reads, 0.99) if reads else None,
            }
        )
        result["exact"] = (
            result["held"] == result["receipt_count"] == expected == result["rollup_rows"]
        )
    finally:
        for db in locals().get("desks", []):
            db.close()
        with psycopg.connect(args.pg_url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    if args.json:
        print(
            json.dumps({k: round(v, 1) if isinstance(v, float) else v for k, v in result.items()})
        )
    else:
        for key, value in result.items():
            print(f"{key:>16}: {value:,.1f}" if isinstance(value, float) else f"{key:>16}: {value}")
    if not result.get("exact"):
        sys.exit(1)


if __name__ == "__main__":
    main()
