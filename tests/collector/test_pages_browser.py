"""The pages in a real browser: headless Chromium (Debian's) driven by Playwright, against a real
``tracetool collector serve`` process on PostgreSQL.

Signs in, reads the national overview, sorts the ranking, opens a municipality, downloads an
extract, uploads a file with an error and finds the message at its line, and checks that the
numbers on the pages equal the API's. Screenshots of the main pages are kept under
``out/screens/`` (or $TRACETOOL_ARTIFACTS) for a person to look at.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.collector.dashboard_support import PERIOD, load
from tests.sync.support import pg_url_fixture  # noqa: F401
from tracetool.analysis.report import fmt_int, fmt_pct
from tracetool.collector import auth, synthetic
from tracetool.collector.backends import open_storage
from tracetool.collector.municipalities import NUMBERS
from tracetool.collector.process import CollectorProcess
from tracetool.collector.storage import ANYWHERE

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.pg]

CHROMIUM = os.environ.get("TRACETOOL_CHROMIUM", "/usr/bin/chromium")
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
REPO = Path(__file__).resolve().parents[2]
SHOTS = Path(os.environ.get("TRACETOOL_ARTIFACTS", REPO / "out" / "screens"))
QUERY = "from=2026-10-19&to=2026-11-08"


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not Path(CHROMIUM).exists() and not shutil.which("chromium"):
        if os.environ.get("CI"):
            pytest.fail(f"no chromium at {CHROMIUM}")
        pytest.skip(f"no chromium at {CHROMIUM}")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def site(pg_url: str, tmp_path: Path) -> Iterator[dict[str, Any]]:
    storage = open_storage(pg_url)
    tokens = {}
    for name, role, municipality in (("c259", "coordinator", 259), ("admin", "admin", None)):
        tokens[name] = auth.new_token()
        storage.create_account(auth.hash_token(tokens[name]), role, municipality, None, name)
    # Every municipality counts a little; Køge (259) and a few others count more.
    rows: list[tuple[Any, ...]] = []
    for number, weight in synthetic.municipality_weights():
        n = 600 if number == 259 else 20 * weight
        rows += synthetic.rows(number, n, date(2026, 10, 19), 21, seed=2, test_share=0.02)
    load(storage, rows)
    storage.apply_batch(
        [],
        [
            (f"019a0000-0000-7000-8000-00000000000{i}", 259, "", channel, "IND", "2026-10-19",
             "2026-11-08", count, "test", None, 1, 0)
            for i, (channel, count) in enumerate((("TLFIND", 260), ("PRSNLG", 160)))
        ],
        "test",
        scope=ANYWHERE,
    )  # fmt: skip
    storage.close()
    SHOTS.mkdir(parents=True, exist_ok=True)
    with CollectorProcess(pg_url, log=tmp_path / "collector.log") as server:
        api = httpx.Client(base_url=server.url, timeout=30)
        yield {"url": server.url, "tokens": tokens, "api": api, "tmp": tmp_path}
        api.close()


def _shot(page: Any, name: str) -> None:
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def _bearer(site: dict[str, Any], who: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {site['tokens'][who]}"}


def test_a_project_lead_reads_the_ranking_and_a_coordinator_works_with_the_data(
    browser: Any, site: dict[str, Any]
) -> None:
    base = site["url"]
    api = site["api"]
    overview = api.get("/api/v1/overview", params=PERIOD).json()
    context = browser.new_context(viewport={"width": 1366, "height": 900}, accept_downloads=True)
    page = context.new_page()

    # The public overview: one row per municipality, the figures of the API.
    page.goto(f"{base}/overview?{QUERY}")
    assert page.title().startswith("Landsoverblik")
    rows = page.locator("#ranking tbody tr[data-municipality]")
    assert rows.count() == overview["participating"] == len(NUMBERS)
    koege = next(m for m in overview["municipalities"] if m["municipality"] == 259)
    cells = page.locator('#ranking tr[data-municipality="259"] td[data-metric]')
    shown = dict(
        zip(
            [cells.nth(i).get_attribute("data-metric") for i in range(cells.count())],
            [cells.nth(i).inner_text().splitlines()[0] for i in range(cells.count())],
            strict=True,
        )
    )
    assert shown["n"] == fmt_int(koege["inquiries"])
    assert shown["inbound"] == fmt_int(koege["inbound"])
    assert shown["straks_share"] == fmt_pct(koege["straks_share"])
    assert shown["coverage"] == fmt_pct(koege["coverage"])
    assert page.locator("text=Landsgennemsnit").count() >= 1
    _shot(page, "overview")

    # Sort the ranking by closed-at-once share: highest first, then lowest first.
    page.click('#ranking th a[data-sort="straks_share"]')
    page.wait_for_url(re.compile(r"sort=straks_share"))
    order = [int(x) for x in page.locator("#ranking tbody tr[data-municipality]").evaluate_all(
        "rows => rows.map(r => r.dataset.municipality)")]  # fmt: skip
    shares = {m["municipality"]: m["straks_share"] for m in overview["municipalities"]}
    assert order == sorted(shares, key=lambda m: (-shares[m], m))
    assert page.locator('th[aria-sort="descending"]').count() == 1
    page.click('#ranking th a[data-sort="straks_share"]')
    page.wait_for_url(re.compile(r"dir=asc"))
    assert page.locator('th[aria-sort="ascending"]').count() == 1
    _shot(page, "overview-sorted")

    # Not signed in: a municipality page asks for sign-in first.
    page.goto(f"{base}/municipality/259?{QUERY}")
    assert "/login" in page.url
    _shot(page, "sign-in")
    page.fill("#token", site["tokens"]["c259"])
    page.click("form.login button[type=submit]")
    page.wait_for_url(re.compile(r"/municipality/259"))
    assert page.locator("h1").inner_text().startswith("Køge")
    cookie = next(c for c in context.cookies() if c["name"] == "tt_session")
    assert cookie["httpOnly"] and cookie["sameSite"] == "Strict"

    # The municipality's page: its figures are the API's.
    mine = api.get("/api/v1/dashboard/259", params=PERIOD, headers=_bearer(site, "c259")).json()
    assert page.locator('.card[data-metric="n"] .v').inner_text() == fmt_int(
        mine["figures"]["inquiries"]
    )
    assert page.locator('.card[data-metric="straks_share"] .v').inner_text() == fmt_pct(
        mine["figures"]["straks_share"]
    )
    assert page.locator('.card[data-metric="coverage"] .v').inner_text() == fmt_pct(
        mine["figures"]["coverage"]
    )
    figures = api.get(
        "/api/v1/figures", params={**PERIOD, "municipality": 259}, headers=_bearer(site, "c259")
    ).json()
    assert sum(c["inquiries"] for c in figures["channels"]) == mine["figures"]["inquiries"]
    assert page.locator("#units").inner_text().count("259") >= 3
    _shot(page, "municipality")

    # The extract: one line per inquiry of the period, Køge's only.
    with page.expect_download() as info:
        page.click('a[data-format="dl"]')
    path = info.value.path()
    lines = Path(path).read_bytes().decode("cp1252").splitlines()
    assert lines[0].startswith("Kommune;ID;Enhed;Opgave;Kanal")
    assert len(lines) - 1 == mine["figures"]["inquiries"]
    assert {line.split(";")[1] for line in lines[1:]} == {"259"}

    # An upload with an error: the message stands at its line, and nothing is stored.
    held = api.get("/api/v1/receipt", headers=_bearer(site, "c259")).json()["count"]
    bad = site["tmp"] / "udtraek.csv"
    bad.write_bytes(
        (
            "KommuneID;Enhed;KLE Opgave kode;Henvendelses Kanal;Henvendelses type;Afslutning;"
            "Blanket;Dato\r\n"
            "259;259borgerservice;23.05.10;PRSNLG;VEJL;STRAKS;NEJ;20-10-2026 10:00\r\n"
            "259;259telefon;05.07.00;TLFIND;VEJLEDNING;HOLD;NULL;21-10-2026 11:30\r\n"
        ).encode("cp1252")
    )
    page.click("nav >> text=Upload")
    page.set_input_files('form[action$="/upload/registrations"] input[type=file]', str(bad))
    page.click('form[action$="/upload/registrations"] button[type=submit]')
    page.wait_for_selector("#result .problems")
    problem = page.locator("#result .problems tbody tr").first.inner_text()
    assert problem.startswith("3") and "VEJLEDNING" in problem
    assert "Intet er gemt" in page.locator("#result").inner_text()
    assert api.get("/api/v1/receipt", headers=_bearer(site, "c259")).json()["count"] == held
    _shot(page, "upload-error")

    # English, and the print layout.
    page.goto(f"{base}/municipality/259?{QUERY}&lang=en")
    assert page.locator("h2", has_text="Channels, inbound").count() == 1
    _shot(page, "municipality-en")
    page.emulate_media(media="print")
    page.goto(f"{base}/overview?{QUERY}")
    assert page.locator("header.top").is_hidden()
    _shot(page, "overview-print")
    context.close()


# -- a phone ----------------------------------------------------------------------------------

PHONE = {"width": 390, "height": 844}
# What sticks out of the page at the right: elements wider than the screen that are not inside
# a box that scrolls on its own (a wide table or chart may scroll sideways inside the page).
_WIDER = """() => [...document.querySelectorAll('main *, header *, footer *')]
  .filter(e => e.getBoundingClientRect().right > window.innerWidth + 0.5)
  .filter(e => !e.parentElement.closest('.tbl, .chart, .scroll, .wide'))
  .map(e => `${e.tagName}.${e.className.baseVal ?? e.className}`)"""


@pytest.fixture
def small_site(tmp_path: Path) -> Iterator[dict[str, Any]]:
    """A collector process on SQLite with three municipalities' data and a stored total."""
    from tests.collector.dashboard_support import make_dash

    url = f"sqlite:///{tmp_path / 'collector.db'}"
    made = make_dash(url)
    total = {
        "id": "019a0000-0000-7000-8000-000000000001", "municipality": 259,
        "unit": "259telefon", "channel": "TLFIND", "direction": "IND",
        "from_date": "2026-10-19", "to_date": "2026-11-08", "count": 1000, "source": "cli",
        "created_at": "2026-11-09T08:00:00.000000Z", "revision": 1, "deleted": False,
    }  # fmt: skip
    sent = made.api("c259").post("/api/v1/batch", json={"totals": [total]})
    assert sent.json()["totals"][0]["status"] == "accepted", sent.text
    made.storage.close()
    SHOTS.mkdir(parents=True, exist_ok=True)
    with CollectorProcess(url, log=tmp_path / "collector.log") as server:
        yield {"url": server.url, "tokens": made.tokens, "tmp": tmp_path}


