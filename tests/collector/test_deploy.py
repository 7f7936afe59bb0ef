"""The collector as a project lead deploys it, over HTTP against real ``collector serve``
processes: several workers, /metrics summed over them, JSON access logs, a batch in flight that
finishes on SIGTERM, and API docs that need nothing from outside the machine."""

from __future__ import annotations

import json
import os
import re
import signal
import sqlite3
import threading
import time
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.sync.support import registration
from tracetool.collector.process import CollectorProcess, make_token
from tracetool.store.registrations import COLUMNS, to_row

API = "/api/v1"


def batch(first: int, n: int) -> dict[str, Any]:
    rows = [list(to_row(registration(i))) for i in range(first, first + n)]
    return {"registrations": {"columns": list(COLUMNS), "rows": rows}}


def sample(metrics: str, name: str, **labels: str) -> float:
    """The value of one sample in Prometheus' text format; 0 when it is not there."""
    wanted = ",".join(f'{k}="{v}"' for k, v in sorted(labels.items()))
    for line in metrics.splitlines():
        m = re.fullmatch(rf"{name}(?:\{{(.*)\}})? (\S+)", line)
        if m and ",".join(sorted((m.group(1) or "").split(","))) == wanted:
            return float(m.group(2))
    return 0.0


def stored(db_url: str) -> int:
    with sqlite3.connect(db_url.removeprefix("sqlite:///")) as conn:
        return int(conn.execute("SELECT count(*) FROM registration").fetchone()[0])


def workers_of(pid: int) -> int:
    """Processes the server started to take requests (uvicorn spawns them)."""
    children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    cmdlines = [Path(f"/proc/{c}/cmdline").read_bytes() for c in children]
    return sum(1 for cmd in cmdlines if b"spawn_main" in cmd)


@pytest.fixture
def db(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'collector.db'}"


def test_two_workers_serve_and_metrics_add_up_over_both(db: str, tmp_path: Path) -> None:
    token = make_token(db, "registrant", 259)
    headers = {"Authorization": f"Bearer {token}"}
    log = tmp_path / "serve.log"
    with CollectorProcess(db, extra=["--workers", "2"], log=log) as server:
        assert server.proc is not None
        assert workers_of(server.proc.pid) == 2
        for k in range(6):  # a new connection each, so both workers take some
            answer = httpx.post(
                f"{server.url}{API}/batch", json=batch(k * 50, 50), headers=headers, timeout=30
            )
            assert answer.status_code == 200, answer.text
        text = httpx.get(f"{server.url}/metrics").text
        again = httpx.get(f"{server.url}/metrics").text
    assert "2 proces(ser)" in log.read_text(encoding="utf-8")
    sent = 300
    assert stored(db) == sent
    for metrics in (text, again):  # whichever worker answered, the sums are the same
        accepted = sample(metrics, "tracetool_rows_total", kind="registration", status="accepted")
        assert accepted == sent
        route = {"method": "POST", "route": f"{API}/batch", "status": "200"}
        assert sample(metrics, "tracetool_http_requests_total", **route) == 6
        assert sample(metrics, "tracetool_batch_seconds_count") == 6
        assert sample(metrics, "tracetool_database_errors_total") == 0


def test_json_access_log_has_one_object_a_request(db: str, tmp_path: Path) -> None:
    log = tmp_path / "serve.log"
    extra = ["--access-log", "--log-format", "json"]
    with CollectorProcess(db, extra=extra, log=log) as server:
        assert httpx.get(f"{server.url}/metrics").status_code == 200
        assert httpx.get(f"{server.url}{API}/nope").status_code == 404
    lines = [json.loads(line) for line in log.read_text().splitlines() if line.startswith("{")]
    access = [line for line in lines if line["logger"] == "uvicorn.access"]
    assert {(a["method"], a["path"], a["status"]) for a in access} >= {
        ("GET", "/metrics", 200),
        ("GET", f"{API}/nope", 404),
    }
    assert all({"time", "level", "client", "http_version"} <= set(a) for a in access)


