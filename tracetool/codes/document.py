"""Kodebogen: the human-readable codebook, rendered as Markdown from the codebook data.

``codebook/README.md`` is this module's output (``tracetool codebook show --markdown``); a test
regenerates it and compares, so the document can never drift from the codes the tool uses.
The output is deterministic: no dates, no dictionary-order surprises, one example time.

Every heading and label is given in both languages: with ``lang="da"`` Danish comes first with
the English beside it in parentheses, with ``lang="en"`` the other way round. Texts that exist
in one language only in the data (how a channel is usually counted, notes) are shown as they
are.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Final

from tracetool.codes.codebook import Channel, Code, Codebook, FileFormat, Task
from tracetool.codes.document_texts import DOMAIN, ENCODINGS, PACKAGES, TEXTS
from tracetool.locale import catalogue

__all__ = ["LANGS", "render_markdown"]

LANGS: Final = ("da", "en")

# The type the app sets when the Fejlhenvendelse task is chosen (see Desk.build).
_FEJL_TYPE: Final = "FEJL"

# One fixed moment shows what each date layout looks like.
_EXAMPLE_TIME: Final = datetime(2013, 10, 21, 9, 20, 41)


class _Doc:
    def __init__(self, lang: str) -> None:
        if lang not in LANGS:
            raise ValueError(f"ukendt sprog {lang!r}; brug da eller en")
        self.lang = lang
        self.lines: list[str] = []
        self.english = catalogue(DOMAIN, "en").gettext

    def words(self, danish: str) -> tuple[str, str]:
        """A Danish message and its English."""
        return danish, self.english(danish)

    def t(self, key: str) -> str:
        """The text in the document's language only (prose)."""
        da, en = self.words(TEXTS[key])
        return da if self.lang == "da" else en

    def pair(self, da: str, en: str) -> str:
        """A label with the other language beside it; one text if both are the same."""
        first, second = (da, en) if self.lang == "da" else (en, da)
        if first == second:
            return first
        # "Upload-skabelon (csv-skabelon) (Upload template)" would read as one long aside.
        return f"{first} / {second}" if ")" in first + second else f"{first} ({second})"

    def both(self, da: str, en: str) -> list[str]:
        """The two texts as two table cells, the document's language first."""
        return [da, en] if self.lang == "da" else [en, da]

    def h(self, key: str) -> str:
        return self.pair(*self.words(TEXTS[key]))

    def add(self, *lines: str) -> None:
        self.lines.extend(lines)

    def heading(self, level: int, text: str) -> None:
        self.add("#" * level + " " + text, "")

    def para(self, text: str) -> None:
        self.add(text, "")

    def table(self, header: Sequence[str], rows: Iterable[Sequence[str]]) -> None:
        self.add(_row(header), _row(["---"] * len(header)))
        self.add(*(_row(r) for r in rows))
        self.add("")

    def yes_no(self, value: bool) -> str:
        return self.t("yes") if value else self.t("no")

    def text(self) -> str:
        return "\n".join(self.lines).rstrip("\n") + "\n"


def _cell(value: str) -> str:
    # A pipe would end the cell and a newline the row.
    return value.replace("|", "\\|").replace("\n", " ")


def _row(cells: Sequence[str]) -> str:
    return "| " + " | ".join(_cell(c) for c in cells) + " |"


def _code(value: str) -> str:
    return f"`{value}`" if value else ""


def render_markdown(codebook: Codebook, lang: str = "da") -> str:
    """Kodebogen as Markdown; ``lang`` picks which language comes first."""
    doc = _Doc(lang)
    doc.heading(1, f"{doc.h('title')} — KOMHEN 2.0")
    doc.para(f"*{doc.t('generated')}*")
    doc.para(doc.t("intro"))
    _formats(doc, codebook)
    _codes(doc, "directions", codebook.directions, intro="directions_intro")
    _channels(doc, codebook)
    _types(doc, codebook)
    _codes(doc, "closings", codebook.closings, intro="closings_intro")
    _codes(doc, "forms", codebook.forms, intro="forms_intro")
    _parameters(doc, codebook)
    _tasks(doc, codebook)
    _notes(doc, codebook)
    return doc.text()


