"""Totals (total-tal): all inquiries per channel in a period, from the municipality's systems.

Phone systems, mail servers, queue systems and franking machines count every inquiry, not only
the registered ones; a total set beside the registrations shows what share the count covered
(komhen.md §5). A total belongs to a channel, an optional unit ("" is the whole municipality)
and a period of whole Danish days, both ends included. Two totals for the same channel and unit
must not overlap, or the coverage would count the same calls twice.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import Any

from tracetool import timeutil
from tracetool.codes.codebook import Codebook
from tracetool.errors import FileFormatError, Problem, TracetoolError, ValidationError
from tracetool.locale import translator
from tracetool.model import new_id
from tracetool.plan.model import Plan

_ = translator("core")

WHOLE_MUNICIPALITY = ""
CSV_COLUMNS = ("Kanal", "Enhed", "Fra", "Til", "Antal")
# Danish Excel may show a count as 12.345 (thousands separator); that is still a whole number.
_COUNT = re.compile(r"^\d{1,3}(\.\d{3})+$|^\d+$")


@dataclass(frozen=True)
class Total:
    municipality: int
    channel: str
    direction: str
    from_date: date
    to_date: date
    count: int
    unit: str = WHOLE_MUNICIPALITY
    source: str = "cli"
    id: str = field(default_factory=new_id)
    created_at: datetime = field(default_factory=timeutil.now)
    revision: int = 1
    deleted: bool = False

    def but(self, **changes: Any) -> Total:
        return replace(self, **changes)

    def overlaps(self, other: Total) -> bool:
        return (
            self.channel == other.channel
            and self.unit == other.unit
            and self.municipality == other.municipality
            and self.from_date <= other.to_date
            and other.from_date <= self.to_date
        )

    def describe(self) -> str:
        """One line a coordinator recognises: channel, unit, period, count and short id."""
        where = self.unit or "hele kommunen"
        return (
            f"{self.channel} · {where} · {day_text(self.from_date)} – {day_text(self.to_date)}"
            f" · {self.count:,} henvendelser (id {self.id})".replace(",", ".")
        )


def day_text(day: date) -> str:
    return day.strftime("%d-%m-%Y")


def check_total(total: Total, codebook: Codebook, plan: Plan | None) -> list[Problem]:
    """Every problem with ``total`` (field names as the CSV columns); empty when valid."""
    problems: list[Problem] = []
    channel = codebook.channel(total.channel)
    if channel is None:
        problems.append(Problem("Kanal", total.channel, _("ukendt kanalkode")))
    elif channel.direction != total.direction:
        problems.append(
            Problem(
                "Kanal",
                total.channel,
                _("kanalen er {direction}, ikke {direction2}").format(
                    direction=channel.direction, direction2=total.direction
                ),
            )
        )
    if total.unit and plan is not None and plan.unit(total.unit) is None:
        known = ", ".join(u.login for u in plan.units)
        problems.append(
            Problem("Enhed", total.unit, _("ukendt enhed; planen har: {known}").format(known=known))
        )
    if total.from_date > total.to_date:
        problems.append(
            Problem("Til", day_text(total.to_date), _("til-datoen ligger før fra-datoen"))
        )
    if total.count < 0:
        problems.append(Problem("Antal", total.count, _("antal kan ikke være negativt")))
    return problems


def make_total(
    *,
    codebook: Codebook,
    plan: Plan,
    channel: str,
    from_date: date,
    to_date: date,
    count: int,
    unit: str | None = None,
    source: str = "cli",
) -> Total:
    """A checked total for this plan's municipality; ValidationError naming every problem."""
    chan = codebook.channel(channel)
    total = Total(
        municipality=plan.municipality,
        channel=channel,
        direction=chan.direction if chan is not None else "?",
        from_date=from_date,
        to_date=to_date,
        count=count,
        unit=unit or WHOLE_MUNICIPALITY,
        source=source,
    )
    problems = check_total(total, codebook, plan)
    if problems:
        raise ValidationError(problems)
    return total


def _decode(data: bytes, path: str) -> str:
    if b"\x00" in data[:4096]:
        raise FileFormatError(path, _("filen er ikke en tekstfil (CSV)"))
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Danish Excel's "CSV (semikolonsepareret)" writes Windows-1252.
        return data.decode("cp1252", errors="replace")


def _is_header(cells: list[str]) -> bool:
    return [c.strip().lower() for c in cells[:1]] == ["kanal"]


