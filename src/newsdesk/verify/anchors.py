"""Anchor checks: the numbers, dates and names of a claim must be in its evidence, in their roles.

* **numbers** (:mod:`newsdesk.lang.quantities`): "3,5 Milliarden Euro", "€3.5bn", "dreieinhalb Stunden"
  and "three and a half hours" compare equal. A number keeps its context (:mod:`newsdesk.verify.slots`):
  the same value with another head noun ("250 Menschen" for "250 Soldaten"), another owner (one
  party's 23,4 Prozent given to another) or of another year ("12,89 Meter" of the 2013 record for
  today's level) is not the claim's number. A claim number not in the evidence is ``unsupported``;
  when the passage has another number in the same role (same kind and unit, and the same head,
  owner and year where both say) and the claim is otherwise about that passage, ``contradicted``.
  Years are left to the dates check.
* **dates** (:mod:`newsdesk.lang.dates`): a claim date must agree, field by field (year, month, day,
  weekday), with a date in the evidence; evidence dates are resolved against the document's
  publication date ("yesterday" in a report of Friday is Thursday). A weekday that contradicts its own
  date ("Freitag, 20. Februar 2025") is a contradiction by itself.
* **names** (:mod:`newsdesk.lang.entities`): every proper noun must be in the evidence, across
  languages through the exonym/transliteration keys (Moskau/Moscow, Selenskyj/Zelensky, USA/U.S./
  US-Amerikaner); a surname alone matches the full name; a capital stands for its country's
  government (``metonyms`` in ``verify.toml``: Washington/USA, Kreml/Russland). A missing name is
  ``unsupported``; it is ``contradicted`` only when the passage fills the name's role (its
  preposition, title or verb: "traf den Landrat" for "traf Innenministerin Berger", "in Leoben" for
  "in Kapfenberg") with another name or noun. Outlet names are left to the attribution check.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from datetime import date

from newsdesk.lang.dates import DateMention, extract_dates, weekday_conflicts
from newsdesk.lang.entities import Entity, extract_entities
from newsdesk.lang.exonyms import entity_key, fold, lexicon, same_entity
from newsdesk.lang.quantities import Quantity, extract_quantities
from newsdesk.lang.words import can_be_noun, content_stems, lemma, overlap, same_word, synonym_keys, tokens
from newsdesk.verify.attribution import outlet_spans, strip_attribution
from newsdesk.verify.base import Claim, EvidencePassage, Finding, register
from newsdesk.verify.slots import NumberContext, entity_slots, fillers, number_context, same_slot
from newsdesk.verify.text import data


def relevant(claim: Claim, without: str = "") -> bool:
    """Whether the claim is about its best evidence, so that a differing anchor is a contradiction.

    Strict on purpose (a fabricated sentence on the same topic should be ``unsupported``, not
    ``contradicted``). Evidence in another language: embedding cosine of at least
    ``min_similarity_translated``. Same language: a lexical overlap of at least
    ``contradiction_overlap``, counted without the claim's names and without ``without`` (the
    differing anchor), so that shared names alone do not make a sentence relevant; when fewer than
    two content words remain, a cosine of ``min_similarity``. (Embedding cosine
    does not separate same-topic fabrications from swaps: both score 0.88–0.97.)
    """
    best = claim.best
    if best is None:
        return False
    settings = claim.settings
    if best.language != claim.language:
        return best.similarity >= settings.min_similarity_translated
    text = claim.text.replace(without, " ") if without else claim.text
    for entity in entities(claim.text, claim.language):
        text = text.replace(entity.text, " ")
    text = strip_attribution(text, claim.outlets)
    if len(set(content_stems(text))) < 2:  # too little left to compare words: trust the embedding
        return best.similarity >= settings.min_similarity
    passages = " ".join(e.passage.text for e in claim.evidence)
    return overlap(text, passages, claim.language, best.language) >= settings.contradiction_overlap


@functools.lru_cache(maxsize=4096)
def quantities(text: str, language: str) -> tuple[Quantity, ...]:
    """Cached :func:`~newsdesk.lang.quantities.extract_quantities` (evidence is checked many times)."""
    return tuple(extract_quantities(text, language))


@functools.lru_cache(maxsize=4096)
def entities(text: str, language: str) -> tuple[Entity, ...]:
    """Cached :func:`~newsdesk.lang.entities.extract_entities`."""
    return tuple(extract_entities(text, language))


@functools.lru_cache(maxsize=4096)
def dates(text: str, language: str, reference: date | None) -> tuple[DateMention, ...]:
    """Cached :func:`~newsdesk.lang.dates.extract_dates`."""
    return tuple(extract_dates(text, language, reference=reference))


# -- numbers --------------------------------------------------------------------------------------


def _same_value(a: float, b: float, tolerance: float) -> bool:
    return a == b or abs(a - b) <= tolerance * max(abs(a), abs(b))


def _units_match(claim: Quantity, found: Quantity) -> bool:
    return claim.unit == found.unit or not claim.unit or not found.unit


@functools.lru_cache(maxsize=8192)
def _contexts(text: str, language: str) -> tuple[tuple[Quantity, NumberContext], ...]:
    names = entities(text, language)
    return tuple(
        (q, number_context(text, q, names, language)) for q in quantities(text, language) if q.kind != "year"
    )


def _same_owner(a: str, b: str) -> bool:
    return same_entity(a, b) or entity_key(a) == entity_key(b)


def _same_phrase(a: frozenset[str], b: frozenset[str]) -> bool:
    return any(same_word(x, y) for x in a for y in b)


def _fits(mine: NumberContext, other: NumberContext, year: int | None, *, same_language: bool) -> bool:
    """Whether two numbers' contexts can describe the same thing (see the module docstring)."""
    known = synonym_keys(mine.head) != {mine.head} or synonym_keys(other.head) != {other.head}
    if mine.head and other.head and not same_word(mine.head, other.head) and (same_language or known):
        return False  # across languages, only heads the synonym table knows can differ
    if mine.owner and other.owner and not _same_owner(mine.owner, other.owner):
        return False
    if same_language and mine.phrase and other.phrase and not _same_phrase(mine.phrase, other.phrase):
        return False  # another noun phrase owns the share („die Grünen“ for „die Freien Wähler“)
    if mine.frame and other.frame:
        return bool(mine.frame & other.frame)
    if other.frame and not mine.frame and year is not None:
        return year in other.frame  # a number of another year is not today's
    return True


