"""Every request is handled in its language (``tracetool.collector.language``), so a message the
core translates with ``locale.current()`` comes out in the page's language.

The probes are routes added to a real app that translate a known collector message the way the
core translates its own: through ``locale.translator``, in the language spoken when called. Sync
probes run in FastAPI's thread pool, async ones in the request's task; a sync dependency and a
streamed answer run in the pool too.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Annotated

import pytest
from fastapi import Depends, FastAPI
from fastapi.responses import PlainTextResponse, StreamingResponse
from fastapi.testclient import TestClient

from tracetool import locale
from tracetool.collector.app import create_app
from tracetool.collector.backends import open_storage
from tracetool.collector.session import LANG_COOKIE
from tracetool.sync.protocol import API

_ = locale.translator("collector")
DANISH, ENGLISH = "Landsoverblik", "National overview"


def _said() -> str:
    return _(DANISH)


def _probes(app: FastAPI, prefix: str) -> None:
    def sync_probe() -> PlainTextResponse:
        return PlainTextResponse(_said())

    async def async_probe() -> PlainTextResponse:
        return PlainTextResponse(_said())

    def depending(said: Annotated[str, Depends(_said)]) -> PlainTextResponse:
        return PlainTextResponse(said)

    def streamed() -> StreamingResponse:
        return StreamingResponse(iter([_said()]), media_type="text/plain")

    for name, endpoint in (
        ("sync", sync_probe),
        ("async", async_probe),
        ("depends", depending),
        ("stream", streamed),
    ):
        app.add_api_route(f"{prefix}/probe/{name}", endpoint, methods=["GET"])


@pytest.fixture
def http(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[TestClient]:
    # The process speaks English: a request must not take its language from the process.
    monkeypatch.setenv("LANGUAGE", "en")
    storage = open_storage(f"sqlite:///{tmp_path / 'collector.db'}")
    app = create_app(storage)
    _probes(app, "")
    _probes(app, API)
    with TestClient(app) as client:
        yield client
    storage.close()


KINDS = ("sync", "async", "depends", "stream")


@pytest.mark.parametrize("kind", KINDS)
def test_a_page_request_speaks_the_pages_language(http: TestClient, kind: str) -> None:
    assert http.get(f"/probe/{kind}").text == DANISH
    assert http.get(f"/probe/{kind}?lang=en").text == ENGLISH
    assert http.get(f"/probe/{kind}?lang=da").text == DANISH
    http.cookies.set(LANG_COOKIE, "en")
    assert http.get(f"/probe/{kind}").text == ENGLISH
    assert http.get(f"/probe/{kind}?lang=da").text == DANISH


@pytest.mark.parametrize("kind", KINDS)
def test_an_api_request_speaks_danish_unless_asked(http: TestClient, kind: str) -> None:
    http.cookies.set(LANG_COOKIE, "en")  # a browser's page language is not the API's
    assert http.get(f"{API}/probe/{kind}").text == DANISH
    assert http.get(f"{API}/probe/{kind}?lang=en").text == ENGLISH
    assert http.get(f"{API}/probe/{kind}?lang=xx").text == DANISH


def test_the_language_ends_with_the_request(http: TestClient) -> None:
    assert http.get("/probe/async?lang=en").text == ENGLISH
    assert locale.current() == "en"  # the process's own (LANGUAGE), untouched
    assert http.get(f"{API}/probe/async").text == DANISH
