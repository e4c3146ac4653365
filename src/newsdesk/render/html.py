"""HTML: a newspaper page, or the article as a fragment to embed (web UI review page, static site).

Templates in ``render/templates/`` (Jinja2, autoescaped, so every piece of source text is
escaped): ``article_body.html`` is the fragment, ``article.html`` the page around it,
``article.css`` the styles for screen and print. Each sentence is a ``span.nd-sentence`` with
``data-sentence-id``; hovering it or focusing its source mark shows the evidence (outlet, passage
and, with ``marks``, the verdict and each citation's own judgement: supports, partial,
contradicts, unrelated), and the mark links to the sentence's entry in the evidence list — all
without JavaScript. Only ``http(s)`` source URLs become links.

:func:`article_view` builds the plain data the templates read; :func:`article_fragment` and
:func:`page` are what other packages call.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Sequence
from typing import Any

from newsdesk import __version__
from newsdesk.models import Article, Judgement, Sentence, SourceRef
from newsdesk.render.base import RenderOptions
from newsdesk.render.jsonld import jsonld_data
from newsdesk.render.text import (
    CONFLICTS_HEADING,
    JUDGEMENT_LABELS,
    VERDICT_LABELS,
    conflict_lines,
    dateline_text,
    disclosure,
    german_date,
    german_datetime,
    sentence_numbers,
    source_numbers,
    verdict_text,
)
from newsdesk.urls import web_link

LANGUAGE_NAMES = {
    "de": "deutsch",
    "en": "englisch",
    "fr": "französisch",
    "es": "spanisch",
    "it": "italienisch",
    "nl": "niederländisch",
}


@functools.cache
def environment() -> Any:
    """The Jinja2 environment for ``render/templates`` (created on first use, autoescaping on)."""
    from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

    return Environment(
        loader=PackageLoader("newsdesk.render", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


@functools.cache
def article_css(screen: bool = True) -> str:
    """The article stylesheet (screen and print); with ``screen``, also the small-screen rules,
    which are media queries that WeasyPrint does not read. The web UI can serve it as it is."""
    names = ["article.css", "article-screen.css"] if screen else ["article.css"]
    return "\n".join(str(environment().loader.get_source(environment(), name)[0]) for name in names)


def _evidence(sentence: Sentence, sources: dict[int, SourceRef], numbers: dict[int, int]) -> list[dict]:
    """The passages shown for a sentence: the verifier's evidence, else its citations."""
    items: list[dict[str, Any]] = []
    if sentence.verdict is not None and sentence.verdict.evidence:
        pairs = [(e.source, e.passage, e.text) for e in sentence.verdict.evidence]
    else:
        pairs = [(c.source, c.passage, c.quote) for c in sentence.citations]
    for source_id, passage, text in pairs:
        source = sources.get(source_id)
        judgement = sentence.verdict.judgement(source_id, passage) if sentence.verdict else None
        items.append(
            {
                "number": numbers.get(source_id),
                "outlet": source.outlet if source else f"Dokument {source_id}",
                "language": source.language if source else "",
                "passage": passage,
                "text": text,
                "judgement": judgement.label if judgement else "",
                "judgement_text": _judgement_text(judgement) if judgement else "",
            }
        )
    return items


def _judgement_text(judgement: Judgement) -> str:
    """„widerspricht: „250 Soldaten“: the evidence says 150 Soldaten“ for the evidence panel."""
    label = JUDGEMENT_LABELS.get(judgement.label, judgement.label)
    faults = "; ".join(p.detail for p in judgement.problems if p.detail)
    return f"{label}: {faults}" if faults and judgement.label != "supports" else label


def _sentence(sentence: Sentence, sources: dict[int, SourceRef], numbers: dict[int, int]) -> dict:
    verdict = sentence.verdict
    return {
        "id": sentence.id,
        "text": sentence.text,
        "label": verdict.label if verdict else "none",
        "verdict_text": verdict_text(sentence),
        "score": f"{verdict.score:.2f}".replace(".", ",") if verdict else None,
        "citations": " ".join(f"{c.source}:{c.passage}" for c in sentence.citations),
        "numbers": sentence_numbers(sentence, numbers),
        "evidence": _evidence(sentence, sources, numbers),
    }


