"""Corrections are checked by the rules the row came in under: history for imports, new for desks.

Imported rows come from a real DL file through the importer into the store file; every check
reads the file back through a connection of its own.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from tests.formats import support as support
from tests.formats.support import T0, do_import, write
from tracetool import paths
from tracetool.cli.main import app
from tracetool.codes.codebook import load_codebook
from tracetool.desk.desk import Desk
from tracetool.errors import ValidationError
from tracetool.model import Registration, Source

desk = support.desk

EXPIRED = "02.00.05"
EXPIRED_REASON = "KLE-emnet er udgået og kan ikke bruges til nye registreringer"
NO_FORM_REASON = "kanalen TLFIND spørger ikke om blanket; udelad den"
HEADER = ";".join(load_codebook().format("dl").header) + ";"
# A phone call (TLFIND: the app does not ask about the form), once from KL's Det Digitale
# Landkort and once from another desk's export (Datakilde Tracetool: an import that says desk).
FROM_DL = (
    "Køge;259;259borgerservice;23.05.10;TLFIND;VEJL;STRAKS;;21-10-2013 09:20:41;;;"
    "DetDigitaleLandkort;"
)
FROM_DESK = (
    "Køge;259;259borgerservice;23.05.10;TLFIND;INFO;STRAKS;;21-10-2013 09:25:00;;;Tracetool;"
)

EDITS = [
    pytest.param({"task": EXPIRED}, EXPIRED_REASON, id="expired-subject"),
    pytest.param({"form": "JA"}, NO_FORM_REASON, id="form-where-not-asked"),
]


def stored(table: str) -> list[dict[str, Any]]:
    """Every row of ``table`` in the store file, read through a connection of its own."""
    conn = sqlite3.connect(paths.database_path())
    conn.row_factory = sqlite3.Row
    try:
        return [dict(r) for r in conn.execute(f"SELECT * FROM {table} ORDER BY 1, 2")]
    finally:
        conn.close()


def row(reg_id: str) -> dict[str, Any]:
    [found] = [r for r in stored("registration") if r["id"] == reg_id]
    return found


def everything() -> tuple[list[dict[str, Any]], ...]:
    return tuple(stored(t) for t in ("registration", "registration_history", "outbox"))


@pytest.fixture
def imported(desk: Desk, tmp_path: Path) -> dict[str, Registration]:
    desk.db.execute(
        f"INSERT INTO kle_subject (nr, level, title, active) VALUES ('{EXPIRED}', 'emne', 'Gl.', 0)"
    )
    desk.db.conn.commit()
    path = write(tmp_path / "dl.csv", "\n".join([HEADER, FROM_DL, FROM_DESK]) + "\n")
    summary = do_import(desk, path)
    assert summary.committed and summary.imported == 2
    by_type = {r.type: r for r in desk.query()}
    assert by_type["VEJL"].source == Source.IMPORT and by_type["VEJL"].import_key
    assert by_type["INFO"].source == Source.APP and by_type["INFO"].import_key
    return {"dl": by_type["VEJL"], "desk": by_type["INFO"]}


def at_desk(desk: Desk, **choices: Any) -> Registration:
    return desk.register(
        channel="TLFIND",
        task="23.05.10",
        type="VEJL",
        closing="STRAKS",
        at=T0,
        **choices,
    )


@pytest.mark.parametrize("origin", ["dl", "desk"])
@pytest.mark.parametrize(("change", "reason"), EDITS)
def test_an_imported_row_is_corrected_by_the_history_rules(
    desk: Desk,
    imported: dict[str, Registration],
    origin: str,
    change: dict[str, Any],
    reason: str,
) -> None:
    old = imported[origin]
    desk.edit(old.id, **change)
    [(field, value)] = change.items()
    now = row(old.id)
    assert (now[field], now["revision"], now["import_key"]) == (value, 2, old.import_key)
    # The earlier version is kept as it was.
    [earlier] = stored("registration_history")
    assert (earlier["id"], earlier[field], earlier["revision"]) == (old.id, getattr(old, field), 1)


@pytest.mark.parametrize(
    "source", [Source.APP, Source.CLI, Source.MASS], ids=["app", "cli", "mass"]
)
@pytest.mark.parametrize(("change", "reason"), EDITS)
def test_a_desk_row_is_refused_the_same_correction(
    desk: Desk,
    imported: dict[str, Registration],
    source: Source,
    change: dict[str, Any],
    reason: str,
) -> None:
    count = 5 if source == Source.MASS else 1
    reg = at_desk(desk, source=source, count=count)
    before = everything()
    with pytest.raises(ValidationError) as refused:
        desk.edit(reg.id, **change)
    value = next(iter(change.values()))
    assert f"{reason} (værdi: {value!r})" in str(refused.value)
    assert everything() == before  # nothing written: no new version, no history, no outbox


def test_the_command_line_refuses_with_the_danish_message(
    desk: Desk, imported: dict[str, Registration]
) -> None:
    reg = at_desk(desk, source=Source.CLI)
    before = everything()
    result = CliRunner().invoke(app, ["edit", reg.id, "--task", EXPIRED])
    assert result.exit_code == 1
    assert f"opgave: {EXPIRED_REASON} (værdi: '{EXPIRED}')" in result.stderr
    assert "Traceback" not in result.output
    assert everything() == before

    result = CliRunner().invoke(app, ["edit", imported["dl"].id, "--task", EXPIRED, "--form", "JA"])
    assert result.exit_code == 0, result.output
    now = row(imported["dl"].id)
    assert (now["task"], now["form"], now["revision"]) == (EXPIRED, "JA", 2)


def test_a_desk_row_still_takes_a_correction_the_new_rules_allow(
    desk: Desk, imported: dict[str, Registration]
) -> None:
    reg = at_desk(desk, source=Source.APP)
    desk.edit(reg.id, type="INFO", channel="PRSNLG", form="JA")
    now = row(reg.id)
    assert (now["channel"], now["type"], now["form"], now["revision"]) == (
        "PRSNLG",
        "INFO",
        "JA",
        2,
    )
