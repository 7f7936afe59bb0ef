"""Import of registrations from files: the ``dl`` and ``upload`` layouts, or any CSV via a map.

The layout is recognised by the header (the column names in ``codebook/formats.toml``); the
delimiter may be ``;`` or ``,``; the encoding is found from the bytes (UTF-8 with or without BOM,
else Windows-1252, else Latin-1); a trailing ``;`` on every line is allowed.

Every row is checked with the ``history`` rules of ``tracetool.plan.validation``: real extracts
carry group-level task numbers, KOMHEN-local codes, expired subjects, units outside the plan,
website rows without a unit and form answers on any channel, so those are accepted (with warnings
where a coordinator should look). Each problem names the line, the column, the value and the reason.
If any row fails, nothing is imported, unless ``rejects`` is given: then the bad rows go to that
file with their reasons and the rest is imported.

Idempotence: a row's import key is a hash of its content plus how many identical rows came
before it in the file. Importing the same file twice adds nothing; identical rows inside one
file (a mass registration looks exactly like that) stay distinct inquiries; and a later, longer
extract that repeats an earlier one adds only what is new. An export of this very store imported
back adds nothing either: its desk rows (Datakilde Tracetool, to the second) and mass rows are
matched against the registrations already here (``tracetool.store.bulk``).

Map files (``--map MAP.toml``) describe another system's CSV; see ``MAP_EXAMPLE``.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
import json
import re
import sqlite3
import tomllib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from operator import itemgetter
from pathlib import Path
from typing import IO, Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from tracetool import timeutil
from tracetool.codes.codebook import Codebook
from tracetool.errors import FileFormatError, Problem, TracetoolError, ValidationError
from tracetool.formats.exporting import (
    COLUMN_FIELDS,
    DATAKILDE_DESK,
    DATAKILDE_DL,
    remember_municipality_name,
)
from tracetool.model import Registration, Source, new_id
from tracetool.plan.model import Plan
from tracetool.plan.validation import FIELD_LABELS, TaskStatus, check_registration
from tracetool.store.bulk import StagedImport

# The fields a row is read into; each file column or map entry feeds one of them.
FIELDS = (
    "municipality",
    "unit",
    "channel",
    "task",
    "type",
    "closing",
    "form",
    "saved_at",
    "started_at",
    "source",
    "count",
)
# What a map may fill (the source of mapped rows is always "import"), and what it must.
MAP_FIELDS = tuple(f for f in FIELDS if f != "source")
MAP_REQUIRED = ("channel", "task", "type", "closing", "saved_at")
FIELD_NAMES_DA = {
    "municipality": "kommunenummer",
    "unit": "enhed",
    "channel": "kanal",
    "task": "opgave",
    "type": "henvendelsestype",
    "closing": "afslutning",
    "form": "blanket",
    "saved_at": "tidspunkt",
    "started_at": "starttidspunkt",
    "source": "datakilde",
    "count": "antal",
}

# Columns that a rejects file adds in front of the original ones; ignored when it is re-imported.
REJECT_LINE = "Afvist linje"
REJECT_REASON = "Afvisningsgrund"

MAX_PROBLEMS = 1000
PROGRESS_EVERY = 20_000
_BATCH = 5_000
_SNIFF = 1 << 20
_YEARS = range(1990, 2101)
_SIXTY = frozenset(f"{n:02d}" for n in range(60))
# Memos are emptied when they reach this many entries: memory stays bounded whatever the file.
_MEMO_LIMIT = 20_000
_LABEL_FIELD = {label: name for name, label in FIELD_LABELS.items()}

Progress = Callable[[int, int | None], None]

MAP_EXAMPLE = """\
# Kort (map) til `tracetool import FIL --map kort.toml`: hvordan et andet systems CSV-fil
# (fx et køsystems billetudtræk eller et telefonsystems opkaldsliste) læses som KOMHEN-data.
#
# Felter: municipality, unit, channel, task, type, closing, form, saved_at, started_at, count.
# Et felt hentes enten fra en kolonne ([columns]) eller er det samme i alle rækker
# ([constants]). channel, task, type, closing og saved_at skal angives; municipality kan
# udelades, når en tælleplan er i brug (så bruges planens kommune).

[file]
delimiter = ";"                 # ";" eller ","; udelad for at finde det automatisk
encoding = "auto"               # auto, utf-8, cp1252 eller latin-1
date_format = "%d-%m-%Y %H:%M"  # som Pythons strptime; udelad for dd-mm-åååå tt:mm[:ss] / ISO
timezone = "Europe/Copenhagen"  # tidszonen i filens tidspunkter; "UTC" hvis systemet skriver UTC

[columns]                       # felt = kolonneoverskrift i filen
saved_at = ["Dato", "Tid"]      # flere kolonner sættes sammen med mellemrum
unit = "Kø"
task = "Sagstype"
# started_at = "Kaldt"          # valgfri: hvornår betjeningen begyndte

[constants]                     # felt = samme værdi i alle rækker
channel = "PRSNLG"
type = "VEJL"
closing = "STRAKS"
form = "NEJ"
# municipality = 259

[values.task]                   # filens værdi = kode i kodebogen
"Pas" = "23.09.02"
"Kørekort" = "23.09.04"
"Flytning" = "23.05.10"

[values.unit]
"Kø A" = "259borgerservice"

[answers]                       # valgfrit: spørgsmålets nøgle = kolonneoverskrift
# koen = "Køn"

[skip]                          # rækker med disse værdier i kolonnen springes over
Status = ["Udeblevet", "Annulleret"]
"""


# -- results --------------------------------------------------------------------------------


@dataclass(frozen=True)
class ImportProblem:
    """A row that cannot be imported: where, what was found and why."""

    line: int
    column: str
    value: object
    reason: str

    def __str__(self) -> str:
        shown = "" if self.value is None or self.value == "" else f" (værdi: {self.value!r})"
        return f"linje {self.line}, kolonne {self.column}: {self.reason}{shown}"

    def as_dict(self) -> dict[str, Any]:
        return {
            "line": self.line,
            "column": self.column,
            "value": self.value,
            "reason": self.reason,
        }


@dataclass(frozen=True)
class ImportWarning:
    """Something accepted that a coordinator may want to look at, with how often it occurred."""

    column: str
    value: object
    reason: str
    count: int
    first_line: int

    def __str__(self) -> str:
        shown = f" {self.value!r}" if self.value not in (None, "") else ""
        times = f" ({self.count} rækker, første på linje {self.first_line})"
        if self.count == 1:
            times = f" (linje {self.first_line})"
        return f"{self.column}{shown}: {self.reason}{times}"

    def as_dict(self) -> dict[str, Any]:
        return {
            "column": self.column,
            "value": self.value,
            "reason": self.reason,
            "count": self.count,
            "first_line": self.first_line,
        }


@dataclass
class ImportSummary:
    path: str
    layout: str
    encoding: str
    delimiter: str
    rows: int = 0
    imported: int = 0
    already_present: int = 0
    rejected: int = 0
    skipped: int = 0
    dry_run: bool = False
    committed: bool = False
    rejects_path: str | None = None
    problems: list[ImportProblem] = field(default_factory=list)
    problems_total: int = 0
    warnings: list[ImportWarning] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when every row was accepted, or the bad ones were set aside on request."""
        return self.rejected == 0 or self.rejects_path is not None

    def as_dict(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "layout": self.layout,
            "encoding": self.encoding,
            "delimiter": self.delimiter,
            "rows": self.rows,
            "imported": self.imported,
            "already_present": self.already_present,
            "rejected": self.rejected,
            "skipped": self.skipped,
            "dry_run": self.dry_run,
            "committed": self.committed,
            "rejects_path": self.rejects_path,
            "problems_total": self.problems_total,
            "problems": [p.as_dict() for p in self.problems],
            "warnings": [w.as_dict() for w in self.warnings],
        }


