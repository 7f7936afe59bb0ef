"""Which KLE edition may replace the one loaded: editions compared by date and version."""

from __future__ import annotations

import re
from datetime import date
from typing import Final

from sqlite_utils import Database

from tracetool.errors import TracetoolError
from tracetool.locale import translator

_ = translator("core")


class EditionError(TracetoolError):
    """The file is an older (or incomparable) edition than the one already loaded."""

    def __init__(self, message: str, *, edition: str, loaded: str) -> None:
        super().__init__(message)
        self.edition = edition
        self.loaded = loaded


_EDITION_DATE: Final = re.compile(r"(\d{4})-(\d{2})(?:-(\d{2}))?")
_EDITION_VERSION: Final = re.compile(r"OS2KLE (\d+(?:\.\d+)+)")


def _edition_key(edition: str) -> tuple[date | None, tuple[int, ...] | None]:
    m = _EDITION_DATE.search(edition)
    when = None
    if m is not None:
        try:
            when = date(int(m.group(1)), int(m.group(2)), int(m.group(3) or 1))
        except ValueError:
            when = None
    v = _EDITION_VERSION.search(edition)
    version = tuple(int(p) for p in v.group(1).split(".")) if v else None
    return when, version


def _compare_editions(new: str, old: str) -> int | None:
    """-1, 0 or 1 as ``new`` is older, as old or newer than ``old``; None if unknowable."""
    if new == old:
        return 0
    (new_date, new_ver), (old_date, old_ver) = _edition_key(new), _edition_key(old)
    if new_date is not None and old_date is not None and new_date != old_date:
        return 1 if new_date > old_date else -1
    if new_ver is not None and old_ver is not None:
        return (new_ver > old_ver) - (new_ver < old_ver)
    if new_date is not None and new_date == old_date:
        return 0
    return None


def current_edition(db: Database) -> str | None:
    """The edition of the latest import, or None before the first."""
    row = db.execute("SELECT edition FROM kle_import ORDER BY id DESC LIMIT 1").fetchone()
    return str(row[0]) if row else None


def check_edition(db: Database, edition: str, *, force: bool = False) -> None:
    """Raise EditionError if ``edition`` may not replace what is loaded (see import_catalogue).

    import_catalogue checks again inside its transaction; this lets a front end refuse
    before it announces a long import.
    """
    _check_edition(edition, current_edition(db), force)


def _check_edition(new: str, loaded: str | None, force: bool) -> None:
    if loaded is None or force:
        return
    order = _compare_editions(new, loaded)
    if order is None:
        raise EditionError(
            _(
                "KLE-udgaven «{new}» kan ikke sammenlignes med den indlæste «{loaded}» "
                "(filnavnet angiver hverken version eller dato), så den kunne være "
                "ældre"
            ).format(new=new, loaded=loaded),
            edition=new,
            loaded=loaded,
        )
    if order < 0:
        raise EditionError(
            _(
                "KLE-udgaven «{new}» er ældre end den indlæste «{loaded}» og ville "
                "overskrive nyere titler og udgåede emner"
            ).format(new=new, loaded=loaded),
            edition=new,
            loaded=loaded,
        )