def test_the_pages_fit_a_phone_screen(browser: Any, small_site: dict[str, Any]) -> None:
    base = small_site["url"]
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    bad = small_site["tmp"] / "udtraek.csv"
    bad.write_bytes(
        b"KommuneID;Enhed;KLE Opgave kode;Henvendelses Kanal;Henvendelses type;Afslutning;"
        b"Blanket;Dato\r\n259;259telefon;05.07.00;TLFIND;VEJLEDNING;HOLD;NULL;21-10-2026 11:30\r\n"
    )

    def fits(name: str) -> None:
        _shot(page, f"phone-{name}")
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE["width"], (name, width, page.evaluate(_WIDER))

    page.goto(f"{base}/login")
    fits("sign-in")
    page.fill("#token", small_site["tokens"]["c259"])
    page.click("form.login button[type=submit]")
    page.wait_for_url(re.compile(r"/municipality/259"))
    for name, path in (
        ("overview", f"/overview?{QUERY}"),
        ("municipality", f"/municipality/259?{QUERY}"),
        ("municipality-en", f"/municipality/259?{QUERY}&lang=en"),
        ("upload", "/municipality/259/upload?lang=da"),
    ):
        page.goto(base + path)
        fits(name)
    page.set_input_files('form[action$="/upload/registrations"] input[type=file]', str(bad))
    page.click('form[action$="/upload/registrations"] button[type=submit]')
    page.wait_for_selector("#result .problems")
    fits("upload-error")
    context.close()
