"""Feeds (RSS 0.9x/1.0/2.0, Atom) and XML sitemaps (standard, news, index).

Feeds are parsed by feedparser; a malformed feed whose items can still be recovered yields them
*and* a warning, so nothing recoverable is lost and the malformation is still reported. Items
carry no control characters (titles and authors are one clean line; see :func:`_link`). Sitemaps
are parsed with entity resolution and network access switched off.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from typing import Any

from lxml import etree

from newsdesk.errors import FeedError
from newsdesk.ingest.dates import normalize_date
from newsdesk.ingest.normalize import clean_field, strip_controls

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
NEWS_NS = "http://www.google.com/schemas/sitemap-news/0.9"
_ROOT = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?(rss|feed|RDF|urlset|sitemapindex)\b")


def xml_kind(content: bytes) -> str | None:
    """``feed``, ``sitemap`` or ``None`` for XML that is neither, from the root element."""
    head = content[:4096]
    head = re.sub(rb"<!--.*?-->", b"", head, flags=re.DOTALL)
    match = _ROOT.search(head)
    if not match:
        return None
    return "sitemap" if match.group(1) in {b"urlset", b"sitemapindex"} else "feed"


@dataclass(frozen=True)
class FeedItem:
    url: str | None
    title: str | None
    published: str | None
    author: str | None
    content: str | None


@dataclass
class ParsedFeed:
    title: str | None
    items: list[FeedItem]
    warning: str | None = None


def parse_feed(content: bytes, *, url: str, content_type: str = "application/xml") -> ParsedFeed:
    """Parse a feed; raise :class:`FeedError` if it is malformed and nothing can be recovered.

    feedparser's notes about character encodings and content types are not malformations (the
    feed parsed fine); anything else it flags (e.g. XML that is not well-formed) is.
    """
    import feedparser

    headers = {"content-location": url, "content-type": content_type or "application/xml"}
    parsed = feedparser.parse(content, response_headers=headers)
    benign = (
        feedparser.CharacterEncodingOverride,
        feedparser.CharacterEncodingUnknown,
        feedparser.NonXMLContentType,
    )
    warning = None
    if parsed.bozo and not isinstance(parsed.get("bozo_exception"), benign):
        problem = _bozo_message(parsed.get("bozo_exception"))
        if not parsed.entries:
            raise FeedError(f"malformed feed: {problem}", source=url)
        warning = f"malformed feed ({problem}); {len(parsed.entries)} item(s) recovered"
    items = []
    for entry in parsed.entries:
        content_html = None
        if entry.get("content"):
            content_html = entry["content"][0].get("value")
        text = content_html or entry.get("summary") or None
        items.append(
            FeedItem(
                url=_link(entry.get("link")),
                title=clean_field(html.unescape(entry.get("title", ""))),
                published=normalize_date(entry.get("published_parsed") or entry.get("updated_parsed")),
                author=clean_field(entry.get("author")),
                content=strip_controls(text) if isinstance(text, str) else None,
            )
        )
    return ParsedFeed(parsed.feed.get("title"), items, warning)


_C0 = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _link(value: Any) -> str | None:
    """An item's link as text without raw control characters: they are percent-encoded, as the
    WHATWG URL standard does in a path (in a host they make the URL invalid, as they should). A
    feedparser that recovers a malformed feed can hand over ``&#0;`` as a NUL character, which no
    store (PostgreSQL) or task queue (JSON) could keep."""
    if not isinstance(value, str) or not value.strip():
        return None
    return _C0.sub(lambda m: f"%{ord(m.group()):02X}", value)


def _bozo_message(exc: Any) -> str:
    if exc is None:
        return "not well-formed"
    text = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    position = re.match(r"^<unknown>:(\d+):(\d+): (.*)$", text)
    if position:
        return f"{position.group(3)} at line {position.group(1)}, column {position.group(2)}"
    return text


@dataclass(frozen=True)
class SitemapEntry:
    url: str
    lastmod: str | None = None
    title: str | None = None
    published: str | None = None
    publication: str | None = None
    language: str | None = None


@dataclass
class ParsedSitemap:
    entries: list[SitemapEntry] = field(default_factory=list)
    sitemaps: list[str] = field(default_factory=list)


def parse_sitemap(content: bytes, *, url: str) -> ParsedSitemap:
    """Parse a ``<urlset>`` (with optional Google News tags) or a ``<sitemapindex>``."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, recover=False)
    try:
        root = etree.fromstring(content, parser=parser)
    except etree.XMLSyntaxError as exc:
        raise FeedError(f"malformed sitemap: {exc}", source=url) from exc
    ns = {"s": SITEMAP_NS, "n": NEWS_NS}
    result = ParsedSitemap()
    if etree.QName(root).localname == "sitemapindex":
        result.sitemaps = [loc.strip() for loc in root.xpath("s:sitemap/s:loc/text()", namespaces=ns)]
        return result
    for node in root.xpath("s:url", namespaces=ns):
        loc = _text(node, "s:loc", ns)
        if not loc:
            continue
        result.entries.append(
            SitemapEntry(
                url=loc,
                lastmod=normalize_date(_text(node, "s:lastmod", ns)),
                title=_text(node, "n:news/n:title", ns),
                published=normalize_date(_text(node, "n:news/n:publication_date", ns)),
                publication=_text(node, "n:news/n:publication/n:name", ns),
                language=_text(node, "n:news/n:publication/n:language", ns),
            )
        )
    return result


def _text(node: Any, path: str, ns: dict[str, str]) -> str | None:
    found = node.xpath(f"{path}/text()", namespaces=ns)
    return str(found[0]).strip() if found else None
