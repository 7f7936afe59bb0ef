"""Keys pressed per registration in the registration app, replayed through the real app.

    python bench/keystrokes.py [--registrations 1000] [--seed 2013] [--mix desks|independent]
                               [--json]

A simulated member of staff registers a count week's inquiries in the real app (Textual's
Pilot, the real Desk and store in a temporary TRACETOOL_HOME), looking at the line the way a
person does: F5–F12 for a channel that has one (else Shift+Tab back to the channel), then the
fields in order, Tab past
a field that is already right, the value's key where it is not (or, once past the task, the
letters s/v for the closing and j/n for the form), "/" and a few letters for a
task without a key, "+" for a second task of the same contact, then Enter. Every key is
counted; every saved row is checked against what was meant.

The mix (our choice, from KL's runbook figures for a mid-size municipality's count week):

- Desks. The unit's inquiries come from three kinds of desk, each a session of the app with
  its own line: the phone desk (30 %: inbound phone 90 %, call-backs 8 %, SMS 2 %), the
  counter (32 %: personal visits 93 %, phone 4 %, visits out 3 %) and the back office (38 %:
  e-mail 30 %, letters 16 %, Digital Post 14 %, SMS 3 %, letters out 17 %, e-mail out 10 %,
  Digital Post out 7 %, phone out 3 %). Together: inbound phone about a third of inbound,
  personal visits next, then e-mail and letters; outbound letters the largest outbound
  channel. The back office works through one inbox or tray at a time (runs of on average
  six inquiries on the same channel); the phone desk and the counter draw each inquiry's
  channel afresh. ``--mix independent`` draws every inquiry's channel from the total mix
  instead, as if one desk took everything in random order (a harder, less realistic case).
  Apart from that, inquiries are drawn independently: no runs of the same task or type.
- Types: information outnumbers case work. Each task has a usual type (55 % of its
  inquiries); the rest follow the whole mix: VEJL 38 %, INFO 22 %, OPRET 14 %, SLVBTJN 12 %,
  STATUS 10 %; 3 % of inquiries are Fejlhenvendelse (own key, type FEJL).
- Closing: STRAKS 75 % for phone, visits and SMS, 30 % for written inbound, 70 % for written
  outbound (national average 64 %).
- Form, only where the channel asks: yes for 30 % of visits, 40 % of letters, 15 % of
  e-mail, 25 % of Digital Post, 10 % of written outbound: about one inquiry in six.
- Tasks: a 30-task unit list; popularity Zipf-like (exponent chosen so that about one
  registration in five is for a task outside the nine most used), loosely but not exactly in
  the list's order; 2 % of inquiries are for a task outside the list (found with "/"); 6 % of
  contacts concern two tasks ("+").

With --json the last line is one JSON object: registrations, mean_keys, median_keys,
p90_keys, tracetool_actions (7: direction, channel, task, type, closing, form, save),
save_p50_ms / save_p99_ms (key press to committed row, measured in the app from the key
event's timestamp to the end of the commit), pilot_save_p99_ms (the same seen from outside:
Pilot's press of Enter until the row is visible on a second connection), disk_commit_p50_ms /
disk_commit_p99_ms (a bare sqlite3 commit with the same durability on the same disk, for
context: the save cannot be faster than the disk), app_overhead_p99_ms (the save's latency
less the validation and commit: what the app adds), load_average, startup_s (launch
of the ``tracetool`` command to the app being ready, median of 5), startup_app_s (the same
for the app alone, without the command line's other commands), the realized mix and whether
every saved row matched; and for the second mix (``counter``, see keystroke_mixes.py)
counter_median_keys, counter_mean_keys, counter_p90_keys; accuracy: the share of
registrations stored exactly as meant over both mixes, each replayed twice (key by key, and
in bursts as a remote desktop delivers them: every run of keys with its Enter in one read), with
held-Enter episodes mixed in (10 % of registrations: the keyboard's delay, then 20 repeats in
one read); accuracy_detail per mix and replay; screen_mismatches (registrations whose rows
differ from what the line showed when Enter was pressed). The key counts and save times are
the key-by-key replay's.
"""

from __future__ import annotations

