"""Who is asking: login with rate limiting, signed session cookies, API tokens.

* A **session** is a Starlette signed cookie (itsdangerous; HttpOnly, SameSite=Lax, ``Secure``
  with ``web.secure_cookies``) holding the editor's name, the login time (sessions end
  ``web.session_hours`` after login, however active) and a fingerprint of the password hash, so
  that ``newsdesk users passwd`` and ``users remove`` end the editor's sessions at once.
* An **API token** (``POST /api/login``) is the same facts signed with a different salt; clients
  send it as ``Authorization: Bearer <token>``.
* **Rate limiting**: after ``web.login_attempts`` failed logins within ``web.login_window``
  seconds from one address or for one name, further attempts are refused until the window passes.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import threading
import time
from collections import deque
from dataclasses import dataclass
from typing import Any

from fastapi import Request
from itsdangerous import BadSignature, URLSafeTimedSerializer

from newsdesk.config import WebSettings
from newsdesk.store.articles import UserRecord
from newsdesk.store.sql import SQLStore
from newsdesk.web.passwords import burn_time, verify_password

SESSION_COOKIE = "newsdesk_session"
TOKEN_SALT = "newsdesk.api-token"


class LoginRequired(Exception):
    """Raised by the page and API dependencies when nobody (valid) is logged in."""


class LoginFailed(Exception):
    """Wrong name or password, or too many attempts (``retry_after`` seconds > 0)."""

    def __init__(self, message: str, retry_after: float = 0.0) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class LoginLimiter:
    """Counts failed logins per key (address, name) in a sliding window; thread-safe."""

    def __init__(self, attempts: int, window: float) -> None:
        self.attempts = attempts
        self.window = window
        self._failures: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def _recent(self, key: str, now: float) -> deque[float]:
        failures = self._failures.setdefault(key, deque())
        while failures and failures[0] <= now - self.window:
            failures.popleft()
        return failures

    def retry_after(self, *keys: str) -> float:
        """Seconds until another attempt is allowed for all ``keys`` (0 when it is allowed now)."""
        now = time.monotonic()
        with self._lock:
            waits = [
                failures[0] + self.window - now
                for key in keys
                if len(failures := self._recent(key, now)) >= self.attempts
            ]
        return max(waits, default=0.0)

    def failed(self, *keys: str) -> None:
        now = time.monotonic()
        with self._lock:
            for key in keys:
                self._recent(key, now).append(now)
            if len(self._failures) > 10_000:  # forget quiet keys so memory stays bounded
                self._failures = {k: v for k, v in self._failures.items() if self._recent(k, now)}

    def succeeded(self, *keys: str) -> None:
        with self._lock:
            for key in keys:
                self._failures.pop(key, None)


@dataclass(frozen=True)
class Identity:
    """The logged-in editor of a request."""

    name: str
    via: str  # "session" | "token"


def fingerprint(secret: str, password_hash: str) -> str:
    """A short keyed digest of the password hash: changes when the password changes."""
    return hmac.new(secret.encode(), password_hash.encode(), hashlib.sha256).hexdigest()[:24]


def authenticate(store: SQLStore, limiter: LoginLimiter, name: str, password: str, client: str) -> UserRecord:
    """The editor with this name and password; LoginFailed otherwise (also when rate-limited)."""
    keys = (f"addr:{client}", f"name:{name.strip().lower()}")
    wait = limiter.retry_after(*keys)
    if wait > 0:
        raise LoginFailed("too many failed logins; try again later", retry_after=wait)
    user = store.get_user(name.strip()) if name.strip() else None
    if user is None:
        burn_time(password)
    if user is None or not verify_password(password, user.password_hash):
        limiter.failed(*keys)
        raise LoginFailed("wrong name or password")
    limiter.succeeded(*keys)
    return user


def start_session(request: Request, user: UserRecord, secret: str) -> None:
    """Log ``user`` in: a fresh session (new CSRF token) with name, login time and fingerprint."""
    request.session.clear()
    request.session.update(
        user=user.name,
        pw=fingerprint(secret, user.password_hash),
        at=int(time.time()),
        csrf=secrets.token_urlsafe(32),
    )


def session_identity(request: Request, store: SQLStore, settings: WebSettings, secret: str) -> str | None:
    """The editor of a valid session, or None (an expired or stale session is cleared)."""
    session = request.session
    name = session.get("user")
    if not isinstance(name, str):
        return None
    user = store.get_user(name)
    expired = time.time() - float(session.get("at", 0)) > settings.session_hours * 3600
    stale = user is None or not hmac.compare_digest(
        str(session.get("pw", "")), fingerprint(secret, user.password_hash)
    )
    if expired or stale:
        session.clear()
        return None
    return name


def _serializer(secret: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(secret, salt=TOKEN_SALT)


def issue_token(user: UserRecord, secret: str) -> str:
    """A signed API token for ``user`` (valid for ``web.session_hours``)."""
    return _serializer(secret).dumps({"user": user.name, "pw": fingerprint(secret, user.password_hash)})


def token_identity(token: str, store: SQLStore, settings: WebSettings, secret: str) -> str | None:
    """The editor an API token stands for, or None when it is forged, expired or stale."""
    try:
        data: Any = _serializer(secret).loads(token, max_age=int(settings.session_hours * 3600))
    except BadSignature:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("user"), str):
        return None
    user = store.get_user(data["user"])
    if user is None or not hmac.compare_digest(
        str(data.get("pw", "")), fingerprint(secret, user.password_hash)
    ):
        return None
    return user.name


def bearer_token(request: Request) -> str | None:
    """The token of an ``Authorization: Bearer`` header, if any."""
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    return token.strip() or None if scheme.lower() == "bearer" else None
