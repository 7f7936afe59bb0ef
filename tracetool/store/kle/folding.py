"""Folding text for the KLE search: the one form both the index and a query are read in.

Matching ignores case and accents (é = e, ä = æ, ö = ø) but keeps æ, ø and å as letters, since
"for" and "før" are different words; "ae", "oe" and "aa" typed on a keyboard without Danish
letters also find æ, ø and å, a little below a match as typed.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Final

_DANISH: Final = frozenset("æøå")
# Danish collation reads these as æ and ø (Swedish and German spellings of the same letter).
_AS_DANISH: Final = {"ä": "æ", "ö": "ø", "ǿ": "ø", "ǽ": "æ"}
_WORD: Final = re.compile(r"[^\W_]+")
# Keyboard spellings of the Danish letters, tried as an alternative on the query side only.
_ASCII_SPELLINGS: Final = (("aa", "å"), ("ae", "æ"), ("oe", "ø"))


@lru_cache(maxsize=4096)
def _fold_char(ch: str) -> str:
    if ch in _DANISH or ch.isascii():
        return ch
    if ch in _AS_DANISH:
        return _AS_DANISH[ch]
    return "".join(c for c in unicodedata.normalize("NFKD", ch) if not unicodedata.combining(c))


def fold(text: str) -> str:
    """Lower case without accents, keeping æ, ø and å: the form both index and query use."""
    # NFC first so that a decomposed "a" + ring (as macOS writes file names) becomes å.
    return "".join(_fold_char(ch) for ch in unicodedata.normalize("NFC", text.casefold()))


def _words(text: str) -> list[str]:
    return _WORD.findall(fold(text))
