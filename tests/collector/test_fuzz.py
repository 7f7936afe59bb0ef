"""Schema-driven fuzzing of the whole API with schemathesis (every default check, plus the
answer-size check of fuzz_hooks.py) against a real collector process: the published OpenAPI
must say what the API really does. Bounded (examples per operation, a fixed seed) so it runs
in CI in well under a minute.

The pages' JSON twins (tag ``dashboards``: /api/v1/overview, /api/v1/dashboard/M) belong to
the pages and are left out here; see the note in the lead's report.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tracetool.collector.process import CollectorProcess, make_token

EXAMPLES = 15
ROOT = Path(__file__).resolve().parents[2]


def _fuzz(url: str, token: str, out: Path) -> subprocess.CompletedProcess[str]:
    st = Path(sys.executable).with_name("st")
    env = {
        **os.environ,
        "SCHEMATHESIS_HOOKS": "tests.collector.fuzz_hooks",
        "PYTHONPATH": str(ROOT),
    }
    return subprocess.run(
        [str(st), "run", f"{url}/openapi.json", "-H", f"Authorization: Bearer {token}",
         "--checks", "all", "-n", str(EXAMPLES), "--seed", "1", "--no-color",
         "--exclude-tag", "dashboards", "--continue-on-failure",
         "--request-timeout", "30", "--report", "junit", "--report-dir", str(out)],
        capture_output=True, text=True, env=env, cwd=out.parent, timeout=600, check=False,
    )  # fmt: skip


def test_the_api_keeps_its_published_contract(tmp_path: Path) -> None:
    db_url = f"sqlite:///{tmp_path / 'collector.db'}"
    token = make_token(db_url, "coordinator", 259)
    with CollectorProcess(db_url, log=tmp_path / "collector.log") as server:
        done = _fuzz(server.url, token, tmp_path / "report")
    (tmp_path / "fuzz.out").write_text(done.stdout, encoding="utf-8")
    assert done.returncode == 0, done.stdout[-8000:]
    assert " generated" in done.stdout
