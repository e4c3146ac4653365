"""newsdesk's own headline and sub-headline for an extractive article.

**Headline.** Composed from the lead (or, failing that, the next key facts) by rules over HanTa's
tags: the main clause's subject, its verb in the present tense, and what the clause says about
the key number, the object and the place; the time ("am Dienstagmorgen"), attributions ("nach
Angaben …"), parentheses, adverbs and a second coordinated clause are left out, articles at the
start of the subject and indefinite ones are dropped, as headlines do::

    Die Donau hat in Passau am Dienstagmorgen einen Pegelstand von 10,62 Metern erreicht und …
    → Donau erreicht in Passau Pegelstand von 10,62 Metern

Perfect and past become present ("haben sich … verständigt" → "verständigen sich"; separable verbs
split: "hatte … ausgerufen" → "ruft … aus"); passives and modals keep their verb at the end
("wird … evakuiert", "sollen … in Kraft treten"). Forms come from ``data/verbs.toml`` and the
regular rules. Constituents are dropped from the least important (a plain prepositional phrase)
up until the headline fits ``headline_max_chars`` (at most 80). A headline qualifies when it has a
subject and a verb, every name and number in it is in the body, and it is not a source's title
(nor nearly one: 80 % of its words in the same order). The writer has the verifier check it
against the lead's passages and takes the next candidate if it is not supported.

**Sub-headline.** The best supported key fact that is not the lead: a sentence that stands alone
(no reference back, no quote), says something the headline does not (at most half of its words
shared), and is about the dateline's place or no place in particular; never debris.
"""

from __future__ import annotations

import functools
import re
import tomllib
from collections.abc import Sequence
from importlib import resources
from typing import Any

from newsdesk.lang.entities import extract_entities
from newsdesk.lang.quantities import quantity_keys
from newsdesk.lang.tagger import GERMAN, tagger
from newsdesk.lang.words import tokens as words_of
from newsdesk.write.evidence import stems

MAX_CHARS = 80
_TOKEN = re.compile(r"\d+\.(?= [^\W\d_])|\d+(?:[.,:]\d+)*|[\w\-]+|[^\w\s]")
_TIME = re.compile(
    r"(montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonntag|morgen|abend|mittag|nacht|uhr|heute|gestern"
    r"|januar|februar|märz|april|mai|juni|juli|august|september|oktober|november|dezember|wochenende|woche"
    r"|stunden|minuten|tage)",
    re.IGNORECASE,
)
_MONTH = re.compile(
    r"^(januar|februar|märz|april|mai|juni|juli|august|september|oktober|november|dezember)$", re.I
)
_ATTRIBUTION = re.compile(
    r"^(nach Angaben|laut|zufolge|übereinstimmenden|nach Berechnungen|nach Schätzungen)", re.I
)
_PLACE_PREP = frozenset({"in", "im", "bei", "aus", "an", "am"})
_KEEP_ADVERBS = frozenset({"nicht", "nie", "erstmals", "erneut", "wieder", "rund", "etwa", "fast", "knapp"})
_STOP_AT = frozenset({",", ";", ":", "–", ".", "!", "?", "„", "“"})


@functools.cache
def _verbs() -> dict[str, Any]:
    return tomllib.loads(resources.files("newsdesk.data").joinpath("verbs.toml").read_text("utf-8"))


def present(lemma: str, plural: bool) -> tuple[str, str]:
    """(finite verb, separated particle) of ``lemma`` in the third person present."""
    table = _verbs()
    if plural:
        return table["plural"].get(lemma, lemma), ""
    if lemma in table["singular"]:
        return table["singular"][lemma], ""
    for key, form in table["singular"].items():
        if len(key) >= 5 and lemma.endswith(key) and " " not in form:
            return lemma[: -len(key)] + form, ""
    stem = lemma[:-2] if lemma.endswith("en") else lemma[:-1] if lemma.endswith("n") else lemma
    if stem.endswith(("t", "d")) or re.search(r"(?:[^aeiouäöülrhmn]|(?<=c)h)[mn]$", stem):
        return stem + "et", ""
    return stem + "t", ""