@register("numbers")
def check_numbers(claim: Claim) -> list[Finding]:
    """Every number of the claim must appear, in its context, in the evidence."""
    wanted = _contexts(claim.text, claim.language)
    if not wanted or not claim.evidence:
        return []
    tolerance = claim.settings.number_tolerance
    findings = []
    for q, mine in wanted:
        rivals: list[Quantity] = []
        found = False
        for e in claim.evidence:
            year = e.reference.year if e.reference else None
            same = e.language == claim.language
            found_numbers = _contexts(e.context, e.language)
            owned = [
                (f, o)
                for f, o in found_numbers
                if mine.owner and o.owner and entity_key(o.owner) == entity_key(mine.owner)
            ]
            if owned and not any(
                _same_value(q.value, f.value, tolerance) for f, o in owned if f.kind == q.kind
            ):  # the passage gives the claim's owner another number: that one is decisive
                rivals += [f for f, o in owned if f.kind == q.kind and f.unit == q.unit]
                if rivals:
                    continue
            for f, other in found_numbers:
                if not (_units_match(q, f) and _fits(mine, other, year, same_language=same)):
                    continue
                if _same_value(q.value, f.value, tolerance):
                    found = True
                    break
                if f.kind == q.kind and f.unit == q.unit:
                    rivals.append(f)
            if found:
                break
        if found:
            continue
        if rivals and relevant(claim, q.text):
            others = ", ".join(dict.fromkeys(f.text for f in rivals[:3]))
            findings.append(Finding("number", f"„{q.text}“: the evidence says {others}", "contradicted"))
        else:
            findings.append(Finding("number", f"„{q.text}“ is not in the evidence", "unsupported"))
    return findings


# -- dates ----------------------------------------------------------------------------------------

