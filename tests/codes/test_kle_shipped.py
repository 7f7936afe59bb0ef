"""The shipped KLE catalogue: built from the public sources by the project's script, read back
exactly, and loaded into a store that has none."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tracetool.codes.kle import read_catalogue as read_source
from tracetool.codes.kle_shipped import SHIPPED, read_catalogue, write_catalogue
from tracetool.errors import FileFormatError
from tracetool.store import kle as kle_store
from tracetool.store.db import open_database
from tracetool.store.kle_shipped import ensure_catalogue

ROOT = Path(__file__).resolve().parents[2]


def test_the_shipped_file_is_what_the_script_builds_from_the_sources(
    shared: Path, tmp_path: Path
) -> None:
    out = tmp_path / "kle.jsonl"
    script = ROOT / "scripts" / "build_kle_catalogue.py"
    done = subprocess.run(
        [sys.executable, str(script), "--shared", str(shared / "kle"), "--out", str(out)],
        capture_output=True,
        text=True,
        check=True,
    )
    assert "2390 emner" in done.stdout
    assert out.read_bytes() == SHIPPED.read_bytes()


def test_it_holds_the_os2kle_edition_with_source_and_licence(shared: Path) -> None:
    catalogue, header = read_catalogue()
    source = read_source(shared / "kle" / "OS2KLE_3.23_2026-02.txt")
    assert catalogue.edition == source.edition == "OS2KLE 3.23 (2026-02)"
    assert [(s.nr, s.title, s.keywords) for s in catalogue.subjects] == [
        (s.nr, s.title, s.keywords) for s in source.subjects
    ]
    assert "MPL" in header["licence"] and "os2kle" in header["source"]
    emneplan = read_source(shared / "kle" / "KLE-Emneplan_Version2-0_2015-08-01.xml")
    created = {s.nr: s.created for s in emneplan.subjects if s.active and s.level == "emne"}
    dated = [s for s in catalogue.subjects if s.created is not None]
    assert len(dated) == 1943
    assert all(created[s.nr] == s.created for s in dated)


def test_write_then_read_gives_the_same_catalogue(tmp_path: Path) -> None:
    catalogue, _ = read_catalogue()
    path = tmp_path / "again.jsonl"
    write_catalogue(catalogue, path, source="s", licence="l")
    assert read_catalogue(path)[0] == catalogue


def test_a_broken_line_is_named(tmp_path: Path) -> None:
    lines = SHIPPED.read_text(encoding="utf-8").splitlines()[:4]
    lines[2] = json.dumps({"nr": "01.02.03"})
    path = tmp_path / "broken.jsonl"
    path.write_text("\n".join(lines), encoding="utf-8")
    with pytest.raises(FileFormatError) as caught:
        read_catalogue(path)
    assert caught.value.line == 3 and "broken.jsonl" in str(caught.value)


def test_a_store_without_kle_gets_it_once(tracetool_home: Path) -> None:
    db = open_database()
    try:
        first = ensure_catalogue(db)
        assert first is not None and first.new == 2390
        assert ensure_catalogue(db) is None
        assert kle_store.current_edition(db) == "OS2KLE 3.23 (2026-02)"
        assert "23.05.10" in {h.nr for h in kle_store.search(db, "flytning", limit=50)}
    finally:
        db.close()