def _separable(participle: str, lemma: str) -> tuple[str, str]:
    """("kündigen", "an") for "angekündigt"/"ankündigen"; (lemma, "") for inseparable verbs."""
    for particle in sorted(_verbs()["separable"]["particles"], key=len, reverse=True):
        if lemma.startswith(particle) and participle.lower().startswith(particle + "ge"):
            return lemma[len(particle) :], particle
    return lemma, ""


@functools.lru_cache(maxsize=1024)
def _tagged(text: str) -> tuple[tuple[str, str, str], ...]:
    words = _TOKEN.findall(text)
    if not words:
        return ()
    return tuple((w, str(lemma), str(tag)) for w, lemma, tag in tagger(GERMAN).tag_sent(words, taglevel=1))


def _without_parentheses(tagged: Sequence[tuple[str, str, str]]) -> list[tuple[str, str, str]]:
    result, depth = [], 0
    for item in tagged:
        if item[0] == "(":
            depth += 1
        elif item[0] == ")":
            depth = max(0, depth - 1)
        elif depth == 0:
            result.append(item)
    return result


def _chunks(middle: list[tuple[str, str, str]]) -> list[list[tuple[str, str, str]]]:
    """Constituents of the middle field: a new one starts at a preposition, an adverb, or an article
    or number that follows a noun (not after "und")."""
    chunks: list[list[tuple[str, str, str]]] = []
    for item in middle:
        tag = item[2]
        starts = (
            not chunks
            or tag in ("APPR", "APPRART", "ADV", "PTKNEG", "PRF")
            or (tag in ("ART", "CARD", "PPOSAT", "PIAT") and chunks[-1][-1][2] in ("NN", "NE", "NNA", "CARD"))
        )
        if chunks and chunks[-1][-1][2] in ("KON", "APPR", "APPRART", "ART", "PIAT", "KOKOM"):
            starts = False
        if chunks and chunks[-1][-1][0] in ("bis", "von") and tag in ("APPR", "ADV", "CARD"):
            starts = False
        if (
            chunks
            and tag == "ART"
            and item[0] in ("des", "der", "eines", "einer")
            and chunks[-1][-1][2] in ("NN", "NE", "NNA")
        ):
            starts = False  # a genitive attribute: "ins Tor des FC Chelsea"
        if chunks and tag == "CARD" and _MONTH.search(chunks[-1][-1][0]):
            starts = False  # "zum 1. März 2026"
        if chunks and item[0] == "von" and chunks[-1][-1][2] in ("NN", "NE", "NNA"):
            starts = False  # a "von" attribute: "Pegelstand von 10,62 Metern"
        if (
            chunks
            and tag == "CARD"
            and chunks[-1][-1][2] == "ADV"
            and chunks[-1][-1][0].lower() in _KEEP_ADVERBS
        ):
            starts = False  # "rund 620"
        if starts:
            chunks.append([item])
        else:
            chunks[-1].append(item)
    return chunks


def _priority(chunk: list[tuple[str, str, str]]) -> int:
    """0: leave out; 1: plain phrase; 2: place; 3: number or object."""
    words = [w for w, _, _ in chunk]
    tags = [t for _, _, t in chunk]
    text = " ".join(words)
    if tags[0] == "ADV" and len(chunk) == 1:
        return 2 if words[0].lower() in _KEEP_ADVERBS else 0
    if _ATTRIBUTION.search(text) or any(w.lower() == "zufolge" for w in words):
        return 0
    if any(_MONTH.search(w) for w in words):
        return 1  # a date: kept when there is room
    if tags[0] in ("APPR", "APPRART") and any(_TIME.search(w) for w in words[1:]):
        return 0
    if "CARD" in tags:
        return 3
    if tags[0] in ("APPR", "APPRART") and words[0].lower() in _PLACE_PREP and "NE" in tags:
        return 2
    if tags[0] not in ("APPR", "APPRART"):
        return 3
    return 1


