"""Composing the extractive article from the chosen sentences: one pass, no verifier.

The steps, each its own module: reading order (:mod:`~newsdesk.write.order`), references
(:mod:`~newsdesk.write.resolve`), shorter copies (:mod:`~newsdesk.write.compress`), the other value
of a dispute (:mod:`~newsdesk.write.conflicts`), headline and sub-headline
(:mod:`~newsdesk.write.headline`), sections, and frames (:mod:`~newsdesk.write.attribute`).
:class:`Story` holds what does not change between the verifier's rounds; :func:`compose` is called
again whenever the verifier removes a sentence or a citation.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from newsdesk.config import WriteSettings
from newsdesk.models import (
    Article,
    Citation,
    Conflict,
    ConflictValue,
    Paragraph,
    Section,
    Sentence,
    utc_now,
)
from newsdesk.write import german, layout, order
from newsdesk.write.attribute import Planner, agrees, citations
from newsdesk.write.compress import compress
from newsdesk.write.conflicts import Dispute, Review
from newsdesk.write.discourse import Discourse
from newsdesk.write.evidence import Evidence, Unit, mentioned_place
from newsdesk.write.headline import compose as compose_headline
from newsdesk.write.headline import copies_title, in_body, repeats
from newsdesk.write.resolve import Piece, Resolver
from newsdesk.write.select import Candidate, title_fit, title_words

_PLACE = re.compile(
    r"\b(?:[Ii]n|[Ii]m|[Bb]ei|[Nn]ahe)\s+(?:[a-zäöüß]+e[nrs]?\s+)?([A-ZÄÖÜ][a-zäöüß]+(?:-[A-ZÄÖÜ][a-zäöüß]+)?)\b"
)
SUB_MAX_WORDS = 32


@dataclass
class Story:
    """What the writer knows about a story across the verifier's rounds."""

    evidence: Evidence
    discourse: Discourse
    settings: WriteSettings
    review: Review
    writer: str = "extractive"
    article_id: str = ""
    judged: dict[tuple[tuple[int, int], tuple[int, int]], str] = field(default_factory=dict)  # label
    usable: dict[tuple[int, int], Candidate] = field(default_factory=dict)  # every candidate by passage
    plain: set[tuple[int, int]] = field(default_factory=set)  # sentences to leave without a frame
    rejected_headlines: set[str] = field(default_factory=set)
    rejected_subs: set[tuple[int, int]] = field(default_factory=set)


@dataclass
class Draft:
    """An article and how it was made: the piece behind each sentence id, what was left out."""

    article: Article
    pieces: dict[str, Piece]
    sub: Piece | None
    left_out: list[tuple[Candidate, str]]
    lead: Piece | None


def _support(story: Story, candidate: Candidate, piece: Piece) -> None:
    """Which other outlets' passages carry the sentence (the verifier's judgement when there is one)."""
    evidence = story.evidence
    for outlet, unit in sorted(candidate.support.items()):
        label = story.judged.get((candidate.unit.key, unit.key))
        if label is None:
            label = "supports" if agrees(candidate.unit, unit, evidence.rare_names) else "partial"
        if label == "supports":
            piece.agreeing[outlet] = unit
        elif label == "partial":
            piece.partial[outlet] = unit


def _shorten(story: Story, piece: Piece) -> None:
    names = [p.name for p in story.discourse.people.by_key.values()]
    text, notes = compress(piece.text, story.settings.max_verbatim_words, names)
    piece.text, piece.edits = text, piece.edits + notes


