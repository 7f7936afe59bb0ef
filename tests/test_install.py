"""What `pip install .` gives a desk: built from this checkout into a venv of its own, with the
locked versions and no extra. It must answer --version, search KLE with no import, and name the
extra for the collector; no server package may come with it."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import tracetool

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]
SERVER_PACKAGES = {"fastapi", "uvicorn", "starlette", "psycopg", "psycopg-pool", "python-multipart"}


def uv(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    found = shutil.which("uv", path=str(Path(sys.executable).parent)) or shutil.which("uv")
    assert found, "uv is in the dev extra"
    return subprocess.run(
        [found, *args], cwd=cwd, capture_output=True, text=True, check=True, timeout=600
    )


@pytest.fixture(scope="module")
def desk(tmp_path_factory: pytest.TempPathFactory) -> Path:
    work = tmp_path_factory.mktemp("install")
    uv("build", "--wheel", "--out-dir", str(work / "dist"))
    wheel = next((work / "dist").glob("tracetool-*.whl"))
    uv("venv", "--quiet", "--python", sys.executable, str(work / "venv"))
    python = work / "venv" / "bin" / "python"
    lock = ROOT / "requirements" / "run.lock"
    uv("pip", "install", "--quiet", "--python", str(python), "-c", str(lock), str(wheel))
    return work / "venv" / "bin"


def run(bin_dir: Path, *args: str, home: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "TRACETOOL_HOME": str(home)}
    return subprocess.run(
        [str(bin_dir / "tracetool"), *args], capture_output=True, text=True, env=env, timeout=120
    )


def test_the_desk_install_has_no_server_packages(desk: Path) -> None:
    listed = uv("pip", "list", "--format", "json", "--python", str(desk / "python"))
    names = {p["name"].lower() for p in json.loads(listed.stdout)}
    assert "tracetool" in names and "textual" in names
    assert names & SERVER_PACKAGES == set()


def test_the_desk_install_works_out_of_the_box(desk: Path, tmp_path: Path) -> None:
    version = run(desk, "--version", home=tmp_path)
    assert version.stdout == f"tracetool {tracetool.__version__}\n"
    found = run(desk, "codebook", "search", "flytning", "--json", "-n", "50", home=tmp_path)
    assert found.returncode == 0, found.stderr
    assert "23.05.10" in {hit["nr"] for hit in json.loads(found.stdout)}
    collector = run(desk, "collector", "token", "list", home=tmp_path)
    assert collector.returncode == 1
    assert collector.stderr.count("\n") == 1
    assert "pip install 'tracetool[collector]'" in collector.stderr
    danish = run(desk, "add", "--channel", "TLFIND", home=tmp_path)
    assert "Mangler tilvalg '--task'" in danish.stderr  # the .mo came with the wheel
