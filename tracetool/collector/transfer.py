"""Uploads on the collector's pages, through the desk's own importer.

An upload goes through a throw-away local store in a temporary folder, so it is read and
checked by exactly ``tracetool import`` (layouts, encodings, every message with its line,
column and value). Downloads go through ``exports.write``, the API's export path. Only what the
collector adds is here:

- an upload must hold only the coordinator's municipality, every row must pass, and then all of
  it is stored in one transaction. Nothing is stored if any row fails.
- an uploaded row's id is derived from its import key (content and occurrence in the file), so
  uploading the same file again stores nothing twice, as with ``tracetool import``.
"""

from __future__ import annotations

import csv
import hashlib
import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from tracetool import timeutil
from tracetool.codes.codebook import load_codebook
from tracetool.collector import municipalities
from tracetool.collector.exports import published_plan, scratch_store
from tracetool.collector.items import (
    ItemError,
    normalize_registration,
    normalize_total,
    registration_problem,
    total_problem,
)
from tracetool.collector.storage import Scope, SqlStorage
from tracetool.errors import FileFormatError, Problem, ValidationError
from tracetool.formats.exporting import COLUMN_FIELDS
from tracetool.formats.importing import ImportProblem, ImportSummary, _detect_encoding, import_file
from tracetool.model import new_id
from tracetool.plan.model import Plan, Unit
from tracetool.plan.totals import Total, parse_totals_csv
from tracetool.store.registrations import COLUMNS
from tracetool.sync.protocol import ACCEPTED, DUPLICATE, REGISTRATION_COLUMNS, UPDATED

assert tuple(COLUMNS) == tuple(REGISTRATION_COLUMNS), "the store and the wire share one order"


# -- uploads ----------------------------------------------------------------------------------


@dataclass
class UploadResult:
    """What an upload did: the importer's summary, every problem, and what was stored."""

    summary: ImportSummary | None = None
    problems: list[ImportProblem] = field(default_factory=list)
    problems_total: int = 0
    error: str | None = None
    stored: int = 0
    already: int = 0
    conflicts: int = 0

    @property
    def ok(self) -> bool:
        return self.error is None and not self.problems_total

    def as_json(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "error": self.error,
            "rows": self.summary.rows if self.summary else 0,
            "stored": self.stored,
            "already_present": self.already,
            "conflicts": self.conflicts,
            "problems_total": self.problems_total,
            "problems": [p.as_dict() for p in self.problems],
            "warnings": [w.as_dict() for w in self.summary.warnings] if self.summary else [],
        }


def upload_id(municipality: int, import_key: str) -> str:
    """A UUID (version 8: derived, not random) from the import key, the same on every upload."""
    digest = bytearray(hashlib.sha256(f"{municipality}:{import_key}".encode()).digest()[:16])
    digest[6] = (digest[6] & 0x0F) | 0x80
    digest[8] = (digest[8] & 0x3F) | 0x80
    h = digest.hex()
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


def _foreign_lines(path: Path, municipality: int, limit: int) -> tuple[list[ImportProblem], int]:
    """Problems for rows of another municipality, with their lines, as the importer reads them."""
    codec = _detect_encoding(path, None).codec
    problems: list[ImportProblem] = []
    found = 0
    with path.open(encoding=codec, newline="") as text:
        header_line = text.readline()
        delimiter = ";" if header_line.count(";") >= header_line.count(",") else ","
        header = next(csv.reader([header_line], delimiter=delimiter))
        where = [
            (i, name.strip())
            for i, name in enumerate(header)
            if COLUMN_FIELDS.get(name.strip()) == "municipality"
        ]
        if not where:
            return problems, found
        i, column = where[0]
        reader = csv.reader(text, delimiter=delimiter)
        for cells in reader:
            if i >= len(cells):
                continue
            value = cells[i].strip()
            if value and value != str(municipality):
                found += 1
                if len(problems) < limit:
                    problems.append(
                        ImportProblem(
                            reader.line_num + 1,
                            column,
                            value,
                            f"filen må kun have registreringer for kommune {municipality}",
                        )
                    )
    return problems, found


