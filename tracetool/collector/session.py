"""Browser sessions for the collector's pages: sign in with a token, a cookie afterwards.

The cookie holds 256 random bits; the database keeps only their sha256 (as for API tokens), so a
copy of the database signs nobody in. Sessions live in the database, not in a process, so any
collector process behind a load balancer knows them. Each session is looked up together with its
token: revoking the token ends its sessions at the next request. A session expires after
``LIFETIME`` (a working day) whatever happens; signing out deletes it at once.

The cookie is HttpOnly (no script reads it), SameSite=Strict (no other site's page can make the
browser send it, which with the Origin check below stops cross-site form posts) and Secure when
the page was served over HTTPS (directly or behind a proxy that says so).
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from dataclasses import dataclass
from datetime import timedelta

from tracetool import timeutil
from tracetool.collector.storage import Account, SqlStorage

COOKIE = "tt_session"
LANG_COOKIE = "tt_lang"
LIFETIME = timedelta(hours=int(os.environ.get("TRACETOOL_SESSION_HOURS", "8")))


def _hash(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


@dataclass(frozen=True)
class Session:
    account: Account
    csrf: str
    expires_at: str


_ACCOUNT_COLS = "t.id, t.role, t.municipality, t.unit, t.note, t.created_at, t.revoked_at"


def create(storage: SqlStorage, account: Account) -> tuple[str, Session]:
    """A new session for ``account``: (cookie value, session)."""
    value = secrets.token_urlsafe(32)
    csrf = secrets.token_urlsafe(24)
    now = timeutil.now()
    expires = timeutil.to_db(now + LIFETIME)
    with storage._write() as tx:
        # Expired sessions are cleared here rather than by a job: sign-ins are rare enough.
        tx.execute("DELETE FROM web_session WHERE expires_at < ?", [timeutil.to_db(now)])
        tx.execute(
            "INSERT INTO web_session (id_hash, account_id, csrf, created_at, expires_at)"
            " VALUES (?, ?, ?, ?, ?)",
            [_hash(value), account.id, csrf, timeutil.to_db(now), expires],
        )
    return value, Session(account, csrf, expires)


def find(storage: SqlStorage, value: str | None) -> Session | None:
    """The live session of a cookie value, or None (unknown, expired, or its token revoked)."""
    if not value or len(value) > 100:
        return None
    with storage._read() as tx:
        row = tx.one(
            f"SELECT {_ACCOUNT_COLS}, s.csrf, s.expires_at FROM web_session s"
            " JOIN api_token t ON t.id = s.account_id WHERE s.id_hash = ?",
            [_hash(value)],
        )
    if row is None:
        return None
    account = Account(*row[:7])
    if account.revoked or row[8] <= timeutil.to_db(timeutil.now()):
        return None
    return Session(account, str(row[7]), str(row[8]))


def end(storage: SqlStorage, value: str | None) -> None:
    if not value or len(value) > 100:
        return
    with storage._write() as tx:
        tx.execute("DELETE FROM web_session WHERE id_hash = ?", [_hash(value)])


def csrf_ok(session: Session, given: str | None) -> bool:
    return given is not None and hmac.compare_digest(session.csrf, given)
