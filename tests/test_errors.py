"""The core's errors speak the language spoken: Danish by default, English when asked, with the
same facts (file, line, column, value) in both."""

from __future__ import annotations

from tests.helpers import danish_words
from tracetool import locale
from tracetool.errors import FileFormatError, Problem, ValidationError


def test_a_problem_and_a_file_error_are_danish_by_default() -> None:
    assert str(Problem("unit[1].login", "a b", "x")) == "unit[1].login: x (værdi: 'a b')"
    error = FileFormatError("plan.toml", "y", line=3, column="Kanal", value="SNAK")
    assert str(error) == "plan.toml, linje 3, kolonne Kanal: y (værdi: 'SNAK')"


def test_in_english_the_same_facts_in_english_words() -> None:
    with locale.speaking("en"):
        problem = Problem("unit[1].login", "a b", "x")
        error = FileFormatError("plan.toml", "y", line=3, column="Kanal", value="SNAK")
        many = ValidationError([problem, problem], "plan.toml")
        assert str(problem) == "unit[1].login: x (value: 'a b')"
    assert str(problem) == "unit[1].login: x (value: 'a b')"  # in the language it was found in
    assert str(error) == "plan.toml, line 3, column Kanal: y (value: 'SNAK')"
    assert (
        str(many) == "plan.toml: unit[1].login: x (value: 'a b'); unit[1].login: x (value: 'a b')"
    )
    assert danish_words(str(error)) == []


def test_the_language_is_the_one_spoken_when_the_error_is_made() -> None:
    with locale.speaking("en"):
        english = FileFormatError("a.csv", "y", line=2)
    danish = FileFormatError("a.csv", "y", line=2)
    assert (str(english), str(danish)) == ("a.csv, line 2: y", "a.csv, linje 2: y")