# -- map files ------------------------------------------------------------------------------


@dataclass(frozen=True)
class ImportMap:
    """How another system's CSV maps onto the codebook (see MAP_EXAMPLE)."""

    path: str
    delimiter: str | None = None
    encoding: str | None = None
    date_format: str | None = None
    timezone: str = "Europe/Copenhagen"
    columns: dict[str, tuple[str, ...]] = field(default_factory=dict)
    constants: dict[str, str] = field(default_factory=dict)
    values: dict[str, dict[str, str]] = field(default_factory=dict)
    answers: dict[str, str] = field(default_factory=dict)
    skip: dict[str, frozenset[str]] = field(default_factory=dict)


_MAP_SECTIONS = ("file", "columns", "constants", "values", "answers", "skip")
_FILE_KEYS = ("delimiter", "encoding", "date_format", "timezone")
_ENCODINGS = {"auto": None, "utf-8": "utf-8-sig", "cp1252": "cp1252", "latin-1": "latin-1"}
_TOML_AT = re.compile(r"at line (\d+), column (\d+)")


def load_map(path: Path) -> ImportMap:
    """Read and check a map file; ValidationError listing every problem, each with its key."""
    try:
        data = tomllib.loads(path.read_bytes().decode("utf-8-sig"))
    except FileNotFoundError:
        raise FileFormatError(str(path), "kortfilen findes ikke") from None
    except UnicodeDecodeError:
        raise FileFormatError(str(path), "kortfilen er ikke UTF-8; gem den som UTF-8") from None
    except tomllib.TOMLDecodeError as exc:
        at = _TOML_AT.search(str(exc))
        raise FileFormatError(
            str(path),
            "ugyldig TOML: tjek anførselstegn, '=' og [afsnit] (se --map-example)",
            line=int(at.group(1)) if at else None,
            column=int(at.group(2)) if at else None,
        ) from None
    except OSError as exc:
        raise FileFormatError(str(path), f"kortfilen kan ikke læses: {exc.strerror}") from None
    problems: list[Problem] = []

    def bad(where: str, value: object, reason: str) -> None:
        problems.append(Problem(where, value, reason))

    for key in data:
        if key not in _MAP_SECTIONS:
            bad(key, None, f"ukendt afsnit; brug {', '.join(_MAP_SECTIONS)}")
    for section in _MAP_SECTIONS:
        if section in data and not isinstance(data[section], dict):
            bad(section, data[section], "skal være et afsnit: [" + section + "]")
    file_part = data.get("file", {}) if isinstance(data.get("file"), dict) else {}
    for key, value in file_part.items():
        if key not in _FILE_KEYS:
            bad(f"file.{key}", value, f"ukendt nøgle; brug {', '.join(_FILE_KEYS)}")
        elif not isinstance(value, str):
            bad(f"file.{key}", value, "skal være tekst i anførselstegn")
    delimiter = file_part.get("delimiter")
    if isinstance(delimiter, str) and delimiter not in (";", ",", "\t"):
        bad("file.delimiter", delimiter, 'brug ";" eller ","')
    encoding = file_part.get("encoding", "auto")
    if isinstance(encoding, str) and encoding.lower() not in _ENCODINGS:
        bad("file.encoding", encoding, f"brug {', '.join(_ENCODINGS)}")
    date_format = file_part.get("date_format")
    if isinstance(date_format, str) and "%" not in date_format:
        bad("file.date_format", date_format, "skal være et strptime-mønster, fx %d-%m-%Y %H:%M")
    timezone = file_part.get("timezone", "Europe/Copenhagen")
    if isinstance(timezone, str):
        try:
            ZoneInfo(timezone)
        except (ZoneInfoNotFoundError, ValueError):
            bad("file.timezone", timezone, "ukendt tidszone; brug fx Europe/Copenhagen eller UTC")

    columns: dict[str, tuple[str, ...]] = {}
    for key, value in _section(data, "columns").items():
        where = f"columns.{key}"
        if key not in MAP_FIELDS:
            bad(where, value, f"ukendt felt; brug {', '.join(MAP_FIELDS)}")
        elif isinstance(value, str) and value.strip():
            columns[key] = (value.strip(),)
        elif isinstance(value, list) and value and all(isinstance(v, str) for v in value):
            columns[key] = tuple(v.strip() for v in value)
        else:
            bad(where, value, "skal være en kolonneoverskrift eller en liste af overskrifter")
    constants: dict[str, str] = {}
    for key, value in _section(data, "constants").items():
        where = f"constants.{key}"
        if key not in MAP_FIELDS:
            bad(where, value, f"ukendt felt; brug {', '.join(MAP_FIELDS)}")
        elif key in columns:
            bad(where, value, "feltet står også under [columns]; vælg ét af dem")
        elif isinstance(value, str | int) and not isinstance(value, bool):
            constants[key] = str(value)
        else:
            bad(where, value, "skal være tekst eller et tal")
    values: dict[str, dict[str, str]] = {}
    for key, table in _section(data, "values").items():
        where = f"values.{key}"
        if key not in MAP_FIELDS:
            bad(where, None, f"ukendt felt; brug {', '.join(MAP_FIELDS)}")
        elif not isinstance(table, dict):
            bad(where, table, 'skal være et afsnit [values.FELT] med "filens værdi" = "kode"')
        else:
            values[key] = {}
            for raw, code in table.items():
                if isinstance(code, str | int) and not isinstance(code, bool):
                    values[key][raw.strip()] = str(code)
                else:
                    bad(f"{where}.{raw}", code, "koden skal være tekst")
    answers: dict[str, str] = {}
    for key, value in _section(data, "answers").items():
        if isinstance(value, str) and value.strip():
            answers[key] = value.strip()
        else:
            bad(f"answers.{key}", value, "skal være en kolonneoverskrift")
    skip: dict[str, frozenset[str]] = {}
    for key, value in _section(data, "skip").items():
        if isinstance(value, str):
            value = [value]
        if isinstance(value, list) and all(isinstance(v, str) for v in value):
            skip[key] = frozenset(v.strip() for v in value)
        else:
            bad(f"skip.{key}", value, "skal være en liste af værdier")
    for name in MAP_REQUIRED:
        if name not in columns and name not in constants:
            bad(name, None, f"feltet {name} mangler: angiv det under [columns] eller [constants]")
    if problems:
        raise ValidationError(problems, context=str(path))
    return ImportMap(
        path=str(path),
        delimiter=delimiter if isinstance(delimiter, str) else None,
        encoding=_ENCODINGS.get(str(encoding).lower()),
        date_format=date_format if isinstance(date_format, str) else None,
        timezone=str(timezone),
        columns=columns,
        constants=constants,
        values=values,
        answers=answers,
        skip=skip,
    )


