"""The one lexical toolkit: words, stop words, lemmas, synonyms and word overlap, for every stage.

* :func:`tokens` — lowercase words of a text (hyphenated and apostrophe words kept whole);
  :func:`normalize` — NFC, typographic quotes and dashes as ASCII, whitespace collapsed.
* :func:`stopwords` / :func:`light_words` — German and English function words, and content-poor
  words (reporting verbs, "rund", "weitere") that neither make a claim nor tell claims apart.
* :func:`lemma` — HanTa's lemma of one word, lowercased ("gewann" → "gewinnen", "won" → "win",
  "Soldatinnen" → "soldat": a German feminine noun in -in/-innen counts as its base form), cached
  per word. :func:`same_word` compares two lemmas: equal, in one synonym group (data, German and
  English together: "Soldat" = "soldier"), or one a German compound ending in the other
  ("Einsatzkräfte" ~ "Kräfte"; never a prefix: "Stadtfest" ≠ "Stadt").
* :func:`content_lemmas` joins a German separable verb with its particle at the end of the main
  clause ("kam … zusammen" → "zusammenkommen", "lehnten … ab" → "ablehnen"), as HanTa lemmatises
  the joined forms ("zusammengekommen" → "zusammenkommen").
* :func:`distinct_words` — a text's content words once each (for telling stories apart).
* :func:`overlap` — the share of a claim's content words that a text carries, by :func:`same_word`.
* :func:`stem` — a crude stem (endings cut) for BM25 ranking only; matching uses lemmas.

The word lists are ``newsdesk/data/words.toml``, read on first use. The one language guesser is
:func:`newsdesk.ingest.langid.guess_language`.
"""

from __future__ import annotations

import functools
import re
import tomllib
import unicodedata
from collections.abc import Iterable
from importlib import resources
from typing import Any

from newsdesk.lang.tagger import ENGLISH, GERMAN, tagger

__all__ = [
    "LETTERS",
    "WORD",
    "analyze",
    "base_language",
    "can_be_noun",
    "carried",
    "content_lemmas",
    "content_stems",
    "content_words",
    "distinct_words",
    "implied_by",
    "is_verb",
    "lemma",
    "light_words",
    "marker_vote",
    "markers",
    "normalize",
    "overlap",
    "particle_verbs",
    "same_word",
    "separable_particles",
    "stem",
    "stopwords",
    "synonym_keys",
    "tokens",
]

WORD = re.compile(r"[^\W_]+(?:[-'’][^\W_]+)*")
LETTERS = re.compile(r"[^\W\d_]{3,}")  # words of three letters or more, no digits
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
_MODELS = {"de": GERMAN, "en": ENGLISH}
MIN_HEAD = 4  # letters of a compound's head that may stand for the compound


@functools.cache
def _data() -> dict[str, Any]:
    return tomllib.loads(resources.files("newsdesk.data").joinpath("words.toml").read_text("utf-8"))


@functools.cache
def stopwords() -> frozenset[str]:
    """German and English function words (lowercase)."""
    return frozenset(_data()["stopwords"].split())


@functools.cache
def light_words() -> frozenset[str]:
    """Content-poor words: reporting verbs (as lemmas), hedges, "weitere" (lowercase)."""
    return frozenset(_data()["light"].split())


@functools.cache
def separable_particles() -> frozenset[str]:
    """German verb particles that may close a main clause ("an", "zusammen", "zurück")."""
    return frozenset(_data()["separable"].split())


_CLAUSE_END = re.compile(r"[,;:.!?]|\s-\s|\s(?:und|oder|aber|sondern|denn)\s")


def particle_verbs(text: str, language: str = "de") -> dict[int, str]:
    """German separable verbs split across their clause: token index of the finite verb → the
    joined infinitive ("Am Montag kam sie mit dem Landrat zusammen" → {2: "zusammenkommen"}); the
    particle's index maps to "" (it belongs to the verb). Other languages: {}."""
    if base_language(language) not in ("de", ""):
        return {}
    text = normalize(text)
    found: dict[int, str] = {}
    index, start = 0, 0
    for end in [m.start() for m in _CLAUSE_END.finditer(text)] + [len(text)]:
        words = [m.group() for m in WORD.finditer(text[start:end])]
        last = words[-1].lower() if words else ""
        if len(words) >= 3 and last in separable_particles():
            for i, word in enumerate(words[:-1]):
                if word[:1].islower() and analyze(word, "de")[1] == "VV(FIN)":
                    found[index + i] = last + lemma(word, "de")
                    found[index + len(words) - 1] = ""
                    break
        index += len(words)
        start = end
    return found


