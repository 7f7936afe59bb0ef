"""How the sync client behaves when the collector is away, slow, busy or refuses: it retries
what may be retried (honouring Retry-After), gives up in bounded time with everything still
pending, and stops at once on 401, 403 and other 4xx.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from typer.testing import CliRunner

from tests.sync.support import FaultProxy, make_desk, sync
from tracetool import locale, paths
from tracetool.cli.main import app
from tracetool.collector.process import CollectorProcess, free_port, make_token
from tracetool.sync import config
from tracetool.sync.client import CollectorClient, SyncError, retry_after
from tracetool.sync.engine import SyncFailed

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[CollectorProcess, str]]:
    folder = tmp_path_factory.mktemp("collector")
    url = f"sqlite:///{folder / 'collector.db'}"
    with CollectorProcess(url, log=folder / "collector.log") as server:
        yield server, url


def test_gives_up_in_bounded_time_and_keeps_everything_pending(tmp_path: Path) -> None:
    desk = make_desk(tmp_path / "desk")
    desk.add(5)
    start = time.monotonic()
    with pytest.raises(SyncFailed) as caught:
        sync(desk, f"http://127.0.0.1:{free_port()}", "tt_x", give_up_after=1.5)
    took = time.monotonic() - start
    assert 1.4 <= took < 5, took
    assert caught.value.kind == "gave_up"
    assert "gav op efter" in str(caught.value) and "kan ikke forbinde" in str(caught.value)
    assert desk.pending() == 5 and caught.value.summary.pending == 5


def test_the_cli_gives_up_with_a_clear_message(tmp_path: Path) -> None:
    desk = make_desk(paths.home())
    desk.add(3)
    result = CliRunner().invoke(
        app,
        ["sync", "--server", f"http://127.0.0.1:{free_port()}", "--token", "tt_x",
         "--give-up-after", "1"],
    )  # fmt: skip
    assert result.exit_code == 1
    assert "gav op efter" in result.output and "intet er tabt" in result.output
    assert desk.pending() == 3


@pytest.mark.parametrize(
    ("who", "status", "words"),
    [
        ("garbage", 401, "adgangsnøglen blev afvist"),
        ("foreign", 403, "adgang nægtet"),
    ],
)
def test_stops_at_once_on_401_and_403(
    served: tuple[CollectorProcess, str], tmp_path: Path, who: str, status: int, words: str
) -> None:
    server, url = served
    token = "tt_" + "y" * 43 if who == "garbage" else make_token(url, "registrant", 260)
    desk = make_desk(tmp_path / "desk")
    desk.add(4)
    start = time.monotonic()
    with pytest.raises(SyncFailed) as caught:
        sync(desk, server.url, token, give_up_after=20)
    assert time.monotonic() - start < 3
    assert caught.value.kind == "auth" and caught.value.status == status
    assert words in str(caught.value)
    assert desk.pending() == 4


def test_stops_at_once_on_another_4xx(served: tuple[CollectorProcess, str], tmp_path: Path) -> None:
    server, url = served
    token = make_token(url, "registrant", 259)
    proxy = FaultProxy(server.port, [("pass", 0), ("status", 400)])
    desk = make_desk(tmp_path / "desk")
    desk.add(4)
    try:
        with pytest.raises(SyncFailed) as caught:
            sync(desk, proxy.url, token, give_up_after=20)
    finally:
        proxy.close()
    assert caught.value.kind == "refused" and caught.value.status == 400
    assert proxy.seen == ["pass", "status"]  # no retry
    assert desk.pending() == 4


def test_retries_5xx_and_429_and_honours_retry_after(
    served: tuple[CollectorProcess, str], tmp_path: Path
) -> None:
    server, url = served
    token = make_token(url, "registrant", 259)
    desk = make_desk(tmp_path / "desk")
    desk.add(6)
    proxy = FaultProxy(server.port, [("status", 503), ("status", 429), ("drop", 0)])
    try:
        summary = sync(desk, proxy.url, token, give_up_after=10)
    finally:
        proxy.close()
    assert summary.pending == 0 and summary.accepted == 6
    assert proxy.seen[:4] == ["status", "status", "drop", "pass"]


def test_retry_after_is_read_as_seconds_or_a_date() -> None:
    def response(value: str) -> httpx.Response:
        return httpx.Response(429, headers={"Retry-After": value})

    assert retry_after(response("2")) == 2.0
    later = time.strftime("%a, %d %b %Y %H:%M:%S GMT", time.gmtime(time.time() + 30))
    assert 25 < (retry_after(response(later)) or 0) <= 31
    assert retry_after(httpx.Response(503)) is None


def test_a_long_retry_after_is_waited_for(tmp_path: Path) -> None:
    """A server that says "come back in 1 s" gets exactly that pause, not a hammering."""
    hits: list[float] = []

    def handler(request: httpx.Request) -> httpx.Response:
        hits.append(time.monotonic())
        if len(hits) == 1:
            return httpx.Response(429, headers={"Retry-After": "1"}, json={"besked": "vent"})
        return httpx.Response(200, json={"ok": True})

    with CollectorClient(
        "http://collector.test", "tt_x", transport=httpx.MockTransport(handler), give_up_after=5
    ) as client:
        assert client.get("/api/v1/limits") == (200, {"ok": True})
    assert len(hits) == 2 and 0.95 <= hits[1] - hits[0] < 2.0
    with CollectorClient(
        "http://collector.test",
        "tt_x",
        transport=httpx.MockTransport(
            lambda r: httpx.Response(429, headers={"Retry-After": "60"}, json={"besked": "vent"})
        ),
        give_up_after=5,
    ) as client:
        start = time.monotonic()
        with pytest.raises(Exception, match="gav op"):
            client.get("/api/v1/limits")
        assert time.monotonic() - start < 1  # 60 s is past the give-up bound: say so now


def test_config_keeps_other_tables_and_is_owner_only(tmp_path: Path) -> None:
    target = tmp_path / "config.toml"
    target.write_text(
        'top = 1\n\n[app]\ntheme = "dark"\n\n[sync]\ngive_up_after = 12\nserver = "old"\n'
    )
    config.save("http://127.0.0.1:1", 'tt_"quoted"', target)
    loaded = config.load(target)
    assert loaded == config.SyncConfig("http://127.0.0.1:1", 'tt_"quoted"', 12.0)
    text = target.read_text()
    assert text.startswith('top = 1\n\n[app]\ntheme = "dark"\n')
    assert target.stat().st_mode & 0o777 == 0o600


def test_a_bad_server_address_is_said_in_the_language_spoken() -> None:
    with locale.speaking("en"), pytest.raises(SyncError) as english:
        CollectorClient("127.0.0.1:8080", None)
    assert str(english.value) == (
        "invalid server address '127.0.0.1:8080'; write e.g. http://127.0.0.1:8080"
    )
    with pytest.raises(SyncError) as danish:
        CollectorClient("127.0.0.1:8080", None)
    assert str(danish.value).startswith("ugyldig serveradresse '127.0.0.1:8080'")
