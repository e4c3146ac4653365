"""Quality gates of story clustering on the two gold-labelled corpora (bench/stories_quality.py).

* tidy (tests/fixtures/stories, 74 reports): B-cubed F1 over all events;
* realistic (tests/fixtures/stories_real, 1,208 reports): B-cubed F1 and precision on the held-out
  parts B and D (events the calibration did not see), F1 on the calibration parts (A ∪ C ∪ F,
  where its floor was pinned, and A ∪ C ∪ F ∪ G ∪ H ∪ K), and per kind of error: same kind on
  adjacent days and near misses never merged (all parts), retrospectives never joined (all
  parts), every German/English pair of the events whose reports share little more than a place
  name joined (parts A–D);
* the fresh held-out parts E, I and J do not meet the issue's floors yet: a strict expected
  failure asserts them (the floors over B ∪ D ∪ E ∪ I ∪ J; see tests/stories_baseline.json);
* nor do calibration parts M, N and O, written for recall (reports of one event that name
  little of it): strict expected failures assert the issue's floors and their same-kind pairs on
  them (part L met them in the eighth session, part P in the tenth; both are gated);
* the realistic corpus as a watcher gets it, reports arriving 0–6 hours late in a seeded order,
  gives the stories of the corpus in order of publication.

Floors are in tests/stories_baseline.json (measured with the default settings minus a margin);
the issue's minimums are asserted as well, so a floor may only be raised.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from bench_module import load_bench
from newsdesk.config import StoriesSettings
from newsdesk.store import open_store
from newsdesk.stories import StoryBuilder

ROOT = Path(__file__).resolve().parents[1]
FLOORS = json.loads((ROOT / "tests" / "stories_baseline.json").read_text(encoding="utf-8"))
BUILD = ROOT / "tests" / "fixtures" / "stories_real" / "build.py"


def _bench() -> Any:
    return load_bench("stories_quality")


@pytest.fixture(scope="module")
def bench() -> Any:
    return _bench()


@pytest.fixture(scope="module")
def figures(bench: Any, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    results: dict[str, Any] = {}
    for corpus in (bench.TIDY, bench.REAL):
        db = tmp_path_factory.mktemp(f"stories-{corpus.name}") / "corpus.db"
        bench.prepare(db, corpus)
        calibration, held_out = bench.split_events(corpus)
        subsets: list[tuple[str, set[str] | None]] = [("calibration", calibration), ("held_out", held_out)]
        if corpus.index is not None:
            parts = bench.halves(corpus)
            subsets += [("B+D", parts["B"] | parts["D"]), ("A-D", set().union(*(parts[p] for p in "ABCD")))]
            subsets += [("A+C+F", parts["A"] | parts["C"] | parts["F"])]
            subsets += [("A+C+F+G+H+K", set().union(*(parts[p] for p in "ACFGHK")))]
            subsets += [(part, parts[part]) for part in "EIJLMNOPQ"]
        with open_store(db) as store:
            predicted = {a.document_id: a.story_id for a in StoryBuilder(StoriesSettings(), store).rebuild()}
            for name, events in (*subsets, ("all", None)):
                found = bench.score(predicted, bench._gold(store, corpus, events))
                if corpus.index is not None:
                    found["kinds"] = bench.kinds(store, predicted, corpus, events)
                results[f"{corpus.name}/{name}"] = found
            if corpus.index is not None:  # as a watcher gets it: reports arriving 0–6 hours late
                late = bench.cluster_arriving_late(store, StoriesSettings())
                found = bench.score(late, bench._gold(store, corpus, None))
                found["kinds"] = bench.kinds(store, late, corpus, None)
                results[f"{corpus.name}/late/all"] = found
    return results


def test_tidy_corpus_keeps_its_f1(figures: dict[str, Any]) -> None:
    f1 = figures["tidy/all"]["f1"]
    assert f1 >= FLOORS["tidy"]["all"]["f1"]
    assert f1 >= 0.97  # the issue's gate; the pinned floor may only be higher


def test_realistic_corpus_held_out_half(figures: dict[str, Any]) -> None:
    """Parts B and D, the held-out half these floors were measured on (part E: below)."""
    held_out = figures["real/B+D"]
    assert held_out["f1"] >= FLOORS["real"]["held_out"]["f1"]
    assert held_out["precision"] >= FLOORS["real"]["held_out"]["precision"]
    assert held_out["f1"] >= 0.95 and held_out["precision"] >= 0.95  # the issue's gates


def test_realistic_corpus_calibration_half(figures: dict[str, Any]) -> None:
    """A ∪ C ∪ F, where the floor was pinned, and with G, H and K (part L: below)."""
    assert figures["real/A+C+F"]["f1"] >= FLOORS["real"]["calibration"]["f1"]
    assert figures["real/A+C+F+G+H+K"]["f1"] >= FLOORS["real"]["calibration_all"]["f1"]


# Calibration parts written for recall that met the issue's floors, and how; each keeps a pinned
# floor (tests/stories_baseline.json, "part_X"), never under the issue's 0.95.
MET = {
    "L": "written 2026-12-06, first measured at F1 0.654; met in the eighth session (0.962, P 1.000): "
    "next-day reports of what an event left („Strasse nach Sörenberg bleibt bis Montag gesperrt“, "
    "„420 Schüler ab Montag auf drei Schulen verteilt“) and a follow-up naming a day of two stories",
    "P": "written in the ninth session for German and English first-day reports that share only a "
    "place name, first measured at F1 0.827 (P 0.956); met in the tenth (0.964, P 1.000): "
    "quote-titled local reports whose words single out their story, and the tabloid placed only "
    "roughly by its canton's folder",
    "M": "first measured at F1 0.716 (P 0.835); met in the eleventh session (0.952, P 1.000): the "
    "English report naming nothing but the cable car that stranded 68 passengers joined the story "
    "whose reports count them",
    "O": "written in the eighth session, first measured at F1 0.764 (P 0.931); met in the twelfth "
    "(0.963, P 1.000): a word weighs by how few documents of the store use it, not by how many of "
    "the stories compared do (the quote-titled local report of the sinkhole, „Es hat geknackt wie "
    "Eis auf dem Teich“, shares its rare words with the sinkhole's reports)",
}


@pytest.mark.parametrize("name", sorted(MET))
def test_calibration_part_keeps_its_f1(figures: dict[str, Any], name: str) -> None:
    """Parts L, M, O and P, written for recall, meet the issue's floors (MET says since when and
    how) and keep them."""
    part = figures[f"real/{name}"]
    assert part["f1"] >= FLOORS["real"][f"part_{name}"]["f1"] and part["precision"] >= 0.95
    assert part["f1"] >= 0.95  # the issue's gate; the pinned floor may only be higher
    assert part["kinds"]["same_kind"]["merged"] == [] and part["kinds"]["near_miss"]["merged"] == []


def test_reports_arriving_late_give_the_stories_of_reports_in_time(figures: dict[str, Any]) -> None:
    """The whole realistic corpus as a watcher gets it (bench.cluster_arriving_late: one report at a
    time, each 0–6 hours after it was published, in a seeded order): the stories of the corpus
    clustered in order of publication, and no same-kind or near-miss pair merged. Before late
    reports were clustered as if in time (2026-12-07, tenth session), such orders merged 7 to 10
    pairs of events (all parts F1 0.926–0.937, P 0.955–0.972 over five seeds)."""
    late, in_time = figures["real/late/all"], figures["real/all"]
    assert late["precision"] >= FLOORS["real"]["late_all"]["precision"]
    assert late["f1"] >= FLOORS["real"]["late_all"]["f1"]
    assert abs(in_time["f1"] - late["f1"]) <= 0.005 and abs(in_time["precision"] - late["precision"]) <= 0.005
    assert late["kinds"]["same_kind"]["merged"] == [] and late["kinds"]["near_miss"]["merged"] == []


def test_no_same_kind_events_merged(figures: dict[str, Any]) -> None:
    """Every part, held out and calibration: same-kind events on adjacent days and near misses
    (the same people, company or place, another event) never share a story. Part J's two old-town
    fires on consecutive nights (J03, J04) shared one until 2026-12-07 (seventh session)."""
    kinds = figures["real/all"]["kinds"]
    assert kinds["same_kind"]["pairs"] >= 41 and kinds["near_miss"]["pairs"] >= 20
    assert kinds["same_kind"]["merged"] == []
    assert kinds["near_miss"]["merged"] == []


_Q_REASON = (
    "issue 16 is not met on calibration part Q (written 2026-12-07 in the eleventh session for "
    "German and English reports that share little more than a place, on kinds beyond disasters; "
    "first measured on the rules of 54f6c72 at F1 0.827, P 0.922, R 0.750: the two strikes and the "
    "near miss merged, 26 of 84 place-only pairs split; 0.916, P 1.000 after the eleventh "
    "session's place adjectives, possessives, bell strikes and dated reports of no kind; 0.940 after "
    "the twelfth's word weights from the store): English "
    "follow-ups naming no place, a local report titled by a quote or a district, a follow-up "
    "naming a firm and a forest the story's reports do not name as names split off"
)
_N_REASON = (
    "issue 16 is not met on calibration part N (written 2026-12-07 for recall at other places; "
    "first measured on the rules of b8299b6 at F1 0.667, P 0.937, R 0.518; 0.814, P 1.000 after "
    "the seventh session's kinds it showed missing, regions and the day-alone rule; 0.882 after "
    "the eighth session's aftermath rules joined the next-day reports of a substation, a pass and "
    "a street; 0.907 after the tenth session's words of a report and days between two days of a "
    "story): follow-ups that "
    "name the event only by a firm or a balloon the story's reports do not name as names "
    "(„Sonnenbogen-Urteil“, „Hofmeister-Ballon“) or by the food („Tiramisu“, read as a place), "
    "and the English copy of those follow-ups split off"
)


@pytest.mark.parametrize(
    "name",
    [
        pytest.param("N", marks=pytest.mark.xfail(strict=True, reason=_N_REASON)),
        pytest.param("Q", marks=pytest.mark.xfail(strict=True, reason=_Q_REASON)),
    ],
)
def test_calibration_part_meets_the_issue_floors(figures: dict[str, Any], name: str) -> None:
    """Parts N and Q, written for recall. Strict: when one passes, its marker must go and the
    part joins the gates above (MET: as L did in the eighth session, P in the tenth, M in the
    eleventh and O in the twelfth)."""
    part = figures[f"real/{name}"]
    assert part["f1"] >= 0.95 and part["precision"] >= 0.95
    assert part["kinds"]["same_kind"]["merged"] == [] and part["kinds"]["near_miss"]["merged"] == []


def test_cross_language_reports_that_share_a_place_are_joined(figures: dict[str, Any]) -> None:
    """Parts A–D (part E: below)."""
    place_only = figures["real/A-D"]["kinds"]["cross_language_place_only"]
    assert place_only["pairs"] >= 90
    assert place_only["split"] == 0


def test_the_whole_held_out_half_meets_the_issue_floors(figures: dict[str, Any]) -> None:
    """The issue's floors over the whole held-out set, B ∪ D ∪ E ∪ I ∪ J (E, I and J were written
    before the rules they are measured on and never used to change them): F1 and precision
    ≥ 0.95. Met in the eighth session (F1 0.954, P 1.000), after 0.94993 in the seventh."""
    held_out = figures["real/held_out"]
    assert held_out["f1"] >= FLOORS["real"]["held_out_all"]["f1"]
    assert held_out["f1"] >= 0.95 and held_out["precision"] >= 0.95


@pytest.mark.xfail(
    strict=True,
    reason="issue 16 is not met on the fresh held-out parts E, I and J (2026-12-07, the eighth "
    "to twelfth sessions' rules): German/English pairs of events that share only a place name split in "
    "E, I and J (5 of 110 pairs; 6 from part Q's arrival in the store until the twelfth session's word "
    "weights); E F1 0.888, I 0.924, J 0.874 (P 1.000); 17 of 58 follow-ups split off",
)
def test_the_fresh_held_out_parts_join_every_place_only_pair(figures: dict[str, Any]) -> None:
    """Every German/English pair of events that share only a place name joined in the fresh
    held-out parts. Strict: when this passes, the marker must go and this becomes a gate."""
    for part in "EIJ":
        assert figures[f"real/{part}"]["kinds"]["cross_language_place_only"]["split"] == 0


def test_retrospectives_stay_out_and_no_story_snowballs(figures: dict[str, Any]) -> None:
    kinds = figures["real/all"]["kinds"]
    assert kinds["retrospectives"]["reports"] >= 10 and kinds["retrospectives"]["joined"] == 0
    assert kinds["largest_story"] <= kinds["largest_event"]


def test_corpus_files_are_built_from_the_event_files() -> None:
    result = subprocess.run([sys.executable, str(BUILD), "--check"], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    index = json.loads((BUILD.parent / "events.json").read_text(encoding="utf-8"))
    events = [e for e, meta in index.items() if meta["kind"] != "retrospective"]
    assert len(events) >= 40
    assert sum(meta["reports"] for meta in index.values()) >= 300
    for half in ("A", "B"):
        assert sum(1 for e in events if index[e]["half"] == half) >= 20


def test_b_cubed_of_a_known_partition(bench: Any) -> None:
    gold = {1: "a", 2: "a", 3: "b", 4: "b"}
    assert bench.b_cubed({1: 1, 2: 1, 3: 2, 4: 2}, gold) == (1.0, 1.0, 1.0)
    precision, recall, _ = bench.b_cubed({1: 1, 2: 1, 3: 1, 4: 1}, gold)
    assert (precision, recall) == (0.5, 1.0)
    precision, recall, _ = bench.b_cubed({1: 1, 2: 2, 3: 3, 4: 4}, gold)
    assert (precision, recall) == (1.0, 0.5)
