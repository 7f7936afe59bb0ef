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

import os
import shutil
import tempfile
from datetime import date, timedelta
from importlib import resources
from pathlib import Path
from typing import Annotated, Any, cast
from urllib.parse import quote, urlsplit

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse, Response
from starlette.background import BackgroundTask
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData, UploadFile

from tracetool import timeutil
from tracetool.codebook import load_codebook
from tracetool.collector import auth, exports, municipalities, session, transfer, views
from tracetool.collector.auth import ApiError
from tracetool.collector.dashboard import (
    METRIC_KIND,
    Dashboard,
    Period,
    PeriodError,
    default_period,
)
from tracetool.collector.deps import MunicipalityPath
from tracetool.collector.session import COOKIE, LANG_COOKIE, Session
from tracetool.collector.storage import Account, ExportQuery, Scope, SqlStorage
from tracetool.errors import TracetoolError
from tracetool.sync.protocol import API

router = APIRouter()

MAX_UPLOAD_BYTES = int(os.environ.get("TRACETOOL_MAX_UPLOAD_BYTES", str(200 * 2**20)))
_CSS: bytes | None = None

# No script runs on these pages; inline style attributes are used for the legend swatches.
_HEADERS = {
    "Content-Security-Policy": "default-src 'none'; style-src 'self' 'unsafe-inline';"
    " img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
}


# -- plumbing ---------------------------------------------------------------------------------


def _storage(request: Request) -> SqlStorage:
    return cast(SqlStorage, request.app.state.storage)


def _dashboard(request: Request) -> Dashboard:
    board = getattr(request.app.state, "dashboard", None)
    if board is None:
        board = request.app.state.dashboard = Dashboard(_storage(request))
    return cast(Dashboard, board)


def _lang(request: Request) -> str:
    asked = request.query_params.get("lang")
    if asked in views.TEXT:
        return asked
    kept = request.cookies.get(LANG_COOKIE)
    return kept if kept in views.TEXT else "da"


def _session(request: Request) -> Session | None:
    return session.find(_storage(request), request.cookies.get(COOKIE))


def _today() -> date:
    return timeutil.local(timeutil.now()).date()


def _secure(request: Request) -> bool:
    return request.url.scheme == "https" or os.environ.get("TRACETOOL_COOKIE_SECURE") == "1"


def _html(request: Request, text: str, status: int = 200, *, private: bool = False) -> HTMLResponse:
    response = HTMLResponse(text, status_code=status, headers=_HEADERS)
    response.headers["Cache-Control"] = "no-store" if private else "no-cache"
    asked = request.query_params.get("lang")
    if asked in views.TEXT:
        response.set_cookie(
            LANG_COOKIE, asked, max_age=365 * 86400, samesite="lax", secure=_secure(request)
        )
    return response


def _names(request: Request) -> dict[int, str]:
    board = _dashboard(request)
    with board._read() as tx:
        known = board._names_cached(tx)
    return {n: municipalities.name(n, known) for n in {*municipalities.NAMES, *known}}


def _frame(
    request: Request,
    title: str,
    body: str,
    words: views.Words,
    who: Session | None,
    here: str,
    status: int = 200,
    *,
    names: dict[int, str] | None = None,
) -> HTMLResponse:
    query = {k: v for k, v in request.query_params.items() if k != "lang"}
    text = views.page(
        title, body, words, session=who, names=names or _names(request), here=here, query=query
    )
    return _html(request, text, status, private=who is not None)


def _same_origin(request: Request) -> bool:
    """A form post must come from a page of this server (SameSite covers the cookie too)."""
    origin = request.headers.get("origin")
    if origin is None:
        referer = request.headers.get("referer")
        if referer is None:
            return True  # not a browser (or one that sends neither); the CSRF token still holds
        parts = urlsplit(referer)
        origin = f"{parts.scheme}://{parts.netloc}"
    return origin == f"{request.url.scheme}://{request.url.netloc}"


def _safe_next(target: str | None) -> str:
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
        return default_period(board.latest_day(), _today()), exc.en if lang == "en" else str(exc)
    except ValueError as exc:
        text = str(exc) if lang == "da" else f"cannot read the period: {exc}"
        return default_period(board.latest_day(), _today()), text
    return default_period(board.latest_day(), _today()), None


