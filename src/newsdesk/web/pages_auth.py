"""Login and logout pages."""

from __future__ import annotations

import math
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response

from newsdesk.web.auth import LoginFailed, authenticate, end_session, start_session
from newsdesk.web.csrf import csrf_protect
from newsdesk.web.state import get_state

router = APIRouter(dependencies=[Depends(csrf_protect)], include_in_schema=False)


def _safe_next(target: str) -> str:
    """Only local paths: never redirect to another site after login."""
    if target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return "/stories"


@router.get("/")
def home() -> Response:
    """The stories list is the start page."""
    return RedirectResponse("/stories", status_code=303)


@router.get("/login")
def login_form(request: Request, next: str = "/stories") -> Response:
    """The login form."""
    state = get_state(request)
    return state.render(request, "login.html", {"next": _safe_next(next), "error": None, "name": ""})


@router.post("/login")
def login(
    request: Request,
    name: Annotated[str, Form(max_length=200)],
    password: Annotated[str, Form(max_length=1024)],
    next: Annotated[str, Form()] = "/stories",
) -> Response:
    """Check name and password; start a session or show the form again (401, or 429 when limited)."""
    state = get_state(request)
    client = request.client.host if request.client else "unknown"
    try:
        with state.store() as store:
            user = authenticate(store, state.limiter, name, password, client)
            start_session(request, store, user, state.settings.web)
    except LoginFailed as exc:
        limited = exc.retry_after > 0
        message = (
            f"Zu viele Fehlversuche. Bitte in {math.ceil(exc.retry_after / 60)} Minuten erneut versuchen."
            if limited
            else "Name oder Passwort ist falsch."
        )
        headers = {"Retry-After": str(math.ceil(exc.retry_after))} if limited else {}
        response = state.render(
            request,
            "login.html",
            {"next": _safe_next(next), "error": message, "name": name},
            status_code=429 if limited else 401,
        )
        response.headers.update(headers)
        return response
    return RedirectResponse(_safe_next(next), status_code=303)


@router.post("/logout")
def logout(request: Request) -> Response:
    """End the session (in the store: a copy of the cookie stops working too)."""
    with get_state(request).store() as store:
        end_session(request, store)
    return RedirectResponse("/login", status_code=303)
