"""The dashboards on SQLite and PostgreSQL: rollups kept exactly by ingest (corrections and
deletions included), figures equal to the registrations themselves, who may see which page and
download, sessions, uploads with their per-line messages, and the language switch."""

from __future__ import annotations

import random
import re
from datetime import date, timedelta
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.collector.dashboard_support import PERIOD, Dash, dash_fixture, load  # noqa: F401
from tests.sync.support import db_url_fixture, pg_url_fixture  # noqa: F401
from tracetool import timeutil
from tracetool.collector import rollup, synthetic
from tracetool.collector.backends import open_storage
from tracetool.collector.dashboard import Dashboard, _months, channel_rows
from tracetool.collector.period import Period
from tracetool.collector.storage import ANYWHERE, SqlStorage

# -- rollups ---------------------------------------------------------------------------------


def _rebuilt(storage: SqlStorage) -> dict[str, Any]:
    with storage._write() as tx:
        rollup.rebuild(tx, storage.dialect)
        return rollup.snapshot(tx)


def _kept(storage: SqlStorage) -> dict[str, Any]:
    with storage._read() as tx:
        return rollup.snapshot(tx)


def _bump(row: tuple[Any, ...], rng: random.Random) -> tuple[Any, ...]:
    """A correction: next revision, with some codes, the unit or the time changed."""
    out = list(row)
    out[15] += 1
    choice = rng.randrange(6)
    if choice == 0:
        out[3], out[4], out[8] = "UD", "PPRUD", "NEJ"
    elif choice == 1:
        out[7] = "HOLD" if out[7] == "STRAKS" else "STRAKS"
    elif choice == 2:
        out[2] = "259ny"
    elif choice == 3:
        moved = timeutil.from_db(out[10]) + timedelta(hours=rng.randrange(1, 200))
        out[10] = timeutil.to_db(moved)
        out[9] = None
    elif choice == 4:
        out[16] = 1  # a deletion (tombstone)
    else:
        out[13] = 1 - out[13]  # into or out of test mode
        out[14] = rng.randrange(1, 5)  # and a mass count
    return tuple(out)


def test_rollups_follow_every_batch_exactly(db_url: str) -> None:
    storage = open_storage(db_url)
    rng = random.Random(7)
    try:
        rows = list(synthetic.rows(259, 300, date(2026, 3, 23), 14, seed=3, test_share=0.1))
        rows += list(synthetic.rows(260, 100, date(2026, 3, 23), 14, seed=3))
        load(storage, rows)
        assert _kept(storage) == _rebuilt(storage)
        current = {r[0]: r for r in rows}
        for _ in range(4):
            ids = rng.sample(sorted(current), 60)
            batch = []
            for rid in ids:
                new = _bump(current[rid], rng)
                current[rid] = new
                batch.append(new)
            # Stale revisions, exact duplicates and an id twice in one batch change nothing
            # more than their newest version.
            batch += [rows[0], current[ids[0]]]
            twice = _bump(current[ids[1]], rng)
            current[ids[1]] = twice
            batch.append(twice)
            rng.shuffle(batch)
            storage.apply_batch(batch, [], "test", scope=ANYWHERE)
            assert _kept(storage) == _rebuilt(storage)
        with storage._read() as tx:
            live = tx.one(
                "SELECT COALESCE(SUM(count), 0) FROM registration"
                " WHERE deleted = 0 AND test_mode = 0"
            )
            rolled = tx.one("SELECT COALESCE(SUM(n), 0) FROM dash_day WHERE test = 0")
        assert live is not None and rolled is not None and int(live[0]) == int(rolled[0])
    finally:
        storage.close()


@given(
    start=st.integers(0, 200),
    length=st.integers(0, 200),
)
@settings(max_examples=60, deadline=None)
def test_month_tiers_cover_each_day_once(start: int, length: int) -> None:
    first = date(2026, 1, 1) + timedelta(days=start)
    period = Period(first, first + timedelta(days=length))
    days, months = _months(period)
    covered: list[date] = []
    for a, b in days:
        d = date.fromisoformat(a)
        while d <= date.fromisoformat(b):
            covered.append(d)
            d += timedelta(days=1)
    if months:
        m = date.fromisoformat(months[0] + "-01")
        while m.isoformat()[:7] <= months[1]:
            nxt = (m.replace(day=28) + timedelta(days=4)).replace(day=1)
            d = m
            while d < nxt:
                covered.append(d)
                d += timedelta(days=1)
            m = nxt
    assert sorted(covered) == [period.start + timedelta(days=i) for i in range(period.days)]


