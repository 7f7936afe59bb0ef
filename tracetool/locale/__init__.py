"""The translation catalogues (gettext), Danish first.

``da/LC_MESSAGES/tracetool.po`` holds Danish for the words the command line's frameworks print
(click's and Typer's: Usage, Options, "Missing option", "Did you mean"), which they translate
through gettext's global domain. English needs no catalogue: the message ids are English.
After editing a ``.po`` file, compile it with Babel (``make catalogues``); a test checks that the
``.mo`` beside it is that compilation and that every message is translated.
"""

from __future__ import annotations

import gettext
import os
from pathlib import Path

DOMAIN = "tracetool"
LOCALE_DIR = Path(__file__).parent
LANGUAGES = ("da", "en")


def use(lang: str) -> None:
    """Let gettext's global domain speak ``lang`` ("da" or "en") in this process.

    click and Typer call the module-level ``gettext.gettext``, which has no language argument:
    it reads LANGUAGE first, so that is what is set (for this process and its children).
    Typer evaluates some words when its help module is imported: call this before that.
    """
    gettext.bindtextdomain(DOMAIN, LOCALE_DIR)
    gettext.textdomain(DOMAIN)
    os.environ["LANGUAGE"] = lang if lang in LANGUAGES else LANGUAGES[0]
