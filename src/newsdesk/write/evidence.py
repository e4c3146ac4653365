"""A story's evidence as the extractive writer sees it: every passage with its words and anchors.

Documents are grouped by syndication (an agency text republished by several outlets is one group,
led by the first stored copy) and every group counts as one outlet. Each passage gets

* ``stems``: its content words (lowercased, cut to five letters, which joins most German inflected
  forms: "Metern"/"Meter", "köpft"/"köpfte"), weighted by IDF over the story;
* ``quantities``: language-independent number keys ("measure:10.62m" for "10,62 Metern" and
  "10.62 metres") and the years it mentions;
* ``names``: named-entity keys (exonym-normalised: "Moskau" and "Moscow" compare equal), and
  ``entities``: the same names with their surface form and offsets into ``core``;
* ``debris``: why the passage is not report text (a caption, byline, teaser or embed, see
  :mod:`newsdesk.write.hygiene`), "" for text.

Entities and numbers are extracted once per document text and mapped to passages by offset.
Support between passages: within one language by weighted word overlap (cosine), across languages
by shared anchors (numbers weigh most, then names, rare names more), because no translation is
available offline: a shared number and a shared name, or two shared numbers, corroborate.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from newsdesk.lang.entities import Entity, extract_entities
from newsdesk.lang.exonyms import entity_key
from newsdesk.lang.quantities import extract_quantities, format_value
from newsdesk.lang.words import LETTERS, stopwords
from newsdesk.models import Document, Passage
from newsdesk.write import german, hygiene

_KEY_FLOOR = {"ordinal": 100, "count": 10}


@dataclass
class Unit:
    """One passage of a story's document, prepared for scoring."""

    passage: Passage
    language: str
    group: int  # syndication group: id of the group's first document
    outlet: str  # independent outlet key (the group's outlet)
    core: str  # the passage without a leading dateline ("Passau (dpa) – ")
    offset: int  # where ``core`` starts in the passage text
    stems: Counter[str]
    quantities: frozenset[str]
    years: frozenset[int]
    names: frozenset[str]
    details: frozenset[str] = frozenset()  # every number but years, small ones too ("ordinal:23")
    vector: dict[str, float] = field(default_factory=dict)  # IDF-weighted, unit length
    entities: tuple[Entity, ...] = ()  # names with offsets into ``core``
    debris: str = ""  # why this is not report text (hygiene.debris), "" for text

    @property
    def key(self) -> tuple[int, int]:
        return (self.passage.document_id, self.passage.index)


@dataclass
class Evidence:
    """Everything the writer knows about one story."""

    story_id: int
    documents: dict[int, Document]
    passages: dict[tuple[int, int], Passage]
    groups: dict[int, list[int]]  # group id → document ids (first is the group's lead copy)
    units: list[Unit]
    places: dict[int, str]  # group → dateline place of its report
    credits: dict[int, str]  # group → agency credit of its dateline ("dpa")
    rare_names: frozenset[str]
    typos: dict[str, str] = field(default_factory=dict)  # one report's misspelling → common spelling

    def by_group(self) -> dict[int, list[Unit]]:
        result: dict[int, list[Unit]] = {}
        for unit in self.units:
            result.setdefault(unit.group, []).append(unit)
        return result


