"""Page metadata from what a page declares about itself.

:func:`read_metadata` walks the parsed tree once (the tree trafilatura extracts the text from;
nothing is parsed twice) and reads the structured metadata publishers add for search engines
and social networks: JSON-LD (``NewsArticle``, ``Article``, ``BlogPosting`` … also inside
``@graph`` and lists, with ``@id`` references resolved), OpenGraph, Twitter cards, ``<meta
name="author|date|…">``, ``<link rel="canonical">`` and ``<html lang>``. What a page leaves
open, trafilatura's heuristics decide (:func:`newsdesk.ingest.extract.complete_metadata`);
``bench/metadata.py`` measures the two against trafilatura's own metadata.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from html import unescape
from typing import Any
from urllib.parse import urljoin, urlsplit

from newsdesk.ingest.dates import normalize_date

__all__ = ["PageMetadata", "clean_title", "prefer_headline", "read_metadata"]


@dataclass(frozen=True)
class PageMetadata:
    """What a page says about itself; ``None`` where it says nothing usable.

    ``published`` is ISO 8601: a date-time with its offset when the page states one, else a date.
    ``author`` joins several names with ``"; "`` (trafilatura's convention). ``declared_dates``
    are the publication dates the page declares, best first; when they name different days, or
    a day other than the one in the URL, ``published`` is left open for a date search.
    ``site_names`` are all names the page gives its site, the chosen ``site_name`` among them.
    """

    title: str | None = None
    author: str | None = None
    published: str | None = None
    site_name: str | None = None
    canonical_url: str | None = None
    language: str | None = None
    declared_dates: tuple[str, ...] = field(default=(), repr=False)
    site_names: tuple[str, ...] = field(default=(), repr=False)

    def date_on(self, day: str | None) -> str | None:
        """The declared date on ``day`` (it has the time and offset), else ``day``, else the best
        declared date: how a day found by a date search settles dates the page declared."""
        same_day = [value for value in self.declared_dates if day and value[:10] == day[:10]]
        return _most_precise(same_day) or day or _most_precise(self.declared_dates)


# schema.org types whose node is the page's own article (Article and its news and blog subtypes)
ARTICLE_TYPES = frozenset({"article", "newsarticle", "reportagenewsarticle", "analysisnewsarticle",
                           "backgroundnewsarticle", "opinionnewsarticle", "reviewnewsarticle",
                           "askpublicnewsarticle", "blogposting", "liveblogposting", "socialmediaposting",
                           "report", "scholarlyarticle", "techarticle"})  # fmt: skip
PAGE_TYPES = frozenset({"webpage", "itempage"})  # older Yoast graphs put author and date here
SITE_TYPES = frozenset({"website", "newsmediaorganization"})
AUTHOR_TYPES = frozenset({"person", "organization", "newsmediaorganization"})
DATE_KEYS = ("article:published_time", "datepublished", "date", "pubdate", "dc.date", "dc.date.issued")
AUTHOR_KEYS = ("article:author", "author", "dc.creator", "parsely-author", "sailthru.author", "byl",
               "shareaholic:article_author_name", "citation_author")  # fmt: skip
TITLE_KEYS = ("og:title", "twitter:title")
SITE_KEYS = ("application-name", "publisher", "dc.publisher")
PLACEHOLDER_AUTHORS = frozenset({"admin", "administrator", "author", "autor", "publisher", "editor", "user",
                                 "guest", "name", "webmaster", "unknown", "anonymous"})  # fmt: skip
MAX_DEPTH = 4  # JSON-LD nesting followed in search of the article node
EARLIEST = date(1995, 1, 1)  # as htmldate: no news page is older

_SPACE = re.compile(r"\s+")
_TITLE_SEPARATOR = re.compile(r"\s+[|–—•·:»«~⁄/*-]\s+")
_AUTHOR_PREFIX = re.compile(
    r"^(?:(?:written|posted|text|words|story|reporting)\s+)?(?:by|von|from|par|por|di|door)\s+"
    r"|^(?:text|autor(?:in)?|author|von)\s*:\s*",
    re.IGNORECASE,
)
_AUTHOR_SPLIT = re.compile(r"\s*(?:[;|/&]|\s(?:and|und|et|y)\s)\s*", re.IGNORECASE)
_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})
_SECOND_LEVEL = frozenset({"co", "com", "org", "net", "ac", "gov", "edu", "or", "ne", "go", "gv"})
_OFFSET = re.compile(r"T.*[+-]\d\d:\d\d$")
_URL_DAY = re.compile(r"/((?:19|20)\d\d)[/_-](\d\d?)[/_-](\d\d?)(?:[/_-]|\.html?|$)")


def read_metadata(tree: Any, url: str | None = None) -> PageMetadata:
    """The metadata ``tree`` (an lxml HTML root, as :func:`trafilatura.load_html` returns) declares."""
    metas, canonical, blocks = _walk(tree)

    def first(key: str) -> str | None:
        return metas[key][0] if key in metas else None

    article, sites = _json_ld(blocks)
    page_url = _absolute(canonical, url or first("og:url")) or _absolute(first("og:url"), url)
    page_url = page_url or _absolute(first("twitter:url"), url)
    site_url = page_url or url

    names = [first("og:site_name"), article.get("publisher"), *sites, *map(first, SITE_KEYS)]
    site_names = tuple(dict.fromkeys(filter(None, [*names, _handle(first("twitter:site"))])))
    keys = _site_keys(site_names, site_url)

    title = article.get("headline") or next(filter(None, map(first, TITLE_KEYS)), None)
    authors = [name for name, person in article.get("authors", []) if person or not _names_site(name, keys)]
    for key in AUTHOR_KEYS if not authors else ():
        # trafilatura's rule for <meta> authors: a single word is a user name, not a byline
        authors = [n for n in _names(metas.get(key, [])) if " " in n and not _names_site(n, keys)]
        if authors:
            break

    dates = [*article.get("dates", []), *map(first, DATE_KEYS)]
    found = tuple(dict.fromkeys(filter(None, map(_plausible_date, dates))))
    days = {value[:10] for value in found} | {day for day in map(_url_day, (url, page_url)) if day}
    return PageMetadata(
        title=clean_title(title, site_names, site_url) if title else None,
        author="; ".join(authors) or None,
        published=_most_precise(found) if found and len(days) == 1 else None,
        site_name=_site_name(site_names, site_url),
        canonical_url=page_url,
        language=_clean(tree.get("lang")) or first("content-language"),
        declared_dates=found,
        site_names=site_names,
    )


def clean_title(title: str, site_names: Sequence[str], url: str | None) -> str:
    """``title`` without the segments that name the site: "Headline | Site", "Site - Headline".

    A segment names the site when it is one of ``site_names``, the host of ``url``, its domain
    or the domain's name, compared without case, accents, spaces and punctuation; "Headline »
    Site - Slogan" loses everything from the site name on.
    """
    title = _text(title) or title
    separators = list(_TITLE_SEPARATOR.finditer(title))
    keys = _site_keys(site_names, url) if separators else set()
    if not keys:
        return title
    starts = [0, *(match.end() for match in separators)]
    ends = [*(match.start() for match in separators), len(title)]
    segments = [title[start:end] for start, end in zip(starts, ends, strict=True)]
    for i in range(1, len(segments)):
        if _names_site(segments[i], keys):
            return title[: ends[i - 1]].strip()
    return title[starts[1] :].strip() if _names_site(segments[0], keys) else title


def prefer_headline(title: str | None, headline: str | None) -> str | None:
    """``headline`` (the visible one) when ``title`` is only it plus a kicker or a site name
    ("Kicker: Headline | Site"), or when there is no ``title``; else ``title``."""
    if not headline:
        return title
    if not title:
        return headline
    key = _key(headline)
    return headline if key and key in _key(title) and len(headline) >= len(title) / 5 else title


# -- the walk and JSON-LD -------------------------------------------------------------------------


def _walk(tree: Any) -> tuple[dict[str, list[str]], str | None, list[Any]]:
    """Every ``<meta>`` value by lower-cased key, the canonical link, the parsed JSON-LD blocks."""
    metas: dict[str, list[str]] = {}
    canonical = None
    blocks: list[Any] = []
    for element in tree.iter("meta", "link", "script"):
        if element.tag == "meta":
            # name/property/http-equiv count in <head> only (pages quote others' in the body);
            # microdata (itemprop) anywhere
            parent = element.getparent()
            key = None
            if parent is not None and parent.tag == "head":
                key = element.get("property") or element.get("name") or element.get("http-equiv")
            key = key or element.get("itemprop")
            content = _clean(element.get("content"))
            if key and content:
                metas.setdefault(key.strip().lower(), []).append(content)
        elif element.tag == "link":
            if canonical is None and "canonical" in (element.get("rel") or "").lower().split():
                canonical = _clean(element.get("href"))
        elif (element.get("type") or "").strip().lower() == "application/ld+json" and element.text:
            try:
                blocks.append(json.loads(element.text, strict=False))
            except (ValueError, RecursionError):
                continue
    return metas, canonical, blocks


def _json_ld(blocks: list[Any]) -> tuple[dict[str, Any], list[str]]:
    """The article node's headline, dates, authors and publisher, and the site names.

    The article is the least nested article node; its dates are those of every article node at
    that depth (a page that declares two articles with different dates is not sure of its own).
    Without an article node, a web page node's author and date are used, never its name.
    """
    index: dict[str, dict[str, Any]] = {}
    articles: list[tuple[int, dict[str, Any]]] = []
    pages: list[dict[str, Any]] = []
    sites: list[str] = []
    for node, depth in _nodes(blocks):
        identifier = node.get("@id")
        if isinstance(identifier, str) and len(node) > 1:
            index.setdefault(identifier, node)
        types = _types(node)
        if types & ARTICLE_TYPES and depth <= MAX_DEPTH:
            articles.append((depth, node))
        elif types & PAGE_TYPES and depth <= 1 and (node.get("author") or node.get("datePublished")):
            pages.append(node)
        elif types & SITE_TYPES and depth <= 1 and (name := _text(node.get("name"))):
            sites.append(name)
    if not articles:
        return ({"dates": [_text(pages[0].get("datePublished"))],
                 "authors": _authors(pages[0].get("author"), index)} if pages else {}), sites  # fmt: skip
    top = min(depth for depth, _ in articles)
    peers = [node for depth, node in articles if depth == top]
    publisher = _resolve(peers[0].get("publisher"), index)
    return {
        "headline": _text(peers[0].get("headline")) or _text(peers[0].get("name")),
        "dates": [_text(node.get("datePublished")) or _text(node.get("dateCreated")) for node in peers],
        "authors": _authors(peers[0].get("author"), index),
        "publisher": _text(publisher.get("name")) if isinstance(publisher, dict) else None,
    }, sites


def _nodes(data: Any, depth: int = 0) -> Iterator[tuple[dict[str, Any], int]]:
    """Every JSON object in ``data`` with its nesting depth (``@graph`` members count as top level)."""
    if depth > MAX_DEPTH + 2:
        return
    if isinstance(data, list):
        for item in data:
            yield from _nodes(item, depth + 1 if isinstance(item, list) else depth)
    elif isinstance(data, dict):
        yield data, depth
        for key, value in data.items():
            if isinstance(value, (dict, list)):
                yield from _nodes(value, depth if key == "@graph" else depth + 1)


def _types(node: dict[str, Any]) -> set[str]:
    values = node.get("@type")
    values = values if isinstance(values, list) else [values]
    return {value.rsplit("/", 1)[-1].rsplit(":", 1)[-1].lower() for value in values if isinstance(value, str)}


def _resolve(value: Any, index: dict[str, dict[str, Any]]) -> Any:
    """``value``, or the node it points to when it is only a reference (``{"@id": …}``)."""
    if isinstance(value, list) and len(value) == 1:
        value = value[0]
    if isinstance(value, dict) and set(value) <= {"@id", "@type"} and value.get("@id") in index:
        return index[value["@id"]]
    return value


def _authors(value: Any, index: dict[str, dict[str, Any]]) -> list[tuple[str, bool]]:
    """(name, declared a Person) for each author of a JSON-LD node: names, Persons, Organizations."""
    names: dict[str, bool] = {}
    for item in value if isinstance(value, list) else [value]:
        item = _resolve(item, index)
        if isinstance(item, str):
            names.update(dict.fromkeys(_names([item]), False))
        elif isinstance(item, dict) and (not _types(item) or _types(item) & AUTHOR_TYPES):
            name = item.get("name")
            if isinstance(name, dict):
                name = name.get("name")
            if not name and item.get("familyName"):
                name = " ".join(_text(item.get(k)) or "" for k in ("givenName", "familyName"))
            person = "person" in _types(item)
            names.update(dict.fromkeys(_names(name if isinstance(name, list) else [name]), person))
    return list(names.items())


# -- values ----------------------------------------------------------------------------------------


def _clean(value: Any) -> str | None:
    return (_SPACE.sub(" ", value).strip() or None) if isinstance(value, str) else None


def _text(value: Any) -> str | None:
    """A declared string with HTML entities decoded and white space collapsed."""
    text = _clean(value[0] if isinstance(value, list) and value else value)
    return _clean(unescape(text)) if text and "&" in text else text


def _names(values: list[Any]) -> list[str]:
    """Names from author strings ("By A and B"); URLs, e-mail addresses and placeholders left out."""
    names: list[str] = []
    for value in values:
        text = _text(value)
        if not text or text.lower().startswith(("http:", "https:", "www.")):
            continue
        for part in _AUTHOR_SPLIT.split(_AUTHOR_PREFIX.sub("", text)):
            part = part.strip(" ,.-")
            plausible = 0 < len(part) <= 80 and "@" not in part and any(c.isalpha() for c in part)
            if plausible and part.lower() not in PLACEHOLDER_AUTHORS and part not in names:
                names.append(part)
    return names


def _handle(value: str | None) -> str | None:
    """A Twitter handle as a name ("@tagesschau" → "tagesschau")."""
    return (value[1:] or None) if value and value.startswith("@") and " " not in value else value


def _absolute(href: str | None, base: str | None) -> str | None:
    if not href:
        return None
    absolute = urljoin(base, href) if base and base.startswith(("http://", "https://")) else href
    absolute = "https:" + absolute if absolute.startswith("//") else absolute
    parts = urlsplit(absolute)
    return absolute if parts.scheme in {"http", "https"} and parts.netloc else None


def _plausible_date(value: str | None) -> str | None:
    found = normalize_date(value) if value else None
    try:
        day = date.fromisoformat(found[:10]) if found else None
    except ValueError:
        return None
    return found if day and EARLIEST <= day <= date.today() + timedelta(days=1) else None


def _most_precise(values: Sequence[str]) -> str | None:
    """The first of ``values`` with a time and offset, else the first with a time, else the first."""
    ranked = sorted(values, key=lambda value: -(len(value) > 10) - bool(_OFFSET.search(value)))
    return next(iter(ranked), None)


def _url_day(url: str | None) -> str | None:
    """The day in a URL path such as ``/2024/03/14/…`` (what htmldate trusts first)."""
    match = _URL_DAY.search(urlsplit(url).path) if url and "://" in url else None
    try:
        return date(int(match[1]), int(match[2]), int(match[3])).isoformat() if match else None
    except ValueError:
        return None


# -- naming the site -----------------------------------------------------------------------------


def _site_keys(site_names: Sequence[str], url: str | None) -> set[str]:
    """Comparison keys that name a site: its declared names, its host, its domain, the domain's name."""
    keys = {_key(name) for name in site_names}
    host = (urlsplit(url).hostname or "").removeprefix("www.") if url and "://" in url else ""
    if "." in host:
        domain = _domain(host)
        keys |= {_key(host), _key(".".join(domain)), _key(domain[0])}
    return {key for key in keys if len(key) >= 2}


def _domain(host: str) -> list[str]:
    """The labels of the registrable domain of ``host`` (``["bbc", "co", "uk"]``; no suffix list)."""
    labels = host.removeprefix("www.").split(".")
    short_suffix = len(labels) >= 3 and len(labels[-1]) == 2 and labels[-2] in _SECOND_LEVEL
    return labels[-3:] if short_suffix else labels[-2:]


def _site_name(candidates: Sequence[str], url: str | None) -> str | None:
    """The first declared site name, unless it has nothing in common with the domain while
    another one is the domain's name (Reuters: ``og:site_name`` "U.S.", publisher "Reuters")."""
    host = urlsplit(url).hostname if url and "://" in url else None
    if not candidates or not host:
        return next(iter(candidates), None)
    label, first = _key(_domain(host)[0]), _key(candidates[0])
    if label in first or (len(first) >= 3 and first in label):
        return candidates[0]
    domain_keys = _site_keys((), url)
    return next((name for name in candidates if _key(name) in domain_keys), candidates[0])


def _names_site(text: str, keys: set[str]) -> bool:
    """Whether ``text`` is one of the site ``keys``, or starts with one ("Spiegel Online")."""
    key = _key(text)
    return bool(key) and any(key == k or (len(k) >= 4 and key.startswith(k)) for k in keys)


def _key(text: str) -> str:
    folded = text.casefold().translate(_UMLAUTS)
    return "".join(c for c in unicodedata.normalize("NFKD", folded) if c.isalnum())