def _formats(doc: _Doc, codebook: Codebook) -> None:
    doc.heading(2, doc.h("formats"))
    for fmt in codebook.formats:
        doc.heading(3, f"{doc.pair(fmt.da, fmt.en)} — `{fmt.key}`")
        doc.table(
            [doc.h("property"), doc.h("value")],
            [
                [doc.h("key"), _code(fmt.key)],
                [
                    doc.h("delimiter"),
                    _code(fmt.delimiter) if fmt.delimiter else doc.t("no_delimiter"),
                ],
                [doc.h("encoding"), _encoding(fmt.encoding)],
                [doc.h("date"), _date_layout(fmt)],
                [doc.h("null"), _code(fmt.null) if fmt.null else doc.t("empty_string")],
                [doc.h("trailing"), doc.yes_no(fmt.trailing)],
                [doc.h("extra"), _extra(doc, fmt)],
            ],
        )
        doc.table(
            [
                doc.h("nr"),
                doc.h("column"),
                *doc.both(*doc.words(TEXTS["meaning"])),
                doc.h("example"),
            ],
            (
                [str(i), _code(c.name), *doc.both(c.da, c.en), _code(c.example)]
                for i, c in enumerate(fmt.columns, start=1)
            ),
        )
        if fmt.delimiter:
            doc.para(doc.t("sample"))
            doc.add("```", *_sample_lines(doc, fmt), "```", "")
        else:
            doc.para(doc.t("sample_json"))
            doc.add("```json", _sample_json(fmt), "```", "")


def _encoding(encoding: str) -> str:
    name = ENCODINGS.get(encoding.lower())
    return f"{name} (`{encoding}`)" if name else _code(encoding)


def _date_layout(fmt: FileFormat) -> str:
    if "%" not in fmt.date:
        return fmt.date
    return f"`{fmt.date}` → `{_EXAMPLE_TIME.strftime(fmt.date)}`"


def _extra(doc: _Doc, fmt: FileFormat) -> str:
    if not fmt.extra:
        return doc.t("no")
    return doc.t("extra_yes") if fmt.delimiter else doc.t("extra_json")


def _sample_lines(doc: _Doc, fmt: FileFormat) -> list[str]:
    header = [c.name for c in fmt.columns]
    example = [c.example for c in fmt.columns]
    if fmt.extra:
        header.append(doc.t("question"))
    end = fmt.delimiter if fmt.trailing else ""
    if fmt.extra:
        # The example row leaves the question unanswered, as a unit without it would.
        example.append("")
    return [fmt.delimiter.join(header) + end, fmt.delimiter.join(example) + end]


def _sample_json(fmt: FileFormat) -> str:
    def value(text: str) -> object:
        # Examples are written as text in the data; numbers, booleans and {} read as JSON.
        try:
            return json.loads(text)
        except ValueError:
            return text

    return json.dumps({c.name: value(c.example) for c in fmt.columns}, ensure_ascii=False)


def _codes(doc: _Doc, title: str, codes: Sequence[Code], *, intro: str) -> None:
    doc.heading(2, doc.h(title))
    doc.para(doc.t(intro))
    doc.table(
        [doc.h("code"), doc.h("label_da"), doc.h("label_en"), doc.h("hotkey")],
        ([_code(c.code), c.da, c.en, _hotkey(c.hotkey)] for c in codes),
    )


def _hotkey(key: int | None) -> str:
    return str(key) if key is not None else "–"


def _channels(doc: _Doc, codebook: Codebook) -> None:
    doc.heading(2, doc.h("channels"))
    doc.para(doc.t("channels_intro"))
    for direction in codebook.directions:
        doc.heading(3, f"{doc.pair(direction.da, direction.en)} — `{direction.code}`")
        chans = [c for c in codebook.channels if c.direction == direction.code]
        # Desk channels in tile order, then those counted from extracts in file order.
        chans.sort(key=lambda c: (c.hotkey is None, c.hotkey or 0))
        doc.table(
            [
                doc.h("code"),
                doc.h("label_da"),
                doc.h("label_en"),
                doc.h("asks_form"),
                doc.h("tile"),
                doc.h("counted_by"),
            ],
            (_channel_row(doc, c) for c in chans),
        )


def _channel_row(doc: _Doc, c: Channel) -> list[str]:
    code = _code(c.code) + (f" {doc.t('ours')}" if c.ours else "")
    return [code, c.da, c.en, doc.yes_no(c.asks_form), _hotkey(c.hotkey), c.counted_by]