def _section(data: dict[str, Any], name: str) -> dict[str, Any]:
    part = data.get(name, {})
    return part if isinstance(part, dict) else {}


# -- reading the bytes ----------------------------------------------------------------------


@dataclass(frozen=True)
class _Encoding:
    codec: str  # what Python decodes with
    label: str  # what the summary says
    mojibake: int  # how many "Ã" (UTF-8 saved twice) were seen


_LABELS = {
    "utf-8-sig": "UTF-8 med BOM",
    "utf-8": "UTF-8",
    "cp1252": "Windows-1252",
    "latin-1": "Latin-1",
}


def _refuse_binary(path: Path, head: bytes) -> None:
    where = str(path)
    if head.startswith(b"PK\x03\x04"):
        raise FileFormatError(
            where,
            "filen er et Excel-regneark eller et zip-arkiv, ikke CSV; gem den i Excel som "
            "'CSV (semikolonsepareret)'",
        )
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise FileFormatError(
            where, "filen er et gammelt Excel-regneark (.xls); gem den som CSV (semikolonsepareret)"
        )
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise FileFormatError(
            where,
            "filen er gemt som UTF-16 ('Unicode-tekst'); gem den som CSV i UTF-8 eller "
            "Windows-1252",
        )
    if head.startswith(b"%PDF"):
        raise FileFormatError(where, "filen er en PDF, ikke en CSV-fil")


def _detect_encoding(path: Path, forced: str | None) -> _Encoding:
    """Read the file once, in chunks, to choose the codec before any row is parsed.

    A whole-file pass costs a fraction of a second even for 100 MB and means a 0xF8 on the last
    line cannot be misread after the first million rows were decoded as UTF-8.
    """
    decoder = codecs.getincrementaldecoder("utf-8")()
    utf8_ok = True
    saw_multibyte = False
    mojibake = 0
    offset = 0
    newlines = 0
    bom = False
    cp1252_ok = True
    with path.open("rb") as fh:
        while chunk := fh.read(_SNIFF):
            if offset == 0:
                _refuse_binary(path, chunk[:8])
                bom = chunk.startswith(codecs.BOM_UTF8)
            nul = chunk.find(b"\x00")
            if nul >= 0:
                line = newlines + chunk.count(b"\n", 0, nul) + 1
                raise FileFormatError(
                    str(path),
                    "filen indeholder binære data (NUL-tegn), ikke tekst; er det den rigtige fil?",
                    line=line,
                )
            ascii_chunk = chunk.isascii()
            if utf8_ok:
                try:
                    decoder.decode(chunk)
                    saw_multibyte = saw_multibyte or not ascii_chunk
                except UnicodeDecodeError as exc:
                    utf8_ok = False
                    before = chunk[: max(exc.start, 0)]
                    if saw_multibyte or not before.isascii() or bom or forced == "utf-8-sig":
                        bad_at = max(exc.start, 0)
                        line = newlines + chunk.count(b"\n", 0, bad_at) + 1
                        raise FileFormatError(
                            str(path),
                            "blandet tegnsæt: filen er UTF-8, men denne linje er ikke; gem hele "
                            "filen med ét tegnsæt",
                            line=line,
                            value=chunk[bad_at : bad_at + 4],
                        ) from None
            if not ascii_chunk:
                mojibake += chunk.count(b"\xc3\x83")
                if cp1252_ok:
                    try:
                        chunk.decode("cp1252")
                    except UnicodeDecodeError:
                        cp1252_ok = False
            newlines += chunk.count(b"\n")
            offset += len(chunk)
    if utf8_ok:
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            utf8_ok = False
    if offset == 0:
        raise FileFormatError(str(path), "filen er tom")
    if forced is not None:
        codec = forced
    elif bom:
        codec = "utf-8-sig"
    elif utf8_ok:
        codec = "utf-8"
    else:
        codec = "cp1252" if cp1252_ok else "latin-1"
        mojibake = 0
    return _Encoding(codec, _LABELS.get(codec, codec), mojibake)


# -- layouts --------------------------------------------------------------------------------


class _Bad:
    """A value that could not be read; cached like a good one so it is explained once per value."""

    __slots__ = ("reason",)

    def __init__(self, reason: str) -> None:
        self.reason = reason


@dataclass
class _Layout:
    kind: str
    header: list[str]
    width: int  # cells in a row (without a trailing empty cell)
    index: dict[str, int]  # field -> cell index (constants are appended to each row)
    names: dict[str, str]  # field -> column name for messages
    constants: list[str]
    joins: list[tuple[int, tuple[int, ...]]]
    extras: list[tuple[int, str, str]]  # (cell index, answer key, header)
    skip: list[tuple[int, frozenset[str]]]
    ignored: frozenset[int]
    values: dict[str, dict[str, str]]
    date_format: str | None
    zone: ZoneInfo
    name_index: int | None  # the Kommune column (dl), for municipality names
    # A rejects file's "Afvist linje": part of each row's identity, so that a fixed row does not
    # collide with an identical row already imported from the original file.
    origin_index: int | None = None
    trailing: bool = False


def _split_header(line: str, delimiter: str) -> list[str]:
    cells = next(csv.reader([line.rstrip("\r\n")], delimiter=delimiter), [])
    cells = [c.strip().lstrip("\ufeff").strip() for c in cells]
    if cells and cells[-1] == "":
        cells.pop()
    return cells


def _fold(text: str) -> str:
    return " ".join(text.split()).casefold()


def _layout_for(
    path: Path,
    header_line: str,
    codebook: Codebook,
    plan: Plan | None,
    mapping: ImportMap | None,
) -> tuple[_Layout, str]:
    """Which layout the header announces, and with which delimiter."""
    delimiters = [mapping.delimiter] if mapping and mapping.delimiter else [";", ","]
    tried: list[str] = []
    for delimiter in delimiters:
        cells = _split_header(header_line, delimiter)
        folded = [_fold(c) for c in cells]
        if mapping is not None:
            if all(_fold(c) in folded for cols in mapping.columns.values() for c in cols):
                return _map_layout(path, cells, codebook, plan, mapping), delimiter
        else:
            for key in ("dl", "upload"):
                fmt = codebook.format(key)
                if all(_fold(name) in folded for name in fmt.header):
                    return _file_layout(path, key, cells, codebook, plan), delimiter
        tried.append(delimiter.join(cells))
    shown = header_line.strip()[:200]
    if mapping is not None:
        cells = _split_header(header_line, delimiters[0])
        missing = [
            c
            for cols in mapping.columns.values()
            for c in cols
            if _fold(c) not in map(_fold, cells)
        ]
        raise FileFormatError(
            str(path),
            f"kolonnen {missing[0]!r} fra kortet {mapping.path} findes ikke i filen",
            line=1,
            value=shown,
        )
    raise FileFormatError(
        str(path),
        "ukendt filformat: overskriften er hverken Det Digitale Landkorts råudtræk (dl) eller "
        "upload-skabelonen; brug --map KORT.toml til andre systemers filer",
        line=1,
        value=shown,
    )


def _extra_keys(codebook: Codebook, plan: Plan | None) -> dict[str, list[str]]:
    """Header text → answer keys it may stand for, in export order (duplicate texts in turn)."""
    keys: dict[str, list[str]] = {}
    for param in codebook.parameters:
        keys.setdefault(_fold(param.da), []).append(param.key)
    for question in plan.questions if plan is not None else ():
        keys.setdefault(_fold(question.text), []).append(question.key)
    for param in codebook.parameters:
        keys.setdefault(_fold(param.key), []).append(param.key)
    for question in plan.questions if plan is not None else ():
        keys.setdefault(_fold(question.key), []).append(question.key)
    return keys