def test_month_tier_sums_equal_day_sums(tmp_path: Any) -> None:
    storage = open_storage(f"sqlite:///{tmp_path / 'c.db'}")
    try:
        load(storage, synthetic.rows(259, 600, date(2026, 1, 20), 120, seed=5))
        period = Period(date(2026, 1, 25), date(2026, 4, 10))
        with storage._read() as tx:
            tiered = channel_rows(tx, period)
            by_day = tx.all(
                "SELECT SUM(n) FROM dash_day WHERE test = 0 AND day >= ? AND day <= ?",
                ["2026-01-25", "2026-04-10"],
            )
        assert sum(r[4] for r in tiered) == int(by_day[0][0]) > 0
    finally:
        storage.close()


# -- figures against the registrations --------------------------------------------------------


def _raw(storage: SqlStorage, municipality: int, period: Period) -> dict[str, int]:
    start = timeutil.to_db(timeutil.day_start_utc(period.start))
    end = timeutil.to_db(timeutil.day_start_utc(period.end + timedelta(days=1)))
    with storage._read() as tx:
        row = tx.one(
            "SELECT COALESCE(SUM(count), 0),"
            " COALESCE(SUM(CASE WHEN direction = 'IND' THEN count ELSE 0 END), 0),"
            " COALESCE(SUM(CASE WHEN closing = 'STRAKS' THEN count ELSE 0 END), 0),"
            " COALESCE(SUM(CASE WHEN form = 'JA' THEN count ELSE 0 END), 0)"
            " FROM registration WHERE municipality = ? AND saved_at >= ? AND saved_at < ?"
            " AND deleted = 0 AND test_mode = 0",
            [municipality, start, end],
        )
    assert row is not None
    return {"n": int(row[0]), "inbound": int(row[1]), "straks": int(row[2]), "ja": int(row[3])}


def test_overview_and_page_figures_equal_the_registrations(dash: Dash) -> None:
    period = Period(date(2026, 10, 19), date(2026, 11, 8))
    overview = dash.api(None).get("/api/v1/overview", params=PERIOD).json()
    assert overview["participating"] == 3
    by_number = {m["municipality"]: m for m in overview["municipalities"]}
    for number in (259, 260, 101):
        raw = _raw(dash.storage, number, period)
        got = by_number[number]
        assert (got["inquiries"], got["inbound"], got["straks"], got["form_yes"]) == (
            raw["n"], raw["inbound"], raw["straks"], raw["ja"]
        )  # fmt: skip
        # The collector's own figures endpoint reads the registration table directly.
        figures = dash.api("admin").get(
            "/api/v1/figures", params={**PERIOD, "municipality": number}
        )
        assert figures.status_code == 200
        assert sum(c["inquiries"] for c in figures.json()["channels"]) == got["inquiries"]
    page = dash.api("c259").get("/api/v1/dashboard/259", params=PERIOD).json()
    assert page["figures"]["inquiries"] == by_number[259]["inquiries"]
    assert (
        sum(page["by_day"].values())
        == sum(page["by_hour"].values())
        == page["figures"]["inquiries"]
    )
    assert sum(u["inquiries"] for u in page["units"]) == page["figures"]["inquiries"]
    assert sum(page["types"].values()) == page["figures"]["inquiries"]
    assert overview["national"]["inquiries"] == sum(m["inquiries"] for m in by_number.values())


