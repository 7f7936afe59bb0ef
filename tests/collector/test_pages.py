"""The collector's pages as a user meets them when something is off: HTML error pages (never
JSON) for a wrong address, a bad value or a database that is gone; a delete that asks first and
never reports success for what is not the coordinator's; upload problems in the page's language;
every value a person typed escaped by the templates. Over SQLite and PostgreSQL, through the real
app (TestClient), with real sign-in, sessions and CSRF tokens."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from dataclasses import replace
from datetime import timedelta
from pathlib import Path
from typing import Any

from tests.collector.dashboard_support import PERIOD, Dash, dash_fixture, make_dash  # noqa: F401
from tests.sync.support import db_url_fixture, pg_url_fixture, registration  # noqa: F401
from tracetool.collector.problems_en import english
from tracetool.collector.storage import Scope
from tracetool.store.registrations import COLUMNS, to_row


def _html(r: Any) -> str:
    assert r.headers["content-type"].startswith("text/html"), (r.status_code, r.text[:300])
    assert "<!DOCTYPE html>" in r.text and "<script" not in r.text
    return str(r.text)


def _csrf(http: Any) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', http.get("/overview").text)
    assert found
    return found.group(1)


# -- error pages ------------------------------------------------------------------------------


def test_pages_answer_html_error_pages_and_the_api_json(dash: Dash) -> None:
    http = dash.client("admin")
    r = http.get("/no-such-page")
    assert r.status_code == 404 and "Siden findes ikke" in _html(r)
    r = http.get("/no-such-page", params={"lang": "en"})
    assert r.status_code == 404 and "No such page" in _html(r)
    # A municipality number that is no number, and one beyond any municipality.
    r = http.get("/municipality/abc")
    assert r.status_code == 422 and "municipality" in _html(r) and "abc" in r.text
    r = http.get("/municipality/99999999999999999999", params=PERIOD)
    assert r.status_code == 404 and "99999999999999999999" in _html(r)
    r = http.get("/municipality/259/totals")  # a form's address, opened as a page
    assert r.status_code == 405 and "allow" in r.headers
    _html(r)
    # The API keeps its JSON errors.
    r = dash.api("admin").get("/api/v1/no-such-thing")
    assert r.status_code == 404 and r.json()["error"] == "http_404"
    r = dash.api("admin").get("/api/v1/dashboard/abc")
    assert r.status_code == 422 and r.json()["error"] == "bad_request"


def test_a_page_answers_503_as_html_when_the_database_cannot_be_opened(tmp_path: Path) -> None:
    made = make_dash(f"sqlite:///{tmp_path / 'collector.db'}", rows=20)
    try:
        anon = made.client()
        assert anon.get("/overview", params=PERIOD).status_code == 200
        # The file goes away (a disk unmounted, a folder moved): every connection a request
        # opens now fails. The pages' threads open their own connections, as a server's do.
        made.storage.close()
        shutil.move(tmp_path / "collector.db", tmp_path / "moved.db")
        (tmp_path / "collector.db").mkdir()
        r = anon.get("/overview", params={**PERIOD, "lang": "en"})
        assert r.status_code == 503 and r.headers["retry-after"]
        assert "database" in _html(r).lower() and '<html lang="en"' in r.text
        r = made.api(None).get("/api/v1/overview", params=PERIOD)
        assert r.status_code == 503 and r.json()["error"] == "unavailable"
    finally:
        made.storage.close()


# -- deleting a total ---------------------------------------------------------------------------


def _total(dash: Dash, municipality: int, i: int) -> str:
    """A total sent by the municipality's coordinator through the API, as a queue system would."""
    tid = f"019a0000-0000-7000-8000-{municipality:06d}{i:06d}"
    total = {
        "id": tid, "municipality": municipality, "unit": "", "channel": "TLFIND",
        "direction": "IND", "from_date": "2026-10-19", "to_date": "2026-10-25", "count": 1200,
        "source": "cli", "created_at": "2026-10-26T08:00:00.000000Z", "revision": 1,
        "deleted": False,
    }  # fmt: skip
    r = dash.api(f"c{municipality}").post("/api/v1/batch", json={"totals": [total]})
    assert r.status_code == 200 and r.json()["totals"][0]["status"] == "accepted", r.text
    return tid


