"""The Atom 1.0 feed (RFC 4287) of published articles.

Feed: ``id`` (the feed's own URL, or a ``urn:uuid`` when no ``publish.base_url`` is set),
``title`` (``publish.site_title``), ``updated`` (the newest entry's change — not the time of the
export, so exporting twice gives the same file), ``link rel="self"`` and ``rel="alternate"``,
``author`` (``publish.publisher``) and ``generator``.

Entry, one per published version, newest first, at most ``publish.feed_entries``: ``id`` — a
``tag:`` URI from the site's host, the day the version was written and its id
(``tag:news.example.org,2025-06-17:article-12``), or a name-based ``urn:uuid`` without a base URL;
it never changes, also when the version is withdrawn and published again — ``title``,
``published``, ``updated``, ``author``, ``summary`` (the sub-headline), ``content type="html"``
(the article without verdict marks or on-screen evidence, with its source list and the statement
of how it was made) and ``link rel="alternate"`` to the article's page. XML is built with
ElementTree, which escapes all text.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit
from xml.etree import ElementTree as ET

from newsdesk import __version__
from newsdesk.config import PublishSettings
from newsdesk.render.base import RenderOptions
from newsdesk.render.html import article_fragment
from newsdesk.store.articles import ArticleRecord

ATOM = "http://www.w3.org/2005/Atom"
FEED_FILE = "feed.xml"


@dataclass(frozen=True)
class FeedItem:
    """A published version and the site-relative path of its page (``articles/12-….html``)."""

    record: ArticleRecord
    path: str


def absolute(settings: PublishSettings, path: str) -> str:
    """``path`` on the site: absolute under ``publish.base_url``, else left relative."""
    if not settings.base_url:
        return path
    return urljoin(settings.base_url.rstrip("/") + "/", path)


def entry_id(record: ArticleRecord, settings: PublishSettings) -> str:
    """The permanent Atom id of a published version (see the module docstring)."""
    host = urlsplit(settings.base_url).hostname if settings.base_url else None
    if host:
        return f"tag:{host},{record.created_at[:10]}:article-{record.id}"
    return uuid.uuid5(uuid.NAMESPACE_URL, f"newsdesk:{settings.site_title}:article-{record.id}").urn


def feed_id(settings: PublishSettings) -> str:
    """The feed's id: its URL, or a stable ``urn:uuid`` when the site has no base URL."""
    if settings.base_url:
        return absolute(settings, FEED_FILE)
    return uuid.uuid5(uuid.NAMESPACE_URL, f"newsdesk:{settings.site_title}:feed").urn


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attributes: str) -> ET.Element:
    element = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attributes)
    if text is not None:
        element.text = text
    return element


def _updated(record: ArticleRecord) -> str:
    return max(filter(None, (record.updated_at, record.published_at)))


def atom_feed(items: Sequence[FeedItem], settings: PublishSettings) -> str:
    """The feed as XML text (UTF-8 declaration included)."""

    ET.register_namespace("", ATOM)
    items = sorted(items, key=lambda i: (i.record.published_at or "", i.record.id), reverse=True)
    items = items[: settings.feed_entries]
    feed = ET.Element(f"{{{ATOM}}}feed", {"{http://www.w3.org/XML/1998/namespace}lang": "de"})
    _sub(feed, "id", feed_id(settings))
    _sub(feed, "title", settings.site_title)
    updated = max((_updated(i.record) for i in items), default="1970-01-01T00:00:00+00:00")
    _sub(feed, "updated", updated)
    _sub(feed, "link", rel="self", type="application/atom+xml", href=absolute(settings, FEED_FILE))
    _sub(feed, "link", rel="alternate", type="text/html", href=absolute(settings, "index.html"))
    author = _sub(feed, "author")
    _sub(author, "name", settings.publisher)
    if settings.base_url:
        _sub(author, "uri", settings.base_url)
    _sub(feed, "generator", "newsdesk", version=__version__)
    for item in items:
        record, article = item.record, item.record.article
        entry = _sub(feed, "entry")
        _sub(entry, "id", entry_id(record, settings))
        _sub(entry, "title", article.headline)
        _sub(entry, "published", record.published_at or record.updated_at)
        _sub(entry, "updated", _updated(record))
        entry_author = _sub(entry, "author")
        _sub(entry_author, "name", settings.publisher)
        _sub(entry, "link", rel="alternate", type="text/html", href=absolute(settings, item.path))
        if article.subheadline:
            _sub(entry, "summary", article.subheadline)
        options = RenderOptions(
            marks=False, standalone=False, evidence=False, record=record, settings=settings
        )
        _sub(entry, "content", article_fragment(article, options), type="html")
    ET.indent(feed)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="unicode") + "\n"