import argparse
import asyncio
import copy
import json
import os
import pty
import random
import select
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from keystroke_mixes import (
    MAX_KEYS,
    TOP,
    UNIT_TASKS,
    Contact,
    make_contacts,
    make_counter_contacts,
)

# -- the member of staff -------------------------------------------------------------------


def search_query(app: Any, kle: str) -> str:
    """The shortest thing to type after "/" that puts ``kle`` first (a word start or digits)."""
    from tracetool.desk.beside import task_usage
    from tracetool.desk.search import search_tasks

    desk = app.require_desk()
    entry = app.require_entry()
    usage = task_usage(desk.db, entry.unit.login)
    candidates: list[str] = []
    title = desk.task_title(kle).casefold()
    for word in title.replace("/", " ").replace(",", " ").split():
        candidates += [word[:i] for i in range(3, len(word) + 1)]
    digits = kle.replace(".", "")
    candidates += [digits[:i] for i in range(2, len(digits) + 1)]
    for q in sorted(set(candidates), key=len):
        hits = search_tasks(desk.db, desk.codebook, entry, q, usage=usage)
        if hits and hits[0].kle == kle:
            return q
    return digits


def next_keys(app: Any, want: Contact) -> list[str]:
    """The next key(s) a person presses, looking at the line as it is now."""
    from tracetool.desk.choices import CHANNEL, TASK

    entry = app.require_entry()
    fields = entry.fields()
    focus = fields.index(entry.focus) if entry.focus in fields else 1

    def go(target: int) -> list[str]:
        return ["tab"] if target > focus else ["shift+tab"]

    if entry.channel != want.channel:
        keyed = entry.channel_keys() if hasattr(entry, "channel_keys") else {}
        key = next((k for k, code in keyed.items() if code == want.channel), None)
        if key is not None:
            return [key]  # F5–F12: one key from anywhere
        if entry.focus != CHANNEL:
            return go(0)
        chan = entry.codebook.channel(want.channel)
        assert chan is not None
        if chan.direction != entry.direction:
            return ["i" if chan.direction == "IND" else "u"]
        return [str(chan.hotkey)]

    def fix_values() -> list[str] | None:
        """The next key that sets the type, closing or form of the task being keyed."""
        values = {"type": want.type, "closing": want.closing, "form": want.form}
        for index, f in enumerate(fields):
            if f.kind in values and entry.value(f) != values[f.kind]:
                letter = entry.letter_for(f, values[f.kind])
                if letter is not None and entry.focus.kind in ("type", "closing", "form"):
                    return [letter]  # s/v, j/n: no need to go to the field
                if index != focus:
                    return go(index)
                choice = next(c for c in entry.choices(f) if c.code == values[f.kind])
                return [choice.hotkey]
        return None

    for slot, task in enumerate(want.tasks):
        if slot >= len(entry.tasks):
            # Each task keeps its own values: right before "+" (the app's line may share
            # them across tasks, as before per-task values; then this changes nothing).
            return fix_values() or ["plus"]
        if entry.tasks[slot] != task:
            if entry.focus != TASK:
                return go(1)
            key = next((c.hotkey for c in entry.task_choices() if c.code == task), None)
            if key is not None:
                return [key.lower()]
            return ["slash", *search_query(app, task), "enter"]
    return fix_values() or ["enter"]


class _Line:
    """What the planner looks at: the app's desk and a copy of its line."""

    def __init__(self, app: Any, entry: Any) -> None:
        self.app = app
        self.entry = entry

    def require_desk(self) -> Any:
        return self.app.require_desk()

    def require_entry(self) -> Any:
        return self.entry


def shown(entry: Any) -> set[tuple[Any, ...]]:
    """The rows the line shows it will store: (channel, task, type, closing, form) a task."""
    return {(entry.channel, t, entry.type, entry.closing, entry.form) for t in entry.tasks}


