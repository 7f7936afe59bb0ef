"""FastAPI dependencies of the API routes: the token's account, the storage, the limits."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

from fastapi import Depends, Path, Query, Request
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


def _day_pattern() -> str:
    """Exactly the days ``timeutil.parse_day`` takes inside the years of ``tracetool.bounds``
    (2000-2099, where a year divisible by four is a leap year), as 2013-10-21 or 21-10-2013."""
    assert (bounds.YEAR_MIN, bounds.YEAR_MAX) == (2000, 2099), "the pattern spells 20xx"
    year, leap = r"20[0-9]{2}", r"20(?:[02468][048]|[13579][26])"
    month_day = (
        r"(?:(?:0[1-9]|1[0-2])-(?:0[1-9]|1[0-9]|2[0-8])"
        r"|(?:0[13-9]|1[0-2])-(?:29|30)|(?:0[13578]|1[02])-31)"
    )
    day_month = (
        r"(?:(?:0[1-9]|1[0-9]|2[0-8])-(?:0[1-9]|1[0-2])"
        r"|(?:29|30)-(?:0[13-9]|1[0-2])|31-(?:0[13578]|1[02]))"
    )
    return f"^(?:{year}-{month_day}|{leap}-02-29|{day_month}-{year}|29-02-{leap})$"


DAY_PATTERN = _day_pattern()
PRINTABLE = bounds.PRINTABLE_PATTERN  # what a URL can carry of bounds.printable


def _municipality(parameter: Callable[..., Any]) -> Any:
    return parameter(
        ge=bounds.MUNICIPALITY_MIN,
        le=bounds.MUNICIPALITY_MAX,
        description="Municipality number (three digits), e.g. 259",
    )


def _text(description: str) -> Any:
    """An optional text query parameter within the bounds (checked again by ``printable``)."""
    return Query(
        min_length=1, max_length=bounds.TEXT_MAX, pattern=PRINTABLE, description=description
    )


MunicipalityQ = Annotated[int | None, _municipality(Query)]
MunicipalityPath = Annotated[int, _municipality(Path)]
UnitQ = Annotated[str | None, _text("A unit's login, e.g. 259telefon"), AfterValidator(printable)]
OriginQ = Annotated[
    str | None, _text("Only rows first delivered by this device"), AfterValidator(printable)
]
FromQ = Annotated[
    str | None,
    Query(
        alias="from",
        pattern=DAY_PATTERN,
        description=f"First day, 2013-10-21 (years {bounds.YEAR_MIN}-{bounds.YEAR_MAX})",
    ),
]
ToQ = Annotated[
    str | None,
    Query(pattern=DAY_PATTERN, description="Last day (inclusive), 2013-10-27"),
]
