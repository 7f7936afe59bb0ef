"""Code cells: raw text to field values (municipality, unit, codes, source, count, answers)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from tracetool.codes.codebook import Codebook
from tracetool.formats.columns import (
    DATAKILDE_DESK,
    DATAKILDE_DL,
)
from tracetool.formats.fields import (
    _MEMO_LIMIT,
    FIELD_NAMES_DA,
    FIELDS,
    _Bad,
    _fold,
)
from tracetool.locale import translator
from tracetool.model import Source
from tracetool.plan.model import Plan

_ = translator("core")


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
                return _Bad(_("kommunenummer mangler"))
            if not text.isdigit():
                return _Bad(_("kommunenummer skal være et tal, fx 259"))
            return int(text)
        if name == "unit":
            if empty:
                return None
            return self.unit_logins.get(_fold(text), text)
        if name in ("channel", "type", "closing"):
            if empty:
                return _Bad(_("{column} mangler").format(column=FIELD_NAMES_DA[name]))
            return text.upper()
        if name == "form":
            return None if empty else text.upper()
        if name == "task":
            if empty:
                return _Bad(_("opgave mangler"))
            return text
        if name == "source":
            if not text or text.casefold() == DATAKILDE_DL.casefold():
                return Source.IMPORT.value
            if text.casefold() == DATAKILDE_DESK.casefold():
                # Registered at a desk: kept as such so that a re-export says Tracetool again.
                return Source.APP.value
            return _Bad(
                _("ukendt datakilde; brug {datakilde_desk} eller {datakilde_dl}").format(
                    datakilde_desk=DATAKILDE_DESK, datakilde_dl=DATAKILDE_DL
                )
            )
        if name == "count":
            if empty:
                return 1
            if not text.isdigit() or int(text) < 1:
                return _Bad(_("antal skal være et helt tal på mindst 1"))
            return int(text)
        raise KeyError(name)


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
