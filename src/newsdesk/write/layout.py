"""Layout: the resolved sentences in sections and paragraphs, with headings from the story's content.

After the references are resolved (:mod:`newsdesk.write.resolve`), sections are laid out:
paragraphs of up to three sentences (two in a section of three or more, as online news reads), a
block of sentences that continue each other never split. A topic of two paragraphs or more gets a
section headed with its topic (and the place its sentences are about, when that is not the
dateline's: "Evakuierungen in Oberösterreich"); a smaller topic joins the section it is closest to,
or the opening section; no section of a single paragraph gets a heading.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from newsdesk.write.discourse import Discourse
from newsdesk.write.evidence import cosine
from newsdesk.write.order import LEAD_TOPIC, places_in, topic_of
from newsdesk.write.resolve import Piece
from newsdesk.write.wording import word_tag, words

SECTION_FIT = 0.25  # least similarity for a small topic to join a bigger one


def plan(
    pieces: Sequence[Piece], story: Discourse, place: str, headline: str
) -> list[tuple[str, list[Piece]]]:
    """Sections in reading order, each a heading ("" for none) and its sentences (see the module
    docstring). Called on the chosen sentences before their references are resolved, so that
    resolution sees the final reading order.

    The first section (no heading) holds the lead, the key facts and every topic too small for a
    section of its own that is not close to a bigger one; a topic of two paragraphs or more gets a
    section with its heading; a small topic close to a bigger one joins it."""
    runs: list[tuple[str, list[Piece]]] = []
    for piece in pieces:
        topic = LEAD_TOPIC if piece.candidate.role == "lead" else piece.candidate.topic
        if runs and (runs[-1][0] == topic or _continues(piece, runs[-1][1][-1], story)):
            runs[-1][1].append(piece)
        else:
            runs.append((topic, [piece]))
    merged: dict[str, list[Piece]] = {}
    for topic, members in runs:
        merged.setdefault(topic, []).extend(members)
    intro: list[Piece] = merged.pop(LEAD_TOPIC, [])
    headed: list[tuple[str, str, list[Piece]]] = []  # (topic, heading, members)
    small: list[tuple[str, list[Piece]]] = []
    used = {headline.casefold()}
    for topic, members in merged.items():
        heading = _heading(topic, members, place)
        if len(paragraphs(members, story, first=False)) >= 2 and heading and heading.casefold() not in used:
            used.add(heading.casefold())
            headed.append((topic, heading, members))
        else:
            small.append((topic, members))
    closing: list[Piece] = []
    for topic, members in small:
        target = _closest(members, [(heading, group) for _, heading, group in headed])
        if target is not None:
            target[1].extend(members)
        elif topic in ("outlook", "background") and headed:
            closing += members  # the article's last words, after its last section
        else:
            intro += members
    if closing:
        headed[-1][2].extend(closing)
    # the heading says what the section holds once it is complete ("… in Linz" only if it is all Linz)
    final = [(_heading(topic, members, place) or heading, members) for topic, heading, members in headed]
    return [(heading, members) for heading, members in [("", intro), *final] if members]


def _closest(members: list[Piece], headed: list[tuple[str, list[Piece]]]) -> tuple[str, list[Piece]] | None:
    """The headed section a small topic is closest to (shared words), if close enough."""
    best, score = None, 0.0
    for section in headed:
        value = max(cosine(a.unit, b.unit) for a in members for b in section[1])
        if value > score:
            best, score = section, value
    return best if score >= SECTION_FIT else None


def _continues(piece: Piece, previous: Piece, story: Discourse) -> bool:
    return story.predecessor(piece.unit) == previous.unit.key and piece.candidate.needs_previous


def paragraphs(members: Sequence[Piece], story: Discourse, *, first: bool) -> list[list[Piece]]:
    """Paragraphs of up to three sentences (two in a section of three or more, as online news
    reads); a continuation or a quote stays with the one before; the article's first paragraph is
    the lead (with a continuation of it) alone."""
    size = 3 if first or len(members) < 3 else 2
    result: list[list[Piece]] = []
    for piece in members:
        current = result[-1] if result else None
        joined = current is not None and (
            _continues(piece, current[-1], story)
            or (
                piece.candidate.role == "quotes"
                and current[-1].candidate.role != "quotes"
                and len(current) < 4
            )
        )
        lead_alone = (
            first and len(result) == 1 and current is not None and current[0].candidate.role == "lead"
        )
        if current is None or (not joined and (len(current) >= size or lead_alone)):
            result.append([piece])
        else:
            current.append(piece)
    return result


def _heading(topic: str, members: list[Piece], place: str) -> str:
    if topic == "outlook":
        topic = topic_of(" ".join(p.text for p in members)) or "Ausblick"
    elif topic == "background":
        topic = "Vorgeschichte"
    elif not topic:
        topic = _salient_noun(members)
    if not topic:
        return ""
    where = _common_place(members)
    if where and where != place and where not in topic:
        return f"{topic} in {where}"
    return topic


def _common_place(members: list[Piece]) -> str:
    """The place the section is about: every sentence that names a place names it ("in
    Oberösterreich"), and at least two do."""
    counts: Counter[str] = Counter()
    naming = 0
    for piece in members:
        names = {n for n in places_in(piece.text) if n and word_tag(n.split()[-1]) == "NE"}
        naming += bool(names)
        counts.update(names)
    if not counts:
        return ""
    name, count = counts.most_common(1)[0]
    return name if count == naming and count >= 2 else ""


def _salient_noun(members: list[Piece]) -> str:
    """The noun the section's sentences share most (used as a heading when no topic fits)."""
    counts: Counter[str] = Counter()
    surface: dict[str, str] = {}
    for piece in members:
        seen = set()
        for word in re.findall(r"(?<![\w\-])[A-ZÄÖÜ][a-zäöüß]{4,}(?![\w\-])", piece.text):
            stem = word.lower()[:6]
            if stem in seen or word_tag(word) != "NN" or word in words("time_nouns"):
                continue
            seen.add(stem)
            counts[stem] += 1
            surface.setdefault(stem, word)
    if not counts:
        return ""
    stem, count = counts.most_common(1)[0]
    return surface[stem] if count >= 2 else ""
