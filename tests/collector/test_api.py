"""The collector's HTTP API in process (FastAPI's TestClient), on SQLite and on PostgreSQL:
who may do what (the whole matrix), what a batch answers, and bad input refused with a clear
JSON error and nothing stored.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.helpers import PLAN
from tests.sync.support import (  # noqa: F401
    db_url_fixture,
    pg_url_fixture,
    registration,
    total,
)
from tracetool.collector import auth
from tracetool.collector.app import Limits, create_app
from tracetool.collector.backends import open_storage
from tracetool.collector.storage import Scope, SqlStorage
from tracetool.plan import writing
from tracetool.store.registrations import COLUMNS, to_row
from tracetool.sync.protocol import checksum

API = "/api/v1"


@dataclass
class Server:
    http: TestClient
    storage: SqlStorage
    tokens: dict[str, str]
    ids: dict[str, str]

    def call(self, method: str, path: str, who: str | None, **kw: Any) -> Any:
        headers = dict(kw.pop("headers", {}))
        if who == "basic":
            headers["Authorization"] = "Basic dXNlcjpwdw=="
        elif who is not None:
            headers["Authorization"] = f"Bearer {self.tokens[who]}"
        return self.http.request(method, f"{API}{path}", headers=headers, **kw)


def _wire(i: int, **kw: Any) -> list[Any]:
    """One registration as the sync client sends it (the store's row)."""
    return list(to_row(registration(i, **kw)))


def batch(*rows: list[Any]) -> dict[str, Any]:
    return {"registrations": {"columns": list(COLUMNS), "rows": list(rows)}}


@pytest.fixture
def server(db_url: str) -> Iterator[Server]:
    storage = open_storage(db_url)
    tokens: dict[str, str] = {}
    ids: dict[str, str] = {}
    for name, role, municipality, unit in (
        ("r259u", "registrant", 259, "259telefon"),
        ("r259", "registrant", 259, None),
        ("c259", "coordinator", 259, None),
        ("c260", "coordinator", 260, None),
        ("admin", "admin", None, None),
        ("revoked", "registrant", 259, "259telefon"),
        ("spare259", "registrant", 259, None),
        ("spare260", "registrant", 260, None),
    ):
        tokens[name] = auth.new_token()
        ids[name] = storage.create_account(
            auth.hash_token(tokens[name]), role, municipality, unit, name
        ).id
    storage.revoke_account(ids["revoked"])
    tokens["garbage"] = "tt_" + "x" * 43
    limits = Limits(max_rows=50, max_bytes=64 * 1024, max_decompressed_bytes=256 * 1024)
    with TestClient(create_app(storage, limits)) as http:
        yield Server(http, storage, tokens, ids)
    storage.close()


def _refusal(response: Any, status: int) -> None:
    assert response.status_code == status, (response.status_code, response.text)
    body = response.json()
    assert body["error"] and body["message"] and body["besked"], body
    if status == 401:
        assert response.headers["www-authenticate"] == "Bearer"


ALL = ("r259u", "r259", "c259", "c260", "admin", "revoked", "garbage", "basic", None)

# The rules of tracetool.collector.auth as a table: the status each valid token gets. Tokens:
# r259u a registrant of 259 bound to unit 259telefon, r259 one for all of 259, c259 and c260
# coordinators of 259 and 260, and an admin. Bodies (own-unit etc.) are made in the test.
MATRIX = """
method path               body                 params                r259u r259 c259 c260 admin
GET    /whoami            -                    -                     200   200  200  200  200
POST   /batch             own-unit             -                     200   200  200  403  200
POST   /batch             other-unit           -                     403   200  200  403  200
POST   /batch             other-municipality   -                     403   403  403  200  200
POST   /batch             totals-259           -                     403   403  200  403  200
POST   /totals            totals-only-260      -                     403   403  403  200  200
GET    /receipt           -                    -                     200   200  200  200  200
GET    /receipt           -                    unit=259borgerservice 403   200  200  200  200
GET    /receipt           -                    municipality=260      403   403  403  200  200
GET    /export            -                    -                     403   403  200  200  200
GET    /export            -                    municipality=260      403   403  403  200  200
GET    /figures           -                    -                     403   403  200  200  200
GET    /figures           -                    municipality=260      403   403  403  200  200
PUT    /plan              plan-259             -                     403   403  201  403  201
PUT    /plan              plan-260             -                     403   403  403  201  201
GET    /plan              -                    -                     200   200  200  200  400
GET    /plan              -                    municipality=260      403   403  403  200  200
GET    /tokens            -                    -                     403   403  200  200  200
POST   /tokens            token-registrant-259 -                     403   403  201  403  201
POST   /tokens            token-admin          -                     403   403  403  403  201
DELETE /tokens/{spare259} -                    -                     403   403  200  403  200
DELETE /tokens/{spare260} -                    -                     403   403  403  200  200
"""


def _matrix() -> list[tuple[str, str, str | None, dict[str, Any], dict[str | None, int]]]:
    lines = [line.split() for line in MATRIX.strip().splitlines()]
    who = lines[0][4:]
    cases = []
    for method, path, body, params, *codes in lines[1:]:
        query = dict(p.split("=") for p in params.split("&")) if params != "-" else {}
        expected: dict[str | None, int] = dict(zip(who, map(int, codes), strict=True))
        cases.append((method, path, None if body == "-" else body, query, expected))
    return cases


def test_the_whole_authorization_matrix(server: Server) -> None:
    """Every token kind against every endpoint; every refusal 401/403 with a JSON reason."""
    plan_259 = writing.dump_plan(PLAN)
    plan_260 = plan_259.replace("municipality = 259", "municipality = 260", 1)
    assert plan_260 != plan_259
    n = iter(range(1000))

    def reg_batch(**kw: Any) -> dict[str, Any]:
        return batch(_wire(next(n), **kw))

    cases = _matrix()
    bodies: dict[str, Any] = {
        "own-unit": lambda: reg_batch(unit="259telefon"),
        "other-unit": lambda: reg_batch(unit="259borgerservice"),
        "other-municipality": lambda: reg_batch(municipality=260, unit="260telefon"),
        "totals-259": lambda: {"totals": [total(next(n))]},
        "totals-only-260": lambda: {"totals": [total(next(n), municipality=260)]},
        "plan-259": lambda: plan_259,
        "plan-260": lambda: plan_260,
        "token-registrant-259": lambda: {"role": "registrant", "municipality": 259},
        "token-admin": lambda: {"role": "admin"},
    }
    failures = []
    for method, path, body_name, params, allowed in cases:
        for who in ALL:
            # Every case also runs with a revoked, an unknown, a non-Bearer and no token: 401.
            expected = allowed.get(who, 401)
            kw: dict[str, Any] = {"params": params}
            if body_name is not None:
                body = bodies[body_name]()
                if isinstance(body, str):
                    kw["content"] = body.encode()
                else:
                    kw["json"] = body
            response = server.call(method, path.format(**server.ids), who, **kw)
            if response.status_code != expected:
                failures.append(
                    f"{method} {path} {params} as {who}: {response.status_code} != {expected}"
                )
            elif expected in (401, 403):
                _refusal(response, expected)
    assert not failures, "\n".join(failures)
    # Revoking works from the next request on.
    assert server.call("GET", "/whoami", "spare259").status_code == 401


def test_public_endpoints_and_openapi(server: Server) -> None:
    for path in ("/health", "/limits"):
        assert server.call("GET", path, None).status_code == 200
    assert server.http.get("/docs").status_code == 200
    spec = server.http.get("/openapi.json").json()
    body = spec["paths"]["/api/v1/batch"]["post"]["requestBody"]
    assert body["content"]["application/json"]["schema"]["$ref"].endswith("BatchIn")
    assert "RegistrationIn" in spec["components"]["schemas"]
    limits = server.call("GET", "/limits", None).json()
    assert limits["max_rows"] == 50 and limits["registration_columns"] == list(COLUMNS)


def test_a_batch_answers_every_item(server: Server) -> None:
    first = _wire(1)
    stale_base = _wire(2)
    response = server.call("POST", "/batch", "r259u", json=batch(first, stale_base))
    assert response.status_code == 200
    assert [r["status"] for r in response.json()["registrations"]] == ["accepted", "accepted"]

    corrected = list(first)
    corrected[COLUMNS.index("type")] = "INFO"
    corrected[COLUMNS.index("revision")] = 2
    changed_same_rev = list(stale_base)
    changed_same_rev[COLUMNS.index("closing")] = "STRAKS" if stale_base[7] == "HOLD" else "HOLD"
    unknown_code = _wire(3)
    unknown_code[COLUMNS.index("channel")] = "FAXIND"
    bad_time = _wire(4)
    bad_time[COLUMNS.index("saved_at")] = "21-10-2026 09:00"
    response = server.call(
        "POST",
        "/batch",
        "r259u",
        json=batch(first, corrected, first, changed_same_rev, unknown_code, bad_time),
    )
    answers = response.json()["registrations"]
    assert [a["status"] for a in answers] == [
        "duplicate", "updated", "conflict", "conflict", "invalid", "invalid",
    ]  # fmt: skip
    assert "version 2" in answers[2]["reason"]
    assert "kanalkode" in answers[4]["reason"] and "FAXIND" in answers[4]["reason"]
    assert "saved_at" in answers[5]["reason"]
    assert response.json()["summary"] == {
        "accepted": 0, "duplicate": 1, "updated": 1, "conflict": 2, "invalid": 2,
    }  # fmt: skip

    held = server.storage.receipt(Scope(259))
    assert held.count == 2
    # The correction kept its earlier version in the history.
    with server.storage._read() as tx:
        history = tx.all("SELECT id, revision FROM registration_history")
        stored = tx.one("SELECT type, revision FROM registration WHERE id = ?", [first[0]])
    assert history == [(first[0], 1)]
    assert stored == ("INFO", 2)


def test_objects_are_accepted_as_well_as_columns(server: Server) -> None:
    wire = _wire(5)
    row = dict(zip(COLUMNS, wire, strict=True))
    row["answers"] = json.loads(row["answers"])
    row["test_mode"] = bool(row["test_mode"])
    row["deleted"] = False
    response = server.call("POST", "/batch", "r259u", json={"registrations": [row]})
    assert response.json()["registrations"][0]["status"] == "accepted"
    again = server.call("POST", "/batch", "r259u", json=batch(wire))
    assert again.json()["registrations"][0]["status"] == "duplicate"  # same content, other shape
    odd = dict(row, id="019a0000-0000-7000-8000-00000000abcd", colour="blue")
    bad = server.call("POST", "/batch", "r259u", json={"registrations": [odd]})
    assert bad.json()["registrations"][0]["status"] == "invalid"
    assert "colour" in bad.json()["registrations"][0]["reason"]


def test_receipt_counts_rows_and_matches_a_client_checksum(server: Server) -> None:
    rows = [_wire(i) for i in range(20)]
    deleted = list(rows[3])
    deleted[COLUMNS.index("deleted")] = 1
    deleted[COLUMNS.index("revision")] = 2
    server.call(
        "POST", "/batch", "r259", json=batch(*rows), headers={"X-Tracetool-Device": "desk-a"}
    )
    server.call(
        "POST", "/batch", "r259", json=batch(deleted), headers={"X-Tracetool-Device": "desk-a"}
    )
    receipt = server.call("GET", "/receipt", "r259u", params={"origin": "desk-a"}).json()
    live = [r for r in rows if r[0] != deleted[0]]
    n, digest = checksum((r[0], r[15]) for r in live)
    assert receipt["count"] == n == 19
    assert receipt["checksum"] == digest
    assert receipt["test_count"] == sum(r[13] for r in live)  # test mode included
    assert receipt["inquiries"] == sum(r[14] for r in live)
    assert receipt["scope"] == {"municipality": 259, "unit": "259telefon", "origin": "desk-a"}
    other = server.call("GET", "/receipt", "r259u", params={"origin": "desk-b"}).json()
    assert other["count"] == 0


def test_export_leaves_out_test_mode_and_deletions_unless_asked(server: Server) -> None:
    rows = [_wire(i) for i in range(30)]
    gone = list(rows[1])
    gone[COLUMNS.index("deleted")], gone[COLUMNS.index("revision")] = 1, 2
    server.call("POST", "/batch", "c259", json=batch(*rows))
    server.call("POST", "/batch", "c259", json=batch(gone))
    plain = server.call("GET", "/export", "c259", params={"from": "2026-10-19", "to": "2026-10-19"})
    assert plain.headers["content-type"].startswith("application/x-ndjson")
    lines = [json.loads(line) for line in plain.text.splitlines()]
    assert {x["id"] for x in lines} == {r[0] for r in rows if not r[13] and r[0] != gone[0]}
    assert all(set(x) == set(COLUMNS) for x in lines)
    with_test = server.call(
        "GET", "/export", "c259", params={"include_test": "true", "include_deleted": "true"}
    )
    assert len(with_test.text.splitlines()) == 30
    empty = server.call("GET", "/export", "c259", params={"from": "2026-10-20"})
    assert empty.text == ""
    # The KOMHEN files come from the desk's own exporter: a mass registration is N rows.
    dl = server.call("GET", "/export", "c259", params={"format": "dl"})
    assert dl.status_code == 200, dl.text
    dl_lines = dl.content.decode("cp1252").splitlines()
    assert dl_lines[0].startswith("Kommune;ID;Enhed;Opgave;Kanal;Type;Afslutning;Blanket;Dato")
    assert len(dl_lines) - 1 == sum(x["count"] for x in lines)
    upload = server.call("GET", "/export", "c259", params={"format": "upload", "to": "2026-10-18"})
    assert upload.status_code == 200 and len(upload.content.splitlines()) == 1  # the header
    _refusal(server.call("GET", "/export", "c259", params={"format": "pdf"}), 400)
    figures = server.call("GET", "/figures", "c259").json()
    assert sum(c["registrations"] for c in figures["channels"]) == len(lines)


def test_totals_are_stored_corrected_and_checked(server: Server) -> None:
    first = total(1)
    answer = server.call("POST", "/totals", "c259", json={"totals": [first]}).json()
    assert answer["totals"][0]["status"] == "accepted"
    again = server.call("POST", "/batch", "c259", json={"totals": [first]}).json()
    assert again["totals"][0]["status"] == "duplicate"
    fixed = dict(first, count=1300, revision=2)
    bad = total(2, channel="FAXIND")
    both = server.call("POST", "/batch", "c259", json={"totals": [fixed, bad]}).json()
    assert [t["status"] for t in both["totals"]] == ["updated", "invalid"]
    assert "FAXIND" in both["totals"][1]["reason"]
    assert server.call("GET", "/receipt", "c259").json()["totals"] == 1


def test_plans_are_versioned_and_checked(server: Server) -> None:
    text = writing.dump_plan(PLAN)
    first = server.call("PUT", "/plan", "c259", content=text.encode())
    assert first.status_code == 201 and first.json()["version"] == 1
    same = server.call("PUT", "/plan", "c259", content=text.encode())
    assert same.json()["version"] == 1  # the same text is not a new version
    second = server.call("PUT", "/plan", "c259", content=(text + "\n# ny\n").encode())
    assert second.json()["version"] == 2
    fetched = server.call("GET", "/plan", "r259u").json()
    assert fetched["version"] == 2 and fetched["text"].endswith("# ny\n")
    broken = server.call("PUT", "/plan", "c259", content=b"municipality = 259\nunit = [")
    _refusal(broken, 400)
    invalid = server.call("PUT", "/plan", "c259", content=b"municipality = 259\n")
    _refusal(invalid, 400)
    assert invalid.json()["problems"]
    assert server.call("GET", "/plan", "c260").status_code == 404


# -- bad input: a clear JSON error and nothing stored ---------------------------------------


def _stored(server: Server) -> int:
    with server.storage._read() as tx:
        row = tx.one("SELECT COUNT(*) FROM registration")
    return int(row[0]) if row else 0


BAD_INPUT = [
    ("malformed json", 400, "malformed_json"),
    ("not an object", 422, "bad_request_shape"),
    ("unknown key", 422, "bad_request_shape"),
    ("wrong columns", 422, "bad_request_shape"),
    ("wrong municipality", 403, "forbidden"),
    ("too many rows", 413, "too_large"),
    ("too many bytes", 413, "too_large"),
    ("gzip bomb", 413, "too_large"),
    ("bad gzip", 400, "bad_gzip"),
    ("truncated gzip", 400, "bad_gzip"),
    ("unknown encoding", 415, "unsupported_encoding"),
    ("wrong token", 401, "unauthenticated"),
    ("revoked token", 401, "unauthenticated"),
]


def test_bad_input_is_refused_and_nothing_is_stored(server: Server) -> None:
    failures = [f for case, status, code in BAD_INPUT if (f := _bad(server, case, status, code))]
    assert not failures, "\n".join(failures)


def _bad(server: Server, case: str, status: int, code: str) -> str | None:
    good = batch(_wire(1), _wire(2))
    who = "r259u"
    headers: dict[str, str] = {"Content-Type": "application/json"}
    content: bytes = json.dumps(good).encode()
    if case == "malformed json":
        content = content[:-3]
    elif case == "not an object":
        content = b"[1, 2, 3]"
    elif case == "unknown key":
        content = json.dumps({**good, "extra": 1}).encode()
    elif case == "wrong columns":
        content = json.dumps({"registrations": {"columns": ["id"], "rows": [["x"]]}}).encode()
    elif case == "wrong municipality":
        content = json.dumps(batch(_wire(1), _wire(2, municipality=260))).encode()
    elif case == "too many rows":
        content = json.dumps(batch(*[_wire(i) for i in range(51)])).encode()
    elif case == "too many bytes":
        big = _wire(1)
        big[COLUMNS.index("import_key")] = "k" * 150
        content = json.dumps(batch(*[big] * 49)).encode() + b" " * 70_000
    elif case == "gzip bomb":
        content = gzip.compress(b" " * (50 * 1024 * 1024) + json.dumps(good).encode())
        assert len(content) < 64 * 1024
        headers["Content-Encoding"] = "gzip"
    elif case == "bad gzip":
        headers["Content-Encoding"] = "gzip"
    elif case == "truncated gzip":
        content = gzip.compress(content)[:-12]
        headers["Content-Encoding"] = "gzip"
    elif case == "unknown encoding":
        headers["Content-Encoding"] = "br"
    elif case == "wrong token":
        who = "garbage"
    elif case == "revoked token":
        who = "revoked"
    response = server.call("POST", "/batch", who, content=content, headers=headers)
    try:
        _refusal(response, status)
        assert response.json()["error"] == code
        assert _stored(server) == 0
    except AssertionError as exc:
        return f"{case}: {exc}"
    return None