@functools.cache
def _synonyms() -> dict[str, frozenset[str]]:
    groups: dict[str, set[str]] = {}
    for group in _data()["synonyms"]["groups"]:
        key = group[0].lower()
        for word in group:
            groups.setdefault(word.lower(), set()).add(key)
    return {word: frozenset(keys) for word, keys in groups.items()}


@functools.cache
def markers() -> dict[str, frozenset[str]]:
    """Function words by language ("de", "en") that tell the languages apart in a short text."""
    return {lang: frozenset(words) for lang, words in _data()["markers"].items()}


def marker_vote(text: str) -> dict[str, int]:
    """How many function words of each language (:func:`markers`) ``text`` has."""
    toks = tokens(text)
    return {lang: sum(t in found for t in toks) for lang, found in markers().items()}


def synonym_keys(word: str) -> frozenset[str]:
    """The synonym groups of a lemma (itself when it is in none)."""
    return _synonyms().get(word, frozenset({word}))


def normalize(text: str) -> str:
    """NFC, typographic quotes/dashes → ASCII, whitespace collapsed (for verbatim comparisons)."""
    text = unicodedata.normalize("NFC", text).translate(_QUOTE_CHARS)
    return " ".join(text.split())


def tokens(text: str) -> list[str]:
    """Lowercase word tokens."""
    return [m.group().lower() for m in WORD.finditer(normalize(text))]


def stem(word: str) -> str:
    """A crude German/English stem for ranking (BM25): lowercase, umlauts folded, endings cut."""
    word = word.lower().replace("ä", "a").replace("ö", "o").replace("ü", "u").replace("ß", "ss")
    for ending in _ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= 4:
            return word[: -len(ending)]
    return word


def base_language(language: str | None) -> str:
    """ "de-AT" → "de"; empty → ""."""
    return (language or "").split("-")[0].split("_")[0].lower()


@functools.lru_cache(maxsize=65536)
def analyze(word: str, language: str = "de") -> tuple[str, str]:
    """(lemma, STTS/Penn-like tag) of one word out of context, HanTa's best reading; the lemma is
    lowercased, German feminine nouns in -in/-innen as their base. Odd input: (word, "")."""
    if not word or not word[0].isalpha() or len(word) > 40:
        return word.lower(), ""
    model = _MODELS.get(base_language(language), _MODELS["de"])
    try:
        found, tag = tagger(model).analyze(word)
    except (ValueError, KeyError, IndexError, TypeError):  # HanTa on odd input: the word itself
        return word.lower(), ""
    result = str(found).lower()
    if model == _MODELS["de"] and str(tag).startswith("NN") and result.endswith("in") and len(result) > 6:
        base = result[:-2]
        if base.endswith(("er", "at", "ist", "ent", "ant", "eur", "or", "ar", "af", "ot")):
            result = base  # Ministerin → minister, Soldatin → soldat, Präsidentin → präsident
    return result, str(tag)


def lemma(word: str, language: str = "de") -> str:
    """The lowercased lemma of one word (see :func:`analyze`)."""
    return analyze(word, language)[0]


@functools.lru_cache(maxsize=8192)
def can_be_noun(word: str) -> bool:
    """Whether HanTa's German model reads ``word`` as a common noun among its three best tags
    ("Bad": a name or a noun)."""
    try:
        tags = tagger(_MODELS["de"]).tag_word(word)[:3]
    except (ValueError, KeyError, IndexError, TypeError):
        return False
    return any(str(tag).startswith("NN") for tag, _ in tags)


def is_verb(word: str, language: str = "de") -> bool:
    """Whether HanTa reads ``word`` as a full verb form out of context."""
    return analyze(word, language)[1].startswith("VV")


