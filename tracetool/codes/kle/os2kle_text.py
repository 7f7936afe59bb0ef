"""OS2KLE text: one line per emne with title and weighted search keywords, no dates."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Final

from tracetool.codes.kle.subjects import (
    _NR_PATTERNS,
    _OS2KLE_MARK,
    _UTF16_BOMS,
    KleCatalogue,
    KleSubject,
    _parent_of,
)
from tracetool.errors import FileFormatError
from tracetool.locale import translator

_ = translator("core")

# Greedy title: a quote or colon inside the title cannot end it early; only the last
# "':Keywords[Weight]=" does.
_OS2KLE_LINE: Final = re.compile(
    r"KLENummer='(?P<nr>[^']*)':KLETitel='(?P<title>.*)':Keywords\[Weight\]=(?P<kw>.*)"
)
# Greedy text: a keyword may itself contain brackets; the weight is the last [...].
_KEYWORD: Final = re.compile(r"(?P<text>.*)\[(?P<weight>[^\[\]]*)\]")
_EDITION_IN_NAME: Final = re.compile(
    r"OS2KLE[_ -]?v?(?P<version>\d+(?:\.\d+)+)(?:[_ -](?P<month>\d{4}-\d{2}))?", re.IGNORECASE
)


def _os2kle_edition(file_name: str) -> str:
    m = _EDITION_IN_NAME.search(file_name)
    if m is None:
        return "OS2KLE"
    month = f" ({m.group('month')})" if m.group("month") else ""
    return f"OS2KLE {m.group('version')}{month}"


def _decode_text(where: str, data: bytes) -> str:
    """UTF-8 (with or without BOM), UTF-16 with BOM, else Windows-1252.

    OS2KLE publishes UTF-8, but a copy saved from Excel or Notepad on a Danish Windows
    machine is Windows-1252/latin-1; reading it as such gives the right æøå. A file that is
    mostly valid UTF-8 with a few broken bytes is damaged, not Windows-1252, so it is refused
    rather than turned into mojibake.
    """
    if data.startswith(_UTF16_BOMS):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise FileFormatError(
                where, _("ugyldig UTF-16-tekst"), value=exc.object[exc.start : exc.end]
            ) from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        lossy = data.decode("utf-8", errors="replace")
        if any(ord(ch) > 127 and ch != "\ufffd" for ch in lossy):
            line = data.count(b"\n", 0, exc.start) + 1
            column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
            raise FileFormatError(
                where,
                _("filen er UTF-8 med ugyldige bytes (beskadiget tegnkodning)"),
                line=line,
                column=column,
                value=data[exc.start : exc.end],
            ) from None
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise FileFormatError(
            where,
            _("ukendt tegnkodning: filen er hverken UTF-8 eller Windows-1252/latin-1"),
            line=line,
            value=data[exc.start : exc.end],
        ) from None


def _read_os2kle(where: str, file_name: str, data: bytes) -> KleCatalogue:
    text = _decode_text(where, data)
    subjects: list[KleSubject] = []
    seen: dict[str, int] = {}
    for lineno, raw in enumerate(text.split("\n"), start=1):
        line = raw.removesuffix("\r").lstrip("\ufeff")
        if not line.strip():
            continue
        subject = _os2kle_subject(where, lineno, line)
        if subject.nr in seen:
            raise FileFormatError(
                where,
                _("KLE-nummer {nr} forekommer to gange (første gang i linje {seen})").format(
                    nr=subject.nr, seen=seen[subject.nr]
                ),
                line=lineno,
                column=len("KLENummer='") + 1,
                value=subject.nr,
            )
        seen[subject.nr] = lineno
        subjects.append(subject)
    return KleCatalogue(
        edition=_os2kle_edition(file_name), format="os2kle", subjects=tuple(subjects)
    )


def _os2kle_subject(where: str, lineno: int, line: str) -> KleSubject:
    def fail(reason: str, column: int | None = None, value: object = None) -> FileFormatError:
        return FileFormatError(where, reason, line=lineno, column=column, value=value)

    m = _OS2KLE_LINE.fullmatch(line)
    if m is None:
        raise fail(_os2kle_line_problem(line), 1, line[:60])
    nr = m.group("nr")
    if not _NR_PATTERNS["emne"].fullmatch(nr):
        raise fail(_("ugyldigt emnenummer: skal have formen NN.NN.NN"), m.start("nr") + 1, nr)
    title = " ".join(m.group("title").split())
    if not title:
        raise fail(_("tom KLETitel"), m.start("title") + 1)
    keywords = _os2kle_keywords(m.group("kw"), m.start("kw"), fail)
    return KleSubject(
        nr=nr,
        level="emne",
        title=title,
        parent=_parent_of(nr),
        created=None,
        changed=None,
        expired=None,
        moved=None,
        moved_to=None,
        active=True,
        keywords=keywords,
    )


def _os2kle_line_problem(line: str) -> str:
    if not line.startswith(_OS2KLE_MARK):
        return _("linjen mangler KLENummer='…' i starten")
    if ":KLETitel='" not in line:
        return _("linjen mangler KLETitel='…'")
    if ":Keywords[Weight]=" not in line:
        return _("linjen mangler Keywords[Weight]=")
    return _("linjen har ikke formen KLENummer='…':KLETitel='…':Keywords[Weight]=…")


def _os2kle_keywords(
    field_text: str, offset: int, fail: Callable[..., FileFormatError]
) -> tuple[tuple[str, int], ...]:
    keywords: list[tuple[str, int]] = []
    pos = offset
    for item in field_text.split(";"):
        column = pos + 1
        pos += len(item) + 1
        # The list ends with ";", so the last item is empty; empty items carry nothing.
        if not item.strip():
            continue
        m = _KEYWORD.fullmatch(item)
        if m is None:
            raise fail(_("nøgleord uden vægt: skal have formen tekst[tal]"), column, item)
        weight = m.group("weight")
        if not weight.isascii() or not weight.isdigit():
            raise fail(
                _("ugyldig vægt {weight!r} for nøgleord: skal være et helt tal ≥ 0").format(
                    weight=weight
                ),
                column,
                item,
            )
        text = " ".join(m.group("text").split())
        if not text:
            raise fail(_("tomt nøgleord foran vægten"), column, item)
        keywords.append((text, int(weight)))
    return tuple(keywords)
