"""When the receipt does not match: ``sync status`` names the ids that differ and
``--resend`` queues them, against a real collector process on SQLite and PostgreSQL."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from tests.sync.support import (  # noqa: F401
    db_url_fixture,
    make_desk,
    pg_url_fixture,
    server_rows,
)
from tracetool import paths
from tracetool.cli.main import app
from tracetool.collector.process import CollectorProcess, make_token


@pytest.fixture
def collector(db_url: str, tmp_path: Path) -> Iterator[CollectorProcess]:
    with CollectorProcess(db_url, log=tmp_path / "collector.log") as server:
        yield server


def _on_server(db_url: str, sql: str, params: list[Any]) -> None:
    """Change the collector's database behind its back (a restore from an old backup)."""
    if db_url.startswith("sqlite:///"):
        conn = sqlite3.connect(db_url.removeprefix("sqlite:///"))
        with conn:
            conn.execute(sql, params)
        conn.close()
        return
    import psycopg

    with psycopg.connect(db_url) as pg:
        pg.execute(sql.replace("?", "%s"), params)


def test_status_names_the_differing_ids_and_resend_repairs_them(
    collector: CollectorProcess, db_url: str
) -> None:
    token = make_token(db_url, "registrant", 259, "259telefon")
    desk = make_desk(paths.home())
    regs = desk.add(12)
    runner = CliRunner()
    first = runner.invoke(app, ["sync", "--server", collector.url, "--token", token])
    assert first.exit_code == 0, first.output
    # Lost on the server: one row; lost on the desk: the outbox entry of a correction.
    lost, corrected = regs[3].id, regs[7].id
    _on_server(db_url, "DELETE FROM registration WHERE id = ?", [lost])
    desk.store.correct(corrected, type="STATUS")
    desk.db.execute("DELETE FROM outbox")
    desk.db.conn.commit()

    shown = runner.invoke(app, ["sync", "status"])
    assert shown.exit_code == 0, shown.output
    assert "Stemmer: nej" in shown.output and "Forskellige id'er: 2" in shown.output
    assert f"registration {lost}: 1 / -" in shown.output
    assert f"registration {corrected}: 2 / 1" in shown.output
    as_json = json.loads(runner.invoke(app, ["sync", "status", "--json"]).stdout)
    assert {(d["id"], d["local"], d["server"]) for d in as_json["differences"]} == {
        (lost, 1, None),
        (corrected, 2, 1),
    }

    resent = runner.invoke(app, ["sync", "status", "--resend"])
    assert "Lagt i kø igen: 2" in resent.output, resent.output
    again = runner.invoke(app, ["sync"])
    assert again.exit_code == 0 and "2 sendt: 1 nye" in again.output, again.output
    assert "1 rettelser" in again.output
    fixed = json.loads(runner.invoke(app, ["sync", "status", "--json"]).stdout)
    assert fixed["matches"] is True and fixed["differences"] is None
    held = server_rows(db_url)
    assert held[lost] == desk.held()[lost] and held[corrected] == desk.held()[corrected]
    desk.close()
