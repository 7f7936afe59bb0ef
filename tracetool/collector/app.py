"""The collector's HTTP API (FastAPI); OpenAPI at /docs.

Stateless: every request finds its token, rows and plan in the database, so any number of
instances can stand behind one load balancer on one PostgreSQL. ``create_app`` only wires: the
routes live in ``api/`` by concern, the pages in ``pages``, the error answers in ``handlers``.
The batch endpoint reads the body itself rather than through a declared model, so the published
limits (bytes, decompressed bytes, rows) hold before any parsing, and a gzip bomb is stopped
after ``max_decompressed_bytes``.
"""

from __future__ import annotations

import json
import os
from typing import Any

from fastapi import FastAPI
from fastapi_offline import FastAPIOffline
from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from tracetool.collector import contract, handlers, metrics, pages
from tracetool.collector.api import coordinator, service, sync, tokens
from tracetool.collector.backends import open_storage
from tracetool.collector.bodies import Limits
from tracetool.collector.deps import authenticated
from tracetool.collector.language import Speaking
from tracetool.collector.storage import Storage
from tracetool.sync.protocol import PROTOCOL_VERSION

# Imported by the pages (``authenticated``) and the CLI and tests (``Limits``) from here.
__all__ = ["ENV_DB", "ENV_LIMITS", "Limits", "app_from_env", "authenticated", "create_app"]


class NoStore:
    """ASGI middleware: ``Cache-Control: no-store`` on every answer under /api/ (they carry
    tokens, scopes and figures that no shared cache or browser history should keep)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not scope["path"].startswith("/api/"):
            await self.app(scope, receive, send)
            return

        async def sending(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                headers["Cache-Control"] = "no-store"
            await send(message)

        await self.app(scope, receive, sending)


def create_app(storage: Storage, limits: Limits | None = None) -> FastAPI:
    limits = limits or Limits()
    app = FastAPIOffline(  # Swagger UI and ReDoc from the package's files, no CDN
        title="TraceTool collector",
        version=str(PROTOCOL_VERSION),
        description=(
            "Central collector for KOMHEN 2.0 registrations made offline on TraceTool desks. "
            "Send `Authorization: Bearer <token>`; errors are JSON with `error`, `message` "
            "(English) and `besked` (Danish)."
        ),
    )
    app.state.storage = storage
    app.state.limits = limits
    app.add_middleware(NoStore)
    app.add_middleware(Speaking)  # every request in its page's language (core messages)
    handlers.install(app)
    for module in (service, tokens, sync, coordinator):
        app.include_router(module.router)

    def openapi() -> dict[str, Any]:
        return contract.document(app, limits)

    app.openapi = openapi  # type: ignore[method-assign]
    app.include_router(pages.router)  # the pages (HTML) and their JSON twins
    metrics.install(app)  # last: its middleware wraps (times and counts) every route
    return app


ENV_DB = "TRACETOOL_COLLECTOR_DB"
ENV_LIMITS = "TRACETOOL_COLLECTOR_LIMITS"


def app_from_env() -> FastAPI:
    """For ``uvicorn --factory`` with several workers: configuration comes by environment."""
    url = os.environ[ENV_DB]
    limits = Limits(**json.loads(os.environ.get(ENV_LIMITS, "{}")))
    return create_app(open_storage(url), limits)
