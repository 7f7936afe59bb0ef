"""Task search: type-ahead over the unit's tasks, the task catalogue and KLE subjects."""

from __future__ import annotations

import difflib
import importlib
import json
import re
from dataclasses import dataclass
from typing import Any, Literal

from sqlite_utils import Database

from tracetool.codes.codebook import Codebook
from tracetool.desk.beside import task_usage
from tracetool.desk.entry import Entry
from tracetool.store.kle import fold


@dataclass(frozen=True)
class Hit:
    kle: str
    title: str
    where: Literal["unit", "favourite", "catalogue", "kle"]
    uses: int = 0
    hotkey: str | None = None


_DIGITS = re.compile(r"\d")


def _number_match(kle: str, text: str) -> bool:
    digits = "".join(_DIGITS.findall(text))
    return bool(digits) and kle.replace(".", "").startswith(digits)


# Typed on a keyboard without them (or by habit): ø as o or oe, æ as ae, å as aa.
_PLAIN = str.maketrans({"ø": "o", "æ": "ae", "å": "aa"})
# How alike a typed word and a title's word must be to count as a typo of it (difflib's
# ratio: one letter left out of or added to an eight-letter word is 0.93).
TYPO_CUTOFF = 0.8


def _plain(text: str) -> str:
    """Folded as the catalogue folds (case, accents), then with æ, ø, å spelt in ASCII."""
    return fold(text).translate(_PLAIN).replace("oe", "o")


def _words(text: str) -> list[str]:
    return [w for w in re.split(r"[\s,.;:/()-]+", _plain(text)) if w]


def _typo_of(word: str, candidates: list[str]) -> bool:
    """``word`` is a slip of one of ``candidates`` or of the start of one (typed so far)."""
    if len(word) < 4:
        return False
    stems = candidates + [c[: len(word) + 1] for c in candidates if len(c) > len(word)]
    return bool(difflib.get_close_matches(word, stems, n=1, cutoff=TYPO_CUTOFF))


def _text_rank(title: str, words: list[str], keywords: str = "") -> int | None:
    """0 best; None when some word is nowhere in title or keywords, not even misspelt."""
    hay = _plain(title)
    kw = _plain(keywords)
    rank = 0
    for w in words:
        if hay.startswith(w):
            continue
        if re.search(r"\b" + re.escape(w), hay):
            rank += 1
        elif w in hay:
            rank += 2
        elif w in kw:
            rank += 3
        elif _typo_of(w, _words(hay) + _words(kw)):
            rank += 4
        else:
            return None
    return rank


