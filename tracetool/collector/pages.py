"""The collector's pages (HTML) and their JSON twins: an APIRouter included by ``create_app``.

Who sees what:

| page                                   | nobody signed in | coordinator of M       | admin |
|----------------------------------------|------------------|------------------------|-------|
| /overview, /api/v1/overview            | yes              | yes                    | yes   |
| /municipality/M (+ download, upload)   | sign-in page     | M only; others 403     | all   |
| /api/v1/dashboard/M (Bearer token)     | 401              | M only; others 403     | all   |

The overview never shows units; a municipality page (with its units) is only for that
municipality's coordinator and for admins. Registrant tokens cannot sign in. Every form post
carries the session's CSRF token and must come from this origin.
"""

from __future__ import annotations

import shutil
from datetime import timedelta
from importlib import resources
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse, Response
from starlette.background import BackgroundTask
from starlette.concurrency import run_in_threadpool

from tracetool import timeutil
from tracetool.collector import (
    auth,
    exports,
    municipality_sections,
    session,
    texts,
    upload_pages,
    views,
)
from tracetool.collector import (
    page_support as support,
)
from tracetool.collector.auth import ApiError
from tracetool.collector.deps import MunicipalityPath, authenticated
from tracetool.collector.figures import METRIC_KIND
from tracetool.collector.period import Period
from tracetool.collector.session import COOKIE, Session
from tracetool.collector.storage import Account, ExportQuery, Scope
from tracetool.errors import TracetoolError
from tracetool.sync.protocol import API

router = APIRouter()

_CSS: bytes | None = None


# -- static, sign-in ---------------------------------------------------------------------------


@router.get("/", include_in_schema=False)
def root() -> Response:
    return RedirectResponse("/overview", 303)


@router.get("/static/collector.css", include_in_schema=False)
def css() -> Response:
    global _CSS
    if _CSS is None:
        _CSS = resources.files("tracetool.collector").joinpath("static/collector.css").read_bytes()
    return Response(_CSS, media_type="text/css", headers={"Cache-Control": "public, max-age=3600"})


@router.get("/login", include_in_schema=False)
def login_page(request: Request, next: str | None = None) -> Response:
    words = texts.Words(support.page_lang(request))
    return _login_form(request, words, support.session_of(request), None, support.safe_next(next))


