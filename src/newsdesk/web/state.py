"""What the web application shares between requests, and what every page handler needs.

:class:`WebState` holds the settings, the cookie-signing secret, the login limiter, the template
environment, the newsroom's :class:`~newsdesk.newsroom.Engines` (the embedding model and the one
verifier, loaded on first use and shared; the engines' lock serialises model work) and a
:class:`~newsdesk.newsroom.Board` with the progress of the work in hand (``GET /api/status``). A
store connection, and the newsroom service over it, is opened per request, inside the handler's
thread (SQLite connections stay in their thread). :func:`act` runs one form's action on the
newsroom and returns to the review page with its message.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import quote

from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from jinja2 import Environment, PackageLoader, PrefixLoader, select_autoescape

from newsdesk.config import Settings
from newsdesk.errors import NewsdeskError
from newsdesk.newsroom import Board, Engines, Newsroom
from newsdesk.store import open_store
from newsdesk.store.articles import ArticleRecord
from newsdesk.store.sql import SQLStore
from newsdesk.urls import web_link
from newsdesk.verify.report import LABELS_DE
from newsdesk.web.auth import Identity, LoginLimiter, bearer_token, session_identity, token_identity
from newsdesk.web.csrf import csrf_token
from newsdesk.web.views import ANCHORS_DE, JUDGEMENTS_DE, QUEUE_DE, REASONS_DE

STATIC = Path(__file__).parent / "static"
STATUS_DE = {
    "draft": "Entwurf",
    "approved": "freigegeben",
    "rejected": "abgelehnt",
    "published": "veröffentlicht",
    "withdrawn": "zurückgezogen",
}


class WebState:
    """Shared by all requests of one application (``app.state.newsdesk``)."""

    def __init__(self, settings: Settings, secret: str) -> None:
        self.settings = settings
        self.secret = secret
        self.limiter = LoginLimiter(settings.web.login_attempts, settings.web.login_window)
        self.engines = Engines(settings)
        self.board = Board()
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
        self.templates.globals.update(
            labels=LABELS_DE,
            statuses=STATUS_DE,
            queue_states=QUEUE_DE,
            judgements=JUDGEMENTS_DE,
            reasons=REASONS_DE,
            anchor_kinds=ANCHORS_DE,
        )
        self.templates.filters["web_link"] = web_link  # only valid http(s) URLs become links

    @contextmanager
    def store(self) -> Iterator[SQLStore]:
        """A connection to the store for one request."""
        store = open_store(self.settings.store.db)
        try:
            yield store
        finally:
            store.close()

    @contextmanager
    def newsroom(self) -> Iterator[Newsroom]:
        """The newsroom service over a store connection for one request (shared engines)."""
        with self.store() as store:
            room = Newsroom(self.settings, store, engines=self.engines, listener=self.board)
            try:
                yield room
            finally:
                room.close()

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


def back_to(article_id: int, sentence_id: str | None = None) -> str:
    """The review page's address, with ``sentence_id`` opened."""
    if sentence_id is None:
        return f"/articles/{article_id}"
    return f"/articles/{article_id}?s={quote(sentence_id, safe='')}#quellen"


def act(
    request: Request,
    article_id: int,
    action: Callable[[Newsroom], ArticleRecord],
    done: str,
    sentence_id: str | None = None,
) -> Response:
    """Run ``action`` on the newsroom; back to the review page with ``done`` or the refusal."""
    try:
        with get_state(request).newsroom() as room:
            action(room)
    except NewsdeskError as exc:
        flash(request, "error", str(exc) + (f" ({exc.hint})" if exc.hint else ""))
    else:
        flash(request, "ok", done)
    return RedirectResponse(back_to(article_id, sentence_id), status_code=303)
