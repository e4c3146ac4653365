"""Sentence selection: score German passages, pick them without redundancy, give each a role.

Score of a candidate passage (weights in ``[write]``, see docs/configuration.md)::

    centrality_weight    · centrality      how well the other reports say the same (mean best match)
  + corroboration_weight · corroboration   share of the other independent outlets that support it
  + information_weight   · information     names and numbers it carries
  + position_weight      · position        news puts the most important facts first

Selection is maximal marginal relevance: the next sentence maximises ``λ·score − (1−λ)·redundancy``
with the sentences already chosen, and one that repeats a chosen sentence (similarity above
``redundancy_threshold``) is never taken. A sentence that points back ("Er blieb unverletzt.",
reported speech, a quote without its speaker) is only taken right after its predecessor.
Roles, in reading order: lead, details, quotes, outlook, background.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from newsdesk.config import WriteSettings
from newsdesk.write import german
from newsdesk.write.evidence import Evidence, Unit, similarity, supports

ROLES = ("lead", "details", "quotes", "outlook", "background")
CONTAINMENT_WEIGHT = 0.6  # a sentence whose words another one mostly contains repeats it
KEY_FACTS = 2  # the best scored sentences after the lead are details, never outlook or background
LEAD_MAX_RANK = 2  # the lead is one of a report's first three usable sentences (when there is one)
LEAD_POSITION_BONUS = 0.2  # the lead is preferably a report's own first sentence (bonus / (1 + rank))


@dataclass
class Candidate:
    unit: Unit
    score: float = 0.0
    centrality: float = 0.0
    support: dict[str, Unit] = field(default_factory=dict)  # outlet → its best supporting passage
    needs_previous: bool = False
    quote: bool = False
    role: str = "details"
    rank: int = 0  # position among the usable sentences of its report

    @property
    def words(self) -> int:
        return len(self.unit.core.split())


def candidates(evidence: Evidence, settings: WriteSettings) -> list[Candidate]:
    """Every passage in the target language that can stand in an article, scored."""
    by_group = evidence.by_group()
    outlets = {evidence.documents[g].outlet for g in evidence.groups}
    found: list[Candidate] = []
    for unit in evidence.units:
        if unit.language != settings.language or not _usable(unit.core, settings):
            continue
        found.append(
            Candidate(
                unit=unit,
                needs_previous=german.needs_predecessor(unit.core) or _speakerless_quote(unit.core),
                quote=german.has_quote(unit.core),
            )
        )
    others_total = max(1, len(outlets) - 1)
    for candidate in found:
        unit = candidate.unit
        matches: list[float] = []
        for group, members in by_group.items():
            outlet = evidence.documents[group].outlet
            if group == unit.group or outlet == unit.outlet:
                continue
            best = max(members, key=lambda other: similarity(unit, other, evidence.rare_names))
            matches.append(similarity(unit, best, evidence.rare_names))
            if supports(unit, best, evidence.rare_names):
                previous = candidate.support.get(outlet)
                if previous is None or similarity(unit, previous, evidence.rare_names) < matches[-1]:
                    candidate.support[outlet] = best
        candidate.centrality = sum(matches) / len(matches) if matches else 0.0
    top = max((c.centrality for c in found), default=0.0) or 1.0
    for candidate in found:
        unit = candidate.unit
        information = 1 - math.exp(-(len(unit.quantities) + 0.5 * len(unit.names)) / 2)
        rank = candidate.rank = _rank_in_document(candidate, found)
        candidate.score = (
            settings.centrality_weight * candidate.centrality / top
            + settings.corroboration_weight * len(candidate.support) / others_total
            + settings.information_weight * information
            + settings.position_weight / (1 + 0.3 * rank)
        )
    return found


def _usable(text: str, settings: WriteSettings) -> bool:
    words = text.split()
    if len(words) < settings.min_sentence_words or len(text) > settings.max_sentence_chars:
        return False
    if not text.rstrip("“”\"»«’' ").endswith((".", "!")) or text.rstrip().endswith(("?", "!")):
        return False  # headings, teasers without a verb, questions, exclamations
    if text.count("„") != text.count("“") or text.count("»") != text.count("«"):
        return False  # part of a quote that runs over several sentences: never cut a quote
    return not german.is_boilerplate(text)


def _speakerless_quote(text: str) -> bool:
    return german.has_quote(text) and not german.names_speaker(text)


def _rank_in_document(candidate: Candidate, found: list[Candidate]) -> int:
    own = [c for c in found if c.unit.group == candidate.unit.group]
    return own.index(candidate)


def select(found: list[Candidate], evidence: Evidence, settings: WriteSettings) -> list[Candidate]:
    """The sentences of the article in reading order, each with its role."""
    ranked = sorted(found, key=lambda c: (-c.score, c.unit.key))
    leads = [
        c
        for c in ranked
        if not c.needs_previous
        and not c.quote
        and not german.names_its_source(c.unit.core)
        and not german.feature_opening(c.unit.core)
    ]
    leads = leads or [c for c in ranked if not c.needs_previous and not c.quote]
    if not leads:
        return []
    # Reports put their most important fact first: the lead comes from a report's opening.
    leads = [c for c in leads if c.rank <= LEAD_MAX_RANK] or leads
    lead = max(
        leads, key=lambda c: (c.score + LEAD_POSITION_BONUS / (1 + c.rank), -c.unit.key[0], -c.unit.key[1])
    )
    lead.role = "lead"
    chosen = [lead]
    keys = {lead.unit.key}
    given = set(lead.unit.quantities)
    given_names = set(lead.unit.names)
    words = lead.words
    pool = [c for c in ranked if c is not lead]
    while pool and len(chosen) < settings.max_sentences:
        best: tuple[float, Candidate] | None = None
        for candidate in pool:
            if candidate.needs_previous and _previous_key(candidate) not in keys:
                continue
            redundancy = max(_redundancy(candidate.unit, c.unit, evidence.rare_names) for c in chosen)
            numbers = candidate.unit.quantities
            if numbers and numbers <= given:
                redundancy += 0.25  # every number in it was given already
            names = candidate.unit.names & evidence.rare_names
            if len(names) >= 2 and names <= given_names:
                redundancy += 0.15  # and every name
            if redundancy >= settings.redundancy_threshold or _same_numbers(candidate, chosen):
                continue
            value = settings.mmr_lambda * candidate.score - (1 - settings.mmr_lambda) * redundancy
            if best is None or value > best[0]:
                best = (value, candidate)
        if best is None or words + best[1].words > settings.max_words:
            break
        chosen.append(best[1])
        keys.add(best[1].unit.key)
        given |= best[1].unit.quantities
        given_names |= best[1].unit.names
        words += best[1].words
        pool.remove(best[1])
    return _order(chosen, evidence)


def _redundancy(a: Unit, b: Unit, rare_names: frozenset[str]) -> float:
    """Similarity, or how much of the shorter sentence's words the other one already says."""
    score = similarity(a, b, rare_names)
    if a.language != b.language:
        return score
    small, large = (
        (set(a.stems), set(b.stems)) if len(a.stems) <= len(b.stems) else (set(b.stems), set(a.stems))
    )
    containment = len(small & large) / len(small) if small else 0.0
    # Two reports of one moment share its small numbers ("23. Minute") and its people's names.
    surnames = {n for n in a.names & b.names if " " not in n}
    anchors = 0.15 * min(2, len(a.details & b.details)) + 0.1 * min(2, len(surnames))
    return max(score + (anchors if score > 0.05 else 0.0), CONTAINMENT_WEIGHT * containment)


