"""The KLE catalogue in the local store: importing editions and finding subjects.

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

Matching ignores case and accents (é = e, ä = æ, ö = ø) but keeps æ, ø and å as letters, since
"for" and "før" are different words; "ae", "oe" and "aa" typed on a keyboard without Danish
letters also find æ, ø and å, a little below a match as typed.
"""

from __future__ import annotations

import json
import math
import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass
from datetime import date, datetime
from functools import lru_cache
from typing import Any, Final, Literal

from sqlite_utils import Database

from tracetool import timeutil
from tracetool.codes.kle import KleCatalogue, KleSubject
from tracetool.errors import TracetoolError

__all__ = [
    "EditionError",
    "ImportSummary",
    "MatchKind",
    "StoredSubject",
    "SubjectHit",
    "check_edition",
    "current_edition",
    "fold",
    "import_catalogue",
    "reindex_all",
    "search",
    "subject",
]

MatchKind = Literal["number", "number-prefix", "title", "keyword", "words"]


class EditionError(TracetoolError):
    """The file is an older (or incomparable) edition than the one already loaded."""

    def __init__(self, message: str, *, edition: str, loaded: str) -> None:
        super().__init__(message)
        self.edition = edition
        self.loaded = loaded


@dataclass(frozen=True)
class ImportSummary:
    """What one import did.

    ``new + updated + unchanged`` plus the listed subjects that turned inactive equals
    ``subjects``; ``expired`` also counts subjects that became inactive because a newer
    complete list no longer has them. A subject that arrives already historic is ``new``,
    not ``expired``: nothing was taken away from the desks.
    """

    edition: str
    format: str
    previous_edition: str | None
    forced: bool
    subjects: int
    new: int
    updated: int
    expired: int
    unchanged: int
    total_active: int
    total_inactive: int

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True, kw_only=True)
class StoredSubject(KleSubject):
    """A subject as the store holds it: the file's statement plus where and when it came."""

    edition: str
    imported_at: datetime

    def as_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["keywords"] = [list(k) for k in self.keywords]
        d["imported_at"] = timeutil.to_db(self.imported_at)
        return d


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


# --- folding ----------------------------------------------------------------------------

_DANISH: Final = frozenset("æøå")
# Danish collation reads these as æ and ø (Swedish and German spellings of the same letter).
_AS_DANISH: Final = {"ä": "æ", "ö": "ø", "ǿ": "ø", "ǽ": "æ"}
_WORD: Final = re.compile(r"[^\W_]+")
# Keyboard spellings of the Danish letters, tried as an alternative on the query side only.
_ASCII_SPELLINGS: Final = (("aa", "å"), ("ae", "æ"), ("oe", "ø"))


@lru_cache(maxsize=4096)
def _fold_char(ch: str) -> str:
    if ch in _DANISH or ch.isascii():
        return ch
    if ch in _AS_DANISH:
        return _AS_DANISH[ch]
    return "".join(c for c in unicodedata.normalize("NFKD", ch) if not unicodedata.combining(c))


def fold(text: str) -> str:
    """Lower case without accents, keeping æ, ø and å: the form both index and query use."""
    # NFC first so that a decomposed "a" + ring (as macOS writes file names) becomes å.
    return "".join(_fold_char(ch) for ch in unicodedata.normalize("NFC", text.casefold()))


def _words(text: str) -> list[str]:
    return _WORD.findall(fold(text))


# --- editions ---------------------------------------------------------------------------

_EDITION_DATE: Final = re.compile(r"(\d{4})-(\d{2})(?:-(\d{2}))?")
_EDITION_VERSION: Final = re.compile(r"OS2KLE (\d+(?:\.\d+)+)")


def _edition_key(edition: str) -> tuple[date | None, tuple[int, ...] | None]:
    m = _EDITION_DATE.search(edition)
    when = None
    if m is not None:
        try:
            when = date(int(m.group(1)), int(m.group(2)), int(m.group(3) or 1))
        except ValueError:
            when = None
    v = _EDITION_VERSION.search(edition)
    version = tuple(int(p) for p in v.group(1).split(".")) if v else None
    return when, version


