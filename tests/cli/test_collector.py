"""``tracetool collector ...`` and ``tracetool sync status`` as an operator and a coordinator
use them: tokens on the database, plan and export through the API, refusals shown per desk.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.helpers import PLAN
from tests.sync.support import db_url_fixture, make_desk, pg_url_fixture, sync  # noqa: F401
from tracetool.cli.main import app
from tracetool.collector.process import CollectorProcess
from tracetool.collector.schema import LATEST
from tracetool.plan import writing
from tracetool.sync.engine import status

runner = CliRunner()


def _token(db_url: str, *args: str) -> str:
    result = runner.invoke(app, ["collector", "token", "create", "--db", db_url, *args])
    assert result.exit_code == 0, result.output
    return result.stdout.strip().splitlines()[-1]


def test_tokens_are_created_listed_and_revoked(db_url: str) -> None:
    token = _token(db_url, "--role", "registrant", "--municipality", "259", "--unit", "259telefon")
    assert token.startswith("tt_") and len(token) > 40
    listed = runner.invoke(app, ["collector", "token", "list", "--db", db_url, "--json"])
    accounts = [json.loads(line) for line in listed.stdout.splitlines()]
    assert [(a["role"], a["municipality"], a["unit"]) for a in accounts] == [
        ("registrant", 259, "259telefon")
    ]
    assert token not in listed.stdout  # only a hash is kept
    revoked = runner.invoke(
        app, ["collector", "token", "revoke", accounts[0]["id"], "--db", db_url]
    )
    assert revoked.exit_code == 0 and "tilbagekaldt" in revoked.output
    again = runner.invoke(app, ["collector", "token", "list", "--db", db_url, "--json"])
    assert json.loads(again.stdout)["revoked_at"]
    unknown = runner.invoke(app, ["collector", "token", "revoke", "nope", "--db", db_url])
    assert unknown.exit_code == 1 and "ingen nøgle" in unknown.output


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--role", "boss", "--municipality", "259"], "ukendt rolle"),
        (["--role", "registrant"], "--municipality: en registrant-nøgle skal have en kommune"),
        (["--role", "registrant", "--municipality", "259", "--note", "n" * 501], "--note"),
        (["--role", "admin", "--municipality", "259"], "gælder alle kommuner"),
        (["--role", "coordinator", "--municipality", "2590"], "tre cifre"),
    ],
)
def test_token_create_refuses_nonsense(tmp_path: Path, args: list[str], words: str) -> None:
    result = runner.invoke(
        app, ["collector", "token", "create", "--db", f"sqlite:///{tmp_path / 'c.db'}", *args]
    )
    assert result.exit_code == 1 and words in result.output


def test_a_bad_database_url_is_one_clear_line(tmp_path: Path) -> None:
    result = runner.invoke(app, ["collector", "migrate", "--db", "mysql://x"])
    assert result.exit_code == 1 and "ukendt database-URL" in result.output
    result = runner.invoke(app, ["collector", "migrate", "--db", f"sqlite:///{tmp_path / 'm.db'}"])
    assert result.exit_code == 0 and f"Skemaversion {LATEST}" in result.output


@pytest.mark.slow
def test_a_coordinator_publishes_a_plan_and_exports(db_url: str, tmp_path: Path) -> None:
    coordinator = _token(db_url, "--role", "coordinator", "--municipality", "259")
    registrant = _token(db_url, "--role", "registrant", "--municipality", "259")
    plan_file = tmp_path / "plan.toml"
    plan_file.write_text(writing.dump_plan(PLAN), encoding="utf-8")
    with CollectorProcess(db_url, log=tmp_path / "collector.log") as server:
        remote = ["--server", server.url, "--token", coordinator]
        published = runner.invoke(app, ["collector", "publish-plan", str(plan_file), *remote])
        assert published.exit_code == 0, published.output
        assert "version 1" in published.output

        desk = make_desk(tmp_path / "desk")
        desk.add(40)
        bad = desk.add(1, start=99, channel="FAXIND")[0]  # made past the desk's own checks
        summary = sync(desk, server.url, registrant)
        assert (summary.accepted, summary.invalid, summary.pending) == (40, 1, 0)
        assert summary.problems[0]["id"] == bad.id and "FAXIND" in summary.problems[0]["reason"]
        view = status(desk.db, None)
        assert [(r.entity_id, r.status) for r in view.rejections] == [(bad.id, "invalid")]
        desk.store.correct(bad.id, channel="TLFIND", direction="IND", form=None)
        fixed = sync(desk, server.url, registrant)
        assert fixed.accepted == 1 and not status(desk.db, None).rejections

        out = tmp_path / "export.ndjson"
        exported = runner.invoke(
            app, ["collector", "export", "--from", "2026-10-19", "--out", str(out), *remote]
        )
        assert exported.exit_code == 0, exported.output
        rows = [json.loads(line) for line in out.read_text().splitlines()]
        assert len(rows) == sum(1 for r in desk.held().values() if not r[13])  # no test mode
        dl = tmp_path / "export.csv"
        done = runner.invoke(
            app,
            ["collector", "export", "--format", "dl", "--include-test", "--out", str(dl), *remote],
        )
        assert done.exit_code == 0, done.output
        assert dl.read_bytes().decode("cp1252").startswith("Kommune;ID;Enhed")
        refused = runner.invoke(
            app, ["collector", "export", "--server", server.url, "--token", registrant]
        )
        assert refused.exit_code == 1 and "eksporten blev afvist (403)" in refused.output
