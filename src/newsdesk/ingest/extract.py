"""Main text and metadata from HTML (trafilatura, htmldate), and the common input shape.

Every input — a fetched page, a feed item, a file, a JSONL line, a PDF — becomes a
:class:`RawDocument` first; :mod:`newsdesk.ingest.pipeline` turns it into a stored Document.

The metadata of a page is what it declares (:mod:`newsdesk.ingest.metadata`); trafilatura's
heuristics and htmldate decide only what it leaves open (:func:`complete_metadata`), field by
field, so a page that declares its title, author and date costs one walk over its tree instead of
trafilatura's whole metadata pass. ``bench/metadata.py`` compares accuracy and time.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field, replace
from datetime import date
from html import unescape
from typing import Any

from newsdesk.errors import ExtractionError
from newsdesk.ingest.dates import normalize_date
from newsdesk.ingest.metadata import PageMetadata, clean_title, prefer_headline, read_metadata
from newsdesk.ingest.normalize import clean_text

log = logging.getLogger(__name__)

# The attributes and words trafilatura's byline search (``trafilatura.xpaths.AUTHOR_XPATHS``)
# looks for: on a page with none of them it cannot find a byline, and its cost (≈5 ms: a copy of
# the tree and three regular-expression XPaths) is saved. A test checks these against trafilatura.
BYLINE_ATTRIBUTES = ("class", "id", "itemprop", "rel", "data-testid", "data-component")
BYLINE_TAGS = frozenset({"author", "rel"})
BYLINE_WORDS = re.compile(
    r"uthor|yline|byl|BBL|username|screenname|writer|channel-name|zuozhe|bianji|xiaobian|submitted-by"
    r"|posted-by|journalist-name"
)


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


def extract_html(html: str | bytes, *, url: str | None = None) -> ExtractedPage:
    """Extract the main text and metadata of one HTML page.

    The text is trafilatura's, with its default settings except that reader comments are left
    out (``bare_extraction(with_metadata=False)``: the same text as with its metadata). The
    metadata is what the page declares, read from the same parsed tree, completed by
    :func:`complete_metadata`.
    """
    import trafilatura

    tree = trafilatura.load_html(html)
    if tree is None:
        raise ExtractionError("not an HTML document, or empty")
    # metadata first, as bare_extraction(with_metadata=True) does, so it reads the tree as parsed
    # whatever the extraction does to it (trafilatura 2.3 extracts from a copy)
    metadata = complete_metadata(read_metadata(tree, url), tree, url)
    result: Any = trafilatura.bare_extraction(tree, url=url, with_metadata=False, include_comments=False)
    if result is None or not (result.text or "").strip():
        raise ExtractionError("no main text found")
    return ExtractedPage(
        text=clean_text(result.text),
        title=metadata.title,
        author=metadata.author,
        published=metadata.published,
        site_name=metadata.site_name,
        canonical_url=metadata.canonical_url or url,
        language=metadata.language,
    )


def complete_metadata(found: PageMetadata, tree: Any, url: str | None = None) -> PageMetadata:
    """``found`` with what it leaves open decided by trafilatura and htmldate, field by field.

    * title: the page's visible headline (trafilatura's ``<h1>``/``<title>`` rules) when the
      declared title is only it plus a kicker or site name, or when nothing is declared
      (then first trafilatura's own ``<meta>``/JSON-LD reading);
    * author, site name: when not declared, trafilatura's ``<meta>``/JSON-LD reading, then its
      byline search (author) or ``<title>`` rules (site name);
    * date: when the page declares none, or several days: htmldate as trafilatura runs it, and
      of the declared dates the one on htmldate's day (:meth:`PageMetadata.date_on`).
    """
    from trafilatura import metadata as heuristics

    changes: dict[str, Any] = {}
    site_url = found.canonical_url or url
    if not (found.title and found.author and found.site_name):
        document = heuristics.examine_meta(tree)
        if document.author and " " not in document.author:
            document.author = None  # trafilatura's own rule for <meta> authors
        try:
            document = heuristics.extract_meta_json(tree, document)
        except Exception as exc:  # guarded as trafilatura's extract_metadata guards it
            log.debug("trafilatura's JSON-LD reader failed: %s", exc)
        if not found.author:
            byline = heuristics.extract_author(tree) if _may_have_byline(tree) else None
            changes["author"] = _plain(document.author) or _plain(byline)
        if not found.site_name:
            site = _plain(document.sitename) or _plain(heuristics.extract_sitename(tree))
            changes["site_name"] = (site.lstrip("@") or None) if site else None
        if not found.title and (title := _plain(document.title)):
            changes["title"] = clean_title(title, found.site_names, site_url)
    title = prefer_headline(changes.get("title", found.title), _plain(heuristics.extract_title(tree)))
    if title != found.title:
        changes["title"] = title
    if not found.published:
        changes["published"] = found.date_on(_htmldate(tree, site_url))
    return replace(found, **changes) if changes else found


def _plain(value: object) -> str | None:
    """A string from trafilatura's heuristics with entities decoded and white space collapsed."""
    return (" ".join(unescape(value).split()) or None) if isinstance(value, str) else None


def _may_have_byline(tree: Any) -> bool:
    """Whether trafilatura's byline search could find anything in ``tree`` (see ``BYLINE_WORDS``)."""
    from lxml.etree import Element

    for element in tree.iter(Element):
        if element.tag in BYLINE_TAGS:
            return True
        for name in BYLINE_ATTRIBUTES:
            value = element.get(name)
            if value and BYLINE_WORDS.search(value):
                return True
    return False


def _htmldate(tree: Any, url: str | None) -> str | None:
    """The publication date htmldate finds, with trafilatura's settings (original date, extensive)."""
    from htmldate import find_date

    today = date.today().isoformat()
    return normalize_date(find_date(tree, url=url, original_date=True, extensive_search=True, max_date=today))
