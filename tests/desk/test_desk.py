"""A desk's own errors, in the language spoken."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import danish_words
from tracetool import locale
from tracetool.desk.desk import Desk
from tracetool.errors import TracetoolError


def test_a_desk_without_a_plan_says_so_in_the_language_spoken(tracetool_home: Path) -> None:
    desk = Desk.open()
    try:
        with locale.speaking("en"), pytest.raises(TracetoolError) as english:
            desk.require_plan()
        with pytest.raises(TracetoolError) as danish:
            desk.require_plan()
    finally:
        desk.close()
    assert str(english.value) == (
        "no count plan is applied; first run `tracetool plan init` or `tracetool plan apply FILE`"
    )
    assert danish_words(str(english.value)) == []
    assert str(danish.value).startswith("ingen tælleplan er anvendt")
