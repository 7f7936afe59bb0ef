"""Tokens: who am I, and issuing, listing and revoking tokens."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from fastapi.responses import Response

from tracetool.collector import auth
from tracetool.collector.auth import ApiError, require_role
from tracetool.collector.bodies import json_response
from tracetool.collector.deps import Auth, Store
from tracetool.collector.schemas import TokenIn
from tracetool.sync.protocol import API

router = APIRouter()


@router.get(f"{API}/whoami", tags=["tokens"])
def whoami(account: Auth) -> dict[str, Any]:
    return account.as_json()


@router.post(f"{API}/tokens", tags=["tokens"], status_code=201)
def create_token(body: TokenIn, account: Auth, storage: Store) -> Response:
    """Issue a token; it is shown once, only its hash is kept."""
    municipality: int | None = getattr(body, "municipality", None)
    unit: str | None = getattr(body, "unit", None)
    if municipality is None and account.role == "coordinator" and body.role != "admin":
        municipality = account.municipality
    problem = auth.token_problem(body.role, municipality, unit, body.note)
    if problem:
        raise ApiError(422, "bad_request", *problem)
    auth.check_manage_token(account, body.role, municipality)
    token = auth.new_token()
    made = storage.create_account(
        auth.hash_token(token), body.role, None if body.role == "admin" else municipality,
        unit, body.note,
    )  # fmt: skip
    return json_response({"token": token, "account": made.as_json()}, 201)


@router.get(f"{API}/tokens", tags=["tokens"])
def list_tokens(account: Auth, storage: Store) -> dict[str, Any]:
    require_role(account, "coordinator", "admin", action="list tokens", handling="se nøgler")
    scope = None if account.role == "admin" else account.municipality
    return {"tokens": [a.as_json() for a in storage.list_accounts(scope)]}


@router.delete(f"{API}/tokens/{{token_id}}", tags=["tokens"])
def revoke_token(token_id: str, account: Auth, storage: Store) -> dict[str, Any]:
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