def _may_see(account: Account, municipality: int) -> bool:
    if account.role == "admin":
        return True
    return account.role == "coordinator" and account.municipality == municipality


def _gate(request: Request, municipality: int, words: views.Words) -> Session | Response:
    """The session allowed to see ``municipality``, or the response that refuses."""
    who = _session(request)
    if who is None:
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        if request.method != "GET":
            target = f"/municipality/{municipality}/upload"  # a form post cannot be replayed
        return RedirectResponse(f"/login?next={quote(target, safe='')}", 303)
    if not _may_see(who.account, municipality):
        return _frame(
            request,
            words.t("forbidden_h1"),
            views.message_body(
                words.t("forbidden_h1"),
                words.t(
                    "forbidden",
                    who=views._who(who, words, _names(request)),
                    m=municipality,
                ),
            ),
            words,
            who,
            "",
            403,
        )
    return who


def _refuse_post(
    request: Request, who: Session, csrf: str | None, words: views.Words
) -> Response | None:
    if _same_origin(request) and session.csrf_ok(who, csrf):
        return None
    return _frame(
        request,
        words.t("forbidden_h1"),
        views.message_body(words.t("forbidden_h1"), "CSRF"),
        words,
        who,
        "",
        403,
    )


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
    words = views.Words(_lang(request))
    body = views.login_body(
        words, hours=int(session.LIFETIME.total_seconds() // 3600), error=None,
        next_url=_safe_next(next),
    )  # fmt: skip
    return _frame(request, words.t("sign_in_h1"), body, words, _session(request), "login")


@router.post("/login", include_in_schema=False)
async def login(request: Request) -> Response:
    words = views.Words(_lang(request))
    form = await request.form(max_files=0, max_fields=10)
    token = str(form.get("token") or "").strip()
    target = _safe_next(str(form.get("next") or ""))
    storage = _storage(request)
    error = None
    account = None
    if not _same_origin(request):
        error = words.t("bad_token")
    elif token:
        account = await run_in_threadpool(storage.find_account, auth.hash_token(token))
    if error is None and (account is None or account.revoked):
        error = words.t("bad_token")
    elif account is not None and account.role not in ("coordinator", "admin"):
        error = words.t("wrong_role")
    if error is not None or account is None:
        body = views.login_body(
            words, hours=int(session.LIFETIME.total_seconds() // 3600), error=error,
            next_url=target,
        )  # fmt: skip
        return _frame(request, words.t("sign_in_h1"), body, words, None, "login", 401)
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
        secure=_secure(request),
        path="/",
    )
    return response


@router.post("/logout", include_in_schema=False)
async def logout(request: Request) -> Response:
    form = await request.form(max_files=0, max_fields=10)
    who = _session(request)
    if who is not None:
        words = views.Words(_lang(request))
        refused = _refuse_post(request, who, str(form.get("csrf") or ""), words)
        if refused is not None:
            return refused
        await run_in_threadpool(session.end, _storage(request), request.cookies.get(COOKIE))
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
    lang = _lang(request)
    words = views.Words(lang)
    board = _dashboard(request)
    period, error = read_period(request.query_params, board, lang)
    ov = board.overview(period)
    who = _session(request)
    may_open: set[int] | None
    if who is None:
        may_open = set()
    elif who.account.role == "admin":
        may_open = None
    else:
        may_open = {who.account.municipality} if who.account.municipality is not None else set()
    sort, descending = _sort(request)
    body = views.overview_body(
        ov, words, sort=sort, descending=descending, today=_today(), may_open=may_open,
        error=error,
    )  # fmt: skip
    return _frame(
        request, f"{words.t('overview')} – {words.period(period)}", body, words, who, "overview",
        400 if error else 200,
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
    board = _dashboard(request)
    params = {"from": from_, "to": to, "year": year and str(year), "weeks": weeks}
    period, error = read_period(params, board, "en")
    if error:
        raise ApiError(400, "bad_period", error, error)
    return board.overview(period).as_json()


def _api_account(request: Request) -> Account:
    # Imported here: app.py includes this router, so a module-level import would be circular.
    from tracetool.collector.app import authenticated

    return authenticated(request)


@router.get(f"{API}/dashboard/{{municipality}}", tags=["dashboards"])
def dashboard_json(
    request: Request,
    municipality: MunicipalityPath,  # bounded: a 64-bit overflow was a 500
    account: Annotated[Account, Depends(_api_account)],
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
    board = _dashboard(request)
    params = {"from": from_, "to": to, "year": year and str(year), "weeks": weeks}
    period, error = read_period(params, board, "en")
    if error:
        raise ApiError(400, "bad_period", error, error)
    return board.municipality(municipality, period, include_test).as_json()


# -- a municipality ------------------------------------------------------------------------


@router.get("/municipality/{municipality}", include_in_schema=False)
def municipality_page(request: Request, municipality: int) -> Response:
    lang = _lang(request)
    words = views.Words(lang)
    gate = _gate(request, municipality, words)
    if not isinstance(gate, Session):
        return gate
    board = _dashboard(request)
    period, error = read_period(request.query_params, board, lang)
    include_test = request.query_params.get("test") == "1"
    view = board.municipality(municipality, period, include_test)
    body = views.municipality_body(
        view, words, today=_today(), units=[u.unit for u in view.units if u.unit],
        can_upload=True,
    )  # fmt: skip
    if error:
        body = f'<p class="error" role="alert">{views.e(error)}</p>' + body
    return _frame(
        request, f"{view.name} – {words.period(period)}", body, words, gate, "mine"
        if gate.account.municipality == municipality else "", 400 if error else 200,
    )  # fmt: skip


@router.get("/municipality/{municipality}/download", include_in_schema=False)
async def download(request: Request, municipality: int) -> Response:
    lang = _lang(request)
    words = views.Words(lang)
    gate = _gate(request, municipality, words)
    if not isinstance(gate, Session):
        return gate
    board = _dashboard(request)
    period, error = read_period(request.query_params, board, lang)
    fmt = request.query_params.get("format", "dl")
    unit = request.query_params.get("unit") or None
    if error or fmt not in exports.FILE_FORMATS:
        text = error or f"format: {fmt!r} (dl, upload, xlsx)"
        return _frame(
            request, words.t("downloads"), views.message_body(words.t("downloads"), text), words,
            gate, "", 400,
        )  # fmt: skip
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
            exports.write, _storage(request), query, fmt, name=name
        )
    except TracetoolError as exc:
        return _frame(
            request, words.t("downloads"), views.message_body(words.t("downloads"), str(exc)),
            words, gate, "", 422,
        )  # fmt: skip
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


# -- uploads -------------------------------------------------------------------------------


def _channels(lang: str) -> list[tuple[str, str]]:
    labels = views.Words(lang).labels
    return [(c.code, labels.channel(c.code)) for c in load_codebook().channels]


async def _upload_page(
    request: Request,
    municipality: int,
    who: Session,
    words: views.Words,
    status: int = 200,
    **results: Any,
) -> Response:
    storage = _storage(request)
    units = await run_in_threadpool(transfer.known_units, storage, municipality)
    plan = await run_in_threadpool(exports.published_plan, storage, municipality)
    if plan is not None:
        units = sorted({*units, *(u.login for u in plan.units)})
    totals = await run_in_threadpool(transfer.stored_totals, storage, municipality)
    name = municipalities.name(
        municipality, {plan.municipality: plan.municipality_name} if plan else None
    )
    body = views.upload_body(
        municipality, name, words, csrf=who.csrf, channels=_channels(words.lang), units=units,
        totals=totals, today=_today(), **results,
    )  # fmt: skip
    here = "upload" if who.account.municipality == municipality else ""
    return _frame(request, words.t("upload_h1", m=name), body, words, who, here, status)


@router.get("/municipality/{municipality}/upload", include_in_schema=False)
async def upload_page(request: Request, municipality: int) -> Response:
    words = views.Words(_lang(request))
    gate = _gate(request, municipality, words)
    if not isinstance(gate, Session):
        return gate
    notice = words.t("total_deleted") if request.query_params.get("deleted") == "1" else None
    return await _upload_page(request, municipality, gate, words, notice=notice)


def _too_large(request: Request) -> bool:
    declared = request.headers.get("content-length")
    return declared is None or not declared.isdigit() or int(declared) > MAX_UPLOAD_BYTES


async def _posted(
    request: Request,
    municipality: int,
    words: views.Words,
    max_files: int,
    max_fields: int,
    too_large: dict[str, Any] | None = None,
) -> tuple[Session, FormData] | Response:
    """A signed-in coordinator's form for this municipality, or the page that refuses it: not
    signed in or not theirs, a body over the limit (``too_large``: the upload page's result
    for it), or a missing or wrong CSRF token."""
    gate = _gate(request, municipality, words)
    if not isinstance(gate, Session):
        return gate
    if too_large is not None and _too_large(request):
        return await _upload_page(request, municipality, gate, words, 413, **too_large)
    form = await request.form(max_files=max_files, max_fields=max_fields)
    refused = _refuse_post(request, gate, str(form.get("csrf") or ""), words)
    if refused is not None:
        return refused
    return gate, form


async def _save(upload: UploadFile, folder: Path) -> Path:
    target = folder / "upload.csv"
    with target.open("wb") as out:
        while chunk := await upload.read(1 << 20):
            out.write(chunk)
    return target


@router.post("/municipality/{municipality}/upload/registrations", include_in_schema=False)
async def upload_registrations(request: Request, municipality: int) -> Response:
    words = views.Words(_lang(request))
    too_large = {"result": transfer.UploadResult(error=f"> {MAX_UPLOAD_BYTES} bytes")}
    posted = await _posted(request, municipality, words, 1, 10, too_large)
    if isinstance(posted, Response):
        return posted
    gate, form = posted
    upload = form.get("file")
    if not isinstance(upload, UploadFile) or not upload.filename:
        return await _upload_page(
            request, municipality, gate, words, 400,
            result=transfer.UploadResult(error=words.t("file") + "?"),
        )  # fmt: skip
    folder = Path(tempfile.mkdtemp(prefix="tracetool-upload-"))
    try:
        path = await _save(upload, folder)
        result = await run_in_threadpool(
            transfer.upload_registrations, _storage(request), municipality, path, folder,
            origin=f"web:{gate.account.id}", display_name=Path(upload.filename).name,
        )  # fmt: skip
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return await _upload_page(
        request, municipality, gate, words, 200 if result.ok else 422, result=result
    )


@router.post("/municipality/{municipality}/totals", include_in_schema=False)
async def upload_totals(request: Request, municipality: int) -> Response:
    words = views.Words(_lang(request))
    too_large = {"totals_result": transfer.TotalsResult(error=f"> {MAX_UPLOAD_BYTES} bytes")}
    posted = await _posted(request, municipality, words, 1, 20, too_large)
    if isinstance(posted, Response):
        return posted
    gate, form = posted
    upload = form.get("file")
    if isinstance(upload, UploadFile) and upload.filename:
        data = await upload.read(MAX_UPLOAD_BYTES + 1)
        display = Path(upload.filename).name
    else:
        data = transfer.total_line(
            str(form.get("channel") or ""), str(form.get("unit") or ""),
            str(form.get("from") or ""), str(form.get("to") or ""), str(form.get("count") or ""),
        )  # fmt: skip
        display = words.t("upload_totals_h")
    result = await run_in_threadpool(
        transfer.upload_totals, _storage(request), municipality, data, display,
        origin=f"web:{gate.account.id}",
    )  # fmt: skip
    return await _upload_page(
        request, municipality, gate, words, 200 if result.ok else 422, totals_result=result
    )


@router.post("/municipality/{municipality}/totals/{total_id}/delete", include_in_schema=False)
async def delete_total(request: Request, municipality: int, total_id: str) -> Response:
    words = views.Words(_lang(request))
    posted = await _posted(request, municipality, words, 0, 10)
    if isinstance(posted, Response):
        return posted
    gate, _form = posted
    await run_in_threadpool(
        transfer.delete_total, _storage(request), municipality, total_id,
        origin=f"web:{gate.account.id}",
    )  # fmt: skip
    return RedirectResponse(f"/municipality/{municipality}/upload?deleted=1", 303)