def plan_keys(app: Any, want: Contact, now: datetime) -> tuple[list[list[str]], Any]:
    """The keys for ``want`` before Enter, worked out on a copy of the line, and the copy as
    it stands when Enter is pressed (what the screen shows then).

    The copy is moved by the same Entry methods the app's keys call, so the plan is what the
    person would press looking at the screen after each key.
    """
    real = app.require_entry()
    entry = copy.copy(real)
    entry.tasks = list(real.tasks)
    entry.answers = dict(real.answers)
    if hasattr(real, "chosen"):
        entry.chosen = set(real.chosen)
    line = _Line(app, entry)
    groups: list[list[str]] = [[]]
    for _ in range(MAX_KEYS):
        keys = next_keys(line, want)
        if keys == ["enter"]:
            return [g for g in groups if g], entry
        if keys[0] == "slash":
            entry.pick_task(want.tasks[entry.slot], now)
            groups += [keys, []]
            continue
        for key in keys:
            if key == "tab":
                entry.move(1)
            elif key == "shift+tab":
                entry.move(-1)
            elif key == "plus":
                entry.add_task(now)
            elif len(key) > 1 and key[0] == "f":
                entry.channel_key(key, now)
            else:
                entry.press(key, now)
        groups[-1] += keys
    raise SystemExit(f"no way to {want} from {real}")


class FakeClock:
    def __init__(self, start: datetime) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now


# Key name -> the character a terminal sends with it (None: a key without one).
CHARS = {"enter": "\r", "tab": "\t", "shift+tab": None, "plus": "+", "slash": "/"}
HELD_SHARE = 0.10  # registrations whose Enter is held down: a delay, then repeats
HELD_REPEATS = 20


async def burst(app: Any, pilot: Any, keys: list[str]) -> None:
    """Keys delivered in one read, as Textual's terminal driver delivers them: each key's
    event posted at once, none handled before the next arrives."""
    from textual import events

    for key in keys:
        char = CHARS.get(key, key if len(key) == 1 else None)
        app._driver.process_message(events.Key(key, char))
    await pilot.pause()


async def replay(
    contacts: list[Contact], db_path: Path, rng: random.Random, mode: str
) -> dict[str, Any]:
    """Replay ``contacts`` in the app, ``mode`` "keys" (one key at a time through Pilot) or
    "burst" (each run of keys, Enter included, in one read; a search's keys are a read of
    their own, as the search opens a dialog). Every registration's rows are checked against
    what was meant and against what the line showed when Enter was pressed."""
    from tracetool.desk.desk import Desk
    from tracetool.tui.app import TracetoolApp
    from tracetool.tui.config import Config

    keys_per_registration: list[float] = []
    pilot_ms: list[float] = []
    app_ms: list[float] = []
    around_ms: list[float] = []
    exact = 0
    screen_mismatches = 0
    key_counter: Counter[str] = Counter()
    watcher = sqlite3.connect(str(db_path))
    disk = DiskBaseline(db_path.parent)
    clock = FakeClock(datetime(2025, 10, 20, 6, 0, tzinfo=UTC))
    desks = list(dict.fromkeys(c.desk for c in contacts))

    def newest() -> int:
        return int(
            watcher.execute("SELECT COALESCE(MAX(rowid), 0) FROM registration").fetchone()[0]
        )

    for desk_name in desks:
        session = [c for c in contacts if c.desk == desk_name]
        app = TracetoolApp(Desk.open(), clock=clock, config=Config())
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            for want in session:
                # Between inquiries: a call or a visit, 20 seconds to 4 minutes.
                clock.now += timedelta(seconds=rng.uniform(20, 240))
                before = newest()
                try:
                    groups, line = plan_keys(app, want, clock.now)
                except SystemExit:  # a line left in a state no key sequence mends: Esc
                    await pilot.press("escape")
                    groups, line = plan_keys(app, want, clock.now)
                pressed = sum(len(g) for g in groups) + 1
                for group in groups:
                    for key in group:
                        key_counter[key if len(key) > 1 else "char"] += 1
                key_counter["enter"] += 1
                held = rng.random() < HELD_SHARE
                t0 = time.perf_counter()
                if mode == "keys":
                    for group in groups:
                        await pilot.press(*group)
                    clock.now += timedelta(seconds=2 * pressed)
                    if shown(app.require_entry()) != shown(line):
                        screen_mismatches += 1
                    t0 = time.perf_counter()
                    await pilot.press("enter")
                else:
                    final: list[str] = []
                    for group in groups:
                        if group[0] == "slash":  # "/" opens a dialog; what is typed into it
                            await burst(app, pilot, ["slash"])  # is a read of its own
                            await burst(app, pilot, group[1:])
                        elif group is groups[-1]:
                            final = group
                        else:
                            await burst(app, pilot, group)
                    clock.now += timedelta(seconds=2 * pressed)
                    t0 = time.perf_counter()
                    await burst(app, pilot, [*final, "enter"])
                if held:  # the keyboard's delay, then repeats 33 ms apart: one read
                    clock.now += timedelta(seconds=0.5)
                    await burst(app, pilot, ["enter"] * HELD_REPEATS)
                    await pilot.pause(0.25)  # past any save waiting to be told from a repeat
                deadline = time.perf_counter() + 3
                while newest() < before + len(want.tasks) and time.perf_counter() < deadline:
                    await pilot.pause(0.005)
                pilot_ms.append((time.perf_counter() - t0) * 1000)
                if app.save_ms:
                    app_ms.append(app.save_ms[-1])
                    around_ms.append(app.save_ms[-1] - app.store_ms[-1])
                disk.commit()
                rows = watcher.execute(
                    "SELECT channel, task, type, closing, form FROM registration "
                    "WHERE rowid > ? AND deleted = 0",
                    [before],
                ).fetchall()
                meant = {(want.channel, t, want.type, want.closing, want.form) for t in want.tasks}
                if len(rows) == len(want.tasks) and set(rows) == meant:
                    exact += 1
                if set(rows) != shown(line):
                    screen_mismatches += 1
                keys_per_registration += [pressed / len(want.tasks)] * len(want.tasks)
                clock.now += timedelta(seconds=1)
    watcher.close()
    return {
        "keys": keys_per_registration,
        "pilot_ms": pilot_ms,
        "app_ms": app_ms,
        "exact": exact,
        "contacts": len(contacts),
        "screen_mismatches": screen_mismatches,
        "key_counter": dict(key_counter),
        "disk_ms": disk.times,
        "around_ms": around_ms,
    }


