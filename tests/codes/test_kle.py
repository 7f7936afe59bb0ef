"""tracetool.codes.kle against the real KLE files in /work/shared/kle and small broken files."""

from __future__ import annotations

import csv
import dataclasses
from collections import Counter
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tracetool import locale
from tracetool.codes.kle import KleCatalogue, KleSubject, read_catalogue
from tracetool.errors import FileFormatError

KLE_DIR = Path(__file__).resolve().parents[2].parent / "shared" / "kle"
XML_FILE = KLE_DIR / "KLE-Emneplan_Version2-0_2015-08-01.xml"
FLAT_CSV = KLE_DIR / "kle_emneplan_2015-08-01_flat.csv"
OS2KLE_FILE = KLE_DIR / "OS2KLE_3.23_2026-02.txt"

pytestmark = pytest.mark.skipif(
    not XML_FILE.exists() or not OS2KLE_FILE.exists(), reason="KLE reference files missing"
)

SMALL_XML = """<?xml version="1.0" encoding="UTF-8"?>
<KLE-Emneplan>
\t<UdgivelsesDato>2015-08-01</UdgivelsesDato>
\t<Hovedgruppe>
\t\t<HovedgruppeNr>23</HovedgruppeNr>
\t\t<HovedgruppeTitel>Borgerservice </HovedgruppeTitel>
\t\t<HovedgruppeAdministrativInfo><OprettetDato>1988-01-01</OprettetDato>
\t\t</HovedgruppeAdministrativInfo>
\t\t<Gruppe>
\t\t\t<GruppeNr>23.05</GruppeNr>
\t\t\t<GruppeTitel>Folkeregistrering</GruppeTitel>
\t\t\t<GruppeAdministrativInfo><OprettetDato>1988-01-01</OprettetDato>
\t\t\t</GruppeAdministrativInfo>
\t\t\t<Emne>
\t\t\t\t<EmneNr>{emne}</EmneNr>
\t\t\t\t<EmneTitel>Flytteanmeldelse</EmneTitel>
\t\t\t\t<EmneAdministrativInfo><OprettetDato>1999-01-01</OprettetDato>
\t\t\t\t\t<RettetDato>2001-01-01</RettetDato><RettetDato>2003-05-01</RettetDato>
\t\t\t\t</EmneAdministrativInfo>
\t\t\t</Emne>
\t\t</Gruppe>
\t</Hovedgruppe>
</KLE-Emneplan>
"""

OS2KLE_LINE_A = (
    "KLENummer='23.05.10':KLETitel='Flytteanmeldelse':"
    "Keywords[Weight]=Flytning[5];Flytteanmeldelse[50];"
)
OS2KLE_LINE_B = "KLENummer='23.05.12':KLETitel='Navne: ændring':Keywords[Weight]=Navn[5];"


@pytest.fixture(scope="module")
def xml_cat() -> KleCatalogue:
    return read_catalogue(XML_FILE)


@pytest.fixture(scope="module")
def os2_cat() -> KleCatalogue:
    return read_catalogue(OS2KLE_FILE)


def by_nr(cat: KleCatalogue) -> dict[str, KleSubject]:
    return {s.nr: s for s in cat.subjects}


def write(tmp_path: Path, name: str, data: bytes | str) -> Path:
    path = tmp_path / name
    if isinstance(data, str):
        path.write_text(data, encoding="utf-8")
    else:
        path.write_bytes(data)
    return path


def read_error(path: Path) -> FileFormatError:
    with pytest.raises(FileFormatError) as info:
        read_catalogue(path)
    assert info.value.path == str(path)
    return info.value


# --- KLE-XML, the real 2015 emneplan -----------------------------------------------------


def test_xml_matches_flat_csv_row_by_row(xml_cat: KleCatalogue) -> None:
    def opt(text: str) -> str | None:
        return text or None

    def iso(d: date | None) -> str | None:
        return d.isoformat() if d else None

    with FLAT_CSV.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f, delimiter=";"))
    assert len(rows) == len(xml_cat.subjects)
    mismatches = []
    for row, s in zip(rows, xml_cat.subjects, strict=True):
        want = (
            row["niveau"],
            row["nr"],
            row["titel"],
            opt(row["overordnet"]),
            row["aktiv"] == "1",
            opt(row["oprettet"]),
            opt(row["rettet"]),
            opt(row["udgaaet"]),
            opt(row["flyttet"]),
            opt(row["afloest_af"]),
        )
        got = (
            s.level,
            s.nr,
            s.title,
            s.parent,
            s.active,
            iso(s.created),
            iso(s.changed),
            iso(s.expired),
            iso(s.moved),
            s.moved_to,
        )
        if want != got:
            mismatches.append((want, got))
    assert mismatches[:5] == []


