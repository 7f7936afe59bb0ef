"""The command line's framework words follow the desk's language; the catalogue is whole."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import click
import pytest
import typer
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

from tracetool import locale

PO = locale.LOCALE_DIR / "da" / "LC_MESSAGES" / f"{locale.DOMAIN}.po"
MO = PO.with_suffix(".mo")

# click's and Typer's messages that only a programmer sees (a command declared wrongly, a
# platform this tool does not run on): no desk meets them, so they need no Danish.
FOR_PROGRAMMERS = {
    "",
    "d",
    "Name '{name}' defined twice",
    "Boolean option {decl!r} cannot use the same flag for true/false.",
    "Could not determine name for option with declarations {decls!r}",
    "No options defined but a name was passed ({name}). Did you mean to declare an argument "
    "instead? Did you mean to pass '--{name}'?",
    "Arguments take exactly one parameter declaration, got {length}: {decls}.",
    "DeprecationWarning: The command {name!r} is deprecated.{extra_message}",
    "DeprecationWarning: The {param_type} {name!r} is deprecated.{extra_message}",
    "Windows error: {error}",
    "Unknown color {colour!r}",
    "Unknown standard stream '{name}'",
    "Choice({choices})",
}


def tracetool(*args: str, home: Path) -> subprocess.CompletedProcess[str]:
    # A fresh process: Typer fixes some words when its help module is first imported.
    env = {**os.environ, "TRACETOOL_HOME": str(home), "COLUMNS": "200", "LANGUAGE": "fr"}
    return subprocess.run(
        [sys.executable, "-m", "tracetool", *args], capture_output=True, text=True, env=env
    )


@pytest.fixture
def english(tmp_path: Path) -> Path:
    home = tmp_path / "en"
    home.mkdir()
    (home / "config.toml").write_text('lang = "en"\n', encoding="utf-8")
    return home


def test_danish_usage_errors_and_suggestions(tmp_path: Path) -> None:
    missing = tracetool("add", "--channel", "TLFIND", home=tmp_path)
    assert missing.returncode == 2
    assert "Brug: tracetool add [OPTIONS]" in missing.stderr
    assert "Mangler tilvalg '--task' / '-t'." in missing.stderr
    assert "Skriv 'tracetool add -h' for at få hjælp." in missing.stderr
    typo = tracetool("ad", home=tmp_path)
    assert "Ingen sådan kommando 'ad'. Mente du 'add'?" in typo.stderr
    for english_word in ("Usage", "Missing", "Did you mean", "Try '", "Error"):
        assert english_word not in missing.stderr + typo.stderr


def test_danish_help_words(tmp_path: Path) -> None:
    shown = tracetool("add", "-h", home=tmp_path)
    assert shown.returncode == 0
    assert "Brug: tracetool add" in shown.stdout
    assert "Tilvalg" in shown.stdout and "Vis denne hjælp og afslut." in shown.stdout
    assert "[påkrævet]" in shown.stdout
    assert "Options" not in shown.stdout and "Usage" not in shown.stdout


def test_english_desk_gets_english_framework_words(english: Path) -> None:
    missing = tracetool("add", "--channel", "TLFIND", home=english)
    assert "Usage: tracetool add [OPTIONS]" in missing.stderr
    assert "Missing option '--task' / '-t'." in missing.stderr
    typo = tracetool("ad", home=english)
    assert typo.stderr.count("Did you mean 'add'?") == 1
    shown = tracetool("add", "-h", home=english)
    assert "Options" in shown.stdout and "Show this message and exit." in shown.stdout
    for danish in ("Brug", "Mangler", "Mente du", "Tilvalg", "påkrævet"):
        assert danish not in missing.stderr + typo.stderr + shown.stdout


def test_every_message_in_the_catalogue_is_translated() -> None:
    with PO.open("rb") as fh:
        catalog = read_po(fh, locale="da")
    untranslated = [
        m.id for m in catalog if m.id and (not m.string or not all(m.string) or m.fuzzy)
    ]
    assert untranslated == []


def test_the_shipped_mo_holds_every_message_of_the_po() -> None:
    # Compared message by message: Babel releases lay out the same .mo differently.
    with PO.open("rb") as fh:
        wanted = _messages(read_po(fh, locale="da"))
    with MO.open("rb") as fh:
        shipped = _messages(read_mo(fh))
    assert shipped == wanted, "run `make catalogues` after editing the .po"


def _messages(catalog: Catalog) -> dict[object, object]:
    def key(value: object) -> object:
        return tuple(value) if isinstance(value, list | tuple) else value

    return {key(m.id): key(m.string) for m in catalog if m.id}


def test_every_framework_message_a_desk_can_meet_is_in_the_catalogue() -> None:
    with PO.open("rb") as fh:
        ours = {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(fh, locale="da")}
    theirs: set[str] = set()
    for package in (click, typer):
        for _, _, message, _, _ in extract_from_dir(Path(package.__file__).parent):
            theirs.add(message if isinstance(message, str) else message[0])
    assert sorted(theirs - ours - FOR_PROGRAMMERS) == []
