"""Reading the bytes: which encoding a file is in, and files that are no text at all.

UTF-8 with or without BOM, else Windows-1252, else Latin-1; a file mixing UTF-8 with another
encoding, or holding binary data, stops with the line.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass
from pathlib import Path

from tracetool.errors import FileFormatError
from tracetool.locale import N_, translator

_ = translator("core")

_SNIFF = 1 << 20


@dataclass(frozen=True)
class _Encoding:
    codec: str  # what Python decodes with
    label: str  # what the summary says
    mojibake: int  # how many "Ã" (UTF-8 saved twice) were seen


_LABELS = {
    "utf-8-sig": N_("UTF-8 med BOM"),
    "utf-8": "UTF-8",
    "cp1252": "Windows-1252",
    "latin-1": "Latin-1",
}


def _refuse_binary(path: Path, head: bytes) -> None:
    where = str(path)
    if head.startswith(b"PK\x03\x04"):
        raise FileFormatError(
            where,
            _(
                "filen er et Excel-regneark eller et zip-arkiv, ikke CSV; gem den i Excel som "
                "'CSV (semikolonsepareret)'"
            ),
        )
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise FileFormatError(
            where,
            _("filen er et gammelt Excel-regneark (.xls); gem den som CSV (semikolonsepareret)"),
        )
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise FileFormatError(
            where,
            _(
                "filen er gemt som UTF-16 ('Unicode-tekst'); gem den som CSV i UTF-8 eller "
                "Windows-1252"
            ),
        )
    if head.startswith(b"%PDF"):
        raise FileFormatError(where, _("filen er en PDF, ikke en CSV-fil"))


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
                    _(
                        "filen indeholder binære data (NUL-tegn), ikke tekst; "
                        "er det den rigtige fil?"
                    ),
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
                            _(
                                "blandet tegnsæt: filen er UTF-8, men denne linje er ikke; "
                                "gem hele filen med ét tegnsæt"
                            ),
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
        raise FileFormatError(str(path), _("filen er tom"))
    if forced is not None:
        codec = forced
    elif bom:
        codec = "utf-8-sig"
    elif utf8_ok:
        codec = "utf-8"
    else:
        codec = "cp1252" if cp1252_ok else "latin-1"
        mojibake = 0
    return _Encoding(codec, _(_LABELS.get(codec, codec)), mojibake)
