"""JSON-LD: the article as a schema.org ``NewsArticle``, for search engines and outside tools.

Properties (all defined on schema.org ``NewsArticle`` or its parents ``Article``/``CreativeWork``):

* ``headline``, ``alternativeHeadline`` (the sub-headline), ``description`` (the sub-headline too),
  ``inLanguage``, ``articleBody`` (plain text), ``wordCount``, ``articleSection`` (sub-headings);
* ``dateCreated`` (generation time), ``datePublished`` (publication time if the version is
  published, else the generation time), ``dateModified`` (the stored version's last change);
* ``dateline`` ("Passau, 17. Juni 2025") and ``locationCreated`` (a ``Place`` named after it);
* ``isBasedOn``: one ``NewsArticle`` per source, with ``url``, ``name``/``headline``,
  ``publisher`` (``Organization``), ``datePublished``, ``inLanguage`` and, for agency copy, the
  agency as ``sourceOrganization``;
* ``publisher`` and ``author``: the publishing ``Organization`` (``publish.publisher``,
  ``publish.base_url``); ``url``/``mainEntityOfPage`` when the article's address is known;
* how the text was made, in plain words: ``creditText`` states that newsdesk machine-assembled it
  from the listed sources and whether (who, when) an editor approved it; ``publishingPrinciples``
  is a ``CreativeWork`` describing the method (its ``url`` is ``publish.principles_url`` when set);
  ``editor`` is the ``Person`` who approved it, when known. schema.org has no "disclaimer"
  property; ``creditText`` is the property meant for crediting who and what made a work.
"""

from __future__ import annotations

import json
from typing import Any

from newsdesk.models import Article
from newsdesk.render.base import RenderOptions
from newsdesk.render.text import (
    APPROVED_STATES,
    dateline_text,
    disclosure,
    plain_text,
    word_count,
)
from newsdesk.urls import web_link

CONTEXT = "https://schema.org"
PRINCIPLES = (
    "newsdesk stellt Nachrichtentexte maschinell aus Berichten mehrerer Medien zusammen. Jeder Satz "
    "nennt die Quellenpassagen, aus denen er stammt oder die ihn stützen; ein Prüfprogramm vergleicht "
    "Zahlen, Daten, Namen, Zitate und Zuschreibungen jedes Satzes mit diesen Passagen. Nur Sätze, die "
    "es als belegt einstuft, werden veröffentlicht."
)


def _organization(name: str, url: str | None = None) -> dict[str, Any]:
    data: dict[str, Any] = {"@type": "Organization", "name": name}
    if url:
        data["url"] = url
    return data


def jsonld_data(article: Article, options: RenderOptions | None = None) -> dict[str, Any]:
    """The ``NewsArticle`` as a dict (see the module docstring for every property)."""
    options = options or RenderOptions()
    settings, record = options.settings, options.record
    published = record.published_at if record is not None and record.status == "published" else None
    publisher = _organization(settings.publisher, settings.base_url or None)
    data: dict[str, Any] = {
        "@context": CONTEXT,
        "@type": "NewsArticle",
        "identifier": article.id if record is None else f"{article.id}/v{record.version}",
        "headline": article.headline,
    }
    if article.subheadline:
        data["alternativeHeadline"] = article.subheadline
        data["description"] = article.subheadline
    data |= {
        "inLanguage": article.language,
        "dateCreated": article.generated_at,
        "datePublished": published or article.generated_at,
        "dateModified": record.updated_at if record is not None else article.generated_at,
    }
    dateline = dateline_text(article.dateline).rstrip(" –")
    if dateline:
        data["dateline"] = dateline
    if article.dateline.place:
        data["locationCreated"] = {"@type": "Place", "name": article.dateline.place}
    if web_link(options.url):
        data["url"] = options.url
        data["mainEntityOfPage"] = {"@type": "WebPage", "@id": options.url}
    sections = [s.heading for s in article.sections if s.heading]
    if sections:
        data["articleSection"] = sections
    data |= {
        "articleBody": plain_text(article),
        "wordCount": word_count(article),
        "author": publisher,
        "publisher": publisher,
        "creditText": disclosure(article, record, settings.timezone),
        "publishingPrinciples": _principles(settings.principles_url),
        "isBasedOn": [_source(source) for source in article.sources],
    }
    if record is not None and record.status in APPROVED_STATES and record.reviewed_by:
        data["editor"] = {"@type": "Person", "name": record.reviewed_by}
    return data


def _principles(url: str) -> dict[str, Any]:
    data: dict[str, Any] = {
        "@type": "CreativeWork",
        "name": "Wie newsdesk Texte erstellt",
        "text": PRINCIPLES,
    }
    if url:
        data["url"] = url
    return data


def _source(source: Any) -> dict[str, Any]:
    item: dict[str, Any] = {"@type": "NewsArticle", "name": source.title, "headline": source.title}
    if web_link(source.url):
        item["url"] = source.url
    item["publisher"] = _organization(source.outlet)
    if source.credit:
        item["sourceOrganization"] = _organization(source.credit)
    if source.published:
        item["datePublished"] = source.published
    item["inLanguage"] = source.language
    return item


def to_jsonld(article: Article, options: RenderOptions | None = None) -> str:
    """The ``NewsArticle`` as indented JSON text."""
    return json.dumps(jsonld_data(article, options), ensure_ascii=False, indent=2) + "\n"


class JsonLdRenderer:
    """``jsonld``: schema.org ``NewsArticle`` (``application/ld+json``)."""

    name = "jsonld"
    media_type = "application/ld+json"
    suffix = ".jsonld"

    def render(self, article: Article, options: RenderOptions) -> str:
        """The article as JSON-LD."""
        return to_jsonld(article, options)
