"""The extractive writer: a German article built from German source sentences, every one cited.

No model is needed. The story's reports are read once (:mod:`~newsdesk.write.evidence`): debris
and one report's misspellings are set aside (:mod:`~newsdesk.write.hygiene`), the people and what
each sentence points back to are found (:mod:`~newsdesk.write.discourse`), and where reports
disagree or a later one supersedes an earlier one is decided (:mod:`~newsdesk.write.conflicts`).
Sentences are chosen (:mod:`~newsdesk.write.select`) and composed into an article
(:mod:`~newsdesk.write.compose`: order and sections, references resolved, long copies shortened,
newsdesk's own headline, attribution). With a verifier, its per-citation judgements decide what is
published and which outlets may be said to agree (:mod:`~newsdesk.write.verified`).

A sentence's words are the source's words, except where the writer says who is meant ("Er" →
"Mayrhofer"), leaves out a subordinate detail, or frames the sentence with its outlet; direct
quotes are never touched. Foreign-language reports corroborate, weigh in the choice of the lead
and decide disputes; their facts enter the text only through a translating (LLM) writer.

Same input, same article: ids, order and wording depend only on the story's documents and the
settings; ``generated_at`` is the only field that changes between runs.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Sequence

from newsdesk.config import WriteSettings
from newsdesk.errors import WriteError
from newsdesk.models import Article, Citation, Problem, Sentence, SourceRef, Verdict
from newsdesk.store.sql import SQLStore
from newsdesk.write.base import ArticleVerifier
from newsdesk.write.compose import Draft, Story, compose
from newsdesk.write.compress import copied_words
from newsdesk.write.conflicts import review
from newsdesk.write.discourse import Discourse
from newsdesk.write.evidence import Evidence, build_evidence
from newsdesk.write.select import candidates, select, usable_units
from newsdesk.write.verified import check

log = logging.getLogger(__name__)


class ExtractiveWriter:
    """Writes a story from its German passages (see the module docstring)."""

    name = "extractive"

    def __init__(
        self, settings: WriteSettings, store: SQLStore, *, verifier: ArticleVerifier | None = None
    ) -> None:
        self.settings = settings
        self.store = store
        self.verifier = verifier

    def evidence(self, story_id: int) -> Evidence:
        """The story's documents and passages, prepared for selection."""
        members = self.store.story_members(story_id)
        if not members:
            raise WriteError(
                f"no story {story_id}", hint="'newsdesk stories' lists the stories and their ids"
            )
        documents = [self.store.get_document(m.document_id) for m in members]
        passages = {d.id or 0: self.store.get_passages(d.id or 0) for d in documents}
        return build_evidence(story_id, documents, passages)

    def write(self, story_id: int) -> Article:
        evidence = self.evidence(story_id)
        settings = self.settings
        units = usable_units(evidence, settings)
        if not units:
            languages = ", ".join(sorted({d.language for d in evidence.documents.values()}))
            raise WriteError(
                f"story {story_id} has no usable passage in {settings.language!r} (its sources are in: "
                f"{languages}); the extractive writer does not translate: write it with --writer llm",
                hint="configure [llm] (or --llm-model-path FILE.gguf) and write with --writer llm, "
                "or ingest German reports of the event",
            )
        discourse = Discourse(evidence)
        disputes = review(units, evidence)
        pool = [u for u in units if u.key not in disputes.superseded]
        found = candidates(evidence, settings, discourse, pool)
        disputed = {u.key for d in disputes.disputes for _, us in d.values for u in us}
        for candidate in found:
            candidate.disputed = candidate.unit.key in disputed
        chosen = select(found, evidence, settings, discourse)
        story = Story(
            evidence, discourse, settings, disputes, self.name, article_id(evidence, settings, self.name)
        )
        story.usable = {c.unit.key: c for c in found}
        if self.verifier is None:
            return _finish(story, compose(story, chosen), [])
        draft, dropped = check(story, chosen, self.verifier)
        if dropped:
            log.info("verifier dropped %d sentence(s) of story %d", len(dropped), story_id)
        return _finish(story, draft, dropped)


def _finish(story: Story, draft: Draft, dropped: list[Sentence]) -> Article:
    """Sources, superseded sentences and the writer's figures on the composed article."""
    article = draft.article
    evidence = story.evidence
    cited = [c for s in article.sentences() for c in s.citations] + list(article.subheadline_citations)
    article.sources = source_list(evidence, cited)
    superseded = [
        Sentence(
            id=f"x{number}",
            text=evidence_unit.core,
            citations=[
                Citation(evidence_unit.passage.document_id, evidence_unit.passage.index, evidence_unit.core)
            ],
            verdict=Verdict("contradicted", 0.0, problems=(Problem("source", reason),)),
        )
        for number, (evidence_unit, reason) in enumerate(
            ((u, story.review.superseded[u.key]) for u in evidence.units if u.key in story.review.superseded),
            1,
        )
    ]
    article.dropped = dropped + superseded
    limit = story.settings.max_verbatim_words
    words = sum(len(s.text.split()) for s in article.sentences())
    copied = sum(
        copied_words(s.text, evidence.passages[(s.citations[0].source, s.citations[0].passage)].text, limit)
        for s in article.sentences()
        if s.citations and (s.citations[0].source, s.citations[0].passage) in evidence.passages
    )
    article.metadata = {
        "writer": {
            "words": words,
            "verbatim_limit": limit,
            "verbatim_share": round(copied / words, 3) if words else 0.0,
            "edits": {sid: piece.edits for sid, piece in draft.pieces.items() if piece.edits},
            "left_out": [
                {"source": c.unit.passage.document_id, "passage": c.unit.passage.index, "reason": reason}
                for c, reason in draft.left_out
            ],
        }
    }
    return article


def source_list(evidence: Evidence, citations: Sequence[Citation]) -> list[SourceRef]:
    """One entry per syndication group and canonical URL: cited ones in order of first citation,
    then the story's other reports (``cited=False``). Used by every writer."""
    order: list[int] = []
    group_of = {d: g for g, members in evidence.groups.items() for d in members}
    for citation in citations:
        group = group_of.get(citation.source)
        if group is not None and group not in order:
            order.append(group)
    cited = set(order)
    order += [g for g in sorted(evidence.groups) if g not in cited]
    sources: list[SourceRef] = []
    seen_urls: set[str] = set()
    for group in order:
        document = evidence.documents[group]
        if document.url and document.url in seen_urls:
            continue
        if document.url:
            seen_urls.add(document.url)
        copies = [evidence.documents[d].outlet for d in evidence.groups[group][1:]]
        sources.append(
            SourceRef(
                id=group,
                outlet=document.outlet,
                title=document.title,
                url=document.url,
                published=document.published,
                language=document.language,
                republished_by=tuple(sorted(set(copies) - {document.outlet})),
                cited=group in cited,
                credit=evidence.credits.get(group),
            )
        )
    return sources


def article_id(evidence: Evidence, settings: WriteSettings, writer: str) -> str:
    """A stable id from the story, the writer, its settings and the content of the story's reports."""
    digest = hashlib.sha256(f"{evidence.story_id}|{writer}|{settings!r}".encode())
    for document_id in sorted(evidence.documents):
        digest.update(f"|{document_id}:{evidence.documents[document_id].content_hash}".encode())
    return f"article-{evidence.story_id}-{digest.hexdigest()[:12]}"
