"""Reading newsdesk's own articles exactly: the ``newsdesk.article/1`` JSON and the HTML rendering.

Both carry every sentence with the passages it cites (document id and passage index, and the
passage's words), the numbered source list with each source's URL, and keep the headline, the
sub-headline, the dateline, the sub-headings, the source list and the footer apart — so an audit
of a newsdesk article checks each body sentence against exactly the passages it was written
from. The HTML hooks are the stable ones of ``render/templates/article_body.html``
(``.nd-article``, ``.nd-sentence[data-citations]``, ``.nd-source[data-document-id]``, …).
"""

from __future__ import annotations

import json
import re
from typing import Any

from newsdesk.errors import VerifyError
from newsdesk.models import ARTICLE_SCHEMA, Article
from newsdesk.verify.parsed import Block, BodySentence, CitedPassage, ListedSource, ParsedArticle

_NUMBER = re.compile(r"\d+")


def is_article_json(text: str) -> bool:
    """Whether ``text`` looks like a ``newsdesk.article/1`` document."""
    head = text.lstrip()[:400]
    return head.startswith("{") and ARTICLE_SCHEMA in head


def parse_json(text: str, *, source: str) -> ParsedArticle:
    """A ``newsdesk.article/1`` JSON article."""
    try:
        data = json.loads(text)
        if not isinstance(data, dict) or data.get("schema") != ARTICLE_SCHEMA:
            raise ValueError(f"not a {ARTICLE_SCHEMA} document")
        article = Article.from_dict(data)
    except (ValueError, KeyError, TypeError) as exc:
        raise VerifyError(f"unreadable article JSON: {exc}", source=source) from exc
    parsed = ParsedArticle(source=source, headline=article.headline, subheadline=article.subheadline)
    parsed.format = "newsdesk-json"
    place, date = article.dateline.place, article.dateline.date
    parsed.dateline = ", ".join(p for p in (place, date) if p)
    for section in article.sections:
        if section.heading:
            parsed.blocks.append(Block("heading", section.heading))
        for paragraph in section.paragraphs:
            parsed.blocks.append(Block("text", " ".join(s.text for s in paragraph.sentences)))
            parsed.sentences += [
                BodySentence(s.text, tuple(CitedPassage(c.source, c.passage, c.quote) for c in s.citations))
                for s in paragraph.sentences
            ]
    parsed.listed = [ListedSource(n, s.url, s.id) for n, s in enumerate(article.sources, 1)]
    parsed.urls = [s.url for s in article.sources if s.url]
    parsed.blocks.append(Block("sources", "\n".join(parsed.urls)))
    parsed.subheadline_citations = tuple(
        CitedPassage(c.source, c.passage, c.quote) for c in article.subheadline_citations
    )
    return parsed


def is_newsdesk_html(tree: Any) -> bool:
    """Whether an lxml tree holds a newsdesk article (``<article class="nd-article">``)."""
    return bool(tree.xpath("//article[contains(concat(' ', @class, ' '), ' nd-article ')]"))


def _class(name: str) -> str:
    return f"contains(concat(' ', normalize-space(@class), ' '), ' {name} ')"


def _text(element: Any) -> str:
    return " ".join("".join(element.itertext()).split())


def _sentence(span: Any) -> BodySentence:
    """One ``.nd-sentence``: its words (without the marks and the evidence tip) and citations."""
    words = [span.text or ""]
    marks: tuple[int, ...] = ()
    quotes: list[str] = []
    for child in span:
        classes = (child.get("class") or "").split()
        if "nd-cite" in classes:
            marks = tuple(int(n) for n in _NUMBER.findall(_text(child)))
        elif "nd-tip" in classes:
            quotes = [_text(q) for q in child.xpath(f".//*[{_class('nd-passage')}]")]
        else:
            words.append("".join(child.itertext()))
        words.append(child.tail or "")
    refs = []
    for pair in (span.get("data-citations") or "").split():
        document, _, passage = pair.partition(":")
        if document.isdigit() and passage.isdigit():
            refs.append((int(document), int(passage)))
    if len(quotes) != len(refs):
        quotes = [""] * len(refs)
    citations = tuple(CitedPassage(d, p, q) for (d, p), q in zip(refs, quotes, strict=True))
    return BodySentence(" ".join("".join(words).split()), citations, marks)


def parse_newsdesk_html(tree: Any, *, source: str) -> ParsedArticle:
    """The ``<article class="nd-article">`` of a newsdesk HTML page or fragment."""
    root = tree.xpath(f"//article[{_class('nd-article')}]")[0]
    parsed = ParsedArticle(source=source, format="newsdesk-html")
    for h1 in root.xpath(f".//*[{_class('nd-headline')}]")[:1]:
        parsed.headline = _text(h1)
    for sub in root.xpath(f".//*[{_class('nd-subheadline')}]")[:1]:
        parsed.subheadline = _text(sub)
    for section in root.xpath(f".//*[{_class('nd-body')}]//section[{_class('nd-section')}]"):
        for heading in section.xpath(f".//*[{_class('nd-heading')}]"):
            parsed.blocks.append(Block("heading", _text(heading)))
        for paragraph in section.xpath(f".//*[{_class('nd-paragraph')}]"):
            for dateline in paragraph.xpath(f"./*[{_class('nd-dateline')}]")[:1]:
                parsed.dateline = _text(dateline).rstrip(" –-—")
            found = [_sentence(s) for s in paragraph.xpath(f"./*[{_class('nd-sentence')}]")]
            if found:
                parsed.sentences += found
                parsed.blocks.append(Block("text", " ".join(s.text for s in found)))
    for item in root.xpath(f".//*[{_class('nd-sources')}]//li[{_class('nd-source')}]"):
        number = _NUMBER.findall(item.get("id") or "")
        links = [a.get("href") for a in item.xpath(".//a[@href]") if a.get("href", "").startswith("http")]
        ref = item.get("data-document-id")
        parsed.listed.append(
            ListedSource(
                int(number[-1]) if number else len(parsed.listed) + 1,
                links[0] if links else None,
                int(ref) if ref and ref.isdigit() else None,
            )
        )
    parsed.urls = [s.url for s in parsed.listed if s.url]
    parsed.blocks.append(Block("sources", "\n".join(parsed.urls)))
    if not parsed.sentences:
        raise VerifyError("the article has no body text", source=source)
    return parsed
