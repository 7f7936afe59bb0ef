"""The inquiries the keystroke bench replays: who registers what, in which mix (see
keystrokes.py for the figures behind each mix)."""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass
from typing import Any

CHANNEL_MIX: dict[str, dict[str, float]] = {
    "phone desk": {"TLFIND": 0.90, "TLFUD": 0.08, "SMSIND": 0.02},
    "counter": {"PRSNLG": 0.93, "TLFIND": 0.04, "PRSNLGUD": 0.03},
    "back office": {
        "EMLIND": 0.30,
        "PPRIND": 0.16,
        "DOCIND": 0.14,
        "SMSIND": 0.03,
        "PPRUD": 0.17,
        "EMLUD": 0.10,
        "DOKUD": 0.07,
        "TLFUD": 0.03,
    },
}
DESK_SHARE = {"phone desk": 0.30, "counter": 0.32, "back office": 0.38}
TYPE_MIX = {"VEJL": 0.38, "INFO": 0.22, "OPRET": 0.14, "SLVBTJN": 0.12, "STATUS": 0.10}
USUAL_TYPE = 0.55
FEJL_SHARE = 0.03
OUTSIDE_LIST = 0.02
TWO_TASKS = 0.06
STRAKS = {"spoken": 0.75, "written_in": 0.30, "written_out": 0.70}
SPOKEN = {"TLFIND", "TLFUD", "PRSNLG", "PRSNLGUD", "SMSIND", "SMSUD"}
FORM_YES = {"PRSNLG": 0.30, "PPRIND": 0.40, "EMLIND": 0.15, "DOCIND": 0.25, "PRSNLGUD": 0.20}
FORM_YES_OUT = 0.10
UNIT_TASKS = 30
TOP = 9
TARGET_OUTSIDE_TOP = 0.20
MAX_KEYS = 60
BATCH_MEAN = 6  # back-office inquiries handled in a row from the same inbox or tray


@dataclass
class Contact:
    desk: str
    channel: str
    tasks: list[str]
    type: str
    closing: str
    form: str | None


def zipf_exponent(n: int, top: int, share: float) -> float:
    """The exponent s for which ranks above ``top`` carry ``share`` of a Zipf(s) over n."""
    best, best_gap = 1.0, 1.0
    for i in range(50, 300):
        s = i / 100
        weights = [float(k) ** -s for k in range(1, n + 1)]
        gap = abs(sum(weights[top:]) / sum(weights) - share)
        if gap < best_gap:
            best, best_gap = s, gap
    return best


def usual_types(popularity: dict[str, float], outside: list[str]) -> dict[str, str]:
    """Each task's usual type, handed out so that the whole mix still comes out as TYPE_MIX."""
    total = sum(popularity.values())
    given: Counter[str] = Counter()
    usual: dict[str, str] = {}
    for task, weight in sorted(popularity.items(), key=lambda kv: -kv[1]):
        kind = max(TYPE_MIX, key=lambda k: TYPE_MIX[k] - given[k] / total)
        usual[task] = kind
        given[kind] += weight
    for i, task in enumerate(outside):
        usual[task] = list(TYPE_MIX)[i % len(TYPE_MIX)]
    return usual


