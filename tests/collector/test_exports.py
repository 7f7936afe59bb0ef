"""Coordinator exports from a real ``tracetool collector serve`` on SQLite and PostgreSQL, when
several desks imported the same extract: the collector then holds each of its rows once per
desk, all with the same import key, and the API's export and the pages' download must both
give every row as many times as the collector holds it.
"""

from __future__ import annotations

import io
from collections import Counter
from pathlib import Path

import httpx
import openpyxl
import pytest

from tests.sync.support import (  # noqa: F401
    db_url_fixture,
    make_desk,
    pg_url_fixture,
    server_rows,
    sync,
)
from tracetool.codes.codebook import load_codebook
from tracetool.collector.process import CollectorProcess, make_token
from tracetool.formats.exporting import export, remember_municipality_name
from tracetool.formats.importing import import_file
from tracetool.store.registrations import COLUMNS

pytestmark = pytest.mark.slow

PERIOD = {"from": "2026-10-19", "to": "2026-10-25"}
_KEY = COLUMNS.index("import_key")
_COUNT = COLUMNS.index("count")


def _lines(data: bytes) -> list[str]:
    return data.decode("cp1252").splitlines()


def _xlsx_rows(data: bytes) -> list[tuple[object, ...]]:
    book = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
    try:
        return [tuple(r) for r in book.worksheets[0].iter_rows(values_only=True)]
    finally:
        book.close()


def test_two_desks_importing_one_extract_export_from_the_collector(
    db_url: str, tmp_path: Path
) -> None:
    # The extract: a dl file from another desk (mass registrations, answers, test mode among
    # them), with the municipality's name as the collector writes it.
    source = make_desk(tmp_path / "source")
    source.add(40)
    remember_municipality_name(source.db, 259, "Køge")
    extract = tmp_path / "uge43.csv"
    export(source.db, load_codebook(), None, "dl", extract)
    source.close()
    header, *data = _lines(extract.read_bytes())
    assert len(data) > 40  # the mass registrations are several rows each

    registrant = make_token(db_url, "registrant", 259)
    coordinator = make_token(db_url, "coordinator", 259)
    with CollectorProcess(db_url, log=tmp_path / "collector.log") as server:
        imported = []
        for name in ("desk-a", "desk-b"):
            desk = make_desk(tmp_path / name)
            summary = import_file(desk.db, load_codebook(), None, extract)
            assert summary.committed, summary.problems
            imported.append(desk.pending())
            done = sync(desk, server.url, registrant)
            assert (done.accepted, done.invalid, done.pending) == (imported[-1], 0, 0)
            desk.close()
        assert imported[0] == imported[1] > 0

        held = server_rows(db_url)
        keys = Counter(row[_KEY] for row in held.values())
        assert len(keys) == imported[0] and set(keys.values()) == {2}
        assert sum(row[_COUNT] for row in held.values()) == 2 * len(data)
        wanted = Counter(data) + Counter(data)

        bearer = {"Authorization": f"Bearer {coordinator}"}
        with httpx.Client(base_url=server.url, timeout=60) as api:
            dl = api.get("/api/v1/export", params={**PERIOD, "format": "dl"}, headers=bearer)
            assert dl.status_code == 200, dl.text
            got_header, *got = _lines(dl.content)
            assert got_header == header
            assert Counter(got) == wanted

            xlsx = api.get("/api/v1/export", params={"format": "xlsx"}, headers=bearer)
            assert xlsx.status_code == 200, xlsx.text
            assert len(_xlsx_rows(xlsx.content)) - 1 == 2 * len(data)

        with httpx.Client(base_url=server.url, timeout=60) as browser:
            signed_in = browser.post("/login", data={"token": coordinator, "next": "/overview"})
            assert signed_in.status_code == 303, signed_in.text
            page = browser.get("/municipality/259/download", params={**PERIOD, "format": "dl"})
            assert page.status_code == 200, page.text
            assert page.content == dl.content  # one export path: the same bytes
            assert "komhen-259-2026-10-19-2026-10-25.csv" in page.headers["content-disposition"]

            upload = browser.get(
                "/municipality/259/download", params={**PERIOD, "format": "upload"}
            )
            assert upload.status_code == 200, upload.text
            assert len(_lines(upload.content)) - 1 == 2 * len(data)

            sheet = browser.get("/municipality/259/download", params={**PERIOD, "format": "xlsx"})
            assert sheet.status_code == 200, sheet.text
            assert _xlsx_rows(sheet.content) == _xlsx_rows(xlsx.content)
