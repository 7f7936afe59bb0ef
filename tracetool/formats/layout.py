"""Layout detection: which layout a header announces (``dl``, ``upload`` or a map), with which
delimiter, and where each field of the ``dl`` and ``upload`` layouts stands.
"""

from __future__ import annotations

from pathlib import Path

from tracetool import locale, timeutil
from tracetool.codes.codebook import Codebook, FileFormat
from tracetool.errors import FileFormatError, TracetoolError
from tracetool.formats.columns import (
    COLUMN_FIELDS,
)
from tracetool.formats.fields import (
    FIELD_NAMES_DA,
    FIELDS,
    REJECT_LINE,
    REJECT_REASON,
    _fold,
    _Layout,
    _split_header,
)
from tracetool.formats.mapped import (
    ImportMap,
    _map_layout,
)
from tracetool.formats.xlsx import DERIVED_COLUMNS
from tracetool.locale import translator
from tracetool.plan.model import Plan

_ = translator("core")

_DERIVED = frozenset(_fold(name) for name in DERIVED_COLUMNS)


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
            _("kolonnen {missing!r} fra kortet {path} findes ikke i filen").format(
                missing=missing[0], path=mapping.path
            ),
            line=1,
            value=shown,
        )
    raise FileFormatError(
        str(path),
        _(
            "ukendt filformat: overskriften er hverken Det Digitale Landkorts råudtræk (dl) eller "
            "upload-skabelonen; brug --map KORT.toml til andre systemers filer"
        ),
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


def _unknown_column(path: Path, fmt: FileFormat, column: int, cell: str) -> FileFormatError:
    name = (fmt.en if locale.current() == "en" else fmt.da).lower()
    return FileFormatError(
        str(path),
        _("ukendt kolonne i {format}; skabelonen har: {header}").format(
            format=name, header=", ".join(fmt.header)
        ),
        line=1,
        column=column,
        value=cell,
    )


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
        if folded in _DERIVED:
            ignored.add(i)  # an xlsx export's reading aids: they follow from the codes
            continue
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
                raise TracetoolError(
                    _("formats.toml: kolonnen {column!r} er ukendt for importen").format(
                        column=column
                    )
                )
            if target in index or (target == "municipality_name" and name_index is not None):
                raise FileFormatError(
                    str(path), _("kolonnen står to gange i overskriften"), line=1, column=cell
                )
            if target == "municipality_name":
                name_index = pos
            elif target != "ended_at":
                index[target] = pos
                names[target] = column
            continue
        if not fmt.extra:
            raise _unknown_column(path, fmt, i + 1, cell)
        if not cell:
            raise FileFormatError(
                str(path), _("kolonnen har ingen overskrift"), line=1, column=i + 1
            )
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