def test_test_mode_never_counts_in_published_figures(dash: Dash) -> None:
    before = dash.api(None).get("/api/v1/overview", params=PERIOD).json()
    load(dash.storage, synthetic.rows(260, 50, date(2026, 10, 20), 3, seed=9, test_share=1.0))
    after = dash.api(None).get("/api/v1/overview", params=PERIOD).json()
    assert after == before
    c260 = dash.api("c260")
    own = c260.get("/api/v1/dashboard/260", params={**PERIOD, "include_test": "true"}).json()
    plain = c260.get("/api/v1/dashboard/260", params=PERIOD).json()
    start = timeutil.to_db(timeutil.day_start_utc(date(2026, 10, 19)))
    end = timeutil.to_db(timeutil.day_start_utc(date(2026, 11, 9)))
    with dash.storage._read() as tx:
        row = tx.one(
            "SELECT SUM(count) FROM registration WHERE municipality = 260 AND test_mode = 1"
            " AND deleted = 0 AND saved_at >= ? AND saved_at < ?",
            [start, end],
        )
    assert row is not None and int(row[0]) >= 50
    assert own["figures"]["inquiries"] == plain["figures"]["inquiries"] + int(row[0])
    assert own["distance"] == plain["distance"]


def test_ranking_sorts_and_marks_the_average(dash: Dash) -> None:
    http = dash.client()
    html = http.get("/overview", params={**PERIOD, "sort": "straks_share", "dir": "asc"}).text
    order = [int(m) for m in re.findall(r'<tr data-municipality="(\d+)"', html)]
    api = dash.api(None).get("/api/v1/overview", params=PERIOD).json()["municipalities"]
    shares = {m["municipality"]: m["straks_share"] for m in api}
    assert order == sorted(shares, key=lambda m: (shares[m], m))
    assert 'aria-sort="ascending"' in html
    assert "Landsgennemsnit" in html
    # Units never appear on the overview.
    assert "borgerservice" not in html and "telefon" not in html.replace("Telefon", "")


# -- who sees what ----------------------------------------------------------------------------

# Status per viewer: anon (no session), c259 and c260 (coordinators), admin.
PAGES = """
path                                       anon c259 c260 admin
/overview                                  200  200  200  200
/api/v1/overview                           200  200  200  200
/municipality/259                          303  200  403  200
/municipality/260                          303  403  200  200
/municipality/259/upload                   303  200  403  200
/municipality/259/download?format=dl       303  200  403  200
/municipality/259/download?format=upload   303  200  403  200
/municipality/259/download?format=xlsx     303  200  403  200
/municipality/260/download?format=dl       303  403  200  200
"""


def _matrix(text: str) -> list[tuple[str, dict[str, int]]]:
    lines = [line.split() for line in text.strip().splitlines()]
    who = lines[0][1:]
    return [(path, dict(zip(who, map(int, codes), strict=True))) for path, *codes in lines[1:]]


def test_every_page_and_download_by_viewer(dash: Dash) -> None:
    clients = {
        "anon": dash.client(),
        "c259": dash.client("c259"),
        "c260": dash.client("c260"),
        "admin": dash.client("admin"),
    }
    for path, expected in _matrix(PAGES):
        sep = "&" if "?" in path else "?"
        for who, status in expected.items():
            r = clients[who].get(f"{path}{sep}from=2026-10-19&to=2026-11-08")
            assert r.status_code == status, (path, who, r.status_code, r.text[:300])
            if status == 303:
                assert r.headers["location"].startswith("/login?next=")
            if status == 200 and "download" in path:
                m = int(path.split("/")[2])
                if "xlsx" not in path:
                    body = r.content.decode("cp1252")
                    numbers = {
                        line.split(";")[1 if "dl" in path else 0] for line in body.splitlines()[1:]
                    }
                    assert numbers == {str(m)}, (path, who, numbers)


def test_a_coordinator_never_sees_another_municipalitys_units(dash: Dash) -> None:
    c259 = dash.client("c259")
    own = c259.get("/municipality/259", params=PERIOD).text
    assert "259borgerservice" in own and "260borgerservice" not in own
    other = c259.get("/municipality/260", params=PERIOD)
    assert other.status_code == 403 and "260borgerservice" not in other.text
    for anyone in (dash.client(), c259, dash.client("admin")):
        overview = anyone.get("/overview", params=PERIOD).text
        assert not re.search(r"\d{3}(borgerservice|telefon|jobcenter|teknik|social)", overview)
    # The overview links only the municipalities the viewer may open.
    assert 'href="/municipality/259?' in c259.get("/overview", params=PERIOD).text
    assert 'href="/municipality/260?' not in c259.get("/overview", params=PERIOD).text
    assert 'href="/municipality/' not in dash.client().get("/overview", params=PERIOD).text


