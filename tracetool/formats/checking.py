"""Row validation shared by every layout: the history rules, once per distinct combination."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from datetime import UTC, datetime
from operator import itemgetter
from typing import Any

from tracetool.codes.codebook import Codebook
from tracetool.formats.fields import (
    _MEMO_LIMIT,
    FIELDS,
    _Bad,
    _Layout,
)
from tracetool.formats.values import _answer_reader, _Readers
from tracetool.locale import translator
from tracetool.model import Registration, Source
from tracetool.plan.model import Plan
from tracetool.plan.validation import FIELD_LABELS, TaskStatus, check_registration

_ = translator("core")

_LABEL_FIELD = {label: name for name, label in FIELD_LABELS.items()}


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


# The fields checked as codes and counts; the two times are checked on their own.
_CODE_FIELDS = tuple(f for f in FIELDS if f not in ("saved_at", "started_at"))


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
                    _("tælleplanen gælder kommune {municipality}").format(
                        municipality=plan.municipality
                    ),
                )
            )
        if unit is None:
            if chan != "WEB":
                out.append(
                    (
                        names["unit"],
                        "",
                        _("tom enhed på en {chan}-række (kun normalt for WEB)").format(chan=chan),
                    )
                )
        elif plan is not None and plan.unit(unit) is None:
            out.append((names["unit"], unit, _("enheden findes ikke i tælleplanen (accepteret)")))
        # NEJ is what uploads and website rows write on every channel; JA on a phone call is
        # worth a look.
        if form == "JA" and channel is not None and not channel.asks_form:
            out.append(
                (names["channel"], chan, _("kanalen spørger normalt ikke om blanket (accepteret)"))
            )
        if self.codebook.task(task) is None:
            status = self.statuses.get(task)
            if status is None:
                status = self.task_status(task) if self.task_status is not None else "unknown"
                self.statuses[task] = status
            if status == "expired":
                out.append((names["task"], task, _("udgået KLE-emne (accepteret som historik)")))
            elif status == "unknown":
                reason = (
                    _("hverken i opgavekataloget eller i KLE (fx en KOMHEN-lokal kode; accepteret)")
                    if self.kle_loaded
                    else _(
                        "ikke i opgavekataloget; KLE er ikke indlæst, så nummeret er ikke "
                        "kontrolleret (accepteret)"
                    )
                )
                out.append((names["task"], task, reason))
        return out
