"""What a coordinator uses: exports, figures and publishing plans."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from dataclasses import asdict
from datetime import timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response, StreamingResponse
from starlette.concurrency import run_in_threadpool

from tracetool import timeutil
from tracetool.bounds import shown
from tracetool.collector import auth, exports
from tracetool.collector.auth import ApiError, forbidden, require_role
from tracetool.collector.bodies import json_response, read_body
from tracetool.collector.deps import Auth, Bounds, FromQ, MunicipalityQ, Store, ToQ, UnitQ
from tracetool.collector.storage import ExportQuery
from tracetool.errors import TracetoolError, ValidationError
from tracetool.plan import planfile
from tracetool.sync.protocol import API, REGISTRATION_COLUMNS, encode_registration_row

router = APIRouter()
log = logging.getLogger("tracetool.collector")
_FAILED = (
    json.dumps(
        {
            "error": "export_failed",
            "message": "the export failed part-way; this file is incomplete",
            "besked": "eksporten fejlede undervejs; filen er ufuldstændig",
        },
        ensure_ascii=False,
    )
    + "\n"
).encode()


@router.get(f"{API}/export", tags=["coordinator"])
def export(
    account: Auth,
    storage: Store,
    from_: FromQ = None,
    to: ToQ = None,
    format: Annotated[
        str,
        Query(
            description="ndjson, dl, upload or xlsx",
            json_schema_extra={"enum": ["ndjson", *exports.FILE_FORMATS]},
        ),
    ] = "ndjson",
    municipality: MunicipalityQ = None,
    unit: UnitQ = None,
    include_test: bool = False,
    include_deleted: bool = False,
) -> Response:
    """The registrations of a period; test mode only when asked for.

    ``ndjson`` streams one object per registration (deletions with include_deleted);
    ``dl``, ``upload`` and ``xlsx`` are the KOMHEN files exactly as a desk exports them.
    An ndjson export that fails part-way ends with an ``{"error": "export_failed", ...}`` line
    and a cut connection (no final chunk): an incomplete file never looks complete.
    """
    require_role(account, "coordinator", "admin", action="export", handling="eksportere")
    scope = auth.read_scope(account, municipality, unit, what="exports", hvad="eksporter")
    if format != "ndjson" and format not in exports.FILE_FORMATS:
        raise ApiError(
            400,
            "bad_format",
            f"unknown export format {shown(format)}; use ndjson, dl, upload or xlsx",
            f"ukendt eksportformat {shown(format)}; brug ndjson, dl, upload eller xlsx",
        )
    query = ExportQuery(
        scope, _day(from_, "from"), _day_after(to, "to"), include_test, include_deleted
    )
    if format in exports.FILE_FORMATS:
        try:
            path, folder = exports.write(storage, query, format)
        except TracetoolError as exc:
            raise ApiError(
                422, "export_failed", f"the export failed: {exc}", f"eksporten fejlede: {exc}"
            ) from exc
        return StreamingResponse(
            exports.stream(path, folder),
            media_type=exports.MEDIA_TYPES[format],
            headers={"Content-Disposition": f'attachment; filename="{path.name}"'},
        )

    def lines() -> Iterator[bytes]:
        try:
            for row in storage.export_rows(query):
                obj = dict(zip(REGISTRATION_COLUMNS, encode_registration_row(row), strict=True))
                yield (json.dumps(obj, ensure_ascii=False) + "\n").encode()
        except Exception:
            # The 200 is sent: a last line says the export failed, and re-raising cuts the
            # response without its final chunk, so no reader takes a short file for a whole one.
            log.exception("export failed after streaming started")
            yield _FAILED
            raise

    return StreamingResponse(lines(), media_type="application/x-ndjson")


@router.get(f"{API}/figures", tags=["coordinator"])
def figures(
    account: Auth,
    storage: Store,
    from_: FromQ = None,
    to: ToQ = None,
    municipality: MunicipalityQ = None,
    unit: UnitQ = None,
    include_test: bool = False,
) -> dict[str, Any]:
    """Published figures per direction and channel; test mode left out unless asked for."""
    require_role(account, "coordinator", "admin", action="read figures", handling="læse tal")
    scope = auth.read_scope(account, municipality, unit, what="figures", hvad="tal")
    rows = storage.figures(
        ExportQuery(scope, _day(from_, "from"), _day_after(to, "to"), include_test)
    )
    return {
        "scope": asdict(scope),
        "include_test": include_test,
        "channels": [
            {"direction": d, "channel": c, "registrations": n, "inquiries": q}
            for d, c, n, q in rows
        ],
    }


@router.put(f"{API}/plan", tags=["coordinator"], status_code=201)
async def publish_plan(
    request: Request,
    account: Auth,
    storage: Store,
    limits: Bounds,
    municipality: MunicipalityQ = None,
) -> Response:
    """Publish a count plan (the TOML text as the body); desks pull it when they sync."""
    require_role(account, "coordinator", "admin", action="publish plans", handling="udgive planer")
    raw = await read_body(request, limits.max_plan_bytes, limits.max_plan_bytes)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ApiError(400, "bad_plan", "the plan must be UTF-8", "planen skal være UTF-8") from exc
    target = await run_in_threadpool(_plan_municipality, text)
    if municipality is not None and municipality != target:
        # 409: a well-formed request whose plan conflicts with the municipality it names.
        raise ApiError(
            409,
            "plan_mismatch",
            f"the plan is for municipality {target}, not {municipality}",
            f"planen gælder kommune {target}, ikke {municipality}",
        )
    if account.role != "admin" and target != account.municipality:
        raise forbidden(
            f"this token may not publish plans for municipality {target}",
            f"nøglen gælder kommune {account.municipality} og må ikke udgive planer for"
            f" kommune {target}",
        )
    record = await run_in_threadpool(storage.publish_plan, target, text, account.id)
    return json_response({k: v for k, v in asdict(record).items() if k != "text"}, 201)


def _plan_municipality(text: str) -> int:
    """The municipality of a valid plan; 400 listing every problem (with key paths) if not."""
    try:
        return planfile.parse_plan(text, "plan").municipality
    except ValidationError as exc:
        # Bounded: at most 20 problems of at most 300 characters each are repeated.
        problems = [str(p)[:300] for p in exc.problems[:20]]
        raise ApiError(
            400,
            "bad_plan",
            "the plan is not valid: " + "; ".join(problems),
            "planen er ikke gyldig: " + "; ".join(problems),
            extra={"problems": problems},
        ) from exc


def _day(text: str | None, name: str) -> str | None:
    if text is None:
        return None
    try:
        return timeutil.to_db(timeutil.day_start_utc(timeutil.parse_day(text)))
    except ValueError as exc:
        raise ApiError(400, "bad_date", f"{name}: {exc}", f"{name}: {exc}") from exc


def _day_after(text: str | None, name: str) -> str | None:
    if text is None:
        return None
    try:
        day = timeutil.parse_day(text) + timedelta(days=1)
    except ValueError as exc:
        raise ApiError(400, "bad_date", f"{name}: {exc}", f"{name}: {exc}") from exc
    return timeutil.to_db(timeutil.day_start_utc(day))
