"""Pages: the review queue and the review of one article version, with its actions.

Every action is a POST form (with the CSRF token) that calls the newsroom service (the same
operations and article rules as the command line and the API) and comes back to the article with
a message; a refused action (approving a version with an unsupported
sentence, say) is shown as that message, never lost.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from newsdesk.errors import NewsdeskError
from newsdesk.newsroom import Newsroom, blockers
from newsdesk.newsroom.rules import EDITABLE
from newsdesk.render.base import RenderOptions
from newsdesk.render.html import page
from newsdesk.store.articles import STATUSES, ArticleRecord
from newsdesk.web import views
from newsdesk.web.csrf import csrf_protect
from newsdesk.web.deps import Editor, editor
from newsdesk.web.state import flash, get_state
from newsdesk.write.german import dateline_text

router = APIRouter(dependencies=[Depends(csrf_protect), Depends(editor)], include_in_schema=False)
Text = Annotated[str, Form(max_length=2000)]


@router.get("/articles")
def articles_page(request: Request, status: str | None = None) -> Response:
    """Article versions, newest first; ``?status=draft`` is the review queue."""
    state = get_state(request)
    chosen = status if status in STATUSES else None
    with state.store() as store:
        found = views.article_summaries(store, chosen)
    return state.render(request, "articles.html", {"title": "Artikel", "articles": found, "status": chosen})


@router.get("/articles/{article_id}")
def article_page(request: Request, article_id: int) -> Response:
    """The review page: text with per-sentence verdicts and evidence, actions, versions, trail."""
    state = get_state(request)
    with state.store() as store:
        try:
            record = store.get_article(article_id)
        except NewsdeskError as exc:
            raise HTTPException(404, f"no article with id {article_id}") from exc
        context: dict[str, Any] = {
            "title": record.article.headline,
            "dateline": dateline_text(record.article.dateline),
            "first_sentence": next((s.id for s in record.article.sentences()), None),
            "record": record,
            "article": record.article,
            "numbers": {s.id: n for n, s in enumerate(record.article.sources, 1)},
            "outlets": views.outlets_of(store, record),
            "blocking": {b.sentence_id: b for b in blockers(record.article)},
            "versions": store.list_articles(story_id=record.story_id),
            "events": store.article_events(article_id),
            "editable": record.status in EDITABLE,
        }
    return state.render(request, "article.html", context)


@router.get("/articles/{article_id}/preview")
def preview(request: Request, article_id: int) -> Response:
    """The version as readers would see it (the publication page, without verdict marks)."""
    state = get_state(request)
    with state.store() as store:
        try:
            record = store.get_article(article_id)
        except NewsdeskError as exc:
            raise HTTPException(404, f"no article with id {article_id}") from exc
    options = RenderOptions(marks=False, record=record, settings=state.settings.publish)
    return HTMLResponse(page(record.article, options))


def _act(
    request: Request, article_id: int, action: Callable[[Newsroom], ArticleRecord], done: str
) -> Response:
    try:
        with get_state(request).newsroom() as room:
            action(room)
    except NewsdeskError as exc:
        flash(request, "error", str(exc) + (f" ({exc.hint})" if exc.hint else ""))
    else:
        flash(request, "ok", done)
    return RedirectResponse(f"/articles/{article_id}", status_code=303)


@router.post("/articles/{article_id}/sentences/{sentence_id}/edit")
def edit_sentence(request: Request, article_id: int, sentence_id: str, text: Text, user: Editor) -> Response:
    """Replace a sentence; it is verified again and keeps only its new verdict."""

    def action(room: Newsroom) -> ArticleRecord:
        record = room.edit_sentence(article_id, sentence_id, text, actor=user)
        edited = next((s for s in record.article.sentences() if s.id == sentence_id), None)
        if edited is not None and (edited.verdict is None or edited.verdict.label != "supported"):
            label = edited.verdict.label if edited.verdict else "unverified"
            flash(request, "error", f"Satz {sentence_id} geändert, aber nicht belegt ({label}).")
        return record

    return _act(request, article_id, action, f"Satz {sentence_id} geändert und neu geprüft.")


@router.post("/articles/{article_id}/sentences/{sentence_id}/reject")
def reject_sentence(
    request: Request, article_id: int, sentence_id: str, user: Editor, reason: Text = ""
) -> Response:
    """Strike a sentence from the text (kept in the review trail)."""
    return _act(
        request,
        article_id,
        lambda room: room.strike_sentence(article_id, sentence_id, actor=user, reason=reason),
        f"Satz {sentence_id} gestrichen.",
    )


@router.post("/articles/{article_id}/sentences/{sentence_id}/restore")
def restore_sentence(request: Request, article_id: int, sentence_id: str, user: Editor) -> Response:
    """Put a struck sentence back (verified again)."""
    return _act(
        request,
        article_id,
        lambda room: room.restore_sentence(article_id, sentence_id, actor=user),
        f"Satz {sentence_id} wieder eingefügt.",
    )


@router.post("/articles/{article_id}/approve")
def approve(request: Request, article_id: int, user: Editor, note: Text = "") -> Response:
    """Approve the version (refused while a sentence is not supported)."""
    return _act(
        request,
        article_id,
        lambda room: room.approve(article_id, actor=user, note=note),
        "Artikel freigegeben.",
    )


@router.post("/articles/{article_id}/reject")
def reject(request: Request, article_id: int, user: Editor, note: Text = "") -> Response:
    """Reject the version."""
    return _act(
        request,
        article_id,
        lambda room: room.reject(article_id, actor=user, note=note),
        "Artikel abgelehnt.",
    )


@router.post("/articles/{article_id}/reopen")
def reopen(request: Request, article_id: int, user: Editor) -> Response:
    """Put a rejected or approved version back into draft."""
    return _act(
        request,
        article_id,
        lambda room: room.reopen(article_id, actor=user),
        "Artikel wieder im Entwurf.",
    )


@router.post("/articles/{article_id}/publish")
def publish(request: Request, article_id: int, user: Editor) -> Response:
    """Publish an approved version: it joins the feed and the static site."""
    return _act(
        request,
        article_id,
        lambda room: room.publish(article_id, actor=user),
        "Artikel veröffentlicht.",
    )


@router.post("/articles/{article_id}/withdraw")
def withdraw(request: Request, article_id: int, user: Editor) -> Response:
    """Withdraw a published version."""
    return _act(
        request,
        article_id,
        lambda room: room.withdraw(article_id, actor=user),
        "Artikel zurückgezogen.",
    )
