"""Server-side sessions and the login rate limit, kept in the store (both backends).

A session is a row keyed by the SHA-256 of a random token that only the client holds (in its
signed session cookie, or as its API token): deleting the row ends the session at once, wherever
a copy of the cookie or token is. Logging out deletes one row; a password change
(:meth:`~newsdesk.store.articles.ArticleTables.set_password`) and the removal of an editor delete
all of the editor's rows. A session ends ``expires_at`` after its start (the absolute timeout) and
after ``idle`` seconds without a request (the idle timeout, checked with ``last_seen_at``, which
is written at most once a minute).

Failed logins are rows too (``login_failures``), so the rate limit holds across restarts and for
every process that serves the same store.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass

from newsdesk.store.connection import Connection

TOUCH_EVERY = 60.0  # seconds: last_seen_at is written at most this often per session


def token_digest(token: str) -> str:
    """What the store keeps of a session token (never the token itself)."""
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


@dataclass(frozen=True)
class SessionRecord:
    """A live session: whose it is, what kind (``browser`` or ``token``) and its times."""

    user: str
    kind: str
    created_at: float
    last_seen_at: float
    expires_at: float


class SessionTables:
    """The ``sessions`` and ``login_failures`` tables (mixed into both stores)."""

    _db: Connection

    # -- sessions ---------------------------------------------------------------------------

    def create_session(self, token: str, user: str, *, kind: str, now: float, expires_at: float) -> bool:
        """Start a session for ``user`` under ``token``; False if there is no such user.

        Expired sessions of every user are removed on the way, so the table stays small.
        """
        with self._db.transaction() as db:
            db.execute("DELETE FROM sessions WHERE expires_at <= ?", (now,))
            cursor = db.execute(
                "INSERT INTO sessions (id, user_id, kind, created_at, last_seen_at, expires_at) "
                "SELECT ?, id, ?, ?, ?, ? FROM users WHERE name = ?",
                (token_digest(token), kind, now, now, expires_at, user),
            )
            return cursor.rowcount > 0

    def get_session(self, token: str, *, now: float, idle: float) -> SessionRecord | None:
        """The live session of ``token``, or None (unknown, ended, expired or idle too long;
        an expired or idle one is deleted). Marks the session as used."""
        digest = token_digest(token)
        row = self._db.execute(
            "SELECT u.name, s.kind, s.created_at, s.last_seen_at, s.expires_at "
            "FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.id = ?",
            (digest,),
        ).fetchone()
        if row is None:
            return None
        record = SessionRecord(row[0], row[1], float(row[2]), float(row[3]), float(row[4]))
        if now >= record.expires_at or now - record.last_seen_at > idle:
            self._db.execute("DELETE FROM sessions WHERE id = ?", (digest,))
            return None
        if now - record.last_seen_at >= TOUCH_EVERY:
            self._db.execute("UPDATE sessions SET last_seen_at = ? WHERE id = ?", (now, digest))
        return record

    def end_session(self, token: str) -> bool:
        """End one session (logout); False if it had ended already."""
        cursor = self._db.execute("DELETE FROM sessions WHERE id = ?", (token_digest(token),))
        return cursor.rowcount > 0

    def end_sessions(self, user: str) -> int:
        """End every session of ``user`` (password change, removal); returns how many ended."""
        cursor = self._db.execute(
            "DELETE FROM sessions WHERE user_id IN (SELECT id FROM users WHERE name = ?)", (user,)
        )
        return cursor.rowcount

    def count_sessions(self, user: str) -> int:
        """How many sessions of ``user`` are stored (live or not yet purged)."""
        row = self._db.execute(
            "SELECT COUNT(*) FROM sessions s JOIN users u ON u.id = s.user_id WHERE u.name = ?", (user,)
        ).fetchone()
        return int(row[0])

    # -- login rate limit -------------------------------------------------------------------

    def add_login_failure(self, subjects: Sequence[str], *, at: float, window: float) -> None:
        """Record one failed login for each subject; failures older than ``window`` are dropped."""
        with self._db.transaction() as db:
            db.execute("DELETE FROM login_failures WHERE at <= ?", (at - window,))
            db.executemany(
                "INSERT INTO login_failures (subject, at) VALUES (?, ?)", [(s, at) for s in subjects]
            )

    def login_failures(self, subject: str, *, since: float) -> list[float]:
        """The times of ``subject``'s failed logins after ``since``, oldest first."""
        rows = self._db.execute(
            "SELECT at FROM login_failures WHERE subject = ? AND at > ? ORDER BY at", (subject, since)
        )
        return [float(r[0]) for r in rows]

    def clear_login_failures(self, subjects: Sequence[str]) -> None:
        """Forget the failed logins of these subjects (after a successful login)."""
        self._db.executemany("DELETE FROM login_failures WHERE subject = ?", [(s,) for s in subjects])
