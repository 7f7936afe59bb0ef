"""When the receipt does not match: which ids differ, and sending them again.

The receipt's checksum says *whether* the collector holds what this desk holds; when it does
not, the collector's (id, revision) list for this device says *which* ids differ. An id this
store holds (live or deleted) can be queued again at its current revision and sent by the next
sync; an id only the collector holds cannot be repaired from here and is only reported.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlite_utils import Database

from tracetool.locale import translator
from tracetool.store import settings, syncstate
from tracetool.sync.client import CollectorClient, SyncError
from tracetool.sync.protocol import API

_ = translator("core")

ENTITIES = (("registration", "registrations"), ("total", "totals"))


@dataclass(frozen=True)
class Difference:
    entity: str
    id: str
    local: int | None  # the live revision here; None: not here, or deleted here
    server: int | None  # the live revision on the collector; None: not there, or deleted there


def _pairs(answer: Any, key: str) -> dict[str, int]:
    found = answer.get(key) if isinstance(answer, dict) else None
    if not isinstance(found, list) or not all(
        isinstance(p, list) and len(p) == 2 and isinstance(p[0], str) and isinstance(p[1], int)
        for p in found
    ):
        raise SyncError(_("serverens id-liste passer ikke til protokollen"), kind="protocol")
    return {p[0]: p[1] for p in found}


def differences(db: Database, client: CollectorClient) -> list[Difference]:
    """Every id whose live revision differs between this desk and the collector's rows first
    delivered by this device, registrations first, each in id order."""
    _, answer = client.get(f"{API}/receipt/ids", origin=settings.device_id(db))
    held = {
        "registration": dict(syncstate.held_registrations(db)),
        "total": dict(syncstate.held_totals(db)),
    }
    out: list[Difference] = []
    for entity, key in ENTITIES:
        theirs, ours = _pairs(answer, key), held[entity]
        for entity_id in sorted(theirs.keys() | ours.keys()):
            if theirs.get(entity_id) != ours.get(entity_id):
                out.append(
                    Difference(entity, entity_id, ours.get(entity_id), theirs.get(entity_id))
                )
    return out


def resend(db: Database, found: list[Difference]) -> int:
    """Queue the differing ids this store holds; the next sync sends them. How many."""
    return sum(
        syncstate.requeue(db, entity, [d.id for d in found if d.entity == entity])
        for entity, _ in ENTITIES
    )
