"""Citation matching: the passage a sentence restates, found without the model.

Small models often copy a passage's sentence almost word for word and cite the wrong number.
Before a failing sentence goes back to the model, the writer looks for the passages of the prompt
that the sentence restates: passages in the sentence's language that contain at least
``MIN_COVERAGE`` of its content words (whole words, lowercased; two words of six letters or more
also match when their first six letters agree: "Brückenpfeil"/"Brückenpfeiler"). A sentence needs
``MIN_WORDS`` content words for this. At most two passages are cited, best first.

Matching is deliberately narrow: only a near-copy is re-cited, never a sentence that merely shares
a name or a word stem with a passage, because the best lexical match for a free sentence is also the
passage most likely to mislead a lexical verifier. The sentence's text is not changed, and the
verifier decides on the new citations like on any others: matching proposes evidence, it never
passes a sentence.
"""

from __future__ import annotations

from newsdesk.lang.words import LETTERS, stopwords
from newsdesk.models import Citation
from newsdesk.write.packing import Context, Numbered

MIN_COVERAGE = 0.7
MIN_WORDS = 3
PREFIX = 6


def content_words(text: str) -> set[str]:
    """Lowercased words of three letters or more that are not stop words."""
    stop = stopwords()
    return {w for w in (m.group().lower() for m in LETTERS.finditer(text)) if w not in stop}


def _covered(word: str, words: set[str], prefixes: set[str]) -> bool:
    return word in words or (len(word) >= PREFIX and word[:PREFIX] in prefixes)


def matching_passages(text: str, context: Context, language: str = "de") -> list[Numbered]:
    """The passages of ``context`` that ``text`` restates (see the module docstring), best first."""
    wanted = content_words(text)
    if len(wanted) < MIN_WORDS:
        return []
    found: list[tuple[float, Numbered]] = []
    for item in context.passages:
        if item.unit.language != language:
            continue
        words = content_words(item.unit.core)
        prefixes = {w[:PREFIX] for w in words if len(w) >= PREFIX}
        coverage = sum(_covered(w, words, prefixes) for w in wanted) / len(wanted)
        if coverage >= MIN_COVERAGE:
            found.append((coverage, item))
    found.sort(key=lambda pair: (-pair[0], pair[1].number))
    return [item for _, item in found[:2]]


def citations_for(text: str, context: Context, language: str = "de") -> list[Citation]:
    """:func:`matching_passages` as citations (document, passage, passage text)."""
    return [
        Citation(item.unit.passage.document_id, item.unit.passage.index, item.unit.core)
        for item in matching_passages(text, context, language)
    ]
