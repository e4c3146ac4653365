"""The JSON HTTP API under ``/api`` (described by ``/openapi.json``): the pages' actions for programs.

Authentication: ``POST /api/login`` returns a bearer token; the session cookie of a browser login
works too (then unsafe methods need ``X-CSRF-Token``; see :mod:`newsdesk.web.csrf`). Every route
except the login needs one of the two (401 otherwise). Errors are ``{"detail", "hint"}``.
"""

from __future__ import annotations

import math
from dataclasses import asdict
from typing import Any

from fastapi import APIRouter, Depends, HTTPException, Request
from pydantic import BaseModel, Field

from newsdesk.errors import ReviewError
from newsdesk.store.articles import STATUSES
from newsdesk.web import views
from newsdesk.web.auditing import run_audit
from newsdesk.web.auth import LoginFailed, authenticate, end_session, issue_token
from newsdesk.web.csrf import csrf_protect, csrf_token
from newsdesk.web.deps import ApiEditor, api_editor
from newsdesk.web.state import get_state

public = APIRouter(prefix="/api", tags=["session"], dependencies=[Depends(csrf_protect)])
private = APIRouter(prefix="/api", dependencies=[Depends(csrf_protect), Depends(api_editor)])
Json = dict[str, Any]


class Login(BaseModel):
    name: str = Field(max_length=200)
    password: str = Field(max_length=1024)


class SentenceText(BaseModel):
    text: str = Field(min_length=1, max_length=2000, description="The sentence's new text.")
    reason: str = Field(default="", max_length=2000, description="Why (kept in the review trail).")


class Reason(BaseModel):
    reason: str = Field(default="", max_length=2000)


class Note(BaseModel):
    note: str = Field(default="", max_length=2000)


class Approval(BaseModel):
    note: str = Field(default="", max_length=2000)
    force: bool = Field(default=False, description="Approve although sentences block it (needs a reason).")
    reason: str = Field(default="", max_length=2000, description="Why a blocked version may go out.")


class FeedIn(BaseModel):
    url: str = Field(max_length=2000)
    title: str = Field(default="", max_length=200)
    interval: int = Field(default=30, ge=1, le=10_080, description="Polling interval in minutes.")


class IngestIn(BaseModel):
    urls: list[str] = Field(min_length=1, max_length=100, description="Pages, feeds or sitemaps.")


class AuditIn(BaseModel):
    text: str = Field(default="", max_length=500_000, description="The article as text …")
    url: str = Field(default="", max_length=2000, description="… or its URL.")
    sources: list[str] = Field(
        default_factory=list, max_length=1000, description="More source URLs (verify.max_sources in all)."
    )


@public.post("/login")
def login(body: Login, request: Request) -> Json:
    """Exchange name and password for a bearer token (rate-limited like the login page)."""
    state = get_state(request)
    client = request.client.host if request.client else "unknown"
    try:
        with state.store() as store:
            user = authenticate(store, state.limiter, body.name, body.password, client)
            token = issue_token(store, user, state.settings.web)
    except LoginFailed as exc:
        if exc.retry_after > 0:
            headers = {"Retry-After": str(math.ceil(exc.retry_after))}
            raise HTTPException(429, "too many failed logins; try again later", headers=headers) from exc
        raise HTTPException(401, "wrong name or password") from exc
    return {
        "token": token,
        "token_type": "bearer",
        "user": user.name,
        "expires_in": int(state.settings.web.session_hours * 3600),
    }


@private.post("/logout", tags=["session"])
def logout(request: Request) -> Json:
    """End the session of this request: its bearer token (or its session cookie) stops working."""
    with get_state(request).store() as store:
        end_session(request, store)
    return {"logged_out": True}


@private.get("/session", tags=["session"])
def session(request: Request, user: ApiEditor) -> Json:
    """Who is logged in, and the CSRF token for cookie-authenticated requests."""
    return {"user": user, "csrf_token": csrf_token(request)}


@private.get("/stories", tags=["stories"])
def stories(request: Request) -> list[Json]:
    """Every story with outlets, languages, last update, documents and its latest article's status."""
    with get_state(request).store() as store:
        return views.stories(store)


@private.get("/stories/{story_id}", tags=["stories"])
def story(request: Request, story_id: int) -> Json:
    """One story with its documents and every article version."""
    with get_state(request).store() as store:
        view = views.story(store, story_id)
    if view is None:
        raise HTTPException(404, f"no story with id {story_id}")
    return view


