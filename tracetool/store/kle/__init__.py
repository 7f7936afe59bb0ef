"""The KLE catalogue in the local store: importing editions and finding subjects.

Staff pick a task by typing a few letters or digits, so search must answer within a keystroke
on a plain laptop. It therefore walks a derived index of folded words (``kle_word``) rather
than the JSON keywords of ``kle_subject``; the index is rebuilt for exactly the subjects an
import changes.

The package holds, by what each does: ``editions`` (which edition may replace which),
``importing`` (loading a catalogue), ``folding`` and ``index`` (the words search walks),
``subjects`` (reading one stored subject) and ``search`` (ranking subjects for a query).
"""

from __future__ import annotations

from tracetool.store.kle.editions import EditionError, check_edition, current_edition
from tracetool.store.kle.folding import fold
from tracetool.store.kle.importing import ImportSummary, import_catalogue
from tracetool.store.kle.index import reindex_all
from tracetool.store.kle.search import MatchKind, SubjectHit, search
from tracetool.store.kle.subjects import StoredSubject, subject

__all__ = [
    "EditionError",
    "ImportSummary",
    "MatchKind",
    "StoredSubject",
    "SubjectHit",
    "check_edition",
    "current_edition",
    "fold",
    "import_catalogue",
    "reindex_all",
    "search",
    "subject",
]