def content_words(text: str) -> list[str]:
    """Lowercase tokens that are not stop words (numbers kept)."""
    stop = stopwords()
    return [t for t in tokens(text) if t not in stop and len(t) > 1]


def distinct_words(text: str, min_letters: int = 5) -> list[str]:
    """The content words of ``text`` of ``min_letters`` letters or more (no stop or light words, no
    numbers), lowercased, umlauts and ß folded, once each, sorted: what a story's reports share in
    words ("Badeverbot", "Badmeister", "Kolibakterien"; :func:`newsdesk.stories.choose.word_likeness`)."""
    light = light_words()
    words = content_words(text)
    kept = (t for t in words if len(t) >= min_letters and t not in light and not any(c.isdigit() for c in t))
    return sorted({_fold(t) for t in kept})


def content_stems(text: str) -> list[str]:
    """Crude stems (:func:`stem`) of the content words, for ranking."""
    return [stem(t) for t in content_words(text)]


def content_lemmas(text: str, language: str = "de", *, light: bool = True) -> list[str]:
    """Lemmas of the words of ``text`` that are neither stop words nor digits (``light=False``:
    without the content-poor words either)."""
    stop, skip = stopwords(), light_words()
    joined = particle_verbs(text, language)
    found = []
    for index, token in enumerate(tokens(text)):
        if index in joined and not joined[index]:
            continue  # the particle of a separable verb
        if token in stop or len(token) < 2 or not token[0].isalpha():
            continue
        word = joined.get(index) or lemma(token, language)
        if word in stop or (not light and (word in skip or token in skip)):
            continue
        found.append(word)
    return found


def _fold(word: str) -> str:
    return word.replace("ä", "a").replace("ö", "o").replace("ü", "u").replace("ß", "ss").replace("-", "")


def same_word(a: str, b: str) -> bool:
    """Whether two lemmas say the same: equal, synonyms, or a compound and its head (see above)."""
    if a == b:
        return True
    if synonym_keys(a) & synonym_keys(b):
        return True
    if "-" in a or "-" in b:  # "US-Sanktionen" ~ "Sanktionen", "sanctions"
        return same_word(a.rsplit("-", 1)[-1], b.rsplit("-", 1)[-1])
    fa, fb = _fold(a), _fold(b)
    if fa == fb or (len(fa) >= 5 and len(fb) >= 5 and stem(fa) == stem(fb)):
        return True  # lemmas HanTa reads differently out of context ("bedingte"/"bedingter")
    for x, y in ((fa, fb), (fb, fa)):
        if len(x) >= 6 and x.endswith("t") and y == x[:-1] + "en":
            return True  # an adjective from a participle and its verb ("bedingt" / "bedingen")
    short, long = (fa, fb) if len(fa) <= len(fb) else (fb, fa)
    return len(short) >= MIN_HEAD and long.endswith(short) and len(long) - len(short) >= 3


@functools.cache
def _implied() -> dict[str, frozenset[str]]:
    return {k.lower(): frozenset(w.lower() for w in v) for k, v in _data().get("implied", {}).items()}


def implied_by(word: str) -> frozenset[str]:
    """The lemmas with which a passage carries the claim word ``word`` one way (data: ``[implied]``
    in ``words.toml``: "verurteilen" ← "haft", "schuldspruch"; "abweisen" ← "scheitern")."""
    return _implied().get(word, frozenset())


def carried(word: str, have: Iterable[str]) -> str | None:
    """The word of ``have`` that carries lemma ``word`` (:func:`same_word`, or one-way by
    :func:`implied_by`), if any."""
    have = list(have)
    found = next((h for h in have if same_word(word, h)), None)
    if found is None and (implied := implied_by(word)):
        found = next((h for h in have if h in implied), None)
    return found


def overlap(claim: str, evidence: str, language: str = "de", evidence_language: str | None = None) -> float:
    """Share of the claim's content lemmas that ``evidence`` carries (whole words, synonyms,
    compound heads; never a five-letter prefix)."""
    wanted = set(content_lemmas(claim, language))
    if not wanted:
        return 0.0
    have = set(content_lemmas(evidence, evidence_language or language))
    return sum(1 for w in wanted if w in have or carried(w, have)) / len(wanted)