def test_sigterm_lets_a_batch_in_flight_finish(db: str) -> None:
    token = make_token(db, "registrant", 259)
    body = json.dumps(batch(0, 10_000)).encode()
    answers: list[httpx.Response] = []
    server = CollectorProcess(db, extra=["--graceful-timeout", "60"]).start()
    try:

        def post() -> None:
            headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
            answers.append(
                httpx.post(f"{server.url}{API}/batch", content=body, headers=headers, timeout=60)
            )

        sender = threading.Thread(target=post)
        sender.start()
        time.sleep(0.3)  # the body is on its way or being stored
        assert server.proc is not None
        server.proc.send_signal(signal.SIGTERM)
        sender.join(timeout=90)
        # uvicorn raises the signal again once it has shut down gracefully.
        assert server.proc.wait(timeout=60) in (0, -signal.SIGTERM)
    finally:
        server.stop()
    assert len(answers) == 1 and answers[0].status_code == 200, answers
    statuses = [item["status"] for item in answers[0].json()["registrations"]]
    assert statuses.count("accepted") == 10_000
    assert stored(db) == 10_000


class _Assets(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in ("src", "href") and value:
                self.urls.append(value)


@pytest.mark.parametrize("page", ["/docs", "/redoc"])
def test_api_docs_load_every_asset_from_the_collector_itself(db: str, page: str) -> None:
    with CollectorProcess(db) as server:
        html = httpx.get(f"{server.url}{page}").text
        assets = _Assets()
        assets.feed(html)
        assert assets.urls, html
        for url in assets.urls:
            assert url.startswith("/"), f"{page} loads {url} from elsewhere"
            got = httpx.get(f"{server.url}{url}")
            assert got.status_code == 200 and len(got.content) > 100, url
        assert "cdn" not in html.lower() and "fonts.googleapis" not in html


CHROMIUM = os.environ.get("TRACETOOL_CHROMIUM", "/usr/bin/chromium")


@pytest.mark.browser
def test_swagger_ui_renders_in_chromium_with_the_outside_world_shut_off(db: str) -> None:
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            pytest.fail(f"no chromium at {CHROMIUM}")
        pytest.skip(f"no chromium at {CHROMIUM}")
    sync_api = pytest.importorskip("playwright.sync_api")
    outside: list[str] = []

    def only_loopback(route: Any) -> None:
        if route.request.url.startswith("http://127.0.0.1:"):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    with CollectorProcess(db) as server, sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        try:
            page = browser.new_page()
            page.route("**/*", only_loopback)
            page.goto(f"{server.url}/docs")
            page.wait_for_selector(".opblock-summary-path", timeout=30_000)
            paths = page.locator(".opblock-summary-path").all_inner_texts()
            title = page.inner_text(".swagger-ui .info .title")
        finally:
            browser.close()
    assert "TraceTool collector" in title
    assert f"{API}/batch" in {p.replace("\u200b", "") for p in paths}
    assert outside == []


def test_rows_are_counted_once_when_two_apps_share_a_storage(db: str) -> None:
    from fastapi.testclient import TestClient
    from prometheus_client import REGISTRY

    from tracetool.collector import auth
    from tracetool.collector.app import create_app
    from tracetool.collector.backends import open_storage

    storage = open_storage(db)
    token = auth.new_token()
    storage.create_account(auth.hash_token(token), "registrant", 259, None, "t")
    labels = {"kind": "registration", "status": "accepted"}
    before = REGISTRY.get_sample_value("tracetool_rows_total", labels) or 0
    try:
        create_app(storage)
        with TestClient(create_app(storage)) as http:
            answer = http.post(
                f"{API}/batch", json=batch(0, 7), headers={"Authorization": f"Bearer {token}"}
            )
            assert answer.status_code == 200, answer.text
    finally:
        storage.close()
    assert REGISTRY.get_sample_value("tracetool_rows_total", labels) == before + 7


@pytest.mark.slow
def test_a_database_error_is_counted(db: str) -> None:
    token = make_token(db, "registrant", 259)
    with CollectorProcess(db) as server:
        blocker = sqlite3.connect(db.removeprefix("sqlite:///"), isolation_level=None)
        blocker.execute("BEGIN EXCLUSIVE")  # the collector waits out its busy timeout (30 s)
        try:
            answer = httpx.post(
                f"{server.url}{API}/batch",
                json=batch(0, 3),
                headers={"Authorization": f"Bearer {token}"},
                timeout=90,
            )
        finally:
            blocker.execute("ROLLBACK")
            blocker.close()
        metrics = httpx.get(f"{server.url}/metrics").text
    assert answer.status_code == 503, answer.text
    assert sample(metrics, "tracetool_database_errors_total") == 1
    route = {"method": "POST", "route": f"{API}/batch", "status": "503"}
    assert sample(metrics, "tracetool_http_requests_total", **route) == 1
    assert stored(db) == 0