def _file_layout(
    path: Path, key: str, cells: list[str], codebook: Codebook, plan: Plan | None
) -> _Layout:
    fmt = codebook.format(key)
    known = {_fold(name): name for name in fmt.header}
    index: dict[str, int] = {}
    names: dict[str, str] = {}
    extras: list[tuple[int, str, str]] = []
    ignored: set[int] = set()
    candidates = _extra_keys(codebook, plan)
    used: set[str] = set()
    name_index: int | None = None
    # Positions count the cells a row keeps once the columns of a rejects file are dropped.
    pos = -1
    origin: int | None = None
    for i, cell in enumerate(cells):
        folded = _fold(cell)
        if folded in (_fold(REJECT_LINE), _fold(REJECT_REASON)):
            ignored.add(i)
            if folded == _fold(REJECT_LINE):
                origin = i
            continue
        pos += 1
        if folded in known:
            column = known[folded]
            target = COLUMN_FIELDS.get(column)
            if target is None:
                raise TracetoolError(f"formats.toml: kolonnen {column!r} er ukendt for importen")
            if target in index or (target == "municipality_name" and name_index is not None):
                raise FileFormatError(
                    str(path), "kolonnen står to gange i overskriften", line=1, column=cell
                )
            if target == "municipality_name":
                name_index = pos
            elif target != "ended_at":
                index[target] = pos
                names[target] = column
            continue
        if not fmt.extra:
            raise FileFormatError(
                str(path),
                f"ukendt kolonne i {fmt.da.lower()}; skabelonen har: {', '.join(fmt.header)}",
                line=1,
                column=i + 1,
                value=cell,
            )
        if not cell:
            raise FileFormatError(str(path), "kolonnen har ingen overskrift", line=1, column=i + 1)
        answer_key = next((k for k in candidates.get(folded, []) if k not in used), cell)
        used.add(answer_key)
        extras.append((pos, answer_key, cell))
    width = len(cells)
    kept = pos + 1
    constants: list[str] = []
    for name in FIELDS:
        if name not in index:
            index[name] = kept + len(constants)
            names[name] = FIELD_NAMES_DA[name]
            constants.append("")
    return _Layout(
        kind=key,
        header=cells,
        width=width,
        index=index,
        names=names,
        constants=constants,
        joins=[],
        extras=extras,
        skip=[],
        ignored=frozenset(ignored),
        values={},
        date_format=None,
        zone=timeutil.DANISH,
        name_index=name_index,
        origin_index=origin,
    )


def _map_layout(
    path: Path, cells: list[str], codebook: Codebook, plan: Plan | None, mapping: ImportMap
) -> _Layout:
    position: dict[str, int] = {}
    for i, cell in enumerate(cells):
        position.setdefault(_fold(cell), i)
    width = len(cells)
    index: dict[str, int] = {}
    names: dict[str, str] = {}
    constants: list[str] = []
    joins: list[tuple[int, tuple[int, ...]]] = []
    for name in FIELDS:
        if name in mapping.columns:
            sources = tuple(position[_fold(c)] for c in mapping.columns[name])
            names[name] = " + ".join(cells[i] for i in sources)
            if len(sources) == 1:
                index[name] = sources[0]
                continue
            target = width + len(constants)
            constants.append("")
            joins.append((target, sources))
            index[name] = target
            continue
        value = mapping.constants.get(name, "")
        if name == "municipality" and not value:
            if plan is None:
                raise FileFormatError(
                    mapping.path,
                    "kommunenummeret mangler: angiv municipality under [constants] eller "
                    "[columns], eller tag en tælleplan i brug",
                )
            value = str(plan.municipality)
        names[name] = f"{name} (fast værdi i kortet)" if name in mapping.constants else name
        index[name] = width + len(constants)
        constants.append(value)
    extras = []
    for key, column in mapping.answers.items():
        if _fold(column) not in position:
            raise FileFormatError(
                str(path),
                f"kolonnen {column!r} fra kortet {mapping.path} ([answers]) findes ikke i filen",
                line=1,
            )
        extras.append((position[_fold(column)], key, column))
    skip = []
    for column, skipped in mapping.skip.items():
        if _fold(column) not in position:
            raise FileFormatError(
                str(path),
                f"kolonnen {column!r} fra kortet {mapping.path} ([skip]) findes ikke i filen",
                line=1,
            )
        skip.append((position[_fold(column)], skipped))
    return _Layout(
        kind="map",
        header=cells,
        width=width,
        index=index,
        names=names,
        constants=constants,
        joins=joins,
        extras=extras,
        skip=skip,
        ignored=frozenset(),
        values=mapping.values,
        date_format=mapping.date_format,
        zone=ZoneInfo(mapping.timezone),
        name_index=None,
    )


# -- reading values -------------------------------------------------------------------------


