"""The collector's HTTP API (FastAPI); OpenAPI at /docs.

Stateless: every request finds its token, rows and plan in the database, so any number of
instances can stand behind one load balancer on one PostgreSQL. The batch endpoint reads the
body itself rather than through a declared model, so the published limits (bytes, decompressed
bytes, rows) hold before any parsing, and a gzip bomb is stopped after ``max_decompressed_bytes``.
"""

from __future__ import annotations

import json
import logging
import os
import zlib
from collections.abc import Iterator, Mapping
from dataclasses import asdict, dataclass
from datetime import timedelta
from operator import itemgetter
from typing import Annotated, Any

from fastapi import Depends, FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.utils import get_openapi
from fastapi.responses import Response, StreamingResponse
from fastapi_offline import FastAPIOffline
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException

from tracetool import timeutil
from tracetool.collector import auth, error_pages, exports, metrics
from tracetool.collector.auth import ApiError, forbidden, require_role
from tracetool.collector.items import (
    ItemError,
    item_id,
    normalize_batch,
    normalize_registration,
    normalize_total,
    registration_problem,
    registration_values,
    total_problem,
)
from tracetool.collector.storage import (
    ROLES,
    Account,
    ExportQuery,
    Storage,
    StorageError,
    open_storage,
)
from tracetool.errors import TracetoolError, ValidationError
from tracetool.plan import planfile
from tracetool.sync.protocol import (
    API,
    DEVICE_HEADER,
    INVALID,
    PROTOCOL_VERSION,
    REGISTRATION_COLUMNS,
    STATUSES,
    ItemResult,
    encode_registration_row,
)

log = logging.getLogger("tracetool.collector")

MiB = 2**20


@dataclass(frozen=True)
class Limits:
    max_rows: int = 10_000
    max_bytes: int = 16 * MiB
    max_decompressed_bytes: int = 64 * MiB
    max_plan_bytes: int = 1 * MiB


# -- OpenAPI documentation models (the batch body itself is parsed by hand, see above) --------


class RegistrationIn(BaseModel):
    id: str = Field(description="UUIDv7 made on the device, lower case")
    municipality: int
    unit: str | None = None
    direction: str = Field(description="IND or UD")
    channel: str = Field(description="Channel code, e.g. TLFIND")
    task: str = Field(description="KLE number, e.g. 23.05.10")
    type: str
    closing: str
    form: str | None = None
    started_at: str | None = Field(None, description="UTC, 2013-10-21T07:20:00.000000Z")
    saved_at: str = Field(description="UTC, 2013-10-21T07:20:00.000000Z")
    answers: dict[str, str] = {}
    source: str = "import"
    test_mode: bool = False
    count: int = 1
    revision: int = 1
    deleted: bool = False
    device: str | None = None
    import_key: str | None = None


class RegistrationColumns(BaseModel):
    columns: list[str] = Field(
        description="The column names, in any order: " + ", ".join(REGISTRATION_COLUMNS)
    )
    rows: list[list[Any]]


class TotalIn(BaseModel):
    id: str
    municipality: int
    unit: str | None = ""
    channel: str
    direction: str | None = None
    from_date: str = Field(description="2013-10-21")
    to_date: str = Field(description="2013-10-27")
    count: int
    source: str | None = None
    created_at: str | None = None
    revision: int = 1
    deleted: bool = False


class BatchIn(BaseModel):
    registrations: list[RegistrationIn] | RegistrationColumns = []
    totals: list[TotalIn] = []


class ItemOut(BaseModel):
    id: str
    revision: int | None
    status: str = Field(description=" | ".join(STATUSES))
    reason: str | None = None


class BatchOut(BaseModel):
    registrations: list[ItemOut]
    totals: list[ItemOut]
    summary: dict[str, int]


class ReceiptOut(BaseModel):
    scope: dict[str, Any]
    count: int = Field(
        description="Registrations (rows) held, test mode included, deletions excluded"
    )
    inquiries: int = Field(description="Inquiries: the sum of count over the same rows")
    test_count: int
    checksum: str = Field(
        description="sum of sha256(id:revision) halves mod 2^32, hex; see protocol.py"
    )
    totals: int
    totals_checksum: str


class TokenIn(BaseModel):
    role: str = Field(description=" | ".join(ROLES))
    municipality: int | None = None
    unit: str | None = None
    note: str | None = None


# -- helpers -----------------------------------------------------------------------------------


