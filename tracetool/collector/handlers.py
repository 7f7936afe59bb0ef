"""The API's error answers: JSON with ``error``, ``message`` (English) and ``besked`` (Danish)."""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import Response
from fastapi.routing import APIRoute
from starlette.exceptions import HTTPException as StarletteHTTPException

from tracetool.collector import error_pages
from tracetool.collector.auth import ApiError
from tracetool.collector.bodies import json_response, nested_too_deep
from tracetool.collector.storage import StorageError

log = logging.getLogger("tracetool.collector")


def _allowed(app: FastAPI, path: str) -> str:
    """Every method the path takes, over all its routes (Starlette's 405 names only the first
    route's: GET /plan and PUT /plan are two routes)."""
    methods: set[str] = set()
    for route in app.routes:
        if isinstance(route, APIRoute) and route.path_regex.match(path):
            methods |= route.methods or set()
    return ", ".join(sorted(methods))


def install(app: FastAPI) -> None:
    """Register the error handlers on ``app``."""

    @app.exception_handler(ApiError)
    async def _api_error(request: Request, exc: ApiError) -> Response:
        return json_response(exc.body(), exc.status, exc.headers or None)

    @app.exception_handler(StorageError)
    async def _storage_error(request: Request, exc: StorageError) -> Response:
        log.warning("storage unavailable: %s", exc)
        if error_pages.is_page(request):
            return error_pages.unavailable(request)
        return json_response(
            {
                "error": "unavailable",
                "message": "the database is busy or unreachable; try again",
                "besked": "databasen er optaget eller utilgængelig; prøv igen",
            },
            503,
            {"Retry-After": "1"},
        )

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError) -> Response:
        if error_pages.is_page(request):
            return error_pages.for_validation(request, exc)
        # Bounded: at most ten problems of at most 200 characters are repeated.
        problems = [
            f"{'.'.join(str(p) for p in e.get('loc', ()))}: {e.get('msg')}"[:200]
            for e in exc.errors()[:10]
        ]
        return json_response(
            {
                "error": "bad_request",
                "message": "; ".join(problems),
                "besked": "ugyldige parametre: " + "; ".join(problems),
            },
            422,
        )

    @app.exception_handler(RecursionError)
    async def _too_deep(request: Request, exc: RecursionError) -> Response:
        # A body FastAPI parses itself (a token's), nested thousands deep.
        return json_response(nested_too_deep().body(), 400)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> Response:
        if error_pages.is_page(request):
            return error_pages.for_http(request, exc)
        headers = dict(exc.headers) if exc.headers else None
        if exc.status_code == 405:
            headers = {"Allow": _allowed(app, request.url.path)}
        return json_response(
            {
                "error": f"http_{exc.status_code}",
                "message": str(exc.detail),
                "besked": str(exc.detail),
            },
            exc.status_code,
            headers,
        )

    @app.exception_handler(Exception)
    async def _crash(request: Request, exc: Exception) -> Response:
        log.exception("unexpected error")
        if error_pages.is_page(request):
            return error_pages.crash(request, exc)
        return json_response(
            {
                "error": "internal",
                "message": f"unexpected server error ({type(exc).__name__})",
                "besked": f"uventet fejl på serveren ({type(exc).__name__})",
            },
            500,
        )
