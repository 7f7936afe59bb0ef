"""Read KL's subject classification (KLE) from the files KL and OS2 publish.

Two formats are understood, told apart by content (never by file name):

* KLE-XML v2.0, the full emneplan (root ``KLE-Emneplan``) with hovedgrupper, grupper and
  emner, their dates and where historic entries moved to;
* OS2KLE text, one line per emne with title and weighted search keywords, no dates.

The result is plain frozen dataclasses; storing them is someone else's job. Every problem with
the input becomes a ``FileFormatError`` with a Danish reason and, where known, line and
column (1-based) - never a ``UnicodeDecodeError`` or an expat exception.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import BinaryIO, Final, Literal
from xml.parsers import expat

from tracetool.errors import FileFormatError

__all__ = ["KleCatalogue", "KleSubject", "Level", "read_catalogue"]

Level = Literal["hovedgruppe", "gruppe", "emne"]
Format = Literal["kle-xml", "os2kle"]


@dataclass(frozen=True)
class KleSubject:
    """One hovedgruppe, gruppe or emne as the source file states it."""

    nr: str
    level: Level
    title: str
    parent: str | None
    created: date | None
    changed: date | None
    expired: date | None
    moved: date | None
    moved_to: str | None
    active: bool
    keywords: tuple[tuple[str, int], ...] = ()


@dataclass(frozen=True)
class KleCatalogue:
    """All subjects of one file, in file order (a parent always precedes its children)."""

    edition: str
    format: Format
    subjects: tuple[KleSubject, ...]


def read_catalogue(path: Path) -> KleCatalogue:
    """Read a KLE-XML emneplan or an OS2KLE text file; raise FileFormatError if it is neither."""
    where = str(path)
    try:
        with path.open("rb") as f:
            head = f.read(_SNIFF_BYTES)
            kind = _sniff(where, head)
            f.seek(0)
            if kind == "kle-xml":
                return _XmlReader(where).read(f)
            data = f.read()
    except OSError as exc:
        raise FileFormatError(where, f"filen kan ikke læses: {exc.strerror or exc}") from exc
    return _read_os2kle(where, path.name, data)


# --- format detection -------------------------------------------------------------------

# Enough to skip a BOM, an XML declaration's leading whitespace or a UTF-16 prefix.
_SNIFF_BYTES: Final = 4096
_UTF16_BOMS: Final = (b"\xff\xfe", b"\xfe\xff")
_OS2KLE_MARK: Final = "KLENummer="


def _sniff(where: str, head: bytes) -> Format:
    if head.startswith(_UTF16_BOMS):
        # Windows Notepad's "Unicode" is UTF-16; expat reads it natively, and the OS2KLE
        # reader decodes it, so only the first characters matter here.
        text = head[: len(head) // 2 * 2].decode("utf-16", errors="replace")
    else:
        # The markers are ASCII, so a lossy decode cannot hide them.
        text = head.decode("utf-8", errors="replace")
    text = text.lstrip("\ufeff \t\r\n")
    if text.startswith("<"):
        return "kle-xml"
    if text.startswith(_OS2KLE_MARK):
        return "os2kle"
    if not text:
        raise FileFormatError(where, "filen er tom")
    if _looks_binary(head):
        raise FileFormatError(
            where,
            "filen er ikke en tekstfil (binære data) og hverken KLE-XML eller OS2KLE",
        )
    first_line = text.splitlines()[0]
    raise FileFormatError(
        where,
        "ukendt filformat: hverken KLE-XML (<KLE-Emneplan>) eller OS2KLE (KLENummer='…')",
        line=1,
        value=first_line[:60],
    )


def _looks_binary(head: bytes) -> bool:
    if b"\x00" in head:
        return True
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 13))
    return controls > len(head) // 20


# --- shared checks ----------------------------------------------------------------------

_NR_PATTERNS: Final[dict[Level, re.Pattern[str]]] = {
    "hovedgruppe": re.compile(r"\d\d"),
    "gruppe": re.compile(r"\d\d\.\d\d"),
    "emne": re.compile(r"\d\d\.\d\d\.\d\d"),
}
_NR_SHAPES: Final[dict[Level, str]] = {
    "hovedgruppe": "NN",
    "gruppe": "NN.NN",
    "emne": "NN.NN.NN",
}
# KLE-XML lets AfloestAf point at a handlingsfacet as well as a subject (XSD: HandlingsfacetNr).
_FACET_PATTERN: Final = re.compile(r"[APSØGKI]\d\d")
# xs:date may carry a time zone; KLE never uses one, but it is still a valid date.
_DATE_PATTERN: Final = re.compile(r"(\d{4}-\d{2}-\d{2})(?:Z|[+-]\d{2}:\d{2})?")


def _parent_of(nr: str) -> str | None:
    return nr.rpartition(".")[0] or None


# --- KLE-XML ----------------------------------------------------------------------------

_ROOT: Final = "KLE-Emneplan"
_ENTITY_LEVEL: Final[dict[str, Level]] = {
    "Hovedgruppe": "hovedgruppe",
    "Gruppe": "gruppe",
    "Emne": "emne",
}
_ENTITY_PARENT: Final[dict[str, str]] = {
    "Hovedgruppe": _ROOT,
    "Gruppe": "Hovedgruppe",
    "Emne": "Gruppe",
}
_NR_TAG: Final[dict[str, Level]] = {
    "HovedgruppeNr": "hovedgruppe",
    "GruppeNr": "gruppe",
    "EmneNr": "emne",
}
_TITLE_TAGS: Final = frozenset({"HovedgruppeTitel", "GruppeTitel", "EmneTitel"})
_ADMIN_TAGS: Final = frozenset(
    {"HovedgruppeAdministrativInfo", "GruppeAdministrativInfo", "EmneAdministrativInfo"}
)
_DATE_TAGS: Final = frozenset(
    {"OprettetDato", "RettetDato", "UdgaaetDato", "FlyttetDato", "UdgivelsesDato"}
)
# Only these leaves are kept; everything else (Vejledning HTML, stikord, retskilder) is skipped
# without being buffered.
_CAPTURE_TAGS: Final = frozenset(_NR_TAG) | _TITLE_TAGS | _DATE_TAGS | {"HandlingsfacetNr"}
_CHUNK: Final = 1 << 16

# Expat's English messages for the errors a damaged file actually produces.
_EXPAT_REASONS: Final[dict[str, str]] = {
    expat.errors.XML_ERROR_NO_ELEMENTS: "XML-filen slutter for tidligt (afkortet fil?)",
    expat.errors.XML_ERROR_UNCLOSED_TOKEN: "XML-filen slutter midt i et tag (afkortet fil?)",
    expat.errors.XML_ERROR_PARTIAL_CHAR: "XML-filen slutter midt i et tegn (afkortet fil?)",
    expat.errors.XML_ERROR_TAG_MISMATCH: "start- og sluttag passer ikke sammen i XML-filen",
    expat.errors.XML_ERROR_INVALID_TOKEN: "ugyldigt tegn eller ugyldig XML",
    expat.errors.XML_ERROR_SYNTAX: "XML-syntaksfejl",
    expat.errors.XML_ERROR_JUNK_AFTER_DOC_ELEMENT: "uventet indhold efter XML-dokumentets slut",
    expat.errors.XML_ERROR_UNKNOWN_ENCODING: "XML-filen angiver en ukendt tegnkodning",
    expat.errors.XML_ERROR_INCORRECT_ENCODING: "XML-filens tegnkodning passer ikke med indholdet",
}


@dataclass
class _Entity:
    """A subject while its element is still open; frozen into KleSubject at the end."""

    level: Level
    tag: str
    line: int
    column: int
    parent: str | None
    nr: str | None = None
    title: str | None = None
    created: date | None = None
    changed: date | None = None
    expired: date | None = None
    moved: date | None = None
    moved_to: str | None = None
    historic: bool = False

    def freeze(self) -> KleSubject:
        assert self.nr is not None and self.title is not None
        return KleSubject(
            nr=self.nr,
            level=self.level,
            title=self.title,
            parent=self.parent,
            created=self.created,
            changed=self.changed,
            expired=self.expired,
            moved=self.moved,
            moved_to=self.moved_to,
            active=not self.historic,
        )


@dataclass
class _Leaf:
    tag: str
    line: int
    column: int
    parts: list[str] = field(default_factory=list)


class _XmlReader:
    """Streams a KLE-XML file through expat.

    Expat rather than ElementTree.iterparse: iterparse cannot say on which line an element
    sits, and a bad EmneNr must be reported with its line. Expat is what iterparse runs on,
    so memory stays just as flat, and no tree is built at all.
    """

    def __init__(self, where: str) -> None:
        self.where = where
        self.parser = expat.ParserCreate(namespace_separator="}")
        # Coalesced text is far faster; positions are taken from start tags, which stay exact.
        self.parser.buffer_text = True
        self.parser.StartElementHandler = self._start
        self.parser.EndElementHandler = self._end
        self.parser.CharacterDataHandler = self._text
        self.parser.StartDoctypeDeclHandler = self._doctype
        self.path: list[str] = []
        self.open_entities: list[_Entity] = []
        self.entities: list[_Entity] = []
        self.seen: dict[str, int] = {}
        self.leaf: _Leaf | None = None
        self.published: date | None = None
        self.flyttet_targets = 0

    def read(self, f: BinaryIO) -> KleCatalogue:
        try:
            while chunk := f.read(_CHUNK):
                self.parser.Parse(chunk, False)
            self.parser.Parse(b"", True)
        except expat.ExpatError as exc:
            reason = _EXPAT_REASONS.get(
                expat.errors.messages[exc.code], f"ugyldig XML ({expat.errors.messages[exc.code]})"
            )
            raise FileFormatError(
                self.where, reason, line=exc.lineno, column=exc.offset + 1
            ) from None
        if self.published is None:
            raise FileFormatError(self.where, "KLE-emneplanen mangler <UdgivelsesDato>")
        if not self.entities:
            raise FileFormatError(self.where, "KLE-emneplanen indeholder ingen emner")
        return KleCatalogue(
            edition=f"KLE-XML {self.published.isoformat()}",
            format="kle-xml",
            subjects=tuple(e.freeze() for e in self.entities),
        )

    # Positions: expat's line is 1-based, its column 0-based.
    def _pos(self) -> tuple[int, int]:
        return self.parser.CurrentLineNumber, self.parser.CurrentColumnNumber + 1

    def _fail(self, reason: str, line: int, column: int, value: object = None) -> FileFormatError:
        return FileFormatError(self.where, reason, line=line, column=column, value=value)

    def _doctype(self, name: str, *_: object) -> None:
        # A KLE file never needs a DTD; refusing it shuts out entity-expansion tricks.
        line, col = self._pos()
        raise self._fail("XML-filen må ikke indeholde en DOCTYPE-erklæring", line, col, name)

    def _start(self, name: str, _attrs: dict[str, str]) -> None:
        tag = name.rpartition("}")[2]
        parent_tag = self.path[-1] if self.path else None
        self.path.append(tag)
        if parent_tag is None:
            if tag != _ROOT:
                line, col = self._pos()
                raise self._fail(
                    f"XML-filen er ikke en KLE-emneplan: rodelementet er <{tag}>, ikke <{_ROOT}>",
                    line,
                    col,
                    tag,
                )
            return
        level = _ENTITY_LEVEL.get(tag)
        if level is not None:
            self._open_entity(tag, level, parent_tag)
        elif tag in _CAPTURE_TAGS:
            line, col = self._pos()
            self.leaf = _Leaf(tag, line, col)

    def _open_entity(self, tag: str, level: Level, parent_tag: str) -> None:
        line, col = self._pos()
        if parent_tag != _ENTITY_PARENT[tag]:
            raise self._fail(
                f"<{tag}> står forkert i KLE-emneplanen: under <{parent_tag}>, "
                f"ikke under <{_ENTITY_PARENT[tag]}>",
                line,
                col,
                tag,
            )
        parent = self.open_entities[-1].nr if self.open_entities else None
        if self.open_entities and parent is None:
            outer = self.open_entities[-1]
            raise self._fail(
                f"<{outer.tag}> mangler sit nummer før det første <{tag}>",
                outer.line,
                outer.column,
            )
        entity = _Entity(level=level, tag=tag, line=line, column=col, parent=parent)
        self.open_entities.append(entity)
        self.entities.append(entity)

    def _text(self, data: str) -> None:
        if self.leaf is not None:
            self.leaf.parts.append(data)

    def _end(self, name: str) -> None:
        tag = self.path.pop()
        if tag in _ENTITY_LEVEL:
            self._close_entity(self.open_entities.pop())
            return
        leaf = self.leaf
        if leaf is None or leaf.tag != tag:
            return
        self.leaf = None
        value = "".join(leaf.parts)
        parent_tag = self.path[-1]
        if parent_tag == "AfloestAf":
            self._moved_to(leaf, value.strip())
        elif tag in _NR_TAG:
            self._number(leaf, _NR_TAG[tag], value.strip(), parent_tag)
        elif tag in _TITLE_TAGS:
            if self.open_entities and tag == f"{parent_tag}Titel":
                self._set_title(leaf, value)
        elif tag == "UdgivelsesDato":
            if parent_tag == _ROOT:
                self.published = self._date(leaf, value)
        elif tag in _DATE_TAGS and self.open_entities and self._in_admin_info():
            self._admin_date(leaf, self._date(leaf, value))

    def _in_admin_info(self) -> bool:
        return any(t in _ADMIN_TAGS for t in reversed(self.path))

    def _number(self, leaf: _Leaf, level: Level, nr: str, parent_tag: str) -> None:
        if not self.open_entities or _ENTITY_LEVEL.get(parent_tag) is None:
            return
        entity = self.open_entities[-1]
        if level != entity.level:
            raise self._fail(
                f"<{leaf.tag}> hører ikke hjemme i <{entity.tag}>", leaf.line, leaf.column, nr
            )
        if not _NR_PATTERNS[level].fullmatch(nr):
            raise self._fail(
                f"ugyldigt {level}nummer {nr!r}: skal have formen {_NR_SHAPES[level]}",
                leaf.line,
                leaf.column,
                nr,
            )
        if entity.parent is not None and _parent_of(nr) != entity.parent:
            raise self._fail(
                f"{level} {nr} står under {entity.parent}, men nummeret hører til {_parent_of(nr)}",
                leaf.line,
                leaf.column,
                nr,
            )
        if nr in self.seen:
            raise self._fail(
                f"KLE-nummer {nr} forekommer to gange (første gang i linje {self.seen[nr]})",
                leaf.line,
                leaf.column,
                nr,
            )
        self.seen[nr] = leaf.line
        entity.nr = nr

    def _set_title(self, leaf: _Leaf, value: str) -> None:
        # KL's titles carry stray trailing blanks (e.g. "Beskatning "); they mean nothing.
        title = " ".join(value.split())
        if not title:
            raise self._fail("tom titel i KLE-emneplanen", leaf.line, leaf.column)
        self.open_entities[-1].title = title

    def _moved_to(self, leaf: _Leaf, nr: str) -> None:
        if not self.open_entities:
            return
        level = _NR_TAG.get(leaf.tag)
        ok = (
            _NR_PATTERNS[level].fullmatch(nr) if level else _FACET_PATTERN.fullmatch(nr)
        ) is not None
        if not ok:
            raise self._fail(f"ugyldigt nummer i <AfloestAf>: {nr!r}", leaf.line, leaf.column, nr)
        entity = self.open_entities[-1]
        # The schema allows several successors; the data has at most one. Keep the first so
        # moved_to stays a single number a reader can follow.
        if entity.moved_to is None:
            entity.moved_to = nr

    def _date(self, leaf: _Leaf, raw: str) -> date:
        text = raw.strip()
        m = _DATE_PATTERN.fullmatch(text)
        try:
            if m is None:
                raise ValueError(text)
            return date.fromisoformat(m.group(1))
        except ValueError:
            raise self._fail(
                f"ugyldig dato i <{leaf.tag}>: skal have formen ÅÅÅÅ-MM-DD",
                leaf.line,
                leaf.column,
                text,
            ) from None

    def _admin_date(self, leaf: _Leaf, value: date) -> None:
        entity = self.open_entities[-1]
        if leaf.tag == "OprettetDato":
            entity.created = value
        elif leaf.tag == "RettetDato":
            # RettetDato may repeat (XSD maxOccurs=unbounded); the latest change is the one
            # that explains the current title.
            entity.changed = value if entity.changed is None else max(entity.changed, value)
        elif leaf.tag == "UdgaaetDato":
            entity.expired = value
            entity.historic = True
        elif leaf.tag == "FlyttetDato":
            entity.moved = value
            entity.historic = True

    def _close_entity(self, entity: _Entity) -> None:
        missing = "nummer" if entity.nr is None else "titel" if entity.title is None else None
        if missing is not None:
            raise self._fail(
                f"<{entity.tag}> mangler {missing}", entity.line, entity.column, entity.nr
            )


# --- OS2KLE -----------------------------------------------------------------------------

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
                where, "ugyldig UTF-16-tekst", value=exc.object[exc.start : exc.end]
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
                "filen er UTF-8 med ugyldige bytes (beskadiget tegnkodning)",
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
            "ukendt tegnkodning: filen er hverken UTF-8 eller Windows-1252/latin-1",
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
                f"KLE-nummer {subject.nr} forekommer to gange (første gang i linje "
                f"{seen[subject.nr]})",
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
        raise fail("ugyldigt emnenummer: skal have formen NN.NN.NN", m.start("nr") + 1, nr)
    title = " ".join(m.group("title").split())
    if not title:
        raise fail("tom KLETitel", m.start("title") + 1)
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
        return "linjen mangler KLENummer='…' i starten"
    if ":KLETitel='" not in line:
        return "linjen mangler KLETitel='…'"
    if ":Keywords[Weight]=" not in line:
        return "linjen mangler Keywords[Weight]="
    return "linjen har ikke formen KLENummer='…':KLETitel='…':Keywords[Weight]=…"


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
            raise fail("nøgleord uden vægt: skal have formen tekst[tal]", column, item)
        weight = m.group("weight")
        if not weight.isascii() or not weight.isdigit():
            raise fail(
                f"ugyldig vægt {weight!r} for nøgleord: skal være et helt tal ≥ 0", column, item
            )
        text = " ".join(m.group("text").split())
        if not text:
            raise fail("tomt nøgleord foran vægten", column, item)
        keywords.append((text, int(weight)))
    return tuple(keywords)