def parse_totals_csv(
    data: bytes, path: str, codebook: Codebook, plan: Plan
) -> list[tuple[int, Total]]:
    """(line number, total) for every row of a ``Kanal;Enhed;Fra;Til;Antal`` file.

    Every bad cell is reported (line, column, value) in one ValidationError, so a coordinator
    fixes the file in one pass; rows overlapping each other are reported here too.
    """
    text = _decode(data, path)
    if not text.strip():
        raise FileFormatError(path, _("filen er tom"))
    first = text.splitlines()[0]
    delimiter = ";" if ";" in first or "," not in first else ","
    rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    problems: list[Problem] = []
    found: list[tuple[int, Total]] = []
    for number, cells in enumerate(rows, start=1):
        # Excel adds empty trailing cells and blank lines; neither is a row.
        while cells and not cells[-1].strip():
            cells = cells[:-1]
        if not cells:
            continue
        if number == 1 and _is_header(cells):
            continue
        line = _("linje {number}").format(number=number)
        if len(cells) != len(CSV_COLUMNS):
            problems.append(
                Problem(
                    line,
                    delimiter.join(cells),
                    _("rækken har {n} felter, men skal have {wanted}: {columns}").format(
                        n=len(cells), wanted=len(CSV_COLUMNS), columns=delimiter.join(CSV_COLUMNS)
                    ),
                )
            )
            continue
        total, row_problems = _row(cells, codebook, plan)
        problems += [
            Problem(
                _("{line}, kolonne {where}").format(line=line, where=p.where), p.value, p.reason
            )
            for p in row_problems
        ]
        if total is not None:
            found.append((number, total))
    for j, (number, total) in enumerate(found):
        for other_number, other in found[:j]:
            if total.overlaps(other):
                problems.append(
                    Problem(
                        _("linje {number}, kolonne Fra").format(number=number),
                        day_text(total.from_date),
                        _(
                            "perioden overlapper linje {other_number} ({channel}, {from_date} – "
                            "{to_date})"
                        ).format(
                            other_number=other_number,
                            channel=total.channel,
                            from_date=day_text(other.from_date),
                            to_date=day_text(other.to_date),
                        ),
                    )
                )
    if problems:
        raise ValidationError(problems, context=_("{path}: intet er importeret").format(path=path))
    if not found:
        raise FileFormatError(path, _("filen har ingen rækker med totaltal"))
    return found


def _row(cells: list[str], codebook: Codebook, plan: Plan) -> tuple[Total | None, list[Problem]]:
    channel_text, unit_text, from_text, to_text, count_text = (c.strip() for c in cells)
    problems: list[Problem] = []
    channel = channel_text.upper()
    chan = codebook.channel(channel)
    if chan is None:
        problems.append(Problem("Kanal", channel_text, _("ukendt kanalkode")))
    unit = "" if unit_text.upper() in ("", "NULL") else unit_text
    days: list[date] = []
    for column, value in (("Fra", from_text), ("Til", to_text)):
        try:
            days.append(timeutil.parse_day(value))
        except ValueError:
            problems.append(
                Problem(column, value, _("ukendt dato; brug fx 21-10-2013 eller 2013-10-21"))
            )
    count = -1
    compact = count_text.replace(" ", "")
    if _COUNT.match(compact):
        count = int(compact.replace(".", ""))
    else:
        problems.append(Problem("Antal", count_text, _("skal være et helt tal, 0 eller mere")))
    if problems:
        return None, problems
    assert chan is not None
    total = Total(
        municipality=plan.municipality,
        channel=channel,
        direction=chan.direction,
        from_date=days[0],
        to_date=days[1],
        count=count,
        unit=unit,
        source="import",
    )
    problems = check_total(total, codebook, plan)
    return (None, problems) if problems else (total, [])


def require_no_conflicts(conflicts: Sequence[tuple[str, Total, Total]]) -> None:
    """Raise the refusal for (where, new, existing) overlaps, naming the existing total."""
    if not conflicts:
        return
    if len(conflicts) == 1 and not conflicts[0][0]:
        _line, new, old = conflicts[0]
        raise TracetoolError(
            _(
                "perioden {from_date} – {to_date} overlapper et eksisterende totaltal: "
                "{describe}; slet det først med `tracetool totals delete {id}`"
            ).format(
                from_date=day_text(new.from_date),
                to_date=day_text(new.to_date),
                describe=old.describe(),
                id=old.id,
            )
        )
    problems = [
        Problem(
            _("{where}, kolonne Fra").format(where=where) if where else "Fra",
            day_text(new.from_date),
            _("perioden overlapper et eksisterende totaltal: {describe}").format(
                describe=old.describe()
            ),
        )
        for where, new, old in conflicts
    ]
    raise ValidationError(problems, context=_("intet er importeret"))
