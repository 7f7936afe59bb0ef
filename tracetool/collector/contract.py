"""The published contract: the OpenAPI that FastAPI derives from the routes, completed with
what the routes cannot say themselves, so that clients (desks, queue and phone systems posting
totals) and the schemathesis run in the tests hold the API to what it really does:

- the batch and totals bodies, which the routes read by hand (the limits must hold before any
  parsing), with their real bounds; an item that is not valid is answered ``invalid``;
- the plan body (TOML text, format ``komhen-plan``) and the export's file types;
- every status an operation answers, each with the JSON error body.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi
from pydantic import BaseModel

from tracetool.collector.bodies import Limits
from tracetool.collector.exports import MEDIA_TYPES
from tracetool.collector.schemas import BatchIn, ErrorOut, TotalsIn
from tracetool.sync.protocol import API

_WHY = {
    "400": "Malformed JSON, gzip, date or plan",
    "401": "Missing, unknown or revoked token",
    "403": "Outside the token's role, municipality or unit",
    "404": "No such plan or token",
    "409": "The plan is for another municipality than the one named",
    "413": "Over the published limits (/api/v1/limits)",
    "415": "Unsupported Content-Encoding",
    "422": "Parameters or body not of the documented shape",
    "503": "The database is busy or unreachable; see Retry-After",
}
_PUBLIC = {f"{API}/health", f"{API}/limits", f"{API}/overview"}
_BODY = {("post", f"{API}/batch"), ("post", f"{API}/totals"), ("put", f"{API}/plan")}


def _add(schema: dict[str, Any], model: type[BaseModel]) -> dict[str, str]:
    defs = model.model_json_schema(ref_template="#/components/schemas/{model}")
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    components.update(defs.pop("$defs", {}))
    components[model.__name__] = defs
    return {"$ref": f"#/components/schemas/{model.__name__}"}


def _json_body(ref: dict[str, str]) -> dict[str, Any]:
    return {"required": True, "content": {"application/json": {"schema": ref}}}


def _statuses(schema: dict[str, Any], error: dict[str, str]) -> None:
    for path, operations in schema["paths"].items():
        if not path.startswith(f"{API}/"):
            continue
        for method, operation in operations.items():
            codes = {"422", "503"} if path != f"{API}/limits" else set()
            if path not in _PUBLIC:
                codes |= {"400", "401", "403", "404"}
            if (method, path) in _BODY:
                codes |= {"413", "415"}
            if (method, path) == ("put", f"{API}/plan"):
                codes.add("409")
            if path == f"{API}/overview":
                codes.add("400")
            responses = operation.setdefault("responses", {})
            for code in sorted(codes):
                responses.setdefault(
                    code,
                    {
                        "description": _WHY[code],
                        "content": {"application/json": {"schema": error}},
                    },
                )


def document(app: FastAPI, limits: Limits) -> dict[str, Any]:
    """The OpenAPI of ``app`` (made once)."""
    if app.openapi_schema:
        return app.openapi_schema
    schema = get_openapi(
        title=app.title, version=app.version, description=app.description, routes=app.routes
    )
    paths = schema["paths"]
    batch, totals = _add(schema, BatchIn), _add(schema, TotalsIn)
    paths[f"{API}/batch"]["post"]["requestBody"] = _json_body(batch)
    paths[f"{API}/totals"]["post"]["requestBody"] = _json_body(totals)
    paths[f"{API}/plan"]["put"]["requestBody"] = {
        "required": True,
        "content": {
            "text/plain": {
                "schema": {
                    "type": "string",
                    "format": "komhen-plan",
                    "maxLength": limits.max_plan_bytes,
                    "description": "A count plan as TOML (tracetool plan init writes one)",
                }
            }
        },
    }
    export_ok = paths[f"{API}/export"]["get"]["responses"]["200"]
    export_ok["content"] = {
        "application/x-ndjson": {"schema": {"type": "string"}},
        **{media: {"schema": {"type": "string", "format": "binary"}} for media in
           sorted(set(MEDIA_TYPES.values()))},
    }  # fmt: skip
    _statuses(schema, _add(schema, ErrorOut))
    app.openapi_schema = schema
    return schema
