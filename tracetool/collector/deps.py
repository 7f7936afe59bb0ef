"""FastAPI dependencies of the API routes: the token's account, the storage, the limits."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Query, Request
from pydantic import AfterValidator

from tracetool import bounds
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
    if account is None or account.revoked:
        # One answer for both: a stolen, revoked token learns nothing about itself.
        raise auth.unauthenticated(
            "unknown or revoked token", "ukendt eller tilbagekaldt adgangsnøgle"
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


# -- query parameters, within the bounds every way in shares (tracetool.bounds) ---------------


def printable(value: str | None) -> str | None:
    """A pydantic validator: text of sane length without control characters (or None)."""
    if value is None:
        return None
    bad = bounds.text_problem(value)
    if bad:
        raise ValueError(bad[0])
    return value


MunicipalityQ = Annotated[
    int | None,
    Query(
        ge=bounds.MUNICIPALITY_MIN,
        le=bounds.MUNICIPALITY_MAX,
        description="Municipality number (three digits), e.g. 259",
    ),
]
UnitQ = Annotated[
    str | None,
    Query(max_length=bounds.TEXT_MAX, description="A unit's login, e.g. 259telefon"),
    AfterValidator(printable),
]
OriginQ = Annotated[
    str | None,
    Query(max_length=bounds.TEXT_MAX, description="Only rows first delivered by this device"),
    AfterValidator(printable),
]
FromQ = Annotated[
    str | None,
    Query(
        alias="from",
        max_length=40,
        description=f"First day, 2013-10-21 (years {bounds.YEAR_MIN}-{bounds.YEAR_MAX})",
    ),
]
ToQ = Annotated[
    str | None,
    Query(max_length=40, description="Last day (inclusive), 2013-10-27"),
]