def _pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100.0 * (len(ordered) - 1)))]


class DiskBaseline:
    """A bare sqlite3 INSERT + COMMIT with the store's durability (WAL, synchronous=FULL) on
    the same disk, one after every save, so that it meets the same conditions: the save cannot
    be faster than the disk, and on a shared machine the disk is what varies."""

    def __init__(self, folder: Path) -> None:
        self.conn = sqlite3.connect(str(folder / "baseline.db"), isolation_level=None)
        self.conn.execute("PRAGMA journal_mode=WAL")
        self.conn.execute("PRAGMA synchronous=FULL")
        self.conn.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, payload TEXT)")
        self.times: list[float] = []

    def commit(self) -> None:
        t0 = time.perf_counter()
        self.conn.execute("BEGIN")
        self.conn.execute("INSERT INTO t (payload) VALUES (?)", ["x" * 300])
        self.conn.execute("COMMIT")
        self.times.append((time.perf_counter() - t0) * 1000)


def measure_startup(home: Path, command: list[str], runs: int = 5) -> float:
    """Launch to ready in a real terminal (a pty): the app writes the time when it is ready."""
    times: list[float] = []
    for _ in range(runs):
        ready = home / "ready.txt"
        ready.unlink(missing_ok=True)
        env = dict(
            os.environ,
            TRACETOOL_HOME=str(home),
            TRACETOOL_READY_FILE=str(ready),
            TERM="xterm-256color",
        )
        master, slave = pty.openpty()
        started = time.time()
        proc = subprocess.Popen(command, stdin=slave, stdout=slave, stderr=slave, env=env)
        os.close(slave)
        while proc.poll() is None:
            readable, _, _ = select.select([master], [], [], 0.05)
            if readable:
                try:
                    os.read(master, 65536)
                except OSError:
                    break
        proc.wait(timeout=30)
        os.close(master)
        if not ready.exists():
            raise SystemExit(f"{' '.join(command)} did not get ready (exit {proc.returncode})")
        times.append(float(ready.read_text()) - started)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--registrations", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=2013)
    parser.add_argument("--mix", choices=("desks", "independent"), default="desks")
    parser.add_argument("--counter", type=int, default=500, help="registrations, counter mix")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    from tracetool import paths
    from tracetool.codes.codebook import load_codebook
    from tracetool.desk.applying import apply_plan
    from tracetool.plan.writing import render_default_plan

    codebook = load_codebook()
    package = [t.kle for t in codebook.tasks_in("grundpakke-2013") if t.special is None]
    unit_tasks, outside = package[:UNIT_TASKS], package[UNIT_TASKS:]
    text = render_default_plan(259, "Køge", "259borgerservice", year=2025)
    start = text.index("tasks = [", text.index("[[unit]]"))
    end = text.index("]", start)
    listed = ", ".join(f'"{t}"' for t in unit_tasks)
    text = text[:start] + f"tasks = [{listed}" + text[end:]

    def fresh_home() -> Path:
        """Each replay at a desk of its own: a new store with the plan applied."""
        home = Path(tempfile.mkdtemp(prefix="tracetool-keys-"))
        os.environ["TRACETOOL_HOME"] = str(home)
        plan_file = home / "plan-in.toml"
        plan_file.write_text(text, encoding="utf-8")
        apply_plan(plan_file)
        return home

    def run(contacts: list[Contact], mode: str, seed: int) -> dict[str, Any]:
        fresh_home()
        return asyncio.run(replay(contacts, paths.database_path(), random.Random(seed), mode))

    rng = random.Random(args.seed)
    asks_form = {c.code: c.asks_form for c in codebook.channels}
    contacts = make_contacts(
        rng,
        args.registrations,
        unit_tasks,
        outside,
        args.mix,
        asks_form,
        codebook.fejl_task.kle,
    )
    counter = make_counter_contacts(
        random.Random(args.seed + 1),
        args.counter,
        unit_tasks,
        outside,
        asks_form,
        codebook.fejl_task.kle,
    )
    t0 = time.perf_counter()
    result = run(contacts, "keys", args.seed)
    replay_s = time.perf_counter() - t0
    replays = {
        f"{args.mix}/keys": result,
        f"{args.mix}/burst": run(contacts, "burst", args.seed),
        "counter/keys": run(counter, "keys", args.seed),
        "counter/burst": run(counter, "burst", args.seed),
    }
    home = fresh_home()

    bin_dir = Path(sys.executable).parent
    startup = measure_startup(home, [str(bin_dir / "tracetool")])
    startup_app = measure_startup(
        home, [sys.executable, "-c", "from tracetool.tui.app import launch; launch()"]
    )

    keys = result["keys"]
    regs = [(c, t) for c in contacts for t in c.tasks]
    channels = Counter(c.channel for c, _ in regs)
    inbound = sum(v for k, v in channels.items() if not k.endswith("UD"))
    types = Counter(c.type for c, _ in regs)
    top9 = [t for t, _ in Counter(t for _, t in regs).most_common(TOP)]
    summary = {
        "registrations": len(keys),
        "mix": args.mix,
        "mean_keys": round(statistics.mean(keys), 3),
        "median_keys": statistics.median(keys),
        "p90_keys": _pct(keys, 90),
        "max_keys": max(keys),
        "tracetool_actions": 7,
        "save_p50_ms": round(_pct(result["app_ms"], 50), 2),
        "save_p99_ms": round(_pct(result["app_ms"], 99), 2),
        "pilot_save_p50_ms": round(_pct(result["pilot_ms"], 50), 2),
        "pilot_save_p99_ms": round(_pct(result["pilot_ms"], 99), 2),
        "app_overhead_p99_ms": round(_pct(result["around_ms"], 99), 2),
        "disk_commit_p50_ms": round(_pct(result["disk_ms"], 50), 2),
        "disk_commit_p99_ms": round(_pct(result["disk_ms"], 99), 2),
        "load_average": round(os.getloadavg()[0], 2),
        "startup_s": round(startup, 3),
        "startup_app_s": round(startup_app, 3),
        "rows_matching": result["exact"] == result["contacts"],
        "mismatches": result["contacts"] - result["exact"],
        "counter_registrations": len(replays["counter/keys"]["keys"]),
        "counter_mean_keys": round(statistics.mean(replays["counter/keys"]["keys"]), 3),
        "counter_median_keys": statistics.median(replays["counter/keys"]["keys"]),
        "counter_p90_keys": _pct(replays["counter/keys"]["keys"], 90),
        "accuracy": round(
            sum(r["exact"] for r in replays.values())
            / sum(r["contacts"] for r in replays.values()),
            4,
        ),
        "accuracy_detail": {k: f"{r['exact']}/{r['contacts']}" for k, r in replays.items()},
        "screen_mismatches": sum(r["screen_mismatches"] for r in replays.values()),
        "counter_keys_pressed": replays["counter/keys"]["key_counter"],
        "replay_s": round(replay_s, 1),
        "realized_mix": {
            "inbound_share": round(inbound / len(regs), 3),
            "phone_share_of_inbound": round(channels["TLFIND"] / inbound, 3),
            "channels": {k: round(v / len(regs), 3) for k, v in channels.most_common()},
            "information_share": round(
                (types["VEJL"] + types["SLVBTJN"] + types["FEJL"]) / len(regs), 3
            ),
            "types": {k: round(v / len(regs), 3) for k, v in types.most_common()},
            "form_yes_share": round(sum(1 for c, _ in regs if c.form == "JA") / len(regs), 3),
            "straks_share": round(sum(1 for c, _ in regs if c.closing == "STRAKS") / len(regs), 3),
            "outside_top9_share": round(sum(1 for _, t in regs if t not in top9) / len(regs), 3),
            "outside_list_share": round(sum(1 for _, t in regs if t in outside) / len(regs), 3),
            "two_task_contacts": sum(1 for c in contacts if len(c.tasks) > 1),
        },
        "keys_histogram": dict(sorted(Counter(round(k, 1) for k in keys).items())),
        "keys_pressed": result["key_counter"],
    }
    goals = {
        "median_keys <= 3": summary["median_keys"] <= 3,
        "mean_keys <= 3.5": summary["mean_keys"] <= 3.5,
        "counter_median_keys <= 4": summary["counter_median_keys"] <= 4,
        "counter_mean_keys <= 4.5": summary["counter_mean_keys"] <= 4.5,
        "accuracy == 1.0": summary["accuracy"] == 1.0,
        "save_p99_ms <= 30": summary["save_p99_ms"] <= 30,
        "startup_s <= 1.5": summary["startup_s"] <= 1.5,
    }
    summary["goals"] = goals
    if not args.json:
        print(
            f"{summary['registrations']} registrations ({args.mix} mix), "
            f"replayed in {summary['replay_s']} s"
        )
        print(
            f"keys per registration: mean {summary['mean_keys']}, median "
            f"{summary['median_keys']}, p90 {summary['p90_keys']}, max {summary['max_keys']}"
            f"  (TraceTool: {summary['tracetool_actions']} actions)"
        )
        print(
            f"save, key press to committed row: p50 {summary['save_p50_ms']} ms, "
            f"p99 {summary['save_p99_ms']} ms (seen through Pilot: p99 "
            f"{summary['pilot_save_p99_ms']} ms)"
        )
        print(
            f"  of which the app's own part (all but validating and committing): p99 "
            f"{summary['app_overhead_p99_ms']} ms; the disk alone (sqlite3 INSERT + COMMIT, WAL, "
            f"synchronous=FULL, after each save): p50 {summary['disk_commit_p50_ms']} ms, p99 "
            f"{summary['disk_commit_p99_ms']} ms; load average {summary['load_average']}"
        )
        print(
            f"startup: tracetool {summary['startup_s']} s, app alone {summary['startup_app_s']} s"
        )
        print(f"every row as meant: {summary['rows_matching']}")
        print(
            f"counter mix: mean {summary['counter_mean_keys']}, median "
            f"{summary['counter_median_keys']}, p90 {summary['counter_p90_keys']} keys; "
            f"accuracy {summary['accuracy']} {summary['accuracy_detail']}; "
            f"screen ≠ row: {summary['screen_mismatches']}"
        )
        print("realized mix:", json.dumps(summary["realized_mix"], ensure_ascii=False))
        print("goals:", ", ".join(f"{k}: {'met' if v else 'MISSED'}" for k, v in goals.items()))
    else:
        print(json.dumps(summary, ensure_ascii=False))


if __name__ == "__main__":
    main()
