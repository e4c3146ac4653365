"""An article as read for an audit: what :mod:`newsdesk.verify.article` produces, the audit reads.

The parts the audit treats differently are kept apart: the headline and the sub-headline (checked
as such, never as body), the body blocks (text, sub-headings), the source list and the footer
(never audited as body). Body text may carry **citation marks** („[1][2]“, kept per segment as
``Block.segments``, removed from the text), and newsdesk's own JSON and HTML carry the exact
**passages** each sentence cites (``ParsedArticle.sentences``).
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class CitedPassage:
    """A passage a sentence cites: the article's own id of the source, the passage, its words."""

    ref: int
    passage: int
    quote: str = ""


@dataclass(frozen=True)
class BodySentence:
    """A body sentence as the article gives it (newsdesk's own formats)."""

    text: str
    citations: tuple[CitedPassage, ...] = ()
    marks: tuple[int, ...] = ()  # numbers in the source list


@dataclass(frozen=True)
class ListedSource:
    """An entry of the article's source list."""

    number: int
    url: str | None
    ref: int | None = None  # the source's id inside the article (newsdesk's JSON and HTML)


@dataclass
class Block:
    """A block of the article: ``text`` (body), ``heading``, ``sources``, ``removed`` (the sentences a
    verifier took out, listed after the sources under „Vom Prüfer entfernt“) or ``footer``."""

    kind: str
    text: str
    # the text cut at its citation marks: (words, numbers of the sources they cite)
    segments: list[tuple[str, tuple[int, ...]]] = field(default_factory=list)


@dataclass
class ParsedArticle:
    """An article as read for an audit."""

    source: str
    headline: str = ""
    subheadline: str = ""
    dateline: str = ""
    blocks: list[Block] = field(default_factory=list)
    urls: list[str] = field(default_factory=list)  # in order of appearance, duplicates kept
    hyphenation: list[str] = field(default_factory=list)
    format: str = "text"  # text, markdown, html, pdf, newsdesk-json, newsdesk-html
    listed: list[ListedSource] = field(default_factory=list)  # the numbered source list
    sentences: list[BodySentence] = field(default_factory=list)  # exact body sentences, when given
    subheadline_citations: tuple[CitedPassage, ...] = ()

    @property
    def misplaced_sources(self) -> bool:
        """Whether a source list is followed by more body text."""
        kinds = [b.kind for b in self.blocks]
        return "sources" in kinds and any(k == "text" for k in kinds[kinds.index("sources") :])

    def body(self) -> str:
        """The body text (without headings, source list and footer)."""
        return "\n".join(b.text for b in self.blocks if b.kind == "text")
