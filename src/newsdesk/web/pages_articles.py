"""Pages: the review queue and the review of one article version, with its decisions.

The review page is the editor's desk: the article as it will read, each sentence with a compact
verdict mark, what needs attention first, and one sentence's sources opened beside the text
(``?s=<sentence id>``; by default the first sentence that needs attention) with the anchors and
shared words marked and each citation's own judgement. Every action is a POST form (with the CSRF
token) that calls the newsroom service (the same operations and article rules as the command line
and the API) and comes back to the article with a message; a refused action (approving a version
with an unsupported sentence, say) is shown as that message, never lost. The editing actions are
in :mod:`newsdesk.web.pages_desk`.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, Response

from newsdesk.errors import NewsdeskError
from newsdesk.render.base import RenderOptions
from newsdesk.render.html import page
from newsdesk.web import views
from newsdesk.web.csrf import csrf_protect
from newsdesk.web.deps import Editor, editor
from newsdesk.web.state import act, get_state
from newsdesk.write.german import dateline_text

router = APIRouter(dependencies=[Depends(csrf_protect), Depends(editor)], include_in_schema=False)
Text = Annotated[str, Form(max_length=2000)]


@router.get("/articles")
def articles_page(
    request: Request,
    state: str | None = None,
    outlet: str | None = None,
    language: str | None = None,
    since: str | None = None,
    until: str | None = None,
    q: str | None = None,
    versions: bool = False,
) -> Response:
    """The review queue: article versions filtered by state, outlet, language, date and words."""
    web = get_state(request)
    filters, problems = views.parse_filters(
        state=state, outlet=outlet, language=language, since=since, until=until, text=q, versions=versions
    )
    with web.newsroom() as room:
        found = room.find_articles(filters)
    context = {"title": "Artikel", "queue": found, "filters": filters, "problems": problems}
    context["kind"] = "articles"
    return web.render(request, "articles.html", context, status_code=400 if problems else 200)


def _sentence_or_404(article_sentences: list[str], wanted: str | None, fallback: str | None) -> str | None:
    if wanted is None:
        return fallback
    if wanted not in article_sentences:
        raise HTTPException(404, f"the article has no sentence {wanted[:40]!r}")
    return wanted


@router.get("/articles/{article_id}")
def article_page(request: Request, article_id: int, s: str | None = None) -> Response:
    """The review page (see the module docstring)."""
    state = get_state(request)
    with state.newsroom() as room:
        try:
            review = room.review(article_id)
        except NewsdeskError as exc:
            raise HTTPException(404, f"no article with id {article_id}") from exc
        article = review.article
        order = [x.id for x in article.sentences()]
        first = next(iter(review.attention), order[0] if order else None)
        chosen = _sentence_or_404(order, s, first)
        opened = room.sentence_sources(article, chosen) if chosen else None
    attention = list(review.attention)
    context: dict[str, Any] = {
        "title": article.headline,
        "dateline": dateline_text(article.dateline),
        "first_sentence": order[0] if order else None,
        "review": review,
        "record": review.record,
        "article": article,
        "opened": opened,
        "attention_order": attention,
        "next_attention": _after(attention, order, chosen, 1),
        "previous_attention": _after(attention, order, chosen, -1),
        "formats": views.DOWNLOADS,
    }
    return state.render(request, "article.html", context)


def _after(attention: list[str], order: list[str], chosen: str | None, step: int) -> str | None:
    """The next (``step`` 1) or previous (-1) sentence that needs attention, in reading order."""
    if not attention:
        return None
    at = order.index(chosen) if chosen in order else -1
    ranked = [order.index(x) for x in attention]
    if step > 0:
        later = [i for i in ranked if i > at]
        return order[min(later)] if later else order[min(ranked)]
    earlier = [i for i in ranked if i < at]
    return order[max(earlier)] if earlier else order[max(ranked)]


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


@router.post("/articles/{article_id}/approve")
def approve(request: Request, article_id: int, user: Editor, note: Text = "") -> Response:
    """Approve the version (refused while a sentence is not supported)."""
    return act(
        request,
        article_id,
        lambda room: room.approve(article_id, actor=user, note=note),
        "Artikel freigegeben.",
    )


@router.post("/articles/{article_id}/reject")
def reject(request: Request, article_id: int, user: Editor, note: Text = "") -> Response:
    """Reject the version."""
    return act(
        request,
        article_id,
        lambda room: room.reject(article_id, actor=user, note=note),
        "Artikel abgelehnt.",
    )


@router.post("/articles/{article_id}/reopen")
def reopen(request: Request, article_id: int, user: Editor) -> Response:
    """Put a rejected or approved version back into draft."""
    return act(
        request,
        article_id,
        lambda room: room.reopen(article_id, actor=user),
        "Artikel wieder im Entwurf.",
    )


@router.post("/articles/{article_id}/publish")
def publish(request: Request, article_id: int, user: Editor) -> Response:
    """Publish an approved version: it joins the feed and the static site."""
    return act(
        request,
        article_id,
        lambda room: room.publish(article_id, actor=user),
        "Artikel veröffentlicht.",
    )


@router.post("/articles/{article_id}/withdraw")
def withdraw(request: Request, article_id: int, user: Editor) -> Response:
    """Withdraw a published version."""
    return act(
        request,
        article_id,
        lambda room: room.withdraw(article_id, actor=user),
        "Artikel zurückgezogen.",
    )
