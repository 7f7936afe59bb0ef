"""Totals (total-tal): rules, the store (overlaps, all-or-nothing, outbox), CSV import, CLI."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from tests.collector.coordinator_support import apply_test_plan, run
from tests.helpers import PLAN
from tracetool.codes.codebook import load_codebook
from tracetool.errors import FileFormatError, TracetoolError, ValidationError
from tracetool.plan.totals import Total, make_total, parse_totals_csv
from tracetool.store import outbox
from tracetool.store.db import open_database
from tracetool.store.totals import TotalStore

BOOK = load_codebook()


def total(**changes: object) -> Total:
    base = make_total(
        codebook=BOOK,
        plan=PLAN,
        channel="TLFIND",
        from_date=date(2013, 10, 21),
        to_date=date(2013, 10, 27),
        count=4312,
    )
    return base.but(**changes)


@pytest.fixture
def store(tmp_path: Path) -> TotalStore:
    return TotalStore(open_database(tmp_path / "t.db"))


@pytest.fixture
def planned(tracetool_home: Path, tmp_path: Path) -> Path:
    return apply_test_plan(tmp_path)


# -- rules ------------------------------------------------------------------------------------


def test_make_total_takes_direction_from_the_channel() -> None:
    t = make_total(
        codebook=BOOK,
        plan=PLAN,
        channel="PPRUD",
        from_date=date(2013, 10, 21),
        to_date=date(2013, 10, 21),
        count=0,
        unit="259borgerservice",
    )
    assert (t.direction, t.unit, t.municipality, t.count) == ("UD", "259borgerservice", 259, 0)


@pytest.mark.parametrize(
    ("changes", "column", "reason"),
    [
        ({"channel": "TLFXX"}, "Kanal", "ukendt kanalkode"),
        ({"from_date": date(2013, 10, 28)}, "Til", "før fra-datoen"),
        ({"unit": "259ukendt"}, "Enhed", "ukendt enhed"),
        ({"count": -1}, "Antal", "negativt"),
    ],
)
def test_make_total_refuses_bad_values(
    changes: dict[str, object], column: str, reason: str
) -> None:
    args: dict[str, object] = {
        "channel": "TLFIND",
        "from_date": date(2013, 10, 21),
        "to_date": date(2013, 10, 27),
        "count": 10,
        "unit": None,
        **changes,
    }
    with pytest.raises(ValidationError) as err:
        make_total(codebook=BOOK, plan=PLAN, **args)  # type: ignore[arg-type]
    [problem] = err.value.problems
    assert problem.where == column and reason in problem.reason


def test_overlap_needs_same_channel_unit_and_shared_days() -> None:
    a = total()
    assert a.overlaps(total(from_date=date(2013, 10, 27), to_date=date(2013, 11, 3)))
    assert not a.overlaps(total(from_date=date(2013, 10, 28), to_date=date(2013, 11, 3)))
    assert not a.overlaps(total(channel="EMLIND"))
    assert not a.overlaps(total(unit="259borgerservice"))


# -- store ------------------------------------------------------------------------------------


def test_add_lists_and_queues_an_outbox_entry(store: TotalStore) -> None:
    t = store.add(total())
    assert store.list_all() == [t]
    [entry] = outbox.pending(store.db)
    assert (entry.entity, entry.entity_id, entry.revision) == ("total", t.id, 1)


def test_overlapping_total_is_refused_naming_the_existing_one(store: TotalStore) -> None:
    first = store.add(total())
    with pytest.raises(TracetoolError) as err:
        store.add(total(from_date=date(2013, 10, 25), to_date=date(2013, 11, 1), count=9))
    message = str(err.value)
    assert "overlapper" in message and first.id in message
    assert "21-10-2013 – 27-10-2013" in message and "4.312" in message
    assert store.list_all() == [first]
    assert len(outbox.pending(store.db)) == 1


def test_adjacent_periods_other_units_and_deleted_totals_do_not_block(store: TotalStore) -> None:
    first = store.add(total())
    store.add(total(from_date=date(2013, 10, 28), to_date=date(2013, 11, 3)))
    store.add(total(unit="259borgerservice"))
    store.delete(first.id)
    store.add(total(count=1))
    assert len(store.list_all()) == 3
    assert len(store.list_all(include_deleted=True)) == 4


def test_delete_is_a_tombstone_with_a_new_revision(store: TotalStore) -> None:
    t = store.add(total())
    gone = store.delete(t.id)
    assert gone.deleted and gone.revision == 2
    assert [(e.entity, e.revision) for e in outbox.pending(store.db)] == [
        ("total", 1),
        ("total", 2),
    ]
    with pytest.raises(TracetoolError, match="allerede slettet"):
        store.delete(t.id)


def test_add_many_is_all_or_nothing(store: TotalStore) -> None:
    existing = store.add(total())
    batch = [
        ("linje 2", total(channel="EMLIND")),
        ("linje 3", total(from_date=date(2013, 10, 27), to_date=date(2013, 10, 30))),
    ]
    with pytest.raises(ValidationError) as err:
        store.add_many(batch)
    [problem] = err.value.problems
    assert problem.where == "linje 3, kolonne Fra" and existing.id in problem.reason
    assert store.list_all() == [existing]
    assert len(outbox.pending(store.db)) == 1


# -- CSV --------------------------------------------------------------------------------------


def parse(text: str | bytes) -> list[tuple[int, Total]]:
    data = text.encode("utf-8") if isinstance(text, str) else text
    return parse_totals_csv(data, "totaler.csv", BOOK, PLAN)


def test_csv_with_header_bom_thousands_and_empty_unit() -> None:
    rows = parse(
        "\ufeffKanal;Enhed;Fra;Til;Antal\r\n"
        "TLFIND;;21-10-2013;27-10-2013;4.312\r\n"
        "prsnlg;259borgerservice;2013-10-21;2013-10-27;1250;\r\n"
        "\r\n"
    )
    assert [(n, t.channel, t.unit, t.count) for n, t in rows] == [
        (2, "TLFIND", "", 4312),
        (3, "PRSNLG", "259borgerservice", 1250),
    ]
    assert all(t.source == "import" for _, t in rows)


def test_csv_without_header_comma_separated_and_windows_1252() -> None:
    rows = parse("EMLIND,NULL,21-10-2013,27-10-2013,17\n".encode("cp1252"))
    assert [(n, t.channel, t.unit) for n, t in rows] == [(1, "EMLIND", "")]


def test_every_bad_cell_is_reported_with_line_column_and_value() -> None:
    text = (
        "Kanal;Enhed;Fra;Til;Antal\n"
        "TLFIND;;21-10-2013;27-10-2013;100\n"
        "TLFXX;;21-10-2013;27-10-2013;100\n"
        "EMLIND;;32-10-2013;27-10-2013;mange\n"
        "PPRUD;259ukendt;21-10-2013;20-10-2013;5\n"
        "SMSIND;;21-10-2013\n"
        "TLFIND;;27-10-2013;30-10-2013;7\n"
    )
    with pytest.raises(ValidationError) as err:
        parse(text)
    found = {(p.where, p.value) for p in err.value.problems}
    assert found == {
        ("linje 3, kolonne Kanal", "TLFXX"),
        ("linje 4, kolonne Fra", "32-10-2013"),
        ("linje 4, kolonne Antal", "mange"),
        ("linje 5, kolonne Enhed", "259ukendt"),
        ("linje 5, kolonne Til", "20-10-2013"),
        ("linje 6", "SMSIND;;21-10-2013"),
        ("linje 7, kolonne Fra", "27-10-2013"),
    }
    assert "intet er importeret" in str(err.value)
    overlap = next(p for p in err.value.problems if p.where == "linje 7, kolonne Fra")
    assert "linje 2" in overlap.reason


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "tom"),
        (b"Kanal;Enhed;Fra;Til;Antal\n", "ingen rækker"),
        (b"\x00\x01PK\x03", "tekstfil"),
    ],
)
def test_empty_header_only_and_binary_files(data: bytes, reason: str) -> None:
    with pytest.raises(FileFormatError, match=reason):
        parse(data)


# -- CLI --------------------------------------------------------------------------------------


ADD = ["totals", "add", "--channel", "TLFIND", "--from", "21-10-2013", "--to", "27-10-2013"]


def test_cli_add_list_and_json(planned: Path) -> None:
    code, out, err = run(*ADD, "--count", "4312")
    assert code == 0, err
    assert "Gemt totaltal" in out and "4.312" in out
    code, out, _ = run(
        *ADD[:-4],
        "--from",
        "2013-10-21",
        "--to",
        "2013-10-27",
        "--count",
        "9",
        "--unit",
        "259telefon",
        "--json",
    )
    assert code == 0 and json.loads(out)["unit"] == "259telefon"
    code, out, _ = run("totals", "list", "--json")
    lines = [json.loads(line) for line in out.splitlines()]
    assert [(t["channel"], t["unit"], t["count"]) for t in lines] == [
        ("TLFIND", None, 4312),
        ("TLFIND", "259telefon", 9),
    ]
    code, out, _ = run("totals", "list")
    assert code == 0 and "hele kommunen" in out and "4.312" in out


def test_cli_overlap_is_one_clear_line(planned: Path) -> None:
    assert run(*ADD, "--count", "1")[0] == 0
    code, out, err = run(
        "totals",
        "add",
        "--channel",
        "tlfind",
        "--from",
        "27-10-2013",
        "--to",
        "31-10-2013",
        "--count",
        "2",
    )
    assert code == 1 and out == ""
    assert len(err.strip().splitlines()) == 1
    assert "overlapper" in err and "totals delete" in err


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (
            ["--channel", "TLFXX", "--from", "21-10-2013", "--to", "27-10-2013", "--count", "1"],
            "--channel TLFXX: ukendt kanalkode",
        ),
        (
            ["--channel", "TLFIND", "--from", "28-10-2013", "--to", "27-10-2013", "--count", "1"],
            "--to 27-10-2013: til-datoen ligger før fra-datoen",
        ),
        (
            [
                "--channel",
                "TLFIND",
                "--from",
                "21-10-2013",
                "--to",
                "27-10-2013",
                "--count",
                "1",
                "--unit",
                "259ukendt",
            ],
            "--unit 259ukendt: ukendt enhed",
        ),
        (
            ["--channel", "TLFIND", "--from", "31-02-2013", "--to", "27-10-2013", "--count", "1"],
            "--from: ukendt dato '31-02-2013'",
        ),
        (
            ["--channel", "TLFIND", "--from", "21-10-2013", "--to", "27-10-2013", "--count", "-5"],
            "--count -5: antal kan ikke være negativt",
        ),
    ],
)
def test_cli_add_bad_inputs(planned: Path, args: list[str], expected: str) -> None:
    code, out, err = run("totals", "add", *args)
    assert code == 1, out
    assert len(err.strip().splitlines()) == 1
    assert expected in err
    assert run("totals", "list", "--json")[1] == ""


def test_cli_add_without_a_plan(tracetool_home: Path) -> None:
    code, _, err = run(*ADD, "--count", "1")
    assert code == 1 and "tælleplan" in err


def test_cli_import_good_then_same_file_again(planned: Path, tmp_path: Path) -> None:
    f = tmp_path / "totaler.csv"
    f.write_bytes(
        "Kanal;Enhed;Fra;Til;Antal\nTLFIND;;21-10-2013;27-10-2013;4312\n"
        "PRSNLG;259borgerservice;21-10-2013;27-10-2013;1250\n".encode("cp1252")
    )
    code, out, err = run("totals", "import", str(f))
    assert code == 0, err
    assert "Importeret 2 totaltal" in out
    code, out, err = run("totals", "import", str(f))
    assert code == 1
    assert "linje 2, kolonne Fra" in err and "linje 3, kolonne Fra" in err
    assert len(run("totals", "list", "--json")[1].splitlines()) == 2


def test_cli_import_reports_every_bad_row_and_imports_nothing(
    planned: Path, tmp_path: Path
) -> None:
    f = tmp_path / "totaler.csv"
    f.write_text(
        "Kanal;Enhed;Fra;Til;Antal\nTLFIND;;21-10-2013;27-10-2013;4312\n"
        "XX;;21-10-2013;27-10-2013;1\nEMLIND;;21-10-2013;27-10-2013;1,5\n",
        encoding="utf-8",
    )
    code, out, err = run("totals", "import", str(f))
    assert code == 1 and out == ""
    lines = err.strip().splitlines()
    assert "intet er importeret" in lines[0]
    assert any("linje 3, kolonne Kanal" in line and "'XX'" in line for line in lines)
    assert any("linje 4, kolonne Antal" in line and "'1,5'" in line for line in lines)
    assert run("totals", "list", "--json")[1] == ""


def test_cli_import_missing_file_and_help_documents_the_layout(planned: Path) -> None:
    code, _, err = run("totals", "import", "findes-ikke.csv")
    assert code == 1 and "findes-ikke.csv: filen findes ikke" in err
    code, out, _ = run("totals", "import", "--help")
    assert code == 0 and "Kanal;Enhed;Fra;Til;Antal" in out


def test_cli_delete(planned: Path) -> None:
    code, out, _ = run(*ADD, "--count", "5", "--json")
    total_id = json.loads(out)["id"]
    code, out, _ = run("totals", "delete", total_id)
    assert code == 0 and "Slettet" in out
    assert run("totals", "list", "--json")[1] == ""
    code, _, err = run("totals", "delete", "0000000000000")
    assert code == 1 and "intet totaltal" in err