class _Moments:
    """Local date/time text → store text (UTC), with one time-zone conversion per hour.

    The fast path reads KOMHEN's fixed ``dd-mm-yyyy HH:MM[:SS]``; anything else goes through
    the map's strptime layout or timeutil's accepted forms.
    """

    def __init__(self, zone: ZoneInfo, layout: str | None) -> None:
        self.zone = zone
        self.layout = layout
        self.hours: dict[str, Any] = {}
        # "dd-mm-yyyy HH:MM" → "YYYY-MM-DDTHH:MM" (UTC) for minutes already read once, so the
        # hot loop turns most timestamps into store text with one lookup and a concatenation.
        self.minutes: dict[str, str] = {}
        # The hour that occurs twice when summer time ends: local hour → UTC prefix of its
        # second occurrence, and which of them a sorted file has reached.
        self.folds: dict[str, str] = {}
        self._last: dict[str, str] = {}
        self._folded: set[str] = set()

    def _hour(self, key: str) -> Any:
        """``dd-mm-yyyy HH`` → UTC ``YYYY-MM-DDTHH`` prefix, "" (not whole-hour) or _Bad."""
        if not (key[0:2].isdigit() and key[3:5].isdigit() and key[6:10].isdigit()):
            return _Bad("ukendt dato; brug dd-mm-åååå tt:mm:ss, fx 21-10-2013 09:20:41")
        if not key[11:13].isdigit():
            return _Bad("ukendt klokkeslæt; brug dd-mm-åååå tt:mm:ss, fx 21-10-2013 09:20:41")
        try:
            naive = datetime(int(key[6:10]), int(key[3:5]), int(key[0:2]), int(key[11:13]))
        except ValueError:
            return _Bad("datoen findes ikke")
        if naive.year not in _YEARS:
            return _Bad(f"året {naive.year} ser forkert ud")
        first = naive.replace(tzinfo=self.zone)
        last = naive.replace(minute=59, second=59, tzinfo=self.zone)
        offset = first.utcoffset()
        if offset is None or offset != last.utcoffset() or offset.seconds % 3600:
            return ""
        again = naive.replace(tzinfo=self.zone, fold=1)
        again_offset = again.utcoffset()
        if again_offset is not None and again_offset < offset:
            self.folds[key] = again.astimezone(UTC).strftime("%Y-%m-%dT%H")
        return first.astimezone(UTC).strftime("%Y-%m-%dT%H")

    def in_file_order(self, text: str, value: str) -> str:
        """Dato in the repeated hour: the second occurrence once the file's clock goes back.

        Extracts are written in time order, so 02:59 followed by 02:00 on the last Sunday of
        October means the clocks were turned back in between.
        """
        key = text[:13]
        alt = self.folds.get(key)
        if alt is None:
            return value
        clock = text[14:19]
        last = self._last.get(key)
        if last is not None and clock < last:
            self._folded.add(key)
        self._last[key] = clock
        return alt + value[13:] if key in self._folded else value

    def nearest_before(self, text: str, value: str, end: str) -> str:
        """A timer start in the repeated hour: the later occurrence that is not after ``end``."""
        alt = self.folds.get(text[:13])
        if alt is None:
            return value
        later = alt + value[13:]
        return later if later <= end else value

    def read(self, raw: str) -> Any:
        """Store text, or _Bad with the reason."""
        text = raw.strip()
        n = len(text)
        if (
            self.layout is None
            and (n == 19 or n == 16)
            and text[2] == "-"
            and text[5] == "-"
            and text[10] == " "
            and text[13] == ":"
        ):
            key = text[:13]
            prefix = self.hours.get(key)
            if prefix is None:
                prefix = self.hours[key] = self._hour(key)
            if type(prefix) is _Bad:
                return prefix
            minute = text[14:16]
            second = text[17:19] if n == 19 else "00"
            if n == 19 and text[16] != ":":
                return _Bad("ukendt klokkeslæt; brug tt:mm:ss")
            if minute not in _SIXTY or second not in _SIXTY:
                return _Bad("ugyldigt klokkeslæt")
            if prefix:
                minutes = self.minutes
                if len(minutes) > _MEMO_LIMIT:
                    minutes.clear()
                minutes[text[:16]] = f"{prefix}:{minute}"
                return f"{prefix}:{minute}:{second}.000000Z"
        if not text:
            return _Bad("tidspunkt mangler")
        return self._slow(text)

    def _slow(self, text: str) -> Any:
        try:
            if self.layout is not None:
                naive = datetime.strptime(text, self.layout)
            else:
                naive = timeutil.parse_local(text).astimezone(timeutil.DANISH).replace(tzinfo=None)
        except ValueError:
            wanted = self.layout or "dd-mm-åååå tt:mm:ss"
            return _Bad(f"ukendt dato/tid; forventet {wanted}")
        if naive.tzinfo is not None:
            moment = naive.astimezone(UTC)
        else:
            moment = naive.replace(tzinfo=self.zone).astimezone(UTC)
        if moment.year not in _YEARS:
            return _Bad(f"året {moment.year} ser forkert ud")
        return timeutil.to_db(moment)


@dataclass
class _Readers:
    """Raw cell → field value, cached per distinct raw value (codes repeat; dates do not)."""

    codebook: Codebook
    plan: Plan | None
    values: dict[str, dict[str, str]]
    caches: dict[str, dict[str, Any]] = field(default_factory=dict)
    unit_logins: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for name in FIELDS:
            self.caches[name] = {}
        if self.plan is not None:
            for unit in self.plan.units:
                self.unit_logins[_fold(unit.name)] = unit.login
                self.unit_logins[_fold(unit.login)] = unit.login

    def mapped(self, name: str, raw: str) -> str:
        text = raw.strip()
        table = self.values.get(name)
        if table:
            if text in table:
                return table[text]
            folded = _fold(text)
            for key, code in table.items():
                if _fold(key) == folded:
                    return code
        return text

    def read(self, name: str, raw: str) -> Any:
        cache = self.caches[name]
        if raw in cache:
            return cache[raw]
        value = self._read(name, self.mapped(name, raw))
        if len(cache) > _MEMO_LIMIT:
            cache.clear()
        cache[raw] = value
        return value

    def _read(self, name: str, text: str) -> Any:
        empty = not text or text.upper() == "NULL"
        if name == "municipality":
            if empty:
                return _Bad("kommunenummer mangler")
            if not text.isdigit():
                return _Bad("kommunenummer skal være et tal, fx 259")
            return int(text)
        if name == "unit":
            if empty:
                return None
            return self.unit_logins.get(_fold(text), text)
        if name in ("channel", "type", "closing"):
            if empty:
                return _Bad(f"{FIELD_NAMES_DA[name]} mangler")
            return text.upper()
        if name == "form":
            return None if empty else text.upper()
        if name == "task":
            if empty:
                return _Bad("opgave mangler")
            return text
        if name == "source":
            if not text or text.casefold() == DATAKILDE_DL.casefold():
                return Source.IMPORT.value
            if text.casefold() == DATAKILDE_DESK.casefold():
                # Registered at a desk: kept as such so that a re-export says Tracetool again.
                return Source.APP.value
            return _Bad(f"ukendt datakilde; brug {DATAKILDE_DESK} eller {DATAKILDE_DL}")
        if name == "count":
            if empty:
                return 1
            if not text.isdigit() or int(text) < 1:
                return _Bad("antal skal være et helt tal på mindst 1")
            return int(text)
        raise KeyError(name)


# -- the import -----------------------------------------------------------------------------


@dataclass
class _Tally:
    """Problems (capped) and warnings (counted), collected while the file is read."""

    problems: list[ImportProblem] = field(default_factory=list)
    problems_total: int = 0
    warnings: dict[tuple[str, str, str], list[int]] = field(default_factory=dict)

    def problem(self, line: int, column: str, value: object, reason: str) -> None:
        self.problems_total += 1
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(ImportProblem(line, column, value, reason))

    def warn(self, key: tuple[str, str, str], line: int) -> None:
        seen = self.warnings.get(key)
        if seen is None:
            self.warnings[key] = [1, line]
        else:
            seen[0] += 1

    def warning_list(self) -> list[ImportWarning]:
        return [
            ImportWarning(col, val, reason, n, first)
            for (col, val, reason), (n, first) in self.warnings.items()
        ]


class _Rejects:
    """The --skip-invalid file: the bad rows as they were, with line number and reasons first."""

    def __init__(self, path: Path, codec: str, delimiter: str, header: list[str]) -> None:
        encoding = "utf-8-sig" if codec.startswith("utf-8") else codec
        # errors="replace": our Danish reasons always fit; this only guards Latin-1 files.
        self.fh: IO[str] = path.open("w", encoding=encoding, errors="replace", newline="")
        self.writer = csv.writer(self.fh, delimiter=delimiter, lineterminator="\r\n")
        self.writer.writerow([REJECT_LINE, REJECT_REASON, *header])

    def write(self, line: int, reasons: Iterable[str], cells: list[str]) -> None:
        self.writer.writerow([line, "; ".join(reasons), *cells])

    def close(self) -> None:
        self.fh.close()


