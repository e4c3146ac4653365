"""Citation matching: the passages that state what a sentence says, found without the model.

Small models often write a passage's fact (or its very words) and cite the wrong number. Before a
failing sentence goes back to the model, the writer looks for the passages of the prompt that
state it, as the extractive writer finds corroborating reports:

* a passage in the sentence's language (German) qualifies when it contains at least
  ``MIN_COVERAGE`` of the sentence's content words (crude stems), numbers counting extra;
* a passage in another language qualifies by shared anchors (numbers weigh most, then names):
  the same rule as :func:`newsdesk.write.evidence.supports`.

At most two German passages and one in another language are cited, best first. The sentence's
text is not changed, and the verifier decides on the new citations like on any others: matching
only proposes evidence, it never passes a sentence.
"""

from __future__ import annotations

from newsdesk.lang.quantities import extract_quantities, format_value
from newsdesk.models import Citation
from newsdesk.write.evidence import stems
from newsdesk.write.packing import Context, Numbered

MIN_COVERAGE = 0.5
MIN_ANCHORS = 0.55


def _anchors(text: str, language: str) -> tuple[set[str], set[str]]:
    from newsdesk.lang.entities import extract_entities

    numbers = {f"{q.unit or q.kind}:{format_value(q.value)}" for q in extract_quantities(text, language)}
    names: set[str] = set()
    for entity in extract_entities(text, language):
        if entity.key:
            names.add(entity.key)
            surname = entity.key.rsplit(" ", 1)[-1]
            if " " in entity.key and len(surname) >= 4:
                names.add(surname)
    return numbers, names


def matching_passages(text: str, context: Context, language: str = "de") -> list[Numbered]:
    """The passages of ``context`` that state ``text`` (see the module docstring), best first."""
    words = set(stems(text))
    numbers, names = _anchors(text, language)
    same: list[tuple[float, Numbered]] = []
    other: list[tuple[float, Numbered]] = []
    for item in context.passages:
        unit = item.unit
        shared_numbers = len(numbers & (unit.quantities | unit.details))
        if unit.language == language:
            if not words:
                continue
            coverage = len(words & set(unit.stems)) / len(words) + 0.1 * shared_numbers
            if coverage >= MIN_COVERAGE:
                same.append((coverage, item))
        else:
            score = 0.4 * min(2, shared_numbers) + 0.15 * min(3, len(names & unit.names))
            if score >= MIN_ANCHORS:
                other.append((score, item))
    same.sort(key=lambda pair: (-pair[0], pair[1].number))
    other.sort(key=lambda pair: (-pair[0], pair[1].number))
    return [item for _, item in same[:2]] + [item for _, item in other[:1]]


def citations_for(text: str, context: Context, language: str = "de") -> list[Citation]:
    """:func:`matching_passages` as citations (document, passage, passage text)."""
    return [
        Citation(item.unit.passage.document_id, item.unit.passage.index, item.unit.core)
        for item in matching_passages(text, context, language)
    ]
