"""Sentence selection: score German passages, pick them without redundancy, give each a role.

Score of a candidate passage (weights in ``[write]``, see docs/configuration.md)::

    centrality_weight    · centrality      how well the other reports say the same (mean best match)
  + corroboration_weight · corroboration   share of the other independent outlets that support it
  + information_weight   · information     names and numbers it carries
  + position_weight      · position        news puts the most important facts first

Selection is maximal marginal relevance: the next sentence maximises ``λ·score − (1−λ)·redundancy``
with the sentences already chosen, and one that repeats a chosen sentence (similarity above
``redundancy_threshold``) is never taken. A sentence that can only follow the sentence before it in
its report (:meth:`~newsdesk.write.discourse.Discourse.strong`: "Er blieb unverletzt.", reported
speech, a quote without its speaker, "Allerdings …") is only taken once that sentence is chosen.
Debris (captions, bylines, teasers, embeds), sentences with one report's misspelling of a name and
sentences a later report supersedes are never candidates. The lead is a report's statement of what
happened that stands on its own: no reference back at all. Reading order is decided by
:mod:`newsdesk.write.order`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from newsdesk.config import WriteSettings
from newsdesk.lang.quantities import quantity_keys
from newsdesk.write import german, hygiene
from newsdesk.write.discourse import Discourse
from newsdesk.write.evidence import Evidence, Unit, similarity, stems, supports
from newsdesk.write.headline import compose as compose_headline
from newsdesk.write.people import name_spans

ROLES = ("lead", "details", "quotes", "outlook", "background")
CONTAINMENT_WEIGHT = 0.6  # a sentence whose words another one mostly contains repeats it
LEAD_MAX_RANK = 2  # the lead is one of a report's first three usable sentences (when there is one)
LEAD_POSITION_BONUS = 0.3  # the lead is preferably a report's own first sentence (bonus / (1 + rank))
LEAD_REPEAT = 0.5  # a sentence with this share of its words in the lead repeats the lead
LEAD_SHORTLIST = 5  # lead candidates whose clause is parsed for a headline
HEADLINE_BONUS = 0.15  # … and the bonus of one that yields a headline
TITLE_WEIGHT = 0.6  # … and says what the reports' titles say (share of their words it has)


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
    topic: str = ""  # section topic (newsdesk.write.order)
    standalone: bool = True  # no reference back at all (can open the article)
    disputed: bool = False  # states a value the reports disagree on (no lead, no headline)

    @property
    def words(self) -> int:
        return len(self.unit.core.split())


def usable_units(evidence: Evidence, settings: WriteSettings) -> list[Unit]:
    """The passages in the target language that can stand in an article: report text (no debris),
    complete sentences, no one-report misspelling of a name."""
    return [
        unit
        for unit in evidence.units
        if unit.language == settings.language
        and not unit.debris
        and _usable(unit.core, settings)
        and not hygiene.carries_typo(unit.core, evidence.typos)
    ]


def candidates(
    evidence: Evidence, settings: WriteSettings, story: Discourse, units: list[Unit] | None = None
) -> list[Candidate]:
    """Every usable passage (see :func:`usable_units`, or ``units``), scored."""
    by_group = evidence.by_group()
    outlets = {evidence.documents[g].outlet for g in evidence.groups}
    found: list[Candidate] = []
    for unit in usable_units(evidence, settings) if units is None else units:
        references = story.references(unit)
        found.append(
            Candidate(
                unit=unit,
                needs_previous=story.strong(unit),
                quote=german.has_quote(unit.core),
                standalone=not any(r.kind != "surname" or r.person not in r.window for r in references),
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
    if text.startswith(("Es war ", "Es ist ")) and not any(c.isdigit() for c in text):
        return False  # a feature's scene ("Es war schon dunkel über …"), not news
    return not german.is_boilerplate(text)


def _rank_in_document(candidate: Candidate, found: list[Candidate]) -> int:
    own = [c for c in found if c.unit.group == candidate.unit.group]
    return own.index(candidate)


def select(
    found: list[Candidate], evidence: Evidence, settings: WriteSettings, story: Discourse
) -> list[Candidate]:
    """The sentences of the article, lead first, then in the order they were chosen."""
    ranked = sorted(found, key=lambda c: (-c.score, c.unit.key))
    leads = [
        c
        for c in ranked
        if not c.needs_previous
        and c.standalone
        and not c.quote
        and not german.names_its_source(c.unit.core)
        and not german.feature_opening(c.unit.core)
    ]
    leads = leads or [c for c in ranked if not c.needs_previous and not c.quote]
    if not leads:
        return []
    # Reports put their most important fact first: the lead comes from a report's opening, and it
    # says what the reports' titles say.
    leads = [c for c in leads if c.rank <= LEAD_MAX_RANK] or leads
    leads = [c for c in leads if not german.matches_cue(c.unit.core, "background")] or leads
    leads = [c for c in leads if not c.disputed] or leads
    titles = title_words(evidence, settings.language)

    def merit(candidate: Candidate) -> float:
        return (
            candidate.score
            + LEAD_POSITION_BONUS / (1 + candidate.rank)
            + TITLE_WEIGHT * title_fit(candidate.unit, titles)
        )

    # A lead says who did what: a main clause a headline can be made of ("steht fest, wie …" cannot).
    shortlist = sorted(leads, key=lambda c: (-merit(c), c.unit.key))[:LEAD_SHORTLIST]
    lead = max(
        shortlist,
        key=lambda c: (
            merit(c) + HEADLINE_BONUS * bool(compose_headline(c.unit.core)),
            -c.unit.key[0],
            -c.unit.key[1],
        ),
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
            if candidate.needs_previous and story.predecessor(candidate.unit) not in keys:
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
            if _contained(candidate.unit, lead.unit) >= LEAD_REPEAT:
                continue  # a second report's version of the lead
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
    return chosen


def title_words(evidence: Evidence, language: str) -> list[set[str]]:
    """Word stems and number keys of each report's title in ``language``."""
    return [
        set(stems(d.title)) | quantity_keys(d.title, language)
        for d in evidence.documents.values()
        if d.language == language and d.duplicate_of is None
    ]


def title_fit(unit: Unit, titles: list[set[str]]) -> float:
    """How much of the reports' titles the sentence says (mean share of title words and numbers)."""
    own = set(unit.stems) | unit.quantities
    shares = [len(t & own) / len(t) for t in titles if t]
    return sum(shares) / len(shares) if shares else 0.0


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
    people = _people(a) & _people(b)
    anchors = (
        0.15 * min(2, len(a.details & b.details)) + 0.1 * min(2, len(surnames)) + 0.1 * min(2, len(people))
    )
    return max(score + (anchors if score > 0.05 else 0.0), CONTAINMENT_WEIGHT * containment)


def _contained(a: Unit, b: Unit) -> float:
    """Share of ``a``'s content words that ``b`` has too."""
    words = set(a.stems)
    return len(words & set(b.stems)) / len(words) if words else 0.0


def _people(unit: Unit) -> set[str]:
    """Surnames of the two-word names a sentence mentions ("Brucker" in "Johanna Brucker")."""
    return {unit.core[s:e].split()[-1] for s, e, _ in name_spans(unit.core)}


def _same_numbers(candidate: Candidate, chosen: list[Candidate]) -> bool:
    """A sentence whose numbers were all given already, in a sentence of the same language, repeats it."""
    numbers = candidate.unit.quantities
    if len(numbers) < 2:
        return False
    return any(numbers <= c.unit.quantities for c in chosen)
