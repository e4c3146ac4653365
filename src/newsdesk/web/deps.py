"""Dependencies of the page and API routes: the logged-in editor.

Pages answer a request without a valid session with a redirect to the login page; the API answers
401. Both accept the session cookie; the API also accepts an ``Authorization: Bearer`` token
(both schemes appear in the OpenAPI document).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import APIKeyCookie, HTTPAuthorizationCredentials, HTTPBearer

from newsdesk.web.auth import SESSION_COOKIE, LoginRequired
from newsdesk.web.state import get_state

bearer_scheme = HTTPBearer(auto_error=False, description="A token from POST /api/login.")
cookie_scheme = APIKeyCookie(
    name=SESSION_COOKIE,
    auto_error=False,
    description="The session cookie of a browser login; unsafe methods also need X-CSRF-Token.",
)


def _identify(request: Request) -> str:
    state = get_state(request)
    with state.store() as store:
        identity = state.identity(request, store)
    if identity is None:
        raise LoginRequired()
    request.state.user = identity.name
    return identity.name


def editor(request: Request) -> str:
    """The logged-in editor of a page request (else: redirect to the login page)."""
    return _identify(request)


def api_editor(
    request: Request,
    _bearer: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer_scheme)],
    _cookie: Annotated[str | None, Depends(cookie_scheme)],
) -> str:
    """The editor of an API request, by bearer token or session cookie (else: 401)."""
    return _identify(request)


Editor = Annotated[str, Depends(editor)]
ApiEditor = Annotated[str, Depends(api_editor)]
