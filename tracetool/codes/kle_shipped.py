"""The KLE catalogue shipped with tracetool, in the project's own format.

A desk can search KLE (``tracetool codebook search``, the app's ``/``) before anyone imports
a file: the first such use loads this catalogue into the store (``tracetool.store.kle_shipped``),
and ``tracetool codebook import-kle`` later replaces it with a newer edition as usual.

The format is JSON Lines in UTF-8: a first line describing the file (format, edition, where it
came from, its licence), then one subject per line with the fields of ``KleSubject``. JSON keeps
every title and keyword as it is (no escaping of separators to get wrong); one line a subject
keeps the file readable in a diff when an edition changes. ``scripts/build_kle_catalogue.py``
writes it from public sources.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import asdict
from pathlib import Path
from typing import Any, Final, cast

from tracetool.codes.kle import Format, KleCatalogue, KleSubject
from tracetool.errors import FileFormatError
from tracetool.locale import translator

_ = translator("core")

FORMAT: Final = "tracetool-kle 1"
SHIPPED: Final = Path(__file__).with_name("kle_catalogue.jsonl")
_DATES: Final = ("created", "changed", "expired", "moved")


def write_catalogue(
    catalogue: KleCatalogue, path: Path, *, source: str, licence: str, notes: Iterable[str] = ()
) -> None:
    """Write ``catalogue`` with where it came from and under which licence."""
    header = {
        "format": FORMAT,
        "edition": catalogue.edition,
        "source_format": catalogue.format,
        "source": source,
        "licence": licence,
        "notes": list(notes),
        "subjects": len(catalogue.subjects),
    }
    lines = [json.dumps(header, ensure_ascii=False)]
    for subject in catalogue.subjects:
        row = asdict(subject)
        for key in _DATES:
            row[key] = row[key].isoformat() if row[key] else None
        row["keywords"] = [list(k) for k in subject.keywords]
        lines.append(json.dumps(row, ensure_ascii=False))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def read_catalogue(path: Path = SHIPPED) -> tuple[KleCatalogue, dict[str, Any]]:
    """The catalogue and its header; FileFormatError (with the line) for anything else."""
    where = str(path)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise FileFormatError(where, _("filen kan ikke læses: {exc}").format(exc=exc)) from exc
    try:
        header = json.loads(lines[0]) if lines else {}
    except json.JSONDecodeError as exc:
        raise FileFormatError(
            where, _("første linje er ikke JSON: {msg}").format(msg=exc.msg), line=1
        ) from exc
    if not isinstance(header, dict) or header.get("format") != FORMAT:
        raise FileFormatError(
            where, _("ikke et KLE-katalog i formatet {format!r}").format(format=FORMAT), line=1
        )
    subjects = [_subject(where, n, line) for n, line in enumerate(lines[1:], start=2) if line]
    source_format = cast(Format, header["source_format"])
    return KleCatalogue(str(header["edition"]), source_format, tuple(subjects)), header


def _subject(where: str, line_no: int, line: str) -> KleSubject:
    try:
        row = json.loads(line)
        return KleSubject.from_plain(row)
    except (json.JSONDecodeError, KeyError, TypeError, ValueError) as exc:
        raise FileFormatError(
            where, _("emnet kan ikke læses: {exc}").format(exc=exc), line=line_no
        ) from exc