def _clause(tagged: list[tuple[str, str, str]]) -> tuple[int, int] | None:
    """(index of the finite verb, end of the first main clause) or None."""
    finite = next((i for i, (_, _, t) in enumerate(tagged) if "FIN" in t), None)
    if finite is None or finite == 0 or finite > 10:
        return None
    if any(w in _STOP_AT for w, _, _ in tagged[:finite]) or tagged[0][2] in ("KOUS", "PWAV", "PWS", "KON"):
        return None
    end = next((i for i in range(finite + 1, len(tagged)) if tagged[i][0] in _STOP_AT), len(tagged))
    for index in range(finite + 1, end):
        if tagged[index][2] == "KON" and tagged[index][0] in ("und", "sowie", "doch", "aber", "sondern"):
            before = [t for _, _, t in tagged[finite + 1 : index]]
            after = [t for _, _, t in tagged[index + 1 : end]]
            if any("FIN" in t for t in after) or (
                any(t.endswith(("(PP)", "(INF)")) for t in before)
                and any(t.endswith(("(PP)", "(INF)")) for t in after)
            ):
                return finite, index
    return finite, end


def _nominal(tag: str) -> bool:
    return tag in ("ART", "NN", "NE", "NNA", "PIAT", "CARD", "PPOSAT", "PDAT") or tag.startswith("ADJ")


def _subject_like(words: Sequence[tuple[str, str, str]]) -> bool:
    """A noun phrase that can be a subject: nominal from its start ("Rund 620 Menschen" too), with a
    noun or name in it (a capitalised adjective at its end is one: "Unbekannte"), no preposition in
    front, no pronoun."""
    last = words[-1] if words else ("", "", "")
    noun = any(t in ("NN", "NE", "NNA") for _, _, t in words) or (
        last[2].startswith("ADJ") and last[0][:1].isupper()
    )
    if not words or not noun:
        return False
    first = words[0]
    if first[2] == "ADV" and not (
        first[0].lower() in _KEEP_ADVERBS and len(words) > 1 and words[1][2] == "CARD"
    ):
        return False
    allowed = ("KON", "APPR", "APPRART", "KOKOM", "ADV")
    return (_nominal(first[2]) or first[2] == "ADV") and all(_nominal(t) or t in allowed for _, _, t in words)


def compose(text: str, max_chars: int = MAX_CHARS) -> str:
    """A present-tense headline from a German sentence, or "" (see the module docstring)."""
    tagged = _without_parentheses(_tagged(text))
    found = _clause(tagged)
    if found is None:
        return ""
    finite, end = found
    prefield, clause = tagged[:finite], tagged[finite + 1 : end]
    if any(t.endswith(("(PP)", "(INF)")) for _, _, t in prefield):
        return ""  # "Gestohlen wurden vier Gemälde …": the verb leads, no subject can
    bracket: list[tuple[str, str, str]] = []
    while clause and (clause[-1][2].startswith(("VV(", "VA(", "VM(")) or clause[-1][2] in ("PTKVZ", "PTKZU")):
        bracket.insert(0, clause.pop())
    reflexive = []
    while clause and clause[0][2] in ("PRF",):
        reflexive.append(clause.pop(0))
    word, lemma, tag = tagged[finite]
    plural = word.endswith("en") or word in ("sind", "waren")
    subject: list[tuple[str, str, str]]
    extra: list[list[tuple[str, str, str]]] = []
    chunks = _chunks(clause)
    if _subject_like(prefield):
        subject = prefield
    else:
        if prefield and prefield[0][2] in ("APPR", "APPRART") and _priority(prefield) == 2:
            extra.append([(prefield[0][0].lower(), *prefield[0][1:]), *prefield[1:]])
        position = next((i for i, c in enumerate(chunks) if _subject_like(c)), None)
        if position is None:
            return ""
        subject = chunks.pop(position)
    tail: list[str] = []
    participles = [b for b in bracket if b[2].endswith("(PP)")]
    passive = participles and (lemma == "werden" or (lemma == "sein" and bracket[-1][1] == "werden"))
    if passive or (participles and lemma == "sein" and len(bracket) == 1):
        verb, tail = "", [participles[0][0]]  # "Lagerhalle … zerstört", "Regionalzug … entgleist"
    elif participles and lemma in ("haben", "sein") and len(bracket) == 1:
        base, particle = _separable(participles[0][0], participles[0][1])
        verb, _ = present(base, plural)
        tail = [particle] if particle else []
    elif tag.startswith("VV"):
        verb, _ = present(lemma, plural)
        tail = [w for w, _, _ in bracket]
    else:
        verb, _ = present(lemma, plural)
        tail = [w for w, _, _ in bracket]
    chunks = extra + chunks
    kept = [(c, _priority(c)) for c in chunks]
    kept = [(c, p) for c, p in kept if p > 0]
    subject_words = _subject_words(subject)
    while True:
        words = subject_words + ([verb] if verb else []) + [w for w, _, _ in reflexive]
        for chunk, _ in kept:
            words += _chunk_words(chunk)
        words += tail
        headline = _join(words)
        if len(headline) <= max_chars or not kept:
            break
        weakest = min(range(len(kept)), key=lambda i: (kept[i][1], -i))
        if kept[weakest][1] >= 3:
            lighter = [(_lighten(chunk), priority) for chunk, priority in kept]
            if lighter == kept:
                return ""
            kept = lighter
            continue
        kept.pop(weakest)
    if len(headline) > max_chars or len(words) < 3 or (chunks and not kept and not tail):
        return ""  # too long, too short, or the verb without anything it says about the subject
    if any(t in ("PPER", "PPOSAT", "PDS", "PRELS") for chunk, _ in kept for _, _, t in chunk) or any(
        t in ("PPER", "PPOSAT", "PDS") for _, _, t in subject
    ):
        return ""  # a pronoun points to something the headline does not say
    return headline[:1].upper() + headline[1:]