def _login_form(
    request: Request, words: texts.Words, who: Session | None, error: str | None, target: str
) -> HTMLResponse:
    return support.render(
        request, "login.html", words.t("sign_in_h1"), words, who, "login",
        401 if error else 200, hours=int(session.LIFETIME.total_seconds() // 3600), error=error,
        next_url=target,
    )  # fmt: skip


@router.post("/login", include_in_schema=False)
async def login(request: Request) -> Response:
    words = texts.Words(support.page_lang(request))
    form = await request.form(max_files=0, max_fields=10)
    token = str(form.get("token") or "").strip()
    target = support.safe_next(str(form.get("next") or ""))
    storage = support.storage_of(request)
    error = None
    account = None
    if not support.same_origin(request):
        error = words.t("bad_token")
    elif token:
        account = await run_in_threadpool(storage.find_account, auth.hash_token(token))
    if error is None and (account is None or account.revoked):
        error = words.t("bad_token")
    elif account is not None and account.role not in ("coordinator", "admin"):
        error = words.t("wrong_role")
    if error is not None or account is None:
        return _login_form(request, words, None, error, target)
    value, _ = await run_in_threadpool(session.create, storage, account)
    if target == "/overview" and account.municipality is not None:
        target = f"/municipality/{account.municipality}"
    response = RedirectResponse(target, 303)
    response.set_cookie(
        COOKIE,
        value,
        max_age=int(session.LIFETIME.total_seconds()),
        httponly=True,
        samesite="strict",
        secure=support.secure(request),
        path="/",
    )
    return response


@router.post("/logout", include_in_schema=False)
async def logout(request: Request) -> Response:
    form = await request.form(max_files=0, max_fields=10)
    who = support.session_of(request)
    if who is not None:
        words = texts.Words(support.page_lang(request))
        refused = support.refuse_post(request, who, str(form.get("csrf") or ""), words)
        if refused is not None:
            return refused
        await run_in_threadpool(
            session.end, support.storage_of(request), request.cookies.get(COOKIE)
        )
    response = RedirectResponse("/overview", 303)
    response.delete_cookie(COOKIE, path="/", httponly=True, samesite="strict")
    return response


# -- the overview --------------------------------------------------------------------------


def _sort(request: Request) -> tuple[str, bool]:
    sort = request.query_params.get("sort", "n")
    if sort not in METRIC_KIND:
        sort = "n"
    return sort, request.query_params.get("dir", "desc") != "asc"


@router.get("/overview", include_in_schema=False)
def overview_page(request: Request) -> Response:
    lang = support.page_lang(request)
    words = texts.Words(lang)
    board = support.dashboard_of(request)
    period, error = support.read_period(request.query_params, board, lang)
    ov = board.overview(period)
    who = support.session_of(request)
    may_open: set[int] | None
    if who is None:
        may_open = set()
    elif who.account.role == "admin":
        may_open = None
    else:
        may_open = {who.account.municipality} if who.account.municipality is not None else set()
    sort, descending = _sort(request)
    context = views.overview_context(
        ov, words, sort=sort, descending=descending, today=support.today(), may_open=may_open
    )
    return support.render(
        request, "overview.html", f"{words.t('overview')} – {words.period(period)}", words, who,
        "overview", 400 if error else 200, error=error, **context,
    )  # fmt: skip


@router.get(f"{API}/overview", tags=["dashboards"])
def overview_json(
    request: Request,
    from_: Annotated[str | None, Query(alias="from", description="First day, 2026-10-19")] = None,
    to: Annotated[str | None, Query(description="Last day (inclusive)")] = None,
    year: Annotated[int | None, Query(description="ISO year of ``weeks``")] = None,
    weeks: Annotated[str | None, Query(description="ISO weeks, e.g. 43-45")] = None,
) -> dict[str, Any]:
    """The national overview (public): one row per municipality, no units, no test data."""
    board = support.dashboard_of(request)
    params = {"from": from_, "to": to, "year": year and str(year), "weeks": weeks}
    period, error = support.read_period(params, board, "en")
    if error:
        raise ApiError(400, "bad_period", error, error)
    return board.overview(period).as_json()


@router.get(f"{API}/dashboard/{{municipality}}", tags=["dashboards"])
def dashboard_json(
    request: Request,
    municipality: MunicipalityPath,  # bounded: a 64-bit overflow was a 500
    account: Annotated[Account, Depends(authenticated)],
    from_: Annotated[str | None, Query(alias="from")] = None,
    to: str | None = None,
    year: int | None = None,
    weeks: str | None = None,
    include_test: bool = False,
) -> dict[str, Any]:
    """A municipality's page as JSON (its coordinator, or an admin)."""
    auth.require_role(
        account, "coordinator", "admin", action="read dashboards", handling="læse tal"
    )
    auth.read_scope(account, municipality, None, what="dashboards", hvad="tal")
    board = support.dashboard_of(request)
    params = {"from": from_, "to": to, "year": year and str(year), "weeks": weeks}
    period, error = support.read_period(params, board, "en")
    if error:
        raise ApiError(400, "bad_period", error, error)
    return board.municipality(municipality, period, include_test).as_json()


# -- a municipality ------------------------------------------------------------------------


@router.get("/municipality/{municipality}", include_in_schema=False)
def municipality_page(request: Request, municipality: int) -> Response:
    lang = support.page_lang(request)
    words = texts.Words(lang)
    gate = support.gate_for(request, municipality, words)
    if not isinstance(gate, Session):
        return gate
    board = support.dashboard_of(request)
    period, error = support.read_period(request.query_params, board, lang)
    include_test = request.query_params.get("test") == "1"
    view = board.municipality(municipality, period, include_test)
    context = municipality_sections.page_context(
        view, words, today=support.today(), units=[u.unit for u in view.units if u.unit],
        can_upload=True,
    )  # fmt: skip
    here = "mine" if gate.account.municipality == municipality else ""
    return support.render(
        request, "municipality.html", f"{view.name} – {words.period(period)}", words, gate, here,
        400 if error else 200, error=error, **context,
    )  # fmt: skip


@router.get("/municipality/{municipality}/download", include_in_schema=False)
async def download(request: Request, municipality: int) -> Response:
    lang = support.page_lang(request)
    words = texts.Words(lang)
    gate = support.gate_for(request, municipality, words)
    if not isinstance(gate, Session):
        return gate
    board = support.dashboard_of(request)
    period, error = support.read_period(request.query_params, board, lang)
    fmt = request.query_params.get("format", "dl")
    unit = request.query_params.get("unit") or None
    if error or fmt not in exports.FILE_FORMATS:
        text = error or f"format: {fmt!r} (dl, upload, xlsx)"
        return support.message(request, words, gate, words.t("downloads"), text, 400)
    query = ExportQuery(
        Scope(municipality, unit),
        timeutil.to_db(timeutil.day_start_utc(period.start)),
        timeutil.to_db(timeutil.day_start_utc(period.end + timedelta(days=1))),
        include_test=request.query_params.get("test") == "1",
    )
    name = _download_name(municipality, period, unit, fmt)
    try:
        # The API's export path, so a page's file is byte for byte the API's.
        path, folder = await run_in_threadpool(
            exports.write, support.storage_of(request), query, fmt, name=name
        )
    except TracetoolError as exc:
        return support.message(request, words, gate, words.t("downloads"), str(exc), 422)
    return FileResponse(
        path,
        media_type=exports.MEDIA_TYPES[fmt],
        filename=path.name,
        headers={"Cache-Control": "no-store", "X-Content-Type-Options": "nosniff"},
        background=BackgroundTask(shutil.rmtree, folder, ignore_errors=True),
    )


def _download_name(municipality: int, period: Period, unit: str | None, fmt: str) -> str:
    """``komhen-259-2026-10-19-2026-10-25[-unit][-upload]``: what and when, in the name."""
    name = f"komhen-{municipality}-{period.start.isoformat()}-{period.end.isoformat()}"
    if unit:
        name += "-" + "".join(c if c.isalnum() else "_" for c in unit)
    return name + ("-upload" if fmt == "upload" else "")


router.include_router(upload_pages.router)
