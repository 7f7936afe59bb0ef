"""The command line's own words follow the desk's language: Danish by default, English on a
desk with ``lang = "en"``, every command's help included (the top command's too, which is
built before the desk's language is known)."""

from __future__ import annotations

import ast
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tracetool.cli import main as cli_main
from tracetool.plan.totals import CSV_COLUMNS

# Danish letters, and common Danish words that are no English words.
DANISH = re.compile(
    r"[æøåÆØÅ]|\b(og|eller|ikke|med|til|fra|af|kan|skal|ingen|uden|efter|brug|fejl|skriv|vis|"
    r"gem|angiv|kun|hele|alle|denne|disse|findes|filen|enhed|enheden|enheder|kanal|kanaler|"
    r"opgave|opgaver|henvendelse|henvendelser|registrering|registreringer|linje|linjer|"
    r"rækker|dag|dato|antal|fx|planen|tælleplan|testtilstand|sprog|mappe)\b",
    re.IGNORECASE,
)
# Data, not words: the municipality a new plan is made for (a default shown in help) and the
# column names of the totals file, which the file format fixes.
DATA = ("Køge", ";".join(CSV_COLUMNS), *(f"  {column} " for column in CSV_COLUMNS))

# Walks every command in one fresh process, as the desk in TRACETOOL_HOME, and prints each
# command's help: one process for all, and a fresh one so that no language lingers.
WALK = """
import json, sys
import typer
from typer.core import TyperGroup
from typer.testing import CliRunner
from tracetool.cli.main import app

def walk(command, path=()):
    yield path
    if isinstance(command, TyperGroup):
        for name in list(command.commands):
            yield from walk(command.commands[name], (*path, name))

# The language is set when the command runs: the root's help first, then every command's.
runner = CliRunner()
shown = {"": runner.invoke(app, ["-h"]).output}
for path in walk(typer.main.get_command(app)):
    shown[" ".join(path)] = runner.invoke(app, [*path, "-h"]).output
json.dump(shown, sys.stdout)
"""


def environment(home: Path) -> dict[str, str]:
    return {**os.environ, "TRACETOOL_HOME": str(home), "COLUMNS": "200", "LANGUAGE": "fr"}


def every_help(home: Path) -> dict[str, str]:
    done = subprocess.run(
        [sys.executable, "-c", WALK], capture_output=True, text=True, env=environment(home)
    )
    assert done.returncode == 0, done.stderr
    shown: dict[str, str] = json.loads(done.stdout)
    return shown


def tracetool(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "tracetool", *args],
        capture_output=True,
        text=True,
        env=environment(home),
    )


def danish_in(text: str) -> list[str]:
    for data in DATA:
        text = text.replace(data, "")
    # Addresses and file names in examples are data as well.
    text = re.sub(r"\S+://\S+|\S+\.(?:csv|pdf|toml|xml|html)\b", "", text)
    # Codes are written in capitals (INGEN, STRAKS): data too.
    return sorted({m.group(0) for m in DANISH.finditer(text) if not m.group(0).isupper()})


