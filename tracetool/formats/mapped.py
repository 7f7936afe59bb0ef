"""Mapped CSV: another system's file read through a map (``--map MAP.toml``).

See ``MAP_EXAMPLE``.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from tracetool.codes.codebook import Codebook
from tracetool.errors import FileFormatError, Problem, ValidationError
from tracetool.formats.fields import (
    FIELDS,
    MAP_FIELDS,
    MAP_REQUIRED,
    _fold,
    _Layout,
)
from tracetool.locale import translator
from tracetool.plan.model import Plan

_ = translator("core")

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
    data = _read_toml(path)
    problems: list[Problem] = []

    def bad(where: str, value: object, reason: str) -> None:
        problems.append(Problem(where, value, reason))

    for key in data:
        if key not in _MAP_SECTIONS:
            bad(
                key,
                None,
                _("ukendt afsnit; brug {map_sections}").format(
                    map_sections=", ".join(_MAP_SECTIONS)
                ),
            )
    for section in _MAP_SECTIONS:
        if section in data and not isinstance(data[section], dict):
            bad(
                section,
                data[section],
                _("skal være et afsnit: [{section}]").format(section=section),
            )
    delimiter, encoding, date_format, timezone = _file_part(data, bad)
    columns, constants = _columns_constants(data, bad)
    values, answers, skip = _values_answers_skip(data, bad)
    for name in MAP_REQUIRED:
        if name not in columns and name not in constants:
            bad(
                name,
                None,
                _("feltet {name} mangler: angiv det under [columns] eller [constants]").format(
                    name=name
                ),
            )
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


_Complain = Callable[[str, object, str], None]


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_bytes().decode("utf-8-sig"))
    except FileNotFoundError:
        raise FileFormatError(str(path), _("kortfilen findes ikke")) from None
    except UnicodeDecodeError:
        raise FileFormatError(str(path), _("kortfilen er ikke UTF-8; gem den som UTF-8")) from None
    except tomllib.TOMLDecodeError as exc:
        at = _TOML_AT.search(str(exc))
        raise FileFormatError(
            str(path),
            _("ugyldig TOML: tjek anførselstegn, '=' og [afsnit] (se --map-example)"),
            line=int(at.group(1)) if at else None,
            column=int(at.group(2)) if at else None,
        ) from None
    except OSError as exc:
        raise FileFormatError(
            str(path), _("kortfilen kan ikke læses: {strerror}").format(strerror=exc.strerror)
        ) from None


def _file_part(data: dict[str, Any], bad: _Complain) -> tuple[Any, Any, Any, Any]:
    """[file]: delimiter, encoding, date_format and timezone as given (checked)."""
    file_part = data.get("file", {}) if isinstance(data.get("file"), dict) else {}
    for key, value in file_part.items():
        if key not in _FILE_KEYS:
            bad(
                f"file.{key}",
                value,
                _("ukendt nøgle; brug {file_keys}").format(file_keys=", ".join(_FILE_KEYS)),
            )
        elif not isinstance(value, str):
            bad(f"file.{key}", value, _("skal være tekst i anførselstegn"))
    delimiter = file_part.get("delimiter")
    if isinstance(delimiter, str) and delimiter not in (";", ",", "\t"):
        bad("file.delimiter", delimiter, _('brug ";" eller ","'))
    encoding = file_part.get("encoding", "auto")
    if isinstance(encoding, str) and encoding.lower() not in _ENCODINGS:
        bad(
            "file.encoding", encoding, _("brug {encodings}").format(encodings=", ".join(_ENCODINGS))
        )
    date_format = file_part.get("date_format")
    if isinstance(date_format, str) and "%" not in date_format:
        bad("file.date_format", date_format, _("skal være et strptime-mønster, fx %d-%m-%Y %H:%M"))
    timezone = file_part.get("timezone", "Europe/Copenhagen")
    if isinstance(timezone, str):
        try:
            ZoneInfo(timezone)
        except (ZoneInfoNotFoundError, ValueError):
            bad(
                "file.timezone", timezone, _("ukendt tidszone; brug fx Europe/Copenhagen eller UTC")
            )
    return delimiter, encoding, date_format, timezone


def _columns_constants(
    data: dict[str, Any], bad: _Complain
) -> tuple[dict[str, tuple[str, ...]], dict[str, str]]:
    columns: dict[str, tuple[str, ...]] = {}
    for key, value in _section(data, "columns").items():
        where = f"columns.{key}"
        if key not in MAP_FIELDS:
            bad(
                where,
                value,
                _("ukendt felt; brug {map_fields}").format(map_fields=", ".join(MAP_FIELDS)),
            )
        elif isinstance(value, str) and value.strip():
            columns[key] = (value.strip(),)
        elif isinstance(value, list) and value and all(isinstance(v, str) for v in value):
            columns[key] = tuple(v.strip() for v in value)
        else:
            bad(where, value, _("skal være en kolonneoverskrift eller en liste af overskrifter"))
    constants: dict[str, str] = {}
    for key, value in _section(data, "constants").items():
        where = f"constants.{key}"
        if key not in MAP_FIELDS:
            bad(
                where,
                value,
                _("ukendt felt; brug {map_fields}").format(map_fields=", ".join(MAP_FIELDS)),
            )
        elif key in columns:
            bad(where, value, _("feltet står også under [columns]; vælg ét af dem"))
        elif isinstance(value, str | int) and not isinstance(value, bool):
            constants[key] = str(value)
        else:
            bad(where, value, _("skal være tekst eller et tal"))
    return columns, constants


def _values_answers_skip(
    data: dict[str, Any], bad: _Complain
) -> tuple[dict[str, dict[str, str]], dict[str, str], dict[str, frozenset[str]]]:
    values: dict[str, dict[str, str]] = {}
    for key, table in _section(data, "values").items():
        where = f"values.{key}"
        if key not in MAP_FIELDS:
            bad(
                where,
                None,
                _("ukendt felt; brug {map_fields}").format(map_fields=", ".join(MAP_FIELDS)),
            )
        elif not isinstance(table, dict):
            bad(where, table, _('skal være et afsnit [values.FELT] med "filens værdi" = "kode"'))
        else:
            values[key] = {}
            for raw, code in table.items():
                if isinstance(code, str | int) and not isinstance(code, bool):
                    values[key][raw.strip()] = str(code)
                else:
                    bad(f"{where}.{raw}", code, _("koden skal være tekst"))
    answers: dict[str, str] = {}
    for key, value in _section(data, "answers").items():
        if isinstance(value, str) and value.strip():
            answers[key] = value.strip()
        else:
            bad(f"answers.{key}", value, _("skal være en kolonneoverskrift"))
    skip: dict[str, frozenset[str]] = {}
    for key, value in _section(data, "skip").items():
        if isinstance(value, str):
            value = [value]
        if isinstance(value, list) and all(isinstance(v, str) for v in value):
            skip[key] = frozenset(v.strip() for v in value)
        else:
            bad(f"skip.{key}", value, _("skal være en liste af værdier"))
    return values, answers, skip


def _section(data: dict[str, Any], name: str) -> dict[str, Any]:
    part = data.get(name, {})
    return part if isinstance(part, dict) else {}


def _listed_column(
    position: dict[str, int], column: str, table: str, path: Path, mapping: ImportMap
) -> int:
    """Where a column the map names in ``[answers]`` or ``[skip]`` stands in the file."""
    if _fold(column) not in position:
        raise FileFormatError(
            str(path),
            _("kolonnen {column!r} fra kortet {path} ([{table}]) findes ikke i filen").format(
                column=column, path=mapping.path, table=table
            ),
            line=1,
        )
    return position[_fold(column)]


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
                    _(
                        "kommunenummeret mangler: angiv municipality under [constants] eller "
                        "[columns], eller tag en tælleplan i brug"
                    ),
                )
            value = str(plan.municipality)
        names[name] = (
            _("{name} (fast værdi i kortet)").format(name=name)
            if name in mapping.constants
            else name
        )
        index[name] = width + len(constants)
        constants.append(value)
    extras = []
    for key, column in mapping.answers.items():
        extras.append((_listed_column(position, column, "answers", path, mapping), key, column))
    skip = []
    for column, skipped in mapping.skip.items():
        skip.append((_listed_column(position, column, "skip", path, mapping), skipped))
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