def _previous_key(candidate: Candidate) -> tuple[int, int]:
    document, index = candidate.unit.key
    return (document, index - 1)


def _same_numbers(candidate: Candidate, chosen: list[Candidate]) -> bool:
    """A sentence whose numbers were all given already, in a sentence of the same language, repeats it."""
    numbers = candidate.unit.quantities
    if len(numbers) < 2:
        return False
    return any(numbers <= c.unit.quantities for c in chosen)


def _order(chosen: list[Candidate], evidence: Evidence) -> list[Candidate]:
    """Roles and reading order; a continuation stays right after the sentence it continues."""
    year = _event_year(evidence)
    heads = [c for c in chosen if not (c.needs_previous and c.role != "lead")]
    followers: dict[tuple[int, int], Candidate] = {
        _previous_key(c): c for c in chosen if c.needs_previous and c.role != "lead"
    }
    key_facts = {id(c) for c in sorted(heads[1:], key=lambda c: -c.score)[:KEY_FACTS]}
    for candidate in heads[1:]:
        text = candidate.unit.core
        if candidate.quote:
            candidate.role = "quotes"
        elif id(candidate) in key_facts:
            candidate.role = "details"  # the best supported facts stay near the top whatever their tense
        elif german.matches_cue(text, "outlook"):
            candidate.role = "outlook"
        elif german.matches_cue(text, "background") or any(y < year for y in candidate.unit.years):
            candidate.role = "background"
        else:
            candidate.role = "details"
    ordered: list[Candidate] = []
    for role in ROLES:
        members = [c for c in heads if c.role == role]
        if role == "details":
            members = _keep_reports_together(members)
        for candidate in members:
            ordered.append(candidate)
            follower = followers.get(candidate.unit.key)
            while follower is not None:
                follower.role = candidate.role if candidate.role != "lead" else "details"
                if candidate.role == "lead":
                    follower.role = "lead"
                ordered.append(follower)
                follower = followers.get(follower.unit.key)
    return ordered


def _keep_reports_together(members: list[Candidate]) -> list[Candidate]:
    """Details by importance, but a report's next detail follows it when it ranks close behind."""
    result: list[Candidate] = []
    remaining = list(members)
    while remaining:
        current = remaining.pop(0)
        result.append(current)
        same = [c for c in remaining if c.unit.group == current.unit.group and c.score >= current.score - 0.1]
        for candidate in sorted(same, key=lambda c: c.unit.key)[:1]:
            remaining.remove(candidate)
            result.append(candidate)
    return result


def _event_year(evidence: Evidence) -> int:
    years = [
        int(d.published[:4]) for d in evidence.documents.values() if d.published and d.published[:4].isdigit()
    ]
    return max(years) if years else 0
