"""HTTP to the collector: retries that are safe, refusals that stop at once.

Every request the sync makes is idempotent on the server (a batch sent twice is answered
"duplicate"), so a network error, a 5xx or a 429 is retried with jittered exponential backoff
(stamina), honouring Retry-After. Retrying stops after ``give_up_after`` seconds without an
answer; the window starts again with each answer, so a long sync over a slow line is not cut
short while it makes progress. 401, 403 and other 4xx stop at once: retrying cannot help.
"""

from __future__ import annotations

import email.utils
import json
import logging
import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import httpx
import stamina

from tracetool import __version__ as _version
from tracetool.errors import TracetoolError
from tracetool.locale import translator
from tracetool.sync.protocol import DEVICE_HEADER

_ = translator("core")

# stamina reports each retry through logging; with no handler Python would print it to stderr,
# over the app's screen. We report retries ourselves (on_retry), in Danish.
logging.getLogger("stamina").addHandler(logging.NullHandler())


class SyncError(TracetoolError):
    """The sync stopped: ``kind`` is auth (401/403), refused (other 4xx), gave_up or protocol."""

    def __init__(self, message: str, *, kind: str, status: int | None = None) -> None:
        super().__init__(message)
        self.kind = kind
        self.status = status


@dataclass
class _State:
    attempt: int = 0
    why: str = ""


class _Retry(Exception):
    def __init__(self, why: str, retry_after: float | None = None) -> None:
        super().__init__(why)
        self.why = why
        self.retry_after = retry_after


def retry_after(response: httpx.Response) -> float | None:
    """Retry-After as seconds (it may be a number or an HTTP date)."""
    value = response.headers.get("retry-after")
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - datetime.now(UTC)).total_seconds())


def error_text(response: httpx.Response) -> str:
    """The collector's own words (Danish first), else the status line."""
    try:
        body = response.json()
    except ValueError:
        body = None
    if isinstance(body, dict):
        for key in ("besked", "message", "detail"):
            if isinstance(body.get(key), str) and body[key]:
                return str(body[key])
    return f"HTTP {response.status_code} {response.reason_phrase}".strip()


def _describe(exc: Exception) -> str:
    if isinstance(exc, httpx.ConnectError):
        return _("kan ikke forbinde til serveren")
    if isinstance(exc, httpx.TimeoutException):
        return _("serveren svarede ikke i tide")
    if isinstance(exc, httpx.RemoteProtocolError | httpx.ReadError | httpx.WriteError):
        return "forbindelsen blev afbrudt"
    return _("netværksfejl ({name})").format(name=type(exc).__name__)


class CollectorClient:
    def __init__(
        self,
        server: str,
        token: str | None,
        *,
        device: str | None = None,
        give_up_after: float = 30.0,
        request_timeout: float = 30.0,
        wait_initial: float = 0.2,
        wait_max: float = 5.0,
        wait_jitter: float = 0.5,
        on_retry: Callable[[int, str, float], None] | None = None,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        if not server.startswith(("http://", "https://")):
            raise SyncError(
                _("ugyldig serveradresse {server!r}; skriv fx http://127.0.0.1:8080").format(
                    server=server
                ),
                kind="refused",
            )
        headers = {"User-Agent": f"tracetool/{_version}"}
        if token:
            headers["Authorization"] = f"Bearer {token}"
        if device:
            headers[DEVICE_HEADER] = device
        self.server = server.rstrip("/")
        self.give_up_after = give_up_after
        self.request_timeout = request_timeout
        self.wait_initial = wait_initial
        self.wait_max = wait_max
        self.wait_jitter = wait_jitter
        self.on_retry = on_retry
        self.http = httpx.Client(
            base_url=self.server, headers=headers, timeout=request_timeout, transport=transport
        )

    def close(self) -> None:
        self.http.close()

    def __enter__(self) -> CollectorClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def call(
        self,
        method: str,
        path: str,
        *,
        content: bytes | None = None,
        headers: dict[str, str] | None = None,
        params: dict[str, Any] | None = None,
        ok: tuple[int, ...] = (200, 201),
    ) -> tuple[int, Any]:
        """(status, parsed JSON) of the first answer that is not retryable.

        A status in ``ok`` is returned; 404 too (the caller decides what "none" means); any
        other 4xx raises SyncError at once; network errors, 5xx and 429 are retried.
        """
        start = time.monotonic()
        deadline = start + self.give_up_after
        state = _State()

        def backoff(exc: Exception) -> bool | float:
            remaining = deadline - time.monotonic()
            if not isinstance(exc, _Retry | httpx.TransportError) or remaining <= 0:
                return False
            if isinstance(exc, _Retry) and exc.retry_after is not None:
                if exc.retry_after > remaining:
                    return False  # the server asks for more patience than we have left
                wait = exc.retry_after
            else:
                step = self.wait_initial * 2 ** (state.attempt - 1)
                wait = min(self.wait_max, step) + random.uniform(0, self.wait_jitter)
            wait = min(wait, remaining)
            if self.on_retry is not None:
                self.on_retry(state.attempt, state.why, wait)
            return max(wait, 0.001)

        try:
            for attempt in stamina.retry_context(
                on=backoff, attempts=None, timeout=self.give_up_after + self.wait_max
            ):
                with attempt:
                    state.attempt = attempt.num
                    remaining = deadline - time.monotonic()
                    if remaining <= 0:
                        raise _Retry(state.why or _("ingen tid tilbage"))
                    try:
                        response = self.http.request(
                            method,
                            path,
                            content=content,
                            headers=headers,
                            params=params,
                            timeout=min(self.request_timeout, max(remaining, 0.05)),
                        )
                    except httpx.TransportError as exc:
                        state.why = _describe(exc)
                        raise
                    return self._answer(response, ok, state)
        except (_Retry, httpx.TransportError) as exc:
            why = exc.why if isinstance(exc, _Retry) else _describe(exc)
            waited = time.monotonic() - start
            raise SyncError(
                _("gav op efter {waited:.0f} s uden svar fra {server}: {why}").format(
                    waited=waited, server=self.server, why=why
                ),
                kind="gave_up",
            ) from exc
        raise AssertionError("unreachable")  # pragma: no cover

    def _answer(
        self, response: httpx.Response, ok: tuple[int, ...], state: _State
    ) -> tuple[int, Any]:
        status = response.status_code
        if status == 429 or status >= 500:
            why = f"serveren svarede {status}: {error_text(response)}"
            state.why = why
            raise _Retry(why, retry_after(response))
        if status in ok or status == 404:
            try:
                return status, response.json() if response.content else None
            except ValueError as exc:
                state.why = _("ufuldstændigt svar fra serveren")
                raise _Retry(state.why) from exc
        if status in (401, 403):
            what = _("adgangsnøglen blev afvist") if status == 401 else _("adgang nægtet")
            raise SyncError(
                f"{what} ({status}): {error_text(response)}", kind="auth", status=status
            )
        raise SyncError(
            _("serveren afviste forespørgslen ({status}): {response}").format(
                status=status, response=error_text(response)
            ),
            kind="refused",
            status=status,
        )

    def get(self, path: str, **params: Any) -> tuple[int, Any]:
        return self.call("GET", path, params={k: v for k, v in params.items() if v is not None})

    def post_json(self, path: str, body: bytes, *, gzip: bool = False) -> tuple[int, Any]:
        headers = {"Content-Type": "application/json"}
        if gzip:
            headers["Content-Encoding"] = "gzip"
        return self.call("POST", path, content=body, headers=headers)


def dumps(data: Any) -> bytes:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()
