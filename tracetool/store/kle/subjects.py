"""One stored KLE subject, read back with the edition and time it came with."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any

from sqlite_utils import Database

from tracetool import timeutil
from tracetool.codes.kle import KleSubject


@dataclass(frozen=True, kw_only=True)
class StoredSubject(KleSubject):
    """A subject as the store holds it: the file's statement plus where and when it came."""

    edition: str
    imported_at: datetime

    def as_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["keywords"] = [list(k) for k in self.keywords]
        d["imported_at"] = timeutil.to_db(self.imported_at)
        return d


def subject(db: Database, nr: str) -> StoredSubject | None:
    """The stored subject ``nr`` (active or not), or None if no import has had it."""
    rows = list(db.query("SELECT * FROM kle_subject WHERE nr = ?", [nr.strip()]))
    if not rows:
        return None
    r = rows[0]
    return StoredSubject.from_plain(
        {**r, "keywords": json.loads(r["keywords"] or "[]")},
        edition=r["edition"],
        imported_at=timeutil.from_db(r["imported_at"]),
    )
