"""Reading a KLE file: which of the two formats it is, told by content, never by file name."""

from __future__ import annotations

from pathlib import Path
from typing import Final

from tracetool.codes.kle.emneplan_xml import _XmlReader
from tracetool.codes.kle.os2kle_text import _read_os2kle
from tracetool.codes.kle.subjects import _OS2KLE_MARK, _UTF16_BOMS, Format, KleCatalogue
from tracetool.errors import FileFormatError
from tracetool.locale import translator

_ = translator("core")


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
        raise FileFormatError(
            where, _("filen kan ikke læses: {value}").format(value=exc.strerror or exc)
        ) from exc
    return _read_os2kle(where, path.name, data)


# --- format detection -------------------------------------------------------------------

# Enough to skip a BOM, an XML declaration's leading whitespace or a UTF-16 prefix.
_SNIFF_BYTES: Final = 4096


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
        raise FileFormatError(where, _("filen er tom"))
    if _looks_binary(head):
        raise FileFormatError(
            where,
            _("filen er ikke en tekstfil (binære data) og hverken KLE-XML eller OS2KLE"),
        )
    first_line = text.splitlines()[0]
    raise FileFormatError(
        where,
        _("ukendt filformat: hverken KLE-XML (<KLE-Emneplan>) eller OS2KLE (KLENummer='…')"),
        line=1,
        value=first_line[:60],
    )


def _looks_binary(head: bytes) -> bool:
    if b"\x00" in head:
        return True
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 13))
    return controls > len(head) // 20
