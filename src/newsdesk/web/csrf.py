"""CSRF protection: every state-changing request carries the session's token.

Each session has one random token (``request.session["csrf"]``). HTML forms send it in the
hidden field ``csrf_token``; JSON API clients that authenticate with the session cookie send it in
the ``X-CSRF-Token`` header (``GET /api/session`` tells it). Requests authenticated with a bearer
token need none: browsers never attach that header on their own. A missing or wrong token is
answered with 403. :func:`csrf_protect` is a dependency of every router, so no POST route can
forget it (a test walks the routes).
"""

from __future__ import annotations

import hmac
import secrets

from fastapi import HTTPException, Request

from newsdesk.web.auth import bearer_token

FIELD = "csrf_token"
HEADER = "x-csrf-token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
EXEMPT = frozenset({"/api/login"})  # answers with a token only; sets no cookie


def csrf_token(request: Request) -> str:
    """The session's CSRF token (created on first use)."""
    token = request.session.get("csrf")
    if not isinstance(token, str) or not token:
        token = secrets.token_urlsafe(32)
        request.session["csrf"] = token
    return token


async def csrf_protect(request: Request) -> None:
    """Refuse (403) an unsafe request whose CSRF token is missing or wrong."""
    if request.method in SAFE_METHODS or request.url.path in EXEMPT:
        return
    if request.url.path.startswith("/api/"):
        if bearer_token(request):
            return
        submitted: object = request.headers.get(HEADER)
    else:
        form = await request.form()
        submitted = form.get(FIELD)
    expected = request.session.get("csrf")
    if (
        not isinstance(expected, str)
        or not isinstance(submitted, str)
        or not hmac.compare_digest(expected.encode(), submitted.encode())
    ):
        raise HTTPException(status_code=403, detail="missing or wrong CSRF token")
