"""FastAPI dependencies of the API routes: the token's account, the storage, the limits."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from tracetool.collector import auth
from tracetool.collector.bodies import Limits
from tracetool.collector.storage import Account, Storage


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


def storage(request: Request) -> Storage:
    found: Storage = request.app.state.storage
    return found


def limits(request: Request) -> Limits:
    found: Limits = request.app.state.limits
    return found


Store = Annotated[Storage, Depends(storage)]
Bounds = Annotated[Limits, Depends(limits)]
