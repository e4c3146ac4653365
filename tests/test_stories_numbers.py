"""A report that names no place, no one and no kind of event can still name its event's numbers:
"the funicular railway that left 47 passengers stuck on Sunday" is the Bad Ischl funicular whose
47 Fahrgäste the Austrian agency counted. Numbers read the same in both languages, where names and
words do not; one that tells events apart (not a date, an age or a round "rund 500") and that one
story of its window names places the report in that story when it reads like it, as words do
within one language (tests/test_stories_words.py)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from newsdesk.config import StoriesSettings
from newsdesk.lang.quantities import quantity_keys, telling_keys
from newsdesk.models import Signals
from newsdesk.store import open_store
from newsdesk.stories import StoryBuilder
from newsdesk.stories.choose import (
    READS_LIKE,
    READS_LIKE_BY_WORDS,
    READS_LIKE_MARGIN,
    by_numbers,
    reads_like_one,
)
from newsdesk.stories.score import StoryScore
from story_reports import story_ids

FUNICULAR = (
    "2025-03-09T13:40:00+01:00",
    "Standseilbahn in Bad Ischl blockiert: 47 Fahrgäste aus Wagen geholt",
    "Bad Ischl (APA) - Auf der Standseilbahn zur Katrinalm in Bad Ischl ist am Sonntagvormittag ein "
    "Wagen auf halber Strecke stehen geblieben. Die 47 Fahrgäste, darunter eine Schulklasse, wurden "
    "von der Bergrettung über den Notsteg geborgen, wie die Polizei mitteilte. Verletzt wurde niemand. "
    "Als Ursache vermutet der Betreiber einen Fehler in der Steuerung, die Bahn bleibt gesperrt.",
)
FUNICULAR_REPRINT = (
    "2025-03-09T14:20:00+01:00",
    "Bad Ischl: Bergrettung holt 47 Menschen aus Standseilbahn",
    "In Bad Ischl ist am Sonntag die Standseilbahn zur Katrinalm stecken geblieben. Die Bergrettung "
    "holte 47 Fahrgäste über den Notsteg aus dem Wagen, niemand wurde verletzt. Der Betreiber vermutet "
    "einen Steuerungsfehler.",
)
FIRE = (
    "2025-03-09T10:05:00+01:00",
    "Wohnhausbrand in Gmunden: Familie gerettet",
    "Gmunden (APA) - In Gmunden ist in der Nacht auf Sonntag ein Einfamilienhaus in Brand geraten. "
    "Die Feuerwehr rettete eine vierköpfige Familie mit der Drehleiter, alle kamen mit leichten "
    "Rauchgasvergiftungen ins Spital. Die Brandursache ist noch unklar.",
)
VOTE = (
    "2025-03-09T11:30:00+01:00",
    "Vöcklabruck stimmt über neues Hallenbad ab",
    "Vöcklabruck (APA) - In Vöcklabruck haben die Bürgerinnen und Bürger am Sonntag über den Bau eines "
    "neuen Hallenbads abgestimmt. 62 Prozent stimmten für das Projekt, das 18 Millionen Euro kosten soll.",
)
WIRE_TEXT = (
    "The funicular railway that left {} stuck on a steep slope on Sunday will stay closed "
    "for at least a week while engineers check its control system, the operator said on Monday. The "
    "hut at the top, which relies on the line for supplies, has cancelled its weekend bookings."
)


def wire(passengers: str) -> tuple[str, ...]:
    title = "Funicular stays shut after passengers stranded"
    return ("2025-03-10T09:15:00+01:00", title, WIRE_TEXT.format(passengers), "en")


def test_an_english_report_naming_nothing_but_its_numbers_joins_their_story(tmp_path: Path) -> None:
    with open_store(tmp_path / "numbers.db") as store:
        *stories, english = story_ids(
            store, [FUNICULAR, FUNICULAR_REPRINT, FIRE, VOTE, wire("47 passengers")]
        )
        builder = StoryBuilder(StoriesSettings(), store)
        ids = sorted(d.id for d in store.iter_documents() if d.id is not None)
        vectors = store.get_embeddings(ids, builder.embedder.model_id)
        signals = store.get_signals(ids)
    funicular, reprint, fire, vote = stories
    assert funicular == reprint and len({funicular, fire, vote}) == 3
    assert english == funicular
    # nothing else placed it: no place, name or kind, and it reads too little like the story alone
    assert not signals[ids[4]].main_places and not signals[ids[4]].entities and not signals[ids[4]].kinds
    likeness = float(vectors[ids[4]] @ (vectors[ids[0]] + vectors[ids[1]])) / 2
    assert READS_LIKE_BY_WORDS <= likeness < READS_LIKE
    # without the number it joins nothing, nor with a round one the story does not name
    for passengers in ("all passengers", "about 50 passengers"):
        with open_store(tmp_path / f"{passengers[:3]}.db") as store:
            *others, alone = story_ids(store, [FUNICULAR, FUNICULAR_REPRINT, FIRE, VOTE, wire(passengers)])
        assert alone not in others


def test_a_number_two_stories_name_places_it_in_neither(tmp_path: Path) -> None:
    """The vote's 47 councillors and the funicular's 47 passengers: the number tells nothing."""
    vote = (VOTE[0], VOTE[1], VOTE[2] + " Die 47 Mitglieder des Gemeinderats hatten das Projekt empfohlen.")
    with open_store(tmp_path / "both.db") as store:
        *others, alone = story_ids(store, [FUNICULAR, FUNICULAR_REPRINT, FIRE, vote, wire("47 passengers")])
    assert alone not in others


def test_numbers_that_tell_events_apart() -> None:
    keys = quantity_keys(
        "68 passengers, 1,400 households and EUR 2.7 million; 43 percent; about 500 people, 1000 pupils, "
        "80 percent; the 74-year-old, for 20 minutes, 12 firefighters, on 14 March 2025",
        "en",
    )
    assert telling_keys(keys) == {"count:68", "count:1400", "EUR:2.7e6", "percent:43"}
    assert telling_keys(quantity_keys("„68 Personen“ und 2,7 Millionen Euro", "de")) == {
        "count:68",
        "EUR:2.7e6",
    }


def test_by_numbers_needs_one_story_that_reads_like_it_and_none_clearly_more() -> None:
    report = Signals(at=0.0, entities=(), quantities=("count:47",), language="en")
    own = StoryScore(1, READS_LIKE_BY_WORDS + 0.02, 0.0, 0.0, 0.0, 0.8, agrees=False, same_number=True)
    other = StoryScore(2, READS_LIKE_BY_WORDS + 0.01, 0.0, 0.0, 0.0, 0.8, agrees=False)
    assert by_numbers([own, other], [own, other]) == own
    assert (
        by_numbers([own, replace(other, same_number=True)], [own, replace(other, same_number=True)]) is None
    )
    ahead = replace(other, similarity=own.similarity + READS_LIKE_MARGIN / 2)
    assert by_numbers([own, ahead], [own, ahead]) == own
    clearly = replace(other, similarity=own.similarity + READS_LIKE_MARGIN)
    assert by_numbers([own, clearly], [own, clearly]) is None
    low = replace(own, similarity=READS_LIKE_BY_WORDS - 0.01)
    assert by_numbers([low, other], [low, other]) is None
    # placed elsewhere (only the stories of its place are compared): not by a number of another story
    placed = replace(other, place=1)
    assert by_numbers([placed], [own, placed]) is None
    # through reads_like_one, which still checks day, place and kind
    assert [r.story_id for r in reads_like_one([own, other], report) if r.reads_like and r.agrees] == [1]
    assert not any(r.reads_like for r in reads_like_one([replace(own, day=-1), other], report))
    assert not any(r.reads_like for r in reads_like_one([replace(own, place=-1), other], report))
