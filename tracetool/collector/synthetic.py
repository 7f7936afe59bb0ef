"""Synthetic national data for benchmarks, load tests and page screenshots.

The shapes follow komhen.md §8, so the pages look like real ones: phone is about a third of
inbound, letters the largest outbound channel, information inquiries outnumber case
transactions, about one inquiry in six carries a form, roughly two in three are closed at once,
and inquiries fall in office hours on weekdays. Municipalities differ in size and habits (their
closed-at-once and digital shares vary), so a ranking has something to rank.

Two generators with the same weights: ``rows`` in Python (wire rows for a batch or a desk), and
``insert_sql`` for PostgreSQL, which makes millions of rows in the database itself with
generate_series (set-based: no row crosses the network).
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Iterator, Sequence
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from tracetool import timeutil
from tracetool.codes.codebook import load_codebook
from tracetool.collector.municipalities import NUMBERS
from tracetool.sync.protocol import row_hash

# (channel, direction, weight); inbound about 70 % of all.
CHANNELS: tuple[tuple[str, str, int], ...] = (
    ("TLFIND", "IND", 23), ("PRSNLG", "IND", 13), ("EMLIND", "IND", 11), ("DOCIND", "IND", 8),
    ("PPRIND", "IND", 5), ("SLVBTJN", "IND", 4), ("WEB", "IND", 2), ("SMSIND", "IND", 2),
    ("CHATIND", "IND", 2),
    ("PPRUD", "UD", 9), ("DOKUD", "UD", 8), ("TLFUD", "UD", 5), ("EMLUD", "UD", 5),
    ("SMSUD", "UD", 1), ("MGRUD", "UD", 2),
)  # fmt: skip
TYPES: tuple[tuple[str, int], ...] = (
    ("VEJL", 34), ("INFO", 26), ("OPRET", 15), ("STATUS", 12), ("SLVBTJN", 8), ("FEJL", 5),
)  # fmt: skip
# Danish hour of the day → weight: the morning peak of a municipal front office.
HOURS: tuple[tuple[int, int], ...] = (
    (7, 2), (8, 10), (9, 16), (10, 17), (11, 14), (12, 10), (13, 11), (14, 9), (15, 6), (16, 3),
    (17, 1), (19, 1),
)  # fmt: skip
UNIT_NAMES = ("borgerservice", "telefon", "jobcenter", "teknik", "social")


def _expand(pairs: Sequence[tuple[Any, int]]) -> list[Any]:
    return [value for value, weight in pairs for _ in range(weight)]


def _tasks() -> list[str]:
    book = load_codebook()
    tasks = [t.kle for t in book.tasks_in("grundpakke-2013")] or [t.kle for t in book.tasks]
    # A few tasks carry most inquiries (a Zipf-like tail), as in every municipality's list.
    return _expand([(kle, max(1, 40 // (i + 1))) for i, kle in enumerate(tasks)])


def municipality_weights() -> list[tuple[int, int]]:
    """(number, relative size): a few large municipalities, many mid-size, some small."""
    rng = random.Random(98)
    out = []
    for number in NUMBERS:
        size = {101: 30, 751: 18, 851: 12, 461: 12}.get(number, rng.choice((2, 3, 3, 4, 5, 6, 8)))
        out.append((number, size))
    return out


def _habits(municipality: int) -> tuple[float, float]:
    """(closed-at-once probability, digital tilt) of a municipality, stable per number."""
    rng = random.Random(municipality)
    return 0.52 + 0.24 * rng.random(), rng.random()


def weekdays(start: date, days: int) -> list[date]:
    return [
        start + timedelta(days=i) for i in range(days) if (start + timedelta(days=i)).weekday() < 5
    ]


def rows(
    municipality: int,
    n: int,
    start: date,
    days: int,
    *,
    seed: int = 0,
    test_share: float = 0.0,
    units: Sequence[str] | None = None,
    device: str | None = None,
    source: str = "app",
) -> Iterator[tuple[Any, ...]]:
    """``n`` wire rows (sync.protocol column order) for one municipality over ``days`` days."""
    rng = random.Random(f"{municipality}:{seed}")
    channels = _expand([((c, d), w) for c, d, w in CHANNELS])
    types = _expand(TYPES)
    hours = _expand(HOURS)
    tasks = _tasks()
    book = load_codebook()
    asks = {c.code: c.asks_form for c in book.channels}
    unit_list = list(units) if units is not None else [f"{municipality}{u}" for u in UNIT_NAMES]
    open_days = weekdays(start, days) or [start]
    straks_p, tilt = _habits(municipality)
    stamps: dict[tuple[date, int], datetime] = {}
    for _ in range(n):
        channel, direction = rng.choice(channels)
        if tilt > 0.6 and channel in ("TLFIND", "PPRUD") and rng.random() < tilt - 0.5:
            channel, direction = ("SLVBTJN", "IND") if direction == "IND" else ("DOKUD", "UD")
        day = rng.choice(open_days)
        hour = rng.choice(hours)
        base = stamps.get((day, hour))
        if base is None:
            base = stamps[(day, hour)] = datetime.combine(
                day, time(hour), tzinfo=timeutil.DANISH
            ).astimezone(UTC)
        saved = base + timedelta(seconds=rng.randrange(3600), microseconds=rng.randrange(10**6))
        form = None
        if asks.get(channel):
            form = "JA" if rng.random() < 0.22 else "NEJ"
        rid = _uuid(rng)
        yield (
            rid,
            municipality,
            None if channel == "WEB" else rng.choice(unit_list),
            direction,
            channel,
            rng.choice(tasks),
            "VEJL" if channel == "WEB" else rng.choice(types),
            "STRAKS" if channel == "WEB" or rng.random() < straks_p else "HOLD",
            "NEJ" if channel == "WEB" else form,
            timeutil.to_db(saved - timedelta(seconds=rng.randrange(15, 120))),
            timeutil.to_db(saved),
            "{}",
            source,
            1 if rng.random() < test_share else 0,
            1,
            1,
            0,
            device,
            None,
        )


def _uuid(rng: random.Random) -> str:
    h = f"{rng.getrandbits(128):032x}"
    return f"{h[:8]}-{h[8:12]}-7{h[13:16]}-{'89ab'[int(h[16], 16) % 4]}{h[17:20]}-{h[20:]}"


def national(total: int, start: date, days: int, *, seed: int = 0) -> Iterator[tuple[Any, ...]]:
    """``total`` wire rows over all 98 municipalities, split by their sizes."""
    weights = municipality_weights()
    whole = sum(w for _, w in weights)
    given = 0
    for i, (number, weight) in enumerate(weights):
        n = total - given if i == len(weights) - 1 else total * weight // whole
        given += n
        yield from rows(number, n, start, days, seed=seed)


# -- PostgreSQL, set-based ---------------------------------------------------------------------


def _array(values: Sequence[Any]) -> str:
    if all(isinstance(v, int) for v in values):
        return "ARRAY[" + ",".join(str(v) for v in values) + "]::int[]"
    return "ARRAY[" + ",".join("'" + str(v).replace("'", "''") + "'" for v in values) + "]::text[]"


def insert_sql(first: int, count: int, start: date, days: int) -> str:
    """One INSERT that makes rows ``first``..``first+count-1`` straight in ``registration``.

    Ids are UUID-shaped text from md5 of the row number (``md5_id``): unique and repeatable, so
    a load can run in chunks, each its own transaction. Run ``SELECT setseed(...)`` first in the
    same session for repeatable codes.
    """
    book = load_codebook()
    asks = {c.code for c in book.channels if c.asks_form}
    munis = _expand(municipality_weights())
    chans = _expand([(f"{c}|{d}|{'1' if c in asks else '0'}", w) for c, d, w in CHANNELS])
    offsets = [(d - start).days for d in weekdays(start, days)] or [0]
    straks = " ".join(f"WHEN {m} THEN {round(_habits(m)[0] * 100)}" for m in NUMBERS)

    def pick(values: Sequence[Any]) -> str:
        return f"({_array(values)})[1 + floor(random() * {len(values)})::int]"

    fmt = '\'YYYY-MM-DD"T"HH24:MI:SS.US"Z"\''
    now = f"to_char(now() AT TIME ZONE 'UTC', {fmt})"
    drawn = (
        f"SELECT g, {pick(munis)} AS m, {pick(chans)} AS c, {pick(_expand(TYPES))} AS t,"
        f" {pick(_tasks())} AS k, {pick(offsets)} AS o, {pick(_expand(HOURS))} AS h,"
        " floor(random() * 5)::int AS u, random() AS q, floor(random() * 3600)::int AS s,"
        " floor(random() * 100)::int AS w, md5(g::text) AS hx"
        f" FROM generate_series({first}, {first + count - 1}) AS g"
    )
    split = (
        "SELECT m, split_part(c, '|', 1) AS chan, split_part(c, '|', 2) AS dir,"
        " split_part(c, '|', 3) = '1' AS asks, t, k, u, q, w, hx,"
        f" ((DATE '{start.isoformat()}' + o + make_interval(hours => h, secs => s))"
        " AT TIME ZONE 'Europe/Copenhagen') AS ts"
        f" FROM ({drawn}) a"
    )
    coded = (
        "SELECT substr(hx, 1, 8) || '-' || substr(hx, 9, 4) || '-7' || substr(hx, 14, 3)"
        " || '-8' || substr(hx, 18, 3) || '-' || substr(hx, 21, 12) AS id, m, dir, chan, k,"
        f" CASE WHEN chan = 'WEB' THEN NULL ELSE m::text || ({_array(list(UNIT_NAMES))})[1 + u]"
        " END AS unit,"
        " CASE WHEN chan = 'WEB' THEN 'VEJL' ELSE t END AS typ,"
        f" CASE WHEN chan = 'WEB' OR w < (CASE m {straks} ELSE 64 END) THEN 'STRAKS'"
        " ELSE 'HOLD' END AS clos,"
        " CASE WHEN chan = 'WEB' THEN 'NEJ' WHEN asks THEN"
        " (CASE WHEN q < 0.22 THEN 'JA' ELSE 'NEJ' END) END AS form,"
        f" to_char((ts - interval '40 seconds') AT TIME ZONE 'UTC', {fmt}) AS started_at,"
        f" to_char(ts AT TIME ZONE 'UTC', {fmt}) AS saved_at"
        f" FROM ({split}) b"
    )
    hashed = f"SELECT *, encode(sha256((id || ':1')::bytea), 'hex') AS d FROM ({coded}) r"
    return (
        "INSERT INTO registration (id, municipality, unit, direction, channel, task, type,"
        " closing, form, started_at, saved_at, answers, source, test_mode, count, revision,"
        " deleted, device, import_key, h_hi, h_lo, origin, received_at, updated_at)"
        " SELECT id, m, unit, dir, chan, k, typ, clos, form, started_at, saved_at, '{}', 'app',"
        " 0, 1, 1, 0, NULL, NULL, ('x' || substr(d, 1, 8))::bit(32)::bigint,"
        f" ('x' || substr(d, 9, 8))::bit(32)::bigint, 'bench', {now}, {now}"
        f" FROM ({hashed}) x"
    )


def check_hash(rid: str) -> tuple[int, int]:
    """The receipt hash of a synthetic row (revision 1), for tests of ``insert_sql``."""
    return row_hash(rid, 1)


def md5_id(g: int) -> str:
    hx = hashlib.md5(str(g).encode()).hexdigest()
    return f"{hx[:8]}-{hx[8:12]}-7{hx[13:16]}-8{hx[17:20]}-{hx[20:32]}"
