"""``/metrics`` counts what the storage stored, told by the storage itself (``observe_batches``).

The deployment tests (test_deploy) check the figures across worker processes; these check, in one
process, that every applied batch is counted once whichever apps share a storage, and that an
observer hears of a batch only once its transaction has committed.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from prometheus_client import REGISTRY

from tests.sync.support import registration, total
from tracetool.collector import auth
from tracetool.collector.app import create_app
from tracetool.collector.backends import open_storage
from tracetool.collector.items import normalize_registration, normalize_total
from tracetool.collector.storage import ANYWHERE, SqlStorage
from tracetool.store.registrations import COLUMNS, to_row
from tracetool.sync.protocol import ItemResult


@pytest.fixture
def storage(tmp_path: Path) -> Iterator[SqlStorage]:
    storage = open_storage(f"sqlite:///{tmp_path / 'collector.db'}")
    yield storage
    storage.close()


def _rows(kind: str, status: str) -> float:
    return REGISTRY.get_sample_value("tracetool_rows_total", {"kind": kind, "status": status}) or 0


def test_two_apps_on_one_storage_count_each_stored_row_once(storage: SqlStorage) -> None:
    token = auth.new_token()
    storage.create_account(auth.hash_token(token), "registrant", 259, "259telefon", None)
    rows = [list(to_row(registration(i))) for i in range(3)]
    body = {"registrations": {"columns": list(COLUMNS), "rows": rows}}
    accepted, duplicate = _rows("registration", "accepted"), _rows("registration", "duplicate")
    with TestClient(create_app(storage)) as first, TestClient(create_app(storage)) as second:
        headers = {"Authorization": f"Bearer {token}"}
        assert first.post("/api/v1/batch", json=body, headers=headers).status_code == 200
        assert second.post("/api/v1/batch", json=body, headers=headers).status_code == 200
    assert _rows("registration", "accepted") - accepted == 3
    assert _rows("registration", "duplicate") - duplicate == 3


def test_an_observer_hears_each_batch_after_it_is_stored(storage: SqlStorage) -> None:
    heard: list[tuple[list[str], list[str]]] = []

    def observer(registrations: Sequence[ItemResult], totals: Sequence[ItemResult]) -> None:
        # Stored already: the receipt, read in a transaction of its own, counts the rows.
        assert storage.receipt(ANYWHERE).count == len(registrations)
        heard.append(([r.status for r in registrations], [t.status for t in totals]))

    storage.observe_batches(observer)
    storage.observe_batches(observer)  # asked twice, told once
    reg = normalize_registration(list(to_row(registration(1))))
    tot = normalize_total(total(1))
    storage.apply_batch([reg], [tot], "test", scope=ANYWHERE)
    storage.apply_batch([reg], [], "test", scope=ANYWHERE)
    assert heard == [(["accepted"], ["accepted"]), (["duplicate"], [])]