def _compare_editions(new: str, old: str) -> int | None:
    """-1, 0 or 1 as ``new`` is older, as old or newer than ``old``; None if unknowable."""
    if new == old:
        return 0
    (new_date, new_ver), (old_date, old_ver) = _edition_key(new), _edition_key(old)
    if new_date is not None and old_date is not None and new_date != old_date:
        return 1 if new_date > old_date else -1
    if new_ver is not None and old_ver is not None:
        return (new_ver > old_ver) - (new_ver < old_ver)
    if new_date is not None and new_date == old_date:
        return 0
    return None


def current_edition(db: Database) -> str | None:
    """The edition of the latest import, or None before the first."""
    row = db.execute("SELECT edition FROM kle_import ORDER BY id DESC LIMIT 1").fetchone()
    return str(row[0]) if row else None


def check_edition(db: Database, edition: str, *, force: bool = False) -> None:
    """Raise EditionError if ``edition`` may not replace what is loaded (see import_catalogue).

    import_catalogue checks again inside its transaction; this lets a front end refuse
    before it announces a long import.
    """
    _check_edition(edition, current_edition(db), force)


def _check_edition(new: str, loaded: str | None, force: bool) -> None:
    if loaded is None or force:
        return
    order = _compare_editions(new, loaded)
    if order is None:
        raise EditionError(
            f"KLE-udgaven «{new}» kan ikke sammenlignes med den indlæste «{loaded}» (filnavnet "
            "angiver hverken version eller dato), så den kunne være ældre",
            edition=new,
            loaded=loaded,
        )
    if order < 0:
        raise EditionError(
            f"KLE-udgaven «{new}» er ældre end den indlæste «{loaded}» og ville overskrive "
            "nyere titler og udgåede emner",
            edition=new,
            loaded=loaded,
        )


# --- import -----------------------------------------------------------------------------

# Columns whose value comes from the file; edition and imported_at describe the write itself.
_CONTENT: Final = (
    "level",
    "title",
    "parent",
    "created",
    "changed",
    "expired",
    "moved",
    "moved_to",
    "active",
    "keywords",
)
# What each format actually states. OS2KLE has no dates and no groups, and the XML's stikord
# are not read, so a field a file is silent about keeps what an earlier file said.
_STATES: Final[dict[str, frozenset[str]]] = {
    "kle-xml": frozenset(_CONTENT) - {"keywords"},
    "os2kle": frozenset(_CONTENT) - {"created", "changed"},
}
# The levels a file lists completely: a subject at these levels that the file lacks is gone.
_COMPLETE_LEVELS: Final[dict[str, frozenset[str]]] = {
    "kle-xml": frozenset({"hovedgruppe", "gruppe", "emne"}),
    "os2kle": frozenset({"emne"}),
}


def _iso(d: date | None) -> str | None:
    return d.isoformat() if d is not None else None


def _file_row(s: KleSubject) -> dict[str, Any]:
    return {
        "nr": s.nr,
        "level": s.level,
        "title": s.title,
        "parent": s.parent,
        "created": _iso(s.created),
        "changed": _iso(s.changed),
        "expired": _iso(s.expired),
        "moved": _iso(s.moved),
        "moved_to": s.moved_to,
        "active": int(s.active),
        "keywords": json.dumps([list(k) for k in s.keywords], ensure_ascii=False),
    }


def _merge(
    old: dict[str, Any] | None, new: dict[str, Any], states: frozenset[str]
) -> dict[str, Any]:
    if old is None:
        return new
    return {"nr": new["nr"], **{c: new[c] if c in states else old[c] for c in _CONTENT}}


def _same(old: dict[str, Any], new: dict[str, Any]) -> bool:
    return all(old[c] == new[c] for c in _CONTENT)


