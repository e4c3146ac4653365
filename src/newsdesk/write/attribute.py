"""Attribution in reading order, honest about agreement.

A sentence from one outlet is framed when the outlet changes ("…, berichtete die „Kronen
Zeitung“."); consecutive sentences of one outlet are not each re-attributed. Agreement is claimed
only where each outlet's own passage carries the whole sentence (``Piece.agreeing``: the verifier's
per-citation judgement ``supports``, or before verification the writer's strict test
:func:`agrees`): two outlets are named the first time a pair agrees ("…, berichteten die
Nachrichtenagentur dpa und die „Kronen Zeitung“ übereinstimmend."), three or more are summed up
("übereinstimmenden Berichten zufolge"), never twice in a row. Passages that carry only part of a
sentence are cited but never named. Quotes and sentences that name their own source keep their
words without a frame; a disputed value is always attributed. Each section starts afresh.
"""

from __future__ import annotations

from newsdesk.models import Citation
from newsdesk.write import german
from newsdesk.write.evidence import Evidence, Unit, cosine, stems
from newsdesk.write.resolve import Piece

STRICT_SIMILARITY = 0.45  # same-language word overlap for a passage to carry a whole sentence
STRICT_WORDS = 0.5  # … and the share of the sentence's words other than names that it has


def agrees(unit: Unit, other: Unit, rare_names: frozenset[str]) -> bool:
    """Whether ``other`` (another outlet's passage) carries all of ``unit``: every number, every
    rare name, and (same language) most of its words. The verifier's judgement replaces this
    test once the article is verified."""
    if not unit.quantities <= other.quantities or not unit.details <= other.details | other.quantities:
        return False
    if not (unit.names & rare_names) <= other.names:
        return False
    if unit.language == other.language:
        names = {w for n in unit.names for w in stems(n)}
        words = set(unit.stems) - names
        shared = len(words & set(other.stems)) / len(words) if words else 1.0
        return cosine(unit, other) >= STRICT_SIMILARITY and shared >= STRICT_WORDS
    return bool(unit.quantities) and bool(unit.names & other.names)


def outlet_phrase(evidence: Evidence, unit: Unit) -> german.NounPhrase:
    """How running text names the outlet of ``unit`` (the agency for agency copy)."""
    credit = evidence.credits.get(unit.group)
    agency = german.agency_outlet(credit) if credit else None
    document = evidence.documents[unit.group]
    return german.noun_phrase(agency or german.outlet_for(document.outlet, document.url))


class Planner:
    """Chooses each sentence's frame in reading order (see the module docstring)."""

    def __init__(self, evidence: Evidence) -> None:
        self.evidence = evidence
        self.attributor = german.Attributor()
        self.named_pairs: set[frozenset[str]] = set()
        self.new_section()

    def new_section(self) -> None:
        self.last: frozenset[str] = frozenset()
        self.last_agreed = False

    def text(self, piece: Piece) -> str:
        core = piece.text
        if piece.contrast and german.frameable(core) and not german.names_its_source(core):
            self.last, self.last_agreed = frozenset({piece.unit.outlet}), False
            return self.attributor.contrast(core, outlet_phrase(self.evidence, piece.unit))
        if piece.plain or piece.candidate.quote or german.names_its_source(core):
            self.last, self.last_agreed = frozenset(), False
            return core
        if not german.frameable(core) and german.finite_verb_end(core) is None:
            return core
        unit = piece.unit
        outlets = frozenset({unit.outlet, *piece.agreeing})
        if outlets == self.last and not piece.forced:
            return core
        if len(outlets) == 1:
            if not german.frameable(core):
                return core
            self.last, self.last_agreed = outlets, False
            return self.attributor.single(core, outlet_phrase(self.evidence, unit))
        if self.last_agreed and not piece.forced:
            self.last_agreed = False
            return core
        self.last, self.last_agreed = outlets, True
        if len(outlets) == 2 and (outlets not in self.named_pairs or piece.forced) and german.frameable(core):
            self.named_pairs.add(outlets)
            [other] = piece.agreeing.values()
            phrases = [outlet_phrase(self.evidence, unit), outlet_phrase(self.evidence, other)]
            return self.attributor.agreement(core, phrases, None)
        position = german.finite_verb_end(core)
        if position is None and not german.frameable(core):
            self.last, self.last_agreed = frozenset(), False
            return core
        return self.attributor.agreement(core, [], position)


def citations(piece: Piece) -> list[Citation]:
    """The passage the words come from first, then every other passage that carries the sentence
    or part of it (in passage order)."""
    unit = piece.unit
    cited = [Citation(unit.passage.document_id, unit.passage.index, unit.core)]
    others = {u.key: u for u in (*piece.agreeing.values(), *piece.partial.values()) if u.key != unit.key}
    for key in sorted(others):
        other = others[key]
        cited.append(Citation(other.passage.document_id, other.passage.index, other.core))
    return cited
