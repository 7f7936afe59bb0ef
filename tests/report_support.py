"""Shared set-up for the report tests: registrations saved into the CLI's own store."""

from __future__ import annotations

from collections.abc import Iterable

from tracetool import paths
from tracetool.model import Registration
from tracetool.store.db import open_database
from tracetool.store.registrations import RegistrationStore


def store_rows(regs: Iterable[Registration]) -> list[Registration]:
    """Save ``regs`` in the store the CLI opens (TRACETOOL_HOME) and return them."""
    saved = list(regs)
    db = open_database(paths.database_path())
    store = RegistrationStore(db)
    for r in saved:
        store.save(r)
    db.close()
    return saved