@private.get("/status", tags=["session"])
def status(request: Request) -> Json:
    """The work in hand (steps with their counts) and the newsroom's last notes."""
    return get_state(request).board.snapshot()


@private.post("/stories/{story_id}/write", tags=["stories"])
def write(request: Request, story_id: int, rewrite: bool = False) -> Json:
    """Write the story's article with the configured writer and the verifier; the stored version.

    A story whose documents and settings have not changed since it was written is not written
    again (``unchanged``), unless ``rewrite``."""
    with get_state(request).newsroom() as room:
        written = room.write_story(story_id, rewrite=rewrite)
        record = written.record
        return {
            **views.record_json(room.store, record),
            "created": record.created,
            "unchanged": written.unchanged,
        }


@private.get("/documents/{document_id}", tags=["stories"])
def document(request: Request, document_id: int) -> Json:
    """A source document with its passages (the units sentences cite)."""
    with get_state(request).store() as store:
        found = store.get_document(document_id)
        passages = [p.to_dict() for p in store.get_passages(document_id)]
    return {**found.to_dict(), "passages": passages}


@private.get("/articles", tags=["articles"])
def articles(request: Request, status: str | None = None) -> list[Json]:
    """Article versions, newest first, optionally of one status (draft, approved, …)."""
    if status is not None and status not in STATUSES:
        raise HTTPException(400, f"unknown status {status!r}; one of {', '.join(STATUSES)}")
    with get_state(request).store() as store:
        return views.article_summaries(store, status)


@private.get("/articles/{article_id}", tags=["articles"])
def article(request: Request, article_id: int) -> Json:
    """One version: state, the article (newsdesk.article/1), sentences that block it, versions, trail."""
    with get_state(request).store() as store:
        return views.record_json(store, store.get_article(article_id))


def _done(request: Request, article_id: int) -> Json:
    with get_state(request).store() as store:
        return views.record_json(store, store.get_article(article_id))


@private.put("/articles/{article_id}/sentences/{sentence_id}", tags=["articles"])
def edit_sentence(
    request: Request, article_id: int, sentence_id: str, body: SentenceText, user: ApiEditor
) -> Json:
    """Replace a sentence's text; it is verified again (see its verdict and the blocking list)."""
    with get_state(request).newsroom() as room:
        room.edit_sentence(article_id, sentence_id, body.text, actor=user, reason=body.reason)
    return _done(request, article_id)


@private.post("/articles/{article_id}/sentences/{sentence_id}/reject", tags=["articles"])
def reject_sentence(
    request: Request, article_id: int, sentence_id: str, body: Reason, user: ApiEditor
) -> Json:
    """Strike a sentence from the text (the trail keeps it; ``…/restore`` brings it back)."""
    with get_state(request).newsroom() as room:
        room.strike_sentence(article_id, sentence_id, actor=user, reason=body.reason)
    return _done(request, article_id)


@private.post("/articles/{article_id}/sentences/{sentence_id}/restore", tags=["articles"])
def restore_sentence(request: Request, article_id: int, sentence_id: str, user: ApiEditor) -> Json:
    """Put a struck sentence back where it stood (verified again)."""
    with get_state(request).newsroom() as room:
        room.restore_sentence(article_id, sentence_id, actor=user)
    return _done(request, article_id)


@private.post("/articles/{article_id}/verify", tags=["articles"])
def verify(request: Request, article_id: int, user: ApiEditor) -> Json:
    """Verify every sentence again with the current verifier settings."""
    with get_state(request).newsroom() as room:
        room.verify(article_id, actor=user)
    return _done(request, article_id)


@private.post("/articles/{article_id}/approve", tags=["articles"])
def approve(request: Request, article_id: int, body: Approval, user: ApiEditor) -> Json:
    """Approve (409 while a sentence blocks it, unless ``force`` with a ``reason``)."""
    with get_state(request).newsroom() as room:
        room.approve(article_id, actor=user, note=body.note, force=body.reason if body.force else None)
    return _done(request, article_id)


@private.post("/articles/{article_id}/reject", tags=["articles"])
def reject(request: Request, article_id: int, body: Note, user: ApiEditor) -> Json:
    """Reject the version."""
    with get_state(request).newsroom() as room:
        room.reject(article_id, actor=user, note=body.note)
    return _done(request, article_id)


@private.post("/articles/{article_id}/reopen", tags=["articles"])
def reopen(request: Request, article_id: int, user: ApiEditor) -> Json:
    """Put an approved or rejected version back into draft."""
    with get_state(request).newsroom() as room:
        room.reopen(article_id, actor=user)
    return _done(request, article_id)


