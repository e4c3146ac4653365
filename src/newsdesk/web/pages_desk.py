"""Pages: the editor's desk's actions on a version's text, and its downloads.

Each form posts (with the CSRF token and an optional reason) to one route here, which calls one
operation of the newsroom service — edit, strike, restore, add and move sentences, move
paragraphs, headline, sub-headline and dateline, headings, conflict decisions — and returns to the
review page with the sentence it touched opened. The rules (what may change, what is verified
again, what the trail records) are the service's; a refusal comes back as the page's message.
``GET /articles/{id}/add`` chooses the passages a new sentence cites; ``GET
/articles/{id}/download/{format}`` renders the version (``?marks=1``: the review copy).
"""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.responses import RedirectResponse, Response

from newsdesk.errors import NewsdeskError, ReviewError
from newsdesk.newsroom import Newsroom
from newsdesk.store.articles import ArticleRecord
from newsdesk.web import views
from newsdesk.web.csrf import csrf_protect
from newsdesk.web.deps import Editor, editor
from newsdesk.web.state import act, back_to, flash, get_state

router = APIRouter(dependencies=[Depends(csrf_protect), Depends(editor)], include_in_schema=False)
Text = Annotated[str, Form(max_length=2000)]
Short = Annotated[str, Form(max_length=300)]
Way = Annotated[Literal["up", "down"], Form()]
SENTENCE = "/articles/{article_id}/sentences/{sentence_id}"


# -- sentences ---------------------------------------------------------------------------------------


@router.post(SENTENCE + "/edit")
def edit_sentence(
    request: Request, article_id: int, sentence_id: str, text: Text, user: Editor, reason: Text = ""
) -> Response:
    """Replace a sentence; it is verified again and keeps only its new verdict."""

    def action(room: Newsroom) -> ArticleRecord:
        record = room.edit_sentence(article_id, sentence_id, text, actor=user, reason=reason)
        edited = next((s for s in record.article.sentences() if s.id == sentence_id), None)
        if edited is not None and (edited.verdict is None or edited.verdict.label != "supported"):
            label = edited.verdict.label if edited.verdict else "unverified"
            flash(request, "error", f"Satz {sentence_id} geändert, aber nicht belegt ({label}).")
        return record

    return act(request, article_id, action, f"Satz {sentence_id} geändert und neu geprüft.", sentence_id)


@router.post(SENTENCE + "/reject")
def reject_sentence(
    request: Request, article_id: int, sentence_id: str, user: Editor, reason: Text = ""
) -> Response:
    """Strike a sentence from the text (kept in the review trail, restorable)."""
    return act(
        request,
        article_id,
        lambda room: room.strike_sentence(article_id, sentence_id, actor=user, reason=reason),
        f"Satz {sentence_id} gestrichen.",
    )


@router.post(SENTENCE + "/restore")
def restore_sentence(
    request: Request, article_id: int, sentence_id: str, user: Editor, reason: Text = ""
) -> Response:
    """Put a struck sentence back where it stood (verified again)."""
    return act(
        request,
        article_id,
        lambda room: room.restore_sentence(article_id, sentence_id, actor=user, reason=reason),
        f"Satz {sentence_id} wieder eingefügt.",
        sentence_id,
    )


@router.post(SENTENCE + "/move")
def move_sentence(
    request: Request, article_id: int, sentence_id: str, direction: Way, user: Editor, reason: Text = ""
) -> Response:
    """Move a sentence one place up or down in reading order."""
    return act(
        request,
        article_id,
        lambda room: room.shift_sentence(article_id, sentence_id, direction, actor=user, reason=reason),
        f"Satz {sentence_id} {views.DIRECTIONS[direction]} verschoben.",
        sentence_id,
    )


@router.post(SENTENCE + "/paragraph")
def move_paragraph(
    request: Request, article_id: int, sentence_id: str, direction: Way, user: Editor, reason: Text = ""
) -> Response:
    """Move the paragraph that holds a sentence one place up or down."""
    return act(
        request,
        article_id,
        lambda room: room.shift_paragraph(article_id, sentence_id, direction, actor=user, reason=reason),
        f"Absatz {views.DIRECTIONS[direction]} verschoben.",
        sentence_id,
    )


@router.post(SENTENCE + "/heading")
def insert_heading(
    request: Request, article_id: int, sentence_id: str, text: Short, user: Editor, reason: Text = ""
) -> Response:
    """Start a new section with a heading at the paragraph that holds a sentence."""
    return act(
        request,
        article_id,
        lambda room: room.insert_heading(article_id, sentence_id, text, actor=user, reason=reason),
        "Zwischenüberschrift eingefügt.",
        sentence_id,
    )


