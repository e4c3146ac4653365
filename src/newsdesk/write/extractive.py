"""The extractive writer: a German article built from German source sentences, every one cited.

No model is needed. Sentences are chosen by :mod:`newsdesk.write.select` (centrality,
corroboration by independent outlets, names and numbers, no redundancy), grouped into a lead and
sections with sub-headings, and attributed in German by :mod:`newsdesk.write.german`. A sentence's
words are the source's words: only an attribution frame is added around them, and direct quotes
are never touched. Foreign-language reports corroborate (their matching passages are cited too)
and are listed as sources; their facts enter the text only through a translating (LLM) writer.

Same input, same article: ids, order and wording depend only on the story's documents and the
settings; ``generated_at`` is the only field that changes between runs.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Sequence
from dataclasses import replace

from newsdesk.config import WriteSettings
from newsdesk.errors import WriteError
from newsdesk.models import (
    Article,
    Citation,
    Dateline,
    Paragraph,
    Section,
    Sentence,
    SourceRef,
    utc_now,
)
from newsdesk.store.sql import SQLStore
from newsdesk.write import german
from newsdesk.write.base import ArticleVerifier
from newsdesk.write.evidence import Evidence, build_evidence, mentioned_place
from newsdesk.write.headline import choose_headline, choose_subheadline
from newsdesk.write.select import Candidate, candidates, select

log = logging.getLogger(__name__)
LEAD_DETAILS = 2  # details that join the lead section before the first sub-heading


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
        found = candidates(evidence, self.settings)
        if not found:
            languages = ", ".join(sorted({d.language for d in evidence.documents.values()}))
            raise WriteError(
                f"story {story_id} has no usable passage in {self.settings.language!r} "
                f"(its sources are in: {languages}); the extractive writer does not translate",
                hint="use --writer llm (translates with a configured LLM) or ingest German reports",
            )
        chosen = select(found, evidence, self.settings)
        article = self._assemble(evidence, chosen)
        if self.verifier is None:
            return article
        return self._verified(evidence, chosen, article)

    # -- verification ------------------------------------------------------------------------

    def _verified(self, evidence: Evidence, chosen: list[Candidate], article: Article) -> Article:
        verifier = self.verifier
        assert verifier is not None
        checked = verifier.verify_article(article, evidence.documents, evidence.passages)
        dropped = [s for s in checked.sentences() if not _supported(s)]
        if not dropped:
            return checked
        keys = {(c.source, c.passage) for s in dropped for c in s.citations[:1]}
        kept = [c for c in chosen if c.unit.key not in keys]
        log.info("verifier dropped %d sentence(s) of story %d", len(dropped), evidence.story_id)
        if not kept:
            return replace(checked, sections=[], dropped=dropped)
        rewritten = verifier.verify_article(
            self._assemble(evidence, kept), evidence.documents, evidence.passages
        )
        again = [s for s in rewritten.sentences() if not _supported(s)]
        for section in rewritten.sections:
            for paragraph in section.paragraphs:
                paragraph.sentences = [s for s in paragraph.sentences if _supported(s)]
            section.paragraphs = [p for p in section.paragraphs if p.sentences]
        rewritten.sections = [s for s in rewritten.sections if s.paragraphs]
        rewritten.dropped = dropped + again
        return rewritten

    # -- assembly ----------------------------------------------------------------------------

    def _assemble(self, evidence: Evidence, chosen: list[Candidate]) -> Article:
        settings = self.settings
        headline, headline_source = choose_headline(evidence, chosen, settings)
        sub = choose_subheadline(chosen, headline)
        body = [c for c in chosen if c is not sub]
        sections = self._sections(evidence, body)
        lead = chosen[0] if chosen else None
        return Article(
            id=article_id(evidence, settings, self.name),
            story_id=evidence.story_id,
            language=settings.language,
            writer=self.name,
            headline=headline,
            subheadline=sub.unit.core if sub else "",
            dateline=_dateline(evidence, lead),
            sections=sections,
            sources=source_list(evidence, _cited(sections, sub)),
            generated_at=utc_now(),
            headline_source=headline_source,
            subheadline_citations=_citations(sub) if sub else [],
        )

    def _sections(self, evidence: Evidence, body: Sequence[Candidate]) -> list[Section]:
        headings = german.phrasing()["sections"]
        lead_part = [c for c in body if c.role == "lead"]
        details = [c for c in body if c.role == "details"]
        intro, details = _take_details(details, LEAD_DETAILS)
        if len(details) < 2:
            intro, details = intro + details, []
        parts: list[tuple[str, list[Candidate]]] = [("", lead_part + intro), (headings["details"], details)]
        for role in ("quotes", "outlook", "background"):
            parts.append((headings[role], [c for c in body if c.role == role]))
        sections: list[Section] = []
        numbering = iter(range(1, 10_000))
        attributor = _Planner(evidence)
        for heading, members in parts:
            if not members:
                continue
            attributor.new_section()
            paragraphs = _paragraphs(members, first_alone=not sections)
            section = Section(heading=heading)
            for group in paragraphs:
                sentences = [
                    Sentence(id=f"s{next(numbering)}", text=attributor.text(c), citations=_citations(c))
                    for c in group
                ]
                section.paragraphs.append(Paragraph(sentences))
            sections.append(section)
        return sections


class _Planner:
    """Attribution in reading order.

    A sentence from one outlet is framed when the outlet changes; consecutive sentences of one
    outlet are not each re-attributed. A fact that several outlets report is framed as agreement
    (the two outlets named the first time a pair agrees, "übereinstimmenden Berichten zufolge"
    otherwise), but not twice in a row. Quotes and sentences that name their own source keep
    their words without a frame. Each section starts afresh.
    """

    def __init__(self, evidence: Evidence) -> None:
        self.evidence = evidence
        self.attributor = german.Attributor()
        self.named_pairs: set[frozenset[str]] = set()
        self.new_section()

    def new_section(self) -> None:
        self.last: frozenset[str] = frozenset()
        self.last_agreed = False

    def phrase(self, group: int) -> german.NounPhrase:
        credit = self.evidence.credits.get(group)
        agency = german.agency_outlet(credit) if credit else None
        document = self.evidence.documents[group]
        return german.noun_phrase(agency or german.outlet_for(document.outlet, document.url))

    def text(self, candidate: Candidate) -> str:
        core = candidate.unit.core
        if candidate.quote or german.names_its_source(core):
            return core
        if not german.frameable(core) and german.finite_verb_end(core) is None:
            return core
        outlets = frozenset({candidate.unit.outlet, *candidate.support})
        if outlets == self.last:
            return core
        if len(outlets) == 1:
            if not german.frameable(core):
                return core
            self.last, self.last_agreed = outlets, False
            return self.attributor.single(core, self.phrase(candidate.unit.group))
        if self.last_agreed:
            self.last_agreed = False
            return core
        self.last, self.last_agreed = outlets, True
        if len(outlets) == 2 and outlets not in self.named_pairs and german.frameable(core):
            self.named_pairs.add(outlets)
            [other] = candidate.support.values()
            phrases = [self.phrase(candidate.unit.group), self.phrase(other.group)]
            return self.attributor.agreement(core, phrases, None)
        position = german.finite_verb_end(core)
        if position is None and not german.frameable(core):
            self.last, self.last_agreed = frozenset(), False
            return core
        return self.attributor.agreement(core, [], position)


def _take_details(details: list[Candidate], count: int) -> tuple[list[Candidate], list[Candidate]]:
    """The first ``count`` details, keeping a continuation with the sentence it continues."""
    taken: list[Candidate] = []
    for index, candidate in enumerate(details):
        if len(taken) >= count and not candidate.needs_previous:
            return taken, details[index:]
        taken.append(candidate)
    return taken, []


def _paragraphs(members: list[Candidate], *, first_alone: bool) -> list[list[Candidate]]:
    """Paragraphs of up to three sentences; a new report starts a new one once two are written."""
    paragraphs: list[list[Candidate]] = []
    for index, candidate in enumerate(members):
        current = paragraphs[-1] if paragraphs else None
        starts_new = (
            current is None
            or (
                first_alone
                and index > 0
                and len(paragraphs) == 1
                and current[0].role == "lead"
                and candidate.role != "lead"
            )
            or (len(current) >= 3 and not candidate.needs_previous)
            or (
                len(current) >= 2
                and candidate.unit.group != current[-1].unit.group
                and not candidate.needs_previous
            )
        )
        if starts_new:
            paragraphs.append([candidate])
        else:
            assert current is not None
            current.append(candidate)
    return paragraphs


def _citations(candidate: Candidate) -> list[Citation]:
    unit = candidate.unit
    cited = [Citation(unit.passage.document_id, unit.passage.index, unit.core)]
    for other in sorted(candidate.support.values(), key=lambda u: u.key):
        cited.append(Citation(other.passage.document_id, other.passage.index, other.core))
    return cited


def _dateline(evidence: Evidence, lead: Candidate | None) -> Dateline:
    group = lead.unit.group if lead else min(evidence.groups)
    place = evidence.places.get(group, "")
    if not place:
        german_groups = [g for g in sorted(evidence.places) if evidence.documents[g].language == "de"]
        place = evidence.places[german_groups[0]] if german_groups else ""
    if not place:
        place = mentioned_place(evidence, lead.unit if lead else None)
    return german.make_dateline(place, evidence.documents[group].published)


def _cited(sections: list[Section], sub: Candidate | None) -> list[Citation]:
    citations = [c for s in sections for p in s.paragraphs for t in p.sentences for c in t.citations]
    return citations + (_citations(sub) if sub else [])


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


def _supported(sentence: Sentence) -> bool:
    return sentence.verdict is not None and sentence.verdict.label == "supported"
