"""Order and layout: lead first, then the details by topic and in time order, quotes after the fact
they comment on, outlook and background last; sections headed with the story's own topics.

**Blocks.** A sentence that can only follow the sentence before it in its report (see
:mod:`newsdesk.write.discourse`) forms a block with it; blocks are never split.

**Roles.** The lead block opens the article, followed by the best supported key facts. A block
with a direct quote is a ``quotes`` block; a future plan or date is ``outlook`` (``[cues]`` in
``data/attribution.toml``); a past year or a cue like "bisher", "damals" is ``background``. Everything
else is a detail.

**Topics and order.** Each block gets the topic of ``data/topics.toml`` whose words it contains
most. Details are grouped by topic, groups ordered by their most important sentence; inside a
group, blocks that say when they happened (a match minute, a clock time, a weekday) follow each
other in time order, the others keep their rank. A quote goes right after the detail it is most
about (shared words and people); one that is about none forms a group of its own. Outlook and
background close the article.

The layout into sections and paragraphs follows in :mod:`newsdesk.write.layout`, once the
references are resolved.
"""

from __future__ import annotations

import functools
import re
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from importlib import resources
from typing import Any

from newsdesk.lang.dates import extract_dates
from newsdesk.write import german
from newsdesk.write.discourse import Discourse
from newsdesk.write.evidence import Evidence, Unit, cosine
from newsdesk.write.select import Candidate
from newsdesk.write.wording import continues_quote

KEY_FACTS = 2  # best supported details that join the lead section
LEAD_TOPIC = "\x00lead"  # the lead section's topic (no heading)
QUOTE_FIT = 0.12  # least similarity for a quote to follow a detail
_MINUTE = re.compile(r"\b(\d{1,3})\. Minute")
_CLOCK = re.compile(r"\b(\d{1,2})(?:[.:](\d{2}))? Uhr\b")
_PARTS = {"morgen": 7, "vormittag": 10, "mittag": 12, "nachmittag": 15, "abend": 19, "nacht": 23}
_MATCH = (
    (re.compile(r"\b(?:Zwei|Drei|zwei|drei|wenige[n]?) Minuten vor (?:dem |)(?:Ende|Schluss|Abpfiff)\b"), 88),
    (re.compile(r"\bNachspielzeit\b"), 95),
    (re.compile(r"\b(Schlusspfiff|Abpfiff)\b"), 100),
    (re.compile(r"\b(vor der Pause|erste[nr]? Halbzeit)\b"), 30),
    (re.compile(r"\b(nach der Pause|Seitenwechsel|zweite[nr]? Halbzeit)\b"), 60),
)
_SAYING = re.compile(
    r"\b(?:sprach|sprachen) von\b|\b(?:kritisierte|forderte|warnte|lobte|bekräftigte|räumte)\b|"
    r"\b(?:sei|seien|habe|hätten|werde|würden)\b.*\b(?:sagte|erklärte|betonte|so)\b"
)
_PLACE = re.compile(
    r"\b(?:[Ii]n|[Ii]m|[Bb]ei|[Nn]ach|[Aa]us)\s+(?:[a-zäöüß]+e[nrs]?\s+)?((?:ganz\s+)?[A-ZÄÖÜ][a-zäöüß]+(?:-[A-ZÄÖÜ][a-zäöüß]+)?)\b"
)


@functools.cache
def _topics() -> tuple[tuple[str, tuple[str, ...]], ...]:
    text = resources.files("newsdesk.data").joinpath("topics.toml").read_text("utf-8")
    data: dict[str, Any] = tomllib.loads(text)
    return tuple((t["heading"], tuple(w.lower() for w in t["words"])) for t in data["topic"])


def topic_of(text: str) -> str:
    """The heading of the topic whose words ``text`` contains most ("" when none)."""
    lowered = " " + text.lower()
    tokens = re.findall(r"[\w\-]+", text.lower())
    best, hits = "", 0
    for heading, words in _topics():
        count = sum(1 for w in words if (_starts(w, tokens) if " " not in w else w in lowered))
        if count > hits:
            best, hits = heading, count
    return best


def _starts(word: str, tokens: list[str]) -> bool:
    """A topic word at the start of a token: the whole token, an inflected form ("evakuiert"), or a
    compound's first part when the word is long enough to be one ("feuerwehr" in "feuerwehrleute")."""
    return any(token.startswith(word) and (len(token) - len(word) <= 3 or len(word) >= 7) for token in tokens)


