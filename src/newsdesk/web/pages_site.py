"""The public side: the Atom feed of published articles and, when ``publish.site_dir`` is set, the
exported static site — both under ``/site/``, without login (what is published is public).

``/site/feed.xml`` is rendered from the store on each request by the same function the static
site export uses (:func:`newsdesk.render.feed.atom_feed`), so it is current even when no site
folder is configured; its entries link to ``/site/articles/…``, the exported pages.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from newsdesk.render.feed import FeedItem, atom_feed
from newsdesk.render.site import article_path
from newsdesk.web.state import get_state

router = APIRouter(include_in_schema=False)


@router.get("/site/feed.xml")
def feed(request: Request) -> Response:
    """The Atom feed of the published articles, newest first."""

    state = get_state(request)
    settings = state.settings.publish
    with state.store() as store:
        records = store.list_articles(status="published", limit=settings.feed_entries)
        body = atom_feed([FeedItem(r, article_path(r)) for r in records], settings)
    return Response(body, media_type="application/atom+xml; charset=utf-8")
