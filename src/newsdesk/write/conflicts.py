"""Disagreement and freshness: where reports give different values for one fact, and which report
has been overtaken by a later one.

**Same fact, different value.** Two German sentences of different reports state the same fact
when they share most of their words (cosine of IDF-weighted stems ≥ ``SAME_FACT``; ≥
``COUNTED_FACT`` for counts of the same noun, ``CORRECTION_FACT`` where one of them corrects or
hedges), give a
quantity of the same kind and unit (counts of the same noun: "620 Menschen", "600 Menschen"),
and name no different place, actor or time ("Die Bundeswehr … 250 Soldaten" in Passau and "Das
Bundesheer … 150 Soldaten" in Upper Austria are two facts). Values within 1 % are equal. Every
report of the story that gives one of the values for that fact, English ones too, is counted
for it (one vote per independent report).

**Resolution**, in order:

1. the value the latest reports give wins where they say they correct or update ("nach neuen
   Angaben", "inzwischen", ``[freshness] update`` in ``data/discourse.toml``) or the other value
   was only ever given with a hedge ("nach ersten Angaben"): ``"später korrigiert"``;
2. the value more independent reports give wins: ``"mehr Quellen"``;
3. otherwise the article states both, each with its outlet (``chosen`` is "").

The German sentences of a losing value are ``superseded``: they are not used, and the writer lists
them in ``Article.dropped`` with the reason.

**Speculation.** A sentence that hedges ("könnte … getroffen haben", "nach ersten Erkenntnissen",
``[freshness] speculation``) is superseded by a later sentence of the story that states the same
fact without the hedge, or that settles it ("ergab keinen Kreuzbandriss, sondern …", an update
cue) and shares a rare word with it.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from newsdesk.lang.quantities import Quantity, extract_quantities, format_value
from newsdesk.write.evidence import Evidence, Unit, cosine, similarity, stems
from newsdesk.write.order import time_key
from newsdesk.write.wording import data

SAME_FACT = 0.3
COUNTED_FACT = 0.25  # the same count of the same noun ("drei Gemälde", "vier Gemälde")
CORRECTION_FACT = 0.2  # the same count of the same noun, where one report says it corrects or guesses
_APPROX = re.compile(
    r"(?:\b(?:rund|etwa|ungefähr|knapp|fast|über|mindestens|mehr als|weniger als|bis zu|gut|about|around|"
    r"nearly|almost|more than|at least|up to|some)\s+)+$",
    re.IGNORECASE,
)
_PLACE = re.compile(
    r"\b(?:[Ii]n|[Ii]m|[Bb]ei|[Nn]ahe|[Aa]us)\s+(?:ganz\s+)?(?:[a-zäöüß]+e[nrs]?\s+)?([A-ZÄÖÜ][a-zäöüß]+(?:-[A-ZÄÖÜ][a-zäöüß]+)?)\b"
)
_ACTOR = re.compile(r"^(?:Der|Die|Das)\s+(?:[a-zäöüß]+\s+)*([A-ZÄÖÜ][\w\-]+)")
_KINDS = frozenset({"count", "money", "measure", "percent", "duration"})


@dataclass(frozen=True)
class Value:
    """One quantity of a sentence, as the conflict note shows it ("rund 620")."""

    unit: Unit
    quantity: Quantity
    text: str  # with its approximation word
    noun: str  # what is counted ("Menschen"), "" for measures

    @property
    def dimension(self) -> str:
        return f"{self.quantity.kind}:{self.quantity.unit}"


@dataclass
class Dispute:
    """Reports that disagree on one fact (see the module docstring)."""

    about: str
    values: list[tuple[str, list[Unit]]]  # value text → the units that give it
    chosen: str  # "" when both are stated
    resolution: str
    winner: Unit | None = None  # German sentence that states the chosen value (or the first value)
    other: Unit | None = None  # with two values stated: the sentence of the other value
    losers: list[Unit] = field(default_factory=list)


@dataclass
class Review:
    """What the writer must not use (superseded sentences, with reasons) and the disputes."""

    superseded: dict[tuple[int, int], str] = field(default_factory=dict)
    disputes: list[Dispute] = field(default_factory=list)


@functools.cache
def _cues(kind: str) -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(p, re.IGNORECASE) for p in data()["freshness"][kind])


def recalls(text: str) -> bool:
    """Whether a sentence tells what an earlier report said ("Am Morgen war noch von … die Rede")."""
    return any(p.search(text) for p in _cues("history"))


def hedged(text: str) -> bool:
    """Whether a sentence says its fact is not certain yet."""
    return any(p.search(text) for p in _cues("speculation"))


def updating(text: str) -> bool:
    """Whether a sentence says it corrects or updates an earlier statement."""
    return any(p.search(text) for p in _cues("update"))


def values(unit: Unit) -> list[Value]:
    """The quantities of a sentence that a conflict can be about (counts, money, measures, shares)."""
    found = []
    for quantity in extract_quantities(unit.core, unit.language):
        if quantity.kind not in _KINDS or (quantity.kind == "count" and quantity.value < 2):
            continue
        approx = _APPROX.search(unit.core[: quantity.start])
        text = (approx.group(0) if approx else "") + quantity.text
        noun = re.match(
            r"\s+(?:[a-zäöüß]+e[nrsm]?\s+){0,2}([A-ZÄÖÜ][\w\-]+)|\s+([a-z][\w\-]+)", unit.core[quantity.end :]
        )
        counted = (noun.group(1) or noun.group(2)) if noun and quantity.kind == "count" else ""
        if unit.language == "de" and not counted[:1].isupper():
            counted = ""  # German nouns are capitalised: "19 der 48 Sitze" counts no "der"
        found.append(Value(unit, quantity, text.strip(), counted))
    return found


def _equal(a: float, b: float) -> bool:
    return abs(a - b) <= 0.01 * max(abs(a), abs(b))


def _places(unit: Unit) -> set[str]:
    return {m.lower() for m in _PLACE.findall(unit.core) if m not in ("Sicherheit", "Kraft", "Betrieb")}


def _same_fact(a: Value, b: Value, evidence: Evidence, found: dict[tuple[int, int], list[Value]]) -> bool:
    if a.dimension != b.dimension or _equal(a.quantity.value, b.quantity.value):
        return False
    if _ambiguous(a, found) or _ambiguous(b, found):
        return False  # two quantities of one kind in a sentence: which is which cannot be told
    if _states(a.unit, b.quantity.value) or _states(b.unit, a.quantity.value):
        return False  # both give both ("bis zu sechs statt drei Jahre"): an old and a new rule, no dispute
    if a.quantity.kind == "count" and (
        bool(a.noun) != bool(b.noun) or a.noun[:5].lower() != b.noun[:5].lower()
    ):
        return False
    similar = cosine(a.unit, b.unit)
    counted = bool(a.noun) and a.noun[:5] == b.noun[:5]
    signalled = counted and any(updating(v.unit.core) or hedged(v.unit.core) for v in (a, b))
    least = CORRECTION_FACT if signalled else COUNTED_FACT if counted else SAME_FACT
    if similar < least or _years(a.unit) != _years(b.unit):
        return False  # another year is another time ("Im Juni 2013 hatte die Donau … 12,89 Metern …")
    places_a, places_b = _places(a.unit), _places(b.unit)
    if places_a and places_b and not places_a & places_b:
        return False
    if a.unit.names and b.unit.names and not a.unit.names & b.unit.names and similar < 0.6:
        return False
    actor_a, actor_b = _ACTOR.match(a.unit.core), _ACTOR.match(b.unit.core)
    if actor_a and actor_b and not _same_word(actor_a.group(1), actor_b.group(1)):
        return False
    time_a, time_b = time_key(a.unit, evidence), time_key(b.unit, evidence)
    return not (time_a and time_b and time_a[0] == time_b[0] and abs(time_a[1] - time_b[1]) > 0.1)


def _years(unit: Unit) -> set[str]:
    return set(re.findall(r"\b(?:19|20)\d\d\b", unit.core)) | {str(y) for y in unit.years}


def _states(unit: Unit, value: float) -> bool:
    return any(
        _equal(q.value, value) for q in extract_quantities(unit.core, unit.language) if q.kind != "year"
    )


def _ambiguous(value: Value, found: dict[tuple[int, int], list[Value]]) -> bool:
    same = [
        v
        for v in found.get(value.unit.key, ())
        if v.dimension == value.dimension and v.noun[:5] == value.noun[:5]
    ]
    return len({format_value(v.quantity.value) for v in same}) > 1


def _same_word(a: str, b: str) -> bool:
    """ "Bundeswehr" ≠ "Bundesheer"; "Polizei" = "Polizisten"? no: only inflections of one word."""
    a, b = a.lower(), b.lower()
    short, long = (a, b) if len(a) <= len(b) else (b, a)
    return long.startswith(short) and len(long) - len(short) <= 2


def _published(evidence: Evidence, unit: Unit) -> datetime | None:
    value = evidence.documents[unit.passage.document_id].published
    try:
        return datetime.fromisoformat(value) if value else None
    except ValueError:
        return None


def _later(evidence: Evidence, a: Unit, b: Unit) -> bool:
    """Whether ``a`` was published after ``b`` (in one report: comes after it)."""
    if a.passage.document_id == b.passage.document_id:
        return a.passage.index > b.passage.index
    first, second = _published(evidence, a), _published(evidence, b)
    return first is not None and second is not None and first > second


def review(german: Sequence[Unit], evidence: Evidence) -> Review:
    """Disputes between the story's reports and the sentences they supersede (see the module
    docstring). ``german`` are the sentences the writer could use."""
    result = Review()
    by_unit = {u.key: values(u) for u in german}
    seen: set[tuple[tuple[int, int], tuple[int, int]]] = set()
    for unit in german:
        for value in by_unit[unit.key]:
            for other in german:
                if other.group == unit.group or (other.key, unit.key) in seen:
                    continue
                rival = next((v for v in by_unit[other.key] if _same_fact(value, v, evidence, by_unit)), None)
                if rival is None:
                    continue
                seen.add((unit.key, other.key))
                dispute = _dispute(value, rival, evidence, german)
                if any(_same_dispute(dispute, d) for d in result.disputes):
                    continue
                result.disputes.append(dispute)
                for loser in dispute.losers:
                    reason = (
                        f"überholt: {dispute.resolution}, {dispute.chosen} statt {_text_of(dispute, loser)}"
                    )
                    result.superseded.setdefault(loser.key, reason)
    rare = _rare_stems(evidence)
    for unit in german:
        if unit.key in result.superseded or not hedged(unit.core):
            continue
        for other in german:
            if other is unit or hedged(other.core) or not _later(evidence, other, unit):
                continue
            similar = cosine(unit, other)
            settles = updating(other.core) and bool(set(unit.stems) & set(stems(_uncued(other.core))) & rare)
            if settles or (similar >= SAME_FACT and (unit.names & other.names or similar >= 0.5)):
                outlet = evidence.documents[other.passage.document_id].outlet
                result.superseded[unit.key] = f"überholt: später geklärt von {outlet}: „{other.core[:90]}“"
                break
    return result


def _uncued(text: str) -> str:
    """The text without its update cues ("Nach neuen Angaben …"): what it says, not how."""
    for pattern in _cues("update"):
        text = pattern.sub(lambda m: m.group() if "," in m.group() else " ", text)  # not "kein X, sondern"
    return text


def _rare_stems(evidence: Evidence) -> set[str]:
    """Word stems that at most three sentences of the story use ("kreuz" in "Kreuzbandriss")."""
    counts: dict[str, int] = {}
    for unit in evidence.units:
        for stem in unit.stems:
            counts[stem] = counts.get(stem, 0) + 1
    return {stem for stem, count in counts.items() if count <= 3}


def _text_of(dispute: Dispute, unit: Unit) -> str:
    return next((text for text, units in dispute.values if unit in units), "")


def _same_dispute(a: Dispute, b: Dispute) -> bool:
    return {t.casefold() for t, _ in a.values} == {t.casefold() for t, _ in b.values} and a.about == b.about


def _supporters(value: Value, evidence: Evidence) -> list[Unit]:
    """Every unit of the story (one per report, any language) that gives this value for this fact."""
    found: dict[int, Unit] = {}
    for other in evidence.units:
        if other.debris or other.group in found or recalls(other.core):
            continue  # (a sentence that recalls what was said earlier gives no value of its own)
        for candidate in values(other):
            if candidate.dimension != value.dimension or not _equal(
                candidate.quantity.value, value.quantity.value
            ):
                continue
            if other.language == value.unit.language:
                same = other is value.unit or cosine(value.unit, other) >= SAME_FACT
            else:
                same = similarity(value.unit, other, evidence.rare_names) >= 0.4  # the value itself is shared
            if same:
                found[other.group] = other
                break
    found.setdefault(value.unit.group, value.unit)
    return list(found.values())


def _dispute(a: Value, b: Value, evidence: Evidence, german: Sequence[Unit]) -> Dispute:
    for_a, for_b = _supporters(a, evidence), _supporters(b, evidence)
    about = _about(a)
    values_ = [(a.text, for_a), (b.text, for_b)]
    usable = {u.key for u in german}
    last_a, last_b = _latest(evidence, for_a), _latest(evidence, for_b)
    later, earlier = (a, b) if _later(evidence, last_a, last_b) else (b, a)
    later_units, earlier_units = (for_a, for_b) if later is a else (for_b, for_a)
    corrected = any(updating(u.core) for u in later_units if u.language == "de") or all(
        hedged(u.core) for u in earlier_units if u.language == "de"
    )
    if corrected and not _later(evidence, _latest(evidence, earlier_units), _latest(evidence, later_units)):
        winner, loser, resolution = later, earlier, "später korrigiert"
    elif len(for_a) != len(for_b):
        winner, loser = (a, b) if len(for_a) > len(for_b) else (b, a)
        resolution = "mehr Quellen"
    else:
        return Dispute(about, values_, "", "beide Angaben genannt", a.unit, b.unit)
    losing = for_a if loser is a else for_b
    return Dispute(
        about,
        values_,
        winner.text,
        resolution,
        winner.unit,
        None,
        [u for u in losing if u.key in usable],
    )


def _latest(evidence: Evidence, units: Sequence[Unit]) -> Unit:
    """The unit of the latest report among ``units`` (the last one of its report)."""
    latest = units[0]
    for unit in units[1:]:
        if _later(evidence, unit, latest):
            latest = unit
    return latest


def _about(value: Value) -> str:
    """The disputed fact in words: the sentence with the value left out ("… mussten … Menschen …")."""
    core = value.unit.core
    start = value.quantity.start
    approx = _APPROX.search(core[:start])
    if approx:
        start = approx.start()
    text = core[:start] + "…" + core[value.quantity.end :]
    text = text.rstrip(".")
    return text if len(text) <= 140 else text[:137].rsplit(" ", 1)[0] + " …"


def key_of(value: Value) -> str:
    """A language-independent key of a value ("count:620")."""
    return f"{value.quantity.unit or value.quantity.kind}:{format_value(value.quantity.value)}"
