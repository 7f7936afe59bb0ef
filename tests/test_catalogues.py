"""Every message of every domain is in both languages, and each shipped ``.mo`` is the
compilation of its ``.po``: a message written in the code without its English fails here."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.catalog import Message
from babel.messages.extract import extract_from_file
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

from tracetool import locale

PACKAGE = Path(locale.__file__).resolve().parents[1]
KEYWORDS = {"_": None, "N_": None, "NC_": ((1, "c"), 2)}
# A message with a context (NC_) is another message than the same Danish without one.
Key = tuple[str | None, str]


def extracted(domain: str) -> set[Key]:
    """The Danish messages Babel's extractor finds in the domain's source."""
    found: set[Key] = set()
    for source in locale.DOMAINS[domain]:
        where = PACKAGE / source
        for path in sorted(where.rglob("*.py")) if where.is_dir() else [where]:
            for _, message, _, context in extract_from_file("python", str(path), keywords=KEYWORDS):
                found.add((context, message))
    return found


def english(domain: str) -> dict[Key, str]:
    po = locale.LOCALE_DIR / "en" / "LC_MESSAGES" / f"{domain}.po"
    with po.open("rb") as f:
        catalogue = read_po(f, locale="en", domain=domain)
    for message in catalogue:
        assert not message.fuzzy, (domain, message.id)
    return {(m.context, m.id): m.string for m in catalogue if m.id}


def placeholders(text: str) -> set[str]:
    return set(re.findall(r"{[^{}]*}", text))


@pytest.mark.parametrize("domain", sorted(locale.DOMAINS))
def test_every_message_has_english_with_the_same_values(domain: str) -> None:
    danish = extracted(domain)
    translated = english(domain)
    assert danish, f"no messages found for {domain}"
    missing = sorted(danish - set(translated))
    assert not missing, f"{domain}.po lacks English for: {missing}"
    stale = sorted(set(translated) - danish)
    assert not stale, f"{domain}.po holds messages the code no longer has: {stale}"
    for key in danish:
        assert translated[key].strip(), (domain, key)
        # The values put in are the same in both languages.
        assert placeholders(key[1]) == placeholders(translated[key]), (domain, key)


@pytest.mark.parametrize("po", sorted(locale.LOCALE_DIR.glob("*/LC_MESSAGES/*.po")), ids=str)
def test_each_mo_is_the_compilation_of_its_po(po: Path) -> None:
    def plain(text: str | list[str] | tuple[str, ...]) -> str | tuple[str, ...]:
        return text if isinstance(text, str) else tuple(text)  # plural forms

    def context(message: Message) -> str | None:
        # Older Babel (the lowest lock's 2.12) reads a .mo's context as bytes.
        found: str | bytes | None = message.context
        return found.decode() if isinstance(found, bytes) else found

    with po.open("rb") as f:
        written = {
            (context(m), plain(m.id)): plain(m.string)
            for m in read_po(f)
            if m.id and m.string and not m.fuzzy
        }
    # Compared as messages, not bytes: the .mo header names the Babel version that wrote it.
    with po.with_suffix(".mo").open("rb") as f:
        shipped = {(context(m), plain(m.id)): plain(m.string) for m in read_mo(f) if m.id}
    assert shipped == written, f"{po.name}: run make catalogues"


def test_the_language_spoken_follows_the_context_then_the_process(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("LANGUAGE", "en:da")
    assert locale.current() == "en"
    with locale.speaking("da"):
        assert locale.current() == "da"
    monkeypatch.setenv("LANGUAGE", "fr")
    assert locale.current() == "da"
    _ = locale.translator("collector")
    with locale.speaking("en"):
        assert _("Landsoverblik") == "National overview"
    assert _("Landsoverblik") == "Landsoverblik"