API_MATRIX = """
path                       anon r259 c259 c260 admin
/api/v1/dashboard/259      401  403  200  403  200
/api/v1/dashboard/260      401  403  403  200  200
"""


def test_dashboard_api_by_token(dash: Dash) -> None:
    lines = [line.split() for line in API_MATRIX.strip().splitlines()]
    who = lines[0][1:]
    for path, *codes in lines[1:]:
        for name, code in zip(who, map(int, codes), strict=True):
            r = dash.api(None if name == "anon" else name).get(path, params=PERIOD)
            assert r.status_code == code, (path, name, r.text[:200])
            if code >= 400:
                assert r.json()["besked"]


def test_posts_need_a_session_the_csrf_token_and_this_origin(dash: Dash) -> None:
    anon = dash.client()
    csv_file = {"file": ("x.csv", b"KommuneID;Enhed\n", "text/csv")}
    r = anon.post("/municipality/259/upload/registrations", files=csv_file)
    assert r.status_code == 303
    c260 = dash.client("c260")
    r = c260.post("/municipality/259/upload/registrations", files=csv_file)
    assert r.status_code == 403
    c259 = dash.client("c259")
    r = c259.post("/municipality/259/upload/registrations", files=csv_file, data={"csrf": "x"})
    assert r.status_code == 403
    token = _csrf(c259)
    r = c259.post(
        "/municipality/259/totals",
        data={"csrf": token, "channel": "TLFIND", "from": "2026-10-19", "to": "2026-10-25",
              "count": "100"},
        headers={"Origin": "http://evil.example"},
    )  # fmt: skip
    assert r.status_code == 403
    r = c260.post("/municipality/259/totals/whatever/delete", data={"csrf": _csrf(c260)})
    assert r.status_code == 403


def _csrf(http: Any, municipality: int | None = None) -> str:
    page = http.get("/overview").text
    found = re.search(r'name="csrf" value="([^"]+)"', page)
    assert found, page[:500]
    return found.group(1)


# -- sessions ---------------------------------------------------------------------------------


def test_session_cookie_is_httponly_strict_expiring_and_secure_over_https(dash: Dash) -> None:
    http = dash.client(base_url="https://testserver")
    r = http.post("/login", data={"token": dash.tokens["c259"]})
    assert r.status_code == 303 and r.headers["location"] == "/municipality/259"
    cookie = r.headers["set-cookie"].lower()
    for part in ("httponly", "samesite=strict", "max-age=28800", "secure", "path=/"):
        assert part in cookie, cookie
    assert dash.tokens["c259"] not in r.headers["set-cookie"]
    plain = dash.client().post("/login", data={"token": dash.tokens["c259"]})
    assert "secure" not in plain.headers["set-cookie"].lower()


def test_sign_in_refuses_registrants_and_unknown_tokens(dash: Dash) -> None:
    http = dash.client()
    for token, text in ((dash.tokens["r259"], "Kun tovholder"), ("tt_nope", "ukendt")):
        r = http.post("/login", data={"token": token})
        assert r.status_code == 401 and text in r.text
        assert "set-cookie" not in r.headers


def test_revoking_the_token_or_expiry_or_sign_out_ends_the_session(dash: Dash) -> None:
    http = dash.client("c259")
    assert http.get("/municipality/259").status_code == 200
    dash.storage.revoke_account(dash.ids["c259"])
    assert http.get("/municipality/259").status_code == 303
    admin = dash.client("admin")
    assert admin.get("/municipality/259").status_code == 200
    with dash.storage._write() as tx:
        tx.execute("UPDATE web_session SET expires_at = ?", ["2000-01-01T00:00:00.000000Z"])
    assert admin.get("/municipality/259").status_code == 303
    admin = dash.client("admin")
    r = admin.post("/logout", data={"csrf": _csrf(admin)})
    assert r.status_code == 303
    assert admin.get("/municipality/259").status_code == 303
    with dash.storage._read() as tx:
        left = tx.one("SELECT COUNT(*) FROM web_session WHERE expires_at > ?", ["2001"])
    assert left is not None and int(left[0]) == 0


