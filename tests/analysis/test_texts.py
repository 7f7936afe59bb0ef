"""The report's words: every message in both languages, and an English report without a
Danish word wherever the catalogue has the English."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.analysis.support import GROUPS, apply_plan_with
from tests.collector.coordinator_support import run
from tests.helpers import danish_in
from tracetool.analysis.labels import word
from tracetool.analysis.texts import DOMAIN, MESSAGES


def test_every_message_reads_in_both_languages() -> None:
    # A message the catalogue lacks would come out in Danish: only these read the same.
    same = {"median", "none"}
    for key, danish in MESSAGES.items():
        assert word(key, "da") == danish and danish.strip(), key
        english = word(key, "en")
        assert english.strip() and (english == danish) == (key in same), key


@pytest.fixture
def demo(tracetool_home: Path, tmp_path: Path) -> Path:
    apply_plan_with(tmp_path, GROUPS)
    code, _, err = run("demo", "--registrations", "300", "--seed", "3")
    assert code == 0, err
    return tmp_path


VARIANTS = (
    (),
    ("--pivot", "channel,type"),
    ("--by", "day"),
    ("--shift", "TLFIND=20%"),
    ("--compare-from", "01-01-2012", "--compare-to", "31-12-2012"),
)


@pytest.mark.parametrize("args", VARIANTS, ids=lambda a: " ".join(a) or "all")
def test_the_english_report_has_no_danish_words(demo: Path, args: tuple[str, ...]) -> None:
    page = demo / "rapport.html"
    for shown in ("terminal", "html"):
        more = ("--html", str(page)) if shown == "html" else ()
        outputs = {}
        for lang in ("da", "en"):
            code, out, err = run("report", "--include-test", "--lang", lang, *args, *more)
            assert code == 0, err
            outputs[lang] = page.read_text(encoding="utf-8") if more else out
        assert danish_in(outputs["da"], DOMAIN), (shown, args)  # the check finds Danish
        assert danish_in(outputs["en"], DOMAIN) == [], (shown, args)
