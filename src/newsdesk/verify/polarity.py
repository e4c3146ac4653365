"""Relations and polarity: the claim says the opposite of its passage.

Both checks compare a clause of the claim with the clause of the passage that says the same thing
(the one sharing the most words, names and numbers with it; clauses as in
:mod:`newsdesk.verify.slots`), so that a "no" elsewhere in the passage, or an opposite word about
something else, does not count.

* **antonyms** (finding kind ``relation``): opposing predicates and directions as lemmas, German and
  English together (``newsdesk/data/relations.toml``, several hundred pairs: verurteilt/
  freigesprochen, gewann/verlor, stieg/sank, lobte/kritisierte, bestätigte/dementierte, Osten/Westen,
  unter Kontrolle/out of control …). A claim clause with a word of one side against an aligned
  passage clause with the other side (and a passage without the claim's side) is ``contradicted``.
  Against a passage in another language, where few words can be matched, a one-sentence passage
  as close to the claim as a translation (``min_similarity_translated``) is compared as a whole.
* **negation** (kind ``negation``): the claim clause and its aligned passage clause disagree on
  negation (nicht/kein/nie…, not/no/never, "n't"); phrases that do not negate ("nicht nur",
  "no time left") are left out. Only a clause whose words the passage carries is compared.

Both need the claim to be about the passage (the strict relevance of
:func:`newsdesk.verify.anchors.relevant`); otherwise the claim is unsupported, not contradicted.
"""

from __future__ import annotations

import functools
import re
import tomllib
from dataclasses import dataclass
from importlib import resources

from newsdesk.lang.exonyms import fold
from newsdesk.lang.words import content_lemmas, lemma, normalize, same_word, tokens
from newsdesk.verify.anchors import entities, quantities, relevant
from newsdesk.verify.base import Claim, Finding, register
from newsdesk.verify.slots import speech_verbs
from newsdesk.verify.text import words

_SENTENCE = re.compile(r"(?<![A-Z])[.!?][\"“”»«'‘’]?\s+")
_SPLIT = re.compile(
    r"(?:[,;:–—!?]|(?<![A-Z])\.)[\"“”»«'‘’]?\s|\s(?:und|and|while|whereas|während|wobei|but|aber|sondern|weil|because)\s"
)


@dataclass(frozen=True)
class Side:
    lemmas: frozenset[str]
    phrases: tuple[str, ...]


@functools.cache
def relation_pairs() -> tuple[tuple[Side, Side], ...]:
    """The opposing pairs of ``relations.toml`` (loaded once)."""
    raw = tomllib.loads(resources.files("newsdesk.data").joinpath("relations.toml").read_text("utf-8"))

    def side(spec: str) -> Side:
        items = spec.lower().split()
        return Side(
            frozenset(i for i in items if "_" not in i),
            tuple(i.replace("_", " ") for i in items if "_" in i),
        )

    return tuple((side(a), side(b)) for a, b in raw["pairs"])


@functools.cache
def _attribution() -> frozenset[str]:
    return words().cues | {"times", "zeitung", "news", "post", "agentur", "agency"}


@dataclass(frozen=True)
class Clause:
    text: str
    lemmas: frozenset[str]  # lemmas and lowercase tokens
    content: tuple[str, ...]
    anchors: frozenset[str]  # entity keys and number values


@functools.lru_cache(maxsize=8192)
def clauses(text: str, language: str) -> tuple[Clause, ...]:
    """The clauses of ``text`` with their words and anchors."""
    names = entities(text, language)
    numbers = quantities(text, language)
    found = []
    start = 0
    bounds = [m for m in _SPLIT.finditer(text)]
    for end_match in [*bounds, None]:
        end = end_match.start() if end_match else len(text)
        part = text[start:end]
        bare = part
        for e in names:
            if start <= e.start < end:
                bare = bare.replace(e.text, " ")
        toks = tokens(part)
        anchors = {e.key for e in names if start <= e.start < end}
        anchors |= {f"{q.value:g}" for q in numbers if start <= q.start < end}
        content = content_lemmas(bare, language, light=False)
        found.append(
            Clause(
                part,
                # with the content lemmas: a separable verb is one word ("räumte … ein": "einräumen")
                frozenset(toks) | {lemma(t, language) for t in toks} | set(content),
                tuple(w for w in content if w not in _attribution()),
                frozenset(anchors),
            )
        )
        start = end_match.end() if end_match else len(text)
    return tuple(c for c in found if c.text.strip())


def _shared(mine: Clause, other: Clause) -> tuple[int, int]:
    have = other.content
    return sum(1 for w in mine.content if any(same_word(w, h) for h in have)), len(
        mine.anchors & other.anchors
    )


def aligned(mine: Clause, others: tuple[Clause, ...], *, translated: bool = False) -> Clause | None:
    """The clause of ``others`` that says what ``mine`` says (shares the most words, names and
    numbers), if one shares enough; ``None`` for a clause without content words of its own (an
    attribution: "sagte Witkoff laut Reuters"). Across languages (``translated``), where few words
    can be matched, one shared name or number is enough."""
    if not others or not mine.content:
        return None
    scored = [(w + 1.5 * a, w, a, c) for c in others for w, a in [_shared(mine, c)]]
    score, shared_words, shared_anchors, best = max(scored, key=lambda t: t[0])
    if shared_words == 0 and shared_anchors < (1 if translated else 2):
        return None
    needed = 1.0 if translated else max(1.0, 0.4 * len(mine.content))
    return best if score >= needed else None