@pytest.fixture
def english(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A desk whose config.toml says ``lang = "en"``, as tests/test_locale.py makes one."""
    home = tmp_path_factory.mktemp("en")
    (home / "config.toml").write_text('lang = "en"\n', encoding="utf-8")
    return home


def test_the_detector_finds_danish() -> None:
    assert danish_in("Vis registreringer, nyeste sidst.") == ["Vis", "registreringer"]
    assert danish_in("Kun denne enhed") == ["Kun", "denne", "enhed"]
    assert danish_in("List registrations, newest last; TLFIND or STRAKS.") == []


def test_every_help_is_english_on_an_english_desk(english: Path) -> None:
    shown = every_help(english)
    assert len(shown) > 45 and {"", "report", "plan init", "collector token create"} <= set(shown)
    left = {path: danish_in(text) for path, text in shown.items() if danish_in(text)}
    assert left == {}
    assert "Register a municipality's inquiries following KOMHEN 2.0." in shown[""]
    assert "Show the version" in shown[""] and "Open the registration app" in shown[""]
    assert "List registrations, newest last." in shown[""]
    report = shown["report"]
    assert "Show one breakdown only: channel, type" in report
    assert "ROWS,COLUMNS" in report and "CHANNEL=PERCENT" in report
    # No square brackets in help: Typer's releases differ on whether help is rich markup.
    assert "(the plan's groups table; repeatable)" in report
    assert "Kanal;Enhed;Fra;Til;Antal" in shown["totals import"]  # the file's own header


def test_every_help_stays_danish_on_a_default_desk(tmp_path: Path) -> None:
    shown = every_help(tmp_path)
    assert "Registrér kommunale henvendelser efter KOMHEN 2.0." in shown[""]
    assert "Vis versionen" in shown[""] and "Åbn registreringsappen" in shown[""]
    assert "Vis kun én fordeling: channel, type" in shown["report"]
    assert "RÆKKER,KOLONNER" in shown["report"]
    assert "(planens groups-tabel; kan gentages)" in shown["report"]
    for path, text in shown.items():
        assert "Usage" not in text and "Show this message" not in text, path


# Refusals the command line words itself: the option or file at fault, then what to do.
REFUSALS = [
    (("test-mode", "maybe"), "unknown value 'maybe'; use on, off or status", "ukendt værdi"),
    (
        ("export", "--format", "pdf", "--out", "x.pdf"),
        "--format 'pdf': use dl, upload, xlsx, ndjson",
        "--format 'pdf': brug dl",
    ),
    (("report", "--by", "colour"), "--by: unknown breakdown 'colour'", "ukendt fordeling"),
    (("list", "--unit", "a", "--unit", "b"), "--unit is given 2 times", "--unit er givet 2"),
    (("codebook", "import-kle", "missing.xml"), "missing.xml: the file does not exist", "findes"),
    (("totals", "import", "missing.csv"), "missing.csv: the file does not exist", "findes ikke"),
    (("paper", "enter", "--date", "31-12-2099"), "the date is in the future", "i fremtiden"),
    (("--lang", "en", "list"), "--lang and --unit before a command", "gælder kun appen"),
    (("paper", "sheet", "-u", "x", "-o", "x.txt"), "--out x.txt: the file must end in .pdf", "på"),
]


@pytest.mark.parametrize(("args", "english_text", "danish_text"), REFUSALS, ids=lambda v: str(v))
def test_refusals_speak_the_desk_language(
    english: Path, tmp_path: Path, args: tuple[str, ...], english_text: str, danish_text: str
) -> None:
    said = tracetool(english, *args)
    assert said.returncode == 1, said.stderr
    assert said.stderr.startswith("error: "), said.stderr
    assert english_text in said.stderr
    assert danish_in(said.stderr) == []
    danish = tracetool(tmp_path, *args)
    assert danish.returncode == 1 and danish.stderr.startswith("fejl: ")
    assert danish_text in danish.stderr


def test_a_usage_error_names_the_argument_in_the_desk_language(
    english: Path, tmp_path: Path
) -> None:
    said = tracetool(english, "plan", "check")
    assert said.returncode == 2
    assert "Missing argument 'FILE'." in said.stderr and danish_in(said.stderr) == []
    assert "Mangler argument 'FIL'." in tracetool(tmp_path, "plan", "check").stderr


def test_no_message_hides_in_an_f_string() -> None:
    # Babel's extractor reads an f-string as one string: a message marked inside one never
    # reaches the catalogue and stays Danish on an English desk.
    hidden = []
    for path in sorted(Path(cli_main.__file__).parent.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.JoinedStr):
                for inner in ast.walk(node):
                    if (
                        isinstance(inner, ast.Call)
                        and isinstance(inner.func, ast.Name)
                        and inner.func.id in ("_", "N_")
                        and inner.args
                        and isinstance(inner.args[0], ast.Constant)
                    ):
                        hidden.append(f"{path.name}:{inner.lineno}")
    assert hidden == []


def test_the_report_speaks_the_desk_language_unless_told(english: Path, tmp_path: Path) -> None:
    assert tracetool(english, "report").stdout.startswith("Inquiries · all dates")
    assert tracetool(english, "report", "--lang", "da").stdout.startswith("Henvendelser · alle")
    assert tracetool(tmp_path, "report").stdout.startswith("Henvendelser · alle datoer")