@dataclass
class Block:
    """A sentence and the sentences that can only follow it."""

    members: list[Candidate]
    role: str = "details"
    topic: str = ""
    time: tuple[int, float] | None = None
    after: int = -1  # for a quote: index of the detail block it follows

    @property
    def head(self) -> Candidate:
        return self.members[0]

    @property
    def score(self) -> float:
        return max(c.score for c in self.members)

    @property
    def text(self) -> str:
        return " ".join(c.unit.core for c in self.members)


def blocks(chosen: Sequence[Candidate], story: Discourse) -> list[Block]:
    """Chains of sentences that continue each other in their report, lead first."""
    keys = {c.unit.key: c for c in chosen}
    follower: dict[tuple[int, int], Candidate] = {}
    for candidate in chosen:
        previous = story.predecessor(candidate.unit)
        if candidate.needs_previous and previous in keys and candidate is not chosen[0]:
            follower[previous] = candidate
    followers = {id(c) for c in follower.values()}
    result: list[Block] = []
    for candidate in chosen:
        if id(candidate) in followers:
            continue
        members = [candidate]
        while members[-1].unit.key in follower:
            members.append(follower.pop(members[-1].unit.key))
        result.append(Block(members))
    return result


def time_key(unit: Unit, evidence: Evidence) -> tuple[int, float] | None:
    """When the sentence says it happened: (0, match minute) or (1, days + hours/24) since 2000."""
    text = unit.core
    minutes = [int(m) for m in _MINUTE.findall(text)]
    if minutes:
        return (0, float(min(minutes)))
    for pattern, minute in _MATCH:
        if pattern.search(text):
            return (0, float(minute))
    document = evidence.documents[unit.passage.document_id]
    published = _published(document.published)
    day: date | None = None
    hour: float | None = None
    for mention in extract_dates(text, unit.language, reference=published):
        day = mention.as_date() or _weekday(published, mention.weekday)
        if day is not None:
            part = mention.text.lower()
            hour = next((h for name, h in _PARTS.items() if part.endswith(name)), None)
            break
    clock = _CLOCK.search(text)
    if clock:
        hour = int(clock.group(1)) + int(clock.group(2) or 0) / 60
    if day is None and hour is None:
        return None
    day = day or published
    if day is None:
        return None
    return (1, (day - date(2000, 1, 1)).days + (hour if hour is not None else 12) / 24)


def _inherited(block: Block, evidence: Evidence, story: Discourse) -> tuple[int, float] | None:
    """A sentence about the person its report's sentence before is about happened then too
    ("Die englische Nationalspielerin köpfte …" after "… durch Ellie Marsden in der 23. Minute …")."""
    unit = block.head.unit
    if not any(r.person for r in story.references(unit)):
        return None
    before = story.before(unit)
    return time_key(before, evidence) if before is not None else None


