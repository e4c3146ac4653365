"""Which candidate story a document joins, once each is scored (:mod:`newsdesk.stories.score`):
the joinable scores of the window and of the follow-ups, the one story of the document's day and
kind, what a report that says nowhere where reads like, and whether a follow-up takes the story
of its own day along (:meth:`newsdesk.stories.cluster.StoryBuilder._best` decides with these)."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace

from newsdesk.config import StoriesSettings
from newsdesk.lang.exonyms import is_region
from newsdesk.models import Signals
from newsdesk.store.stories import StoryRecord
from newsdesk.stories.score import KEY_NAME_SHARE, StoryScore, back_days, iso_day

__all__ = [
    "BRIDGE_SIZE",
    "READS_LIKE",
    "READS_LIKE_MARGIN",
    "READS_LIKE_OF_KIND",
    "StoryWords",
    "bridges",
    "by_words",
    "clearly_most_like",
    "joinable",
    "one_of_that_day",
    "only_one_of_its_kind",
    "reaches",
    "reads_like_one",
    "refers_before",
    "word_likeness",
]

READS_LIKE = 0.83  # similarity at which a report that names no place reads like a story
READS_LIKE_MARGIN = 0.025  # by how much more than like any other story it is compared with
READS_LIKE_OF_KIND = 0.81  # … when it reports the story's kind of event or is placed there
READS_LIKE_BY_WORDS = 0.77  # … when its words single the story out (WORDS_ENOUGH, WORDS_RATIO)
WORDS_COMPARED = 3  # stories a report's words are compared with: those it reads most like
WORDS_ENOUGH = 1.0  # word likeness (word_likeness) that singles a story out: one word no other report uses …
WORDS_RATIO = 1.5  # … when it is this many times that of any other story compared


@dataclass(frozen=True)
class StoryWords:
    """What :func:`by_words` reads from the store, asked only for a report nothing else placed."""

    # the words of the reports of stories, by story id: each story's latest reports in one language
    members: Callable[[list[int]], Mapping[int, Sequence[Sequence[str]]]]
    # how much each of a document's words tells (word_likeness): from the store's word counts
    weights: Callable[[Sequence[str]], Mapping[str, float]]


BRIDGE_SIZE = 1


def bridges(own: StoryScore, earlier: StoryScore, stories: list[StoryRecord], signals: Signals) -> bool:
    """Does the document show that the young story of its days follows up the earlier story?
    It may join both: the story of its days (begun by a report of the same follow-up that
    arrived just before it: „Hainzl-Kran: Gutachter findet gebrochene Schrauben“, and then the
    wire's "Broken bolts blamed for deadly Munich crane collapse"), and the earlier one as its
    follow-up. Then that story is the earlier event's follow-up too and joins it. Only a story of
    at most ``BRIDGE_SIZE`` reports, all after the earlier story began."""
    first = {story.id: story.first_at for story in stories}
    young = iso_day(first[own.story_id]) == iso_day(signals.at)
    return own.size <= BRIDGE_SIZE and young and first[own.story_id] > first[earlier.story_id]


def refers_before(signals: Signals, window: list[StoryRecord], story_id: int) -> bool:
    """Does the document refer back to before the story of its days began: a day before that
    story's first report ("Both sides appeal May 15 Ponzi sentence", a week after the verdict, in
    a story of the appeal's day), or "eine Woche nach …", "last week's …"? Only then may it
    follow up an earlier story instead (:meth:`~newsdesk.stories.cluster.StoryBuilder._best`)."""
    if signals.backref:
        return True
    first = iso_day(next(story.first_at for story in window if story.id == story_id))
    return any(day < first for day in back_days(signals))


def one_of_that_day(scores: list[StoryScore]) -> list[StoryScore]:
    """A follow-up that names only the day and kind of its event (:func:`~newsdesk.stories.
    followup.follows_up_by_day`: "the July 7 ban") with two or more stories of that day and kind
    that it agrees with: the day does not say which, unless it reads clearly more like one of them
    (by ``READS_LIKE_MARGIN``: "Swimming ban lifted after bacteria levels fall", and the ban's
    story beside the local paper's report of it that started a story of its own)."""
    dated = [r for r in scores if r.by_day and r.agrees]
    if len(dated) < 2:
        return scores
    best = clearly_most_like(dated)
    return [replace(r, agrees=False) if r in dated and r is not best else r for r in scores]


def clearly_most_like(scores: list[StoryScore]) -> StoryScore | None:
    """The story the document reads most like, when it reads like it by ``READS_LIKE_MARGIN``
    more than like any other of ``scores`` (the only one, when there is one); else None."""
    if not scores:
        return None
    ranked = sorted(scores, key=lambda r: (-r.similarity, r.story_id))
    if len(ranked) > 1 and ranked[0].similarity - ranked[1].similarity < READS_LIKE_MARGIN:
        return None
    return ranked[0]


def only_one_of_its_kind(scores: list[StoryScore], signals: Signals) -> list[StoryScore]:
    """A document that names no place or name of a story still agrees with it on the event when
    that story is the only one of the window that fits it: the same kind of event or the same
    day, and neither another kind, another day nor another place (a live blog's "22.35 Uhr: Die
    Polizei hebt die Sperrung auf" and the one bomb threat of the day). With two such stories (two
    storms, two prizes) it must name which, unless only one of them is of the document's own day
    (this morning's explosion, not the one five days ago), or the one whose day and kind it names
    ("Nach dem Zugunglück vom Dienstag"), or it reads clearly more like one of them (by
    ``READS_LIKE_MARGIN``: the tabloid's "Schon wieder! Schulbus-Crash" and the morning's crash in
    the next district, beside a local report of yesterday's crash that started a story). A story
    whose kind conflicts only by one word of a lead (:func:`newsdesk.stories.score.certain_conflict`)
    fits when no story fits otherwise: the crevasse fall whose reports read "eingebrochen" and
    "geborgen" as other kinds. A
    retrospective must also share most of its names with it: two outlets' year reviews of the
    same day are two pieces, two anniversary pieces on the flood in the Wachau one. Not when it
    agrees with a story on the place ("Schwagstorf bleibt ohne Geldautomat" the day after the
    blast there is not placed by the coach's sacking of its own day)."""
    if any(r.place > 0 and r.agrees for r in scores):
        return scores  # it names the place of a story: "Schwagstorf bleibt ohne Geldautomat"
    open_ = [r for r in scores if not r.follow_up and r.place >= 0 and r.day >= 0 and not r.again]
    if signals.retrospective:
        open_ = [r for r in open_ if r.entities >= KEY_NAME_SHARE]
    fits = [r for r in open_ if r.kind >= 0 and (r.kind > 0 or r.day > 0)]
    if not fits:
        fits = [r for r in open_ if r.kind < 0 and not r.certain_kind and r.day > 0]
    if len(fits) > 1 and any(r.points_back for r in fits):
        # "Nach dem Zugunglück vom Dienstag: …" names its event's day and kind: that story, not
        # one of no kind that only shares the report's own day
        fits = [r for r in fits if r.points_back]
    if len(fits) > 1:  # of two explosions in the window, the one of the report's own day
        fits = [r for r in fits if r.same_day]
    if len(fits) > 1 and (best := clearly_most_like(fits)):  # of two of its day and kind
        fits = [best]
    if len(fits) != 1 or fits[0].agrees:
        return scores
    return [replace(r, agrees=True) if r is fits[0] else r for r in scores]


def reads_like_one(
    scores: list[StoryScore], signals: Signals, words: StoryWords | None = None
) -> list[StoryScore]:
    """A report that names no town in its title or first sentence (only a region or a river at
    most: the wine bar "am Moselufer" of the ship that struck the bridge; a tabloid's "Kran-Drama!
    Stahlriese kracht auf Tram-Gleise", a local paper's "Yachthafen Gohren: „Die Böe kam aus dem
    Nichts“", a street, a hut, a quote) can only be placed by what it reads like. It joins the
    story of its window it reads most like when that one reads like it clearly (mean cosine
    ``READS_LIKE``; ``READS_LIKE_OF_KIND`` when of the story's kind or place), more by
    ``READS_LIKE_MARGIN`` than any other story it was compared with (of its window, or an earlier
    one it might follow up: then it may be that one's), or when its words single that story out
    (:func:`by_words`: a local paper's „Wir sind mit nassen Haaren auf die Straße gelaufen“ opens
    with a swimmer's morning and tells of the chlorine gas, the dosing unit and the pool hall only
    further down), or when it names a number that only that story names (:func:`by_numbers`: the
    English wire's "47 passengers" and the agency's „47 Fahrgäste“). When something places it (a
    folder of its web address, "…/steiermark/leibnitz/…", or its title's leading word names the
    story's place), only the stories of that place are compared, unless a story elsewhere reads
    clearly more like it (a canton's folder placed the tabloid's "Wasser-Notstand!" by last week's
    swimming ban at a lake of the canton; the town's watering ban reads clearly more like it).
    Neither day nor place may conflict, nor the kind certainly (one word of a lead is too little:
    the tabloid's fatal fall whose lead reads "geborgen"); then it joins even when its score is
    under the join threshold (nothing but the similarity speaks for or against it). Not a
    retrospective (it reads like its events) nor a report whose title says it is a new
    occurrence ("Erneut …")."""
    towns = [k for k in (*signals.main_places, *signals.title_places) if not is_region(k)]
    if not scores or signals.retrospective or signals.again or towns:
        return scores
    compared = [r for r in scores if r.place > 0] or scores
    if compared is not scores and clearly_most_like(scores) not in (*compared, None):
        compared = (
            scores  # placed only roughly (a canton's section): one elsewhere reads clearly more like it
        )
    best = clearly_most_like(compared)
    if best is not None:
        enough = READS_LIKE_OF_KIND if best.kind > 0 or best.place > 0 else READS_LIKE
        if best.similarity < enough:
            best = None
    if best is None and words is not None:
        best = by_words(compared, scores, signals, words)
    if best is None:
        best = by_numbers(compared, scores)
    if (
        best is None
        or best.follow_up
        or best.place < 0
        or (best.kind < 0 and best.certain_kind)
        or best.day < 0
    ):
        return scores
    return [replace(r, agrees=True, reads_like=True) if r is best else r for r in scores]


def by_words(
    compared: list[StoryScore], scores: list[StoryScore], signals: Signals, words: StoryWords
) -> StoryScore | None:
    """The story of ``compared`` whose words single it out among the ``WORDS_COMPARED`` stories the
    document reads most like (with the best of ``compared``): word likeness ``WORDS_ENOUGH`` and
    ``WORDS_RATIO`` times any other's, when it reads like it ``READS_LIKE_BY_WORDS`` and no story
    clearly more (by ``READS_LIKE_MARGIN``: its title and opening cannot tell them apart, its
    words can). Only in one language: each story compared must have a report in the document's
    language (a German local report shares no words with the English wire copy of its own event,
    and would be taken by the German story of another). The one story of the window only when
    something places the document there (a folder of its web address: the local paper's
    "…/amberg/…" report of the strike's braziers at the gate, on a day with no other story), and
    only by words other than its places: the town's name is in every report of the town."""
    ranked = sorted(scores, key=lambda r: (-r.similarity, r.story_id))[:WORDS_COMPARED]
    top = min(compared, key=lambda r: (-r.similarity, r.story_id))
    if top not in ranked:
        ranked = [*ranked[:-1], top]
    alone = len(ranked) < 2
    if not signals.language or (alone and ranked[0].place <= 0):
        return None
    members = words.members([r.story_id for r in ranked])
    if not all(members.get(r.story_id) for r in ranked):
        return None
    own = signals.words
    if alone:  # the folder said where; its words must say what happened, not name the town again
        named = {w for key in (*signals.places, *signals.sections) for w in key.split()}
        own = tuple(w for w in own if w not in named)
    likeness = word_likeness(own, members, words.weights(own))
    best = max(ranked, key=lambda r: (likeness[r.story_id], -r.story_id))
    other = max((likeness[r.story_id] for r in ranked if r is not best), default=0.0)
    if likeness[best.story_id] < max(WORDS_ENOUGH, WORDS_RATIO * other) or best not in compared:
        return None
    if best.similarity < READS_LIKE_BY_WORDS or ranked[0].similarity - best.similarity >= READS_LIKE_MARGIN:
        return None
    return best


def by_numbers(compared: list[StoryScore], scores: list[StoryScore]) -> StoryScore | None:
    """The one story of ``scores`` that names a number of the document's that tells events apart
    (:func:`~newsdesk.lang.quantities.telling_keys`: "the cable car that stranded 68 passengers
    on Sunday" and „68 Personen aus stillstehender Luftseilbahn“), when it is one of ``compared``,
    reads like it ``READS_LIKE_BY_WORDS`` and no story clearly more (by ``READS_LIKE_MARGIN``).
    Numbers are the same in both languages, where words are not. Not when two stories name one
    of its numbers (the same sum for a fire's damage and a bridge's repair)."""
    sharing = [r for r in scores if r.same_number]
    if len(sharing) != 1 or sharing[0] not in compared:
        return None
    best = sharing[0]
    top = max(r.similarity for r in scores)
    if best.similarity < READS_LIKE_BY_WORDS or top - best.similarity >= READS_LIKE_MARGIN:
        return None
    return best


def word_likeness(
    words: Sequence[str], members: Mapping[int, Sequence[Sequence[str]]], weights: Mapping[str, float]
) -> dict[int, float]:
    """How much a document's words are those of each story's reports (``members``: story id → its
    reports' words): the mean, over the story's reports, of the words it shares with the document,
    each counted by its weight (``weights``: how few documents of the store use it, 1 for a word
    no other uses; a word many use, as "Polizei" or "Menschen", counts little; "Badeverbot" or
    "Feuerwerker" fully). From the store, not from the stories compared: a report compared with
    only two stories would otherwise weigh every word they share as half a word, whatever it is."""
    own = set(words)
    return {
        k: sum(sum(weights.get(w, 0.0) for w in own.intersection(m)) for m in reports) / len(reports)
        if reports
        else 0.0
        for k, reports in members.items()
    }


def reaches(r: StoryScore, settings: StoriesSettings) -> bool:
    """Is the score enough to join, the event agreed? The join threshold, or nothing but the
    similarity speaks for or against it (:func:`reads_like_one`), or both name the street where
    it happened (a local report titled "Ungererstraße: „Es krachte wie ein Erdbeben“" and the
    agency's crane that fell "über die Ungererstraße"), neither kind nor day conflicting, or it
    tells at the story's place what its event left the day after ("Kalkhüttenweg bleibt gesperrt"
    under the paper's Nordhausen section, the day after the sinkhole there:
    :func:`~newsdesk.stories.score.aftermath`)."""
    return r.total >= settings.join_threshold or r.reads_like or r.street or r.left


def joinable(scores: list[StoryScore], settings: StoriesSettings, *, follow_up: bool) -> StoryScore | None:
    """The best score of the group (own days or follow-ups) that the document may join."""
    taken = [r for r in scores if r.follow_up == follow_up and r.agrees and reaches(r, settings)]
    return max(taken, key=lambda r: (r.total, -r.story_id)) if taken else None
