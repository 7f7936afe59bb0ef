"""The line-mode CLI: add, list, undo, edit, delete, test-mode, demo — and their bad inputs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tracetool.cli.main import app
from tracetool.desk.applying import apply_plan
from tracetool.plan.writing import render_default_plan
from tracetool.store.db import open_database
from tracetool.store.registrations import Query, RegistrationStore

runner = CliRunner()


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def planned(tracetool_home: Path, tmp_path: Path) -> Path:
    plan = tmp_path / "plan.toml"
    text = render_default_plan(259, "Køge", "259borgerservice")
    plan.write_text(text.replace("test_mode = true", "test_mode = false"), encoding="utf-8")
    apply_plan(plan)
    return plan


def rows(include_deleted: bool = False) -> list[tuple[str, ...]]:
    store = RegistrationStore(open_database())
    q = Query(include_test=True, include_deleted=include_deleted)
    return [(r.channel, r.task, r.type, r.closing, r.form or "-") for r in store.query(q)]


ADD = ["add", "--channel", "TLFIND", "--task", "23.05.10", "--type", "VEJL", "--closing", "STRAKS"]


def test_add_then_list(planned: Path) -> None:
    code, out, _ = run(*ADD)
    assert code == 0, out
    assert "Gemt" in out
    assert rows() == [("TLFIND", "23.05.10", "VEJL", "STRAKS", "-")]
    code, out, _ = run("list")
    assert code == 0 and "23.05.10" in out


def test_add_json_and_mass_registration(planned: Path) -> None:
    code, out, _ = run(*ADD, "--count", "12", "--json")
    assert code == 0
    data = json.loads(out)
    assert data["count"] == 12 and data["source"] == "mass" and data["direction"] == "IND"
    assert RegistrationStore(open_database()).count() == 12


def test_add_in_danish_time(planned: Path) -> None:
    code, out, _ = run(*ADD, "--at", "21-10-2013 09:20", "--json")
    assert code == 0
    assert json.loads(out)["saved_at"] == "2013-10-21T07:20:00.000000Z"  # CEST is UTC+2


@pytest.mark.parametrize(
    ("change", "needle"),
    [
        (["--channel", "TLFX"], "TLFX"),
        (["--direction", "UD"], "retningen"),
        (["--task", "99.99.99"], "99.99.99"),
        (["--task", "23.5.10"], "23.5.10"),
        (["--type", "SNAK"], "SNAK"),
        (["--closing", "SENERE"], "SENERE"),
        (["--at", "32-13-2013"], "32-13-2013"),
        (["--unit", "259nope"], "259nope"),
        (["--answer", "koen"], "NØGLE=SVAR"),
        (["--form", "JA"], "blanket"),
    ],
)
def test_bad_input_is_one_clear_line_and_changes_nothing(
    planned: Path, change: list[str], needle: str
) -> None:
    args = list(ADD)
    for i in range(0, len(change), 2):
        if change[i] in args:
            args[args.index(change[i]) + 1] = change[i + 1]
        else:
            args += change[i : i + 2]
    code, out, err = run(*args)
    assert code == 1
    assert needle in err
    assert "Traceback" not in err + out
    assert len(err.strip().splitlines()) <= 3
    assert rows() == []


def test_form_required_where_the_channel_asks(planned: Path) -> None:
    args = ["add", "--channel", "EMLIND", "--task", "23.05.10", "--type", "INFO"]
    code, _, err = run(*args, "--closing", "HOLD")
    assert code == 1 and "blanket" in err
    code, _, _ = run(*args, "--closing", "HOLD", "--form", "ja")
    assert code == 0
    assert rows() == [("EMLIND", "23.05.10", "INFO", "HOLD", "JA")]


def test_without_a_plan_the_message_says_what_to_do(tracetool_home: Path) -> None:
    code, _, err = run(*ADD)
    assert code == 1 and "plan init" in err


def test_undo_edit_delete(planned: Path) -> None:
    run(*ADD)
    code, out, _ = run(*ADD[:-4], "--type", "INFO", "--closing", "HOLD", "--json")
    second = json.loads(out)["id"]
    code, out, _ = run("undo")
    assert code == 0 and "Fortrudt" in out
    assert rows() == [("TLFIND", "23.05.10", "VEJL", "STRAKS", "-")]
    assert RegistrationStore(open_database()).get(second).deleted

    first = RegistrationStore(open_database()).last_saved(
        RegistrationStore(open_database()).get(second).device or ""
    )
    assert first is not None
    code, out, _ = run("edit", first.id, "--type", "OPRET", "--json")
    assert code == 0 and json.loads(out)["revision"] == 2
    assert rows() == [("TLFIND", "23.05.10", "OPRET", "STRAKS", "-")]
    assert [h.type for h in RegistrationStore(open_database()).history(first.id)] == ["VEJL"]

    code, _, err = run("edit", first.id, "--type", "SNAK")
    assert code == 1 and "SNAK" in err
    code, _, err = run("edit", first.id)
    assert code == 1 and "intet at rette" in err

    code, out, _ = run("delete", first.id[-8:])
    assert code == 0 and "Slettet" in out
    assert rows() == []
    code, _, err = run("delete", first.id)
    assert code == 1 and "allerede slettet" in err
    code, _, err = run("undo")
    assert code == 1 and "ingen registrering" in err
    code, _, err = run("delete", "0000-nope")
    assert code == 1 and "0000-nope" in err


def test_test_mode_flags_new_registrations(planned: Path) -> None:
    code, out, _ = run("test-mode", "on")
    assert code == 0 and "TIL" in out
    run(*ADD)
    code, out, _ = run("test-mode", "status")
    assert "TIL" in out
    assert RegistrationStore(open_database()).count() == 0
    assert RegistrationStore(open_database()).count(Query(include_test=True)) == 1
    code, out, _ = run("list", "--json")
    assert out.strip() == ""
    code, out, _ = run("list", "--json", "--include-test")
    assert json.loads(out.splitlines()[0])["test_mode"] is True
    run("test-mode", "off")
    run(*ADD)
    assert RegistrationStore(open_database()).count() == 1
    code, _, err = run("test-mode", "maybe")
    assert code == 1 and "maybe" in err


def test_list_filters_and_bad_dates(planned: Path) -> None:
    run(*ADD, "--at", "20-10-2026 10:00")
    run(*ADD, "--at", "27-10-2026 10:00")
    code, out, _ = run("list", "--from", "19-10-2026", "--to", "25-10-2026", "--json")
    assert code == 0 and len(out.splitlines()) == 1
    code, _, err = run("list", "--from", "2026-13-40")
    assert code == 1 and "2026-13-40" in err


def test_demo_fills_realistic_test_data(planned: Path) -> None:
    code, out, _ = run("demo", "--registrations", "300", "--seed", "7")
    assert code == 0 and "300" in out
    store = RegistrationStore(open_database())
    regs = list(store.query(Query(include_test=True)))
    assert len(regs) == 300 and all(r.test_mode and r.source == "demo" for r in regs)
    inbound = [r for r in regs if r.direction == "IND"]
    phone = sum(r.channel == "TLFIND" for r in inbound) / len(inbound)
    assert 0.2 < phone < 0.5  # inbound phone is about a third of inbound
    info = sum(r.type in ("VEJL", "SLVBTJN", "FEJL") for r in regs) / len(regs)
    assert info > 0.5  # information outnumbers case transactions
    assert store.count() == 0  # none of it counts