def test_xml_counts(xml_cat: KleCatalogue) -> None:
    total = Counter(s.level for s in xml_cat.subjects)
    active = Counter(s.level for s in xml_cat.subjects if s.active)
    assert total == {"hovedgruppe": 41, "gruppe": 691, "emne": 3457}
    assert active == {"hovedgruppe": 36, "gruppe": 480, "emne": 2136}


def test_xml_edition_and_format(xml_cat: KleCatalogue) -> None:
    assert xml_cat.edition == "KLE-XML 2015-08-01"
    assert xml_cat.format == "kle-xml"


def test_xml_known_subject(xml_cat: KleCatalogue) -> None:
    s = by_nr(xml_cat)["23.05.10"]
    assert s == KleSubject(
        nr="23.05.10",
        level="emne",
        title="Flytteanmeldelse",
        parent="23.05",
        created=date(1999, 1, 1),
        changed=None,
        expired=None,
        moved=None,
        moved_to=None,
        active=True,
        keywords=(),
    )
    assert by_nr(xml_cat)["23"].parent is None
    assert by_nr(xml_cat)["23.05"].parent == "23"


def test_xml_moved_and_expired(xml_cat: KleCatalogue) -> None:
    subjects = by_nr(xml_cat)
    moved = subjects["16.34"]
    assert (moved.moved, moved.moved_to, moved.active) == (date(2010, 2, 1), "27.06", False)
    # Moved without a successor (Flyttet without AfloestAf).
    assert (subjects["81.20"].moved, subjects["81.20"].moved_to) == (date(2010, 11, 1), None)
    gone = subjects["00.02.00"]
    assert (gone.expired, gone.moved, gone.moved_to, gone.active) == (
        date(2000, 1, 1),
        None,
        None,
        False,
    )
    # Says "[udgår 2015]" in the title but has no Historisk: still active by the data.
    assert subjects["05.14.14"].active


def test_xml_titles_are_trimmed(xml_cat: KleCatalogue) -> None:
    # The XML has "Beskatning " with a trailing blank.
    assert by_nr(xml_cat)["25"].title == "Beskatning"
    assert all(s.title == s.title.strip() for s in xml_cat.subjects)


def test_xml_tree_order_and_parents(xml_cat: KleCatalogue) -> None:
    seen: set[str] = set()
    for s in xml_cat.subjects:
        assert s.parent is None or s.parent in seen
        seen.add(s.nr)


def test_subjects_are_frozen(xml_cat: KleCatalogue) -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        xml_cat.subjects[0].title = "x"  # type: ignore[misc]


def test_xml_bad_number_in_real_file_reports_exact_line(tmp_path: Path) -> None:
    data = XML_FILE.read_bytes()
    needle = b"<EmneNr>23.05.10</EmneNr>"
    line = data[: data.index(needle)].count(b"\n") + 1
    path = write(tmp_path, "kle.xml", data.replace(needle, b"<EmneNr>23.5.10</EmneNr>"))
    err = read_error(path)
    assert (err.line, err.value) == (line, "23.5.10")
    assert f"linje {line}" in str(err) and "23.5.10" in str(err)


def test_small_xml_ok_and_latest_rettet(tmp_path: Path) -> None:
    path = write(tmp_path, "plan.txt", SMALL_XML.format(emne="23.05.10"))
    cat = read_catalogue(path)
    assert cat.format == "kle-xml"
    assert [s.nr for s in cat.subjects] == ["23", "23.05", "23.05.10"]
    assert cat.subjects[0].title == "Borgerservice"
    assert cat.subjects[2].changed == date(2003, 5, 1)


# --- OS2KLE ------------------------------------------------------------------------------


def test_os2kle_counts_and_shape(os2_cat: KleCatalogue) -> None:
    assert os2_cat.format == "os2kle"
    assert len(os2_cat.subjects) == 2390
    for s in os2_cat.subjects:
        assert s.level == "emne" and s.parent == s.nr[:5] and s.active
        assert (s.created, s.changed, s.expired, s.moved, s.moved_to) == (None,) * 5


def test_os2kle_edition_from_file_name(os2_cat: KleCatalogue, tmp_path: Path) -> None:
    assert os2_cat.edition == "OS2KLE 3.23 (2026-02)"
    data = OS2KLE_FILE.read_bytes()
    assert read_catalogue(write(tmp_path, "emner.txt", data)).edition == "OS2KLE"
    assert read_catalogue(write(tmp_path, "OS2KLE_v3.24.txt", data)).edition == "OS2KLE 3.24"