def pick(rng: random.Random, weights: dict[str, float]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def make_contacts(
    rng: random.Random,
    n: int,
    unit_tasks: list[str],
    outside: list[str],
    mix: str,
    asks_form: dict[str, bool],
    fejl: str,
) -> list[Contact]:
    s = zipf_exponent(len(unit_tasks), TOP, TARGET_OUTSIDE_TOP)
    # Coordinators put the frequent tasks first, roughly: popularity rank = list position
    # shuffled locally.
    order = sorted(range(len(unit_tasks)), key=lambda i: i + rng.uniform(-6, 6))
    by_popularity = [unit_tasks[i] for i in order]
    zipf = {t: float(k + 1) ** -s for k, t in enumerate(by_popularity)}
    usual = usual_types(zipf, outside)
    total_mix: dict[str, float] = {}
    for desk, chans in CHANNEL_MIX.items():
        for code, p in chans.items():
            total_mix[code] = total_mix.get(code, 0.0) + DESK_SHARE[desk] * p

    batch: dict[str, Any] = {"channel": None, "left": 0}

    def draw_channel(desk: str) -> str:
        if mix == "independent":
            return pick(rng, dict(total_mix))
        if desk != "back office":
            return pick(rng, CHANNEL_MIX[desk])
        # The back office works through one inbox or tray at a time.
        if batch["left"] <= 0:
            batch["channel"] = pick(rng, CHANNEL_MIX[desk])
            batch["left"] = 1 + int(rng.expovariate(1 / (BATCH_MEAN - 1)))
        batch["left"] -= 1
        return str(batch["channel"])

    def one(desk: str) -> Contact:
        channel = draw_channel(desk)
        if rng.random() < FEJL_SHARE:
            task = fejl
        elif rng.random() < OUTSIDE_LIST:
            task = rng.choice(outside)
        else:
            task = pick(rng, zipf)
        tasks = [task]
        if task != fejl and rng.random() < TWO_TASKS:
            second = pick(rng, zipf)
            if second != task:
                tasks.append(second)
        if task == fejl:
            kind = "FEJL"
        elif rng.random() < USUAL_TYPE:
            kind = usual[task]
        else:
            kind = pick(rng, TYPE_MIX)
        if channel in SPOKEN:
            straks = STRAKS["spoken"]
        elif channel.endswith("UD"):
            straks = STRAKS["written_out"]
        else:
            straks = STRAKS["written_in"]
        closing = "STRAKS" if rng.random() < straks else "HOLD"
        form = None
        if asks_form[channel]:
            yes = FORM_YES.get(channel, FORM_YES_OUT)
            form = "JA" if rng.random() < yes else "NEJ"
        return Contact(desk, channel, tasks, kind, closing, form)

    contacts: list[Contact] = []
    desks = list(DESK_SHARE)
    plan = {d: round(n * DESK_SHARE[d]) for d in desks}
    for desk in desks:
        made = 0
        while made < plan[desk]:
            c = one(desk)
            contacts.append(c)
            made += len(c.tasks)
    return contacts


# The counter mix: one Borgerservice counter desk that takes visitors and the phone in turn.
# In-person and phone contacts alternate (a visit, then a call, with a 25 % chance of two of
# the same in a row); about 10 % of contacts are outbound (a call back 6 %, a visit out 2 %,
# an e-mail out 2 %); about 15 % of registrations have a form (the form answer only where the
# channel asks it: visits, e-mail out; the rest of those answer no); about 8 % are
# misdirected (FEJL); about 10 % of contacts concern two tasks with different types (two
# registrations of one contact, each with its own type); about 5 % of tasks are searched
# ("/": outside the unit's list).
COUNTER_OUT = {"TLFUD": 0.06, "PRSNLGUD": 0.02, "EMLUD": 0.02}
COUNTER_SAME_AGAIN = 0.25
COUNTER_FORM_YES = 0.15
COUNTER_FEJL = 0.08
COUNTER_TWO_TYPES = 0.10
COUNTER_SEARCHED = 0.05


def make_counter_contacts(
    rng: random.Random,
    n: int,
    unit_tasks: list[str],
    outside: list[str],
    asks_form: dict[str, bool],
    fejl: str,
) -> list[Contact]:
    s = zipf_exponent(len(unit_tasks), TOP, TARGET_OUTSIDE_TOP)
    zipf = {t: float(k + 1) ** -s for k, t in enumerate(unit_tasks)}
    usual = usual_types(zipf, outside)
    form_channels = sum(1 for c in ("PRSNLG", "EMLUD", "PRSNLGUD") if asks_form[c])
    # The visits carry almost all forms: so many of them must answer yes for 15 % overall.
    visit_yes = min(1.0, COUNTER_FORM_YES / 0.5) if form_channels else 0.0
    contacts: list[Contact] = []
    inbound = "TLFIND"
    while sum(len(c.tasks) for c in contacts) < n:
        draw = rng.random()
        if draw < sum(COUNTER_OUT.values()):
            channel = pick(rng, COUNTER_OUT)
        else:
            if rng.random() >= COUNTER_SAME_AGAIN:
                inbound = "PRSNLG" if inbound == "TLFIND" else "TLFIND"
            channel = inbound
        closing = "STRAKS" if rng.random() < STRAKS["spoken"] else "HOLD"
        form = None
        if asks_form[channel]:
            form = "JA" if rng.random() < visit_yes else "NEJ"
        if rng.random() < COUNTER_FEJL:
            contacts.append(Contact("counter desk", channel, [fejl], "FEJL", closing, form))
            continue
        task = rng.choice(outside) if rng.random() < COUNTER_SEARCHED else pick(rng, zipf)
        kind = usual[task] if rng.random() < USUAL_TYPE else pick(rng, TYPE_MIX)
        contacts.append(Contact("counter desk", channel, [task], kind, closing, form))
        if rng.random() < COUNTER_TWO_TYPES:
            second = pick(rng, zipf)
            other = pick(rng, {k: v for k, v in TYPE_MIX.items() if k != kind})
            if second != task:
                contacts.append(Contact("counter desk", channel, [second], other, closing, form))
    return contacts