def build_evidence(
    story_id: int, documents: Sequence[Document], passages: dict[int, list[Passage]]
) -> Evidence:
    """Prepare a story's documents (``passages`` maps document id → its passages in order)."""
    ordered = sorted(documents, key=lambda d: d.id or 0)
    by_id = {d.id or 0: d for d in ordered}
    groups: dict[int, list[int]] = {}
    for document in ordered:
        root = _root(document, by_id)
        groups.setdefault(root, []).append(document.id or 0)
    units: list[Unit] = []
    places: dict[int, str] = {}
    credits: dict[int, str] = {}
    for root in sorted(groups):
        document = by_id[root]
        found = passages.get(root, [])
        names, quantities, years, details, spans = _anchors(document, found)
        for position, passage in enumerate(found):
            place, credit, core = ("", "", passage.text)
            if position < 6 and root not in places:
                place, credit, core = german.split_dateline(passage.text)
                if place:
                    places[root] = place
                    if credit:
                        credits[root] = credit
            offset = len(passage.text) - len(core)
            units.append(
                Unit(
                    passage=passage,
                    language=document.language,
                    group=root,
                    outlet=document.outlet,
                    core=core,
                    offset=offset,
                    stems=stems(core),
                    quantities=frozenset(quantities.get(passage.index, ())),
                    years=frozenset(years.get(passage.index, ())),
                    details=frozenset(details.get(passage.index, ())),
                    names=frozenset(names.get(passage.index, ())),
                    entities=tuple(
                        Entity(
                            e.text, e.key, e.start - passage.start - offset, e.end - passage.start - offset
                        )
                        for e in spans.get(passage.index, ())
                        if e.start - passage.start >= offset
                    ),
                    debris=hygiene.debris(core, document.title),
                )
            )
    _weigh(units)
    name_groups = Counter(
        name for root in groups for name in {n for u in units if u.group == root for n in u.names}
    )
    limit = max(2, math.ceil(0.6 * len(groups)))
    rare = frozenset(name for name, count in name_groups.items() if count < limit or len(groups) < 3)
    spellings: dict[int, set[str]] = {}
    for unit in units:
        if not unit.debris:
            spellings.setdefault(unit.group, set()).update(e.text for e in unit.entities)
    return Evidence(
        story_id=story_id,
        documents=by_id,
        passages={(p.document_id, p.index): p for found in passages.values() for p in found},
        groups=groups,
        units=units,
        places=places,
        credits=credits,
        rare_names=rare,
        typos=hygiene.typos(spellings),
    )


def _root(document: Document, by_id: dict[int, Document]) -> int:
    seen = set()
    current = document
    while current.duplicate_of is not None and current.duplicate_of in by_id and current.id not in seen:
        seen.add(current.id)
        current = by_id[current.duplicate_of]
    return current.id or 0


def stems(text: str) -> Counter[str]:
    words = (w.lower() for w in LETTERS.findall(text))
    stop = stopwords()
    return Counter(w[:5] for w in words if w not in stop)


def _anchors(
    document: Document, passages: list[Passage]
) -> tuple[
    dict[int, set[str]],
    dict[int, set[str]],
    dict[int, set[int]],
    dict[int, set[str]],
    dict[int, list[Entity]],
]:
    """Entity keys, quantity keys, years, number details and entity spans per passage index, from
    one pass over the document text."""
    starts = [p.start for p in passages]

    def where(offset: int) -> int | None:
        low, high = 0, len(starts)
        while low < high:
            middle = (low + high) // 2
            if starts[middle] <= offset:
                low = middle + 1
            else:
                high = middle
        index = low - 1
        if index < 0 or offset >= passages[index].end:
            return None
        return passages[index].index

    names: dict[int, set[str]] = {}
    quantities: dict[int, set[str]] = {}
    years: dict[int, set[int]] = {}
    details: dict[int, set[str]] = {}
    spans: dict[int, list[Entity]] = {}
    text = document.text
    for entity in extract_entities(text, document.language):
        index = where(entity.start)
        if index is not None and entity.key:
            spans.setdefault(index, []).append(entity)
            found = names.setdefault(index, set())
            found.add(entity.key)
            surname = entity.key.rsplit(" ", 1)[-1]
            if " " in entity.key and len(surname) >= 4:
                found.add(surname)  # "Raymond Kessler" is also "Kessler" ("Kessler's plane")
    for quantity in extract_quantities(text, document.language):
        index = where(quantity.start)
        if index is None:
            continue
        if quantity.kind == "year":
            years.setdefault(index, set()).add(int(quantity.value))
            continue
        details.setdefault(index, set()).add(
            f"{quantity.unit or quantity.kind}:{format_value(quantity.value)}"
        )
        if quantity.kind == "time" or abs(quantity.value) < _KEY_FLOOR.get(quantity.kind, 0):
            continue
        quantities.setdefault(index, set()).add(
            f"{quantity.unit or quantity.kind}:{format_value(quantity.value)}"
        )
    return names, quantities, years, details, spans


