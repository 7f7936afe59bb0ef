"""Sync throughput: N registrations from a desk's store to a collector on loopback.

For each database kind (SQLite, PostgreSQL) the same N rows are measured twice in the same run:

- sync: ``Syncer.run()`` from a desk store (outbox → HTTP batches with gzip → a real
  ``tracetool collector serve`` process → its database), until the outbox is empty;
- raw: the fastest plain bulk load of the very same stored rows into the collector's own table
  (same indexes, same durability) of a fresh database of the same kind: one ``executemany``
  INSERT transaction for SQLite, one ``COPY FROM STDIN`` for PostgreSQL.

ratio = sync time ÷ raw time (goal ≤ 3). Preparing the rows for the raw load is not timed.

    python bench/sync.py [--rows 100000] [--json] [--repeat 1] [--pg-url postgresql://...] [--no-pg]

With ``--repeat N`` each kind is measured N times and the best sync and best raw time count
(the machine may be shared). The load average before and after is reported with the figures.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sqlite3
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from tracetool import timeutil
from tracetool.collector.backends import open_storage
from tracetool.collector.items import normalize_registration
from tracetool.collector.process import CollectorProcess, make_token
from tracetool.collector.storage import REG_STORED_COLS
from tracetool.model import Registration
from tracetool.store import outbox
from tracetool.store.db import open_database
from tracetool.store.registrations import RegistrationStore
from tracetool.sync.client import CollectorClient
from tracetool.sync.engine import Syncer
from tracetool.sync.protocol import encode_registration_row, row_hash

CHANNELS = (("TLFIND", None), ("PRSNLG", "NEJ"), ("EMLIND", "JA"), ("TLFUD", None))
TASKS = ("23.05.10", "05.07.00", "29.03.99", "17.13.10", "28.09.40")
TYPES = ("VEJL", "INFO", "OPRET", "STATUS", "SLVBTJN")


def registrations(n: int, device: str) -> Iterator[Registration]:
    t0 = datetime(2026, 10, 19, 6, tzinfo=UTC)
    for i in range(n):
        channel, form = CHANNELS[i % len(CHANNELS)]
        saved = t0 + timedelta(seconds=7 * i)
        yield Registration(
            municipality=259,
            unit=("259borgerservice", "259telefon")[i % 2],
            direction="UD" if channel.endswith("UD") else "IND",
            channel=channel,
            task=TASKS[i % len(TASKS)],
            type=TYPES[i % len(TYPES)],
            closing="STRAKS" if i % 3 else "HOLD",
            form=form,
            saved_at=saved,
            started_at=saved - timedelta(seconds=20 + i % 40),
            answers={"koen": "K"} if i % 10 == 0 else {},
            test_mode=i % 50 == 0,
            count=3 if i % 97 == 0 else 1,
            device=device,
        )


def make_store(home: Path, n: int) -> Path:
    home.mkdir(parents=True, exist_ok=True)
    path = home / "tracetool.db"
    db = open_database(path)
    device = str(uuid.uuid4())
    RegistrationStore(db).save_many(registrations(n, device))
    db.close()
    return path


def raw_rows(store: Path) -> list[tuple[Any, ...]]:
    """The stored form the collector keeps, for the raw load (prepared outside the timing)."""
    conn = sqlite3.connect(store)
    now = timeutil.to_db(timeutil.now())
    rows = []
    cols = "id, municipality, unit, direction, channel, task, type, closing, form, started_at,"
    cols += " saved_at, answers, source, test_mode, count, revision, deleted, device, import_key"
    for r in conn.execute(f"SELECT {cols} FROM registration"):
        row = normalize_registration(encode_registration_row(r))
        rows.append((*row, *row_hash(row[0], row[15]), "bench", now, now))
    conn.close()
    return rows


def raw_sqlite(folder: Path, rows: list[tuple[Any, ...]]) -> float:
    url = f"sqlite:///{folder / 'raw.db'}"
    open_storage(url).close()  # the collector's schema, indexes and pragmas
    conn = sqlite3.connect(folder / "raw.db", isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=FULL")
    marks = ", ".join("?" for _ in rows[0])
    start = time.perf_counter()
    conn.execute("BEGIN")
    conn.executemany(f"INSERT INTO registration ({REG_STORED_COLS}) VALUES ({marks})", rows)
    conn.execute("COMMIT")
    elapsed = time.perf_counter() - start
    conn.close()
    return elapsed


def raw_pg(url: str, rows: list[tuple[Any, ...]]) -> float:
    import psycopg

    open_storage(url).close()
    with psycopg.connect(url) as conn:
        start = time.perf_counter()
        with (
            conn.cursor() as cur,
            cur.copy(f"COPY registration ({REG_STORED_COLS}) FROM STDIN") as copy,
        ):
            for row in rows:
                copy.write_row(row)
        conn.commit()
        return time.perf_counter() - start


def timed_sync(store: Path, db_url: str, folder: Path) -> tuple[float, int]:
    token = make_token(db_url, "registrant", 259)
    with CollectorProcess(db_url, log=folder / "collector.log") as server:
        db = open_database(store)
        device = str(uuid.uuid4())
        client = CollectorClient(server.url, token, device=device)
        start = time.perf_counter()
        summary = Syncer(db, client).run()
        elapsed = time.perf_counter() - start
        left = outbox.pending_count(db)
        _, receipt = client.get("/api/v1/receipt", origin=device)
        client.close()
        db.close()
    if left or summary.accepted != receipt["count"]:
        raise SystemExit(f"sync incomplete: {left} pending, {receipt['count']} on the server")
    return elapsed, summary.accepted


@contextmanager
def pg_database(admin_url: str) -> Iterator[str]:
    """A fresh database beside ``admin_url``'s, dropped afterwards."""
    import psycopg

    name = "tt_bench_" + uuid.uuid4().hex[:10]
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield urlunsplit(urlsplit(admin_url)._replace(path="/" + name))
    finally:
        with psycopg.connect(admin_url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--json", action="store_true")
    parser.add_argument(
        "--pg-url",
        default=os.environ.get("TRACETOOL_PG_URL", "postgresql://postgres@127.0.0.1:5432/postgres"),
    )
    parser.add_argument("--no-pg", action="store_true")
    parser.add_argument("--repeat", type=int, default=1, help="runs per kind; the best counts")
    args = parser.parse_args()
    result: dict[str, Any] = {"rows": args.rows}
    with tempfile.TemporaryDirectory(prefix="tracetool-bench-sync-") as tmp:
        folder = Path(tmp)
        os.environ["TRACETOOL_HOME"] = str(folder / "home")
        master = make_store(Path(os.environ["TRACETOOL_HOME"]), args.rows)
        rows = raw_rows(master)

        def store_copy(name: str) -> Path:
            target = folder / name
            target.mkdir()
            shutil.copy(master, target / "tracetool.db")
            return target / "tracetool.db"

        kinds: list[str] = ["sqlite"] if args.no_pg else ["sqlite", "pg"]
        result["load_average"] = round(os.getloadavg()[0], 2)
        for kind in kinds:
            raws: list[float] = []
            syncs: list[float] = []
            for run in range(args.repeat):
                work = folder / f"{kind}-{run}"
                work.mkdir()
                if kind == "sqlite":
                    raws.append(raw_sqlite(work, rows))
                    took, sent = timed_sync(
                        store_copy(f"desk-{kind}-{run}"), f"sqlite:///{work / 'collector.db'}", work
                    )
                else:
                    with pg_database(args.pg_url) as raw_url:
                        raws.append(raw_pg(raw_url, rows))
                    with pg_database(args.pg_url) as url:
                        took, sent = timed_sync(store_copy(f"desk-{kind}-{run}"), url, work)
                assert sent == args.rows
                syncs.append(took)
            # The best of each: on a shared machine the minimum is the least disturbed run.
            sync_s, raw_s = min(syncs), min(raws)
            result[f"{kind}_sync_s"] = round(sync_s, 3)
            result[f"{kind}_raw_s"] = round(raw_s, 3)
            result[f"{kind}_rows_per_s"] = round(args.rows / sync_s)
            result[f"{kind}_raw_rows_per_s"] = round(args.rows / raw_s)
            result[f"{kind}_ratio"] = round(sync_s / raw_s, 2)
            if not args.json:
                print(
                    f"{kind:6}: sync {sync_s:6.2f} s ({args.rows / sync_s:8.0f} rows/s),"
                    f" raw {raw_s:6.2f} s, ratio {sync_s / raw_s:.2f}"
                    f" (best of {args.repeat})",
                    file=sys.stderr,
                )
        result["load_average_after"] = round(os.getloadavg()[0], 2)
    if args.json:
        print(json.dumps(result))
    else:
        print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
