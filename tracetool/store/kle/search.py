"""Finding KLE subjects for what staff type.

Staff pick a task by typing a few letters or digits, so search must answer within a keystroke
on a plain laptop. It therefore walks a derived index of folded words (``kle_word``) rather
than the JSON keywords of ``kle_subject``; the index is rebuilt for exactly the subjects an
import changes.

Ranking, best first (each tier strictly above the next):

1. exact number ("23.05.10", "230510", "23 05 10");
2. number prefix ("23.05", "2305", "23.0"), shorter numbers (groups) before their emner;
3. every query word starts a word of the title; whole-title and whole-word matches, a match
   at the first word and short titles rank higher;
4. every query word starts a word of one OS2KLE keyword; ranked by the keyword's weight
   (logarithmically: OS2KLE uses 5 for ordinary terms and up to 10,000 for form codes), by
   whole-keyword and whole-word matches, plus a little for each further matching keyword;
5. the query words are spread over the title and several keywords.

Matching folds case and accents as ``folding`` says.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import asdict, dataclass
from typing import Any, Final, Literal

from sqlite_utils import Database

from tracetool.store.kle.folding import _ASCII_SPELLINGS, _words
from tracetool.store.kle.index import _count

MatchKind = Literal["number", "number-prefix", "title", "keyword", "words"]


@dataclass(frozen=True)
class SubjectHit:
    nr: str
    title: str
    level: str
    active: bool
    score: float
    matched: str  # the number, title or keyword text that matched
    kind: MatchKind
    weight: int | None = None  # the OS2KLE weight when a keyword matched

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


_NUMBERISH: Final = re.compile(r"[\d.\s-]*\d[\d.\s-]*")
# The top of the code point range: every word with a given prefix sorts below prefix + this.
_AFTER: Final = "\U0010ffff"

# Tier bases; the bonuses inside a tier never add up to the gap between two tiers.
_EXACT_NR: Final = 1000.0
_NR_PREFIX: Final = 900.0
_TITLE: Final = 700.0
_KEYWORD: Final = 300.0
_SPREAD: Final = 100.0
_INACTIVE_PENALTY: Final = 1.0


def _number_prefix(text: str) -> str | None:
    """The dotted KLE prefix a numeric query means ("2305" → "23.05"), else None."""
    if not _NUMBERISH.fullmatch(text):
        return None
    parts = [p for p in re.split(r"[.\s-]+", text.strip()) if p]
    if len(parts) > 1:
        # "1.5.10" means 01.05.10; only the last part may be an unfinished prefix.
        if any(len(p) > 2 for p in parts[:-1]) or len(parts[-1]) > 2:
            return None
        digits = "".join(p.zfill(2) for p in parts[:-1]) + parts[-1]
    else:
        digits = parts[0]
    if len(digits) > 6:
        return None
    return ".".join(digits[i : i + 2] for i in range(0, len(digits), 2))


def _variants(word: str) -> list[tuple[str, bool]]:
    """The word as typed, and with keyboard spellings turned into Danish letters."""
    out = [(word, False)]
    danish = word
    for ascii_form, letter in _ASCII_SPELLINGS:
        danish = danish.replace(ascii_form, letter)
    if danish != word:
        out.append((danish, True))
    return out


# Keyword words are matched by prefix only from this length on: "a" or "af" would otherwise
# pull in a third of the 80,000 indexed words and nothing useful.
_KEYWORD_PREFIX_MIN: Final = 3
# At most this many indexed words per scan reach Python: fetching a row costs microseconds,
# and a keystroke must answer within 20 ms on a slow desk PC. Rows come in index order, so
# whole-word matches and the alphabetically nearest completions are the ones kept. The short
# cap is for one- and two-letter words, whose results are a guess anyway; the long one is met
# only by very common prefixes ("til", "for", "kom", "bek", "lov" in keywords; "alm" in titles).
_SHORT_CAP: Final = 250
_SCAN_CAP: Final = 600

# (whole word, typed as is rather than via a keyboard spelling, -position): max() is the best.
_Hit = tuple[int, int, int]


@dataclass(slots=True)
class _Term:
    id: int
    nr: str
    is_title: bool
    weight: int
    nwords: int
    hits: dict[int, _Hit]  # by index of the query word


def _term_score(t: _Term, n: int) -> float:
    whole = 0
    in_order = True
    at_start = False
    typed = True
    for i in range(n):
        w, as_typed, neg_pos = t.hits[i]
        whole += w
        in_order = in_order and neg_pos == -i
        at_start = at_start or neg_pos == 0
        typed = typed and bool(as_typed)
    score = 30.0 * whole / n - min(t.nwords, 20)
    if in_order and whole == n and t.nwords == n:
        score += 100.0 if t.is_title else 60.0  # the whole title or keyword is the query
    elif in_order and whole >= n - 1:
        score += 20.0  # the term starts with the query as a phrase
    if at_start:
        score += 15.0
    if not typed:
        score -= 2.0
    if t.is_title:
        return _TITLE + score
    return _KEYWORD + score + 25.0 * math.log10(1 + t.weight)


@dataclass
class _Match:
    score: float
    kind: MatchKind
    terms: list[int]  # the term ids whose text explains the match
    matched: str = ""
    weight: int | None = None


def search(
    db: Database, text: str, limit: int = 20, include_inactive: bool = False
) -> list[SubjectHit]:
    """Subjects matching ``text`` by number, title or keyword, best first (see module doc)."""
    query = text.strip()
    if not query or limit <= 0:
        return []
    best: dict[str, _Match] = {}

    def offer(nr: str, m: _Match) -> None:
        if nr not in best or m.score > best[nr].score:
            best[nr] = m

    prefix = _number_prefix(query)
    if prefix is not None:
        digits = len(prefix.replace(".", ""))
        for (nr,) in db.execute(
            "SELECT nr FROM kle_subject WHERE nr >= ? AND nr < ?", [prefix, prefix + _AFTER]
        ):
            extra = len(nr.replace(".", "")) - digits
            if extra == 0:
                offer(nr, _Match(_EXACT_NR, "number", [], matched=nr))
            else:
                offer(nr, _Match(_NR_PREFIX - 10.0 * extra, "number-prefix", [], matched=nr))

    qwords = list(dict.fromkeys(_words(query)))
    if qwords:
        for nr, m in _text_matches(db, qwords, include_inactive).items():
            offer(nr, m)
    if not best:
        return []

    ranked = sorted(best.items(), key=lambda kv: (-kv[1].score, kv[0]))
    top: list[tuple[float, str, _Match]] = []
    info: dict[str, tuple[str, str, bool]] = {}
    # Titles and activity are read only for the front of the ranking, a chunk at a time,
    # until enough active subjects are found; a one-letter query has thousands of candidates.
    for start in range(0, len(ranked), 2 * limit):
        chunk = ranked[start : start + 2 * limit]
        info.update(_subject_info(db, [nr for nr, _ in chunk]))
        for nr, m in chunk:
            if include_inactive or info[nr][2]:
                penalty = 0.0 if info[nr][2] else _INACTIVE_PENALTY
                top.append((m.score - penalty, nr, m))
        if len(top) >= limit:
            break
    top.sort(key=lambda c: (-c[0], c[1]))
    top = top[:limit]
    texts = _term_texts(db, [tid for _, _, m in top for tid in m.terms])
    hits = []
    for score, nr, m in top:
        title, level, active = info[nr]
        matched = " + ".join(texts[tid] for tid in m.terms) if m.terms else m.matched
        hits.append(
            SubjectHit(
                nr=nr,
                title=title,
                level=level,
                active=active,
                score=round(score, 2),
                matched=matched,
                kind=m.kind,
                weight=m.weight,
            )
        )
    return hits


_WORD_SQL: Final = (
    "SELECT word, term, pos, nr, weight, nwords FROM kle_word "
    "WHERE active IN (1, ?) AND is_title = ? AND word >= ? AND word < ?"
)
_COUNT_SQL: Final = (
    "SELECT count(*) FROM kle_word "
    "WHERE active IN (1, ?) AND is_title = ? AND word >= ? AND word < ?"
)
_ONLY_SQL: Final = " AND nr IN (SELECT value FROM json_each(?))"


@dataclass(frozen=True)
class _Scan:
    is_title: int
    word: str
    via_ascii: bool
    whole_only: bool

    def bounds(self, include_inactive: bool) -> list[object]:
        upper = self.word + "\x00" if self.whole_only else self.word + _AFTER
        # active IN (1, 1) or IN (1, 0): one or two seeks on the leading key column.
        return [0 if include_inactive else 1, self.is_title, self.word, upper]

    @property
    def cap(self) -> int:
        return _SHORT_CAP if len(self.word) < _KEYWORD_PREFIX_MIN else _SCAN_CAP


def _scans(qword: str) -> list[_Scan]:
    out = []
    for variant, via_ascii in _variants(qword):
        out.append(_Scan(1, variant, via_ascii, False))
        out.append(_Scan(0, variant, via_ascii, len(variant) < _KEYWORD_PREFIX_MIN))
    return out


def _text_matches(db: Database, qwords: list[str], include_inactive: bool) -> dict[str, _Match]:
    n = len(qwords)
    plan = [_scans(qw) for qw in qwords]
    order = list(range(n))
    if n > 1:
        # The rarest word decides which subjects can match at all; the other words are then
        # looked up inside those subjects only, so a common word like "til" costs nothing.
        def rows(i: int) -> int:
            return sum(_count(db, _COUNT_SQL, s.bounds(include_inactive)) for s in plan[i])

        order.sort(key=rows)
    terms: dict[int, _Term] = {}
    only: str | None = None
    for i in order:
        for scan in plan[i]:
            sql = _WORD_SQL + (_ONLY_SQL if only is not None else "") + " LIMIT ?"
            args = [
                *scan.bounds(include_inactive),
                *([only] if only is not None else []),
                scan.cap,
            ]
            qw, typed, is_title = scan.word, int(not scan.via_ascii), bool(scan.is_title)
            # The hot loop of every keystroke: plain tuples and local names only.
            for word, tid, pos, nr, weight, nwords in db.execute(sql, args):
                t = terms.get(tid)
                if t is None:
                    t = terms[tid] = _Term(tid, nr, is_title, weight, nwords, {})
                hit = (int(word == qw), typed, -pos)
                old = t.hits.get(i)
                if old is None or hit > old:
                    t.hits[i] = hit
        if not terms:
            return {}
        if only is None and n > 1:
            only = json.dumps(sorted({t.nr for t in terms.values()}))

    by_subject: dict[str, list[_Term]] = {}
    for t in terms.values():
        by_subject.setdefault(t.nr, []).append(t)
    out: dict[str, _Match] = {}
    for nr, ts in by_subject.items():
        best_kw: _Term | None = None
        best_kw_score = 0.0
        more = 0
        title: _Term | None = None
        for t in ts:
            if len(t.hits) != n:
                continue
            if t.is_title:
                title = t
                break
            score = _term_score(t, n)
            if best_kw is None or score > best_kw_score:
                more += best_kw is not None
                best_kw, best_kw_score = t, score
            else:
                more += 1
        if title is not None:
            out[nr] = _Match(_term_score(title, n), "title", [title.id])
        elif best_kw is not None:
            # Several keywords agreeing on a subject is evidence too, but never a tier's worth.
            score = best_kw_score + min(20.0, 3.0 * more)
            out[nr] = _Match(score, "keyword", [best_kw.id], weight=best_kw.weight)
        elif n > 1 and len({i for t in ts for i in t.hits}) == n:
            out[nr] = _spread(ts, n)
    return out


def _spread(ts: list[_Term], n: int) -> _Match:
    """All query words occur, but in different terms: the terms that together cover them."""
    order = sorted(ts, key=lambda t: (not t.is_title, -len(t.hits), -t.weight, t.id))
    covered: set[int] = set()
    shown: list[int] = []
    for t in order:
        if set(t.hits) - covered:
            covered |= set(t.hits)
            shown.append(t.id)
    whole = {i for t in ts for i, h in t.hits.items() if h[0]}
    return _Match(_SPREAD + 30.0 * len(whole) / n - 5.0 * len(shown), "words", shown)


def _term_texts(db: Database, ids: list[int]) -> dict[int, str]:
    if not ids:
        return {}
    marks = ", ".join("?" for _ in ids)
    return {
        int(tid): str(text)
        for tid, text in db.execute(f"SELECT id, text FROM kle_term WHERE id IN ({marks})", ids)
    }


def _subject_info(db: Database, nrs: list[str]) -> dict[str, tuple[str, str, bool]]:
    # One statement per few hundred numbers keeps under SQLite's variable limit.
    out: dict[str, tuple[str, str, bool]] = {}
    for i in range(0, len(nrs), 500):
        chunk = nrs[i : i + 500]
        marks = ", ".join("?" for _ in chunk)
        for nr, title, level, active in db.execute(
            f"SELECT nr, title, level, active FROM kle_subject WHERE nr IN ({marks})", chunk
        ):
            out[str(nr)] = (str(title), str(level), bool(active))
    return out
