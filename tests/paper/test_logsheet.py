"""The log sheet: its legend and lines, and the round trip sheet -> written lines -> store."""

from __future__ import annotations

import csv
import random
import re
import shutil
import subprocess
from collections import Counter
from dataclasses import dataclass, replace
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.collector.coordinator_support import apply_test_plan
from tests.conftest import SHARED
from tests.helpers import danish_in
from tests.tui.support import QUESTION, UNIT, make_plan, stored
from tracetool import timeutil
from tracetool.cli.main import app
from tracetool.codes.codebook import load_codebook
from tracetool.desk.desk import Desk
from tracetool.desk.entry import Entry
from tracetool.desk.paper import sheet_keys
from tracetool.paper.logsheet import MIN_LINES, render_log_sheet
from tracetool.plan.model import Unit

BOOK = load_codebook()
PDFTOTEXT = shutil.which("pdftotext")
runner = CliRunner()
KEY_ITEM = re.compile(r"^(U?[0-9A-Z]|–)\s+(.+?)( \*)?$")
TASK_ITEM = re.compile(r"^([0-9A-Z]|–)\s+(\d\d\.\d\d\.\d\d)\b")
ANSWERS = ["Børnebidrag, normalbidrag", "Forhøjet børnebidrag", "Ægtefællebidrag"]
SECTIONS = ("Kanal ind", "Kanal ud", "Type", "Afslutning", "Blanket (kun *)", "Køn")


def raw_text(pdf: bytes, tmp_path: Path) -> str:
    if PDFTOTEXT is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    path = tmp_path / "log.pdf"
    path.write_bytes(pdf)
    done = subprocess.run([PDFTOTEXT, "-raw", str(path), "-"], capture_output=True, check=True)
    return done.stdout.decode("utf-8")


@dataclass
class Legend:
    """What a person reads off the printed sheet: label -> key per section, KLE -> task key."""

    sections: dict[str, dict[str, str]]
    tasks: dict[str, str]
    lines: int


def read_legend(text: str) -> Legend:
    sections: dict[str, dict[str, str]] = {}
    tasks: dict[str, str] = {}
    current: str | None = None
    for line in text.splitlines():
        if line in SECTIONS:
            current = line
            sections[current] = {}
            continue
        if line.startswith(("Opgave", "Spm.", "Én linje", "Nr.")):
            current = None
            continue
        task = TASK_ITEM.match(line)
        item = KEY_ITEM.match(line)
        if task:
            tasks[task.group(2)] = task.group(1)
        elif current is not None and item:
            sections[current][item.group(2)] = item.group(1)
    numbers = [int(m) for m in re.findall(r"^(\d+) __\.__\.__$", text, re.MULTILINE)]
    return Legend(sections, tasks, max(numbers, default=0))


def app_channel_keys(unit: Unit, direction: str) -> dict[str, str]:
    """label -> key as the app's line offers the unit's channels (U before an outbound one)."""
    desk = Desk.open()
    entry = Entry.start(desk.codebook, desk.require_plan(), unit)
    desk.close()
    prefix = "U" if direction == "UD" else ""
    return {c.label: prefix + c.hotkey for c in entry.channel_choices(direction)}


def render(tmp_path: Path, *args: str) -> bytes:
    out = tmp_path / "log.pdf"
    result = runner.invoke(app, ["paper", "sheet", "--unit", UNIT, "--out", str(out), *args])
    assert result.exit_code == 0, result.output
    return out.read_bytes()


def test_a_nine_task_unit_is_one_page_with_its_keys_and_thirty_lines(tmp_path: Path) -> None:
    make_plan(parameters=("koen",), question_task="29.03.04", test_mode=False)
    desk = Desk.open()
    unit = desk.unit(UNIT)
    nine = replace(unit, tasks=unit.tasks[:9])
    sheet = render_log_sheet(desk.require_plan(), nine, sheet_keys(desk, nine))
    desk.close()
    assert (sheet.pages, sheet.task_page) == (1, False)
    assert sheet.lines_per_page >= MIN_LINES
    text = raw_text(sheet.pdf, tmp_path)
    legend = read_legend(text)
    assert legend.lines == sheet.lines_per_page
    assert "…" not in text  # nothing cut
    assert legend.sections["Kanal ind"] == app_channel_keys(nine, "IND")
    assert legend.sections["Kanal ud"] == app_channel_keys(nine, "UD")
    assert legend.sections["Kanal ind"]["Telefon"] == "2"  # the example: 2 is phone
    assert legend.sections["Type"]["Råd og vejledning"] == "4"
    assert legend.tasks == {kle: str(i) for i, kle in enumerate(nine.tasks, start=1)} | {
        "00.00.00": "0"
    }
    flat = " ".join(text.split())
    for kle in nine.tasks:  # each name whole, also when wrapped over two lines
        task = BOOK.task(kle)
        assert task is None or task.name in flat


def koege_tasks() -> list[str]:
    path = SHARED / "komhen" / "koege_opgaver_efteraar2013.csv"
    if not path.is_file():
        pytest.skip(f"reference data not found at {path}")
    with path.open(encoding="utf-8") as f:
        return [row["opgave"].strip() for row in csv.DictReader(f, delimiter=";")]


