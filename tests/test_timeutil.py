"""Dates typed by staff: a bad one is said in the language spoken."""

from __future__ import annotations

import pytest

from tests.helpers import danish_words
from tracetool import locale, timeutil


def test_an_unknown_date_in_danish_and_in_english() -> None:
    with pytest.raises(ValueError, match="ukendt dato '32-13-2013'; brug fx 21-10-2013"):
        timeutil.parse_day("32-13-2013")
    with locale.speaking("en"), pytest.raises(ValueError) as english:
        timeutil.parse_day("32-13-2013")
    assert str(english.value) == "unknown date '32-13-2013'; use e.g. 21-10-2013 or 2013-10-21"
    with locale.speaking("en"), pytest.raises(ValueError) as far:
        timeutil.parse_day("21-10-0213")
    assert "0213" in str(far.value) and danish_words(str(far.value)) == []
