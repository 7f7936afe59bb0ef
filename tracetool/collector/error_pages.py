"""Error pages for the collector's pages: a person who opens a wrong address, a value the
address cannot hold, or a page while the database is away gets a page in their language inside
the usual frame, never the API's JSON. The API's own addresses keep their JSON errors.

Nothing here may need the database (a 503 is answered because it is away), so the frame shows
the municipalities' names from the package and looks up the session only when the database
answers.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from fastapi import Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse
from starlette.exceptions import HTTPException

from tracetool.collector import municipalities, session, texts, views
from tracetool.collector.session import COOKIE, Session
from tracetool.collector.storage import StorageError
from tracetool.errors import TracetoolError
from tracetool.sync.protocol import API

# A value quoted back is cut to this many characters: an answer stays small whatever was sent.
QUOTE = 40

HEADERS = {
    "Content-Security-Policy": "default-src 'none'; style-src 'self' 'unsafe-inline';"
    " img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
}


def is_page(request: Request) -> bool:
    """A page's address (HTML), not the API's (JSON)."""
    path = request.url.path
    return not (path == API or path.startswith(f"{API}/"))


def lang(request: Request) -> str:
    asked = request.query_params.get("lang")
    if asked in texts.LANGUAGES:
        return asked
    kept = request.cookies.get(session.LANG_COOKIE)
    return kept if kept in texts.LANGUAGES else "da"


def quote(value: object) -> str:
    text = repr(value) if isinstance(value, str) else str(value)
    return text if len(text) <= QUOTE else text[: QUOTE - 1] + "…"


def _who(request: Request) -> Session | None:
    storage = getattr(request.app.state, "storage", None)
    if storage is None:
        return None
    try:
        return session.find(storage, request.cookies.get(COOKIE))
    except (StorageError, TracetoolError):
        return None


def page(
    request: Request,
    status: int,
    heading: str,
    text: str,
    *,
    words: texts.Words | None = None,
    headers: Mapping[str, str] | None = None,
    signed_in: bool = True,
) -> HTMLResponse:
    """``message.html`` with ``heading`` and ``text``; ``signed_in``: look up the session."""
    words = words or texts.Words(lang(request))
    who = _who(request) if signed_in else None
    names = {n: municipalities.name(n) for n in municipalities.NUMBERS}
    query = {k: v for k, v in request.query_params.items() if k != "lang"}
    context: dict[str, Any] = {
        **views.frame(heading, words, session=who, names=names, here="", query=query),
        "heading": heading,
        "text": text,
    }
    response = views.TEMPLATES.TemplateResponse(
        request, "message.html", context, status_code=status, headers={**HEADERS, **(headers or {})}
    )
    response.headers["Cache-Control"] = "no-store"
    return response


def for_http(request: Request, exc: HTTPException) -> HTMLResponse:
    """404, 405 and the other statuses Starlette raises itself."""
    words = texts.Words(lang(request))
    status = exc.status_code
    if status == 404:
        heading, text = words.t("not_found_h1"), words.t("not_found")
    elif status == 405:
        heading, text = words.t("method_h1"), words.t("method")
    else:
        heading, text = words.t("error_h1", status=status), str(exc.detail)
    return page(request, status, heading, text, words=words, headers=exc.headers)


def for_validation(request: Request, exc: RequestValidationError) -> HTMLResponse:
    """A part of the address that does not fit its parameter, e.g. /municipality/abc."""
    words = texts.Words(lang(request))
    problems = []
    for error in exc.errors():
        where = str(error.get("loc", ("?",))[-1])
        problems.append(words.t("bad_value", where=where, value=quote(error.get("input"))))
    text = words.t("bad_address", problems="; ".join(problems))
    return page(request, 422, words.t("bad_address_h1"), text, words=words)


def unavailable(request: Request) -> HTMLResponse:
    words = texts.Words(lang(request))
    return page(
        request, 503, words.t("unavailable_h1"), words.t("unavailable"), words=words,
        headers={"Retry-After": "1"}, signed_in=False,
    )  # fmt: skip


def crash(request: Request, exc: Exception) -> HTMLResponse:
    words = texts.Words(lang(request))
    text = words.t("crash", kind=type(exc).__name__)
    return page(request, 500, words.t("crash_h1"), text, words=words, signed_in=False)
