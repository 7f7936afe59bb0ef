"""A municipality's own task list, ``opgave;opgavenavn``: names for the task codes it counts.

Municipalities keep such a list for their count (KL's basic package plus local tasks, e.g.
Køge's ``opgaver.csv``). Codes are KLE numbers at group or subject level (``15.20``,
``15.20.00``, ``29.03.99``); a name is free text of the municipality's choosing. The file may
be Windows-1252 or UTF-8 and use ``;`` or ``,``; a header line is recognised by its first cell
not being a code. Every bad line is reported (file, line, value) and nothing is kept then.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

from tracetool.errors import FileFormatError, Problem, ValidationError
from tracetool.formats.encoding import _detect_encoding
from tracetool.locale import translator

_ = translator("core")

_CODE = re.compile(r"\d\d\.\d\d(\.\d\d)?")
MAX_NAME = 200


def read_task_list(path: Path) -> dict[str, str]:
    """code → name, in file order; ValidationError naming every bad line."""
    if not path.is_file():
        raise FileFormatError(str(path), _("filen findes ikke"))
    enc = _detect_encoding(path, None)
    text = path.read_bytes().decode(enc.codec)
    first = text.split("\n", 1)[0]
    delimiter = ";" if ";" in first or "," not in first else ","
    names: dict[str, str] = {}
    lines: dict[str, int] = {}
    problems: list[Problem] = []
    for number, cells in enumerate(csv.reader(io.StringIO(text), delimiter=delimiter), 1):
        cells = [c.strip() for c in cells]
        while cells and not cells[-1]:
            cells.pop()
        if not cells:
            continue
        code = cells[0]
        if number == 1 and not _CODE.fullmatch(code):
            continue  # the header: opgave;opgavenavn
        where = _("linje {number}").format(number=number)
        if not _CODE.fullmatch(code):
            problems.append(Problem(where, code, _("opgaven skal være et KLE-nummer, fx 15.20.00")))
            continue
        if len(cells) != 2 or not cells[1]:
            shown = delimiter.join(cells)
            problems.append(Problem(where, shown, _("linjen skal være opgave;opgavenavn")))
            continue
        name = " ".join(cells[1].split())
        if len(name) > MAX_NAME:
            problems.append(
                Problem(
                    where,
                    name[:40] + "…",
                    _("navnet er over {max_name} tegn").format(max_name=MAX_NAME),
                )
            )
            continue
        if code in names and names[code] != name:
            reason = _("opgaven står også på linje {lines} med et andet navn").format(
                lines=lines[code]
            )
            problems.append(Problem(where, code, reason))
            continue
        names[code] = name
        lines.setdefault(code, number)
    if problems:
        raise ValidationError(problems, context=str(path))
    if not names:
        raise FileFormatError(str(path), _("filen har ingen opgaver (opgave;opgavenavn)"))
    return names