def _types(doc: _Doc, codebook: Codebook) -> None:
    doc.heading(2, doc.h("types"))
    by_group = {
        g: ", ".join(_code(t.code) for t in codebook.types if t.group == g) for g in ("sag", "info")
    }
    doc.para(doc.t("types_intro").format(**by_group))
    doc.table(
        [
            doc.h("code"),
            doc.h("group"),
            doc.h("label_da"),
            doc.h("label_en"),
            doc.h("hotkey"),
            doc.h("note"),
        ],
        (
            [_code(t.code), _code(t.group), t.da, t.en, _hotkey(t.hotkey), t.note]
            for t in codebook.types
        ),
    )
    doc.heading(3, doc.h("groups"))
    doc.table(
        [doc.h("code"), doc.h("label_da"), doc.h("label_en")],
        ([_code(g.code), g.da, g.en] for g in codebook.groups),
    )


def _parameters(doc: _Doc, codebook: Codebook) -> None:
    doc.heading(2, doc.h("parameters"))
    doc.para(doc.t("parameters_intro"))
    for p in codebook.parameters:
        doc.heading(3, f"`{p.key}` — {doc.pair(p.da, p.en)}")
        if p.kind == "postcode" or not p.answers:
            doc.para(doc.t("postcode") if p.kind == "postcode" else f"`{p.kind}`")
            continue
        doc.table(
            [doc.h("code"), doc.h("label_da"), doc.h("label_en"), doc.h("hotkey")],
            ([_code(a.code), a.da, a.en, _hotkey(a.hotkey)] for a in p.answers),
        )


def _packages(tasks: Sequence[Task]) -> list[str]:
    seen: dict[str, None] = {}
    for t in tasks:
        for p in t.packages:
            seen.setdefault(p)
    return list(seen)


def _tasks(doc: _Doc, codebook: Codebook) -> None:
    doc.heading(2, doc.h("tasks"))
    doc.para(doc.t("tasks_intro"))
    for package in _packages(codebook.tasks):
        tasks = codebook.tasks_in(package)
        regular = sum(1 for t in tasks if t.special is None)
        special = len(tasks) - regular
        count = f"{regular} {doc.t('task' if regular == 1 else 'tasks_count')}"
        if special:
            count += f" + {special} {doc.t('special_task' if special == 1 else 'special_tasks')}"
        name = doc.pair(*doc.words(PACKAGES[package])) if package in PACKAGES else package
        doc.heading(3, f"{name} — `{package}`, {count}")
        doc.table(
            [
                doc.h("kle"),
                doc.h("komhen_name"),
                doc.h("english_name"),
                doc.h("wave"),
                doc.h("status_2013"),
            ],
            ([_code(t.kle), t.name, t.name_en, t.wave or "", t.status_2013 or ""] for t in tasks),
        )
    loose = [t for t in codebook.tasks if not t.packages]
    if loose:
        doc.heading(3, doc.pair("Uden pakke", "No package"))
        doc.table(
            [doc.h("kle"), doc.h("komhen_name"), doc.h("english_name")],
            ([_code(t.kle), t.name, t.name_en] for t in loose),
        )


def _notes(doc: _Doc, codebook: Codebook) -> None:
    doc.heading(2, doc.h("notes"))
    doc.heading(3, doc.h("note_null"))
    doc.para(doc.t("note_null_text"))
    doc.add(
        *(
            f"- `{f.key}`: " + (_code(f.null) if f.null else doc.t("empty_string"))
            for f in codebook.formats
        ),
        "",
    )
    doc.heading(3, doc.h("note_encoding"))
    doc.para(doc.t("note_encoding_text"))
    doc.add(*(f"- `{f.key}`: {_encoding(f.encoding)}" for f in codebook.formats), "")
    doc.heading(3, doc.h("note_dates"))
    doc.para(doc.t("note_dates_text"))
    doc.add(*(f"- `{f.key}`: {_date_layout(f)}" for f in codebook.formats), "")
    fejl = codebook.fejl_task
    doc.heading(3, f"{doc.h('note_fejl')} — `{fejl.kle}`")
    doc.para(
        f"`{fejl.kle}` {doc.pair(fejl.name, fejl.name_en)}: {doc.t('note_fejl_text')} "
        f"`{_FEJL_TYPE}`."
    )
    doc.heading(3, doc.h("note_history"))
    doc.para(doc.t("note_history_text"))
