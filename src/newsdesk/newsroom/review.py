"""The editor's desk, read side: a version as the editor reviews it, and one sentence's sources.

:meth:`Reviewing.review` gathers what the review page and ``GET /api/articles/{id}/review`` show:
the version, which sentences need attention and why (:func:`~newsdesk.newsroom.rules.attention`),
the source numbers (as every output format numbers them), the open conflicts, the struck
sentences that can be restored, the versions of the story and the trail as tracked changes
(:mod:`newsdesk.newsroom.history`). :meth:`Reviewing.sentence_sources` opens one sentence's
sources: per citation the document passage by passage, the cited passage marked with the
sentence's anchors and shared words (:mod:`newsdesk.newsroom.marking`), and that citation's own
judgement. :meth:`Reviewing.story_passages` lists the passages of the story's reports that a new
sentence may cite. :meth:`Reviewing.export` renders a version in any registered format (the
download buttons: Markdown, HTML, PDF, Word, JSON, JSON-LD) with its review state.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from newsdesk.errors import NewsdeskError, ReviewError
from newsdesk.lang.exonyms import fold
from newsdesk.models import Anchor, Article, Citation, Document, Judgement, Passage, Sentence
from newsdesk.newsroom.base import Room
from newsdesk.newsroom.history import Change, changes
from newsdesk.newsroom.marking import (
    Block,
    Segment,
    document_blocks,
    passage_marks,
    sentence_segments,
)
from newsdesk.newsroom.rules import EDITABLE, attention, blockers, open_conflicts, queue_state
from newsdesk.render import get_renderer
from newsdesk.render.base import RenderOptions
from newsdesk.render.text import slug, source_numbers
from newsdesk.store.articles import ArticleRecord

STRIKES = ("strike_sentence", "reject_sentence")


@dataclass(frozen=True)
class Struck:
    """A sentence struck from the text that can be put back."""

    id: str
    text: str
    actor: str
    at: str
    reason: str


@dataclass(frozen=True)
class CitedSource:
    """One citation of a sentence, opened: the document, the cited passage in it, the judgement."""

    document_id: int
    passage: int
    number: int | None  # the source's number in the article's source list
    outlet: str
    title: str
    language: str
    published: str | None
    quote: str
    judgement: Judgement | None
    blocks: tuple[Block, ...]  # the document passage by passage; empty when it cannot be read
    found: tuple[Anchor, ...]  # the sentence's anchors this passage carries
    missing: tuple[Anchor, ...]  # … and those it does not


@dataclass(frozen=True)
class SentenceSources:
    """One sentence with its sources side by side (the evidence pane)."""

    sentence: Sentence
    position: int  # 1-based, in reading order
    label: str  # the verdict label, or "unverified"
    reasons: tuple[str, ...]  # why it needs attention (empty: it does not)
    segments: tuple[Segment, ...]  # the sentence with its anchors marked
    sources: tuple[CitedSource, ...]
    conflicts: tuple[int, ...]  # the article's conflicts about this sentence
    previous: str | None  # the sentence before it and after it in reading order
    next: str | None


@dataclass(frozen=True)
class Export:
    """A version rendered for download."""

    content: bytes
    media_type: str
    filename: str


@dataclass
class Review:
    """A version as the editor reviews it (see the module docstring)."""

    record: ArticleRecord
    state: str  # the queue state (rules.queue_state)
    editable: bool
    numbers: dict[int, int]  # document id → source number
    attention: dict[str, list[str]]  # sentence id → reasons, in reading order
    blocking: list[str]  # ids of the sentences that block approval
    open_conflicts: list[int]
    struck: list[Struck]
    changes: list[Change]
    versions: list[ArticleRecord]
    outlets: dict[int, str] = field(default_factory=dict)  # every cited document → its outlet

    @property
    def article(self) -> Article:
        return self.record.article


def _label(sentence: Sentence) -> str:
    return sentence.verdict.label if sentence.verdict else "unverified"


class Reviewing(Room):
    """The read side of the editor's desk (see the module docstring)."""

    def review(self, article_id: int) -> Review:
        """A version with everything its review page shows."""
        record = self.store.get_article(article_id)
        article = record.article
        events = self.store.article_events(article_id)
        in_text = {s.id for s in article.sentences()}
        struck: dict[str, Struck] = {}
        for event in events:
            detail = event.detail
            sentence_id = str(detail.get("sentence", ""))
            if event.action in STRIKES and "text" in detail:
                reason = str(detail.get("reason") or "")
                struck[sentence_id] = Struck(sentence_id, str(detail["text"]), event.actor, event.at, reason)
            elif event.action == "restore_sentence":
                struck.pop(sentence_id, None)
        return Review(
            record=record,
            state=queue_state(record),
            editable=record.status in EDITABLE,
            numbers=source_numbers(article),
            attention=attention(article),
            blocking=[b.sentence_id for b in blockers(article)],
            open_conflicts=open_conflicts(article),
            struck=[s for s in struck.values() if s.id not in in_text],
            changes=changes(events),
            versions=self.store.list_articles(story_id=record.story_id),
            outlets=self._outlets(article),
        )

    def sentence_sources(self, article: Article, sentence_id: str) -> SentenceSources:
        """One sentence of ``article`` with its cited sources opened (see the module docstring)."""
        order = article.sentences()
        at = next((i for i, s in enumerate(order) if s.id == sentence_id), None)
        if at is None:
            raise ReviewError(f"the article has no sentence {sentence_id!r}")
        sentence = order[at]
        numbers = source_numbers(article)
        sources = tuple(
            self._cited(sentence, citation, numbers) for citation in dict.fromkeys(sentence.citations)
        )
        found = {(a.kind, a.text): a for s in sources for a in s.found}
        missing = [a for s in sources for a in s.missing if (a.kind, a.text) not in found]
        reasons = attention(article).get(sentence.id, [])
        return SentenceSources(
            sentence=sentence,
            position=at + 1,
            label=_label(sentence),
            reasons=tuple(reasons),
            segments=sentence_segments(sentence.text, list(found.values()), missing),
            sources=sources,
            conflicts=tuple(i for i, c in enumerate(article.conflicts) if sentence.id in c.sentence_ids),
            previous=order[at - 1].id if at > 0 else None,
            next=order[at + 1].id if at + 1 < len(order) else None,
        )

    def story_passages(self, article_id: int, text: str = "") -> list[tuple[Document, list[Passage]]]:
        """The passages of the story's reports (originals, not syndicated copies) that a new sentence
        may cite; with ``text``, only passages that contain all its words (case and umlauts aside)."""
        record = self.store.get_article(article_id)
        # a story merged into another (or retired by a rebuild): the reports of the one that holds them now
        story_id = self.store.story_successor(record.story_id) or record.story_id
        ids = [m.document_id for m in self.store.story_members(story_id)]
        ids += [s.id for s in record.article.sources if s.id not in ids]
        words = fold(text).split()
        found = []
        for document_id in ids:
            try:
                document = self.store.get_document(document_id)
            except NewsdeskError:
                continue
            if document.duplicate_of is not None:
                continue
            passages = [
                p for p in self.store.get_passages(document_id) if all(w in fold(p.text) for w in words)
            ]
            if passages:
                found.append((document, passages))
        numbers = source_numbers(record.article)
        found.sort(key=lambda item: (numbers.get(item[0].id or 0, len(numbers) + 1), item[0].id or 0))
        return found

    def export(self, article_id: int, fmt: str, *, marks: bool = False) -> Export:
        """The version as ``fmt`` (RenderError for an unknown format): the publication copy, or with
        ``marks`` the review copy (verdicts; in Word, comments on the sentences that are not
        supported)."""
        renderer = get_renderer(fmt)
        record = self.store.get_article(article_id)
        options = RenderOptions(marks=marks, record=record, settings=self.settings.publish)
        content = renderer.render(record.article, options)
        data = content if isinstance(content, bytes) else content.encode("utf-8")
        stem = f"story-{record.story_id}-v{record.version}-{slug(record.article.headline)}"
        return Export(data, renderer.media_type, stem + ("-pruefung" if marks else "") + renderer.suffix)

    # -- internals ------------------------------------------------------------------------------

    def _outlets(self, article: Article) -> dict[int, str]:
        names = {s.id: s.outlet for s in article.sources}
        cited = {c.source for s in article.sentences() for c in s.citations}
        cited |= {c.source for conflict in article.conflicts for v in conflict.values for c in v.citations}
        for document_id in cited - set(names):
            try:
                names[document_id] = self.store.get_document(document_id).outlet
            except NewsdeskError:  # a vanished document is shown as "?"
                names[document_id] = "?"
        return names

    def _cited(self, sentence: Sentence, citation: Citation, numbers: dict[int, int]) -> CitedSource:
        judgement = (
            sentence.verdict.judgement(citation.source, citation.passage) if sentence.verdict else None
        )
        anchors = judgement.anchors if judgement else ()
        found = tuple(a for a in anchors if a.start >= 0)
        missing = tuple(a for a in anchors if a.start < 0)
        try:
            document = self.store.get_document(citation.source)
            passages = self.store.get_passages(citation.source)
        except NewsdeskError:
            document, passages = None, []
        cited = next((p for p in passages if p.index == citation.passage), None)
        blocks: tuple[Block, ...] = ()
        if document is not None and cited is not None:
            marks = passage_marks(sentence.text, cited.text, anchors)
            blocks = document_blocks(document, passages, citation.passage, marks)
        return CitedSource(
            document_id=citation.source,
            passage=citation.passage,
            number=numbers.get(citation.source),
            outlet=(document.outlet if document else "") or (judgement.outlet if judgement else "?"),
            title=document.title if document else "",
            language=document.language if document else "",
            published=document.published if document else None,
            quote=citation.quote,
            judgement=judgement,
            blocks=blocks,
            found=found,
            missing=missing,
        )