def test_the_language_follows_the_query_then_the_cookie(dash: Dash) -> None:
    http = dash.client()
    da = http.get("/overview", params=PERIOD)
    assert '<html lang="da"' in da.text and "Henvendelser pr. kommune" in da.text
    en = http.get("/overview", params={**PERIOD, "lang": "en"})
    assert '<html lang="en"' in en.text and "Inquiries per municipality" in en.text
    assert "tt_lang=en" in en.headers["set-cookie"]
    assert "Inquiries per municipality" in http.get("/overview", params=PERIOD).text


def test_pages_ship_everything_and_forbid_scripts(dash: Dash) -> None:
    http = dash.client("c259")
    for path in ("/overview", "/municipality/259", "/municipality/259/upload", "/login"):
        r = http.get(path, params=PERIOD)
        assert r.status_code == 200
        assert "script-src" not in r.headers["content-security-policy"]
        assert "default-src 'none'" in r.headers["content-security-policy"]
        assert "<script" not in r.text
        assert not re.search(r'(src|href)="https?://', r.text), path
    css = http.get("/static/collector.css")
    assert css.status_code == 200 and css.headers["content-type"].startswith("text/css")
    assert "@media print" in css.text and "http" not in css.text


def test_weeks_and_bad_periods(dash: Dash) -> None:
    http = dash.client()
    r = http.get("/overview", params={"year": "2026", "weeks": "43-45"})
    assert r.status_code == 200 and "Uge 43–45 2026" in r.text
    r = http.get("/overview", params={"from": "2026-11-08", "to": "2026-10-19"})
    assert r.status_code == 400 and "fra-datoen ligger efter til-datoen" in r.text
    r = dash.api(None).get("/api/v1/overview", params={"from": "nonsense"})
    assert r.status_code == 400 and r.json()["error"] == "bad_period"


# -- uploads ----------------------------------------------------------------------------------

HEADER = (
    "KommuneID;Enhed;KLE Opgave kode;Henvendelses Kanal;Henvendelses type;Afslutning;Blanket;Dato"
)


def _upload(rows: list[str]) -> bytes:
    return ("\r\n".join([HEADER, *rows]) + "\r\n").encode("cp1252")


GOOD = [
    "259;259borgerservice;23.05.10;PRSNLG;VEJL;STRAKS;NEJ;20-10-2026 10:00",
    "259;259borgerservice;23.05.10;PRSNLG;VEJL;STRAKS;NEJ;20-10-2026 10:00",
    "259;259telefon;05.07.00;TLFIND;INFO;HOLD;NULL;21-10-2026 11:30",
]


def _held(dash: Dash) -> int:
    with dash.storage._read() as tx:
        row = tx.one("SELECT COUNT(*) FROM registration WHERE municipality = 259")
    assert row is not None
    return int(row[0])


def test_upload_with_an_error_stores_nothing_and_names_the_line(dash: Dash) -> None:
    http = dash.client("c259")
    csrf = _csrf(http)
    before = _held(dash)
    bad = [*GOOD, "259;259telefon;05.07.00;TLFXX;INFO;HOLD;NULL;21-10-2026 11:30"]
    r = http.post(
        "/municipality/259/upload/registrations",
        files={"file": ("udtraek.csv", _upload(bad), "text/csv")},
        data={"csrf": csrf},
    )
    assert r.status_code == 422
    row = re.search(
        r"<tr><td class=\"num\">5</td><td>([^<]+)</td><td>TLFXX</td><td>([^<]+)</td>", r.text
    )
    assert row, r.text[-3000:]
    assert "Intet er gemt" in r.text and _held(dash) == before
    foreign = [*GOOD, "260;260telefon;05.07.00;TLFIND;INFO;HOLD;NULL;21-10-2026 11:30"]
    r = http.post(
        "/municipality/259/upload/registrations",
        files={"file": ("udtraek.csv", _upload(foreign), "text/csv")},
        data={"csrf": csrf},
    )
    assert r.status_code == 422 and "kun have registreringer for kommune 259" in r.text
    assert '<td class="num">5</td><td>KommuneID</td><td>260</td>' in r.text
    assert _held(dash) == before


