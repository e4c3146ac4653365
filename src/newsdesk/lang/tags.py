"""Which of a story's names are worth showing as its tags.

The stories stage keeps every name its extractor found (clustering needs them); a tag list shows
the few that tell an editor what the story is about. :func:`display_tags` drops, from names in
order of importance:

* function words, dates, titles and nationality words that the extractor took for names at the
  start of a sentence ("About", "Montag", "Bavarian", "Christian Democrat") — the word lists of
  ``newsdesk/data/exonyms.toml``, and single English words in -ian/-ean/-ese/-ish that name no
  place or group the exonym table knows;
* fragments: fewer than three letters unless an acronym ("Fo", but "EU");
* a given name or a surname alone when the full name is also a tag ("Annette" beside
  "Annette Kallweit"), unless the single word is a place or group of its own ("Bayern" beside
  "FC Bayern").
"""

from __future__ import annotations

import re

from newsdesk.lang.exonyms import fold, is_acronym, lexicon, same_entity

_ADJECTIVE = re.compile(r"^[A-Z][a-z]+(?:ian|ean|ese|ish)$")
_NOT_NAMES = ("stop", "dates", "titles", "modifiers", "demonyms", "small", "prefixes")


def _not_a_name(tag: str) -> bool:
    lex = lexicon()
    words = tag.split()
    folded = [fold(w) for w in words]
    if all(any(f in lex.words[name] for name in _NOT_NAMES) for f in folded):
        return True
    if fold(tag) in lex.words["demonyms"] or fold(words[0]) in lex.words["demonyms"]:
        return True
    if len(words) == 1 and _ADJECTIVE.match(tag) and lex.lookup(folded[0]) is None:
        return True
    letters = sum(ch.isalpha() for ch in tag)
    return letters < 3 and not is_acronym(tag)


def _part_of(tag: str, others: list[str]) -> bool:
    """A one-word tag that is a word of a longer tag naming the same person."""
    if len(tag.split()) != 1 or lexicon().lookup(fold(tag)) is not None:
        return False
    for other in others:
        words = other.split()
        if len(words) > 1 and (tag in words or same_entity(tag, other)):
            return True
    return False


def display_tags(names: list[str], limit: int = 8) -> list[str]:
    """``names`` (most important first) without the noise described in the module docstring."""
    kept = [n for n in dict.fromkeys(" ".join(n.split()) for n in names) if n and not _not_a_name(n)]
    return [n for n in kept if not _part_of(n, kept)][:limit]
