"""Every key sequence of the keystroke bench (bench/keystrokes.py), replayed in the real app
key by key and in bursts with held-Enter episodes, stores exactly what was meant and what the
line showed when Enter was pressed."""

from __future__ import annotations

import asyncio
import random
import sys
from pathlib import Path

import pytest

from tests.tui.support import make_plan
from tracetool import paths
from tracetool.codes.codebook import load_codebook

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
import keystroke_mixes
import keystrokes


@pytest.mark.parametrize("mode", ["keys", "burst"])
def test_bench_sequences_store_what_the_screen_shows(mode: str) -> None:
    codebook = load_codebook()
    package = [t.kle for t in codebook.tasks_in("grundpakke-2013") if t.special is None]
    unit_tasks, outside = package[: keystroke_mixes.UNIT_TASKS], package[30:]
    make_plan(tasks=unit_tasks)
    asks_form = {c.code: c.asks_form for c in codebook.channels}
    fejl = codebook.fejl_task.kle
    rng = random.Random(7)
    contacts = keystroke_mixes.make_contacts(
        rng, 24, unit_tasks, outside, "desks", asks_form, fejl
    ) + keystroke_mixes.make_counter_contacts(rng, 24, unit_tasks, outside, asks_form, fejl)
    result = asyncio.run(keystrokes.replay(contacts, paths.database_path(), random.Random(3), mode))
    assert result["exact"] == result["contacts"] == len(contacts)
    assert result["screen_mismatches"] == 0