@private.post("/articles/{article_id}/publish", tags=["articles"])
def publish(request: Request, article_id: int, user: ApiEditor) -> Json:
    """Publish an approved version (feed and static site)."""
    with get_state(request).newsroom() as room:
        room.publish(article_id, actor=user)
    return _done(request, article_id)


@private.post("/articles/{article_id}/withdraw", tags=["articles"])
def withdraw(request: Request, article_id: int, user: ApiEditor) -> Json:
    """Withdraw a published version."""
    with get_state(request).newsroom() as room:
        room.withdraw(article_id, actor=user)
    return _done(request, article_id)


@private.get("/queue/articles", tags=["articles"])
def queue_articles(
    request: Request,
    state: str | None = None,
    outlet: str | None = None,
    language: str | None = None,
    since: str | None = None,
    until: str | None = None,
    q: str | None = None,
    versions: bool = False,
) -> Json:
    """The review queue: article versions by queue state (open, blocked, needs_review, …), outlet,
    language, date (YYYY-MM-DD) and words; with the counts per state."""
    filters = _filters(state, outlet, language, since, until, q, versions)
    with get_state(request).newsroom() as room:
        return views.queue_json(room.find_articles(filters))


@private.get("/queue/stories", tags=["stories"])
def queue_stories(
    request: Request,
    state: str | None = None,
    outlet: str | None = None,
    language: str | None = None,
    since: str | None = None,
    until: str | None = None,
    q: str | None = None,
) -> Json:
    """Stories by their article's queue state (or ``unwritten``), outlet, language, date and words."""
    filters = _filters(state, outlet, language, since, until, q, False)
    with get_state(request).newsroom() as room:
        return views.queue_json(room.find_stories(filters))


def _filters(*fields: Any) -> Any:
    state, outlet, language, since, until, q, versions = fields
    filters, problems = views.parse_filters(
        state=state, outlet=outlet, language=language, since=since, until=until, text=q, versions=versions
    )
    if problems:
        raise HTTPException(400, "; ".join(problems))
    return filters


@private.get("/articles/{article_id}/review", tags=["articles"])
def review(request: Request, article_id: int) -> Json:
    """What needs attention and why, open conflicts, struck sentences and the tracked changes."""
    with get_state(request).newsroom() as room:
        return views.review_json(room.review(article_id))


@private.get("/articles/{article_id}/sentences/{sentence_id}/sources", tags=["articles"])
def sentence_sources(request: Request, article_id: int, sentence_id: str) -> Json:
    """One sentence with its sources opened: per citation the judgement, anchors and marked passages."""
    with get_state(request).newsroom() as room:
        article = room.store.get_article(article_id).article
        try:
            opened = room.sentence_sources(article, sentence_id)
        except ReviewError as exc:
            raise HTTPException(404, str(exc)) from exc
        return views.sources_json(opened)


@private.post("/audit", tags=["audit"])
def audit(request: Request, body: AuditIn) -> Json:
    """Audit an article (text or URL) against the sources it cites and ``sources``: newsdesk.audit/1."""
    report = run_audit(get_state(request), text=body.text, url=body.url, source_urls=body.sources)
    return report.to_dict()


@private.get("/feeds", tags=["sources"])
def feeds(request: Request) -> list[Json]:
    """Saved feeds."""
    with get_state(request).store() as store:
        return [asdict(feed) for feed in store.list_feeds()]


@private.post("/feeds", tags=["sources"], status_code=201)
def feeds_add(request: Request, body: FeedIn) -> Json:
    """Save a feed to poll."""
    with get_state(request).newsroom() as room:
        return asdict(room.add_feed(body.url, title=body.title, interval=body.interval))


@private.delete("/feeds/{feed_id}", tags=["sources"])
def feeds_remove(request: Request, feed_id: int) -> Json:
    """Remove a saved feed (its documents stay)."""
    with get_state(request).store() as store:
        if not store.remove_feed(str(feed_id)):
            raise HTTPException(404, f"no feed with id {feed_id}")
    return {"removed": feed_id}


@private.post("/ingest", tags=["sources"])
def ingest(request: Request, body: IngestIn) -> Json:
    """Fetch and store URLs through the private-address guard; new documents join their stories."""
    with get_state(request).newsroom() as room:
        report = room.ingest_urls(body.urls)
    return {"items": [i.to_dict() for i in report.items], "failures": [f.to_dict() for f in report.failures]}


router = APIRouter()
router.include_router(public)
router.include_router(private)
__all__ = ["router"]