def test_upload_stores_all_once(dash: Dash) -> None:
    http = dash.client("c259")
    csrf = _csrf(http)
    before = _held(dash)
    page = dash.api("c259").get("/api/v1/dashboard/259", params=PERIOD).json()
    for expected_new, expected_old in ((3, 0), (0, 3)):
        r = http.post(
            "/municipality/259/upload/registrations",
            files={"file": ("udtraek.csv", _upload(GOOD), "text/csv")},
            data={"csrf": csrf},
        )
        assert r.status_code == 200, r.text[-2000:]
        assert f"Gemt: {expected_new} nye registreringer; {expected_old} fandtes" in r.text
    assert _held(dash) == before + 3
    after = dash.api("c259").get("/api/v1/dashboard/259", params=PERIOD).json()
    assert after["figures"]["inquiries"] == page["figures"]["inquiries"] + 3


def test_totals_form_csv_overlap_and_delete(dash: Dash) -> None:
    http = dash.client("c259")
    csrf = _csrf(http)
    r = http.post(
        "/municipality/259/totals",
        data={"csrf": csrf, "channel": "TLFIND", "unit": "", "from": "2026-10-19",
              "to": "2026-11-08", "count": "1000"},
    )  # fmt: skip
    assert r.status_code == 200 and "Gemt: 1 totaltal" in r.text
    page = dash.api("c259").get("/api/v1/dashboard/259", params=PERIOD).json()
    phone = [c for c in page["coverage"] if c["channel"] == "TLFIND"]
    registered = sum(c["inquiries"] for c in page["channels"] if c["channel"] == "TLFIND")
    assert phone and phone[0]["total"] == 1000 and phone[0]["registered"] == registered
    overview = dash.api(None).get("/api/v1/overview", params=PERIOD).json()
    mine = next(m for m in overview["municipalities"] if m["municipality"] == 259)
    assert mine["coverage_totals"] == 1000 and mine["coverage_registered"] == registered
    bad = http.post(
        "/municipality/259/totals",
        files={"file": ("t.csv", b"Kanal;Enhed;Fra;Til;Antal\nTLFIND;;25-10-2026;30-10-2026;5\n"
                        b"XXX;;25-10-2026;30-10-2026;5\n", "text/csv")},
        data={"csrf": csrf},
    )  # fmt: skip
    assert bad.status_code == 422 and "linje 3, kolonne Kanal" in bad.text
    overlap = http.post(
        "/municipality/259/totals",
        files={"file": ("t.csv", b"Kanal;Enhed;Fra;Til;Antal\nTLFIND;;25-10-2026;30-10-2026;5\n",
                        "text/csv")},
        data={"csrf": csrf},
    )  # fmt: skip
    assert overlap.status_code == 422
    assert "linje 2, kolonne Fra" in overlap.text and "overlapper" in overlap.text
    tid = re.search(r"/municipality/259/totals/([^/]+)/delete", r.text)
    assert tid
    gone = http.post(f"/municipality/259/totals/{tid.group(1)}/delete", data={"csrf": csrf})
    assert gone.status_code == 303
    page = dash.api("c259").get("/api/v1/dashboard/259", params=PERIOD).json()
    assert page["coverage"] == []


def test_dashboard_class_reads_one_snapshot(dash: Dash) -> None:
    board = Dashboard(dash.storage)
    latest = board.latest_day()
    assert latest is not None and date(2026, 10, 19) <= latest <= date(2026, 11, 8)


def test_upgrading_a_collector_with_data_fills_the_rollups(
    db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tracetool.collector import storage as storage_module

    monkeypatch.setattr(storage_module, "MIGRATIONS", storage_module.MIGRATIONS[:1])
    old = open_storage(db_url)
    try:
        with old._write() as tx:
            for row in synthetic.rows(259, 120, date(2026, 10, 19), 7, seed=4):
                tx.execute(
                    f"INSERT INTO registration ({storage_module.REG_STORED_COLS}) VALUES"
                    f" ({', '.join('?' for _ in range(24))})",
                    [*row, 0, 0, "old", row[10], row[10]],
                )
    finally:
        old.close()
    monkeypatch.undo()
    upgraded = open_storage(db_url)
    try:
        kept = _kept(upgraded)
        assert sum(v[1] for v in kept["dash_day"].values()) == 120
        assert kept == _rebuilt(upgraded)
    finally:
        upgraded.close()
