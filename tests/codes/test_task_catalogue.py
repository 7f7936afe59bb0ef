"""Check codebook/tasks.toml against KL's reference task lists in /work/shared/komhen."""

import csv
import re
import tomllib
from collections import Counter
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
CATALOGUE = REPO / "codebook" / "tasks.toml"
KOMHEN = REPO.parent / "shared" / "komhen"
PACKAGE_2013 = KOMHEN / "komhen_grundpakke_efteraar2013.csv"
MANDATORY_2012 = KOMHEN / "komhen_obligatoriske_35_foer_efteraar2013_rekonstrueret.csv"

KLE_RE = re.compile(r"^\d\d\.\d\d(\.\d\d)?$")


def _read_csv(path: Path) -> list[dict[str, str]]:
    if not path.exists():
        pytest.skip(f"reference data not available: {path}")
    with path.open(encoding="utf-8-sig", newline="") as f:
        return [{k: v.strip() for k, v in row.items()} for row in csv.DictReader(f, delimiter=";")]


@pytest.fixture(scope="module")
def tasks() -> list[dict]:
    with CATALOGUE.open("rb") as f:
        return tomllib.load(f)["task"]


@pytest.fixture(scope="module")
def table_2013() -> list[dict[str, str]]:
    return _read_csv(PACKAGE_2013)


@pytest.fixture(scope="module")
def mandatory_2012() -> list[dict[str, str]]:
    return _read_csv(MANDATORY_2012)


def _in_package(tasks: list[dict], package: str) -> dict[str, str]:
    return {t["kle"]: t["name"] for t in tasks if package in t["packages"] and "special" not in t}


def test_grundpakke_2013_is_table_1(tasks, table_2013):
    table_1 = [r for r in table_2013 if r["tabel"] == "grundpakke_efteraar2013"]
    assert len(table_1) == 45
    got = _in_package(tasks, "grundpakke-2013")
    assert len(got) == 45
    assert got == {r["kle"]: r["komhen_opgavenavn"] for r in table_1}
    by_kle = {t["kle"]: t for t in tasks}
    for r in table_1:
        assert by_kle[r["kle"]]["wave"] == r["behov"]
        assert by_kle[r["kle"]]["status_2013"] == r["tidligere_status"]


def test_grundpakke_2013_comes_first_in_kl_order(tasks, table_2013):
    table_1 = [r["kle"] for r in table_2013 if r["tabel"] == "grundpakke_efteraar2013"]
    assert [t["kle"] for t in tasks[: len(table_1)]] == table_1
    rest = [t["kle"] for t in tasks[len(table_1) :] if "special" not in t]
    assert rest == sorted(rest)


def test_obligatorisk_2012_is_the_35(tasks, mandatory_2012):
    assert len(mandatory_2012) == 35
    got = _in_package(tasks, "obligatorisk-2012")
    assert len(got) == 35
    assert got == {r["kle"]: r["komhen_opgavenavn"] for r in mandatory_2012}


def test_dropped_2013_tasks_are_udgaaet(tasks, table_2013):
    table_2 = [r for r in table_2013 if r["tabel"] == "udgaar_efteraar2013"]
    assert len(table_2) == 31
    got = _in_package(tasks, "udgaaet-2013")
    assert got == {r["kle"]: r["komhen_opgavenavn"] for r in table_2}
    by_kle = {t["kle"]: t for t in tasks}
    for r in table_2:
        assert by_kle[r["kle"]]["status_2013"] == r["tidligere_status"]
        assert "wave" not in by_kle[r["kle"]]


def test_every_task_comes_from_a_source(tasks, table_2013, mandatory_2012):
    known = {r["kle"] for r in table_2013} | {r["kle"] for r in mandatory_2012}
    assert {t["kle"] for t in tasks if "special" not in t} == known


def test_kle_format_and_no_duplicates(tasks):
    for t in tasks:
        assert KLE_RE.match(t["kle"]), t["kle"]
    dupes = [k for k, n in Counter(t["kle"] for t in tasks).items() if n > 1]
    assert dupes == []


def test_every_task_has_names(tasks):
    for t in tasks:
        for key in ("name", "name_en"):
            assert isinstance(t.get(key), str), (t["kle"], key)
            assert t[key] and t[key] == t[key].strip(), (t["kle"], key)
        assert t["packages"], t["kle"]


def test_fejlhenvendelse_is_special(tasks):
    fejl = [t for t in tasks if t["name"] == "Fejlhenvendelse"]
    assert len(fejl) == 1
    assert fejl[0]["special"] == "fejl"
    assert fejl[0]["kle"] == "00.00.00"
