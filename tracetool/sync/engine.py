"""One sync run: the outbox to the collector, exactly once, then the plan back.

Exactly once rests on three rules. The collector keys every row by its device-made id and
revision and answers a repeat "duplicate", so sending twice is harmless. An outbox entry leaves
the outbox only after the collector has answered for its row, so a lost request, a lost answer
or a crash leaves it pending and it is sent again. And each row travels at its current revision,
so entries are removed up to the revision the collector answered for, never beyond.

Two batches are in flight at a time: the desk reads and encodes the next while the collector
stores the last. Batches are independent (each is idempotent on the server), so their order
does not matter; a failure stops new batches, and the answers already on their way are still
recorded.
"""

from __future__ import annotations

import contextlib
import ipaddress
import zlib
from collections import Counter, deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from operator import itemgetter
from typing import Any, NamedTuple
from urllib.parse import urlsplit

from sqlite_utils import Database

from tracetool import paths
from tracetool.desk.applying import apply_plan
from tracetool.locale import translator
from tracetool.store import outbox, settings, syncstate
from tracetool.sync import config, repair
from tracetool.sync.client import CollectorClient, SyncError, dumps
from tracetool.sync.protocol import (
    ACCEPTED,
    API,
    CONFLICT,
    DUPLICATE,
    INVALID,
    REGISTRATION_COLUMNS,
    STATUSES,
    UPDATED,
    checksum,
    encode_total_row,
)

_ = translator("core")

Progress = Callable[[int, int], None]

# Below this a body is sent as it is; above, gzip level 1 (fast) roughly quarters it.
GZIP_FROM = 4096


@dataclass
class Summary:
    sent: int = 0
    accepted: int = 0
    duplicates: int = 0
    updated: int = 0
    conflicts: int = 0
    invalid: int = 0
    pending: int = 0
    unsendable: int = 0
    batches: int = 0
    plan: str | None = None
    complete: bool = False
    error: str | None = None
    last_sync_at: str | None = None
    problems: list[dict[str, Any]] = field(default_factory=list)

    def add(self, tally: Counter[str]) -> None:
        self.sent += sum(tally.values())
        self.accepted += tally[ACCEPTED]
        self.duplicates += tally[DUPLICATE]
        self.updated += tally[UPDATED]
        self.conflicts += tally[CONFLICT]
        self.invalid += tally[INVALID]

    def as_json(self) -> dict[str, Any]:
        return asdict(self)


class SyncFailed(SyncError):
    """A sync that stopped part-way; ``summary`` says what got through."""

    def __init__(self, error: SyncError, summary: Summary) -> None:
        super().__init__(str(error), kind=error.kind, status=error.status)
        self.summary = summary


_GET_ID = itemgetter("id")
_GET_STATUS = itemgetter("status")
_ITEM_ID = itemgetter(0)
_ITEM_REVISION = itemgetter(1)


# An outbox entry: (seq, entity id, queued revision, ...) as the store returns it; a plain
# tuple, since a sync handles 100,000 of them.
_Entry = tuple[Any, ...]
_E_SEQ, _E_ID, _E_REVISION = 0, 1, 2


class _Item(NamedTuple):
    id: str
    revision: int
    json: str  # the wire form: a JSON array in column order (registrations) or an object


@dataclass(frozen=True)
class _Batch:
    entity: str
    items: list[_Item]
    entries: list[_Entry]
    body: bytes
    gzip: bool