def _json(data: Any, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    body = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return Response(body, status_code=status, media_type="application/json", headers=headers)


def _too_large(message: str, besked: str, **extra: Any) -> ApiError:
    return ApiError(413, "too_large", message, besked, extra=extra)


async def read_body(request: Request, limit: int, decompressed_limit: int) -> bytes:
    """The body within the limits, decompressed; the CPU-bound part runs off the event loop."""
    raw = await read_raw(request, limit)
    return await run_in_threadpool(decode_body, raw, request.headers, decompressed_limit)


async def read_raw(request: Request, limit: int) -> bytes:
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > limit:
        raise _too_large(
            f"body of {declared} bytes exceeds the limit of {limit} bytes",
            f"forespørgslen fylder {declared} bytes; grænsen er {limit} bytes",
            limit=limit,
        )
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise _too_large(
                f"body exceeds the limit of {limit} bytes",
                f"forespørgslen er større end grænsen på {limit} bytes",
                limit=limit,
            )
        chunks.append(chunk)
    return b"".join(chunks)


def decode_body(raw: bytes, headers: Mapping[str, str], decompressed_limit: int) -> bytes:
    encoding = headers.get("content-encoding", "identity").strip().lower()
    if encoding == "gzip":
        return gunzip(raw, decompressed_limit)
    if encoding not in ("", "identity"):
        raise ApiError(
            415,
            "unsupported_encoding",
            f"content-encoding {encoding!r} is not supported; use gzip or none",
            f"content-encoding {encoding!r} understøttes ikke; brug gzip eller ingen",
        )
    if len(raw) > decompressed_limit:
        raise _too_large(
            f"body exceeds the limit of {decompressed_limit} bytes",
            f"forespørgslen er større end grænsen på {decompressed_limit} bytes",
            limit=decompressed_limit,
        )
    return raw


def gunzip(raw: bytes, limit: int) -> bytes:
    """Decompress at most ``limit`` bytes: a bomb is refused after that, never expanded."""
    inflater = zlib.decompressobj(wbits=31)
    try:
        out = inflater.decompress(raw, limit + 1)
    except zlib.error as exc:
        raise ApiError(
            400,
            "bad_gzip",
            f"the body is not valid gzip: {exc}",
            f"indholdet er ikke gyldig gzip: {exc}",
        ) from exc
    if len(out) > limit or inflater.unconsumed_tail:
        raise _too_large(
            f"the gzip body expands beyond the limit of {limit} bytes",
            f"gzip-indholdet fylder udpakket mere end grænsen på {limit} bytes",
            limit=limit,
        )
    if not inflater.eof or inflater.unused_data:
        raise ApiError(
            400,
            "bad_gzip",
            "the gzip body is truncated or has trailing data",
            "gzip-indholdet er afkortet eller har data efter slutningen",
        )
    return out


def parse_json(raw: bytes) -> Any:
    try:
        return json.loads(raw)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        where = (
            f" at line {exc.lineno}, column {exc.colno}"
            if isinstance(exc, json.JSONDecodeError)
            else ""
        )
        sted = (
            f" i linje {exc.lineno}, kolonne {exc.colno}"
            if isinstance(exc, json.JSONDecodeError)
            else ""
        )
        raise ApiError(
            400,
            "malformed_json",
            f"the body is not valid JSON{where}: {exc}",
            f"indholdet er ikke gyldig JSON{sted}: {exc}",
        ) from exc


def _shape(message: str, besked: str) -> ApiError:
    return ApiError(422, "bad_request_shape", message, besked)


def _registration_items(value: Any) -> tuple[list[Any], list[Any]]:
    """The registrations of a batch: values in wire order (or the ItemError), and what each
    item was as sent (to name it in an answer when it is unusable).
    """
    if isinstance(value, list):
        items: list[Any] = []
        for obj in value:
            try:
                items.append(registration_values(obj))
            except ItemError as exc:
                items.append(exc)
        return items, value
    if isinstance(value, dict):
        columns, rows = value.get("columns"), value.get("rows")
        if (
            not isinstance(columns, list)
            or sorted(map(str, columns)) != sorted(REGISTRATION_COLUMNS)
            or not isinstance(rows, list)
        ):
            raise _shape(
                "registrations must be a list of objects or"
                f" {{columns: [{', '.join(REGISTRATION_COLUMNS)}], rows: [[...]]}}",
                "registrations skal være en liste af objekter eller {columns: [...], rows: [[...]]}"
                " med præcis protokollens kolonner",
            )
        if columns == list(REGISTRATION_COLUMNS):
            return rows, rows
        order = [columns.index(c) for c in REGISTRATION_COLUMNS]
        return [
            [r[j] for j in order] if isinstance(r, list) and len(r) == len(order) else r
            for r in rows
        ], rows
    raise _shape(
        "registrations must be a list or a columns/rows object",
        "registrations skal være en liste eller et columns/rows-objekt",
    )


def process_batch(
    storage: Storage, account: Account, payload: Any, origin: str | None, limits: Limits
) -> str:
    """Check, authorise and apply one batch; the answer as JSON text."""
    if not isinstance(payload, dict):
        raise _shape("the body must be a JSON object", "indholdet skal være et JSON-objekt")
    unknown = set(payload) - {"registrations", "totals"}
    if unknown:
        raise _shape(
            f"unknown key(s) {', '.join(sorted(unknown))}; expected registrations and totals",
            f"ukendte nøgler {', '.join(sorted(unknown))}; forventede registrations og totals",
        )
    items, originals = _registration_items(payload.get("registrations", []))
    totals_in = payload.get("totals", [])
    if not isinstance(totals_in, list):
        raise _shape("totals must be a list", "totals skal være en liste")
    rows = len(items) + len(totals_in)
    if rows > limits.max_rows:
        raise _too_large(
            f"{rows} rows exceed the limit of {limits.max_rows} per batch",
            f"{rows} rækker er over grænsen på {limits.max_rows} pr. sending",
            limit=limits.max_rows,
        )
    if totals_in:
        require_role(
            account, "coordinator", "admin", action="upload totals", handling="indsende total-tal"
        )

    reg_results: list[ItemResult | None] = [None] * len(items)
    kept: list[tuple[Any, ...]] = []
    kept_at: list[int] = []
    whole = normalize_batch(items)
    if whole is not None:
        # A clean batch (what a desk sends): checked column-wise, every row valid.
        for municipality, unit in {(r[1], r[2]) for r in whole}:
            auth.check_write(account, municipality, unit)
        kept, kept_at, items = whole, list(range(len(whole))), []
    for i, item in enumerate(items):
        try:
            if isinstance(item, ItemError):
                raise item
            row = normalize_registration(item)
        except ItemError as exc:
            original = originals[i]
            rid, rev = item_id(original if isinstance(original, dict | list) else [])
            reg_results[i] = ItemResult(rid, rev, INVALID, str(exc))
            continue
        # Authorisation is for the batch as a whole: one foreign row refuses all of it (and
        # the answer then says nothing about the other rows).
        auth.check_write(account, row[1], row[2])
        problem = registration_problem(row)
        if problem:
            reg_results[i] = ItemResult(row[0], row[15], INVALID, problem)
        else:
            kept.append(row)
            kept_at.append(i)

    total_results: list[ItemResult | None] = [None] * len(totals_in)
    valid_totals: list[tuple[Any, ...]] = []
    totals_at: list[int] = []
    for i, obj in enumerate(totals_in):
        try:
            trow = normalize_total(obj)
        except ItemError as exc:
            rid, rev = item_id(obj if isinstance(obj, dict) else [])
            total_results[i] = ItemResult(rid, rev, INVALID, str(exc))
            continue
        auth.check_write(account, trow[1], None)
        valid_totals.append(trow)
        totals_at.append(i)

    kept_totals: list[tuple[Any, ...]] = []
    kept_totals_at: list[int] = []
    for trow, i in zip(valid_totals, totals_at, strict=True):
        problem = total_problem(trow)
        if problem:
            total_results[i] = ItemResult(trow[0], trow[10], INVALID, problem)
        else:
            kept_totals.append(trow)
            kept_totals_at.append(i)

    applied, applied_totals = storage.apply_batch(kept, kept_totals, origin)
    for i, result in zip(kept_at, applied, strict=True):
        reg_results[i] = result
    for i, result in zip(kept_totals_at, applied_totals, strict=True):
        total_results[i] = result
    summary = dict.fromkeys(STATUSES, 0)
    for answered in (*reg_results, *total_results):
        assert answered is not None
        summary[answered.status] += 1
    return (
        '{"registrations":['
        + _answers_json(reg_results)
        + '],"totals":['
        + ",".join(_item_json(r, checked_id=False) for r in total_results if r is not None)
        + '],"summary":'
        + json.dumps(summary)
        + "}"
    )


_ANSWER = '{{"id":"{}","revision":{},"status":"{}"}}'.format


def _answers_json(results: list[ItemResult | None]) -> str:
    # Every answer of a clean batch has a checked UUID, a revision and no reason: written by
    # one map over str.format (C), not one Python call per item.
    done = [r for r in results if r is not None]
    if (
        len(done) == len(results)
        and set(map(itemgetter(3), done)) == {None}
        and None not in set(map(itemgetter(1), done))
    ):
        return ",".join(
            map(_ANSWER, map(itemgetter(0), done), map(itemgetter(1), done),
                map(itemgetter(2), done))
        )  # fmt: skip
    return ",".join(_item_json(r, checked_id=True) for r in done)


def _item_json(result: ItemResult, *, checked_id: bool) -> str:
    # A stored registration's id is a checked UUID: no escaping needed, and 100,000 answers
    # are written without building 100,000 dicts. Anything else goes through json.dumps.
    if checked_id and result.reason is None and result.revision is not None:
        return f'{{"id":"{result.id}","revision":{result.revision},"status":"{result.status}"}}'
    return json.dumps(result.as_json(), ensure_ascii=False)


def _plan_municipality(text: str) -> int:
    """The municipality of a valid plan; 400 listing every problem (with key paths) if not."""
    try:
        return planfile.parse_plan(text, "plan").municipality
    except ValidationError as exc:
        problems = [str(p) for p in exc.problems]
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


def authenticated(request: Request) -> Account:
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if not header:
        raise auth.unauthenticated(
            "missing Authorization: Bearer <token>",
            "adgangsnøgle mangler (Authorization: Bearer <nøgle>)",
        )
    if scheme.lower() != "bearer" or not token.strip():
        raise auth.unauthenticated(
            "the Authorization header must be 'Bearer <token>'",
            "Authorization-headeren skal være 'Bearer <nøgle>'",
        )
    storage: Storage = request.app.state.storage
    account = storage.find_account(auth.hash_token(token.strip()))
    if account is None:
        raise auth.unauthenticated("unknown token", "ukendt adgangsnøgle")
    if account.revoked:
        raise auth.unauthenticated(
            f"the token was revoked at {account.revoked_at}",
            f"adgangsnøglen blev tilbagekaldt {account.revoked_at}",
        )
    return account


Auth = Annotated[Account, Depends(authenticated)]


# -- the app -----------------------------------------------------------------------------------


def create_app(storage: Storage, limits: Limits | None = None) -> FastAPI:
    limits = limits or Limits()
    app = FastAPIOffline(  # Swagger UI and ReDoc from the package's files, no CDN
        title="TraceTool collector",
        version=str(PROTOCOL_VERSION),
        description=(
            "Central collector for KOMHEN 2.0 registrations made offline on TraceTool desks. "
            "Send `Authorization: Bearer <token>`; errors are JSON with `error`, `message` "
            "(English) and `besked` (Danish)."
        ),
    )
    app.state.storage = storage
    app.state.limits = limits

    @app.exception_handler(ApiError)
    async def _api_error(request: Request, exc: ApiError) -> Response:
        return _json(exc.body(), exc.status, exc.headers or None)

    @app.exception_handler(StorageError)
    async def _storage_error(request: Request, exc: StorageError) -> Response:
        log.warning("storage unavailable: %s", exc)
        if error_pages.is_page(request):
            return error_pages.unavailable(request)
        return _json(
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
        problems = [
            f"{'.'.join(str(p) for p in e.get('loc', ()))}: {e.get('msg')}" for e in exc.errors()
        ]
        return _json(
            {
                "error": "bad_request",
                "message": "; ".join(problems),
                "besked": "ugyldige parametre: " + "; ".join(problems),
            },
            422,
        )

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> Response:
        if error_pages.is_page(request):
            return error_pages.for_http(request, exc)
        return _json(
            {
                "error": f"http_{exc.status_code}",
                "message": str(exc.detail),
                "besked": str(exc.detail),
            },
            exc.status_code,
        )

    @app.exception_handler(Exception)
    async def _crash(request: Request, exc: Exception) -> Response:
        log.exception("unexpected error")
        if error_pages.is_page(request):
            return error_pages.crash(request, exc)
        return _json(
            {
                "error": "internal",
                "message": f"unexpected server error ({type(exc).__name__})",
                "besked": f"uventet fejl på serveren ({type(exc).__name__})",
            },
            500,
        )

    @app.get(f"{API}/health", tags=["service"])
    def health() -> dict[str, Any]:
        """Readiness: the database answers and the schema is current."""
        return {"status": "ok", "database": storage.dialect, "schema": storage.schema_version()}

    @app.get(f"{API}/limits", tags=["service"])
    def get_limits() -> dict[str, Any]:
        """What one batch may hold; clients size their batches to these."""
        return {
            "protocol": PROTOCOL_VERSION,
            "max_rows": limits.max_rows,
            "max_bytes": limits.max_bytes,
            "max_decompressed_bytes": limits.max_decompressed_bytes,
            "content_encodings": ["gzip", "identity"],
            "registration_columns": list(REGISTRATION_COLUMNS),
        }

    @app.get(f"{API}/whoami", tags=["tokens"])
    def whoami(account: Auth) -> dict[str, Any]:
        return account.as_json()

    @app.post(
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
    async def batch(request: Request, account: Auth) -> Response:
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

    @app.post(f"{API}/totals", tags=["sync"], response_model=BatchOut)
    async def totals(request: Request, account: Auth) -> Response:
        """Totals (total-tal) only: ``{"totals": [...]}``; coordinator or admin."""
        raw = await read_body(request, limits.max_bytes, limits.max_decompressed_bytes)
        payload = parse_json(raw)
        if not isinstance(payload, dict) or set(payload) - {"totals"}:
            raise _shape(
                'the body must be {"totals": [...]}', 'indholdet skal være {"totals": [...]}'
            )
        answer = await run_in_threadpool(
            process_batch, storage, account, payload, request.headers.get(DEVICE_HEADER), limits
        )
        return Response(answer, media_type="application/json")

    @app.get(f"{API}/receipt", tags=["sync"], response_model=ReceiptOut)
    def receipt(
        account: Auth,
        municipality: int | None = None,
        unit: str | None = None,
        origin: Annotated[
            str | None, Query(description="Only rows first delivered by this device")
        ] = None,
    ) -> dict[str, Any]:
        """What the server holds for the token's scope, for a desk to compare with its own.

        ``count`` is rows (registrations), test mode included, deletions excluded; ``checksum``
        is over (id, revision) of the same rows and does not depend on order.
        """
        scope = auth.read_scope(
            account, municipality, unit, origin, what="receipts", hvad="kvitteringer"
        )
        return {"scope": asdict(scope), **asdict(storage.receipt(scope))}

    @app.get(f"{API}/export", tags=["coordinator"])
    def export(
        account: Auth,
        from_: Annotated[
            str | None, Query(alias="from", description="First day, 2013-10-21")
        ] = None,
        to: Annotated[str | None, Query(description="Last day (inclusive)")] = None,
        format: Annotated[str, Query(description="ndjson, dl, upload or xlsx")] = "ndjson",
        municipality: int | None = None,
        unit: str | None = None,
        include_test: bool = False,
        include_deleted: bool = False,
    ) -> Response:
        """The registrations of a period; test mode only when asked for.

        ``ndjson`` streams one object per registration (deletions with include_deleted);
        ``dl``, ``upload`` and ``xlsx`` are the KOMHEN files exactly as a desk exports them.
        """
        require_role(account, "coordinator", "admin", action="export", handling="eksportere")
        scope = auth.read_scope(account, municipality, unit, what="exports", hvad="eksporter")
        if format != "ndjson" and format not in exports.FILE_FORMATS:
            raise ApiError(
                400,
                "bad_format",
                f"unknown export format {format!r}; use ndjson, dl, upload or xlsx",
                f"ukendt eksportformat {format!r}; brug ndjson, dl, upload eller xlsx",
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
            for row in storage.export_rows(query):
                obj = dict(zip(REGISTRATION_COLUMNS, encode_registration_row(row), strict=True))
                yield (json.dumps(obj, ensure_ascii=False) + "\n").encode()

        return StreamingResponse(lines(), media_type="application/x-ndjson")

    @app.get(f"{API}/figures", tags=["coordinator"])
    def figures(
        account: Auth,
        from_: Annotated[str | None, Query(alias="from")] = None,
        to: str | None = None,
        municipality: int | None = None,
        unit: str | None = None,
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

    @app.put(f"{API}/plan", tags=["coordinator"])
    async def publish_plan(
        request: Request, account: Auth, municipality: int | None = None
    ) -> Response:
        """Publish a count plan (the TOML text as the body); desks pull it when they sync."""
        require_role(
            account, "coordinator", "admin", action="publish plans", handling="udgive planer"
        )
        raw = await read_body(request, limits.max_plan_bytes, limits.max_plan_bytes)
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise ApiError(
                400, "bad_plan", "the plan must be UTF-8", "planen skal være UTF-8"
            ) from exc
        target = await run_in_threadpool(_plan_municipality, text)
        if municipality is not None and municipality != target:
            raise ApiError(
                400,
                "bad_plan",
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
        return _json({k: v for k, v in asdict(record).items() if k != "text"}, 201)

    @app.get(f"{API}/plan", tags=["sync"])
    def fetch_plan(account: Auth, municipality: int | None = None) -> Response:
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
        return _json(asdict(record))

    @app.post(f"{API}/tokens", tags=["tokens"], status_code=201)
    def create_token(body: TokenIn, account: Auth) -> Response:
        """Issue a token; it is shown once, only its hash is kept."""
        if body.role not in ROLES:
            raise ApiError(
                422,
                "bad_request",
                f"role must be one of {', '.join(ROLES)}",
                f"rollen skal være en af {', '.join(ROLES)}",
            )
        municipality = body.municipality
        if municipality is None and account.role == "coordinator":
            municipality = account.municipality
        if body.role != "admin" and municipality is None:
            raise ApiError(422, "bad_request", "municipality is required", "kommune skal angives")
        auth.check_manage_token(account, body.role, municipality)
        token = auth.new_token()
        made = storage.create_account(
            auth.hash_token(token), body.role, None if body.role == "admin" else municipality,
            body.unit, body.note,
        )  # fmt: skip
        return _json({"token": token, "account": made.as_json()}, 201)

    @app.get(f"{API}/tokens", tags=["tokens"])
    def list_tokens(account: Auth) -> dict[str, Any]:
        require_role(account, "coordinator", "admin", action="list tokens", handling="se nøgler")
        scope = None if account.role == "admin" else account.municipality
        return {"tokens": [a.as_json() for a in storage.list_accounts(scope)]}

    @app.delete(f"{API}/tokens/{{token_id}}", tags=["tokens"])
    def revoke_token(token_id: str, account: Auth) -> dict[str, Any]:
        require_role(
            account, "coordinator", "admin", action="revoke tokens", handling="tilbagekalde nøgler"
        )
        target = storage.get_account(token_id)
        if target is None:
            raise ApiError(404, "not_found", f"no token {token_id!r}", f"ingen nøgle {token_id!r}")
        auth.check_manage_token(account, target.role, target.municipality)
        revoked = storage.revoke_account(token_id)
        assert revoked is not None
        return revoked.as_json()

    def openapi() -> dict[str, Any]:
        if app.openapi_schema:
            return app.openapi_schema
        schema = get_openapi(
            title=app.title, version=app.version, description=app.description, routes=app.routes
        )
        defs = BatchIn.model_json_schema(ref_template="#/components/schemas/{model}")
        components = schema.setdefault("components", {}).setdefault("schemas", {})
        components.update(defs.pop("$defs", {}))
        components["BatchIn"] = defs
        body = {
            "required": True,
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/BatchIn"}}},
        }
        for path in (f"{API}/batch", f"{API}/totals"):
            schema["paths"][path]["post"]["requestBody"] = body
        schema["paths"][f"{API}/plan"]["put"]["requestBody"] = {
            "required": True,
            "content": {"text/plain": {"schema": {"type": "string", "description": "plan TOML"}}},
        }
        app.openapi_schema = schema
        return schema

    app.openapi = openapi  # type: ignore[method-assign]
    # The pages (HTML) and their JSON twins; imported here because pages imports this module.
    from tracetool.collector.pages import router

    app.include_router(router)
    metrics.install(app)
    return app


ENV_DB = "TRACETOOL_COLLECTOR_DB"
ENV_LIMITS = "TRACETOOL_COLLECTOR_LIMITS"


def app_from_env() -> FastAPI:
    """For ``uvicorn --factory`` with several workers: configuration comes by environment."""
    url = os.environ[ENV_DB]
    limits = Limits(**json.loads(os.environ.get(ENV_LIMITS, "{}")))
    return create_app(open_storage(url), limits)
