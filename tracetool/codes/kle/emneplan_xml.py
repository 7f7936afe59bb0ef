"""KLE-XML v2.0, the full emneplan (root ``KLE-Emneplan``), streamed through expat."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import BinaryIO, Final
from xml.parsers import expat

from tracetool.codes.kle.subjects import (
    _DATE_PATTERN,
    _FACET_PATTERN,
    _NR_PATTERNS,
    _NR_SHAPES,
    KleCatalogue,
    KleSubject,
    Level,
    _parent_of,
)
from tracetool.errors import FileFormatError
from tracetool.locale import N_, translator

_ = translator("core")

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

# A level's name in a message, and the message for a number not of the level's form.
_LEVEL_NAMES: Final[dict[str, str]] = {
    "hovedgruppe": N_("hovedgruppe"),
    "gruppe": N_("gruppe"),
    "emne": N_("emne"),
}
_BAD_NUMBER: Final[dict[str, str]] = {
    "hovedgruppe": N_("ugyldigt hovedgruppenummer {nr!r}: skal have formen {shape}"),
    "gruppe": N_("ugyldigt gruppenummer {nr!r}: skal have formen {shape}"),
    "emne": N_("ugyldigt emnenummer {nr!r}: skal have formen {shape}"),
}

# Expat's English messages for the errors a damaged file actually produces.
_EXPAT_REASONS: Final[dict[str, str]] = {
    expat.errors.XML_ERROR_NO_ELEMENTS: N_("XML-filen slutter for tidligt (afkortet fil?)"),
    expat.errors.XML_ERROR_UNCLOSED_TOKEN: N_("XML-filen slutter midt i et tag (afkortet fil?)"),
    expat.errors.XML_ERROR_PARTIAL_CHAR: N_("XML-filen slutter midt i et tegn (afkortet fil?)"),
    expat.errors.XML_ERROR_TAG_MISMATCH: N_("start- og sluttag passer ikke sammen i XML-filen"),
    expat.errors.XML_ERROR_INVALID_TOKEN: N_("ugyldigt tegn eller ugyldig XML"),
    expat.errors.XML_ERROR_SYNTAX: N_("XML-syntaksfejl"),
    expat.errors.XML_ERROR_JUNK_AFTER_DOC_ELEMENT: N_("uventet indhold efter XML-dokumentets slut"),
    expat.errors.XML_ERROR_UNKNOWN_ENCODING: N_("XML-filen angiver en ukendt tegnkodning"),
    expat.errors.XML_ERROR_INCORRECT_ENCODING: N_(
        "XML-filens tegnkodning passer ikke med indholdet"
    ),
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
            english = expat.errors.messages[exc.code]
            known = _EXPAT_REASONS.get(english)
            reason = _(known) if known else _("ugyldig XML ({reason})").format(reason=english)
            raise FileFormatError(
                self.where, reason, line=exc.lineno, column=exc.offset + 1
            ) from None
        if self.published is None:
            raise FileFormatError(self.where, _("KLE-emneplanen mangler <UdgivelsesDato>"))
        if not self.entities:
            raise FileFormatError(self.where, _("KLE-emneplanen indeholder ingen emner"))
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

    def _doctype(self, name: str, *_rest: object) -> None:
        # A KLE file never needs a DTD; refusing it shuts out entity-expansion tricks.
        line, col = self._pos()
        raise self._fail(_("XML-filen må ikke indeholde en DOCTYPE-erklæring"), line, col, name)

    def _start(self, name: str, _attrs: dict[str, str]) -> None:
        tag = name.rpartition("}")[2]
        parent_tag = self.path[-1] if self.path else None
        self.path.append(tag)
        if parent_tag is None:
            if tag != _ROOT:
                line, col = self._pos()
                raise self._fail(
                    _(
                        "XML-filen er ikke en KLE-emneplan: rodelementet er <{tag}>, ikke <{root}>"
                    ).format(tag=tag, root=_ROOT),
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
                _(
                    "<{tag}> står forkert i KLE-emneplanen: under <{parent_tag}>, ikke "
                    "under <{entity_parent}>"
                ).format(tag=tag, parent_tag=parent_tag, entity_parent=_ENTITY_PARENT[tag]),
                line,
                col,
                tag,
            )
        parent = self.open_entities[-1].nr if self.open_entities else None
        if self.open_entities and parent is None:
            outer = self.open_entities[-1]
            raise self._fail(
                _("<{tag}> mangler sit nummer før det første <{tag2}>").format(
                    tag=outer.tag, tag2=tag
                ),
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
                _("<{tag}> hører ikke hjemme i <{tag2}>").format(tag=leaf.tag, tag2=entity.tag),
                leaf.line,
                leaf.column,
                nr,
            )
        if not _NR_PATTERNS[level].fullmatch(nr):
            raise self._fail(
                _(_BAD_NUMBER[level]).format(nr=nr, shape=_NR_SHAPES[level]),
                leaf.line,
                leaf.column,
                nr,
            )
        if entity.parent is not None and _parent_of(nr) != entity.parent:
            raise self._fail(
                _("{level} {nr} står under {parent}, men nummeret hører til {owner}").format(
                    level=_(_LEVEL_NAMES[level]), nr=nr, parent=entity.parent, owner=_parent_of(nr)
                ),
                leaf.line,
                leaf.column,
                nr,
            )
        if nr in self.seen:
            raise self._fail(
                _("KLE-nummer {nr} forekommer to gange (første gang i linje {seen})").format(
                    nr=nr, seen=self.seen[nr]
                ),
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
            raise self._fail(_("tom titel i KLE-emneplanen"), leaf.line, leaf.column)
        self.open_entities[-1].title = title

    def _moved_to(self, leaf: _Leaf, nr: str) -> None:
        if not self.open_entities:
            return
        level = _NR_TAG.get(leaf.tag)
        ok = (
            _NR_PATTERNS[level].fullmatch(nr) if level else _FACET_PATTERN.fullmatch(nr)
        ) is not None
        if not ok:
            raise self._fail(
                _("ugyldigt nummer i <AfloestAf>: {nr!r}").format(nr=nr), leaf.line, leaf.column, nr
            )
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
                _("ugyldig dato i <{tag}>: skal have formen ÅÅÅÅ-MM-DD").format(tag=leaf.tag),
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
                _("<{tag}> mangler {missing}").format(tag=entity.tag, missing=missing),
                entity.line,
                entity.column,
                entity.nr,
            )