_FIELDS = ("year", "month", "day")
_CLOCK_RELATIVE = {"today", "yesterday", "day_before_yesterday", "tomorrow", "day_after_tomorrow"}


def _weekday(mention: DateMention) -> int | None:
    if mention.weekday is not None:
        return mention.weekday
    day = mention.as_date()
    return day.weekday() if day else None


def _compare(claim: DateMention, found: DateMention) -> tuple[int, int]:
    """(fields that agree, fields that disagree) between two date mentions."""
    agree = disagree = 0
    for name in _FIELDS:
        a, b = getattr(claim, name), getattr(found, name)
        if a is not None and b is not None:
            agree, disagree = (agree + 1, disagree) if a == b else (agree, disagree + 1)
    wa, wb = _weekday(claim), _weekday(found)
    if claim.weekday is not None and wb is not None:
        agree, disagree = (agree + 1, disagree) if wa == wb else (agree, disagree + 1)
    return agree, disagree


def _evidence_dates(claim: Claim) -> list[DateMention]:
    found: list[DateMention] = []
    for e in claim.evidence:
        found += dates(e.context, e.language, e.reference)
    return found


def _years(claim: Claim) -> set[int]:
    years = {
        int(q.value) for e in claim.evidence for q in quantities(e.context, e.language) if q.kind == "year"
    }
    years |= {ref.year for e in claim.evidence if (ref := e.reference)}
    return years


@register("dates")
def check_dates(claim: Claim) -> list[Finding]:
    """Every date of the claim must agree with a date in the evidence."""
    mentions = [m for m in dates(claim.text, claim.language, None) if m.relative not in _CLOCK_RELATIVE]
    years = [q for q in quantities(claim.text, claim.language) if q.kind == "year"]
    if not (mentions or years) or not claim.evidence:
        return []
    findings = []
    found = _evidence_dates(claim)
    for m in mentions:
        if weekday_conflicts(m):
            findings.append(Finding("date", f"„{m.text}“: the weekday does not fit the date", "contradicted"))
            continue
        scores = [_compare(m, f) for f in found]
        if any(agree and not disagree for agree, disagree in scores):
            continue
        conflicting = [f.text for f, (_, disagree) in zip(found, scores, strict=True) if disagree]
        if conflicting and relevant(claim, m.text):
            detail = f"„{m.text}“: the evidence says {', '.join(dict.fromkeys(conflicting[:3]))}"
            findings.append(Finding("date", detail, "contradicted"))
        else:
            findings.append(Finding("date", f"„{m.text}“ is not in the evidence", "unsupported"))
    if years:
        known = _years(claim) | {f.year for f in found if f.year is not None}
        stated = {int(q.value) for e in claim.evidence for q in quantities(e.passage.text, e.language)}
        stated = {y for y in stated if 1000 <= y <= 2100}
        for q in years:
            if int(q.value) in known or any(q.start >= m.start and q.end <= m.end for m in mentions):
                continue
            if stated and relevant(claim, q.text):
                detail = f"year {q.text}: the evidence says {', '.join(str(y) for y in sorted(stated))}"
                findings.append(Finding("date", detail, "contradicted"))
            else:
                findings.append(Finding("date", f"year {q.text} is not in the evidence", "unsupported"))
    return findings


# -- names ----------------------------------------------------------------------------------------


@functools.cache
def _metonyms() -> dict[str, frozenset[str]]:
    table: dict[str, set[str]] = {}
    for country, seats in data()["metonyms"].items():
        for seat in seats:
            table.setdefault(country, set()).add(seat)
            table.setdefault(seat, set()).add(country)
    return {k: frozenset(v) for k, v in table.items()}


