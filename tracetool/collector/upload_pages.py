"""The upload page: registrations from a CSV file, totals typed in or from a file, and the
deletion of a stored total (asked first on a page of its own). Only the municipality's
coordinator (or an admin) may post, with the session's CSRF token, from this origin."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData, UploadFile

from tracetool.codes.codebook import load_codebook
from tracetool.collector import (
    error_pages,
    exports,
    municipalities,
    texts,
    transfer,
    views,
)
from tracetool.collector import (
    page_support as support,
)
from tracetool.collector.session import Session

router = APIRouter()

MAX_UPLOAD_BYTES = int(os.environ.get("TRACETOOL_MAX_UPLOAD_BYTES", str(200 * 2**20)))


# -- uploads -------------------------------------------------------------------------------


def _channels(lang: str) -> list[tuple[str, str]]:
    labels = texts.Words(lang).labels
    return [(c.code, labels.channel(c.code)) for c in load_codebook().channels]


async def _upload_page(
    request: Request,
    municipality: int,
    who: Session,
    words: texts.Words,
    status: int = 200,
    **results: Any,
) -> Response:
    storage = support.storage_of(request)
    units = await run_in_threadpool(transfer.known_units, storage, municipality)
    plan = await run_in_threadpool(exports.published_plan, storage, municipality)
    if plan is not None:
        units = sorted({*units, *(u.login for u in plan.units)})
    totals = await run_in_threadpool(transfer.stored_totals, storage, municipality)
    name = municipalities.name(
        municipality, {plan.municipality: plan.municipality_name} if plan else None
    )
    context = views.upload_context(
        municipality, name, words, csrf=who.csrf, channels=_channels(words.lang), units=units,
        totals=totals, today=support.today(), **results,
    )  # fmt: skip
    here = "upload" if who.account.municipality == municipality else ""
    return support.render(
        request, "upload.html", words.t("upload_h1", m=name), words, who, here, status, **context
    )


@router.get("/municipality/{municipality}/upload", include_in_schema=False)
async def upload_page(request: Request, municipality: int) -> Response:
    words = texts.Words(support.page_lang(request))
    gate = support.gate_for(request, municipality, words)
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
    words: texts.Words,
    max_files: int,
    max_fields: int,
    too_large: dict[str, Any] | None = None,
) -> tuple[Session, FormData] | Response:
    """A signed-in coordinator's form for this municipality, or the page that refuses it: not
    signed in or not theirs, a body over the limit (``too_large``: the upload page's result
    for it), or a missing or wrong CSRF token."""
    gate = support.gate_for(request, municipality, words)
    if not isinstance(gate, Session):
        return gate
    if too_large is not None and _too_large(request):
        return await _upload_page(request, municipality, gate, words, 413, **too_large)
    form = await request.form(max_files=max_files, max_fields=max_fields)
    refused = support.refuse_post(request, gate, str(form.get("csrf") or ""), words)
    if refused is not None:
        return refused
    return gate, form


@dataclass(frozen=True)
class _Upload:
    words: texts.Words
    gate: Session
    form: FormData
    file: UploadFile | None  # None when no file was chosen
    name: str  # the chosen file's name without its folders


async def _posted_upload(
    request: Request, municipality: int, max_fields: int, key: str, result: Callable[..., Any]
) -> _Upload | Response:
    """An upload form with at most one file, posted as ``_posted`` allows; a body over the
    limit is answered on the upload page with ``result`` as its ``key``."""
    words = texts.Words(support.page_lang(request))
    too_large = {key: result(error=f"> {MAX_UPLOAD_BYTES} bytes")}
    posted = await _posted(request, municipality, words, 1, max_fields, too_large)
    if isinstance(posted, Response):
        return posted
    gate, form = posted
    upload = form.get("file")
    if isinstance(upload, UploadFile) and upload.filename:
        return _Upload(words, gate, form, upload, Path(upload.filename).name)
    return _Upload(words, gate, form, None, "")


async def _save(upload: UploadFile, folder: Path) -> Path:
    target = folder / "upload.csv"
    with target.open("wb") as out:
        while chunk := await upload.read(1 << 20):
            out.write(chunk)
    return target


@router.post("/municipality/{municipality}/upload/registrations", include_in_schema=False)
async def upload_registrations(request: Request, municipality: int) -> Response:
    posted = await _posted_upload(request, municipality, 10, "result", transfer.UploadResult)
    if isinstance(posted, Response):
        return posted
    words, gate, upload = posted.words, posted.gate, posted.file
    if upload is None:
        return await _upload_page(
            request, municipality, gate, words, 400,
            result=transfer.UploadResult(error=words.t("file") + "?"),
        )  # fmt: skip
    folder = Path(tempfile.mkdtemp(prefix="tracetool-upload-"))
    try:
        path = await _save(upload, folder)
        result = await run_in_threadpool(
            transfer.upload_registrations, support.storage_of(request), municipality, path, folder,
            origin=f"web:{gate.account.id}", display_name=posted.name,
        )  # fmt: skip
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return await _upload_page(
        request, municipality, gate, words, 200 if result.ok else 422, result=result
    )


@router.post("/municipality/{municipality}/totals", include_in_schema=False)
async def upload_totals(request: Request, municipality: int) -> Response:
    posted = await _posted_upload(request, municipality, 20, "totals_result", transfer.TotalsResult)
    if isinstance(posted, Response):
        return posted
    words, gate, form = posted.words, posted.gate, posted.form
    if posted.file is not None:
        data = await posted.file.read(MAX_UPLOAD_BYTES + 1)
        display = posted.name
    else:
        data = transfer.total_line(
            str(form.get("channel") or ""), str(form.get("unit") or ""),
            str(form.get("from") or ""), str(form.get("to") or ""), str(form.get("count") or ""),
        )  # fmt: skip
        display = words.t("upload_totals_h")
    result = await run_in_threadpool(
        transfer.upload_totals, support.storage_of(request), municipality, data, display,
        origin=f"web:{gate.account.id}",
    )  # fmt: skip
    return await _upload_page(
        request, municipality, gate, words, 200 if result.ok else 422, totals_result=result
    )


def _no_total(request: Request, municipality: int, words: texts.Words) -> Response:
    text = words.t("no_total", m=municipality)
    return error_pages.page(request, 404, words.t("not_found_h1"), text, words=words)


@router.get("/municipality/{municipality}/totals/{total_id}/delete", include_in_schema=False)
async def confirm_delete_total(request: Request, municipality: int, total_id: str) -> Response:
    """The question before a delete: which total, and a button that posts the delete."""
    words = texts.Words(support.page_lang(request))
    gate = support.gate_for(request, municipality, words)
    if not isinstance(gate, Session):
        return gate
    stored = await run_in_threadpool(
        transfer.stored_totals, support.storage_of(request), municipality
    )
    found = [row for row in stored if row[0] == total_id]
    if not found:
        return _no_total(request, municipality, words)
    return support.render(
        request, "confirm_delete.html", words.t("delete_h1"), words, gate, "",
        municipality=municipality, total=views.stored_total(found[0], words), csrf=gate.csrf,
    )  # fmt: skip


@router.post("/municipality/{municipality}/totals/{total_id}/delete", include_in_schema=False)
async def delete_total(request: Request, municipality: int, total_id: str) -> Response:
    words = texts.Words(support.page_lang(request))
    posted = await _posted(request, municipality, words, 0, 10)
    if isinstance(posted, Response):
        return posted
    gate, _form = posted
    # Only a live total of this municipality is deleted (``delete_total`` looks it up by id
    # and municipality); anything else is answered as not there, never as done.
    done = await run_in_threadpool(
        transfer.delete_total, support.storage_of(request), municipality, total_id,
        origin=f"web:{gate.account.id}",
    )  # fmt: skip
    if not done:
        return _no_total(request, municipality, words)
    return RedirectResponse(f"/municipality/{municipality}/upload?deleted=1", 303)
