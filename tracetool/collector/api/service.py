"""Service endpoints: health and the published limits (no token needed)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from tracetool.collector.deps import Bounds, Store
from tracetool.sync.protocol import API, PROTOCOL_VERSION, REGISTRATION_COLUMNS

router = APIRouter()


@router.get(f"{API}/health", tags=["service"])
def health(storage: Store) -> dict[str, Any]:
    """Readiness: the database answers and the schema is current."""
    return {"status": "ok", "database": storage.dialect, "schema": storage.schema_version()}


@router.get(f"{API}/limits", tags=["service"])
def get_limits(limits: Bounds) -> dict[str, Any]:
    """What one batch may hold; clients size their batches to these."""
    return {
        "protocol": PROTOCOL_VERSION,
        "max_rows": limits.max_rows,
        "max_bytes": limits.max_bytes,
        "max_decompressed_bytes": limits.max_decompressed_bytes,
        "content_encodings": ["gzip", "identity"],
        "registration_columns": list(REGISTRATION_COLUMNS),
    }
