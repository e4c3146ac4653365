"""What the web application shares between requests, and what every page handler needs.

:class:`WebState` holds the settings, the cookie-signing secret, the login limiter, the template
environment and one :class:`~newsdesk.verify.Verifier` (its embedding model is loaded on first
use and shared; a lock serialises its use). A store connection is opened per request, inside the
handler's thread (SQLite connections stay in their thread).
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, PackageLoader, PrefixLoader, select_autoescape

from newsdesk.config import Settings
from newsdesk.store import open_store
from newsdesk.store.sql import SQLStore
from newsdesk.urls import web_link
from newsdesk.verify.report import LABELS_DE
from newsdesk.web.auth import Identity, LoginLimiter, bearer_token, session_identity, token_identity
from newsdesk.web.csrf import csrf_token

STATIC = Path(__file__).parent / "static"
STATUS_DE = {
    "draft": "Entwurf",
    "approved": "freigegeben",
    "rejected": "abgelehnt",
    "published": "veröffentlicht",
    "withdrawn": "zurückgezogen",
}


class LockedVerifier:
    """The shared verifier, one caller at a time (its caches and model are not thread-safe)."""

    def __init__(self, settings: Settings) -> None:
        self._settings = settings
        self._verifier: Any = None
        self._lock = threading.Lock()

    def _get(self) -> Any:
        if self._verifier is None:
            from newsdesk.verify import Verifier

            self._verifier = Verifier(self._settings.verify)
        return self._verifier

    def verify_sentence(self, *args: Any, **kwargs: Any) -> Any:
        with self._lock:
            return self._get().verify_sentence(*args, **kwargs)

    def verify_article(self, *args: Any, **kwargs: Any) -> Any:
        with self._lock:
            return self._get().verify_article(*args, **kwargs)

    @contextmanager
    def exclusive(self) -> Iterator[Any]:
        """The verifier itself, locked (for the audit, which uses more than the two calls above)."""
        with self._lock:
            yield self._get()


class WebState:
    """Shared by all requests of one application (``app.state.newsdesk``)."""

    def __init__(self, settings: Settings, secret: str) -> None:
        self.settings = settings
        self.secret = secret
        self.limiter = LoginLimiter(settings.web.login_attempts, settings.web.login_window)
        self.verifier = LockedVerifier(settings)
        self.templates = Environment(
            loader=PrefixLoader(
                {
                    "web": PackageLoader("newsdesk.web", "templates"),
                    "verify": PackageLoader("newsdesk.verify", "templates"),
                }
            ),
            autoescape=select_autoescape(default=True, default_for_string=True),
            trim_blocks=True,
            lstrip_blocks=True,
        )
        self.templates.globals.update(labels=LABELS_DE, statuses=STATUS_DE)
        self.templates.filters["web_link"] = web_link  # only valid http(s) URLs become links

    @contextmanager
    def store(self) -> Iterator[SQLStore]:
        """A connection to the store for one request."""
        store = open_store(self.settings.store.db)
        try:
            yield store
        finally:
            store.close()

    def identity(self, request: Request, store: SQLStore) -> Identity | None:
        """The editor making this request (bearer token first, then the session cookie)."""
        token = bearer_token(request)
        if token is not None:
            name = token_identity(token, store, self.settings.web)
            return Identity(name, "token") if name else None
        name = session_identity(request, store, self.settings.web)
        return Identity(name, "session") if name else None

    def render(
        self, request: Request, template: str, context: dict[str, Any], *, status_code: int = 200
    ) -> HTMLResponse:
        """A page from ``templates/`` (autoescaped), with the layout's variables added."""
        flashes = request.session.pop("flash", []) if "flash" in request.session else []
        page = self.templates.get_template(f"web/{template}").render(
            request=request,
            user=getattr(request.state, "user", None),
            csrf_token=csrf_token(request),
            flashes=flashes,
            **context,
        )
        return HTMLResponse(page, status_code=status_code)


def get_state(request: Request) -> WebState:
    """The application's :class:`WebState`."""
    state: WebState = request.app.state.newsdesk
    return state


def flash(request: Request, kind: str, message: str) -> None:
    """A message shown once on the next page (kind: ``ok`` or ``error``)."""
    messages = list(request.session.get("flash", []))[-4:]
    messages.append([kind, message[:500]])
    request.session["flash"] = messages