def _live(dash: Dash, tid: str) -> bool:
    with dash.storage._read() as tx:
        row = tx.one("SELECT deleted FROM total WHERE id = ?", [tid])
    return row is not None and not row[0]


def test_a_delete_button_asks_before_deleting_without_script(dash: Dash) -> None:
    tid = _total(dash, 259, 1)
    http = dash.client("c259")
    page = _html(http.get("/municipality/259/upload"))
    # The list offers the step that asks; no form in the list deletes at once.
    assert f'href="/municipality/259/totals/{tid}/delete"' in page
    assert not re.search(r'<form[^>]+action="[^"]+/delete"', page)
    ask = http.get(f"/municipality/259/totals/{tid}/delete")
    text = _html(ask)
    assert ask.status_code == 200 and _live(dash, tid)
    assert "19-10-2026" in text and "1.200" in text and "Telefon" in text
    main = text[text.index("<main") :]
    form = re.search(r'<form method="post" action="([^"]+)"[^>]*>(.*?)</form>', main, re.S)
    assert form and form.group(1) == f"/municipality/259/totals/{tid}/delete"
    assert 'name="csrf"' in form.group(2)
    assert 'href="/municipality/259/upload"' in text  # the way back without deleting
    done = http.post(form.group(1), data={"csrf": _csrf(http)})
    assert done.status_code == 303 and not _live(dash, tid)
    assert "Totaltallet er slettet" in http.get(done.headers["location"]).text


def test_deleting_another_municipalitys_total_is_refused_and_not_reported_done(
    dash: Dash,
) -> None:
    theirs = _total(dash, 260, 2)
    for who in ("c259", "admin"):
        http = dash.client(who)
        # Through 259's own address, with 260's id: nothing of 260 is changed, and nobody is
        # told that something was deleted.
        r = http.post(f"/municipality/259/totals/{theirs}/delete", data={"csrf": _csrf(http)})
        assert r.status_code == 404, (who, r.status_code, r.headers.get("location"))
        assert "findes ikke i kommune 259" in _html(r) and "er slettet" not in r.text
        assert http.get(f"/municipality/259/totals/{theirs}/delete").status_code == 404
        assert _live(dash, theirs)
    assert dash.storage.receipt(Scope(260)).totals == 1


# -- uploads ----------------------------------------------------------------------------------

HEADER = (
    "KommuneID;Enhed;KLE Opgave kode;Henvendelses Kanal;Henvendelses type;Afslutning;Blanket;Dato"
)


def _post_file(http: Any, rows: list[str], lang: str = "da") -> Any:
    data = ("\r\n".join([HEADER, *rows]) + "\r\n").encode("cp1252")
    return http.post(
        f"/municipality/259/upload/registrations?lang={lang}",
        files={"file": ("udtraek.csv", data, "text/csv")},
        data={"csrf": _csrf(http)},
    )


def test_upload_problems_in_english_on_lang_en(dash: Dash) -> None:
    http = dash.client("c259")
    rows = [
        "259;259telefon;05.07.00;TLFXX;INFO;HOLD;NULL;21-10-2026 11:30",
        "259;259telefon;05.07.00;TLFIND;INFO;HOLD;NULL;32-10-2026 11:30",
        "259;259telefon;;TLFIND;INFO;HOLD;NULL;21-10-2026 11:30",
    ]
    da = _post_file(http, rows)
    assert da.status_code == 422 and "ukendt kanalkode" in da.text
    en = _post_file(http, rows, "en")
    text = _html(en)
    assert en.status_code == 422
    problems = re.findall(r"<tr><td class=\"num\">(\d+)</td><td>([^<]*)</td><td>([^<]*)</td>"
                          r"<td>([^<]*)</td></tr>", text)  # fmt: skip
    assert [(line, value) for line, _, value, _ in problems] == [
        ("2", "TLFXX"), ("3", "32-10-2026 11:30"), ("4", ""),
    ]  # fmt: skip
    reasons = [reason for *_, reason in problems]
    assert reasons[0] == "unknown channel code"
    assert reasons[1] == "no such date"
    assert reasons[2] == "task missing"
    assert "rows" in text and "rækker" not in text
    # Totals: where and why in English as well.
    bad = http.post(
        "/municipality/259/totals?lang=en",
        files={"file": ("t.csv", b"Kanal;Enhed;Fra;Til;Antal\nXXX;;25-10-2026;30-10-2026;5\n",
                        "text/csv")},
        data={"csrf": _csrf(http)},
    )  # fmt: skip
    assert bad.status_code == 422
    assert "line 2, column Kanal" in bad.text and "unknown channel code" in bad.text
    assert "linje" not in bad.text and "ukendt" not in bad.text