def test_os2kle_known_subject_and_keywords(os2_cat: KleCatalogue) -> None:
    s = by_nr(os2_cat)["23.05.10"]
    assert s.title == "Flytteanmeldelse"
    assert s.keywords[0] == ("CPR-loven Kap. 4", 5)
    assert ("Flytteanmeldelse", 50) in s.keywords
    assert ("Blanket 3924", 1000) in s.keywords
    assert sum(len(x.keywords) for x in os2_cat.subjects) == 32295
    # Some emner have "Keywords[Weight]=" and nothing after it.
    assert by_nr(os2_cat)["03.09.47"].keywords == ()


def test_os2kle_title_with_colon_and_quote(tmp_path: Path) -> None:
    line = (
        "KLENummer='23.05.12':KLETitel='Navne: Peter's ændring':"
        "Keywords[Weight]=Navn: nyt[5];a [b] c[7];"
    )
    s = read_catalogue(write(tmp_path, "x.txt", line + "\n")).subjects[0]
    assert s.title == "Navne: Peter's ændring"
    assert s.keywords == (("Navn: nyt", 5), ("a [b] c", 7))


def test_format_detected_from_content_not_name(tmp_path: Path) -> None:
    cat = read_catalogue(write(tmp_path, "emneplan.xml", OS2KLE_LINE_A + "\n"))
    assert cat.format == "os2kle"


def test_os2kle_crlf_and_bom(tmp_path: Path) -> None:
    data = "\ufeff" + OS2KLE_LINE_A + "\r\n" + OS2KLE_LINE_B + "\r\n"
    cat = read_catalogue(write(tmp_path, "x.txt", data))
    assert [s.nr for s in cat.subjects] == ["23.05.10", "23.05.12"]
    assert cat.subjects[1].keywords == (("Navn", 5),)


def test_os2kle_latin1_copy_is_read_as_windows_1252(tmp_path: Path, os2_cat: KleCatalogue) -> None:
    # Decision: a copy saved as latin-1/Windows-1252 is read, not refused. Characters latin-1
    # cannot hold (en dash, a stray Cyrillic letter) become "?" when the copy is made.
    text = OS2KLE_FILE.read_text(encoding="utf-8")
    path = write(tmp_path, "os2kle_latin1.txt", text.encode("latin-1", errors="replace"))
    cat = read_catalogue(path)
    assert len(cat.subjects) == len(os2_cat.subjects)
    for mine, orig in zip(cat.subjects, os2_cat.subjects, strict=True):
        assert mine.title == orig.title.encode("latin-1", errors="replace").decode("latin-1")
    assert any("ø" in s.title for s in cat.subjects)


def test_os2kle_utf16_copy(tmp_path: Path) -> None:
    path = write(tmp_path, "x.txt", (OS2KLE_LINE_B + "\r\n").encode("utf-16"))
    assert read_catalogue(path).subjects[0].title == "Navne: ændring"


# --- broken and foreign files ------------------------------------------------------------


def test_empty_file(tmp_path: Path) -> None:
    assert "tom" in read_error(write(tmp_path, "empty.txt", b"")).reason
    assert "tom" in read_error(write(tmp_path, "blank.txt", b" \n\r\n\t")).reason


def test_binary_garbage(tmp_path: Path) -> None:
    err = read_error(write(tmp_path, "garbage.bin", bytes(range(256)) * 8))
    assert "binære" in err.reason
    err = read_error(write(tmp_path, "img.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"))
    assert "binære" in err.reason


def test_neither_format(tmp_path: Path) -> None:
    err = read_error(write(tmp_path, "notes.txt", "nr;titel\n23.05.10;Flytning\n"))
    assert "ukendt filformat" in err.reason
    assert (err.line, err.value) == (1, "nr;titel")


def test_xml_with_other_root(tmp_path: Path) -> None:
    err = read_error(write(tmp_path, "x.xml", '<?xml version="1.0"?>\n<html><body/></html>'))
    assert "ikke en KLE-emneplan" in err.reason and err.value == "html"
    assert (err.line, err.column) == (2, 1)


def test_truncated_xml(tmp_path: Path) -> None:
    err = read_error(write(tmp_path, "cut.xml", XML_FILE.read_bytes()[:5000]))
    assert "afkortet" in err.reason
    assert err.line is not None and err.line > 1 and err.column is not None


def test_xml_bad_emne_number(tmp_path: Path) -> None:
    err = read_error(write(tmp_path, "bad.xml", SMALL_XML.format(emne="23.5.10")))
    assert err.value == "23.5.10" and err.line == 15
    assert "ugyldigt emnenummer '23.5.10'" in err.reason and "NN.NN.NN" in err.reason


