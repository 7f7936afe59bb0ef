"""Tokens and who may do what.

A token is 256 random bits; the server keeps only its sha256, which is enough for a secret that
cannot be guessed (no salt or slow hash needed, unlike a password). The rules:

| role        | writes                               | reads                                   |
|-------------|--------------------------------------|-----------------------------------------|
| registrant  | registrations of its municipality    | its own receipt; its municipality's plan |
|             | (and its unit, when it has one)      |                                         |
| coordinator | registrations and totals of its      | receipts, export, figures, plan and     |
|             | municipality; plans; its tokens      | tokens of its municipality              |
| admin       | everything                           | everything                              |
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass, field
from typing import Any

from tracetool import bounds
from tracetool.collector.storage import ROLES, Account, Scope

TOKEN_PREFIX = "tt_"


def new_token() -> str:
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass
class ApiError(Exception):
    """An HTTP error with a JSON body that says why, in English and Danish."""

    status: int
    code: str
    message: str
    besked: str
    headers: dict[str, str] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)

    def body(self) -> dict[str, Any]:
        return {"error": self.code, "message": self.message, "besked": self.besked, **self.extra}


def unauthenticated(message: str, besked: str) -> ApiError:
    return ApiError(401, "unauthenticated", message, besked, {"WWW-Authenticate": "Bearer"})


def forbidden(message: str, besked: str) -> ApiError:
    return ApiError(403, "forbidden", message, besked)


def _who(account: Account) -> str:
    where = f" for municipality {account.municipality}" if account.municipality else ""
    unit = f", unit {account.unit}" if account.unit else ""
    return f"{account.role} token{where}{unit}"


def require_role(account: Account, *roles: str, action: str, handling: str) -> None:
    if account.role not in roles:
        raise forbidden(
            f"a {account.role} token may not {action}; needs {' or '.join(roles)}",
            f"en {_da_role(account.role)}-nøgle må ikke {handling}; kræver"
            f" {' eller '.join(_da_role(r) for r in roles)}",
        )


def _da_role(role: str) -> str:
    return {"registrant": "medarbejder", "coordinator": "tovholder", "admin": "admin"}.get(
        role, role
    )


def check_write(account: Account, municipality: Any, unit: Any) -> None:
    """May ``account`` store a row for this municipality and unit?"""
    if account.role == "admin":
        return
    if municipality != account.municipality:
        raise forbidden(
            f"{_who(account)} may not write data for municipality {municipality}",
            f"nøglen gælder kommune {account.municipality} og må ikke skrive data for"
            f" kommune {municipality}",
        )
    if account.role == "registrant" and account.unit is not None and unit != account.unit:
        raise forbidden(
            f"{_who(account)} may not write data for unit {unit}",
            f"nøglen gælder enhed {account.unit} og må ikke skrive data for enhed {unit}",
        )


def token_problem(
    role: str, municipality: int | None, unit: str | None, note: str | None
) -> tuple[str, str] | None:
    """What is wrong with a token to be issued (English, Danish; each after the field's name),
    or None: the one rule the CLI and the API share."""
    if role not in ROLES:
        return (
            f"role: unknown role {bounds.shown(role)}; use {', '.join(ROLES)}",
            f"role: ukendt rolle {bounds.shown(role)}; brug {', '.join(ROLES)}",
        )
    if role == "admin" and (municipality is not None or unit is not None):
        return (
            "municipality/unit: an admin token covers every municipality; leave both out",
            "municipality/unit: en admin-nøgle gælder alle kommuner; udelad kommune og enhed",
        )
    if role != "admin" and municipality is None:
        return (
            f"municipality: a {role} token needs a municipality",
            f"municipality: en {role}-nøgle skal have en kommune",
        )
    low, high = bounds.MUNICIPALITY_MIN, bounds.MUNICIPALITY_MAX
    if municipality is not None and not low <= municipality <= high:
        return (
            f"municipality: {bounds.shown(municipality)} is not {low}-{high} (three digits)",
            f"municipality: kommunenummeret skal have tre cifre ({low}-{high}),"
            f" ikke {bounds.shown(municipality)}",
        )
    if role == "coordinator" and unit is not None:
        return (
            "unit: a coordinator token covers the whole municipality; leave the unit out",
            "unit: en tovholder-nøgle gælder hele kommunen; udelad enheden",
        )
    for name, value, limit in (("unit", unit, bounds.TEXT_MAX), ("note", note, bounds.NOTE_MAX)):
        bad = None if value is None else bounds.text_problem(value, limit)
        if bad:
            return f"{name}: {bad[0]}", f"{name}: {bad[1]}"
    return None


def write_scope(account: Account) -> Scope:
    """The rows ``account`` may change once stored: its municipality (and unit, if bound)."""
    if account.role == "admin":
        return Scope()
    unit = account.unit if account.role == "registrant" else None
    return Scope(account.municipality, unit)


def read_scope(
    account: Account,
    municipality: int | None,
    unit: str | None,
    origin: str | None = None,
    *,
    what: str,
    hvad: str,
) -> Scope:
    """The rows a read may cover: the asked-for filters, narrowed to the token's rights."""
    if account.role == "admin":
        return Scope(municipality, unit, origin)
    if municipality is not None and municipality != account.municipality:
        raise forbidden(
            f"{_who(account)} may not read {what} of municipality {municipality}",
            f"nøglen gælder kommune {account.municipality} og må ikke læse {hvad} for"
            f" kommune {municipality}",
        )
    if account.role == "registrant" and account.unit is not None:
        if unit is not None and unit != account.unit:
            raise forbidden(
                f"{_who(account)} may not read {what} of unit {unit}",
                f"nøglen gælder enhed {account.unit} og må ikke læse {hvad} for enhed {unit}",
            )
        unit = account.unit
    return Scope(account.municipality, unit, origin)


def check_manage_token(account: Account, role: str, municipality: int | None) -> None:
    """May ``account`` issue or revoke a token with this role and municipality?"""
    require_role(
        account, "coordinator", "admin", action="manage tokens", handling="administrere nøgler"
    )
    if account.role == "admin":
        return
    if role == "admin":
        raise forbidden(
            "a coordinator token may not manage admin tokens",
            "en tovholder-nøgle må ikke administrere admin-nøgler",
        )
    if municipality != account.municipality:
        raise forbidden(
            f"{_who(account)} may not manage tokens of municipality {municipality}",
            f"nøglen gælder kommune {account.municipality} og må ikke administrere nøgler for"
            f" kommune {municipality}",
        )