def search_tasks(
    db: Database,
    codebook: Codebook,
    entry: Entry,
    text: str,
    *,
    usage: dict[str, int] | None = None,
    limit: int = 30,
) -> list[Hit]:
    """Type-ahead over the unit's tasks, the task catalogue and active KLE subjects.

    Ranked by how often the unit used the task, then by how well it matches, then by whether
    it is on the unit's list; with no text, the unit's list by use.
    """
    usage = usage if usage is not None else task_usage(db, entry.unit.login)
    keys = {c.code: c.hotkey for c in entry.task_choices()}
    words = _words(text)
    is_number = bool(text.strip()) and text.strip()[0].isdigit()
    ranked: dict[str, tuple[tuple[int, int, int, str], Hit]] = {}

    unit_tasks = set(entry.unit.tasks) | {codebook.fejl_task.kle}
    pinned = set(entry.favourites)

    def offer(kle: str, title: str, where: Any, rank: int) -> None:
        if kle not in unit_tasks and kle not in pinned and kle.count(".") != 2:
            return  # a KLE main group or group: nothing is registered on it
        # Say where the task really lives, however it was found (a KLE keyword may find a
        # task that is on the unit's own list), and call it by the name staff know.
        if kle in unit_tasks:
            where, title = "unit", entry.title(kle)
        elif kle in pinned:
            where, title = "favourite", entry.title(kle)
        elif codebook.task(kle) is not None:
            where, title = "catalogue", entry.title(kle)
        hit = Hit(kle, title, where, usage.get(kle, 0), keys.get(kle))
        place = {"unit": 0, "favourite": 0, "catalogue": 1, "kle": 2}[where]
        key = (-hit.uses, rank, place, kle)
        if kle not in ranked or key < ranked[kle][0]:
            ranked[kle] = (key, hit)

    def consider(
        kle: str, title: str, where: Any, keywords: str = "", trusted: int | None = None
    ) -> None:
        if trusted is not None:
            offer(kle, title, where, trusted)
            return
        if not words:
            offer(kle, title, where, 0)
            return
        if is_number:
            if _number_match(kle, text):
                offer(kle, title, where, 0)
            return
        rank = _text_rank(title, words, keywords)
        if rank is not None:
            offer(kle, title, where, rank)

    for kle in entry.unit.tasks:
        consider(kle, entry.title(kle), "unit")
    for kle in entry.favourites:
        consider(kle, entry.title(kle), "favourite")
    fejl = codebook.fejl_task
    consider(fejl.kle, fejl.label(entry.lang), "unit")
    if words:
        for task in codebook.tasks:
            consider(task.kle, task.label(entry.lang), "catalogue", task.name)
        for kle, title, keywords, trusted in _kle_candidates(db, text, limit * 3):
            consider(kle, title, "kle", keywords, trusted)
    hits = sorted(ranked.values(), key=lambda pair: pair[0])
    return [h for _, h in hits[:limit]]


def _kle_candidates(db: Database, text: str, limit: int) -> list[tuple[str, str, str, int | None]]:
    """Active KLE subjects that may match, with a rank when the catalogue's own search (which
    also weighs keywords) found them; else a plain query, ranked here."""
    search: Any = None
    try:
        # Written beside this module by the catalogue work; absent on older checkouts.
        search = getattr(importlib.import_module("tracetool.store.kle"), "search", None)
    except ImportError:
        search = None
    if search is not None:
        try:
            found = search(db, text, limit=limit)
        except Exception:  # a half-imported catalogue must not break the line
            found = []
        result: list[tuple[str, str, str, int | None]] = []
        for i, h in enumerate(found):
            nr = getattr(h, "nr", None)
            title = getattr(h, "title", None)
            if nr is None and isinstance(h, dict):
                nr, title = h.get("nr"), h.get("title")
            if nr:
                # In the catalogue's own order, behind titles that start with the text.
                result.append((str(nr), str(title or nr), "", 1 + i))
        if result:
            return result
    return [(nr, title, kw, None) for nr, title, kw in _kle_fallback(db, text, limit)]


def _kle_fallback(db: Database, text: str, limit: int) -> list[tuple[str, str, str]]:
    words = _words(text)
    if not words:
        return []
    clauses: list[str] = []
    params: list[Any] = []
    digits = "".join(_DIGITS.findall(text))
    if text.strip()[:1].isdigit() and digits:
        clauses.append("replace(nr, '.', '') LIKE ?")
        params.append(digits + "%")
    else:
        for w in words:
            clauses.append("(title LIKE ? OR COALESCE(keywords, '') LIKE ?)")
            params += [f"%{w}%", f"%{w}%"]
    try:
        rows = db.execute(
            "SELECT nr, title, COALESCE(keywords, '') FROM kle_subject WHERE active = 1 "
            f"AND level = 'emne' AND {' AND '.join(clauses)} ORDER BY nr LIMIT ?",
            [*params, limit],
        ).fetchall()
    except Exception:  # no catalogue table yet on an old store
        return []
    return [(r[0], r[1], _keyword_text(r[2])) for r in rows]


def _keyword_text(raw: str) -> str:
    try:
        value = json.loads(raw) if raw else []
    except ValueError:
        return raw
    words: list[str] = []
    if isinstance(value, list):
        for item in value:
            if isinstance(item, list | tuple) and item:
                words.append(str(item[0]))
            else:
                words.append(str(item))
    return " ".join(words)
