"""Page: saved feeds (add, remove) and ingesting URLs, through the same guard as ``newsdesk ingest``.

URLs are fetched by the :class:`~newsdesk.ingest.Ingestor` with ``settings.ingest``: hosts that
resolve to private, loopback or reserved addresses are refused unless ``ingest.allow_private``
(or ``ingest.allow_networks``) admits them, exactly as on the command line. New documents join
their stories right away.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response

from newsdesk.config import Settings
from newsdesk.errors import ConfigError
from newsdesk.ingest.report import IngestReport
from newsdesk.models import utc_now
from newsdesk.store.sql import SQLStore
from newsdesk.urls import feed_url
from newsdesk.web.csrf import csrf_protect
from newsdesk.web.deps import editor
from newsdesk.web.state import flash, get_state

router = APIRouter(dependencies=[Depends(csrf_protect), Depends(editor)], include_in_schema=False)


def ingest_urls(settings: Settings, store: SQLStore, urls: list[str]) -> IngestReport:
    """Ingest web URLs (pages, feeds, sitemaps) and cluster the new documents into stories."""
    from newsdesk.ingest import Ingestor

    bad = [u for u in urls if not u.startswith(("http://", "https://"))]
    if bad or not urls:
        raise ConfigError(f"not an http(s) URL: {bad[0]}" if bad else "no URL given")
    with Ingestor(settings.ingest, store) as ingestor:
        report = ingestor.ingest(urls)
    new = [item.id for item in report.items if item.status != "exists"]
    if new and settings.stories.enabled:
        from newsdesk.stories import StoryBuilder

        StoryBuilder(settings.stories, store).add(new)
    return report


def add_feed(store: SQLStore, url: str, title: str, interval: int) -> Any:
    """Save a feed to poll (http(s) URLs only)."""
    url = feed_url(url)
    return store.add_feed(url, title=title.strip() or None, interval_minutes=interval, added_at=utc_now())


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
    state = get_state(request)
    with state.store() as store:
        feed = add_feed(store, url, title, interval)
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
    state = get_state(request)
    with state.store() as store:
        report = ingest_urls(state.settings, store, [u.strip() for u in urls.splitlines() if u.strip()])
    return _page(request, report, status_code=200 if report.items or not report.failures else 422)
