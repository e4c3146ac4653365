"""Pages: the stories list (with the queue's filters), one story with its documents, one document,
and "write article"."""

from __future__ import annotations

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import RedirectResponse, Response

from newsdesk.errors import NewsdeskError
from newsdesk.web import views
from newsdesk.web.csrf import csrf_protect
from newsdesk.web.deps import editor
from newsdesk.web.state import flash, get_state

router = APIRouter(dependencies=[Depends(csrf_protect), Depends(editor)], include_in_schema=False)


@router.get("/stories")
def stories_page(
    request: Request,
    state: str | None = None,
    outlet: str | None = None,
    language: str | None = None,
    since: str | None = None,
    until: str | None = None,
    q: str | None = None,
) -> Response:
    """Stories with outlets, languages, tags, last report and their article's state, filtered by
    state, outlet, language, date of the latest report and words."""
    web = get_state(request)
    filters, problems = views.parse_filters(
        state=state, outlet=outlet, language=language, since=since, until=until, text=q
    )
    with web.newsroom() as room:
        found = room.find_stories(filters)
    context = {"title": "Geschichten", "queue": found, "filters": filters, "problems": problems}
    context["kind"] = "stories"
    return web.render(request, "stories.html", context, status_code=400 if problems else 200)


@router.get("/stories/{story_id}")
def story_page(request: Request, story_id: int) -> Response:
    """One story: its documents, its article versions and the "write article" action."""
    state = get_state(request)
    with state.store() as store:
        view = views.story(store, story_id)
    if view is None:
        raise HTTPException(404, f"no story with id {story_id}")
    return state.render(request, "story.html", {"title": view["label"], "story": view})


@router.post("/stories/{story_id}/write")
def write_article(request: Request, story_id: int) -> Response:
    """Write the story's article with the configured writer and the verifier; show the version."""
    try:
        with get_state(request).newsroom() as room:
            written = room.write_story(story_id)
    except NewsdeskError as exc:
        flash(request, "error", f"Der Artikel konnte nicht geschrieben werden: {exc}")
        return RedirectResponse(f"/stories/{story_id}", status_code=303)
    record = written.record
    state_word = "neue Version" if record.created and not written.unchanged else "unveränderte Version"
    flash(request, "ok", f"Artikel geschrieben: {state_word} {record.version}.")
    return RedirectResponse(f"/articles/{record.id}", status_code=303)


@router.get("/documents/{document_id}")
def document_page(request: Request, document_id: int) -> Response:
    """One source document with its numbered passages (the units that sentences cite)."""
    state = get_state(request)
    with state.store() as store:
        try:
            document = store.get_document(document_id)
        except NewsdeskError as exc:
            raise HTTPException(404, f"no document with id {document_id}") from exc
        passages = store.get_passages(document_id)
        story_id = store.story_of(document_id)
    return state.render(
        request,
        "document.html",
        {"title": document.title, "document": document, "passages": passages, "story_id": story_id},
    )
