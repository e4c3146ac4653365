"""Headline and sub-headline of an extractive article, both drawn from the story's own evidence.

The headline is the cleaned title of one German report (see :func:`newsdesk.write.german.clean_title`)
that the article's text supports: every number and name in it occurs in the text, most of its words
too. Among those, titles that agree with the lead and with how the other outlets headline the event
win; a bare quote or a two-word label loses. Only if no title qualifies is the lead sentence used.
The sub-headline is the chosen sentence that best continues the headline and can stand alone.
"""

from __future__ import annotations

import re

from newsdesk.config import WriteSettings
from newsdesk.lang.entities import extract_entities
from newsdesk.lang.quantities import quantity_keys
from newsdesk.write import german
from newsdesk.write.evidence import Evidence, stems
from newsdesk.write.select import Candidate


def choose_headline(
    evidence: Evidence, chosen: list[Candidate], settings: WriteSettings
) -> tuple[str, int | None]:
    """The best supported cleaned German title; never one with a name or number the text lacks.

    A title qualifies when its numbers are all in the text and its names too; among those, the
    score favours titles whose words the text supports, that agree with the lead and with the
    other reports' titles (the event as most outlets headline it), and factual lines over quotes.
    """
    body_stems: set[str] = set()
    body_numbers: set[str] = set()
    for candidate in chosen:
        body_stems |= set(candidate.unit.stems)
        body_numbers |= set(candidate.unit.quantities)
    body_text = " ".join(c.unit.core for c in chosen).casefold()
    short_stems = {s[:4] for s in body_stems}
    lead_stems = set(chosen[0].unit.stems) if chosen else set()
    titles = _title_anchors(evidence)
    ranked: list[tuple[int, float, int, str]] = []
    for document in sorted(evidence.documents.values(), key=lambda d: d.id or 0):
        if document.language != settings.language:
            continue
        outlet = german.outlet_for(document.outlet, document.url)
        title = german.clean_title(
            document.title, outlet, document.site_name, max_chars=settings.headline_max_chars
        )
        words = set(stems(title))
        if not title or len(words) < 2 or not quantity_keys(title, settings.language) <= body_numbers:
            continue
        if not _names_supported(title, settings.language, body_text):
            continue
        support = sum(w in body_stems or w[:4] in short_stems for w in words) / len(words)
        agreement = _title_agreement(document.id or 0, titles)
        score = support + 0.5 * len(words & lead_stems) / len(words) + 0.5 * agreement - 0.002 * len(title)
        if german.has_quote(title) or len(words) < 3:
            score -= 0.4  # a bare quote or a two-word label says less than a factual line
        tier = 0 if support >= 0.5 else 1 if support >= 0.3 else 2
        if tier < 2:
            ranked.append((tier, -score, document.id or 0, title))
    if ranked:
        _, _, document_id, title = min(ranked)
        return title, document_id
    if not chosen:
        return "", None
    return german.shorten(chosen[0].unit.core.rstrip("."), settings.headline_max_chars), None


def _title_anchors(evidence: Evidence) -> dict[int, tuple[str, set[str], set[str]]]:
    """Per original report: its language, title stems and title number keys."""

    result = {}
    for group in evidence.groups:
        document = evidence.documents[group]
        result[group] = (
            document.language,
            set(stems(document.title)),
            quantity_keys(document.title, document.language),
        )
    return result


def _title_agreement(document_id: int, titles: dict[int, tuple[str, set[str], set[str]]]) -> float:
    """How much the other reports' titles say the same (shared words in one language, numbers in any)."""
    own = titles.get(document_id)
    if own is None:
        return 0.0
    scores = []
    for other, (language, words, numbers) in titles.items():
        if other == document_id:
            continue
        shared = len(own[1] & words) / max(1, min(len(own[1]), len(words))) if language == own[0] else 0.0
        scores.append(min(1.0, shared + 0.5 * len(own[2] & numbers)))
    return sum(scores) / len(scores) if scores else 0.0


def _names_supported(title: str, language: str, text: str) -> bool:
    """Whether every name in a title occurs in the article too (each word by its first letters,
    so "St. Pöltner" is found in "St. Pölten" and "Kerbers" in "Kerber")."""

    for entity in extract_entities(title, language):
        for word in re.findall(r"[^\W\d_]{3,}", entity.text):
            if word.casefold()[:4] not in text:
                return False
    return True


def choose_subheadline(chosen: list[Candidate], headline: str) -> Candidate | None:
    """The detail that best continues the headline and can stand alone: it says what happened."""
    title = set(stems(headline))

    def fit(candidate: Candidate) -> float:
        shared = len(title & set(candidate.unit.stems)) / (len(title) or 1)
        return shared + 0.5 * candidate.score + 0.1 * (candidate.rank <= 2)

    ranked = sorted(chosen[1:], key=lambda c: (-fit(c), c.unit.key))
    for candidate in ranked:
        if (
            candidate.role == "details"
            and not candidate.needs_previous
            and not candidate.quote
            and candidate.words <= 32
            and not german.names_its_source(candidate.unit.core)
            and not candidate.unit.core.startswith(("Wer ", "Was ", "Wie ", "Warum ", "Als ", "Wenn "))
        ):
            follows = any(
                c.needs_previous and c.unit.key == (candidate.unit.key[0], candidate.unit.key[1] + 1)
                for c in chosen
            )
            if not follows:
                return candidate
    return None
