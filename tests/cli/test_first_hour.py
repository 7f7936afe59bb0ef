"""A newcomer's first hour: --version, python -m, -h, completion, exit codes that mean something."""

from __future__ import annotations

import importlib.metadata
import json
import os
import pty
import select
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest
from typer.testing import CliRunner

import tracetool
from tracetool import timeutil
from tracetool.cli import codes
from tracetool.cli.main import app
from tracetool.desk.applying import apply_plan
from tracetool.plan.planfile import load_plan
from tracetool.plan.writing import render_default_plan
from tracetool.store.db import open_database
from tracetool.store.registrations import Query, RegistrationStore

runner = CliRunner()


def tracetool_cmd(
    *args: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """The real command as a shell runs it: ``python -m tracetool ARGS``."""
    return subprocess.run(
        [sys.executable, "-m", "tracetool", *args],
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        timeout=60,
    )


def run_code(code: str, *argv: str) -> subprocess.CompletedProcess[str]:
    """``run()`` in a fresh interpreter after ``code`` (a fault injected, an import blocked)."""
    script = f"import sys\n{code}\nsys.argv = ['tracetool', *{list(argv)!r}]\n"
    script += "from tracetool.cli.main import run\nrun()\n"
    return subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60
    )


@pytest.fixture
def planned(tracetool_home: Path, tmp_path: Path) -> Path:
    plan = tmp_path / "plan.toml"
    plan.write_text(render_default_plan(259, "Køge", "259borgerservice"), encoding="utf-8")
    apply_plan(plan)
    return plan


def test_version_is_the_package_metadata_version_from_one_source() -> None:
    done = tracetool_cmd("--version")
    assert done.returncode == codes.DONE, done.stderr
    assert done.stdout == f"tracetool {tracetool.__version__}\n"
    assert importlib.metadata.version("tracetool") == tracetool.__version__


@pytest.mark.parametrize("args", [["-h"], ["--help"], ["add", "-h"], ["codebook", "search", "-h"]])
def test_dash_h_is_help_everywhere(args: list[str]) -> None:
    result = runner.invoke(app, args)
    assert result.exit_code == codes.DONE, result.output
    assert "tracetool" in result.output and "--help" in result.output


def test_python_dash_m_names_the_command_tracetool_in_usage() -> None:
    done = tracetool_cmd("-h", env={"COLUMNS": "100"})
    assert done.returncode == codes.DONE
    assert "Brug: tracetool [OPTIONS]" in done.stdout
    assert "__main__" not in done.stdout


def test_bash_completion_offers_the_commands_of_a_prefix() -> None:
    env = {"_TRACETOOL_COMPLETE": "complete_bash", "COMP_WORDS": "tracetool co", "COMP_CWORD": "1"}
    done = tracetool_cmd(env=env)
    assert done.returncode == codes.DONE, done.stderr
    assert done.stdout.split() == ["codebook", "collector"]


def test_show_completion_prints_a_script_for_the_shell() -> None:
    done = tracetool_cmd("--show-completion", "bash")
    assert done.returncode == codes.DONE, done.stderr
    assert "_TRACETOOL_COMPLETE=complete_bash" in done.stdout


def test_usage_errors_exit_2_and_refused_input_exits_1(planned: Path) -> None:
    assert runner.invoke(app, ["add", "--no-such-option"]).exit_code == codes.USAGE
    assert runner.invoke(app, ["no-such-command"]).exit_code == codes.USAGE
    refused = runner.invoke(app, ["plan", "check", str(planned.with_name("missing.toml"))])
    assert refused.exit_code == codes.REFUSED


def test_an_unknown_channel_is_named_alone_without_a_direction_nobody_typed(planned: Path) -> None:
    args = ["add", "--channel", "NOPE", "--task", "23.05.10", "--type", "VEJL"]
    result = runner.invoke(app, [*args, "--closing", "STRAKS"])
    assert result.exit_code == codes.REFUSED
    assert "kanal: ukendt kanalkode (værdi: 'NOPE')" in result.stderr
    assert "retning" not in result.stderr


def test_a_given_wrong_direction_is_still_named(planned: Path) -> None:
    args = ["add", "--channel", "TLFIND", "--task", "23.05.10", "--type", "VEJL"]
    result = runner.invoke(app, [*args, "--closing", "STRAKS", "--direction", "SIDEN"])
    assert result.exit_code == codes.REFUSED
    assert "retning: ukendt retning" in result.stderr