def test_typed_values_are_escaped_on_every_page(dash: Dash) -> None:
    http = dash.client("c259")
    evil = '<img src=x onerror=alert(1)>"'
    r = _post_file(http, [f"259;259telefon;05.07.00;{evil};INFO;HOLD;NULL;21-10-2026 11:30"])
    assert r.status_code == 422
    shown = r.text.lower()  # the importer reads codes in capitals
    assert "<img" not in shown and "&lt;img src=x onerror=alert(1)&gt;" in shown


def test_a_start_after_the_save_is_told_with_the_value_sent(dash: Dash) -> None:
    """The desks' upload (a batch) is checked by the same rules; the answer names the start
    time that was sent and the save time it lies after, not a stand-in time."""
    columns = list(COLUMNS)
    reg = registration(1)
    late = replace(reg, started_at=reg.saved_at + timedelta(minutes=5))
    row = list(to_row(late))
    r = dash.api("c259").post(
        "/api/v1/batch", json={"registrations": {"columns": columns, "rows": [row]}}
    )
    answer = r.json()["registrations"][0]
    assert r.status_code == 200 and answer["status"] == "invalid"
    sent = row[columns.index("started_at")]
    assert sent == "2026-10-19T07:06:00.000000Z"
    assert sent in answer["reason"] and row[columns.index("saved_at")] in answer["reason"]
    assert "2000" not in answer["reason"]


# Danish words that no English problem text keeps (codes and column names aside).
_DANISH = re.compile(
    r"\b(ukendt|mangler|skal|findes|filen|linje|kolonne|rækker|kanalen|gælder|brug|eller|"
    r"ikke|overlapper|ligger|slet|værdi|svar|opgave|enheden|tælleplanen|datoen|året|accepteret)\b"
)
# Messages only the desk's own options can cause (a mapping file, a rejects file, a folder):
# a page's upload never meets them.
_DESK_ONLY = (
    "kortfil", "kortet", "TOML", "[", "strptime", "afviste", "mappe", "skrives", "tidszone",
    "afsnit", "nøgle", "tekst i anførselstegn", "kolonneoverskrift", "liste af",
    "tekst eller et tal", "koden skal", "ukendt felt",
)  # fmt: skip


def _texts(nodes: list[Any]) -> Iterator[Any]:
    """The strings among ``nodes`` and inside them, each f-string whole (not its pieces)."""
    import ast

    for node in nodes:
        if isinstance(node, (ast.JoinedStr, ast.Constant)):
            yield node
        else:
            yield from _texts(list(ast.iter_child_nodes(node)))


# The reading of CSV files and the row checks (formats/), the codebook and plan rules and the
# totals (plan/), what the collector adds (transfer); not the exports, nor the mapping files and
# task lists an upload cannot use.
_NOT_UPLOAD = {"exporting", "export_split", "export_rows", "delimited", "xlsx", "ndjson",
               "columns", "mapped", "task_list", "__init__"}  # fmt: skip


def _checking_modules() -> list[Path]:
    root = Path(__file__).resolve().parents[2] / "tracetool"
    found = [p for p in sorted((root / "formats").glob("*.py")) if p.stem not in _NOT_UPLOAD]
    found += [root / "plan" / "validation.py", root / "plan" / "totals.py"]
    return [*found, root / "collector" / "transfer.py"]


