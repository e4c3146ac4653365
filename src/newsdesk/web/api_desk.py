"""The editor's desk in the JSON API: the review page's editing forms for programs.

Each route calls the one newsroom operation that the page's form calls (the service's rules: only
draft and approved versions change, a changed or added sentence is verified again, every change
is one trail row with the editor's reason, an approved version goes back to draft) and answers
with the version as ``GET /api/articles/{id}`` shows it. Authentication and CSRF are the API's
(:mod:`newsdesk.web.api`): a bearer token, or the session cookie with ``X-CSRF-Token``. A refused
change is 409 with ``{"detail", "hint"}``; an unknown article 404.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query, Request
from pydantic import BaseModel, Field

from newsdesk.models import Citation
from newsdesk.newsroom import Newsroom
from newsdesk.store.articles import ArticleRecord
from newsdesk.web import views
from newsdesk.web.csrf import csrf_protect
from newsdesk.web.deps import ApiEditor, api_editor
from newsdesk.web.state import get_state

router = APIRouter(prefix="/api", tags=["desk"], dependencies=[Depends(csrf_protect), Depends(api_editor)])
Json = dict[str, Any]
ARTICLE = "/articles/{article_id}"
SENTENCE = ARTICLE + "/sentences/{sentence_id}"
Reason = Annotated[str, Field(max_length=2000, description="Why (kept in the review trail).")]


class CitationIn(BaseModel):
    source: int = Field(ge=1, description="The document's id.")
    passage: int = Field(ge=0, description="The passage's index in the document.")


class NewSentence(BaseModel):
    text: str = Field(min_length=1, max_length=2000)
    citations: list[CitationIn] = Field(min_length=1, max_length=50, description="What the sentence cites.")
    after: str | None = Field(default=None, max_length=40, description="Sentence id; default: at the end.")
    reason: Reason = ""


class Move(BaseModel):
    direction: Literal["up", "down"] | None = Field(default=None, description="One place up or down …")
    before: str | None = Field(
        default=None, max_length=40, description="… or in front of this sentence (neither: to the end)."
    )
    reason: Reason = ""


class Step(BaseModel):
    direction: Literal["up", "down"]
    reason: Reason = ""


class Head(BaseModel):
    headline: str | None = Field(default=None, max_length=300)
    subheadline: str | None = Field(default=None, max_length=300, description='"" removes it.')
    place: str | None = Field(default=None, max_length=300, description="The dateline's place.")
    date: str | None = Field(default=None, max_length=300, description="The dateline's date.")
    reason: Reason = ""


class Heading(BaseModel):
    text: str = Field(max_length=300, description='The heading ("" for none, where that is allowed).')
    reason: Reason = ""


class Decision(BaseModel):
    chosen: str = Field(default="", max_length=300, description='One of the values, or "" for all of them.')
    reason: Reason = ""


def _change(request: Request, article_id: int, change: Any) -> Json:
    """Run ``change`` on the newsroom; the version afterwards as ``GET /api/articles/{id}``."""
    with get_state(request).newsroom() as room:
        record: ArticleRecord = change(room)
        return views.record_json(room.store, record)


@router.post(ARTICLE + "/sentences")
def add_sentence(request: Request, article_id: int, body: NewSentence, user: ApiEditor) -> Json:
    """Add a sentence citing passages of the story's reports (``GET …/passages`` finds them); it is
    verified, and a cited document joins the source list. ``sentence`` is the new sentence's id."""
    citations = [Citation(c.source, c.passage) for c in body.citations]
    with get_state(request).newsroom() as room:
        before = {s.id for s in room.store.get_article(article_id).article.sentences()}
        record = room.add_sentence(
            article_id, body.text, citations, actor=user, after=body.after, reason=body.reason
        )
        added = next((s.id for s in record.article.sentences() if s.id not in before), None)
        return {"sentence": added, **views.record_json(room.store, record)}


@router.get(ARTICLE + "/passages")
def passages(request: Request, article_id: int, q: Annotated[str, Query(max_length=200)] = "") -> Json:
    """The passages of the story's reports that a new sentence may cite (``q``: words they contain)."""
    with get_state(request).newsroom() as room:
        found = room.story_passages(article_id, q)
    return {
        "documents": [
            {
                "id": document.id,
                "outlet": document.outlet,
                "title": document.title,
                "language": document.language,
                "passages": [{"index": p.index, "text": p.text} for p in found_passages],
            }
            for document, found_passages in found
        ]
    }


@router.post(SENTENCE + "/move")
def move_sentence(request: Request, article_id: int, sentence_id: str, body: Move, user: ApiEditor) -> Json:
    """Move a sentence one place up or down (``direction``), or in front of sentence ``before``."""

    def change(room: Newsroom) -> ArticleRecord:
        if body.direction is not None:
            return room.shift_sentence(
                article_id, sentence_id, body.direction, actor=user, reason=body.reason
            )
        return room.move_sentence(article_id, sentence_id, before=body.before, actor=user, reason=body.reason)

    return _change(request, article_id, change)


@router.post(SENTENCE + "/paragraph/move")
def move_paragraph(request: Request, article_id: int, sentence_id: str, body: Step, user: ApiEditor) -> Json:
    """Move the paragraph that holds a sentence one place up or down."""
    return _change(
        request,
        article_id,
        lambda room: room.shift_paragraph(
            article_id, sentence_id, body.direction, actor=user, reason=body.reason
        ),
    )


@router.post(SENTENCE + "/heading")
def insert_heading(
    request: Request, article_id: int, sentence_id: str, body: Heading, user: ApiEditor
) -> Json:
    """Start a new section with a heading at the paragraph that holds a sentence."""
    return _change(
        request,
        article_id,
        lambda room: room.insert_heading(article_id, sentence_id, body.text, actor=user, reason=body.reason),
    )


@router.put(ARTICLE + "/head")
def edit_head(request: Request, article_id: int, body: Head, user: ApiEditor) -> Json:
    """Headline, sub-headline and dateline; a field left out stays as it is."""
    return _change(
        request,
        article_id,
        lambda room: room.edit_head(
            article_id,
            headline=body.headline,
            subheadline=body.subheadline,
            place=body.place,
            date=body.date,
            actor=user,
            reason=body.reason,
        ),
    )


@router.put(ARTICLE + "/sections/{section}/heading")
def edit_heading(request: Request, article_id: int, section: int, body: Heading, user: ApiEditor) -> Json:
    """Replace a section's heading (``""``: the section has none)."""
    return _change(
        request,
        article_id,
        lambda room: room.edit_heading(article_id, section, body.text, actor=user, reason=body.reason),
    )


@router.put(ARTICLE + "/conflicts/{index}")
def resolve_conflict(request: Request, article_id: int, index: int, body: Decision, user: ApiEditor) -> Json:
    """Record the editor's decision on a conflict between sources."""
    return _change(
        request,
        article_id,
        lambda room: room.resolve_conflict(article_id, index, body.chosen, actor=user, reason=body.reason),
    )