def choose_sub(story: Story, chosen: Sequence[Candidate], headline: str, place: str) -> Candidate | None:
    """The key fact that can stand under the headline (see :mod:`~newsdesk.write.headline`): the
    earliest in its report (news puts the most important facts first), then the best supported."""
    lead = chosen[0] if chosen else None
    titles = title_words(story.evidence, story.settings.language)
    others = [
        c
        for c in story.usable.values()
        if c not in chosen and c.rank <= 3 and not any(_restates(c, x) for x in chosen)
    ]
    ranked = sorted(
        [*chosen[1:], *others],
        key=lambda c: (
            min(c.rank, 4),
            -(c.score + 0.1 * len(c.support) + 0.5 * title_fit(c.unit, titles)),
            c.unit.key,
        ),
    )
    for candidate in ranked:
        text = candidate.unit.core
        places = {p for p in _PLACE.findall(text) if any(e.text == p for e in candidate.unit.entities)}
        if (
            candidate.needs_previous
            or not candidate.standalone
            or candidate.quote
            or candidate.unit.key in story.rejected_subs
            or candidate.words > SUB_MAX_WORDS + 10
            or german.feature_opening(text)
            or german.matches_cue(text, "background")
            or repeats(text, headline)
            or (lead is not None and repeats(text, lead.unit.core, 0.5))
            or (places and place and place not in places)
            or order.statement(text)
            or story.discourse.references(candidate.unit)
        ):
            continue
        return candidate
    return None


def _restates(candidate: Candidate, other: Candidate) -> bool:
    """Whether a sentence says what a chosen one says: most of its words, or half of them and a number."""
    shared = bool(candidate.unit.quantities & other.unit.quantities)
    return repeats(candidate.unit.core, other.unit.core, 0.5 if shared else 0.75)


def _headline(story: Story, chosen: Sequence[Candidate]) -> str:
    """The first composed headline of the lead or the next standalone facts that qualifies."""
    titles = [d.title for d in story.evidence.documents.values()]
    limit = min(story.settings.headline_max_chars, 80)
    body = " ".join(c.unit.core for c in chosen)
    for candidate in [
        c for c in chosen if c.standalone and not c.quote and not c.needs_previous and not c.disputed
    ][:4]:
        headline = compose_headline(candidate.unit.core, limit)
        if (
            headline
            and headline not in story.rejected_headlines
            and not copies_title(headline, titles)
            and in_body(headline, body)
        ):
            return headline
    lead = chosen[0].unit.core.rstrip(".") if chosen else ""
    return german.shorten(lead, limit)


def _place(story: Story, lead: Candidate | None) -> str:
    """The lead's place: one it names ("in Passau"), else its report's dateline, else the one most
    reports name."""
    evidence = story.evidence
    if lead is not None:
        for name in _PLACE.findall(lead.unit.core):
            if any(e.text == name for e in lead.unit.entities):
                return name
        if lead.unit.group in evidence.places:
            return evidence.places[lead.unit.group]
    return mentioned_place(evidence, lead.unit if lead else None)


def compose(story: Story, chosen: list[Candidate]) -> Draft:
    """The article from ``chosen`` (lead first), see the module docstring."""
    evidence, settings = story.evidence, story.settings
    lead = chosen[0] if chosen else None
    place = _place(story, lead)
    headline = _headline(story, chosen)
    sub_candidate = choose_sub(story, chosen, headline, place)
    sub: Piece | None = None
    resolver = Resolver(story.discourse)
    if sub_candidate is not None:
        sub, _ = resolver.add(sub_candidate)
        if sub is not None:
            _shorten(story, sub)
            _support(story, sub_candidate, sub)
    resolver.kept = []  # the body starts afresh; people the sub-headline introduced stay introduced
    body = [c for c in chosen if sub is None or c is not sub_candidate]
    ordered = order.arrange(body, evidence, story.discourse, place)
    planned = layout.plan([Piece(c, c.unit.core) for c in ordered], story.discourse, place, headline)
    laid: list[tuple[str, list[Piece]]] = []
    left_out: list[tuple[Candidate, str]] = []
    present = {c.unit.key for c in ordered}
    for heading, members in planned:
        section: list[Piece] = []
        for candidate in (m.candidate for m in members):
            piece, reason = resolver.add(candidate)
            if piece is None:
                left_out.append((candidate, reason))
                continue
            _prepare(story, piece)
            section.append(piece)
            contrast = _contrast(story, piece, present)
            if contrast is not None:
                stated, _ = resolver.add(contrast)
                if stated is not None:
                    stated.contrast = True
                    _prepare(story, stated)
                    section.append(stated)
                    present.add(contrast.unit.key)
        laid.append((heading, section))
    sections, by_id = _sections(story, laid)
    pieces = list(by_id.values())
    sub_text = sub.text if sub else ""
    article = Article(
        id=story.article_id,
        story_id=evidence.story_id,
        language=settings.language,
        writer=story.writer,
        headline=headline,
        subheadline=sub_text,
        dateline=german.make_dateline(place, _date_of(evidence, lead.unit if lead else None)),
        sections=sections,
        sources=[],
        generated_at=utc_now(),
        headline_source=None,
        subheadline_citations=citations(sub) if sub else [],
        conflicts=_conflicts(story, by_id),
    )
    return Draft(article, by_id, sub, left_out, pieces[0] if pieces else None)


