"""Main text and metadata from HTML (trafilatura, htmldate), and the common input shape.

Every input — a fetched page, a feed item, a file, a JSONL line, a PDF — becomes a
:class:`RawDocument` first; :mod:`newsdesk.ingest.pipeline` turns it into a stored Document.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from newsdesk.errors import ExtractionError
from newsdesk.ingest.dates import normalize_date
from newsdesk.ingest.normalize import clean_text


@dataclass
class RawDocument:
    """An input before language detection, segmentation and dedup.

    Either ``html`` (to be extracted) or ``text`` (already plain text) is set. Declared metadata
    (front matter, JSONL fields, feed entries) takes precedence over what extraction finds.
    ``trust_canonical`` says whether the page's own ``rel=canonical`` may replace ``url`` (files
    and local mirrors: yes; pages fetched from the web: only within the same site).
    """

    source: str
    kind: str
    url: str | None = None
    html: str | bytes | None = None
    text: str | None = None
    title: str | None = None
    author: str | None = None
    published: str | None = None
    language: str | None = None
    outlet: str | None = None
    site_name: str | None = None
    links: list[str] = field(default_factory=list)
    trust_canonical: bool = True


@dataclass(frozen=True)
class ExtractedPage:
    text: str
    title: str | None
    author: str | None
    published: str | None
    site_name: str | None
    canonical_url: str | None
    language: str | None


_PUBLISHED_XPATHS = (
    "//meta[@property='article:published_time']/@content",
    "//meta[@name='article:published_time']/@content",
    "//meta[@itemprop='datePublished']/@content",
    "//meta[@name='date']/@content",
    "//meta[@name='pubdate']/@content",
)


def extract_html(html: str | bytes, *, url: str | None = None) -> ExtractedPage:
    """Extract the main text and metadata of one HTML page.

    The text is trafilatura's, with its default settings except that reader comments are left
    out; the publication time is taken from the page's structured metadata (OpenGraph, JSON-LD)
    when it carries one, else from htmldate through trafilatura.
    """
    import trafilatura

    tree = trafilatura.load_html(html)
    if tree is None:
        raise ExtractionError("not an HTML document, or empty")
    published = _structured_published(tree)
    language = (tree.get("lang") or "").strip() or None
    result: Any = trafilatura.bare_extraction(tree, url=url, with_metadata=True, include_comments=False)
    if result is None or not (result.text or "").strip():
        raise ExtractionError("no main text found")
    return ExtractedPage(
        text=clean_text(result.text),
        title=result.title,
        author=result.author,
        published=published or normalize_date(result.date),
        site_name=result.sitename,
        canonical_url=result.url,
        language=language,
    )


def _structured_published(tree: Any) -> str | None:
    for xpath in _PUBLISHED_XPATHS:
        for value in tree.xpath(xpath):
            found = normalize_date(value)
            if found:
                return found
    for script in tree.xpath("//script[@type='application/ld+json']/text()"):
        try:
            data = json.loads(script)
        except ValueError:
            continue
        found = _find_key(data, "datePublished")
        if found:
            return normalize_date(found)
    return None


def _find_key(data: Any, key: str) -> str | None:
    if isinstance(data, dict):
        if isinstance(data.get(key), str):
            return str(data[key])
        values: list[Any] = list(data.values())
    elif isinstance(data, list):
        values = data
    else:
        return None
    for value in values:
        found = _find_key(value, key)
        if found:
            return found
    return None