def _reasons() -> list[str]:
    """Every problem sentence the checks behind an upload can give, with each value put in
    as a sample: the string arguments of their problem and error calls."""
    import ast

    calls = {"_Bad", "_p", "Problem", "FileFormatError", "ImportProblem", "problem", "append"}
    found = []
    for path in _checking_modules():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            func = getattr(node, "func", None)
            if (
                not isinstance(node, ast.Call)
                or (getattr(func, "id", None) or getattr(func, "attr", None)) not in calls
            ):
                continue
            for arg in _texts(node.args):
                if isinstance(arg, ast.JoinedStr):
                    text = "".join(
                        v.value if isinstance(v, ast.Constant) else "259" for v in arg.values
                    )
                elif isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                    # A translated message ("... {value} ...") gets the same sample value.
                    text = re.sub(r"{[^{}]*}", "259", arg.value)
                else:
                    continue
                if _DANISH.search(text) and not any(d in text for d in _DESK_ONLY):
                    found.append(text)
    return sorted(set(found))


def test_every_upload_problem_has_its_english() -> None:
    reasons = _reasons()
    assert len(reasons) > 50  # the scan finds the checks' sentences at all
    missing = [(r, english(r)) for r in reasons if _DANISH.search(english(r))]
    assert not missing, "\n".join(f"{r!r} -> {e!r}" for r, e in missing)


# -- the package ------------------------------------------------------------------------------


def test_the_wheel_carries_the_templates_and_the_stylesheet(tmp_path: Path) -> None:
    """A collector installed from the wheel has every page: the templates, the stylesheet and
    the English catalogue are package data."""
    import subprocess
    import sys
    import zipfile

    repo = Path(__file__).resolve().parents[2]
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
         "-w", str(tmp_path), str(repo)],
        check=True,
    )  # fmt: skip
    (wheel,) = tmp_path.glob("tracetool-*.whl")
    held = set(zipfile.ZipFile(wheel).namelist())
    package = repo / "tracetool" / "collector"
    wanted = {
        f"tracetool/collector/{path.relative_to(package).as_posix()}"
        for folder in ("templates", "static")
        for path in (package / folder).iterdir()
    }
    wanted.add("tracetool/locale/en/LC_MESSAGES/collector.mo")  # the pages' English
    assert len(wanted) > 10 and wanted <= held, sorted(wanted - held)


# -- the words --------------------------------------------------------------------------------


def _keys_used() -> set[str]:
    """Every message key the templates and the page code name literally."""
    package = Path(__file__).resolve().parents[2] / "tracetool" / "collector"
    found: set[str] = set()
    for path in [*package.glob("templates/*.html"), *package.glob("*.py")]:
        text = path.read_text(encoding="utf-8")
        # t(...) in templates, words.t(...) and self.t(...) in code (not the report's labels)
        found |= set(
            re.findall(r"""(?:(?<![\w.])|\b(?:words|self)\.)t\(\s*["']([a-z_0-9]+)["']""", text)
        )
    return found


def test_every_page_word_is_in_both_languages_and_the_catalogue_is_compiled() -> None:

    from babel.messages.extract import extract_from_file
    from babel.messages.mofile import read_mo
    from babel.messages.pofile import read_po

    from tracetool.collector import texts

    used = _keys_used()
    assert len(used) > 100 and used <= set(texts.MESSAGES), sorted(used - set(texts.MESSAGES))
    # Babel's extractor finds every message (and only those) where they are written.
    extracted = {
        message
        for _, message, *_ in extract_from_file("python", texts.__file__, keywords={"N_": None})
    }
    assert extracted == set(texts.MESSAGES.values())
    po = texts.LOCALE_DIR / "en" / "LC_MESSAGES" / f"{texts.DOMAIN}.po"
    with po.open("rb") as f:
        catalogue = read_po(f, locale="en", domain=texts.DOMAIN)
    english = {m.id: m for m in catalogue if m.id}
    assert set(english) == extracted, (extracted - set(english), set(english) - extracted)
    for danish, message in english.items():
        assert danish.strip() and message.string.strip() and not message.fuzzy, danish
        # The values put in are the same in both languages.
        assert set(re.findall(r"{\w*}", danish)) == set(re.findall(r"{\w*}", message.string))
    # Compared as messages, not bytes: the .mo header names the Babel version that wrote it.
    with po.with_suffix(".mo").open("rb") as f:
        shipped = {m.id: m.string for m in read_mo(f) if m.id}
    assert shipped == {m.id: m.string for m in english.values()}, (
        "collector.mo is not the compilation of collector.po: run make catalogues"
    )
    assert texts.Words("en").t("overview_h1") == "Inquiries per municipality"
    assert texts.Words("da").t("overview_h1") == "Henvendelser pr. kommune"
