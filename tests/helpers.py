"""Small builders shared by tests."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import UTC, datetime

from tracetool.model import Registration
from tracetool.plan.model import CountPeriod, ExtraQuestion, Plan, Unit

PLAN = Plan(
    municipality=259,
    municipality_name="Køge",
    units=(
        Unit(
            login="259borgerservice",
            name="Borgerservice",
            tasks=("23.05.10", "05.07.00", "29.03.99", "00.00.00"),
            parameters=("koen", "postnummer"),
        ),
        Unit(login="259telefon", name="Telefonen", tasks=("23.05.10",), channels=("TLFIND",)),
    ),
    periods=(CountPeriod("uge 43", datetime(2026, 10, 19).date(), datetime(2026, 10, 25).date()),),
    questions=(
        ExtraQuestion(
            key="underholdsbidrag",
            text="Hvad drejede henvendelsen sig om?",
            answers=("Børnebidrag, normalbidrag", "Forhøjet børnebidrag"),
            tasks=("05.07.00",),
        ),
    ),
    test_mode=False,
)


def reg(**changes: object) -> Registration:
    base = Registration(
        municipality=259,
        unit="259borgerservice",
        direction="IND",
        channel="TLFIND",
        task="23.05.10",
        type="VEJL",
        closing="STRAKS",
        form=None,
        saved_at=datetime(2026, 10, 20, 8, 30, tzinfo=UTC),
    )
    return base.but(**changes)


# Danish letters and the small words every Danish message has and no English one does.
_DANISH = re.compile(
    r"[æøåÆØÅ]|\b(ikke|eller|og|er|skal|kan|mangler|ukendt|findes|filen|linje|kolonne|værdi"
    r"|fejl|brug|skriv|ingen|intet|allerede|til|fra|med|på|af|den|det|fx)\b",
    re.IGNORECASE,
)


def danish_words(text: str) -> list[str]:
    """What in ``text`` is Danish (letters æøå, common Danish words); empty for English."""
    return [m.group(0) for m in _DANISH.finditer(text)]


def danish_in(text: str, domain: str, besides: Iterable[str] = ()) -> list[str]:
    """The words of ``domain``'s Danish messages that ``text`` holds though its English
    catalogue never uses them: English output that shows one missed a translation.
    ``besides``: words that may stand there (English too, or the plan's own text)."""
    from babel.messages.pofile import read_po

    from tracetool import locale

    def words(message: str) -> set[str]:
        # Placeholders and `commands` are the same in both languages.
        plain = re.sub(r"{[^{}]*}|`[^`]*`", " ", message)
        return {w for w in re.findall(r"[^\W\d_]{3,}", plain)}

    po = locale.LOCALE_DIR / "en" / "LC_MESSAGES" / f"{domain}.po"
    with po.open("rb") as f:
        catalogue = [m for m in read_po(f) if m.id]
    english = set().union(*(words(str(m.string)) for m in catalogue))
    danish = set().union(*(words(str(m.id)) for m in catalogue)) - english - set(besides)
    found = set(re.findall(r"[^\W\d_]{3,}", text))
    return sorted(danish & found)