def test_a_bug_exits_with_the_internal_code_in_one_line_without_a_traceback() -> None:
    inject = "from tracetool.desk.desk import Desk\nDesk.open = classmethod(lambda cls: 1 / 0)"
    done = run_code(inject, "list")
    assert done.returncode == codes.INTERNAL
    assert done.stderr.startswith("fejl: intern fejl (ZeroDivisionError")
    assert len(done.stderr.strip().splitlines()) == 1
    assert "Traceback" not in done.stderr


def test_collector_without_its_extra_names_the_extra_in_one_line() -> None:
    # A module set to None in sys.modules fails to import exactly as a missing package does.
    names = "('fastapi', 'uvicorn', 'psycopg', 'psycopg_pool')"
    block = f"for name in {names}:\n    sys.modules[name] = None"
    done = run_code(block, "collector", "token", "list")
    assert done.returncode == codes.REFUSED
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert "pip install 'tracetool[collector]'" in lines[0]
    assert "fastapi, uvicorn, psycopg, psycopg_pool" in lines[0]


def test_collector_with_its_extra_runs() -> None:
    result = runner.invoke(app, ["collector", "token", "list", "--json"])
    assert result.exit_code == codes.DONE, result.output


def in_terminal(script: str, keys: list[bytes] = (), wait: float = 60) -> tuple[int, bytes]:
    """Run ``script`` on a terminal of its own (Textual wants one), type ``keys`` once it has
    drawn, and return its exit code and everything it wrote; killed after ``wait`` seconds."""
    pid, fd = pty.fork()
    if pid == 0:
        os.execvpe(sys.executable, [sys.executable, "-c", script], {**os.environ, "TERM": "xterm"})
    screen = b""
    pending = list(keys)
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.5)
        if not ready:
            if pending and screen:  # the app has drawn and gone quiet: type the next key
                os.write(fd, pending.pop(0))
            continue
        try:
            chunk = os.read(fd, 65536)
        except OSError:  # the child closed the terminal
            break
        if not chunk:
            break
        screen += chunk
    else:
        os.kill(pid, signal.SIGKILL)
    _, status = os.waitpid(pid, 0)
    os.close(fd)
    return os.waitstatus_to_exitcode(status), screen


def app_script(before: str = "") -> str:
    start = "sys.argv = ['tracetool']\nfrom tracetool.cli.main import run\nrun()\n"
    return f"import sys\n{before}\n{start}"


def test_the_app_returns_non_zero_when_it_crashes(planned: Path) -> None:
    crash = (
        "from tracetool.tui.app import TracetoolApp\n"
        "def boom(self): raise RuntimeError('injected')\n"
        "TracetoolApp.on_mount = boom"
    )
    code, screen = in_terminal(app_script(crash))
    assert code == codes.INTERNAL, screen[-2000:]
    assert b"injected" in screen


def test_the_apps_search_finds_kle_on_a_new_desk_without_any_import(planned: Path) -> None:
    # "partistøtte" is a keyword of KLE 00.01.00, a subject outside the plan's task list.
    keys = [b"/", "partistøtte".encode(), b"\x11"]  # search, type, Ctrl+Q
    code, screen = in_terminal(app_script(), keys, wait=40)
    assert b"00.01.00" in screen, screen[-3000:]
    assert code == codes.DONE


def test_the_demo_lies_around_today_so_todays_counts_and_the_report_are_not_empty(
    tracetool_home: Path,
) -> None:
    plan_file = tracetool_home / "plan-259.toml"
    made = runner.invoke(app, ["plan", "init", "--around-today", "--out", str(plan_file)])
    assert made.exit_code == codes.DONE, made.output
    assert runner.invoke(app, ["demo", "--registrations", "400", "--seed", "1"]).exit_code == 0
    today = timeutil.local(timeutil.now()).date()
    period = load_plan(plan_file).periods[0]
    assert period.start <= today <= period.end
    saved = RegistrationStore(open_database()).query(Query(include_test=True))
    days = Counter(timeutil.local(reg.saved_at).date() for reg in saved)
    assert sum(days.values()) == 400
    assert days[today] > 0
    assert max(days) == today
    report = runner.invoke(app, ["report", "--include-test", "--json"])
    assert report.exit_code == codes.DONE, report.output
    assert json.loads(report.output)["total"] == sum(days.values())
