"""The OpenAPI documentation models of the collector's API (pydantic bodies and answers).

The batch body itself is parsed by hand (see ``batch``), so these models document it; the
token body is parsed by FastAPI through ``TokenIn``.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, Field

from tracetool import bounds
from tracetool.collector.storage import ROLES
from tracetool.sync.protocol import REGISTRATION_COLUMNS, STATUSES


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


class ReceiptIdsOut(BaseModel):
    scope: dict[str, Any]
    registrations: list[tuple[str, int]] = Field(description="[id, revision], in id order")
    totals: list[tuple[str, int]] = Field(description="[id, revision], in id order")


def _printable(limit: int) -> AfterValidator:
    def check(value: str | None) -> str | None:
        bad = None if value is None else bounds.text_problem(value, limit)
        if bad:
            raise ValueError(bad[0])
        return value

    return AfterValidator(check)


class TokenIn(BaseModel):
    role: Literal["registrant", "coordinator", "admin"] = Field(description=" | ".join(ROLES))
    municipality: int | None = Field(
        None,
        ge=bounds.MUNICIPALITY_MIN,
        le=bounds.MUNICIPALITY_MAX,
        description="Required except for admin tokens; a coordinator's own by default",
    )
    unit: Annotated[str | None, Field(max_length=bounds.TEXT_MAX), _printable(bounds.TEXT_MAX)] = (
        Field(None, description="Binds a registrant token to one unit's rows")
    )
    note: Annotated[str | None, Field(max_length=bounds.NOTE_MAX), _printable(bounds.NOTE_MAX)] = (
        None
    )