def import_file(
    db: Any,
    codebook: Codebook,
    plan: Plan | None,
    path: Path,
    *,
    mapping: ImportMap | None = None,
    dry_run: bool = False,
    rejects: Path | None = None,
    task_status: Callable[[str], TaskStatus] | None = None,
    progress: Progress | None = None,
) -> ImportSummary:
    """Import ``path`` into the store ``db`` (a sqlite_utils Database); see the module doc.

    File-level faults (missing, empty, binary, unknown header, mixed encoding) raise
    FileFormatError. Row-level faults are returned in the summary; when there are any and
    ``rejects`` is None, nothing is imported (``summary.committed`` is False).
    """
    if not path.exists():
        raise FileFormatError(str(path), "filen findes ikke")
    if path.is_dir():
        raise FileFormatError(str(path), "det er en mappe, ikke en fil")
    if rejects is not None and rejects.resolve() == path.resolve():
        raise FileFormatError(
            str(rejects), "filen til afviste rækker må ikke være selve inputfilen"
        )
    size = path.stat().st_size
    if size == 0:
        raise FileFormatError(str(path), "filen er tom")
    enc = _detect_encoding(path, mapping.encoding if mapping else None)
    raw = path.open("rb", buffering=_SNIFF)
    try:
        text = io.TextIOWrapper(raw, encoding=enc.codec, newline="")
        header_line = text.readline()
        if not header_line.strip(" \t\r\n;,"):
            raise FileFormatError(
                str(path), "første linje er tom; den skal være overskriften", line=1
            )
        layout, delimiter = _layout_for(path, header_line, codebook, plan, mapping)
        layout.trailing = header_line.rstrip("\r\n").endswith(delimiter)
        summary = ImportSummary(
            path=str(path),
            layout=layout.kind,
            encoding=enc.label,
            delimiter=delimiter,
            dry_run=dry_run,
            rejects_path=str(rejects) if rejects is not None else None,
        )
        tally = _Tally()
        if enc.mojibake:
            tally.warnings[
                (
                    "(filen)",
                    "Ã",
                    "tegnsættet ser forkert ud: 'Ã¸' for 'ø' tyder på UTF-8 gemt to gange",
                )
            ] = [enc.mojibake, 1]
        reject_file = None
        if rejects is not None:
            kept = [c for i, c in enumerate(layout.header) if i not in layout.ignored]
            try:
                reject_file = _Rejects(rejects, enc.codec, delimiter, kept)
            except OSError as exc:
                raise FileFormatError(
                    str(rejects), f"filen kan ikke skrives: {exc.strerror}"
                ) from None
        reader = csv.reader(text, delimiter=delimiter)
        stage = StagedImport(db)
        try:
            learned = _read_rows(
                reader,
                raw,
                size,
                layout,
                codebook,
                plan,
                task_status,
                tally,
                summary,
                stage,
                reject_file,
                progress,
                str(path),
            )
            if reject_file is not None:
                reject_file.close()
            if summary.rows == 0 and summary.skipped == 0:
                raise FileFormatError(str(path), "filen har ingen rækker efter overskriften")
            summary.problems = tally.problems
            summary.problems_total = tally.problems_total
            summary.warnings = tally.warning_list()
            if summary.rejected and rejects is None:
                stage.rollback()
            elif dry_run:
                present = stage.present()
                summary.already_present = present
                summary.imported = stage.staged - present
                stage.rollback()
            else:
                summary.imported, summary.already_present = stage.commit()
                summary.committed = True
                names = dict(municipality_name_pairs(learned, plan))
                for number, name in names.items():
                    remember_municipality_name(db, number, name)
        except BaseException:
            stage.rollback()
            if reject_file is not None and rejects is not None:
                # The file is not readable as a whole: a rejects file would be half a story.
                reject_file.close()
                rejects.unlink(missing_ok=True)
            raise
        finally:
            if reject_file is not None:
                reject_file.close()
    finally:
        raw.close()
    if progress is not None:
        progress(size, size)
    return summary


def municipality_name_pairs(learned: dict[int, str], plan: Plan | None) -> list[tuple[int, str]]:
    """Names worth remembering: not the plan's own (the plan names it) and not empty."""
    own = plan.municipality if plan is not None else None
    return [(n, name) for n, name in learned.items() if name and n != own]


class _RowCodes:
    """Everything about a row that follows from its code cells (all but the times).

    Rows repeat the same few combinations of municipality, unit, channel, task, type, closing,
    form, source and answers, so this is worked out once per distinct combination of the raw
    cells and then found with one dict lookup per row.
    """

    def __init__(
        self,
        layout: _Layout,
        codebook: Codebook,
        plan: Plan | None,
        task_status: Callable[[str], TaskStatus] | None,
        kle_loaded: bool,
    ) -> None:
        self.layout = layout
        self.readers = _Readers(codebook, plan, layout.values)
        self.extra_readers = [_answer_reader(codebook, key) for _, key, _ in layout.extras]
        self.directions = {c.code: c.direction for c in codebook.channels}
        headers = {k: h for _, k, h in layout.extras}
        self.checker = _Checker(codebook, plan, task_status, layout.names, headers, kle_loaded)
        idx = layout.index
        self.fields = [(name, idx[name]) for name in _CODE_FIELDS]
        # The raw cells that decide a row's codes, joined into one string: the memo key. One
        # string rather than a tuple of the row's own cells keeps each entry small.
        self.cells_of = itemgetter(*[i for _, i in self.fields], *[i for i, _, _ in layout.extras])
        self.memo: dict[str, tuple[Any, ...]] = {}

    def key_of(self, cells: list[str]) -> str:
        return "\x1f".join(self.cells_of(cells))

    def resolve(self, cells: list[str]) -> tuple[Any, ...]:
        """(muni, unit, direction, channel, task, type, closing, form, source, count, answers
        JSON, content prefix, problems, warnings) for a row; problems name column and value."""
        names = self.layout.names
        read = self.readers.read
        values: dict[str, Any] = {}
        bad: list[tuple[str, object, str]] = []
        for name, i in self.fields:
            value = read(name, cells[i])
            if type(value) is _Bad:
                bad.append((names[name], cells[i].strip(), value.reason))
            values[name] = value
        answers: dict[str, str] = {}
        for (i, key, header), reader in zip(self.layout.extras, self.extra_readers, strict=True):
            text = cells[i].strip()
            if not text:
                continue
            got = reader(text)
            if type(got) is _Bad:
                bad.append((header, text, got.reason))
            elif got:
                answers[key] = got
        answers_json = json.dumps(answers, ensure_ascii=False, sort_keys=True) if answers else "{}"
        muni, unit, chan, task = (values[n] for n in ("municipality", "unit", "channel", "task"))
        typ, clos, form = values["type"], values["closing"], values["form"]
        source, count = values["source"], values["count"]
        warnings: list[Any] = []
        codes = (muni, unit, chan, task, typ, clos, form)
        if not any(type(v) is _Bad for v in codes):
            # Checked even when another cell is unreadable, so every problem is listed.
            kind = source if type(source) is str else Source.IMPORT.value
            vkey = (muni, unit, chan, task, typ, clos, form, answers_json, kind)
            verdict = self.checker.memo.get(vkey) or self.checker.check(vkey, answers)
            bad += verdict[0]
            warnings = verdict[1]
        prefix = (
            f"{muni}\x1f{unit or ''}\x1f{chan}\x1f{task}\x1f{typ}\x1f{clos}\x1f{form or ''}\x1f"
        )
        direction = self.directions.get(chan, "") if type(chan) is str else ""
        entry = (
            muni,
            unit,
            direction,
            chan,
            task,
            typ,
            clos,
            form,
            source,
            count,
            answers_json,
            prefix,
            tuple(bad),
            tuple(warnings) if not bad else (),
        )
        if len(self.memo) > _MEMO_LIMIT:
            self.memo.clear()
        self.memo[self.key_of(cells)] = entry
        return entry


