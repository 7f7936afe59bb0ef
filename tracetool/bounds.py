"""The edge bounds every way in shares: the collector's API and pages, the desk's validation,
its plan file and its importer. One set, so what one door refuses no other door lets in.

Why these numbers: KOMHEN counts began in 2013 and a count plan looks a year or two ahead, so
years outside 2000-2099 are typing errors (and beyond year 9999 no date arithmetic works); a
database integer is 64 bits, and no municipality counts more than ten million inquiries in one
registration; texts are codes, logins and short names, never free text (privacy), so 200
characters is ample and control characters or lone surrogates are never meant.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any, Final

from tracetool.locale import translator

_ = translator("core")

YEAR_MIN: Final = 2000
YEAR_MAX: Final = 2099
MUNICIPALITY_MIN: Final = 101  # three digits, as KL numbers them (101 is København)
MUNICIPALITY_MAX: Final = 999
COUNT_MAX: Final = 10_000_000  # inquiries in one registration
TOTAL_COUNT_MAX: Final = 10**12  # inquiries in one total
REVISION_MAX: Final = 2**31 - 1
TEXT_MAX: Final = 200
NOTE_MAX: Final = 500
ANSWERS_MAX: Final = 50
QUOTE_MAX: Final = 60  # how much of a bad value an error message repeats

# C0 control characters (NUL, tab and newline among them), DEL and lone UTF-16 surrogates.
# C1 (U+0080-U+009F) stays allowed: it is what a Latin-1 file's odd bytes decode to, and the
# importer reads such files (tests/test_import.py::test_latin1_only_bytes).
_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f\ud800-\udfff]")
# The same rule as a JSON Schema (ECMA) pattern, for the published OpenAPI.
# (Lone surrogates are left out: no JSON Schema generator can use such a class, and JSON that
# carries one is refused anyway.)
PRINTABLE_PATTERN: Final = r"^[^\x00-\x1f\x7f]*$"


def shown(value: Any, limit: int = QUOTE_MAX) -> str:
    """``repr(value)`` cut to about ``limit`` characters, saying how long the value was, so an
    error never echoes a 60 MB value back."""
    if isinstance(value, str) and len(value) > limit:
        return f"{value[:limit]!r}… ({len(value)} characters)"
    text = repr(value)
    return text if len(text) <= limit else f"{text[:limit]}… ({len(text)} characters)"


def text_problem(value: Any, limit: int = TEXT_MAX) -> tuple[str, str] | None:
    """Why ``value`` is not acceptable text (English, Danish), or None."""
    if not isinstance(value, str) or not value:
        return (
            f"expected text of 1-{limit} characters, got {shown(value)}",
            _("forventede tekst på 1-{limit} tegn, fik {value}").format(
                limit=limit, value=shown(value)
            ),
        )
    if len(value) > limit:
        return (
            f"at most {limit} characters, got {shown(value)}",
            _("højst {limit} tegn, fik {value}").format(limit=limit, value=shown(value)),
        )
    bad = _UNPRINTABLE.search(value)
    if bad:
        return (
            f"control character or broken Unicode U+{ord(bad.group()):04X} at position"
            f" {bad.start() + 1} in {shown(value)}",
            _("styretegn eller ugyldig Unicode U+{ord:04X} på plads {value} i {value2}").format(
                ord=ord(bad.group()), value=bad.start() + 1, value2=shown(value)
            ),
        )
    return None


def printable(value: str) -> bool:
    """No control characters and no lone surrogates (one regex search, for whole columns)."""
    return _UNPRINTABLE.search(value) is None


def year_ok(year: int) -> bool:
    return YEAR_MIN <= year <= YEAR_MAX


def day_problem(day: date) -> str | None:
    """Why a date is outside the years anyone counts in (Danish), or None."""
    if year_ok(day.year):
        return None
    return _("året {year} ligger uden for {year_min}-{year_max}").format(
        year=day.year, year_min=YEAR_MIN, year_max=YEAR_MAX
    )


def int_ok(value: Any, low: int, high: int) -> bool:
    """A whole number (not a bool) within ``low``-``high``."""
    return type(value) is int and low <= value <= high
