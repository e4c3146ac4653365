"""HanTa, the tagger the name finder and the writer ask about German and English words, and the
word tests built on it: is a word known, a name, one stem? Loaded on first use, not at import
time."""

from __future__ import annotations

import functools
from typing import Any

__all__ = [
    "ENGLISH",
    "GERMAN",
    "RARE_BELOW",
    "UNKNOWN_BELOW",
    "one_stem",
    "tagger",
    "top_logprob",
    "top_tag",
]

GERMAN, ENGLISH = "morphmodel_ger.pgz", "morphmodel_en.pgz"


@functools.cache
def tagger(model: str) -> Any:
    """A HanTa tagger (German about 0.2 s to load, English 0.1 s)."""
    from HanTa import HanoverTagger

    return HanoverTagger.HanoverTagger(model)


@functools.lru_cache(maxsize=8192)
def top_tag(word: str, model: str) -> str:
    """HanTa's most likely tag for a word out of context ("Trump" → NE; "Thieves" → NN2)."""
    return str(tagger(model).tag_word(word)[0][0])


# HanTa's log-probability of its best tag for a word it knows is about −8 to −15 ("Gefahr",
# "Häuser", "Brandstiftung"); for a word it has never seen, about −20 to −35 ("Hinterfarnern").
UNKNOWN_BELOW = -18.0
RARE_BELOW = -12.0


@functools.lru_cache(maxsize=8192)
def top_logprob(word: str) -> float:
    """HanTa's German log-probability of a word's most likely tag out of context."""
    return float(tagger(GERMAN).tag_word(word)[0][1])


@functools.lru_cache(maxsize=8192)
def one_stem(word: str) -> bool:
    """Is a German word a single stem to HanTa's morphology, not a compound of known words? A
    rare compound ("Turnhallen", "Eigenverwaltung", "Feuerwerkslager") is turn+halle,
    ei+gen+verwaltung; an unknown place name ("Hinterfarnern", "Oberwesel") is one stem."""
    morphemes = tagger(GERMAN).analyze(word, taglevel=3)[1]
    return sum(1 for _, tag in morphemes if not tag.startswith(("SUF", "FUGE", "PRE"))) == 1