def _date_of(evidence: Evidence, unit: Unit | None) -> str | None:
    group = unit.group if unit else min(evidence.groups)
    return evidence.documents[group].published


def _prepare(story: Story, piece: Piece) -> None:
    _shorten(story, piece)
    _support(story, piece.candidate, piece)
    piece.plain = piece.unit.key in story.plain
    piece.forced = any(piece.unit in units for d in story.review.disputes for _, units in d.values)


def _contrast(story: Story, piece: Piece, present: set[tuple[int, int]]) -> Candidate | None:
    """Where both values of a dispute stand, the other side's sentence, to follow ``piece``."""
    for dispute in story.review.disputes:
        if dispute.chosen or dispute.other is None:
            continue
        sides = [i for i, (_, units) in enumerate(dispute.values) if piece.unit in units]
        if not sides:
            continue
        others = [
            u for u in dispute.values[1 - sides[0]][1] if u.key in story.usable and u.key not in present
        ]
        if others:
            candidate = story.usable[others[0].key]
            candidate.role, candidate.topic = piece.candidate.role, piece.candidate.topic
            return candidate
    return None


def _sections(story: Story, laid: list[tuple[str, list[Piece]]]) -> tuple[list[Section], dict[str, Piece]]:
    """Paragraphs and frames; a section left with fewer than two paragraphs keeps no heading."""
    planner = Planner(story.evidence)
    numbering = iter(range(1, 10_000))
    by_id: dict[str, Piece] = {}
    sections: list[Section] = []
    for index, (heading, members) in enumerate(laid):
        if not members:
            continue
        groups = layout.paragraphs(members, story.discourse, first=index == 0)
        planner.new_section()
        section = Section(heading=heading if len(groups) >= 2 or index == 0 else "")
        for group in groups:
            sentences = []
            for piece in group:
                sentence_id = f"s{next(numbering)}"
                by_id[sentence_id] = piece
                sentences.append(
                    Sentence(id=sentence_id, text=planner.text(piece), citations=citations(piece))
                )
            section.paragraphs.append(Paragraph(sentences))
        sections.append(section)
    return sections, by_id


def _conflicts(story: Story, by_id: dict[str, Piece]) -> list[Conflict]:
    found = []
    for dispute in story.review.disputes:
        found.append(_conflict(story, dispute, by_id))
    return found


def _conflict(story: Story, dispute: Dispute, by_id: dict[str, Piece]) -> Conflict:
    values = []
    keys: set[tuple[int, int]] = set()
    for text, units in dispute.values:
        outlets = tuple(dict.fromkeys(story.evidence.documents[u.group].outlet for u in units))
        cited = tuple(Citation(u.passage.document_id, u.passage.index, u.core) for u in units)
        keys |= {u.key for u in units}
        values.append(ConflictValue(text, cited, outlets))
    ids = tuple(sid for sid, piece in by_id.items() if piece.unit.key in keys)
    resolution = dispute.resolution
    if not dispute.chosen:
        stated = {i for i, (_, units) in enumerate(dispute.values) for p in by_id.values() if p.unit in units}
        if len(stated) < 2:
            resolution = "ungeklärt, beide Angaben im Hinweis"  # the text states one, attributed
    return Conflict(dispute.about, tuple(values), dispute.chosen, resolution, ids)
