"""`tracetool codebook import-kle|search|show` through the real Typer app."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from tracetool.cli.main import app
from tracetool.codes.codebook import load_codebook
from tracetool.codes.document import render_markdown
from tracetool.store.db import open_database

XML_NAME = "KLE-Emneplan_Version2-0_2015-08-01.xml"
OS2_NAME = "OS2KLE_3.23_2026-02.txt"


def run(*args: str | Path) -> Result:
    result = CliRunner().invoke(app, [str(a) for a in args])
    assert "Traceback" not in result.output + result.stderr
    if result.exception is not None:
        assert isinstance(result.exception, SystemExit), result.exception
    return result


def error_lines(result: Result) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.strip()]


def table_counts() -> dict[str, int]:
    db = open_database()
    try:
        return {
            t: int(db.execute(f"SELECT count(*) FROM {t}").fetchone()[0])
            for t in ("kle_subject", "kle_term", "kle_word", "kle_import")
        }
    finally:
        db.close()


@pytest.fixture
def kle(shared: Path) -> Path:
    return shared / "kle"


@pytest.fixture
def os2_loaded(kle: Path) -> None:
    result = run("codebook", "import-kle", kle / OS2_NAME)
    assert result.exit_code == 0, result.output + result.stderr


# -- import-kle -------------------------------------------------------------------------------


def test_import_xml_then_newer_os2kle(kle: Path) -> None:
    first = run("codebook", "import-kle", kle / XML_NAME)
    assert first.exit_code == 0, first.stderr
    assert "KLE indlæst: KLE-XML 2015-08-01" in first.stdout
    assert "Indlæser 4189 KLE-emner" in first.stderr  # the progress note
    second = run("codebook", "import-kle", kle / OS2_NAME, "--json")
    assert second.exit_code == 0, second.stderr
    summary = json.loads(second.stdout)
    assert summary["edition"] == "OS2KLE 3.23 (2026-02)"
    assert summary["previous_edition"] == "KLE-XML 2015-08-01"
    assert summary["subjects"] == 2390
    assert summary["expired"] >= 193 and summary["new"] > 400
    again = json.loads(run("codebook", "import-kle", kle / OS2_NAME, "--json").stdout)
    assert (again["new"], again["updated"], again["expired"]) == (0, 0, 0)
    assert again["unchanged"] == 2390
    assert again["total_active"] == summary["total_active"]


def test_an_older_edition_needs_force(kle: Path, os2_loaded: None) -> None:
    before = table_counts()
    refused = run("codebook", "import-kle", kle / XML_NAME)
    assert refused.exit_code == 1
    lines = error_lines(refused)
    assert len(lines) == 1, lines
    assert "ældre" in lines[0] and "--force" in lines[0] and XML_NAME in lines[0]
    assert table_counts() == before
    forced = run("codebook", "import-kle", kle / XML_NAME, "--force", "--json")
    assert forced.exit_code == 0, forced.stderr
    assert json.loads(forced.stdout)["forced"] is True


@pytest.mark.parametrize(
    ("name", "content", "where"),
    [
        ("truncated.xml", None, "linje"),  # filled in from the real XML below
        ("binary.xml", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4, None),
        (
            "bad-line.txt",
            "KLENummer='23.05.10':KLETitel='Flytteanmeldelse':Keywords[Weight]="
            "Flytning[5];\nKLENummer='23.5.12':KLETitel='Udland':Keywords[Weight]=x[5];\n",
            "linje 2",
        ),
        ("empty.txt", b"", None),
    ],
)
def test_a_corrupt_file_is_one_line_and_changes_nothing(
    kle: Path,
    tmp_path: Path,
    os2_loaded: None,
    name: str,
    content: bytes | str | None,
    where: str | None,
) -> None:
    path = tmp_path / name
    if content is None:
        path.write_bytes((kle / XML_NAME).read_bytes()[:200_000])
    elif isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    else:
        path.write_bytes(content)
    before = table_counts()
    result = run("codebook", "import-kle", path, "--json")
    assert result.exit_code == 1
    assert result.stdout == ""
    lines = error_lines(result)
    assert len(lines) == 1, lines
    assert lines[0].startswith("fejl: ") and str(path) in lines[0]
    if where is not None:
        assert where in lines[0]
    assert table_counts() == before


def test_a_missing_file(tmp_path: Path) -> None:
    result = run("codebook", "import-kle", tmp_path / "findes-ikke.xml")
    assert result.exit_code == 1
    assert error_lines(result) == [f"fejl: {tmp_path / 'findes-ikke.xml'}: filen findes ikke"]


# -- search ---------------------------------------------------------------------------------


def test_search_shows_a_table(os2_loaded: None) -> None:
    result = run("codebook", "search", "pas")
    assert result.exit_code == 0, result.stderr
    first_row = next(line for line in result.stdout.splitlines() if "23.09.02" in line)
    assert "Pas" in first_row and "titel" in first_row


def test_search_json_explains_each_hit(os2_loaded: None) -> None:
    result = run("codebook", "search", "flytning", "--json", "--limit", "30")
    assert result.exit_code == 0, result.stderr
    hits = json.loads(result.stdout)
    assert 0 < len(hits) <= 30
    assert set(hits[0]) >= {"nr", "title", "level", "active", "score", "matched", "kind"}
    flyt = next(h for h in hits if h["nr"] == "23.05.10")
    assert flyt["kind"] == "keyword" and flyt["weight"] == 5
    assert [h["score"] for h in hits] == sorted((h["score"] for h in hits), reverse=True)


def test_search_takes_several_words_and_numbers(os2_loaded: None) -> None:
    words = json.loads(run("codebook", "search", "flytning", "udland", "--json").stdout)
    assert words[0]["nr"] == "23.05.12"
    number = json.loads(run("codebook", "search", "2305", "--json", "-n", "3").stdout)
    assert [h["nr"] for h in number] == ["23.05.00", "23.05.01", "23.05.02"]


def test_search_all_includes_retired_subjects(kle: Path) -> None:
    run("codebook", "import-kle", kle / XML_NAME)
    run("codebook", "import-kle", kle / OS2_NAME)
    plain = json.loads(run("codebook", "search", "skibsadoptioner", "--json").stdout)
    assert plain == []
    every = run("codebook", "search", "skibsadoptioner", "--all")
    assert "00.05.02" in every.stdout and "udgået" in every.stdout


def test_search_with_no_hits_and_without_kle(os2_loaded: None) -> None:
    none = run("codebook", "search", "zzzqqq")
    assert none.exit_code == 0 and "Ingen KLE-emner" in none.stdout
    assert json.loads(run("codebook", "search", "zzzqqq", "--json").stdout) == []


def test_search_before_any_import_uses_the_shipped_catalogue() -> None:
    hits = json.loads(run("codebook", "search", "flytning", "--json", "-n", "50").stdout)
    assert "23.05.10" in {h["nr"] for h in hits}
    assert table_counts()["kle_subject"] == 2390
    shown = run("codebook", "search", "partistøtte")
    assert shown.exit_code == 0 and "00.01.00" in shown.stdout


def test_import_kle_replaces_the_shipped_edition_with_a_newer_one(
    kle: Path, tmp_path: Path
) -> None:
    run("codebook", "search", "flytning")  # loads the shipped OS2KLE 3.23
    newer = tmp_path / "OS2KLE_3.24_2026-09.txt"
    text = (kle / OS2_NAME).read_text(encoding="utf-8")
    old_title = "KLETitel='Kommunens styrelse i almindelighed'"
    assert old_title in text
    newer.write_text(text.replace(old_title, "KLETitel='Kommunens styrelse, ny titel'"), "utf-8")
    imported = json.loads(run("codebook", "import-kle", newer, "--json").stdout)
    assert imported["edition"] == "OS2KLE 3.24 (2026-09)"
    assert imported["previous_edition"] == "OS2KLE 3.23 (2026-02)"
    hits = json.loads(run("codebook", "search", "00.01.00", "--json").stdout)
    assert hits[0]["title"] == "Kommunens styrelse, ny titel"
    older = run("codebook", "import-kle", kle / XML_NAME)
    assert older.exit_code == 1 and "--force" in older.stderr


# -- show -----------------------------------------------------------------------------------


def test_show_prints_the_whole_codebook() -> None:
    result = run("codebook", "show")
    assert result.exit_code == 0, result.stderr
    for text in ("Kodebogen", "PRSNLG", "SOMEUD", "OPRET", "STRAKS", "koen", "23.05.10"):
        assert text in result.stdout


def test_show_markdown_is_the_rendered_codebook() -> None:
    result = run("codebook", "show", "--markdown")
    assert result.exit_code == 0
    assert result.stdout_bytes.decode("utf-8") == render_markdown(load_codebook(), "da")
    english = run("codebook", "show", "--markdown", "--lang", "en")
    assert english.stdout.startswith("# The codebook (Kodebogen)")


def test_show_refuses_an_unknown_language() -> None:
    result = run("codebook", "show", "--lang", "de")
    assert result.exit_code == 1
    assert error_lines(result) == ["fejl: --lang 'de': brug da eller en"]
