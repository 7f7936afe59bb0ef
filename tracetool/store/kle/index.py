"""The derived word index (``kle_term``, ``kle_word``) that search walks.

It is rebuilt for exactly the subjects an import changes.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from typing import Any

from sqlite_utils import Database

from tracetool.store.kle.folding import _words


def _count(db: Database, sql: str, args: Sequence[object] = ()) -> int:
    return int(db.execute(sql, list(args)).fetchone()[0])


def _terms(row: dict[str, Any]) -> Iterator[tuple[int, str, int]]:
    yield 1, row["title"], 0
    for text, weight in json.loads(row["keywords"] or "[]"):
        yield 0, text, int(weight)


def _reindex(db: Database, rows: Sequence[dict[str, Any]]) -> None:
    if not rows:
        return
    conn = db.conn
    nrs = [(r["nr"],) for r in rows]
    # kle_word is keyed by word, so its rows are found through the words each old term had.
    stale = [
        (is_title, word, tid, pos)
        for (nr,) in nrs
        for tid, is_title, folded in conn.execute(
            "SELECT id, is_title, folded FROM kle_term WHERE nr = ?", [nr]
        )
        for pos, word in enumerate(folded.split(" "))
    ]
    conn.executemany(
        "DELETE FROM kle_word WHERE active IN (0, 1) AND is_title = ? AND word = ? "
        "AND term = ? AND pos = ?",
        stale,
    )
    conn.executemany("DELETE FROM kle_term WHERE nr = ?", nrs)
    next_id = _count(db, "SELECT coalesce(max(id), 0) FROM kle_term") + 1
    terms: list[tuple[int, str, int, str, str, int]] = []
    words: list[tuple[int, int, str, int, int, str, int, int]] = []
    for row in rows:
        nr, active = row["nr"], int(row["active"])
        for is_title, text, weight in _terms(row):
            ws = _words(text)
            if not ws:
                continue
            terms.append((next_id, nr, is_title, text, " ".join(ws), weight))
            words.extend(
                (active, is_title, w, next_id, pos, nr, weight, len(ws)) for pos, w in enumerate(ws)
            )
            next_id += 1
    conn.executemany(
        "INSERT INTO kle_term (id, nr, is_title, text, folded, weight) VALUES (?, ?, ?, ?, ?, ?)",
        terms,
    )
    # In key order the B-tree fills page by page; in file order every insert is a random seek.
    words.sort()
    conn.executemany(
        "INSERT INTO kle_word (active, is_title, word, term, pos, nr, weight, nwords) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        words,
    )


def reindex_all(db: Database) -> None:
    """Rebuild the whole search index from ``kle_subject`` (after a change to folding)."""
    with db.atomic():
        db.execute("DELETE FROM kle_word")
        db.execute("DELETE FROM kle_term")
        rows = list(db.query("SELECT nr, title, keywords, active FROM kle_subject ORDER BY nr"))
        _reindex(db, rows)