# -- headline, sub-headline, dateline, headings -------------------------------------------------------


@router.post("/articles/{article_id}/head")
def edit_head(
    request: Request,
    article_id: int,
    headline: Short,
    user: Editor,
    subheadline: Short = "",
    place: Short = "",
    date: Short = "",
    reason: Text = "",
) -> Response:
    """Headline, sub-headline and dateline in one form (what did not change is not recorded)."""

    return act(
        request,
        article_id,
        lambda room: room.edit_head(
            article_id,
            headline=headline,
            subheadline=subheadline,
            place=place,
            date=date,
            actor=user,
            reason=reason,
        ),
        "Kopf gespeichert.",
    )


@router.post("/articles/{article_id}/sections/{section}/heading")
def edit_heading(
    request: Request, article_id: int, section: int, text: Short, user: Editor, reason: Text = ""
) -> Response:
    """Replace a section's heading (empty: the section has none)."""
    return act(
        request,
        article_id,
        lambda room: room.edit_heading(article_id, section, text, actor=user, reason=reason),
        "Zwischenüberschrift gespeichert.",
    )


# -- conflicts between sources -------------------------------------------------------------------------


@router.post("/articles/{article_id}/conflicts/{index}")
def resolve_conflict(
    request: Request, article_id: int, index: int, user: Editor, chosen: Short = "", reason: Text = ""
) -> Response:
    """Record the editor's decision on a conflict: one value, or "" for naming every value."""
    return act(
        request,
        article_id,
        lambda room: room.resolve_conflict(article_id, index, chosen, actor=user, reason=reason),
        "Entscheidung zum Widerspruch gespeichert.",
    )


# -- adding a sentence ---------------------------------------------------------------------------------


@router.get("/articles/{article_id}/add")
def add_page(request: Request, article_id: int, q: str = "", after: str = "") -> Response:
    """Choose the passages of the story's reports that a new sentence cites (``q``: words they contain)."""
    state = get_state(request)
    with state.newsroom() as room:
        try:
            review = room.review(article_id)
        except NewsdeskError as exc:
            raise HTTPException(404, f"no article with id {article_id}") from exc
        found = room.story_passages(article_id, q[:200])
    context = {
        "title": "Satz hinzufügen",
        "record": review.record,
        "article": review.article,
        "editable": review.editable,
        "found": found,
        "numbers": review.numbers,
        "q": q[:200],
        "after": after,
    }
    return state.render(request, "add.html", context)


@router.post("/articles/{article_id}/sentences")
def add_sentence(
    request: Request,
    article_id: int,
    text: Text,
    user: Editor,
    cite: Annotated[list[str] | None, Form(max_length=50)] = None,
    after: Short = "",
    reason: Text = "",
) -> Response:
    """Add a sentence citing the chosen passages (``cite``: "document:passage") after ``after``."""
    try:
        citations = views.parse_citations(cite or [])
    except ReviewError as exc:
        flash(request, "error", str(exc))
        return RedirectResponse(f"/articles/{article_id}/add", status_code=303)
    added: list[str] = []

    def action(room: Newsroom) -> ArticleRecord:
        before = {s.id for s in room.store.get_article(article_id).article.sentences()}
        record = room.add_sentence(
            article_id, text, citations, actor=user, after=after or None, reason=reason
        )
        added.extend(s.id for s in record.article.sentences() if s.id not in before)
        return record

    response = act(request, article_id, action, "Satz hinzugefügt und geprüft.")
    if added:
        return RedirectResponse(back_to(article_id, added[0]), status_code=303)
    return response


# -- downloads ---------------------------------------------------------------------------------------


@router.get("/articles/{article_id}/download/{fmt}")
def download(request: Request, article_id: int, fmt: str, marks: bool = False) -> Response:
    """The version as Markdown, HTML, PDF, Word, JSON or JSON-LD (``marks``: with the verdicts)."""
    if fmt not in views.DOWNLOADS:
        raise HTTPException(404, f"no download format {fmt[:20]!r}; one of {', '.join(views.DOWNLOADS)}")
    with get_state(request).newsroom() as room:
        exported = room.export(article_id, fmt, marks=marks)
    return Response(
        exported.content,
        media_type=exported.media_type,
        headers={"Content-Disposition": f'attachment; filename="{exported.filename}"'},
    )