_CODE_FIELDS = (
    "municipality",
    "unit",
    "channel",
    "task",
    "type",
    "closing",
    "form",
    "source",
    "count",
)


def _read_rows(
    reader: Any,
    raw: Any,
    size: int,
    layout: _Layout,
    codebook: Codebook,
    plan: Plan | None,
    task_status: Callable[[str], TaskStatus] | None,
    tally: _Tally,
    summary: ImportSummary,
    stage: StagedImport,
    reject_file: _Rejects | None,
    progress: Progress | None,
    where: str,
) -> dict[int, str]:
    """The hot loop: parse, check and stage every row. Returns municipality names seen (dl)."""
    moments = _Moments(layout.zone, layout.date_format)
    folds = moments.folds
    minute_of = moments.minutes.get
    sixty = _SIXTY
    i_saved = layout.index["saved_at"]
    i_start = layout.index["started_at"]
    names = layout.names
    width = layout.width
    # A header that ends with the delimiter (as Det Digitale Landkort writes it) makes the
    # trailing empty cell part of every row's shape; otherwise a row with one missing field
    # would pass for a row without the trailing delimiter.
    trailing = layout.trailing
    full = width + 1 if trailing else width
    consts = layout.constants
    joins = layout.joins
    skip = layout.skip
    ignored = layout.ignored
    kle_loaded, status = _kle_lookup(stage.conn, task_status)
    codes = _RowCodes(layout, codebook, plan, status, kle_loaded)
    memo = codes.memo
    cells_of = codes.cells_of
    join = "\x1f".join
    resolve = codes.resolve
    warn = tally.warn
    learned: dict[int, str] = {}
    name_index = layout.name_index
    origin_index = layout.origin_index
    origin = ""
    batch: list[tuple[Any, ...]] = []
    failed = False
    blake = hashlib.blake2b
    app = Source.APP.value
    midnights = ("00:00:00", "00:00")
    next_days: dict[str, str] = {}

    def next_day(saved: str) -> str:
        day = timeutil.local(timeutil.from_db(saved)).date() + timedelta(days=1)
        until = next_days[saved] = timeutil.to_db(timeutil.day_start_utc(day))
        return until

    rows = line = rejected = skipped = 0
    empty_rows = first_empty = 0
    try:
        for cells in reader:
            line = reader.line_num + 1
            n = len(cells)
            if n == full and not (trailing and cells[-1]):
                if trailing:
                    cells.pop()
            elif not trailing and n == width + 1 and not cells[-1]:
                cells.pop()
            elif n == 0:
                continue
            elif not any(c.strip() for c in cells):
                empty_rows += 1
                first_empty = first_empty or line
                continue
            else:
                rows += 1
                rejected += 1
                what = "få" if n < full else "mange"
                reason = f"for {what} felter: {n}, overskriften har {full}"
                tally.problem(line, "(hele rækken)", None, reason)
                if reject_file is not None:
                    reject_file.write(line, [reason], cells)
                failed = True
                continue
            if ignored:
                origin = "" if origin_index is None else f"\x1f{cells[origin_index]}"
                cells = [c for i, c in enumerate(cells) if i not in ignored]
            if skip and any(cells[i].strip() in values for i, values in skip):
                skipped += 1
                continue
            if not any(cells):
                empty_rows += 1
                first_empty = first_empty or line
                continue
            rows += 1
            original = cells
            if consts:
                cells = cells + consts
            for target, sources in joins:
                cells[target] = " ".join(cells[i].strip() for i in sources)

            entry = memo.get(join(cells_of(cells)))
            if entry is None:
                entry = resolve(cells)
            (
                muni,
                unit,
                direction,
                chan,
                task,
                typ,
                clos,
                form,
                source,
                count,
                answers_json,
                prefix,
                bad,
                warnings,
            ) = entry

            # Times: most are "dd-mm-yyyy HH:MM:SS" in a minute already seen once.
            raw_v = cells[i_saved]
            known = minute_of(raw_v[:16])
            if known is not None and len(raw_v) == 19 and raw_v[16] == ":" and raw_v[17:] in sixty:
                saved = known + raw_v[16:] + ".000000Z"
            elif known is not None and len(raw_v) == 16:
                saved = known + ":00.000000Z"
            else:
                saved = moments.read(raw_v)
            raw_s = cells[i_start]
            known = minute_of(raw_s[:16]) if raw_s else None
            if known is not None and len(raw_s) == 19 and raw_s[16] == ":" and raw_s[17:] in sixty:
                started = known + raw_s[16:] + ".000000Z"
            elif known is not None and len(raw_s) == 16:
                started = known + ":00.000000Z"
            else:
                started = moments.read(raw_s) if raw_s.strip() else None
            if folds and type(saved) is str and raw_v.strip()[:13] in folds:
                saved = moments.in_file_order(raw_v.strip(), saved)
                if type(started) is str:
                    started = moments.nearest_before(raw_s.strip(), started, saved)
            if type(saved) is _Bad or type(started) is _Bad or (started and started > saved):
                bad = list(bad)
                if type(saved) is _Bad:
                    bad.append((names["saved_at"], raw_v.strip(), saved.reason))
                if type(started) is _Bad:
                    bad.append((names["started_at"], raw_s.strip(), started.reason))
                elif started and type(saved) is str and started > saved:
                    bad.append((names["started_at"], raw_s.strip(), "ligger efter Dato"))

            if bad:
                rejected += 1
                for column, value, reason in bad:
                    tally.problem(line, column, value, reason)
                if reject_file is not None:
                    reject_file.write(line, [f"{c}: {r}" for c, _, r in bad], original)
                failed = True
                continue
            for warning in warnings:
                warn(warning, line)
            if name_index is not None and muni not in learned:
                learned[muni] = cells[name_index].strip()
            if failed and reject_file is None:
                # Nothing will be imported; keep reading only to report every problem.
                continue
            content = f"{prefix}{saved}\x1f{started or ''}\x1f{answers_json}\x1f{count}{origin}"
            if source == app:
                # "~" sorts after every fraction of this second and before the next one.
                until: str | None = saved[:19] + "~"
            elif not started and raw_v[11:] in midnights:
                until = next_days.get(saved) or next_day(saved)
            else:
                until = None
            batch.append(
                (
                    line,
                    blake(content.encode(), digest_size=16).hexdigest(),
                    until,
                    new_id(),
                    muni,
                    unit,
                    direction,
                    chan,
                    task,
                    typ,
                    clos,
                    form,
                    started,
                    saved,
                    answers_json,
                    source,
                    0,
                    count,
                    1,
                    0,
                    None,
                )
            )
            if len(batch) >= _BATCH:
                stage.add(batch)
                batch = []
                if progress is not None and rows % PROGRESS_EVERY < _BATCH:
                    progress(raw.raw.tell(), size)
    except csv.Error as exc:
        raise FileFormatError(where, f"filen kan ikke læses som CSV: {exc}", line=line) from None
    except UnicodeDecodeError as exc:
        raise FileFormatError(where, f"tegnsættet passer ikke: {exc.reason}", line=line) from None
    if batch and not (failed and reject_file is None):
        stage.add(batch)
    if empty_rows:
        tally.warnings[("(filen)", "", "tomme rækker er sprunget over")] = [empty_rows, first_empty]
    summary.rows = rows
    summary.rejected = rejected
    summary.skipped = skipped
    return learned