def test_xml_emne_under_wrong_gruppe(tmp_path: Path) -> None:
    err = read_error(write(tmp_path, "bad.xml", SMALL_XML.format(emne="23.06.10")))
    assert err.value == "23.06.10" and err.line == 15


def test_xml_broken_markup_position(tmp_path: Path) -> None:
    text = SMALL_XML.format(emne="23.05.10").replace("</EmneTitel>", "</EmneTitle>")
    err = read_error(write(tmp_path, "bad.xml", text))
    assert (err.line, err.column) == (16, 34)
    assert "passer ikke" in err.reason


def test_xml_bad_date(tmp_path: Path) -> None:
    text = SMALL_XML.format(emne="23.05.10").replace("1999-01-01", "1999-02-30")
    err = read_error(write(tmp_path, "bad.xml", text))
    assert (err.line, err.value) == (17, "1999-02-30")


def test_xml_doctype_refused(tmp_path: Path) -> None:
    text = SMALL_XML.format(emne="23.05.10").replace(
        "<KLE-Emneplan>", '<!DOCTYPE KLE-Emneplan [<!ENTITY x "y">]>\n<KLE-Emneplan>'
    )
    assert "DOCTYPE" in read_error(write(tmp_path, "bad.xml", text)).reason


def test_xml_latin1_without_declaration_is_format_error(tmp_path: Path) -> None:
    text = SMALL_XML.format(emne="23.05.10").replace("Folkeregistrering", "Københavns")
    err = read_error(write(tmp_path, "bad.xml", text.encode("latin-1")))
    assert (err.line, err.column) == (11, 18)


def test_os2kle_line_without_klenummer(tmp_path: Path) -> None:
    data = f"{OS2KLE_LINE_A}\nKLETitel='Navne':Keywords[Weight]=Navn[5];\n{OS2KLE_LINE_B}\n"
    err = read_error(write(tmp_path, "x.txt", data))
    assert err.line == 2 and "KLENummer" in err.reason


def test_os2kle_bad_weight(tmp_path: Path) -> None:
    line = "KLENummer='23.05.12':KLETitel='Navne':Keywords[Weight]=Navn[5];foo[x];"
    err = read_error(write(tmp_path, "x.txt", f"{OS2KLE_LINE_A}\n{line}\n"))
    assert (err.line, err.column, err.value) == (2, line.index("foo") + 1, "foo[x]")
    assert "vægt" in err.reason


def test_os2kle_keyword_without_weight(tmp_path: Path) -> None:
    line = "KLENummer='23.05.12':KLETitel='Navne':Keywords[Weight]=Navn;"
    err = read_error(write(tmp_path, "x.txt", line + "\n"))
    assert (err.line, err.value) == (1, "Navn")


def test_os2kle_bad_and_duplicate_number(tmp_path: Path) -> None:
    bad = OS2KLE_LINE_A.replace("23.05.10", "23.5.10")
    err = read_error(write(tmp_path, "x.txt", f"{OS2KLE_LINE_B}\n{bad}\n"))
    assert (err.line, err.column, err.value) == (2, 12, "23.5.10")
    err = read_error(write(tmp_path, "y.txt", f"{OS2KLE_LINE_A}\n{OS2KLE_LINE_A}\n"))
    assert err.line == 2 and "to gange" in err.reason


def test_os2kle_damaged_utf8_is_refused(tmp_path: Path) -> None:
    data = (OS2KLE_LINE_B + "\n").encode("utf-8") + b"KLENummer='23.05.14':KLETitel='\xff'"
    err = read_error(write(tmp_path, "x.txt", data))
    assert (err.line, err.column) == (2, 32)


def test_missing_file(tmp_path: Path) -> None:
    assert "kan ikke læses" in read_error(tmp_path / "nope.xml").reason


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    prefix=st.sampled_from([b"", b"<KLE-Emneplan>", b"KLENummer='", b"\xff\xfe", b"<?xml"]),
    body=st.binary(max_size=300),
)
def test_any_bytes_give_catalogue_or_file_format_error(
    tmp_path_factory: pytest.TempPathFactory, prefix: bytes, body: bytes
) -> None:
    path = tmp_path_factory.mktemp("fuzz") / "f"
    path.write_bytes(prefix + body)
    try:
        cat = read_catalogue(path)
    except FileFormatError:
        return
    assert isinstance(cat, KleCatalogue)


def test_a_bad_kle_file_is_named_in_the_language_spoken(tmp_path: Path) -> None:
    empty = tmp_path / "kle.xml"
    empty.write_bytes(b"")
    with locale.speaking("en"), pytest.raises(FileFormatError) as english:
        read_catalogue(empty)
    assert str(english.value) == f"{empty}: the file is empty"
    with pytest.raises(FileFormatError, match="filen er tom"):
        read_catalogue(empty)
