"""Request bodies within the published limits: size, gzip, JSON; and JSON answers."""

from __future__ import annotations

import json
import zlib
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from fastapi import Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from tracetool.collector.auth import ApiError

MiB = 2**20


@dataclass(frozen=True)
class Limits:
    max_rows: int = 10_000
    max_bytes: int = 16 * MiB
    max_decompressed_bytes: int = 64 * MiB
    max_plan_bytes: int = 1 * MiB


def json_response(data: Any, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    body = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return Response(body, status_code=status, media_type="application/json", headers=headers)


def nested_too_deep() -> ApiError:
    return ApiError(
        400,
        "malformed_json",
        "the body is nested too deep",
        "indholdet er indlejret for dybt",
    )


def too_large(message: str, besked: str, **extra: Any) -> ApiError:
    return ApiError(413, "too_large", message, besked, extra=extra)


async def read_body(request: Request, limit: int, decompressed_limit: int) -> bytes:
    """The body within the limits, decompressed; the CPU-bound part runs off the event loop."""
    raw = await read_raw(request, limit)
    return await run_in_threadpool(decode_body, raw, request.headers, decompressed_limit)


async def read_raw(request: Request, limit: int) -> bytes:
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > limit:
        raise too_large(
            f"body of {declared} bytes exceeds the limit of {limit} bytes",
            f"forespørgslen fylder {declared} bytes; grænsen er {limit} bytes",
            limit=limit,
        )
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise too_large(
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
        raise too_large(
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
        raise too_large(
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
    except RecursionError as exc:
        raise nested_too_deep() from exc
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
