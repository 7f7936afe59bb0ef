"""The translation catalogues (gettext), Danish first.

Our own words are written in Danish in the code, marked ``_("...")`` where they are shown or
``N_("...")`` where they are only named (``NC_(context, "...")`` where the same Danish needs other
English in that context), and each *domain* has an English catalogue
``en/LC_MESSAGES/<domain>.po`` (``DOMAINS`` says which source folders feed which domain). Danish
needs no catalogue: the message ids are Danish.

``da/LC_MESSAGES/tracetool.po`` is the other way round: Danish for the words the command line's
frameworks print (click's and Typer's: Usage, Options, "Missing option", "Did you mean"), which
they translate through gettext's global domain with English message ids.

After editing a ``.po`` file, compile it with Babel (``make catalogues``); tests check that each
``.mo`` is the compilation of the ``.po`` beside it and that every message is translated.

The language is the process's (``use``, from the desk's config or ``--lang``) unless a piece of
code speaks another for a while (``speaking``, the collector's pages per request).
"""

from __future__ import annotations

import gettext
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import lru_cache
from pathlib import Path

DOMAIN = "tracetool"
LOCALE_DIR = Path(__file__).parent
LANGUAGES = ("da", "en")

# Which source folders (relative to the package) hold the messages of each domain with an
# English catalogue. The catalogue test extracts from exactly these.
DOMAINS: dict[str, tuple[str, ...]] = {
    "app": ("tui",),
    "cli": ("cli",),
    "codebook": ("codes/document_texts.py",),
    "collector": ("collector/texts.py",),
    # The core's own messages: what its errors and summaries say, whichever front end shows them.
    "core": (
        "errors.py",
        "bounds.py",
        "timeutil.py",
        "codes/codebook.py",
        "codes/kle",
        "codes/kle_shipped.py",
        "plan",
        "store",
        "desk",
        "formats",
        "sync",
    ),
    "paper": ("paper",),
    "report": ("analysis",),
}

_speaking: ContextVar[str | None] = ContextVar("tracetool_language", default=None)


def N_(message: str) -> str:
    """Mark a Danish message for the catalogue where it is named; it is translated where shown."""
    return message


def NC_(context: str, message: str) -> str:
    """``N_`` for a message that needs other English in one place than the same Danish elsewhere
    (a short column name): shown with ``catalogue(...).pgettext(context, message)``."""
    return message


def use(lang: str) -> None:
    """Let this process speak ``lang`` ("da" or "en"): our catalogues and gettext's global domain.

    click and Typer call the module-level ``gettext.gettext``, which has no language argument:
    it reads LANGUAGE first, so that is what is set (for this process and its children).
    Typer evaluates some words when its help module is imported: call this before that.
    """
    gettext.bindtextdomain(DOMAIN, LOCALE_DIR)
    gettext.textdomain(DOMAIN)
    os.environ["LANGUAGE"] = lang if lang in LANGUAGES else LANGUAGES[0]


def current() -> str:
    """The language spoken here and now: ``speaking``'s, else the process's, else Danish."""
    lang = _speaking.get()
    if lang is None:
        lang = os.environ.get("LANGUAGE", "").split(":")[0]
    return lang if lang in LANGUAGES else LANGUAGES[0]


@contextmanager
def speaking(lang: str) -> Iterator[None]:
    """Speak ``lang`` in this context (a thread or a task) for the duration of the block."""
    token = _speaking.set(lang if lang in LANGUAGES else LANGUAGES[0])
    try:
        yield
    finally:
        _speaking.reset(token)


@lru_cache(maxsize=32)
def catalogue(domain: str, lang: str) -> gettext.NullTranslations:
    """The translations of ``domain`` into ``lang``; Danish needs none (the messages are Danish)."""
    if lang == LANGUAGES[0]:
        return gettext.NullTranslations()
    return gettext.translation(domain, LOCALE_DIR, languages=[lang])


def translator(domain: str) -> Callable[[str], str]:
    """``_`` for ``domain``: a Danish message in the language spoken when it is called."""

    def _(message: str) -> str:
        return catalogue(domain, current()).gettext(message)

    return _
