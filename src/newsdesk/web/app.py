"""The FastAPI application: :func:`create_app` wires settings, sessions, routes and error pages.

Pages are server-rendered Jinja2 templates (autoescaped) under ``/``; the JSON API is under
``/api`` and described at ``/openapi.json``; the published articles' Atom feed and static site
are public under ``/site/``. Every response carries a restrictive
Content-Security-Policy (no inline or foreign scripts), so even text that escaped escaping could
not run a script.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.sessions import SessionMiddleware
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from newsdesk import __version__
from newsdesk.config import Settings
from newsdesk.errors import NewsdeskError, PublishError, ReviewError, StoreError
from newsdesk.web import (
    api,
    api_desk,
    pages_articles,
    pages_audit,
    pages_auth,
    pages_desk,
    pages_site,
    pages_sources,
    pages_stories,
)
from newsdesk.web.auth import SESSION_COOKIE, LoginRequired
from newsdesk.web.keys import session_secret
from newsdesk.web.state import STATIC, WebState, get_state

SECURITY_HEADERS = [
    (
        b"content-security-policy",
        b"default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
        b"object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
    ),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"same-origin"),
]


class SecurityHeaders:
    """ASGI middleware adding :data:`SECURITY_HEADERS` to every HTTP response."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message.setdefault("headers", [])
                message["headers"] = list(message["headers"]) + SECURITY_HEADERS
            await send(message)

        await self.app(scope, receive, send_with_headers)


API_DESCRIPTION = """The editors' JSON API: stories, article review, audits, sources.

Authenticate with a token from `POST /api/login` (`Authorization: Bearer <token>`), or with the
session cookie of a browser login; with the cookie, unsafe methods need the session's CSRF token
in the `X-CSRF-Token` header (`GET /api/session` returns it). Errors are
`{"detail": "...", "hint": "..."}` with status 400 (bad input), 401 (not logged in), 403 (CSRF),
404 (not found), 409 (not allowed in the article's state) or 429 (too many failed logins)."""


def create_app(settings: Settings, *, secret: str | None = None) -> FastAPI:
    """The web application for ``settings`` (``secret`` overrides the configured signing secret)."""
    state = WebState(settings, secret or session_secret(settings.web))

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        state.engines.close()  # a local LLM server started for writing stops with the app

    app = FastAPI(
        lifespan=lifespan,
        title="newsdesk",
        version=__version__,
        description=API_DESCRIPTION,
        docs_url=None,
        redoc_url=None,
        openapi_url="/openapi.json",
    )
    app.state.newsdesk = state
    app.add_middleware(
        SessionMiddleware,
        secret_key=state.secret,
        session_cookie=SESSION_COOKIE,
        max_age=int(settings.web.session_hours * 3600),
        same_site="lax",
        https_only=settings.web.secure_cookies,
    )
    app.add_middleware(SecurityHeaders)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    for module in (
        pages_auth,
        pages_stories,
        pages_articles,
        pages_desk,
        pages_audit,
        pages_sources,
        pages_site,
        api,
        api_desk,
    ):
        app.include_router(module.router)
    if settings.publish.site_dir:  # the exported static site, public like the feed
        site = Path(settings.publish.site_dir).expanduser()
        app.mount("/site", StaticFiles(directory=site, html=True, check_dir=False), name="site")
    _error_handlers(app)
    return app


def _is_api(request: Request) -> bool:
    return request.url.path.startswith("/api/")


def status_of(exc: NewsdeskError) -> int:
    """The HTTP status for a library error."""
    if isinstance(exc, ReviewError | PublishError):
        return 409
    if isinstance(exc, StoreError) and str(exc.message).startswith("no "):
        return 404
    if isinstance(exc, StoreError):
        return 409
    return 400


def _error_handlers(app: FastAPI) -> None:
    def page(request: Request, status: int, message: str, hint: str | None = None) -> Response:
        if _is_api(request):
            body: dict[str, Any] = {"detail": message}
            if hint:
                body["hint"] = hint
            return JSONResponse(body, status_code=status)
        return get_state(request).render(
            request, "error.html", {"status": status, "message": message, "hint": hint}, status_code=status
        )

    @app.exception_handler(LoginRequired)
    async def login_required(request: Request, exc: LoginRequired) -> Response:
        if _is_api(request):
            return JSONResponse(
                {"detail": "not logged in"}, status_code=401, headers={"WWW-Authenticate": "Bearer"}
            )
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        return RedirectResponse(f"/login?next={quote(target, safe='')}", status_code=303)

    @app.exception_handler(NewsdeskError)
    async def library_error(request: Request, exc: NewsdeskError) -> Response:
        return page(request, status_of(exc), str(exc), exc.hint)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        response = page(request, exc.status_code, str(exc.detail))
        for key, value in (exc.headers or {}).items():
            response.headers[key] = value
        return response

    @app.exception_handler(RequestValidationError)
    async def invalid_input(request: Request, exc: RequestValidationError) -> Response:
        if _is_api(request):
            return JSONResponse({"detail": jsonable_errors(exc)}, status_code=422)
        return page(request, 400, "invalid form input: " + "; ".join(_lines(exc)))


def _lines(exc: RequestValidationError) -> list[str]:
    return [f"{'.'.join(str(p) for p in e.get('loc', ())[1:])}: {e.get('msg', '')}" for e in exc.errors()]


def jsonable_errors(exc: RequestValidationError) -> list[dict[str, Any]]:
    """Validation errors without the submitted values (which may be passwords)."""
    return [{"loc": list(e.get("loc", ())), "msg": e.get("msg", "")} for e in exc.errors()]
