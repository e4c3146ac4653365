"""Page: saved feeds (add, remove) and ingesting URLs, through the same guard as ``newsdesk ingest``.

URLs are ingested by the newsroom service with ``settings.ingest``, exactly as on the command line:
hosts that resolve to private, loopback or reserved addresses are refused unless
``ingest.allow_private`` (or ``ingest.allow_networks``) admits them. New documents join their
stories right away (under the clustering lock).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response

from newsdesk.ingest.report import IngestReport
from newsdesk.web.csrf import csrf_protect
from newsdesk.web.deps import editor
from newsdesk.web.state import flash, get_state

router = APIRouter(dependencies=[Depends(csrf_protect), Depends(editor)], include_in_schema=False)


def _page(request: Request, report: IngestReport | None = None, status_code: int = 200) -> Response:
    state = get_state(request)
    with state.store() as store:
        feeds = store.list_feeds()
        log = store.fetch_log(limit=20)
    context = {"title": "Quellen", "feeds": feeds, "log": log, "report": report}
    return state.render(request, "sources.html", context, status_code=status_code)


@router.get("/sources")
def sources_page(request: Request) -> Response:
    """Saved feeds, the ingest form and the latest fetches."""
    return _page(request)


@router.post("/sources/feeds")
def feeds_add(
    request: Request,
    url: Annotated[str, Form(max_length=2000)],
    title: Annotated[str, Form(max_length=200)] = "",
    interval: Annotated[int, Form(ge=1, le=10_080)] = 30,
) -> Response:
    """Save a feed."""
    with get_state(request).newsroom() as room:
        feed = room.add_feed(url, title=title, interval=interval)
    flash(request, "ok", f"Feed {feed.id} gespeichert: {feed.url}")
    return RedirectResponse("/sources", status_code=303)


@router.post("/sources/feeds/{feed_id}/remove")
def feeds_remove(request: Request, feed_id: int) -> Response:
    """Remove a saved feed (its documents stay)."""
    state = get_state(request)
    with state.store() as store:
        removed = store.remove_feed(str(feed_id))
    flash(
        request, "ok" if removed else "error", f"Feed {feed_id} {'entfernt' if removed else 'gibt es nicht'}."
    )
    return RedirectResponse("/sources", status_code=303)


@router.post("/sources/ingest")
def ingest(request: Request, urls: Annotated[str, Form(max_length=50_000)]) -> Response:
    """Fetch and store the given URLs (one per line); show what was stored and what failed."""
    with get_state(request).newsroom() as room:
        report = room.ingest_urls(urls.splitlines())
    return _page(request, report, status_code=200 if report.items or not report.failures else 422)
