"""Kodebogen (codebook/README.md) is generated from the codebook data and must stay equal to it."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from tracetool.codes.codebook import Codebook, load_codebook
from tracetool.codes.document import render_markdown

README = Path(__file__).resolve().parents[2] / "codebook" / "README.md"
REGENERATE = "tracetool codebook show --markdown > codebook/README.md"


@pytest.fixture(scope="module")
def cb() -> Codebook:
    return load_codebook()


def test_committed_readme_is_the_generated_codebook(cb: Codebook) -> None:
    expected = render_markdown(cb, "da")
    committed = README.read_bytes().decode("utf-8") if README.exists() else ""
    if committed != expected:
        pytest.fail(
            "codebook/README.md is not what the codebook data generates; regenerate it with\n"
            f"    {REGENERATE}",
            pytrace=False,
        )


@pytest.mark.parametrize("lang", ["da", "en"])
def test_rendering_is_deterministic(cb: Codebook, lang: str) -> None:
    assert render_markdown(cb, lang) == render_markdown(load_codebook(), lang)


def test_unknown_language_is_refused(cb: Codebook) -> None:
    with pytest.raises(ValueError, match="da eller en"):
        render_markdown(cb, "de")


@pytest.mark.parametrize("lang", ["da", "en"])
def test_every_code_and_column_is_documented(cb: Codebook, lang: str) -> None:
    md = render_markdown(cb, lang)
    for fmt in cb.formats:
        assert f"`{fmt.key}`" in md
        for col in fmt.columns:
            assert f"`{col.name}`" in md and col.da in md and col.en in md
    for code in (*cb.directions, *cb.types, *cb.groups, *cb.closings, *cb.forms):
        assert f"`{code.code}`" in md and code.da in md and code.en in md
    for chan in cb.channels:
        mark = " (tracetool)" if chan.ours else " |"
        assert f"`{chan.code}`{mark}" in md and chan.counted_by in md
    for param in cb.parameters:
        assert f"`{param.key}`" in md
        for answer in param.answers:
            assert f"`{answer.code}`" in md and answer.da in md
    for task in cb.tasks:
        assert f"`{task.kle}` | {task.name} | {task.name_en}" in md or (
            f"`{task.kle}` | {task.name_en} | {task.name}" in md
        )
    assert "00.00.00" in md and "NULL" in md and "Windows-1252" in md


def test_danish_comes_first_with_english_beside(cb: Codebook) -> None:
    da = render_markdown(cb, "da")
    en = render_markdown(cb, "en")
    assert da.startswith("# Kodebogen (The codebook)")
    assert "## Kanaler (Channels)" in da and "## Channels (Kanaler)" in en
    assert "| Kode (Code) | Dansk (Danish) | Engelsk (English) |" in da


# -- the codebook data as the code loads it ---------------------------------------------------


def test_six_inquiry_types(cb: Codebook) -> None:
    assert [t.code for t in cb.types] == ["OPRET", "INFO", "STATUS", "VEJL", "SLVBTJN", "FEJL"]
    assert {t.group for t in cb.types} == {g.code for g in cb.groups}


def test_channel_hotkeys_follow_tracetool(cb: Codebook) -> None:
    inbound = {c.hotkey: c.code for c in cb.app_channels("IND")}
    outbound = {c.hotkey: c.code for c in cb.app_channels("UD")}
    assert [inbound[k] for k in range(1, 7)] == [
        "PRSNLG",
        "TLFIND",
        "EMLIND",
        "PPRIND",
        "SMSIND",
        "DOCIND",
    ]
    assert [outbound[k] for k in range(1, 8)] == [
        "TLFUD",
        "EMLUD",
        "PPRUD",
        "DOKUD",
        "SMSUD",
        "MGRUD",
        "PRSNLGUD",
    ]
    for direction in ("IND", "UD"):
        keys = [c.hotkey for c in cb.app_channels(direction)]
        assert len(keys) == len(set(keys)) and keys == list(range(1, len(keys) + 1))


def test_every_code_is_unique(cb: Codebook) -> None:
    lists = {
        "channels": [c.code for c in cb.channels],
        "types": [t.code for t in cb.types],
        "closings": [c.code for c in cb.closings],
        "forms": [f.code for f in cb.forms],
        "directions": [d.code for d in cb.directions],
        "parameters": [p.key for p in cb.parameters],
        "tasks": [t.kle for t in cb.tasks],
        "formats": [f.key for f in cb.formats],
    }
    for name, codes in lists.items():
        dupes = [c for c, n in Counter(codes).items() if n > 1]
        assert not dupes, f"{name}: {dupes}"
    for param in cb.parameters:
        assert len({a.code for a in param.answers}) == len(param.answers), param.key
