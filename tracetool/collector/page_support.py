"""What every page of the collector needs: the storage and the dashboard of the running app,
the signed-in session and its right to see a municipality, the language, the period asked for,
a page from its template inside the frame, and the checks on a posted form."""

from __future__ import annotations

import os
from datetime import date
from typing import Any, cast
from urllib.parse import quote, urlsplit

from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from tracetool import timeutil
from tracetool.collector import (
    error_pages,
    municipalities,
    session,
    texts,
    views,
)
from tracetool.collector.dashboard import Dashboard
from tracetool.collector.period import Period, PeriodError, default_period
from tracetool.collector.session import COOKIE, LANG_COOKIE, Session
from tracetool.collector.storage import Account, SqlStorage

# No script runs on these pages; inline style attributes are used for the legend swatches.
HEADERS = error_pages.HEADERS


# -- plumbing ---------------------------------------------------------------------------------


def storage_of(request: Request) -> SqlStorage:
    return cast(SqlStorage, request.app.state.storage)


def dashboard_of(request: Request) -> Dashboard:
    board = getattr(request.app.state, "dashboard", None)
    if board is None:
        board = request.app.state.dashboard = Dashboard(storage_of(request))
    return cast(Dashboard, board)


page_lang = error_pages.lang


def session_of(request: Request) -> Session | None:
    return session.find(storage_of(request), request.cookies.get(COOKIE))


def today() -> date:
    return timeutil.local(timeutil.now()).date()


def secure(request: Request) -> bool:
    return request.url.scheme == "https" or os.environ.get("TRACETOOL_COOKIE_SECURE") == "1"


def finish(request: Request, response: HTMLResponse, *, private: bool) -> HTMLResponse:
    response.headers["Cache-Control"] = "no-store" if private else "no-cache"
    asked = request.query_params.get("lang")
    if asked in texts.LANGUAGES:
        response.set_cookie(
            LANG_COOKIE, asked, max_age=365 * 86400, samesite="lax", secure=secure(request)
        )
    return response


def names_of(request: Request) -> dict[int, str]:
    board = dashboard_of(request)
    with board._read() as tx:
        known = board._names_cached(tx)
    return {n: municipalities.name(n, known) for n in {*municipalities.NAMES, *known}}


def render(
    request: Request,
    template: str,
    title: str,
    words: texts.Words,
    who: Session | None,
    here: str,
    status: int = 200,
    *,
    names: dict[int, str] | None = None,
    **context: Any,
) -> HTMLResponse:
    """A page from its template, inside the frame (navigation, who is signed in, language)."""
    query = {k: v for k, v in request.query_params.items() if k != "lang"}
    page = views.frame(
        title, words, session=who, names=names or names_of(request), here=here, query=query
    )
    response = views.TEMPLATES.TemplateResponse(
        request, template, {**page, **context}, status_code=status, headers=HEADERS
    )
    return finish(request, response, private=who is not None)


def message(
    request: Request, words: texts.Words, who: Session | None, heading: str, text: str, status: int
) -> HTMLResponse:
    return render(
        request, "message.html", heading, words, who, "", status, heading=heading, text=text
    )


def same_origin(request: Request) -> bool:
    """A form post must come from a page of this server (SameSite covers the cookie too)."""
    origin = request.headers.get("origin")
    if origin is None:
        referer = request.headers.get("referer")
        if referer is None:
            return True  # not a browser (or one that sends neither); the CSRF token still holds
        parts = urlsplit(referer)
        origin = f"{parts.scheme}://{parts.netloc}"
    return origin == f"{request.url.scheme}://{request.url.netloc}"


def safe_next(target: str | None) -> str:
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/overview"
    return target


def read_period(params: Any, board: Dashboard, lang: str) -> tuple[Period, str | None]:
    """The period asked for (``from``/``to`` days, or ``year`` and ``weeks`` like 43-45)."""
    start, end = params.get("from"), params.get("to")
    year, weeks = params.get("year"), params.get("weeks")
    by = params.get("by")
    try:
        if year and weeks and (by == "weeks" or not (start or end)):
            first, _, last = weeks.replace("–", "-").partition("-")
            return Period.weeks(int(year), int(first), int(last or first)), None
        if start or end:
            a = timeutil.parse_day(start or end)
            b = timeutil.parse_day(end or start)
            return Period(a, b), None
    except PeriodError as exc:
        return default_period(board.latest_day(), today()), exc.en if lang == "en" else str(exc)
    except ValueError as exc:
        text = str(exc) if lang == "da" else f"cannot read the period: {exc}"
        return default_period(board.latest_day(), today()), text
    return default_period(board.latest_day(), today()), None


def may_see(account: Account, municipality: int) -> bool:
    if account.role == "admin":
        return True
    return account.role == "coordinator" and account.municipality == municipality


def gate_for(request: Request, municipality: int, words: texts.Words) -> Session | Response:
    """The session allowed to see ``municipality``, or the response that refuses."""
    if not 100 <= municipality <= 999:
        text = words.t("no_municipality", m=municipality)
        return error_pages.page(request, 404, words.t("not_found_h1"), text, words=words)
    who = session_of(request)
    if who is None:
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        if request.method != "GET":
            target = f"/municipality/{municipality}/upload"  # a form post cannot be replayed
        return RedirectResponse(f"/login?next={quote(target, safe='')}", 303)
    if not may_see(who.account, municipality):
        names = names_of(request)
        text = words.t("forbidden", who=views.who_text(who, words, names), m=municipality)
        return message(request, words, who, words.t("forbidden_h1"), text, 403)
    return who


def refuse_post(
    request: Request, who: Session, csrf: str | None, words: texts.Words
) -> Response | None:
    if same_origin(request) and session.csrf_ok(who, csrf):
        return None
    return message(request, words, who, words.t("forbidden_h1"), "CSRF", 403)
