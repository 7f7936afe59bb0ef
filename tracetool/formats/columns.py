"""What each named column of ``codebook/formats.toml`` means, for import and export alike;
Datakilde and municipality names.
"""

from __future__ import annotations

from typing import Any

from tracetool.codes.codebook import FileFormat
from tracetool.errors import TracetoolError
from tracetool.locale import translator
from tracetool.model import Source
from tracetool.plan.model import Plan
from tracetool.store import settings

_ = translator("core")

DATAKILDE_DESK = "Tracetool"


DATAKILDE_DL = "DetDigitaleLandkort"


# Registered at a desk (by any of our front ends) versus uploaded or mass-registered.
DESK_SOURCES = frozenset(
    {Source.APP.value, Source.CLI.value, Source.PAPER.value, Source.DEMO.value}
)


# What each named column of formats.toml means. Import and export both read the header through
# this table; a column renamed in formats.toml without a matching entry here stops with an error
# instead of being written or read wrongly.
COLUMN_FIELDS: dict[str, str] = {
    # dl
    "Kommune": "municipality_name",
    "ID": "municipality",
    "Enhed": "unit",
    "Opgave": "task",
    "Kanal": "channel",
    "Type": "type",
    "Afslutning": "closing",
    "Blanket": "form",
    "Dato": "saved_at",
    "StartTidspunkt": "started_at",
    "SlutTidspunkt": "ended_at",
    "Datakilde": "source",
    # upload
    "KommuneID": "municipality",
    "KLE Opgave kode": "task",
    "Henvendelses Kanal": "channel",
    "Henvendelses type": "type",
}


# The settings key under which names of municipalities outside the plan are remembered (learned
# from the Kommune column of imported extracts), so that their rows export with their name.
MUNICIPALITY_NAME_KEY = "kommune_navn."


def datakilde(source: str) -> str:
    """The Datakilde of a registration: registered at a desk, or uploaded/mass-registered."""
    return DATAKILDE_DESK if source in DESK_SOURCES else DATAKILDE_DL


def municipality_names(db: Any, plan: Plan | None) -> dict[int, str]:
    """Names for the Kommune column: the plan's own, and those learned from imported extracts."""
    names: dict[int, str] = {}
    prefix = MUNICIPALITY_NAME_KEY
    rows = db.execute("SELECT key, value FROM setting WHERE key LIKE ?", [prefix + "%"])
    for key, value in rows:
        number = str(key)[len(prefix) :]
        if number.isdigit() and value:
            names[int(number)] = str(value)
    if plan is not None:
        names[plan.municipality] = plan.municipality_name
    return names


def remember_municipality_name(db: Any, number: int, name: str) -> None:
    settings.put(db, f"{MUNICIPALITY_NAME_KEY}{number}", name)


def _fields_of(fmt: FileFormat) -> list[str]:
    fields: list[str] = []
    for column in fmt.columns:
        field = COLUMN_FIELDS.get(column.name)
        if field is None:
            raise TracetoolError(
                _(
                    "formats.toml: kolonnen {name!r} i formatet {key} er ukendt for "
                    "eksporten; opdatér COLUMN_FIELDS i tracetool/exporting.py"
                ).format(name=column.name, key=fmt.key)
            )
        fields.append(field)
    return fields
