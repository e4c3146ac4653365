"""Text helpers shared by the checks: word lists, tokens, quote normalisation, a cheap language guess.

The word lists live in ``newsdesk/data/verify.toml`` and are read on first use. Tokens are lowercase
words; :func:`stem` cuts German and English inflection endings crudely (enough for overlap scores and
headline coverage, not a lemmatiser).
"""

from __future__ import annotations

import functools
import re
import tomllib
import unicodedata
from dataclasses import dataclass
from importlib import resources

_WORD = re.compile(r"[^\W_]+(?:[-'’][^\W_]+)*")
_QUOTE_CHARS = str.maketrans(
    {
        "„": '"',
        "“": '"',
        "”": '"',
        "‟": '"',
        "»": '"',
        "«": '"',
        "‚": "'",
        "‘": "'",
        "’": "'",
        "‹": "'",
        "›": "'",
        "–": "-",
        "—": "-",
        "\u00a0": " ",
        "\u00ad": "",
    }
)
_ENDINGS = ("ungen", "ern", "en", "em", "er", "es", "e", "s", "n")


@dataclass(frozen=True)
class Words:
    stopwords: frozenset[str]
    negators: frozenset[str]
    cues: frozenset[str]
    ambiguous: frozenset[str]
    demonstratives: frozenset[str]
    filler: frozenset[str]
    superlative_exceptions: frozenset[str]
    german_markers: frozenset[str]
    english_markers: frozenset[str]
    sensational: dict[str, tuple[str, ...]]


@functools.cache
def words() -> Words:
    """The verifier's word lists (``newsdesk/data/verify.toml``), loaded once."""
    data = tomllib.loads(resources.files("newsdesk.data").joinpath("verify.toml").read_text("utf-8"))
    lists = {
        name: frozenset(str(w).lower() for w in data[name])
        for name in (
            "stopwords",
            "negators",
            "cues",
            "ambiguous",
            "demonstratives",
            "filler",
            "superlative_exceptions",
            "german_markers",
            "english_markers",
        )
    }
    sensational = {key: tuple(v) for key, v in data["sensational"].items()}
    return Words(**lists, sensational=sensational)


def normalize(text: str) -> str:
    """NFC, typographic quotes/dashes → ASCII, whitespace collapsed (for verbatim comparisons)."""
    text = unicodedata.normalize("NFC", text).translate(_QUOTE_CHARS)
    return " ".join(text.split())


def tokens(text: str) -> list[str]:
    """Lowercase word tokens."""
    return [m.group().lower() for m in _WORD.finditer(normalize(text))]


def stem(word: str) -> str:
    """A crude German/English stem: lowercase, umlauts folded, common endings cut (min. 4 letters)."""
    word = word.lower().replace("ä", "a").replace("ö", "o").replace("ü", "u").replace("ß", "ss")
    for ending in _ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= 4:
            return word[: -len(ending)]
    return word


def content_stems(text: str) -> list[str]:
    """Stems of the words that are not stop words (numbers kept)."""
    stop = words().stopwords
    return [stem(t) for t in tokens(text) if t not in stop and len(t) > 1]


def overlap(claim: str, evidence: str) -> float:
    """Share of the claim's content stems found in the evidence (prefix match of 5+ letters counts)."""
    wanted = set(content_stems(claim))
    if not wanted:
        return 0.0
    have = set(content_stems(evidence))
    prefixes = {h[:5] for h in have if len(h) >= 5}
    hits = sum(1 for w in wanted if w in have or (len(w) >= 5 and w[:5] in prefixes))
    return hits / len(wanted)


def guess_language(text: str, default: str = "de") -> str:
    """ "de" or "en" by function words; ``default`` when neither wins (short or other-language text)."""
    toks, w = tokens(text), words()
    german = sum(t in w.german_markers for t in toks) + sum(ch in "äöüß" for ch in text.lower())
    english = sum(t in w.english_markers for t in toks)
    if german == english:
        return default
    return "de" if german > english else "en"


def base_language(language: str | None) -> str:
    """ "de-AT" → "de"; empty → ""."""
    return (language or "").split("-")[0].split("_")[0].lower()
