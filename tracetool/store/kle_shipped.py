"""Load the KLE catalogue tracetool ships into a store that has none yet."""

from __future__ import annotations

from sqlite_utils import Database

from tracetool.codes.kle_shipped import read_catalogue
from tracetool.store import kle
from tracetool.store.kle import ImportSummary


def ensure_catalogue(db: Database) -> ImportSummary | None:
    """Import the shipped edition when no KLE is loaded (about 0.7 s, once); else nothing.

    Called where staff first search KLE (the app's start, ``codebook search``) rather than
    when a store is made, so a store that never searches KLE stays small.
    """
    if kle.current_edition(db) is not None:
        return None
    catalogue, _ = read_catalogue()
    return kle.import_catalogue(db, catalogue)