def upload_registrations(
    storage: SqlStorage,
    municipality: int,
    path: Path,
    folder: Path,
    *,
    origin: str,
    display_name: str,
) -> UploadResult:
    """Check ``path`` as ``tracetool import`` does and store it all, or nothing."""
    result = UploadResult()
    db = scratch_store(folder)
    try:
        plan = published_plan(storage, municipality)
        book = load_codebook()
        try:
            summary = import_file(db, book, plan, path)
        except FileFormatError as exc:
            result.error = f"{display_name}: " + str(exc).removeprefix(str(path)).lstrip(": ")
            return result
        summary.path = display_name
        result.summary = summary
        result.problems = list(summary.problems)
        result.problems_total = summary.problems_total
        if not summary.committed:
            return result
        rows = db.execute(
            f"SELECT {', '.join(COLUMNS)} FROM registration ORDER BY import_key"
        ).fetchall()
    finally:
        db.close()
    if any(r[1] != municipality for r in rows):
        problems, found = _foreign_lines(path, municipality, 1000)
        result.problems, result.problems_total = problems, max(found, 1)
        return result
    wire: list[tuple[Any, ...]] = []
    for row in rows:
        values = list(row)
        values[0] = upload_id(municipality, str(row[18]))
        values[17] = None  # no device: the collector itself made these rows
        try:
            normal = normalize_registration(values)
        except ItemError as exc:
            result.problems.append(ImportProblem(0, "(server)", row[18], str(exc)))
            continue
        problem = registration_problem(normal)
        if problem:
            result.problems.append(ImportProblem(0, "(server)", row[18], problem))
            continue
        wire.append(normal)
    if result.problems:
        result.problems_total = len(result.problems)
        return result
    applied, _ = storage.apply_batch(wire, [], origin, scope=Scope(municipality))
    for item in applied:
        if item.status in (ACCEPTED, UPDATED):
            result.stored += 1
        elif item.status == DUPLICATE:
            result.already += 1
        else:
            result.conflicts += 1
    return result


# -- totals -----------------------------------------------------------------------------------


@dataclass
class TotalsResult:
    problems: list[Problem] = field(default_factory=list)
    error: str | None = None
    stored: int = 0

    @property
    def ok(self) -> bool:
        return self.error is None and not self.problems

    def as_json(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "error": self.error,
            "stored": self.stored,
            "problems": [
                {"where": p.where, "value": p.value, "reason": p.reason} for p in self.problems
            ],
        }


def _totals_plan(storage: SqlStorage, municipality: int, units: Sequence[str]) -> Plan:
    """The published plan, or a stand-in whose units are those seen in the data."""
    plan = published_plan(storage, municipality)
    if plan is not None:
        return plan
    return Plan(
        municipality=municipality,
        municipality_name=municipalities.name(municipality),
        units=tuple(Unit(login=u, name=u, tasks=()) for u in units),
    )


def stored_totals(storage: SqlStorage, municipality: int) -> list[tuple[Any, ...]]:
    """Live totals of a municipality: (id, unit, channel, direction, from, to, count, revision,
    source, created_at)."""
    with storage._read() as tx:
        return tx.all(
            "SELECT id, unit, channel, direction, from_date, to_date, count, revision, source,"
            " created_at FROM total WHERE municipality = ? AND deleted = 0"
            " ORDER BY from_date DESC, channel, unit",
            [municipality],
        )


def known_units(storage: SqlStorage, municipality: int) -> list[str]:
    with storage._read() as tx:
        rows = tx.all(
            "SELECT DISTINCT unit FROM dash_unit WHERE municipality = ? AND unit <> ''"
            " ORDER BY unit",
            [municipality],
        )
    return [str(r[0]) for r in rows]


