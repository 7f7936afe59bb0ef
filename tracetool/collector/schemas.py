"""The OpenAPI documentation models of the collector's API (pydantic bodies and answers).

The batch body itself is parsed by hand (see ``batch``), so these models document it; the
token body is parsed by FastAPI through ``TokenIn``.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from tracetool import bounds
from tracetool.collector.deps import DAY_PATTERN
from tracetool.collector.storage import ROLES
from tracetool.sync.protocol import REGISTRATION_COLUMNS, STATUSES

_UUID = r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"
_TIME = r"^20[0-9]{2}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{6}Z$"


def _text(default: Any = ..., description: str | None = None) -> Any:
    return Field(default, min_length=1, max_length=bounds.TEXT_MAX, description=description)


_INVALID = "Anything else is answered per item: status invalid, with the reason."


class RegistrationIn(BaseModel):
    """One registration as it is stored; an item that is not one is answered ``invalid``."""

    model_config = ConfigDict(extra="forbid")
    id: str = Field(pattern=_UUID, description="UUIDv7 made on the device, lower case")
    municipality: int = Field(ge=bounds.MUNICIPALITY_MIN, le=bounds.MUNICIPALITY_MAX)
    unit: str | None = _text(None)
    direction: str = _text(description="IND or UD")
    channel: str = _text(description="Channel code, e.g. TLFIND")
    task: str = _text(description="KLE number, e.g. 23.05.10")
    type: str = _text()
    closing: str = _text()
    form: str | None = _text(None)
    started_at: str | None = Field(
        None, pattern=_TIME, description="UTC, 2013-10-21T07:20:00.000000Z"
    )
    saved_at: str = Field(pattern=_TIME, description="UTC, 2013-10-21T07:20:00.000000Z")
    answers: dict[str, str] = Field({}, max_length=bounds.ANSWERS_MAX)
    source: str = _text("import")
    test_mode: bool = False
    count: int = Field(1, ge=1, le=bounds.COUNT_MAX)
    revision: int = Field(1, ge=1, le=bounds.REVISION_MAX)
    deleted: bool = False
    device: str | None = _text(None)
    import_key: str | None = _text(None)


class RegistrationColumns(BaseModel):
    model_config = ConfigDict(extra="forbid")
    columns: list[Literal[REGISTRATION_COLUMNS]] = Field(  # type: ignore[valid-type]
        min_length=len(REGISTRATION_COLUMNS),
        max_length=len(REGISTRATION_COLUMNS),
        json_schema_extra={"uniqueItems": True},
        description="Every column name once, in any order: " + ", ".join(REGISTRATION_COLUMNS),
    )
    rows: list[list[Any] | Any] = Field(
        description="One list of values per registration, in the order of columns. " + _INVALID
    )


class TotalIn(BaseModel):
    """One total as it is stored; an item that is not one is answered ``invalid``."""

    model_config = ConfigDict(extra="forbid")
    id: str = _text()
    municipality: int = Field(ge=bounds.MUNICIPALITY_MIN, le=bounds.MUNICIPALITY_MAX)
    unit: str | None = Field("", max_length=bounds.TEXT_MAX)
    channel: str = _text()
    direction: str | None = _text(None)
    from_date: str = Field(pattern=DAY_PATTERN, description="2013-10-21")
    to_date: str = Field(pattern=DAY_PATTERN, description="2013-10-27")
    count: int = Field(ge=0, le=bounds.TOTAL_COUNT_MAX)
    source: str | None = _text(None)
    created_at: str | None = _text(None)
    revision: int = Field(1, ge=1, le=bounds.REVISION_MAX)
    deleted: bool = False


class BatchIn(BaseModel):
    """Registrations (a list of objects, or columns and rows) and totals, in one transaction."""

    model_config = ConfigDict(extra="forbid")
    registrations: list[RegistrationIn | Any] | RegistrationColumns = Field(
        [], description="Registrations. " + _INVALID
    )
    totals: list[TotalIn | Any] = Field(
        [], description="Totals (coordinator or admin). " + _INVALID
    )


class TotalsIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    totals: list[TotalIn | Any] = Field([], description=_INVALID)


class ErrorOut(BaseModel):
    error: str = Field(description="A code, e.g. forbidden, bad_date, unavailable")
    message: str = Field(description="What went wrong, in English")
    besked: str = Field(description="What went wrong, in Danish")


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


class ReceiptIdsOut(BaseModel):
    scope: dict[str, Any]
    registrations: list[list[str | int]] = Field(description="[id, revision], in id order")
    totals: list[list[str | int]] = Field(description="[id, revision], in id order")


def _printable(limit: int) -> AfterValidator:
    def check(value: str | None) -> str | None:
        bad = None if value is None else bounds.text_problem(value, limit)
        if bad:
            raise ValueError(bad[0])
        return value

    return AfterValidator(check)


_MUNICIPALITY = Field(
    None,
    ge=bounds.MUNICIPALITY_MIN,
    le=bounds.MUNICIPALITY_MAX,
    description="Required, except that a coordinator's own is the default",
)


def _bounded(limit: int) -> Any:
    """The published bounds of a text (its checks are ``_printable``'s)."""
    return Field(
        min_length=1, max_length=limit, json_schema_extra={"pattern": bounds.PRINTABLE_PATTERN}
    )


_NOTE = Annotated[str | None, _bounded(bounds.NOTE_MAX), _printable(bounds.NOTE_MAX)]


class RegistrantTokenIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    role: Literal["registrant"]
    municipality: int | None = _MUNICIPALITY
    unit: Annotated[str | None, _bounded(bounds.TEXT_MAX), _printable(bounds.TEXT_MAX)] = Field(
        None, description="Binds the token to one unit's rows"
    )
    note: _NOTE = None


class CoordinatorTokenIn(BaseModel):
    """A coordinator token covers its whole municipality: it has no unit."""

    model_config = ConfigDict(extra="forbid")
    role: Literal["coordinator"]
    municipality: int | None = _MUNICIPALITY
    note: _NOTE = None


class AdminTokenIn(BaseModel):
    """An admin token covers every municipality: it has neither municipality nor unit."""

    model_config = ConfigDict(extra="forbid")
    role: Literal["admin"]
    note: _NOTE = None


TokenIn = Annotated[
    RegistrantTokenIn | CoordinatorTokenIn | AdminTokenIn,
    Field(discriminator="role", description=" | ".join(ROLES)),
]