def _pairs(claim: Claim, text: str, language: str, *, fallback: bool = True) -> list[tuple[Clause, Clause]]:
    """Claim clauses with the passage clauses they align with; a claim clause that aligns with none
    is tried as part of its whole sentence against the passage's sentences (commas around an
    apposition cut a clause off from its names: "…, Herbert Kogler, vom Vorwurf … freigesprochen")."""
    translated = language != claim.language
    theirs = clauses(text, language)
    found = []
    whole_claim = _merged(claim.text, claim.language)
    sentences = tuple(_merged(part, language) for part in _SENTENCE.split(text) if part.strip())
    for mine in clauses(claim.text, claim.language):
        if not fallback and len(mine.content) <= 2 and mine.lemmas & speech_verbs():
            continue  # "sagte Richterin Andrea Pichler": who said it, not what
        other = aligned(mine, theirs, translated=translated)
        if other is not None:
            found.append((mine, other))
            continue
        sentence = aligned(whole_claim, sentences, translated=translated) if fallback else None
        if sentence is None and fallback and translated and len(sentences) == 1:
            sentence = _translation_of(claim, sentences[0])
        if sentence is not None:
            found.append((mine, sentence))
    return found


def _translation_of(claim: Claim, sentence: Clause) -> Clause | None:
    """A one-sentence passage in another language whose words the claim's cannot be matched with
    (no shared name, number or known word: "Die Bundesstraße blieb offen" / "The highway was
    closed") stands for the whole claim when it is as close as a translation
    (``min_similarity_translated``)."""
    if claim.similar is None:
        return None
    score = claim.similar(claim.text, [sentence.text])
    return sentence if score and score[0] >= claim.settings.min_similarity_translated else None


@functools.lru_cache(maxsize=4096)
def _merged(text: str, language: str) -> Clause:
    parts = clauses(text, language)
    return Clause(
        text,
        frozenset().union(*(c.lemmas for c in parts)) if parts else frozenset(),
        tuple(w for c in parts for w in c.content),
        frozenset().union(*(c.anchors for c in parts)) if parts else frozenset(),
    )


@functools.cache
def _index() -> tuple[dict[str, tuple[tuple[int, int], ...]], tuple[tuple[str, int, int], ...]]:
    """lemma → ((pair, side), …) and (phrase, pair, side) over the lexicon."""
    by_word: dict[str, list[tuple[int, int]]] = {}
    phrases = []
    for i, pair in enumerate(relation_pairs()):
        for side_no, side in enumerate(pair):
            for word in side.lemmas:
                by_word.setdefault(word, []).append((i, side_no))
            phrases += [(fold(p), i, side_no) for p in side.phrases]
    return {w: tuple(v) for w, v in by_word.items()}, tuple(phrases)


@functools.lru_cache(maxsize=8192)
def _sides(text: str, lemmas: frozenset[str]) -> dict[tuple[int, int], str]:
    """The lexicon sides a clause has: (pair, side) → the word that has it."""
    by_word, phrases = _index()
    found: dict[tuple[int, int], str] = {}
    for word in lemmas:
        for key in by_word.get(word, ()):
            found.setdefault(key, word)
    plain = f" {fold(normalize(text))} "
    for phrase, i, side_no in phrases:
        if f" {phrase} " in plain:
            found.setdefault((i, side_no), phrase)
    return found


@register("antonyms")
def check_antonyms(claim: Claim) -> list[Finding]:
    """The claim must not use the opposite predicate or direction of its passage ("stieg"/"fell")."""
    if not claim.evidence:
        return []
    for e in claim.evidence:
        theirs = clauses(e.context, e.language)
        whole: dict[tuple[int, int], str] = {}
        for c in theirs:
            whole.update(_sides(c.text, c.lemmas))
        said_all = {k for c in clauses(claim.text, claim.language) for k in _sides(c.text, c.lemmas)}
        for mine, other in _pairs(claim, e.context, e.language):
            own_sides = _sides(mine.text, mine.lemmas)
            if not own_sides:
                continue
            against_sides = _sides(other.text, other.lemmas)
            for (i, side_no), said in own_sides.items():
                opposite = (i, 1 - side_no)
                if opposite not in against_sides or (i, side_no) in whole or opposite in said_all:
                    continue
                if relevant(claim, said):
                    detail = f"„{said}“ against „{against_sides[opposite]}“ in the evidence"
                    return [Finding("relation", detail, "contradicted")]
    return []


def negated(text: str) -> bool:
    """Whether ``text`` negates its clause: a negation word (German or English) or "n't", not
    counting phrases that do not negate ("nicht nur", "no time left")."""
    w = words()
    plain = f" {normalize(text).lower()} "
    for phrase in w.not_negating:
        plain = plain.replace(f" {phrase} ", " ")
    toks = tokens(plain)
    if any(t in w.negators or t.endswith(("n't", "n’t")) for t in toks):
        return True
    return any(lemma(t, "en" if t.isascii() else "de") in w.negative or t in w.negative for t in toks)


def _count(text: str) -> int:
    w = words()
    return sum(t in w.negators or t.endswith(("n't", "n’t")) for t in tokens(text))


@register("negation")
def check_negation(claim: Claim) -> list[Finding]:
    """Claim and passage must agree on negation, clause by clause."""
    if not claim.evidence or not relevant(claim):
        return []
    for e in claim.evidence:
        if negated(claim.text) == negated(e.passage.text) and _count(claim.text) == _count(e.passage.text):
            continue  # the same negations, maybe split differently ("We cannot afford to lose …")
        for mine, other in _pairs(claim, e.context, e.language, fallback=False):
            in_claim, in_evidence = negated(mine.text), negated(other.text)
            if in_claim == in_evidence:
                continue
            detail = (
                "the claim is negated, the evidence is not"
                if in_claim
                else ("the evidence is negated, the claim is not")
            )
            return [Finding("negation", f"{detail}: „{' '.join(other.text.split())}“", "contradicted")]
    return []