def import_catalogue(
    db: Database, catalogue: KleCatalogue, *, force: bool = False, now: datetime | None = None
) -> ImportSummary:
    """Load ``catalogue`` into ``kle_subject`` in one transaction.

    Subjects are never deleted: registrations made against a subject that later expired must
    stay readable and valid as history. A subject the file marks as historic, or that a
    complete list no longer contains, becomes inactive, so desks stop offering it.
    Raises EditionError when the file is older than what is loaded, unless ``force``.
    """
    stamp = timeutil.to_db(now or timeutil.now())
    states = _STATES[catalogue.format]
    complete = _COMPLETE_LEVELS[catalogue.format]
    with db.atomic():
        loaded = current_edition(db)
        _check_edition(catalogue.edition, loaded, force)
        existing = {
            str(r["nr"]): r for r in db.query(f"SELECT nr, {', '.join(_CONTENT)} FROM kle_subject")
        }
        final: dict[str, dict[str, Any]] = {nr: dict(r) for nr, r in existing.items()}
        writes: dict[str, dict[str, Any]] = {}
        new = updated = expired = unchanged = 0

        def expire(nr: str) -> None:
            nonlocal expired
            row = {**final[nr], "active": 0}
            final[nr] = writes[nr] = row
            expired += 1

        for s in catalogue.subjects:
            old = existing.get(s.nr)
            row = _merge(old, _file_row(s), states)
            final[s.nr] = row
            if old is None:
                new += 1
            elif _same(old, row):
                unchanged += 1
                continue
            elif old["active"] and not row["active"]:
                expired += 1
            else:
                updated += 1
            writes[s.nr] = row

        listed = {s.nr for s in catalogue.subjects}
        for nr, old in existing.items():
            if nr not in listed and old["level"] in complete and old["active"]:
                expire(nr)
        if "gruppe" not in complete:
            # An emne-only list says nothing of groups, but a group whose every emne is gone
            # is gone too; offering it would invite registrations on a dead number. One that
            # was retired only for that reason (KLE itself gave no date) comes back with its
            # emner. A group KLE-XML dated as expired stays so: its title would be stale.
            living = {nr for nr, r in final.items() if r["level"] == "emne" and r["active"]}
            prefixes = {p for nr in living for p in (nr[:2], nr[:5])}
            for nr, row in list(final.items()):
                if row["level"] == "emne":
                    continue
                if row["active"] and nr not in prefixes:
                    expire(nr)
                elif not row["active"] and nr in prefixes and not (row["expired"] or row["moved"]):
                    final[nr] = writes[nr] = {**row, "active": 1}
                    updated += 1

        if writes:
            db["kle_subject"].upsert_all(  # type: ignore[union-attr]
                (
                    {**r, "edition": catalogue.edition, "imported_at": stamp}
                    for r in writes.values()
                ),
                pk="nr",
            )
        # Every written row is re-indexed: the index carries the active flag as well.
        _reindex(db, [writes[nr] for nr in sorted(writes)])
        total_active = _count(db, "SELECT count(*) FROM kle_subject WHERE active = 1")
        total = _count(db, "SELECT count(*) FROM kle_subject")
        summary = ImportSummary(
            edition=catalogue.edition,
            format=catalogue.format,
            previous_edition=loaded,
            forced=force,
            subjects=len(catalogue.subjects),
            new=new,
            updated=updated,
            expired=expired,
            unchanged=unchanged,
            total_active=total_active,
            total_inactive=total - total_active,
        )
        db["kle_import"].insert(  # type: ignore[union-attr]
            {
                "edition": summary.edition,
                "format": summary.format,
                "imported_at": stamp,
                "forced": int(force),
                "subjects": summary.subjects,
                "new": new,
                "updated": updated,
                "expired": expired,
                "unchanged": unchanged,
                "total_active": total_active,
            }
        )
    return summary


def _count(db: Database, sql: str, args: Sequence[object] = ()) -> int:
    return int(db.execute(sql, list(args)).fetchone()[0])


# --- the word index ---------------------------------------------------------------------


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


# --- lookup -----------------------------------------------------------------------------


def _date(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def subject(db: Database, nr: str) -> StoredSubject | None:
    """The stored subject ``nr`` (active or not), or None if no import has had it."""
    rows = list(db.query("SELECT * FROM kle_subject WHERE nr = ?", [nr.strip()]))
    if not rows:
        return None
    r = rows[0]
    return StoredSubject(
        nr=r["nr"],
        level=r["level"],
        title=r["title"],
        parent=r["parent"],
        created=_date(r["created"]),
        changed=_date(r["changed"]),
        expired=_date(r["expired"]),
        moved=_date(r["moved"]),
        moved_to=r["moved_to"],
        active=bool(r["active"]),
        keywords=tuple((str(t), int(w)) for t, w in json.loads(r["keywords"] or "[]")),
        edition=r["edition"],
        imported_at=timeutil.from_db(r["imported_at"]),
    )


# --- search -----------------------------------------------------------------------------

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
