from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import reg
from tracetool import locale
from tracetool.errors import NotFoundError, TracetoolError
from tracetool.store import outbox, settings
from tracetool.store.db import open_database
from tracetool.store.registrations import Query, RegistrationStore


@pytest.fixture
def store(tmp_path: Path) -> RegistrationStore:
    return RegistrationStore(open_database(tmp_path / "t.db"))


def test_pragmas_give_durability(store: RegistrationStore) -> None:
    assert store.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert store.db.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL


def test_migrations_run_once(tmp_path: Path) -> None:
    open_database(tmp_path / "m.db").close()
    db = open_database(tmp_path / "m.db")
    names = [r[0] for r in db.execute("SELECT name FROM _sqlite_migrations ORDER BY id")]
    assert names[:3] == ["m001_registrations", "m002_kle", "m003_totals"]
    assert len(names) == len(set(names))


def test_save_round_trips_every_field(store: RegistrationStore) -> None:
    r = reg(answers={"koen": "K"}, started_at=reg().saved_at.replace(minute=29), device="d1")
    store.save(r)
    assert store.get(r.id) == r
    assert outbox.pending_count(store.db) == 1


def test_same_id_twice_is_refused_and_leaves_one(store: RegistrationStore) -> None:
    r = reg()
    store.save(r)
    with pytest.raises(TracetoolError):
        store.save(r)
    assert store.count() == 1
    assert outbox.pending_count(store.db) == 1


def test_correction_bumps_revision_and_keeps_history(store: RegistrationStore) -> None:
    r = store.save(reg())
    new = store.correct(r.id, type="INFO")
    assert new.revision == 2 and new.type == "INFO"
    assert store.get(r.id).type == "INFO"
    assert [h.type for h in store.history(r.id)] == ["VEJL"]
    assert [e.revision for e in outbox.pending(store.db)] == [1, 2]


def test_delete_is_a_tombstone(store: RegistrationStore) -> None:
    r = store.save(reg())
    store.delete(r.id)
    assert store.count() == 0
    assert store.get(r.id).deleted
    assert store.count(Query(include_deleted=True)) == 1
    with pytest.raises(TracetoolError):
        store.correct(r.id, type="INFO")
    with pytest.raises(TracetoolError):
        store.delete(r.id)


def test_unknown_id_and_short_prefix(store: RegistrationStore) -> None:
    r = store.save(reg())
    assert store.get(r.id[:13]).id == r.id
    with pytest.raises(NotFoundError):
        store.get("nope")


def test_mass_registration_counts_n(store: RegistrationStore) -> None:
    store.save(reg(count=25))
    store.save(reg())
    assert store.count() == 26


def test_test_mode_rows_are_left_out_unless_asked(store: RegistrationStore) -> None:
    store.save(reg(test_mode=True))
    assert store.count() == 0
    assert store.count(Query(include_test=True)) == 1


def test_save_many_skips_known_import_keys(store: RegistrationStore) -> None:
    rows = [reg(import_key="a"), reg(import_key="b")]
    assert store.save_many(rows) == (2, 0)
    assert store.save_many([reg(import_key="a"), reg(import_key="c")]) == (1, 1)
    assert store.count() == 3


def test_last_saved_and_settings(store: RegistrationStore) -> None:
    device = settings.device_id(store.db)
    assert settings.device_id(store.db) == device
    a = store.save(reg(device=device))
    b = store.save(reg(device=device, saved_at=a.saved_at.replace(minute=45)))
    assert store.last_saved(device) == b
    store.delete(b.id)
    assert store.last_saved(device) == store.get(a.id)


def test_outbox_mark_sent(store: RegistrationStore) -> None:
    store.save(reg())
    store.save(reg())
    entries = outbox.pending(store.db)
    outbox.mark_sent(store.db, [entries[0].seq])
    assert outbox.pending_count(store.db) == 1


def test_a_file_that_is_not_a_database_gives_a_clear_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(TracetoolError, match=r"bad\.db"):
        open_database(bad)


def test_an_unknown_id_is_said_in_the_language_spoken(store: RegistrationStore) -> None:
    with locale.speaking("en"), pytest.raises(NotFoundError) as caught:
        store.get("nope")
    assert str(caught.value) == "no registration with id 'nope'"
    with pytest.raises(NotFoundError, match="ingen registrering med id 'nope'"):
        store.get("nope")