def _weigh(units: list[Unit]) -> None:
    frequency: Counter[str] = Counter()
    for unit in units:
        frequency.update(unit.stems.keys())
    total = len(units) + 1
    for unit in units:
        vector = {s: c * math.log(total / (1 + frequency[s])) for s, c in unit.stems.items()}
        norm = math.sqrt(sum(v * v for v in vector.values())) or 1.0
        unit.vector = {s: v / norm for s, v in vector.items() if v > 0}


def cosine(a: Unit, b: Unit) -> float:
    small, large = (a.vector, b.vector) if len(a.vector) <= len(b.vector) else (b.vector, a.vector)
    return sum(v * large.get(s, 0.0) for s, v in small.items())


def similarity(a: Unit, b: Unit, rare_names: frozenset[str]) -> float:
    """How much ``b`` says what ``a`` says (0–1): word overlap in one language, anchors across two."""
    shared_numbers = len(a.quantities & b.quantities)
    if a.language == b.language:
        score = cosine(a, b)
        if score <= 0.1:
            return score
        return min(1.0, score + 0.1 * shared_numbers + 0.08 * len(a.names & b.names & rare_names))
    names = a.names & b.names
    rare = len(names & rare_names)
    specific = sum(_specific(key) for key in a.quantities & b.quantities)
    score = 0.4 * min(2, shared_numbers) + 0.15 * min(2, specific) + 0.15 * min(3, len(names)) + 0.1 * rare
    return min(1.0, score)


def _specific(key: str) -> bool:
    """A number with at least three significant digits ("10.62", "70416"): no coincidence across reports."""
    value = key.rsplit(":", 1)[-1].split("e")[0].lstrip("-").replace(".", "").strip("0")
    return len(value) >= 3


def supports(a: Unit, b: Unit, rare_names: frozenset[str]) -> bool:
    """Whether ``b`` corroborates ``a``'s fact (thresholds set on the bundled examples)."""
    if a.language == b.language:
        score = cosine(a, b)
        return score >= 0.42 or (score >= 0.2 and bool(a.quantities & b.quantities))
    return similarity(a, b, rare_names) >= 0.55


_PLACE = re.compile(r"\b(?:in|bei|nahe|aus)\s+([A-ZÄÖÜ][a-zäöüß]+(?:-[A-ZÄÖÜ][a-zäöüß]+)?)\b")


def mentioned_place(evidence: Evidence, lead: Unit | None, *, opening: int = 3) -> str:
    """Where the event happened, for a dateline when no report has one: a name after "in", "bei",
    "nahe" or "aus" that is a named entity of its passage, in the lead or in the first sentences of
    the German reports. The place most reports name wins; it must be named by two reports or by
    the lead. "" when there is none (the dateline then shows the date only)."""

    groups: dict[str, set[int]] = {}
    first_seen: dict[str, tuple[int, int]] = {}
    seen: dict[int, int] = {}
    for unit in evidence.units:
        if unit.language != "de":
            continue
        position = seen.get(unit.group, 0)
        seen[unit.group] = position + 1
        if position >= opening and unit is not lead:
            continue
        for match in _PLACE.finditer(unit.core):
            name = match.group(1)
            if entity_key(name) in unit.names:
                groups.setdefault(name, set()).add(unit.group)
                first_seen.setdefault(name, (0 if unit is lead else 1, len(first_seen)))
    ranked = sorted(groups, key=lambda n: (-len(groups[n]), first_seen[n]))
    for name in ranked:
        if len(groups[name]) >= 2 or first_seen[name][0] == 0:
            return name
    return ""