def _lighten(chunk: list[tuple[str, str, str]]) -> list[tuple[str, str, str]]:
    """A noun phrase without its embedded attribute: "den seit eineinhalb Jahren inhaftierten
    US-Bürger" → "den US-Bürger"."""
    if chunk[0][2] != "ART":
        return chunk
    for start in range(1, len(chunk)):
        if chunk[start][2] != "APPR":
            continue
        for end in range(start + 1, len(chunk) - 1):
            if chunk[end][2].startswith("ADJ") and chunk[end + 1][2] in ("NN", "NE", "NNA"):
                return chunk[:start] + chunk[end + 1 :]
    return chunk


def _subject_words(subject: list[tuple[str, str, str]]) -> list[str]:
    words = list(subject)
    if words and words[0][2] == "ART":
        words = words[1:]
    if any(t == "NE" for _, _, t in words):  # "eingewechselte Johanna Brucker" → "Johanna Brucker"
        while words and words[0][2].startswith("ADJ"):
            words = words[1:]
    return [w for w, _, _ in words]


def _chunk_words(chunk: list[tuple[str, str, str]]) -> list[str]:
    if chunk[0][2] == "ART" and chunk[0][1] == "ein":
        chunk = chunk[1:]  # "einen Pegelstand" → "Pegelstand"
    return [w for w, _, _ in chunk]


def _join(words: list[str]) -> str:
    text = " ".join(w for w in words if w)
    return re.sub(r"\s+([,.])", r"\1", text)


def copies_title(headline: str, titles: Sequence[str]) -> bool:
    """Whether ``headline`` is a source's title or nearly one (80 % of its words, in order)."""
    mine = words_of(headline)
    for title in titles:
        theirs = words_of(title)
        if not mine or not theirs:
            continue
        if mine == theirs:
            return True
        common = _common_subsequence(mine, theirs)
        if common >= 0.8 * len(mine) and common >= 0.6 * len(theirs):
            return True
    return False


def _common_subsequence(a: list[str], b: list[str]) -> int:
    previous = [0] * (len(b) + 1)
    for x in a:
        current = [0]
        for j, y in enumerate(b, 1):
            current.append(previous[j - 1] + 1 if x == y else max(previous[j], current[-1]))
        previous = current
    return previous[-1]


def in_body(headline: str, body: str, language: str = "de") -> bool:
    """Whether every number and name of the headline is in the body text."""
    if not quantity_keys(headline, language) <= quantity_keys(body, language):
        return False
    folded = body.casefold()
    for entity in extract_entities(headline, language):
        for word in re.findall(r"[^\W\d_]{3,}", entity.text):
            if word.casefold()[:4] not in folded:
                return False
    return True


def repeats(sentence: str, other: str, share: float = 0.5) -> bool:
    """Whether ``sentence`` and ``other`` say mostly the same: more than ``share`` of the shorter
    one's word stems are in the other."""
    mine, theirs = set(stems(sentence)), set(stems(other))
    smaller = min(len(mine), len(theirs))
    return smaller > 0 and len(mine & theirs) / smaller > share
