"""A collector in its own process on loopback, for tests, benchmarks and local trials.

It is started as ``tracetool collector serve`` exactly as an operator would start it, so what is
tested is the real server (uvicorn, the CLI's options, migrations at start), not an in-process
stand-in.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Sequence
from pathlib import Path
from types import TracebackType

from tracetool.errors import TracetoolError

# The installed command, run by this interpreter (so a test's venv is the server's venv).
_TRACETOOL = (sys.executable, "-c", "from tracetool.cli.main import run; run()")


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def make_token(
    db_url: str, role: str, municipality: int | None = None, unit: str | None = None
) -> str:
    """A new token through the CLI (its last line of stdout)."""
    args = ["collector", "token", "create", "--db", db_url, "--role", role]
    if municipality is not None:
        args += ["--municipality", str(municipality)]
    if unit is not None:
        args += ["--unit", unit]
    done = subprocess.run(
        [*_TRACETOOL, *args],
        capture_output=True,
        text=True,
        check=False,
        env=_env(),
    )
    if done.returncode != 0:
        raise TracetoolError(f"token create failed: {done.stderr.strip()}")
    return done.stdout.strip().splitlines()[-1]


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env.setdefault("PYTHONUNBUFFERED", "1")
    return env


class CollectorProcess:
    """``with CollectorProcess(url) as c: ... c.url ...``; kill() and start() for crash tests."""

    def __init__(
        self,
        db_url: str,
        *,
        port: int | None = None,
        extra: Sequence[str] = (),
        log: Path | None = None,
        ready_timeout: float = 30.0,
    ) -> None:
        self.db_url = db_url
        self.port = port or free_port()
        self.extra = list(extra)
        self.log = log
        self.ready_timeout = ready_timeout
        self.proc: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> CollectorProcess:
        cmd = [
            *_TRACETOOL,
            "collector",
            "serve",
            "--db",
            self.db_url,
            "--host",
            "127.0.0.1",
            "--port",
            str(self.port),
            *self.extra,
        ]
        sink = self.log.open("ab") if self.log else subprocess.DEVNULL
        try:
            self.proc = subprocess.Popen(cmd, stdout=sink, stderr=sink, env=_env())
        finally:
            if self.log:
                sink.close()  # type: ignore[union-attr]
        self.wait_ready()
        return self

    def wait_ready(self) -> None:
        deadline = time.monotonic() + self.ready_timeout
        while time.monotonic() < deadline:
            if self.proc is not None and self.proc.poll() is not None:
                raise TracetoolError(f"the collector exited with {self.proc.returncode}")
            try:
                with urllib.request.urlopen(f"{self.url}/api/v1/health", timeout=1) as r:
                    if r.status == 200:
                        return
            except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
                pass
            time.sleep(0.05)
        raise TracetoolError(f"the collector did not become ready within {self.ready_timeout} s")

    def kill(self) -> None:
        """SIGKILL: no graceful shutdown, as a power cut or an OOM kill would do it."""
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait(timeout=10)

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.kill()
        self.proc = None

    def __enter__(self) -> CollectorProcess:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()
