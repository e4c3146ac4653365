"""What a German editor checks before publishing an extractive article, counted.

:func:`measure` reads a written article against the story's evidence, as a reader would read it
(sub-headline first, then the body in order), and counts:

* ``unresolved``: references with nothing to point to (:mod:`newsdesk.write.discourse` finds them in
  the published text): a demonstrative, connective, reported speech or quote whose report sentence
  does not come right before it; a pronoun or person description not right after its report's
  sentence or after a sentence naming a person; an "Auch …" that opens the article; a surname
  before the person's full name;
* ``surname_first``: people whose first mention is the surname alone;
* ``headline_copied``: the headline is a source's title or nearly one;
* ``headline_unsupported``: a name or number of the headline is not in the body;
* ``sub_debris`` / ``sub_repeats``: the sub-headline is a caption, byline or teaser, or says what
  the headline says;
* ``false_agreement``: a sentence claims agreement ("übereinstimmend", two outlets named) where a
  named outlet's passage, or (unnamed) all but one cited outlet's passage, does not ``supports`` it
  by the sentence's verdict judgements; sentences without judgements are not counted (see
  ``agreements_checked``);
* ``bad_citations``: citations judged ``contradicts`` or ``unrelated``;
* ``verbatim_share`` and ``words``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from newsdesk.models import Article, Sentence
from newsdesk.write import german, hygiene
from newsdesk.write.attribute import outlet_phrase
from newsdesk.write.compress import copied_words
from newsdesk.write.discourse import Discourse, Reference, references_of
from newsdesk.write.evidence import Evidence, Unit
from newsdesk.write.headline import copies_title, in_body, repeats
from newsdesk.write.people import persons_in

AGREEMENT = re.compile(r"übereinstimmend|mehrere Medien")


@dataclass
class Figures:
    """The counts of one article (see the module docstring)."""

    story: int
    headline: str
    words: int = 0
    sentences: int = 0
    unresolved: int = 0
    surname_first: int = 0
    headline_copied: int = 0
    headline_unsupported: int = 0
    sub_debris: int = 0
    sub_repeats: int = 0
    false_agreement: int = 0
    agreements_checked: int = 0
    bad_citations: int = 0
    verbatim_share: float = 0.0
    notes: list[str] = field(default_factory=list)


def _unit_of(evidence: Evidence, sentence: Sentence, units: dict[tuple[int, int], Unit]) -> Unit | None:
    if not sentence.citations:
        return None
    first = sentence.citations[0]
    return units.get((first.source, first.passage))


def _claimed(sentence: Sentence, phrases: dict[str, str]) -> set[str] | None:
    """Outlets an agreement frame names; None without agreement; empty set for "mehrere Medien"."""
    if not AGREEMENT.search(sentence.text):
        return None
    frame = sentence.text.replace(german.unframe(sentence.text)[:-1], "", 1)
    return {outlet for outlet, phrase in phrases.items() if phrase in frame}


def measure(article: Article, evidence: Evidence, story: Discourse | None = None) -> Figures:
    """The article's figures (see the module docstring)."""
    story = story or Discourse(evidence)
    units = {u.key: u for u in evidence.units}
    figures = Figures(article.story_id, article.headline)
    sentences = article.sentences()
    figures.sentences = len(sentences)
    figures.words = sum(len(s.text.split()) for s in sentences)
    body = " ".join(s.text for s in sentences)
    titles = [d.title for d in evidence.documents.values()]
    figures.headline_copied = int(copies_title(article.headline, titles))
    figures.headline_unsupported = int(not in_body(article.headline, f"{article.subheadline} {body}"))
    if article.subheadline:
        figures.sub_debris = int(bool(hygiene.debris(article.subheadline)))
        figures.sub_repeats = int(repeats(article.subheadline, article.headline))
    introduced: set[str] = set()
    if article.subheadline:
        for person, _, _, full in persons_in(article.subheadline, story.people):
            if full:
                introduced.add(person.key)
            elif person.key not in introduced:
                figures.surname_first += 1
                figures.notes.append(f"sub-headline names {person.surname} before introducing")
    previous: Sentence | None = None
    for sentence in sentences:
        unit = _unit_of(evidence, sentence, units)
        text = german.unframe(sentence.text)
        if unit is not None:
            for reference in references_of(replace(unit, core=text, entities=()), story):
                if not _resolved(reference, sentence, previous, story, introduced, units):
                    figures.unresolved += 1
                    figures.notes.append(
                        f"unresolved „{reference.text or reference.kind}“ in: {sentence.text}"
                    )
        for person, _, _, full in persons_in(text, story.people):
            if full:
                introduced.add(person.key)
            elif person.key not in introduced:
                figures.surname_first += 1
                figures.notes.append(f"{person.surname} named before being introduced: {sentence.text}")
                introduced.add(person.key)
        previous = sentence
    phrases = {
        evidence.documents[g].outlet: _phrase(evidence, g) for g in evidence.groups if g in evidence.documents
    }
    for sentence in sentences:
        verdict = sentence.verdict
        if verdict is not None:
            figures.bad_citations += sum(j.label in ("contradicts", "unrelated") for j in verdict.judgements)
        claimed = _claimed(sentence, phrases)
        if claimed is None or verdict is None or not verdict.judgements:
            continue
        figures.agreements_checked += 1
        supporting = {j.outlet for j in verdict.judgements if j.label == "supports"}
        if (claimed and not claimed <= supporting) or len(supporting) < 2:
            figures.false_agreement += 1
            figures.notes.append(f"agreement not carried by each outlet: {sentence.text}")
    limit = int(article.metadata.get("writer", {}).get("verbatim_limit", 20))
    copied = sum(
        copied_words(s.text, evidence.passages[(s.citations[0].source, s.citations[0].passage)].text, limit)
        for s in sentences
        if s.citations and (s.citations[0].source, s.citations[0].passage) in evidence.passages
    )
    figures.verbatim_share = round(copied / figures.words, 3) if figures.words else 0.0
    return figures


def _phrase(evidence: Evidence, group: int) -> str:
    unit = next((u for u in evidence.units if u.group == group), None)
    return outlet_phrase(evidence, unit).text if unit is not None else ""


def _resolved(
    reference: Reference,
    sentence: Sentence,
    previous: Sentence | None,
    story: Discourse,
    introduced: set[str],
    units: dict[tuple[int, int], Unit],
) -> bool:
    first = sentence.citations[0]
    unit = units.get((first.source, first.passage))
    adjacent = False
    if previous is not None and previous.citations and unit is not None:
        before = story.predecessor(unit)
        adjacent = before == (previous.citations[0].source, previous.citations[0].passage)
    if reference.kind == "additive":
        return previous is not None
    if reference.kind == "surname":
        return reference.person in introduced
    named_before = previous is not None and bool(persons_in(german.unframe(previous.text), story.people))
    if adjacent:
        return not reference.needs_name or named_before
    if reference.kind in ("pronoun", "possessive", "description") and reference.person:
        return previous is not None and reference.person in {
            p.key for p, _, _, _ in persons_in(german.unframe(previous.text), story.people)
        }
    return False