def test_a_65_task_unit_gets_a_task_page_and_full_log_pages(tmp_path: Path) -> None:
    tasks = koege_tasks()
    assert len(tasks) == 65
    make_plan(tasks=tasks, test_mode=False)
    text = raw_text(render(tmp_path, "--pages", "2"), tmp_path)
    legend = read_legend(text)
    assert set(legend.tasks) == set(tasks) | {"00.00.00"}
    keyed = [k for k in legend.tasks.values() if k != "–"]
    assert len(keyed) == 35 + 1  # 1–9 and A–Z, and 0 for Fejlhenvendelse
    assert legend.lines >= MIN_LINES
    assert "…" not in text
    assert text.count("Logark – én linje pr. henvendelse") == 2
    assert "Opgavernes taster står på opgavesiden (side 1)." in text
    # A task without a name is printed as its number once, not twice.
    assert "15.17.00 15.17.00" not in text and "15.17.00" in text


# -- the round trip ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Meant:
    channel: str
    task: str
    type: str
    closing: str
    form: str | None
    koen: str
    answer: str | None
    count: int
    hour: int


def meant_inquiries(tasks: list[str], question_task: str) -> list[Meant]:
    rng = random.Random(14)
    channels = [c for d in ("IND", "UD") for c in BOOK.app_channels(d)]
    types = [t.code for t in BOOK.types if t.code != "FEJL"]
    out = []
    for i in range(60):
        chan = channels[i % len(channels)]
        task = rng.choice([*tasks, "00.00.00"])
        out.append(
            Meant(
                channel=chan.code,
                task=task,
                type="FEJL" if task == "00.00.00" else rng.choice(types),
                closing=rng.choice(["STRAKS", "HOLD"]),
                form=rng.choice(["JA", "NEJ"]) if chan.asks_form else None,
                koen=rng.choice(["K", "M", "U"]),
                answer=rng.choice(["Forhøjet børnebidrag", "Ægtefællebidrag"])
                if task == question_task
                else None,
                count=rng.choice([1, 1, 1, 2, 5, 20]),
                hour=rng.randint(8, 15),
            )
        )
    return out


def written(m: Meant, legend: Legend, rng: random.Random) -> str:
    """The line a person writes for ``m``, reading the keys off the printed legend."""
    s = legend.sections
    chan = BOOK.channel(m.channel)
    assert chan is not None
    group = "Kanal ind" if chan.direction == "IND" else "Kanal ud"
    keys = [s[group][chan.da]]
    task_key = legend.tasks[m.task]
    keys.append(m.task if task_key == "–" else task_key)
    if m.task != "00.00.00" or rng.random() < 0.5:  # the app skips the type after Fejl
        kind = BOOK.type(m.type)
        assert kind is not None
        keys.append(s["Type"][kind.da])
    closing = BOOK.closing(m.closing)
    assert closing is not None
    keys.append(s["Afslutning"][closing.da])
    if m.form is not None:
        form = BOOK.form(m.form)
        assert form is not None
        keys.append(s["Blanket (kun *)"][form.da])
    koen = BOOK.parameter("koen")
    assert koen is not None and koen.answer(m.koen) is not None
    keys.append(s["Køn"][koen.answer(m.koen).da])  # type: ignore[union-attr]
    if m.answer is not None:
        keys.append(
            str(
                ["Børnebidrag, normalbidrag", "Forhøjet børnebidrag", "Ægtefællebidrag"].index(
                    m.answer
                )
                + 1
            )
        )
    sep = rng.choice([" ", ""]) if all(len(k) == 1 for k in keys[1:]) else " "
    line = sep.join(keys)
    if m.count > 1:
        line += f" x{m.count}"
    if m.hour != 9 or rng.random() < 0.3:
        line += f" @{m.hour:02d}" if rng.random() < 0.5 else f" @{m.hour}"
    return line


def test_round_trip_sheet_to_written_lines_to_exactly_the_registrations(tmp_path: Path) -> None:
    make_plan(parameters=("koen",), question_task="29.03.04", test_mode=False)
    text = raw_text(render(tmp_path, "--date", "21-10-2025"), tmp_path)
    legend = read_legend(text)
    desk = Desk.open()
    tasks = list(desk.unit(UNIT).tasks)
    desk.close()
    assert any(v == "–" for v in legend.tasks.values())  # some are written as KLE numbers
    meant = meant_inquiries(tasks, "29.03.04")
    rng = random.Random(41)
    lines = [written(m, legend, rng) for m in meant]
    assert any(re.fullmatch(r"\S+ \d\d\.\d\d\.\d\d .*", line) for line in lines)
    sheet = tmp_path / "ark.txt"
    sheet.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = runner.invoke(
        app, ["paper", "enter", "--date", "21-10-2025", "--hour", "9", "--file", str(sheet)]
    )
    assert result.exit_code == 0, result.output
    assert f"{len(meant)} linjer, {sum(m.count for m in meant)} henvendelser" in result.stdout
    rows = stored()
    got = Counter(
        (
            r.channel,
            r.task,
            r.type,
            r.closing,
            r.form,
            r.answers.get("koen"),
            r.answers.get("underholdsbidrag"),
            r.count,
            timeutil.local(r.saved_at).hour,
        )
        for r in rows
    )
    want = Counter(
        (m.channel, m.task, m.type, m.closing, m.form, m.koen, m.answer, m.count, m.hour)
        for m in meant
    )
    assert got == want
    assert all(r.source == "paper" and timeutil.local(r.saved_at).day == 21 for r in rows)
    # The cross-tabs the tally sheet lost, counted from the store and from the intent.
    for field in ("type", "closing"):
        from_store: Counter[tuple[str, str]] = Counter()
        for r in rows:
            from_store[(r.channel, getattr(r, field))] += r.count
        meant_tab: Counter[tuple[str, str]] = Counter()
        for m in meant:
            meant_tab[(m.channel, getattr(m, field))] += m.count
        assert from_store == meant_tab, field
        assert len(meant_tab) > 20  # a real spread, not a few cells


