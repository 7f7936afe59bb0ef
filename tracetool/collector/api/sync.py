"""What a desk uses: batches of registrations and totals, its receipt, its plan."""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from tracetool.collector import auth
from tracetool.collector.auth import ApiError
from tracetool.collector.batch import process_batch, shape_error
from tracetool.collector.bodies import decode_body, json_response, parse_json, read_body, read_raw
from tracetool.collector.deps import Auth, Bounds, MunicipalityQ, OriginQ, Store, UnitQ
from tracetool.collector.schemas import BatchOut, ReceiptIdsOut, ReceiptOut
from tracetool.collector.storage import Scope
from tracetool.sync.protocol import API, DEVICE_HEADER

router = APIRouter()


@router.post(
    f"{API}/batch",
    tags=["sync"],
    response_model=BatchOut,
    responses={
        400: {"description": "malformed JSON or gzip"},
        401: {"description": "missing, unknown or revoked token"},
        403: {"description": "a row outside the token's municipality or unit"},
        413: {"description": "over the published limits"},
        422: {"description": "not a batch"},
    },
)
async def batch(request: Request, account: Auth, storage: Store, limits: Bounds) -> Response:
    """Registrations (and totals) in one transaction; one answer per item.

    Statuses: accepted (new), duplicate (same id, revision and content: success, no change),
    updated (a higher revision), conflict (stale revision, or the same revision with other
    content), invalid (with the reason). Gzip bodies are accepted.
    """
    raw = await read_raw(request, limits.max_bytes)
    origin = request.headers.get(DEVICE_HEADER)
    if origin is not None and not 0 < len(origin) <= 100:
        origin = None

    def handle() -> str:
        # Decompressing, parsing and storing all run on a worker thread, so the event loop
        # keeps taking requests (the next batch's body, a health check) meanwhile.
        body = decode_body(raw, request.headers, limits.max_decompressed_bytes)
        return process_batch(storage, account, parse_json(body), origin, limits)

    answer = await run_in_threadpool(handle)
    return Response(answer, media_type="application/json")


@router.post(f"{API}/totals", tags=["sync"], response_model=BatchOut)
async def totals(request: Request, account: Auth, storage: Store, limits: Bounds) -> Response:
    """Totals (total-tal) only: ``{"totals": [...]}``; coordinator or admin."""
    raw = await read_body(request, limits.max_bytes, limits.max_decompressed_bytes)
    payload = parse_json(raw)
    if not isinstance(payload, dict) or set(payload) - {"totals"}:
        raise shape_error(
            'the body must be {"totals": [...]}', 'indholdet skal være {"totals": [...]}'
        )
    answer = await run_in_threadpool(
        process_batch, storage, account, payload, request.headers.get(DEVICE_HEADER), limits
    )
    return Response(answer, media_type="application/json")


def receipt_scope(
    account: Auth,
    municipality: MunicipalityQ = None,
    unit: UnitQ = None,
    origin: OriginQ = None,
) -> Scope:
    """The rows a receipt covers: the asked-for filters, narrowed to the token's rights."""
    return auth.read_scope(
        account, municipality, unit, origin, what="receipts", hvad="kvitteringer"
    )


ReceiptScope = Annotated[Scope, Depends(receipt_scope)]


@router.get(f"{API}/receipt", tags=["sync"], response_model=ReceiptOut)
def receipt(scope: ReceiptScope, storage: Store) -> dict[str, Any]:
    """What the server holds for the token's scope, for a desk to compare with its own.

    ``count`` is rows (registrations), test mode included, deletions excluded; ``checksum``
    is over (id, revision) of the same rows and does not depend on order. A registrant token
    bound to a unit reads that unit's receipt only; one without a unit reads any unit of its
    municipality (counts and checksums, no rows), as a coordinator does. A desk asks with
    ``origin`` (its device id) for what it delivered itself.
    """
    return {"scope": asdict(scope), **asdict(storage.receipt(scope))}


@router.get(f"{API}/receipt/ids", tags=["sync"], response_model=ReceiptIdsOut)
def receipt_ids(scope: ReceiptScope, storage: Store) -> dict[str, Any]:
    """The (id, revision) pairs a receipt counts, so a desk whose checksum differs can say
    which ids differ and send them again. Same scope rules as ``/receipt``."""
    registrations, totals = storage.held_ids(scope)
    return {"scope": asdict(scope), "registrations": registrations, "totals": totals}


@router.get(f"{API}/plan", tags=["sync"])
def fetch_plan(account: Auth, storage: Store, municipality: MunicipalityQ = None) -> Response:
    """The municipality's current plan (any token of that municipality)."""
    target = municipality if municipality is not None else account.municipality
    if target is None:
        raise ApiError(
            400,
            "bad_request",
            "say which municipality: ?municipality=259",
            "angiv kommunen: ?municipality=259",
        )
    auth.read_scope(account, target, None, what="plans", hvad="planer")
    record = storage.fetch_plan(target)
    if record is None:
        raise ApiError(
            404,
            "no_plan",
            f"no plan has been published for municipality {target}",
            f"der er ikke udgivet en plan for kommune {target}",
        )
    return json_response(asdict(record))