def upload_totals(
    storage: SqlStorage,
    municipality: int,
    data: bytes,
    display_name: str,
    *,
    origin: str,
) -> TotalsResult:
    """Totals from a ``Kanal;Enhed;Fra;Til;Antal`` text, checked as ``tracetool totals import``
    checks them (and against the totals already stored), then stored together or not at all."""
    result = TotalsResult()
    plan = _totals_plan(storage, municipality, known_units(storage, municipality))
    try:
        found = parse_totals_csv(data, display_name, load_codebook(), plan)
    except ValidationError as exc:
        result.problems = list(exc.problems)
        return result
    except FileFormatError as exc:
        result.error = str(exc)
        return result
    existing = [
        Total(
            municipality=municipality,
            channel=r[2],
            direction=r[3] or "",
            from_date=date.fromisoformat(r[4]),
            to_date=date.fromisoformat(r[5]),
            count=int(r[6]),
            unit=r[1] or "",
            id=r[0],
        )
        for r in stored_totals(storage, municipality)
    ]
    for number, total in found:
        for old in existing:
            if total.overlaps(old):
                result.problems.append(
                    Problem(
                        f"linje {number}, kolonne Fra",
                        total.from_date.strftime("%d-%m-%Y"),
                        "perioden overlapper en gemt total "
                        f"({old.channel}, {old.unit or 'hele kommunen'}, "
                        f"{old.from_date:%d-%m-%Y} – {old.to_date:%d-%m-%Y}); slet den først",
                    )
                )
    if result.problems:
        return result
    rows = []
    now = timeutil.to_db(timeutil.now())
    for number, total in found:
        try:
            row = normalize_total(
                {
                    "id": new_id(),
                    "municipality": municipality,
                    "unit": total.unit,
                    "channel": total.channel,
                    "direction": total.direction,
                    "from_date": total.from_date.isoformat(),
                    "to_date": total.to_date.isoformat(),
                    "count": total.count,
                    "source": "web",
                    "created_at": now,
                }
            )
        except ItemError as exc:
            result.problems.append(Problem(f"linje {number}", "", str(exc)))
            continue
        problem = total_problem(row)
        if problem:
            result.problems.append(Problem(f"linje {number}", "", problem))
            continue
        rows.append(row)
    if result.problems:
        return result
    _, applied = storage.apply_batch([], rows, origin, scope=Scope(municipality))
    result.stored = sum(1 for a in applied if a.status in (ACCEPTED, UPDATED))
    return result


def total_line(channel: str, unit: str, start: str, end: str, count: str) -> bytes:
    """One total typed into the form, as the one-line file the CSV path reads."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\n")
    writer.writerow(["Kanal", "Enhed", "Fra", "Til", "Antal"])
    writer.writerow([channel, unit, start, end, count])
    return out.getvalue().encode("utf-8")


def delete_total(storage: SqlStorage, municipality: int, total_id: str, *, origin: str) -> bool:
    """A new revision that deletes the total (kept in history); False if it is not there."""
    with storage._read() as tx:
        row = tx.one(
            "SELECT id, municipality, unit, channel, direction, from_date, to_date, count,"
            " source, created_at, revision FROM total"
            " WHERE id = ? AND municipality = ? AND deleted = 0",
            [total_id, municipality],
        )
    if row is None:
        return False
    gone = normalize_total(
        {
            "id": row[0], "municipality": int(row[1]), "unit": row[2], "channel": row[3],
            "direction": row[4], "from_date": row[5], "to_date": row[6], "count": int(row[7]),
            "source": row[8], "created_at": row[9], "revision": int(row[10]) + 1,
            "deleted": True,
        }
    )  # fmt: skip
    _, applied = storage.apply_batch([], [gone], origin, scope=Scope(municipality))
    return bool(applied) and applied[0].status in (ACCEPTED, UPDATED)
