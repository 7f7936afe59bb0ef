"""``/metrics`` in Prometheus' text format, through the official client library.

What a project lead watches: requests by route and status, request and batch latency, rows
stored by kind and outcome, and database errors (the 503 the collector answers when the database
is busy or unreachable). ``install(app)`` adds all of it without touching a route: an ASGI
middleware times every request under its route template (never the raw path, so the label set
stays small), and the storage tells it of every applied batch (``observe_batches``) to count
what it stored.

With several worker processes each has its own counters; ``tracetool collector serve --workers``
sets ``PROMETHEUS_MULTIPROC_DIR`` to a fresh folder before the workers start, and ``/metrics``
then adds up every worker's files (the client library's multiprocess mode).
"""

from __future__ import annotations

import os
import time
from collections.abc import Sequence
from typing import Final

from fastapi import FastAPI
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
    multiprocess,
)
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from tracetool.collector.storage import Storage
from tracetool.sync.protocol import API, ItemResult

PATH: Final = "/metrics"
MULTIPROC_ENV: Final = "PROMETHEUS_MULTIPROC_DIR"
# The stored outcomes of an item; the others (duplicate, conflict, invalid) change nothing.
STORED: Final = frozenset({"accepted", "updated"})

REQUESTS = Counter(
    "tracetool_http_requests", "HTTP requests answered", ["method", "route", "status"]
)
LATENCY = Histogram(
    "tracetool_http_request_seconds", "Time to answer a request", ["method", "route"]
)
BATCH_LATENCY = Histogram(
    "tracetool_batch_seconds",
    "Time to answer a sync batch (read, check, store)",
    buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30),
)
ROWS = Counter("tracetool_rows", "Items of batches by kind and outcome", ["kind", "status"])
DB_ERRORS = Counter(
    "tracetool_database_errors", "Requests answered 503 because the database failed"
)


def install(app: FastAPI) -> None:
    """Count and time every request of ``app``, count stored rows, serve ``/metrics``."""
    storage: Storage = app.state.storage
    storage.observe_batches(count_rows)
    app.add_middleware(_Timing)
    app.add_api_route(PATH, _metrics, methods=["GET"], include_in_schema=False)


def count_rows(registrations: Sequence[ItemResult], totals: Sequence[ItemResult]) -> None:
    """Count every item of an applied batch by kind and outcome."""
    for kind, results in (("registration", registrations), ("total", totals)):
        for result in results:
            ROWS.labels(kind, result.status).inc()


def _metrics(request: Request) -> Response:
    registry: CollectorRegistry = REGISTRY
    if os.environ.get(MULTIPROC_ENV):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
    return Response(generate_latest(registry), media_type=CONTENT_TYPE_LATEST)


class _Timing:
    """Pure ASGI (no body buffering): streams and exports pass straight through."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] == PATH:
            await self.app(scope, receive, send)
            return
        status = 500
        start = time.perf_counter()

        async def sending(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
            await send(message)

        try:
            await self.app(scope, receive, sending)
        finally:
            self._observe(scope, status, time.perf_counter() - start)

    @staticmethod
    def _observe(scope: Scope, status: int, seconds: float) -> None:
        route = getattr(scope.get("route"), "path", None) or "unmatched"
        method = str(scope["method"])
        REQUESTS.labels(method, route, str(status)).inc()
        LATENCY.labels(method, route).observe(seconds)
        if method == "POST" and route == f"{API}/batch":
            BATCH_LATENCY.observe(seconds)
        if status == 503:
            DB_ERRORS.inc()