def article_view(article: Article, options: RenderOptions) -> dict[str, Any]:
    """What the templates show, as plain data (every string still unescaped)."""
    settings, record = options.settings, options.record
    numbers = source_numbers(article)
    by_id = {source.id: source for source in article.sources}
    dateline = dateline_text(article.dateline)
    sections = []
    for section in article.sections:
        paragraphs = []
        for paragraph in section.paragraphs:
            if not paragraph.sentences:
                continue
            paragraphs.append(
                {
                    "dateline": dateline,
                    "sentences": [_sentence(s, by_id, numbers) for s in paragraph.sentences],
                }
            )
            dateline = ""
        sections.append({"heading": section.heading, "paragraphs": paragraphs})
    published_at = record.published_at if record and record.status == "published" else None
    return {
        "id": article.id,
        "record_id": record.id if record else None,
        "story_id": article.story_id,
        "language": article.language,
        "writer": article.writer,
        "version": __version__,
        "headline": article.headline,
        "subheadline": article.subheadline,
        "publisher": settings.publisher,
        "site_title": settings.site_title,
        "published_caption": "Veröffentlicht" if published_at else "Erstellt",
        "published": german_datetime(published_at or article.generated_at, settings.timezone),
        "published_iso": published_at or article.generated_at,
        "labels": VERDICT_LABELS,
        "sections": sections,
        "sentences": [_sentence(s, by_id, numbers) for s in article.sentences()],
        "dropped": [_sentence(s, by_id, numbers) for s in article.dropped],
        "sources": [
            {
                "number": number,
                "id": source.id,
                "outlet": source.outlet + (f" ({source.credit})" if source.credit else ""),
                "title": source.title,
                "url": web_link(source.url),
                "date": german_date(source.published),
                "language": source.language,
                "language_name": LANGUAGE_NAMES.get(source.language, source.language),
                "republished_by": list(source.republished_by),
                "cited": source.cited,
            }
            for number, source in enumerate(article.sources, 1)
        ],
        "disclosure": disclosure(article, record, settings.timezone),
        "conflicts_heading": CONFLICTS_HEADING,
        "conflicts": [
            {"line": line, "sentences": list(conflict.sentence_ids)}
            for line, conflict in zip(conflict_lines(article), article.conflicts, strict=True)
        ],
    }


def article_fragment(article: Article, options: RenderOptions | None = None) -> str:
    """The article as an ``<article class="nd-article">`` element (no ``<html>``, no styles)."""
    options = options or RenderOptions()
    template = environment().get_template("article_body.html")
    return str(
        template.render(a=article_view(article, options), marks=options.marks, evidence=options.evidence)
    )


def script_json(data: Any) -> str:
    """JSON that is safe inside ``<script>``: ``<``, ``>`` and ``&`` as ``\\u`` escapes."""
    text = json.dumps(data, ensure_ascii=False, indent=2)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def page(
    article: Article,
    options: RenderOptions | None = None,
    *,
    stylesheet: str | None = None,
    feed: str | None = None,
    nav: Sequence[dict[str, str]] = (),
    screen: bool = True,
) -> str:
    """The article as a complete HTML page with its JSON-LD; ``stylesheet`` links a CSS file
    instead of inlining the styles, ``feed`` links an Atom feed, ``nav`` adds links above it;
    ``screen=False`` leaves out the small-screen rules (for print)."""
    from markupsafe import Markup

    options = options or RenderOptions()
    template = environment().get_template("article.html")
    return str(
        template.render(
            a=article_view(article, options),
            marks=options.marks,
            evidence=options.evidence,
            css=Markup(article_css(screen)) if stylesheet is None else None,
            stylesheet=stylesheet,
            feed=feed,
            nav=list(nav),
            canonical=web_link(options.url),
            jsonld=Markup(script_json(jsonld_data(article, options))),
        )
    )


def to_html(article: Article, options: RenderOptions | None = None) -> str:
    """A page (``standalone``, the default) or the fragment."""
    options = options or RenderOptions()
    return page(article, options) if options.standalone else article_fragment(article, options)


class HtmlRenderer:
    """``html``: the newspaper page (or, with ``standalone=False``, the fragment)."""

    name = "html"
    media_type = "text/html; charset=utf-8"
    suffix = ".html"

    def render(self, article: Article, options: RenderOptions) -> str:
        """The article as HTML."""
        return to_html(article, options)