def _kle_lookup(
    conn: Any, task_status: Callable[[str], TaskStatus] | None
) -> tuple[bool, Callable[[str], TaskStatus]]:
    """Whether a KLE edition is loaded, and how to tell active from expired subjects."""
    try:
        loaded = conn.execute("SELECT 1 FROM kle_subject LIMIT 1").fetchone() is not None
    except sqlite3.Error:
        loaded = False
    if task_status is not None:
        return loaded, task_status

    def status(kle: str) -> TaskStatus:
        if not loaded:
            return "unknown"
        row = conn.execute("SELECT active FROM kle_subject WHERE nr = ?", [kle]).fetchone()
        if row is None:
            return "unknown"
        return "active" if row[0] else "expired"

    return loaded, status


def _answer_reader(codebook: Codebook, key: str) -> Callable[[str], Any]:
    """Reads an answer cell: a parameter's code (or its label), or a question's answer text."""
    param = codebook.parameter(key)
    if param is None:
        return lambda text: text
    if param.kind == "postcode":
        return lambda text: text
    by_label = {_fold(a.da): a.code for a in param.answers}
    by_label.update({_fold(a.en): a.code for a in param.answers})
    codes = {a.code for a in param.answers}

    def read(text: str) -> Any:
        if text in codes:
            return text
        return by_label.get(_fold(text), text)

    return read


class _Checker:
    """check_registration (history rules) for each row, computed once per distinct value.

    Under the history rules every check looks at one field (the direction follows from the
    channel here, and the two times are checked per row by the caller), so a row's problems are
    the problems of its values, each found by checking a known-good registration with that one
    value put in. A test holds this equal to calling check_registration on every row. Should
    the known-good registration ever fail (a stricter rule set), whole rows are checked instead.
    """

    def __init__(
        self,
        codebook: Codebook,
        plan: Plan | None,
        task_status: Callable[[str], TaskStatus] | None,
        names: dict[str, str],
        answer_headers: dict[str, str],
        kle_loaded: bool,
    ) -> None:
        self.codebook = codebook
        self.plan = plan
        self.task_status = task_status
        self.names = names
        self.answer_headers = answer_headers
        self.memo: dict[tuple[Any, ...], tuple[list[tuple[str, object, str]], list[Any]]] = {}
        self.parts: dict[tuple[str, Any], list[tuple[str, object, str]]] = {}
        self.statuses: dict[str, TaskStatus] = {}
        self.kle_loaded = kle_loaded
        channel = codebook.channels[0]
        self.base = Registration(
            municipality=plan.municipality if plan is not None else 101,
            unit=None,
            direction=channel.direction,
            channel=channel.code,
            task=codebook.tasks[0].kle,
            type=codebook.types[0].code,
            closing=codebook.closings[0].code,
            form=None,
            saved_at=datetime(2000, 1, 1, tzinfo=UTC),
            source=Source.IMPORT.value,
        )
        self.by_field = not self._problems(self.base)

    def _column(self, where: str) -> str:
        if where.startswith("svar."):
            key = where[5:]
            return self.answer_headers.get(key, key)
        name = _LABEL_FIELD.get(where, where)
        return self.names.get(name, where)

    def _problems(self, reg: Registration) -> list[tuple[str, object, str]]:
        found = check_registration(reg, self.codebook, self.plan, rules="history")
        return [(self._column(p.where), p.value, p.reason) for p in found]

    def _direction(self, chan: str) -> str:
        channel = self.codebook.channel(chan)
        # An unknown channel gets a valid direction so that only the channel is reported.
        return channel.direction if channel is not None else "IND"

    def row_problems(
        self, vkey: tuple[Any, ...], answers: dict[str, str]
    ) -> list[tuple[str, object, str]]:
        muni, unit, chan, task, typ, clos, form, answers_json, source = vkey
        if not self.by_field:
            return self._problems(
                self.base.but(
                    municipality=muni,
                    unit=unit,
                    direction=self._direction(chan),
                    channel=chan,
                    task=task,
                    type=typ,
                    closing=clos,
                    form=form,
                    answers=answers,
                    source=source,
                )
            )
        problems: list[tuple[str, object, str]] = []
        for name, value in (
            ("municipality", muni),
            ("unit", unit),
            ("channel", chan),
            ("task", task),
            ("type", typ),
            ("closing", clos),
            ("form", form),
            ("answers", answers_json),
            ("source", source),
        ):
            found = self.parts.get((name, value))
            if found is None:
                if name == "channel":
                    changed = self.base.but(channel=chan, direction=self._direction(chan))
                elif name == "answers":
                    changed = self.base.but(answers=answers)
                else:
                    changed = self.base.but(**{name: value})
                found = self.parts[(name, value)] = self._problems(changed)
            problems += found
        return problems

    def check(
        self, vkey: tuple[Any, ...], answers: dict[str, str]
    ) -> tuple[list[tuple[str, object, str]], list[Any]]:
        problems = self.row_problems(vkey, answers)
        warnings: list[Any] = []
        if not problems:
            muni, unit, chan, task, _, _, form, _, _ = vkey
            channel = self.codebook.channel(chan)
            warnings = self._warnings(muni, unit, channel, chan, task, form)
        if len(self.memo) > _MEMO_LIMIT:
            self.memo.clear()
        if len(self.parts) > _MEMO_LIMIT:
            self.parts.clear()
        self.memo[vkey] = (problems, warnings)
        return problems, warnings

    def _warnings(
        self, muni: int, unit: str | None, channel: Any, chan: str, task: str, form: str | None
    ) -> list[tuple[str, str, str]]:
        names = self.names
        plan = self.plan
        out: list[tuple[str, str, str]] = []
        if plan is not None and muni != plan.municipality:
            out.append(
                (
                    names["municipality"],
                    str(muni),
                    f"tælleplanen gælder kommune {plan.municipality}",
                )
            )
        if unit is None:
            if chan != "WEB":
                out.append(
                    (names["unit"], "", f"tom enhed på en {chan}-række (kun normalt for WEB)")
                )
        elif plan is not None and plan.unit(unit) is None:
            out.append((names["unit"], unit, "enheden findes ikke i tælleplanen (accepteret)"))
        # NEJ is what uploads and website rows write on every channel; JA on a phone call is
        # worth a look.
        if form == "JA" and channel is not None and not channel.asks_form:
            out.append(
                (names["channel"], chan, "kanalen spørger normalt ikke om blanket (accepteret)")
            )
        if self.codebook.task(task) is None:
            status = self.statuses.get(task)
            if status is None:
                status = self.task_status(task) if self.task_status is not None else "unknown"
                self.statuses[task] = status
            if status == "expired":
                out.append((names["task"], task, "udgået KLE-emne (accepteret som historik)"))
            elif status == "unknown":
                reason = (
                    "hverken i opgavekataloget eller i KLE (fx en KOMHEN-lokal kode; accepteret)"
                    if self.kle_loaded
                    else "ikke i opgavekataloget; KLE er ikke indlæst, så nummeret er ikke "
                    "kontrolleret (accepteret)"
                )
                out.append((names["task"], task, reason))
        return out
