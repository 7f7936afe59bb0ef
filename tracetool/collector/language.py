"""Every request is handled in one language, so that a message from the core (a file's format
error on an upload, a rule's reason) comes out in the language of the page that shows it.

The core translates through ``tracetool.locale`` in the language ``locale.current()`` names; this
middleware sets it with ``locale.speaking`` for the whole of each request. A page speaks the
page's language (``?lang=``, else the language cookie, else Danish: ``error_pages.lang``, which
the page's ``Words`` are made from too); the API speaks Danish unless the request asks for
another with ``?lang=``, whatever the process's own language or a browser's cookie.

The language is a context variable: the route, its dependencies and the error handlers run in
the request's own task, and what FastAPI and Starlette run in the thread pool (sync routes and
dependencies, a streamed answer's iterator) runs in a copy of that context.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.types import ASGIApp, Receive, Scope, Send

from tracetool import locale
from tracetool.collector import error_pages, texts


def request_lang(request: Request) -> str:
    """The language a request is answered in."""
    if error_pages.is_page(request):
        return error_pages.lang(request)
    asked = request.query_params.get("lang")
    return asked if asked in texts.LANGUAGES else texts.LANGUAGES[0]


class Speaking:
    """Pure ASGI middleware (no body buffering): each request inside ``locale.speaking``."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        with locale.speaking(request_lang(Request(scope))):
            await self.app(scope, receive, send)
