"""The count plan file (tælleplan): one TOML file from the coordinator, the same on every desk.

Reading reports every problem at once, each with its key path (``unit[2].tasks[5]``, counted
from 1 as a coordinator counts blocks and list items) and the value found, so that a plan can be
fixed in one pass before it is mailed out. Applying keeps the coordinator's file byte for byte,
comments included, because that file is what the coordinator edits next time.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from tracetool.codes.codebook import load_codebook
from tracetool.errors import FileFormatError, Problem, ValidationError
from tracetool.locale import N_, translator
from tracetool.plan.model import Plan
from tracetool.plan.reader import _Reader

_ = translator("core")

# tomllib's messages are English; coordinators read Danish. Unlisted messages are shown as is.
_TOML_MESSAGES = (
    (
        "Invalid value",
        N_("ugyldig værdi (tekst skal stå i anførselstegn, datoer skrives 2026-10-19)"),
    ),
    ("Expected '=' after a key", N_("der mangler '=' efter nøglen")),
    ("Expected newline or end of document", N_("der står mere efter værdien på samme linje")),
    ("Cannot overwrite a value", N_("nøglen står der allerede")),
    ("Cannot declare", N_("blokken er allerede erklæret")),
    ("Illegal character '\\n'", N_("teksten mangler et afsluttende anførselstegn")),
    ("Unterminated string", N_("teksten mangler et afsluttende anførselstegn")),
    ("Unclosed array", N_("listen mangler et afsluttende ']'")),
    ("Unclosed inline table", N_("tabellen mangler et afsluttende '}'")),
    ("Expected ']]'", N_("der mangler ']]' efter bloknavnet")),
    ("Expected ']'", N_("der mangler ']' efter bloknavnet")),
    ("Invalid statement", N_("ugyldig linje")),
    ("Invalid initial character for a key part", N_("ugyldigt tegn i starten af en nøgle")),
    ("Illegal character", N_("ulovligt tegn")),
)
_TOML_POSITION = re.compile(r"\s*\(at (?:line (\d+), column (\d+)|end of document)\)\s*$")


# -- reading --------------------------------------------------------------------------------


def check_plan_text(text: str, source: str = "<plan>") -> list[Problem]:
    """Every problem in the plan text; empty when the plan is valid.

    ``source`` names the text for the caller's messages; problems carry only their key path.
    """
    return _read(text)[1]


def parse_plan(text: str, source: str = "<plan>") -> Plan:
    """The plan in ``text``; ValidationError listing every problem when it is not valid."""
    plan, problems = _read(text)
    if problems or plan is None:
        raise ValidationError(problems, context=source)
    return plan


def load_plan(path: Path) -> Plan:
    return parse_plan(read_plan_text(path), str(path))


def read_plan_text(path: Path) -> str:
    """The file's text; FileFormatError when it is missing, unreadable or not UTF-8."""
    return decode_plan(read_plan_bytes(path), path)


def read_plan_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise FileFormatError(str(path), _("filen findes ikke")) from None
    except IsADirectoryError:
        raise FileFormatError(str(path), _("det er en mappe, ikke en fil")) from None
    except OSError as exc:
        raise FileFormatError(
            str(path), _("filen kan ikke læses: {strerror}").format(strerror=exc.strerror)
        ) from exc


def decode_plan(data: bytes, path: Path) -> str:
    try:
        # Notepad and Excel on Windows like to start UTF-8 files with a BOM; TOML does not.
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        line_start = data.rfind(b"\n", 0, exc.start) + 1
        # Count characters, not bytes, so the column matches what an editor shows.
        column = len(data[line_start : exc.start].decode("utf-8", errors="replace")) + 1
        raise FileFormatError(
            str(path),
            _("filen er ikke UTF-8; gem den som UTF-8 (i Notesblok: Gem som → Kodning: UTF-8)"),
            line=line,
            column=column,
            value=data[exc.start : exc.end],
        ) from None


def _syntax_problem(text: str, exc: tomllib.TOMLDecodeError) -> Problem:
    message = str(exc)
    found = _TOML_POSITION.search(message)
    bare = message[: found.start()] if found else message
    reason = next((_(da) for en, da in _TOML_MESSAGES if bare.startswith(en)), bare)
    lines = text.splitlines()
    if found and found.group(1):
        line, column = int(found.group(1)), int(found.group(2))
        where = _("linje {line}, kolonne {column}").format(line=line, column=column)
    else:
        line = max(len(lines), 1)
        where = _("linje {line}, filens slutning").format(line=line)
    value = lines[line - 1].strip() if 0 < line <= len(lines) else ""
    return Problem(where, value, _("ugyldig TOML: {reason}").format(reason=reason))


def _read(text: str) -> tuple[Plan | None, list[Problem]]:
    try:
        data = tomllib.loads(text.removeprefix("\ufeff"))
    except tomllib.TOMLDecodeError as exc:
        return None, [_syntax_problem(text, exc)]
    except RecursionError:
        return None, [Problem("plan", None, _("lister eller blokke er indlejret for dybt"))]
    reader = _Reader(load_codebook())
    plan = reader.plan(data)
    return (plan if not reader.problems else None), reader.problems