def _matches(entity: Entity, found: Iterable[Entity], folded_text: str) -> bool:
    words = entity.key.split()
    stands_for = _metonyms().get(entity.key, frozenset())
    for other in found:
        if same_entity(entity.text, other.text) or entity.key == other.key or other.key in stands_for:
            return True
        other_words = other.key.split()
        if words and all(w in other_words for w in words):  # "Witkoff" in "Steve Witkoff"
            return True
    surface = fold(entity.text)
    if f" {surface} " in folded_text or f" {entity.key} " in folded_text:
        return True
    genitive = entity.text[:-1] if entity.text.endswith(("s", "'", "’")) and len(entity.text) > 4 else ""
    if genitive and _matches(Entity(genitive, entity_key(genitive), 0, 0), found, folded_text):
        return True
    parts = entity.text.split()  # a run of two names ("London Russian embassy"): each part on its own
    return len(parts) > 1 and all(_matches(Entity(p, entity_key(p), 0, 0), found, folded_text) for p in parts)


_ARTICLE = re.compile(r"(?:^|\s)(?:[Dd]as|[Dd]er|[Dd]ie|[Dd]em|[Dd]en|[Dd]es)\s+$")


def _common_noun(text: str, entity: Entity, language: str) -> bool:
    """A lone German word after an article that the name table does not know and HanTa reads as a
    common noun: "das Bad" is no place, unlike "Bad Ischl"."""
    if " " in entity.text or not language.startswith("de") or lexicon().lookup(entity.text):
        return False
    if not _ARTICLE.search(text[max(0, entity.start - 5) : entity.start]):
        return False
    return can_be_noun(entity.text)


def _claim_entities(claim: Claim) -> list[Entity]:
    spans = outlet_spans(claim.text, claim.outlets)
    return [
        e
        for e in entities(claim.text, claim.language)
        if not any(e.start < end and start < e.end for start, end in spans)
        and not _common_noun(claim.text, e, claim.language)
    ]


def _rivals(claim: Claim, entity: Entity, mentions: list[Entity], e: EvidencePassage) -> list[str]:
    """Names or nouns that fill ``entity``'s role in the passage ``e`` and are not the claim's."""
    others = entities(claim.text, claim.language)
    slots = entity_slots(claim.text, entity, claim.language, others)
    if not slots:
        return []
    found = entities(e.context, e.language)
    claim_words = {lemma(w, claim.language) for w in tokens(claim.text)}
    rivals = []
    demonyms = lexicon().words["demonyms"]
    for other in found:
        if any(_matches(c, [other], "") for c in mentions) or fold(other.text) in demonyms:
            continue  # "the Russian leader" names no one in the slot
        if any(same_slot(a, b) for a in slots for b in entity_slots(e.context, other, e.language, found)):
            rivals.append(other.text)
    for slot in slots:
        for word, start, _end in fillers(e.context, slot, e.language):
            inside = any(o.start <= start < o.end for o in found)
            if (
                inside
                or lemma(word, e.language) in claim_words
                or any(same_word(lemma(word, e.language), c) for c in claim_words)
            ):
                continue
            if slot.kind == "verb" and not word[:1].isupper():
                continue
            rivals.append(word)
    return list(dict.fromkeys(rivals))


def _in_topic(entity: Entity, claim: Claim) -> bool:
    """Whether a name is what the cited passages' reports are about (their title and lead)."""
    for e in claim.evidence:
        if e.topic and _matches(entity, entities(e.topic, e.language), f" {fold(e.topic)} "):
            return True
    return False


@register("names")
def check_names(claim: Claim) -> list[Finding]:
    """Every proper noun of the claim must be in the evidence (across languages), in its role."""
    if not claim.evidence:
        return []
    mentions = _claim_entities(claim)
    if not mentions:
        return []
    found = [ent for e in claim.evidence for ent in entities(e.context, e.language)]
    folded_text = " " + " ".join(fold(e.context) for e in claim.evidence) + " "
    findings = []
    for entity in mentions:
        if _matches(entity, found, folded_text):
            continue
        rivals = [r for e in claim.evidence for r in _rivals(claim, entity, mentions, e)]
        if rivals and relevant(claim, entity.text):
            detail = f"„{entity.text}“: in its place the evidence has {', '.join(dict.fromkeys(rivals[:3]))}"
            findings.append(Finding("name", detail, "contradicted"))
        elif _in_topic(entity, claim):
            continue  # the report is about it ("Der Pegel" in a report on the Mur)
        else:
            findings.append(Finding("name", f"„{entity.text}“ is not in the evidence", "unsupported"))
    return findings