@dataclass(frozen=True)
class Limits:
    max_rows: int
    max_bytes: int
    max_decompressed_bytes: int
    gzip: bool

    @classmethod
    def from_json(cls, data: Any, cap_rows: int | None) -> Limits:
        if not isinstance(data, dict):
            raise SyncError(_("serveren sendte ingen grænser (/api/v1/limits)"), kind="protocol")
        try:
            rows = int(data["max_rows"])
            limits = cls(
                max_rows=min(rows, cap_rows) if cap_rows else rows,
                max_bytes=int(data["max_bytes"]),
                max_decompressed_bytes=int(data["max_decompressed_bytes"]),
                gzip="gzip" in data.get("content_encodings", []),
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise SyncError(
                _("serverens grænser kan ikke læses: {exc}").format(exc=exc), kind="protocol"
            ) from exc
        if limits.max_rows < 1 or limits.max_bytes < 1:
            raise SyncError(_("serverens grænser tillader ingen data"), kind="protocol")
        return limits


_COLUMNS_JSON = dumps(list(REGISTRATION_COLUMNS)).decode()


def _encode(
    entity: str, items: list[_Item], limits: Limits, use_gzip: bool
) -> tuple[bytes, bool] | None:
    """The body and whether it is gzipped; None when it is over the server's limits."""
    joined = ",".join(i.json for i in items)
    if entity == "registration":
        text = f'{{"registrations":{{"columns":{_COLUMNS_JSON},"rows":[{joined}]}}}}'
    else:
        text = f'{{"totals":[{joined}]}}'
    raw = text.encode()
    if len(raw) > limits.max_decompressed_bytes:
        return None
    if use_gzip and limits.gzip and len(raw) >= GZIP_FROM:
        packer = zlib.compressobj(1, zlib.DEFLATED, 31)
        packed = packer.compress(raw) + packer.flush()
        return (packed, True) if len(packed) <= limits.max_bytes else None
    return (raw, False) if len(raw) <= limits.max_bytes else None


class Syncer:
    def __init__(
        self,
        db: Database,
        client: CollectorClient,
        *,
        progress: Progress | None = None,
        max_rows: int | None = None,
        use_gzip: bool | None = None,
        depth: int = 2,
    ) -> None:
        self.db = db
        self.depth = max(1, depth)
        self.client = client
        self.progress = progress
        self.max_rows = max_rows
        # Compression pays on a real line; on loopback it only costs CPU on both ends.
        self.use_gzip = not _loopback(client.server) if use_gzip is None else use_gzip
        self.summary = Summary()
        self._done = 0
        self._total = 0
        # Earlier refusals are cleared when their row is later accepted; skip that bookkeeping
        # (one list entry per row) when there are none, which is nearly always.
        self._had_rejections = bool(syncstate.rejections(db))

    # -- the run --------------------------------------------------------------------------

    def run(self) -> Summary:
        s = self.summary
        try:
            _, data = self.client.get(f"{API}/limits")
            limits = Limits.from_json(data, self.max_rows)
            self._total = outbox.pending_count(self.db)
            self._tick(0)
            self._send(limits, "registration")
            self._send(limits, "total")
            s.plan = self._pull_plan()
        except SyncError as exc:
            s.error = str(exc)
            s.pending = outbox.pending_count(self.db)
            raise SyncFailed(exc, s) from exc
        s.pending = outbox.pending_count(self.db)
        s.complete = True
        s.last_sync_at = syncstate.set_last_sync_at(self.db)
        return s

    def _tick(self, n: int) -> None:
        self._done += n
        if self.progress is not None:
            self.progress(min(self._done, self._total), self._total)

    def _send(self, limits: Limits, entity: str) -> None:
        """Batches go out ``depth`` at a time: the next is read and encoded while the server
        stores the last. Answers are recorded here, on the thread that owns the store.
        """
        flying: deque[tuple[Future[tuple[int, Any]], _Batch]] = deque()
        with ThreadPoolExecutor(max_workers=self.depth, thread_name_prefix="sync") as pool:
            try:
                for batch in self._batches(limits, entity):
                    while len(flying) >= self.depth:
                        self._finish(*flying.popleft())
                    future = pool.submit(
                        self.client.post_json, f"{API}/batch", batch.body, gzip=batch.gzip
                    )
                    flying.append((future, batch))
                while flying:
                    self._finish(*flying.popleft())
            except BaseException:
                # What is already on its way still counts: record those answers, then stop.
                while flying:
                    future, batch = flying.popleft()
                    with contextlib.suppress(SyncError):
                        self._finish(future, batch)
                raise

    def _batches(self, limits: Limits, entity: str) -> Iterator[_Batch]:
        after = 0
        while True:
            if entity == "registration":
                read = syncstate.pending_registrations(self.db, after, limits.max_rows)
                if not read:
                    return
                after = read[-1][0]
                entries: list[_Entry] = read  # (seq, id, queued revision, ...)
                # A row corrected twice offline has two entries and travels once.
                found = {r[1]: _Item(r[1], r[3] or 0, r[4]) for r in read if r[4] is not None}
            else:
                pending = syncstate.pending(self.db, entity, after, limits.max_rows)
                if not pending:
                    return
                after = pending[-1].seq
                entries = list(pending)
                totals = syncstate.total_rows(self.db, list({p.entity_id for p in pending}))
                found = {
                    i: _Item(i, r[10], dumps(encode_total_row(r)).decode())
                    for i, r in totals.items()
                }
            # An entry whose row is gone cannot be sent; it stays pending and is counted.
            missing = sum(1 for e in entries if e[_E_ID] not in found)
            self.summary.unsendable += missing
            self._tick(missing)
            if found:
                yield from self._fit(limits, entity, list(found.values()), entries)

    def _fit(
        self,
        limits: Limits,
        entity: str,
        items: list[_Item],
        entries: list[_Entry],
    ) -> Iterator[_Batch]:
        """One batch, or halves of it until each is within the server's byte limits."""
        body = _encode(entity, items, limits, self.use_gzip)
        if body is not None:
            yield _Batch(entity, items, entries, body[0], body[1])
            return
        if len(items) == 1:
            raise SyncError(
                _(
                    "{entity} {id} er større end serverens grænser ({max_bytes} bytes); "
                    "den kan ikke sendes"
                ).format(entity=_da(entity), id=items[0].id, max_bytes=limits.max_bytes),
                kind="refused",
            )
        half = len(items) // 2
        for part in (items[:half], items[half:]):
            ids = {i.id for i in part}
            yield from self._fit(limits, entity, part, [e for e in entries if e[_E_ID] in ids])

    def _finish(self, future: Future[tuple[int, Any]], batch: _Batch) -> None:
        _sent, answer = future.result()
        entity, items = batch.entity, batch.items
        key = "registrations" if entity == "registration" else "totals"
        results = answer.get(key) if isinstance(answer, dict) else None
        if not isinstance(results, list) or len(results) != len(items):
            raise SyncError(_("serverens svar passer ikke til det sendte"), kind="protocol")
        if set(map(type, results)) != {dict}:
            raise SyncError(_("serverens svar passer ikke til det sendte"), kind="protocol")
        # Whole-list checks and counts (C builtins): 100,000 answers per sync.
        try:
            same = list(map(_GET_ID, results)) == list(map(_ITEM_ID, items))
            statuses = list(map(_GET_STATUS, results))
        except KeyError:
            same = False
        if not same:
            raise SyncError(_("serverens svar passer ikke til det sendte"), kind="protocol")
        tally = Counter(statuses)
        if not set(tally) <= set(STATUSES):
            odd = next(iter(set(tally) - set(STATUSES)))
            raise SyncError(_("ukendt svar fra serveren: {odd!r}").format(odd=odd), kind="protocol")
        answered = dict(zip(map(_ITEM_ID, items), map(_ITEM_REVISION, items), strict=True))
        outcomes: list[tuple[str, int | None, str, str | None]] = []
        if tally[INVALID] or tally[CONFLICT] or self._had_rejections:
            for item, result, status in zip(items, results, statuses, strict=True):
                if status in (INVALID, CONFLICT):
                    reason = result.get("reason")
                    outcomes.append((item.id, item.revision, status, reason))
                    if len(self.summary.problems) < 100:
                        self.summary.problems.append(
                            {"entity": entity, "id": item.id, "revision": item.revision,
                             "status": status, "reason": reason}
                        )  # fmt: skip
                else:
                    outcomes.append((item.id, item.revision, status, None))
        done = [
            e[_E_SEQ]
            for e in batch.entries
            if e[_E_ID] in answered and e[_E_REVISION] <= answered[e[_E_ID]]
        ]
        syncstate.mark_sent(self.db, done)
        syncstate.record(self.db, entity, outcomes)
        if tally[INVALID] or tally[CONFLICT]:
            self._had_rejections = True
        self.summary.add(tally)
        self.summary.batches += 1
        self._tick(len(done))

    # -- the plan -------------------------------------------------------------------------

    def _pull_plan(self) -> str | None:
        try:
            status, plan = self.client.get(f"{API}/plan")
        except SyncError as exc:
            if exc.status == 400:  # an admin token belongs to no municipality: no plan to pull
                return None
            raise
        if status == 404 or not isinstance(plan, dict):
            return None
        digest = str(plan.get("sha256", ""))
        version = plan.get("version")
        if digest and settings.get(self.db, syncstate.PLAN_SHA) == digest:
            return _("uændret (version {version})").format(version=version)
        text = plan.get("text")
        if not isinstance(text, str):
            return None
        applied = apply_plan_text(text)
        settings.put(self.db, syncstate.PLAN_SHA, digest)
        return f"{applied} (version {version})"


def _loopback(url: str) -> bool:
    host = urlsplit(url).hostname or ""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _da(entity: str) -> str:
    return _("registreringen") if entity == "registration" else _("total-tallet")


def apply_plan_text(text: str) -> str:
    """Apply a fetched plan; it is kept beside the store as ``plan.collector.toml`` as well."""
    target = paths.home() / "plan.collector.toml"
    target.write_text(text, encoding="utf-8")
    apply_plan(target)
    return _("hentet og anvendt")


@dataclass
class Status:
    pending: dict[str, int]
    last_sync_at: str | None
    local_count: int
    local_checksum: str
    local_totals: int
    local_totals_checksum: str
    rejections: list[syncstate.Rejection]
    server: dict[str, Any] | None = None
    server_error: str | None = None
    differences: list[repair.Difference] | None = None  # when the receipt does not match

    @property
    def matches(self) -> bool | None:
        if self.server is None:
            return None
        return (
            self.server.get("count") == self.local_count
            and self.server.get("checksum") == self.local_checksum
            and self.server.get("totals") == self.local_totals
            and self.server.get("totals_checksum") == self.local_totals_checksum
        )

    def as_json(self) -> dict[str, Any]:
        return {
            "pending": sum(self.pending.values()),
            "pending_by_entity": self.pending,
            "last_sync_at": self.last_sync_at,
            "local": {
                "count": self.local_count,
                "checksum": self.local_checksum,
                "totals": self.local_totals,
                "totals_checksum": self.local_totals_checksum,
            },
            "server": self.server,
            "server_error": self.server_error,
            "matches": self.matches,
            "rejections": [asdict(r) for r in self.rejections],
            "differences": (
                None if self.differences is None else [asdict(d) for d in self.differences]
            ),
        }


def local_status(db: Database) -> Status:
    count, digest = checksum(syncstate.held_registrations(db))
    totals, totals_digest = checksum(syncstate.held_totals(db))
    return Status(
        pending=syncstate.pending_by_entity(db),
        last_sync_at=syncstate.last_sync_at(db),
        local_count=count,
        local_checksum=digest,
        local_totals=totals,
        local_totals_checksum=totals_digest,
        rejections=syncstate.rejections(db),
    )


def status(db: Database, client: CollectorClient | None) -> Status:
    """Local state, and the collector's receipt for what this desk delivered."""
    result = local_status(db)
    if client is None:
        return result
    try:
        _, receipt = client.get(f"{API}/receipt", origin=settings.device_id(db))
        result.server = receipt if isinstance(receipt, dict) else None
        if result.matches is False:
            result.differences = repair.differences(db, client)
    except SyncError as exc:
        result.server_error = str(exc)
    return result


def configured_client(db: Database, **options: Any) -> CollectorClient:
    """A client for the remembered server and token (``tracetool sync --server/--token``)."""
    remembered = config.load()
    if not remembered.server:
        raise SyncError(
            _("ingen server: kør første gang `tracetool sync --server URL --token NØGLE`"),
            kind="refused",
        )
    options.setdefault("give_up_after", remembered.give_up_after)
    return CollectorClient(
        remembered.server, remembered.token, device=settings.device_id(db), **options
    )


def sync_now(db: Database, *, progress: Progress | None = None) -> Summary:
    """One sync with the remembered settings, for a front end that syncs in the background.

    Raises SyncFailed (with the summary so far) or SyncError; nothing is lost either way.
    """
    with configured_client(db) as client:
        return Syncer(db, client, progress=progress).run()
