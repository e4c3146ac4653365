"""Who is asking: login with rate limiting, server-side sessions, API tokens.

* A **session** is a row in the store (:mod:`newsdesk.store.sessions`) keyed by the digest of a
  random token. A browser holds the token in a Starlette signed cookie (itsdangerous; HttpOnly,
  SameSite=Lax, ``Secure`` with ``web.secure_cookies``) together with its CSRF token; an API
  client holds it as its bearer token (``POST /api/login``). Logging out deletes the row, so a
  copied cookie or token stops working at once; ``newsdesk users passwd`` and ``users remove``
  delete all of the editor's rows. A session ends ``web.session_hours`` after login however active
  (absolute timeout) and after ``web.idle_minutes`` without a request (idle timeout), as OWASP's
  session management guidance asks. A new login always starts a new session (no fixation).
* **Rate limiting**: after ``web.login_attempts`` failed logins within ``web.login_window``
  seconds from one address or for one name, further attempts are refused until the window passes.
  The failures are kept in the store, so a restart does not reset the limit.
"""

from __future__ import annotations

import secrets
import time
from dataclasses import dataclass

from fastapi import Request

from newsdesk.config import WebSettings
from newsdesk.store.articles import UserRecord
from newsdesk.store.sql import SQLStore
from newsdesk.web.passwords import burn_time, verify_password

SESSION_COOKIE = "newsdesk_session"


class LoginRequired(Exception):
    """Raised by the page and API dependencies when nobody (valid) is logged in."""


class LoginFailed(Exception):
    """Wrong name or password, or too many attempts (``retry_after`` seconds > 0)."""

    def __init__(self, message: str, retry_after: float = 0.0) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class LoginLimiter:
    """Counts failed logins per key (address, name) in a sliding window kept in the store."""

    def __init__(self, attempts: int, window: float) -> None:
        self.attempts = attempts
        self.window = window

    def retry_after(self, store: SQLStore, *keys: str) -> float:
        """Seconds until another attempt is allowed for all ``keys`` (0 when it is allowed now)."""
        now = time.time()
        waits = []
        for key in keys:
            failures = store.login_failures(key, since=now - self.window)
            if len(failures) >= self.attempts:
                waits.append(failures[-self.attempts] + self.window - now)
        return max(waits, default=0.0)

    def failed(self, store: SQLStore, *keys: str) -> None:
        """Count one failed login for each key."""
        store.add_login_failure(keys, at=time.time(), window=self.window)

    def succeeded(self, store: SQLStore, *keys: str) -> None:
        """Forget the failures of these keys."""
        store.clear_login_failures(keys)


@dataclass(frozen=True)
class Identity:
    """The logged-in editor of a request."""

    name: str
    via: str  # "session" | "token"


def authenticate(store: SQLStore, limiter: LoginLimiter, name: str, password: str, client: str) -> UserRecord:
    """The editor with this name and password; LoginFailed otherwise (also when rate-limited)."""
    keys = (f"addr:{client}", f"name:{name.strip().lower()}")
    wait = limiter.retry_after(store, *keys)
    if wait > 0:
        raise LoginFailed("too many failed logins; try again later", retry_after=wait)
    user = store.get_user(name.strip()) if name.strip() else None
    if user is None:
        burn_time(password)
    if user is None or not verify_password(password, user.password_hash):
        limiter.failed(store, *keys)
        raise LoginFailed("wrong name or password")
    limiter.succeeded(store, *keys)
    return user


def _new_session(store: SQLStore, user: UserRecord, settings: WebSettings, kind: str) -> str:
    token = secrets.token_urlsafe(32)
    now = time.time()
    if not store.create_session(
        token, user.name, kind=kind, now=now, expires_at=now + settings.session_hours * 3600
    ):
        raise LoginRequired()  # the editor was removed in the meantime
    return token


def start_session(request: Request, store: SQLStore, user: UserRecord, settings: WebSettings) -> None:
    """Log ``user`` in: a new server-side session and a fresh cookie (new CSRF token)."""
    end_session(request, store)
    token = _new_session(store, user, settings, "browser")
    request.session.update(sid=token, csrf=secrets.token_urlsafe(32))


def end_session(request: Request, store: SQLStore) -> None:
    """Log out: the session ends in the store (a copy of the cookie is worthless) and the cookie
    is emptied; a bearer token sent with the request ends too."""
    sid = request.session.get("sid")
    if isinstance(sid, str) and sid:
        store.end_session(sid)
    token = bearer_token(request)
    if token:
        store.end_session(token)
    request.session.clear()


def _live(store: SQLStore, token: str, kind: str, settings: WebSettings) -> str | None:
    record = store.get_session(token, now=time.time(), idle=settings.idle_minutes * 60)
    return record.user if record is not None and record.kind == kind else None


def session_identity(request: Request, store: SQLStore, settings: WebSettings) -> str | None:
    """The editor of a live browser session, or None (an ended session's cookie is emptied)."""
    sid = request.session.get("sid")
    if not isinstance(sid, str) or not sid:
        return None
    name = _live(store, sid, "browser", settings)
    if name is None:
        request.session.clear()
    return name


def issue_token(store: SQLStore, user: UserRecord, settings: WebSettings) -> str:
    """A new API token for ``user`` (a server-side session of kind ``token``)."""
    return _new_session(store, user, settings, "token")


def token_identity(token: str, store: SQLStore, settings: WebSettings) -> str | None:
    """The editor an API token stands for, or None when it is unknown, ended or expired."""
    return _live(store, token, "token", settings)


def bearer_token(request: Request) -> str | None:
    """The token of an ``Authorization: Bearer`` header, if any."""
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    return token.strip() or None if scheme.lower() == "bearer" else None