def test_a_unit_with_a_channel_list_gets_only_its_channels(tmp_path: Path) -> None:
    apply_test_plan(tmp_path)  # 259telefon: TLFIND and TLFUD, neither asks the form
    out = tmp_path / "tlf.pdf"
    result = runner.invoke(app, ["paper", "sheet", "-u", "259telefon", "--out", str(out)])
    assert result.exit_code == 0, result.output
    text = raw_text(out.read_bytes(), tmp_path)
    legend = read_legend(text)
    phone = Desk.open()
    unit = phone.unit("259telefon")
    phone.close()
    # Only the unit's channels, each with the app's key (not renumbered 1, 2, ...).
    assert legend.sections["Kanal ind"] == app_channel_keys(unit, "IND")
    assert legend.sections["Kanal ud"] == app_channel_keys(unit, "UD")
    assert [*legend.sections["Kanal ind"], *legend.sections["Kanal ud"]] == ["Telefon"] * 2
    assert "Blanket (kun *)" not in legend.sections and "Blanket" not in text
    assert legend.lines >= MIN_LINES
    sheet = tmp_path / "ark.txt"
    tin, tout = legend.sections["Kanal ind"]["Telefon"], legend.sections["Kanal ud"]["Telefon"]
    assert "1" not in (tin, tout)
    sheet.write_text(f"{tin} 1 4 1\n{tout} 2 3 2 x2\n1 1 4 1\n", encoding="utf-8")
    result = runner.invoke(
        app,
        [
            "paper",
            "enter",
            "--date",
            "21-10-2013",
            "--hour",
            "9",
            "-u",
            "259telefon",
            "--file",
            str(sheet),
        ],
    )
    assert result.exit_code == 1
    keys = f"{legend.sections['Kanal ind']['Telefon']}, {legend.sections['Kanal ud']['Telefon']}"
    assert f"linje 3: kanal: '1' er ingen tast her (gyldige: {keys})" in result.stderr


def test_without_dejavu_the_log_sheet_still_writes_danish(tmp_path: Path) -> None:
    apply_test_plan(tmp_path)
    desk = Desk.open()
    unit = desk.unit("259telefon")
    sheet = render_log_sheet(desk.require_plan(), unit, sheet_keys(desk, unit), unicode_font=False)
    desk.close()
    text = raw_text(sheet.pdf, tmp_path)
    assert "Logark - én linje pr. henvendelse" in text and "Ændring af status" in text
    assert "Antal x" in text and read_legend(text).sections["Kanal ud"] == {"Telefon": "U1"}


def test_the_english_sheet_has_english_words_and_the_same_keys(tmp_path: Path) -> None:
    make_plan(parameters=("koen",), test_mode=False)
    da = read_legend(raw_text(render(tmp_path), tmp_path))
    text = raw_text(render(tmp_path, "--lang", "en"), tmp_path)
    assert "Log sheet – one line per inquiry" in text and "Logark" not in text
    for word in ("Channel in", "Channel out", "Closing", "Form (only *)", "Count ×", "Gender"):
        assert word in text, word
    assert "1 Personal visit *" in text and "U1 Telephone" in text
    assert read_legend(text).tasks == da.tasks  # the keys do not depend on the language
    assert "…" not in text


def test_the_english_sheet_has_no_danish_word_of_its_own(tmp_path: Path) -> None:
    # Every part: a task page, tasks without a key, a parameter and an extra question.
    tasks = koege_tasks()
    make_plan(tasks=tasks, parameters=("koen",), question_task=tasks[0], test_mode=False)
    danish = raw_text(render(tmp_path, "--date", "21-10-2013"), tmp_path)
    english = raw_text(render(tmp_path, "--date", "21-10-2013", "--lang", "en"), tmp_path)
    assert "Opgaver og taster" in danish and danish_in(danish, "paper")  # the check finds Danish
    assert "Tasks and keys" in english and "tasks without a key" in english
    # The plan's question is the coordinator's own text; "for" is English too (task names).
    question = re.findall(r"\w+", QUESTION)
    assert danish_in(english, "paper", besides=[*question, "for"]) == []
