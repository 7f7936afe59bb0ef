"""Hostile and careless input against a real collector process on SQLite and PostgreSQL: never a
500, never a truncated answer that looks whole, never an answer that echoes a huge value; a bad
row is ``invalid`` and never fails its neighbours; the token API refuses what the CLI refuses.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest

from tests.sync.support import module_db_url_fixture, registration, total  # noqa: F401
from tracetool.collector.process import CollectorProcess, make_token
from tracetool.store.registrations import COLUMNS, to_row

API = "/api/v1"
BIG = 2**64 * 10  # beyond any database integer
NESTED = "[" * 100_000 + "]" * 100_000


@dataclass
class Collector:
    http: httpx.Client
    tokens: dict[str, str]

    def call(self, method: str, path: str, who: str | None = "admin", **kw: Any) -> httpx.Response:
        headers = dict(kw.pop("headers", {}))
        if who is not None:
            headers["Authorization"] = f"Bearer {self.tokens[who]}"
        return self.http.request(method, f"{API}{path}", headers=headers, **kw)


@pytest.fixture(scope="module")
def collector(module_db_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Collector]:
    db_url = module_db_url
    tmp_path = tmp_path_factory.mktemp("log")
    tokens = {
        "admin": make_token(db_url, "admin"),
        "c259": make_token(db_url, "coordinator", 259),
        "r259u": make_token(db_url, "registrant", 259, "259telefon"),
    }
    with (
        CollectorProcess(db_url, log=tmp_path / "collector.log") as server,
        httpx.Client(base_url=server.url, timeout=60) as http,
    ):
        yield Collector(http, tokens)


def _refused(response: httpx.Response, *statuses: int) -> dict[str, Any]:
    """A clear JSON refusal: one of ``statuses``, error/message/besked, and a short body."""
    assert response.status_code in statuses, (response.status_code, response.text[:300])
    assert len(response.content) < 4096, len(response.content)
    body: dict[str, Any] = response.json()
    assert body["error"] and body["message"] and body["besked"], body
    return body


def _row(n: int, **kw: Any) -> list[Any]:
    values = dict(zip(COLUMNS, to_row(registration(n)), strict=True))
    return list({**values, **kw}.values())


def _batch(*rows: list[Any]) -> bytes:
    # Written by hand so that lone surrogates travel as the JSON escapes a client would send.
    return json.dumps({"registrations": {"columns": list(COLUMNS), "rows": list(rows)}}).encode()


QUERIES = [
    "/export?from=9999-12-31",
    "/export?to=9999-12-31",
    "/export?from=0001-01-01",
    "/export?from=2026-13-01",
    "/figures?from=9999-12-31&to=9999-12-31",
    "/figures?to=0001-01-01",
    f"/receipt?municipality={BIG}",
    f"/export?municipality={BIG}",
    f"/figures?municipality={BIG}",
    f"/plan?municipality={BIG}",
    f"/receipt?unit={'x' * 5000}",
    "/receipt?unit=%00",
    f"/dashboard/{BIG}",
    f"/dashboard/{-BIG}",
]


@pytest.mark.parametrize("query", QUERIES)
def test_no_query_string_reaches_a_500(collector: Collector, query: str) -> None:
    _refused(collector.call("GET", query), 400, 422)


def test_the_public_overview_refuses_dates_out_of_range(collector: Collector) -> None:
    for query in ("from=9999-12-31", "to=9999-12-31", "from=0001-01-01&to=0001-01-07"):
        _refused(collector.call("GET", f"/overview?{query}", None), 400, 422)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("saved_at", "9999-12-31T23:59:59.999999Z"),
        ("saved_at", "0001-01-01T00:00:00.000000Z"),
        ("started_at", "0001-01-01T00:00:00.000000Z"),
        ("unit", "259\x00telefon"),
        ("unit", "\ud800"),
        ("import_key", "a\x00b"),
        ("device", "\udfff"),
        ("answers", '{"koen": "K\\u0000"}'),
        ("answers", {"koen": "\ud800"}),
        ("answers", {"koen": {"a": [[[[1]]]]}}),
        ("count", BIG),
        ("revision", BIG),
        ("municipality", BIG),
        ("task", "23.05.10\x00"),
    ],
)
def test_a_bad_row_is_invalid_and_never_fails_its_neighbours(
    collector: Collector, field: str, value: Any
) -> None:
    good = _row(1)
    bad = _row(2, **{field: value})
    response = collector.call("POST", "/batch", content=_batch(good, bad), who="admin")
    assert response.status_code == 200, response.text[:300]
    answers = response.json()["registrations"]
    assert [a["status"] for a in answers] == ["accepted", "invalid"], answers
    assert answers[1]["reason"]


def test_a_bad_total_is_invalid_and_never_fails_its_neighbours(collector: Collector) -> None:
    bads = [
        total(2, unit="\x00"),
        total(3, from_date="9999-12-31", to_date="9999-12-31"),
        total(4, count=BIG),
        total(5, source="\ud800"),
        total(6, created_at="x\x00"),
    ]
    body = json.dumps({"totals": [total(21), *bads]}).encode()
    response = collector.call("POST", "/totals", content=body, who="c259")
    assert response.status_code == 200, response.text[:300]
    statuses = [a["status"] for a in response.json()["totals"]]
    assert statuses == ["accepted"] + ["invalid"] * len(bads), response.text[:500]


def test_overlapping_totals_inside_one_batch_are_refused(collector: Collector) -> None:
    """What the pages' upload refuses, the API refuses: two totals for the same channel, unit
    and overlapping days would count the same inquiries twice."""
    body = {"totals": [total(31), total(32, from_date="2026-10-20", to_date="2026-10-22")]}
    response = collector.call("POST", "/totals", json=body, who="c259")
    statuses = [a["status"] for a in response.json()["totals"]]
    assert statuses == ["accepted", "invalid"], response.text[:500]


def test_deep_json_is_a_clear_400(collector: Collector) -> None:
    _refused(collector.call("POST", "/batch", content=NESTED.encode()), 400, 422)
    _refused(collector.call("POST", "/totals", content=NESTED.encode()), 400, 422)
    deep_plan = ("a = " + "[" * 50_000 + "]" * 50_000 + "\n").encode()
    _refused(collector.call("PUT", "/plan", content=deep_plan, who="c259"), 400)


def test_an_error_quotes_only_a_short_prefix_of_a_huge_value(collector: Collector) -> None:
    huge = "x" * 2_000_000
    response = collector.call("POST", "/batch", content=_batch(_row(1, unit=huge)))
    assert response.status_code in (200, 413), response.status_code
    assert len(response.content) < 4096, len(response.content)
    response = collector.call("GET", f"/receipt?unit={'u' * 6000}", who="r259u")
    _refused(response, 400, 403, 422)


@pytest.mark.parametrize(
    ("body", "why"),
    [
        ({"role": "coordinator", "municipality": BIG}, "municipality"),
        ({"role": "registrant", "municipality": 10**20}, "municipality"),
        ({"role": "registrant", "municipality": 5}, "municipality"),
        ({"role": "coordinator", "municipality": 259, "unit": "259telefon"}, "unit"),
        ({"role": "admin", "municipality": 259}, "municipality"),
        ({"role": "registrant", "municipality": 259, "note": "n" * 100_000}, "note"),
        ({"role": "registrant", "municipality": 259, "unit": "a\x00"}, "unit"),
        ({"role": "registrant", "municipality": 259, "note": "\ud800"}, "note"),
    ],
)
def test_the_token_api_refuses_what_the_cli_refuses(
    collector: Collector, body: dict[str, Any], why: str
) -> None:
    sent = json.dumps(body).encode()  # lone surrogates as the \\u escapes a client sends
    headers = {"Content-Type": "application/json"}
    found = _refused(collector.call("POST", "/tokens", content=sent, headers=headers), 422)
    assert why in found["message"]


def test_a_revoked_token_gets_the_same_401_as_an_unknown_one(collector: Collector) -> None:
    made = collector.call("POST", "/tokens", json={"role": "registrant", "municipality": 259})
    token, account = made.json()["token"], made.json()["account"]
    assert collector.call("DELETE", f"/tokens/{account['id']}").status_code == 200
    collector.tokens["revoked"] = token
    collector.tokens["unknown"] = "tt_" + "x" * 43
    revoked = collector.call("GET", "/whoami", who="revoked")
    unknown = collector.call("GET", "/whoami", who="unknown")
    assert revoked.status_code == unknown.status_code == 401
    assert revoked.json() == unknown.json()
    assert revoked.headers["www-authenticate"] == unknown.headers["www-authenticate"]