def _published(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return datetime.fromisoformat(value).date()
    except ValueError:
        return None


def _weekday(published: date | None, weekday: int | None) -> date | None:
    """The weekday on or before the publication date (news tells what happened)."""
    if published is None or weekday is None:
        return None
    return published - timedelta(days=(published.weekday() - weekday) % 7)


def statement(text: str) -> bool:
    """Whether a sentence reports what somebody said ("…, sagte X", "X sprach von …", reported speech)."""
    if german.has_quote(text) or continues_quote(text) or german.names_speaker(text):
        return True
    return bool(_SAYING.search(text)) or (
        bool(re.search(r",\s*(?:sagte|sagten|erklärte|betonte|meinte|warnte|kritisierte)\b", text))
    )


def _role(block: Block, year: int, event_day: float | None) -> str:
    text = block.head.unit.core
    if any(statement(c.unit.core) for c in block.members):
        return "quotes"
    if german.matches_cue(text, "outlook"):
        return "outlook"
    past_year = any(y < year for y in block.head.unit.years)
    same_day = block.time is not None and (
        block.time[0] == 0 or event_day is None or block.time[1] >= event_day - 1
    )
    if past_year or (german.matches_cue(text, "background") and not same_day):
        return "background"
    return "details"


def _event_year(evidence: Evidence) -> int:
    years = [
        int(d.published[:4]) for d in evidence.documents.values() if d.published and d.published[:4].isdigit()
    ]
    return max(years) if years else 0


def _similar(a: Block, b: Block) -> float:
    shared = set(a.head.unit.names) & set(b.head.unit.names)
    return max(cosine(x.unit, y.unit) for x in a.members for y in b.members) + 0.1 * len(shared)


def fold_place(name: str) -> str:
    """ "ganz Niederbayern" → "Niederbayern"."""
    return name.removeprefix("ganz ").strip()


def places_in(text: str) -> set[str]:
    """Places a sentence says it is about ("in Oberösterreich", "im bayerischen Passau")."""
    return {fold_place(m) for m in _PLACE.findall(text)}


def _elsewhere(block: Block, place: str) -> bool:
    """Whether a block is about another place than the dateline's ("In Linz …" under Passau)."""
    named = places_in(block.text)
    return bool(place) and bool(named) and place not in named


def arrange(
    chosen: Sequence[Candidate], evidence: Evidence, story: Discourse, place: str = ""
) -> list[Candidate]:
    """The chosen sentences in reading order; each gets its ``role`` and ``topic`` (see the module
    docstring). ``chosen[0]`` is the lead."""
    if not chosen:
        return []
    found = blocks(chosen, story)
    lead, rest = found[0], found[1:]
    year = _event_year(evidence)
    lead_time = time_key(lead.head.unit, evidence)
    event_day = lead_time[1] if lead_time and lead_time[0] == 1 else None
    for block in rest:
        block.time = time_key(block.head.unit, evidence) or _inherited(block, evidence, story)
        block.role = _role(block, year, event_day)
        block.topic = topic_of(block.text)
    details = [b for b in rest if b.role == "details"]
    untimed = [b for b in details if b.time is None or b.time[0] != 0] or details  # a match minute: timeline
    key = sorted(untimed, key=lambda b: -(b.score - 0.25 * _elsewhere(b, place)))[:KEY_FACTS]
    for block in (lead, *key):
        block.topic = LEAD_TOPIC
    body = [b for b in details if b not in key]
    groups = _groups(body)
    quotes = [b for b in rest if b.role == "quotes"]
    placed = _place_quotes(quotes, [lead, *key, *body])
    ordered: list[Block] = [lead, *_timeline(key)]
    for group in groups:
        ordered += _timeline(group)
    reading: list[Block] = []
    for block in ordered:
        reading.append(block)
        reading += placed.get(id(block), [])
    leftover = [b for b in quotes if not any(b in v for v in placed.values())]
    for block in leftover:
        block.topic = topic_of(block.text) or "Stimmen"
    reading += sorted(leftover, key=lambda b: -b.score)
    for role in ("outlook", "background"):
        tail = sorted((b for b in rest if b.role == role), key=lambda b: -b.score)
        for block in tail:
            block.topic = role
        reading += _timeline(tail)
    result: list[Candidate] = []
    for block in reading:
        for member in block.members:
            member.role = "lead" if block is lead else block.role
            member.topic = block.topic
            result.append(member)
    return result


def _groups(body: list[Block]) -> list[list[Block]]:
    """Detail blocks grouped by topic (a block without one joins its most similar block's group),
    groups ordered by their best score."""
    by_topic: dict[str, list[Block]] = {}
    for block in sorted(body, key=lambda b: -b.score):
        topic = block.topic
        if not topic:
            others = [b for b in body if b.topic and b is not block]
            best = max(others, key=lambda b: _similar(block, b), default=None)
            if best is not None and _similar(block, best) >= QUOTE_FIT:
                topic = block.topic = best.topic
        by_topic.setdefault(topic, []).append(block)
    return sorted(by_topic.values(), key=lambda g: -max(b.score for b in g))


def _place_quotes(quotes: list[Block], facts: list[Block]) -> dict[int, list[Block]]:
    """Each quote after the fact it is most about: id(fact block) → quote blocks."""
    placed: dict[int, list[Block]] = {}
    for quote in sorted(quotes, key=lambda b: -b.score):
        best = max(facts, key=lambda b: _similar(quote, b), default=None)
        if best is not None and _similar(quote, best) >= QUOTE_FIT:
            quote.topic = best.topic
            placed.setdefault(id(best), []).append(quote)
    return placed


def _timeline(group: list[Block]) -> list[Block]:
    """Blocks by rank, except that those with comparable times follow each other in time order."""
    ranked = sorted(group, key=lambda b: -b.score)
    for kind in (0, 1):
        slots = [i for i, b in enumerate(ranked) if b.time is not None and b.time[0] == kind]
        timed = sorted((ranked[i] for i in slots), key=lambda b: b.time or (kind, 0.0))
        for slot, block in zip(slots, timed, strict=True):
            ranked[slot] = block
    return ranked
