"""Loading a KLE catalogue into ``kle_subject``, one transaction per file."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from typing import Any, Final

from sqlite_utils import Database

from tracetool import timeutil
from tracetool.codes.kle import KleCatalogue, KleSubject
from tracetool.store.kle.editions import _check_edition, current_edition
from tracetool.store.kle.index import _count, _reindex


@dataclass(frozen=True)
class ImportSummary:
    """What one import did.

    ``new + updated + unchanged`` plus the listed subjects that turned inactive equals
    ``subjects``; ``expired`` also counts subjects that became inactive because a newer
    complete list no longer has them. A subject that arrives already historic is ``new``,
    not ``expired``: nothing was taken away from the desks.
    """

    edition: str
    format: str
    previous_edition: str | None
    forced: bool
    subjects: int
    new: int
    updated: int
    expired: int
    unchanged: int
    total_active: int
    total_inactive: int

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


# Columns whose value comes from the file; edition and imported_at describe the write itself.
_CONTENT: Final = (
    "level",
    "title",
    "parent",
    "created",
    "changed",
    "expired",
    "moved",
    "moved_to",
    "active",
    "keywords",
)
# What each format actually states. OS2KLE has no dates and no groups, and the XML's stikord
# are not read, so a field a file is silent about keeps what an earlier file said.
_STATES: Final[dict[str, frozenset[str]]] = {
    "kle-xml": frozenset(_CONTENT) - {"keywords"},
    "os2kle": frozenset(_CONTENT) - {"created", "changed"},
}
# The levels a file lists completely: a subject at these levels that the file lacks is gone.
_COMPLETE_LEVELS: Final[dict[str, frozenset[str]]] = {
    "kle-xml": frozenset({"hovedgruppe", "gruppe", "emne"}),
    "os2kle": frozenset({"emne"}),
}


def _iso(d: date | None) -> str | None:
    return d.isoformat() if d is not None else None


def _file_row(s: KleSubject) -> dict[str, Any]:
    return {
        "nr": s.nr,
        "level": s.level,
        "title": s.title,
        "parent": s.parent,
        "created": _iso(s.created),
        "changed": _iso(s.changed),
        "expired": _iso(s.expired),
        "moved": _iso(s.moved),
        "moved_to": s.moved_to,
        "active": int(s.active),
        "keywords": json.dumps([list(k) for k in s.keywords], ensure_ascii=False),
    }


def _merge(
    old: dict[str, Any] | None, new: dict[str, Any], states: frozenset[str]
) -> dict[str, Any]:
    if old is None:
        return new
    return {"nr": new["nr"], **{c: new[c] if c in states else old[c] for c in _CONTENT}}


def _same(old: dict[str, Any], new: dict[str, Any]) -> bool:
    return all(old[c] == new[c] for c in _CONTENT)


@dataclass
class _Changes:
    """The rows an import writes and what it counts, while they are worked out."""

    final: dict[str, dict[str, Any]]  # every subject as it will stand after the import
    writes: dict[str, dict[str, Any]] = field(default_factory=dict)
    new: int = 0
    updated: int = 0
    expired: int = 0
    unchanged: int = 0

    def write(self, nr: str, row: dict[str, Any]) -> None:
        self.final[nr] = self.writes[nr] = row

    def expire(self, nr: str) -> None:
        self.write(nr, {**self.final[nr], "active": 0})
        self.expired += 1


def import_catalogue(
    db: Database, catalogue: KleCatalogue, *, force: bool = False, now: datetime | None = None
) -> ImportSummary:
    """Load ``catalogue`` into ``kle_subject`` in one transaction.

    Subjects are never deleted: registrations made against a subject that later expired must
    stay readable and valid as history. A subject the file marks as historic, or that a
    complete list no longer contains, becomes inactive, so desks stop offering it.
    Raises EditionError when the file is older than what is loaded, unless ``force``.
    """
    stamp = timeutil.to_db(now or timeutil.now())
    complete = _COMPLETE_LEVELS[catalogue.format]
    with db.atomic():
        loaded = current_edition(db)
        _check_edition(catalogue.edition, loaded, force)
        existing = {
            str(r["nr"]): r for r in db.query(f"SELECT nr, {', '.join(_CONTENT)} FROM kle_subject")
        }
        changes = _Changes({nr: dict(r) for nr, r in existing.items()})
        _take_file(changes, existing, catalogue)
        listed = {s.nr for s in catalogue.subjects}
        for nr, old in existing.items():
            if nr not in listed and old["level"] in complete and old["active"]:
                changes.expire(nr)
        if "gruppe" not in complete:
            _follow_emner(changes)
        _write(db, catalogue.edition, stamp, changes)
        summary = _summary(db, catalogue, loaded, force, changes)
        _record(db, summary, stamp)
    return summary


def _take_file(
    changes: _Changes, existing: dict[str, dict[str, Any]], catalogue: KleCatalogue
) -> None:
    """Merge each subject of the file into what is stored, counting what it changes."""
    states = _STATES[catalogue.format]
    for s in catalogue.subjects:
        old = existing.get(s.nr)
        row = _merge(old, _file_row(s), states)
        changes.final[s.nr] = row
        if old is None:
            changes.new += 1
        elif _same(old, row):
            changes.unchanged += 1
            continue
        elif old["active"] and not row["active"]:
            changes.expired += 1
        else:
            changes.updated += 1
        changes.writes[s.nr] = row


def _follow_emner(changes: _Changes) -> None:
    """Groups live and die with their emner when the file lists emner only.

    An emne-only list says nothing of groups, but a group whose every emne is gone is gone
    too; offering it would invite registrations on a dead number. One that was retired only
    for that reason (KLE itself gave no date) comes back with its emner. A group KLE-XML dated
    as expired stays so: its title would be stale.
    """
    final = changes.final
    living = {nr for nr, r in final.items() if r["level"] == "emne" and r["active"]}
    prefixes = {p for nr in living for p in (nr[:2], nr[:5])}
    for nr, row in list(final.items()):
        if row["level"] == "emne":
            continue
        if row["active"] and nr not in prefixes:
            changes.expire(nr)
        elif not row["active"] and nr in prefixes and not (row["expired"] or row["moved"]):
            changes.write(nr, {**row, "active": 1})
            changes.updated += 1


def _write(db: Database, edition: str, stamp: str, changes: _Changes) -> None:
    writes = changes.writes
    if writes:
        db["kle_subject"].upsert_all(  # type: ignore[union-attr]
            ({**r, "edition": edition, "imported_at": stamp} for r in writes.values()),
            pk="nr",
        )
    # Every written row is re-indexed: the index carries the active flag as well.
    _reindex(db, [writes[nr] for nr in sorted(writes)])


def _summary(
    db: Database, catalogue: KleCatalogue, loaded: str | None, force: bool, changes: _Changes
) -> ImportSummary:
    total_active = _count(db, "SELECT count(*) FROM kle_subject WHERE active = 1")
    total = _count(db, "SELECT count(*) FROM kle_subject")
    return ImportSummary(
        edition=catalogue.edition,
        format=catalogue.format,
        previous_edition=loaded,
        forced=force,
        subjects=len(catalogue.subjects),
        new=changes.new,
        updated=changes.updated,
        expired=changes.expired,
        unchanged=changes.unchanged,
        total_active=total_active,
        total_inactive=total - total_active,
    )


def _record(db: Database, summary: ImportSummary, stamp: str) -> None:
    db["kle_import"].insert(  # type: ignore[union-attr]
        {
            "edition": summary.edition,
            "format": summary.format,
            "imported_at": stamp,
            "forced": int(summary.forced),
            "subjects": summary.subjects,
            "new": summary.new,
            "updated": summary.updated,
            "expired": summary.expired,
            "unchanged": summary.unchanged,
            "total_active": summary.total_active,
        }
    )
