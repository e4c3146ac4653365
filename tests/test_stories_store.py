"""Durable story ids (store/stories.py, stories/rebuild.py, migration 0005) on SQLite and PostgreSQL.

* ids are never given out twice, also after a rebuild deleted every story, and after migrating a
  database whose stories were deleted before (SQLite had no AUTOINCREMENT until 0005);
* a rebuild gives a new story the id of the old story whose documents it (largely) took over,
  retires the other old ids with a redirect, and leaves article versions with their story;
* the signals a rebuild reuses are of the current version (older ones are computed again).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from newsdesk.config import Settings, StoriesSettings
from newsdesk.ingest.dedup import content_hash
from newsdesk.models import Document, Signals
from newsdesk.newsroom import Newsroom
from newsdesk.store import SQLStore, open_store
from newsdesk.store.signals import SIGNALS_VERSION
from newsdesk.store.sql import _statements, migrations
from newsdesk.stories import StoryBuilder
from newsdesk.stories.rebuild import keep_ids, match_ids
from story_reports import report_document

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples" / "sources"


@pytest.fixture
def store(db_url: str) -> Iterator[SQLStore]:
    with open_store(db_url) as opened:
        yield opened


def _documents(store: SQLStore, count: int) -> list[int]:
    ids = []
    for number in range(count):
        text = f"Text des Berichts Nummer {number}. " * 10
        document = Document(
            url=f"https://example.org/{number}",
            title=f"Bericht {number}",
            text=text,
            outlet="Outlet",
            published="2025-06-17T10:00:00+00:00",
            language="de",
            content_hash=content_hash(text),
        )
        document_id, _ = store.add_document(document, [])
        ids.append(document_id)
    return ids


def _partition(store: SQLStore, groups: list[list[int]]) -> list[int]:
    """Stories with these documents (as the builder stores them); their ids."""
    vector = np.ones(4, dtype=np.float32) / 2
    story_ids = []
    for group in groups:
        signals = Signals(at=1_750_000_000.0, entities=("passau",), quantities=())
        story_id = store.create_story(group[0], "Story", vector, signals)
        for document_id in group[1:]:
            store.add_to_story(story_id, document_id, vector, signals, score=1.0)
        story_ids.append(story_id)
    return story_ids


def test_ids_are_never_given_out_twice(store: SQLStore) -> None:
    documents = _documents(store, 4)
    first = _partition(store, [documents[:2], documents[2:]])
    store.clear_stories()
    second = _partition(store, [documents[:2], documents[2:]])
    assert min(second) > max(first)


def test_a_rebuild_keeps_the_ids_of_stories_whose_documents_stay_together(store: SQLStore) -> None:
    d = _documents(store, 10)
    old = _partition(store, [d[0:4], d[4:6], d[6:8], d[8:10]])
    before = store.story_memberships()
    store.clear_stories()
    # d0–d3 lose one document (Jaccard 3/4), d4–d7 merge (Jaccard 2/4 with each old story),
    # d8 and d9 split (Jaccard 1/2 each).
    _partition(store, [d[0:3], [d[3]], d[4:8], [d[8]], [d[9]]])
    kept = keep_ids(store, before)
    after = store.story_memberships()
    assert after[old[0]] == frozenset(d[0:3])
    assert old[1] in after or old[2] in after  # the merged story keeps one of the two ids …
    merged = old[1] if old[1] in after else old[2]
    retired = old[2] if merged == old[1] else old[1]
    assert after[merged] == frozenset(d[4:8])
    assert retired not in after and store.story_successor(retired) == merged  # … the other redirects
    assert after[old[3]] in (frozenset([d[8]]), frozenset([d[9]]))
    new_ids = set(after) - set(old)
    assert len(new_ids) == 2 and min(new_ids) > max(old)  # d3 alone and the other half of d8/d9
    assert set(kept.values()) == set(after) & set(old)
    assert store.story_successor(old[0]) is None  # a kept id is not retired


def test_follow_up_lookup_finds_stories_by_their_recent_mentions_of_a_name(store: SQLStore) -> None:
    """The entity index is read by name and time: a story found by a name is one that named it in
    the follow-up window, however old the story is, and a story kept alive only by later reports
    that name other things is not found by a name it stopped using long ago (migration 0008)."""
    day = 86_400.0
    start = 1_750_000_000.0
    vector = np.ones(4, dtype=np.float32) / 2
    d = _documents(store, 5)

    def signals(days: float, *names: str) -> Signals:
        return Signals(at=start + days * day, entities=names, quantities=())

    # a trial that began 60 days ago and named the defendant in its newest report, 5 days ago
    trial = store.create_story(d[0], "Prozess", vector, signals(-60, "schwarzach", "huber"))
    store.add_to_story(trial, d[1], vector, signals(-5, "huber", "landgericht"), score=1.0)
    # a story that named "schwarzach" 40 days ago and lives on only through reports about others
    other = store.create_story(d[2], "Brand", vector, signals(-40, "schwarzach", "feuerwehr"))
    store.add_to_story(other, d[3], vector, signals(-2, "feuerwehr", "gutachter"), score=1.0)

    since, until = start - 30 * day, start + 3 * day
    assert [s.id for s in store.stories_naming(["huber"], since, until, limit=5)] == [trial]
    assert store.stories_naming(["schwarzach"], since, until, limit=5) == []
    both = store.stories_naming(["huber", "landgericht", "feuerwehr"], since, until, limit=5)
    assert [s.id for s in both] == [trial, other]  # most names first
    # a later report naming the old name again brings it back into the window
    store.add_to_story(other, d[4], vector, signals(-1, "schwarzach"), score=1.0)
    assert [s.id for s in store.stories_naming(["schwarzach"], since, until, limit=5)] == [other]


def test_a_merged_story_hands_its_documents_sums_and_names_to_the_other_and_redirects(
    store: SQLStore,
) -> None:
    """A young story that turns out to be a follow-up of an earlier one joins it
    (:meth:`merge_stories`): its documents, vector sum, numbers, event frame and entity index go
    over in one transaction, its id is retired with a redirect and never given out again."""
    day = 86_400.0
    d = _documents(store, 4)
    vector = np.ones(4, dtype=np.float32) / 2
    verdict = Signals(
        at=1_750_000_000.0, entities=("linz", "donau ertrag"), quantities=("DATE:2025-06-15",),
        kinds=("verdict",), main_names=("linz",),
    )  # fmt: skip
    appeal = Signals(
        at=1_750_000_000.0 + 8 * day, entities=("donau ertrag", "oberlandesgericht"), quantities=(),
        kinds=("appeal",), main_names=("donau ertrag",),
    )  # fmt: skip
    earlier = store.create_story(d[0], "Urteil", vector, verdict)
    store.add_to_story(earlier, d[1], vector, verdict, score=1.0)
    young = store.create_story(d[2], "Berufung", vector, appeal)
    store.add_to_story(young, d[3], vector, appeal, score=1.0)
    store.merge_stories(young, earlier)

    assert store.story_memberships() == {earlier: frozenset(d)}
    assert {store.story_of(document) for document in d} == {earlier}
    record = next(s for s in store.list_stories() if s.id == earlier)
    assert record.size == 4
    assert (record.first_at, record.last_at) == (verdict.at, appeal.at)
    assert np.allclose(record.vector_sum, 4 * vector)
    assert record.quantities == {"DATE:2025-06-15": 2}
    assert record.frame["kinds"] == {"verdict": 2, "appeal": 2}
    assert store.story_entity_counts(earlier) == {"linz": 2, "donau ertrag": 4, "oberlandesgericht": 2}
    # the entity index finds the merged story by the young one's names, as of their time
    found = store.stories_naming(["oberlandesgericht"], appeal.at - day, appeal.at + day, limit=5)
    assert [s.id for s in found] == [earlier]
    assert store.story_successor(young) == earlier
    assert store.story_successor(earlier) is None
    store.clear_stories()
    (fresh,) = _partition(store, [d])
    assert fresh > young  # the retired id is never given out again
    store.merge_stories(young, fresh)  # a story that is gone merges into nothing
    store.merge_stories(fresh, fresh)
    assert store.story_memberships() == {fresh: frozenset(d)}


def test_rewinding_takes_later_documents_out_and_leaves_each_story_as_it_was_then(store: SQLStore) -> None:
    """A report that arrived late is clustered as if in time (:meth:`StoryBuilder.add`): first
    every story gives up its documents published after it (:meth:`rewind_stories`). A story is then
    what it was at that time (sums, numbers, event frame and names index as if built from the
    documents it keeps), a story of only later documents is gone, and the documents taken out come
    back in order of publication."""
    hour = 3_600.0
    start = 1_750_000_000.0
    model = "test-model"
    d = _documents(store, 6)
    vectors = {document: np.eye(4, dtype=np.float32)[i % 4] for i, document in enumerate(d)}
    store.put_embeddings(model, vectors)

    def signals(hours: float, *names: str) -> Signals:
        return Signals(
            at=start + hours * hour, entities=names, quantities=(f"DATE:{int(hours)}",), kinds=("fire",)
        )

    at = {d[0]: signals(0, "markgroningen"), d[1]: signals(2, "markgroningen", "feuerwehr"),
          d[2]: signals(5, "vaihingen"), d[3]: signals(3, "vaihingen"), d[4]: signals(6, "vaihingen"),
          d[5]: signals(7, "stuttgart")}  # fmt: skip
    for document, found in at.items():
        store.put_signals(document, found)

    def build(groups: list[list[int]]) -> list[int]:
        ids = []
        for group in groups:
            story = store.create_story(group[0], "Brand", vectors[group[0]], at[group[0]])
            for document in group[1:]:
                store.add_to_story(story, document, vectors[document], at[document], score=0.9)
            ids.append(story)
        return ids

    first, second, third = build([[d[0], d[1], d[2]], [d[3], d[4]], [d[5]]])
    gone, taken, shrunk = store.rewind_stories(start + 2.5 * hour, model)
    assert taken == [d[3], d[2], d[4], d[5]]  # in order of publication
    assert gone == {second: frozenset([d[3], d[4]]), third: frozenset([d[5]])}
    assert shrunk == [first]
    assert store.story_memberships() == {first: frozenset([d[0], d[1]])}
    rewound = next(s for s in store.list_stories() if s.id == first)
    entities = store.story_entity_counts(first)
    # … the same as a story built from its first two documents only
    store.clear_stories()
    (fresh,) = build([[d[0], d[1]]])
    built = next(s for s in store.list_stories() if s.id == fresh)
    assert (rewound.first_at, rewound.last_at, rewound.size) == (built.first_at, built.last_at, 2)
    assert np.allclose(rewound.vector_sum, built.vector_sum)
    assert rewound.quantities == built.quantities == {"DATE:0": 1, "DATE:2": 1}
    assert rewound.frame == built.frame and rewound.frame["kinds"] == {"fire": 2}
    assert entities == store.story_entity_counts(fresh) == {"markgroningen": 2, "feuerwehr": 1}
    # nothing published after the time: nothing to do
    assert store.rewind_stories(start + 10 * hour, model) == ({}, [], [])
    assert store.story_memberships() == {fresh: frozenset([d[0], d[1]])}


def test_rewinding_to_before_a_merge_undoes_it(store: SQLStore) -> None:
    """A young story merged into the story its follow-up joined (the report published at ten
    merged it) is apart again when the stories are taken back to nine: the merged documents are
    clustered again with those published after them. Taken back to eleven, the merge stays, and
    its time with it."""
    hour = 3_600.0
    start = 1_750_000_000.0
    model = "test-model"
    d = _documents(store, 4)
    vector = np.ones(4, dtype=np.float32) / 2
    store.put_embeddings(model, dict.fromkeys(d, vector))
    at = {d[0]: 0.0, d[1]: 8.5, d[2]: 10.0, d[3]: 12.0}
    signals = {k: Signals(at=start + v * hour, entities=("passau",), quantities=()) for k, v in at.items()}
    for document, found in signals.items():
        store.put_signals(document, found)
    earlier = store.create_story(d[0], "Hochwasser", vector, signals[d[0]])
    young = store.create_story(d[1], "Pegel", vector, signals[d[1]])
    store.add_to_story(earlier, d[2], vector, signals[d[2]], score=0.9)  # the follow-up at ten …
    store.merge_stories(young, earlier, signals[d[2]].at)  # … takes the young story along
    store.add_to_story(earlier, d[3], vector, signals[d[3]], score=0.9)
    assert store.story_memberships() == {earlier: frozenset(d)}

    gone, taken, shrunk = store.rewind_stories(start + 11 * hour, model)  # after the merge
    assert (gone, taken, shrunk) == ({}, [d[3]], [earlier])
    assert store.story_memberships() == {earlier: frozenset(d[:3])}
    gone, taken, shrunk = store.rewind_stories(start + 9 * hour, model)  # before it
    assert taken == [d[1], d[2]]  # the merged one at half past eight, then all after it
    assert (gone, shrunk) == ({}, [earlier])
    assert store.story_memberships() == {earlier: frozenset([d[0]])}


def test_an_unchanged_story_is_read_once_and_a_changed_one_again(store: SQLStore) -> None:
    """Each document reads the stories of its window; one that has not changed since is the same
    record (parsed once), one that a document joined is read anew with its new state."""
    at = 1_750_000_000.0
    vector = np.ones(4, dtype=np.float32) / 2
    d = _documents(store, 2)
    story = store.create_story(
        d[0], "Hochwasser", vector, Signals(at=at, entities=("passau",), quantities=())
    )
    (first,) = store.stories_in_window(at - 86_400, at + 86_400, limit=5)
    (again,) = store.stories_in_window(at - 86_400, at + 86_400, limit=5)
    assert again is first and first.size == 1
    signals = Signals(at=at + 3_600, entities=("passau", "donau"), quantities=())
    store.add_to_story(story, d[1], vector, signals, score=1.0)
    (joined,) = store.stories_in_window(at - 86_400, at + 86_400, limit=5)
    assert joined is not first
    assert (joined.size, joined.last_at, joined.frame) != (first.size, first.last_at, first.frame)
    assert joined.size == 2 and joined.last_at == at + 3_600


def test_follow_up_lookup_reads_the_index_by_name_and_time(tmp_path: Path) -> None:
    """On SQLite the lookup is an index range on (key, last_at), not a scan of a name's history."""
    with open_store(tmp_path / "plan.db") as store:
        plan = store._db.execute(
            "EXPLAIN QUERY PLAN SELECT story_id, COUNT(*) FROM story_entities "
            "WHERE key IN (?, ?) AND last_at >= ? GROUP BY story_id",
            ("huber", "landgericht", 0.0),
        ).fetchall()
    details = " ".join(str(row[-1]) for row in plan)
    assert "story_entities_key (key=? AND last_at>?)" in details, details


def test_match_ids_takes_the_best_overlaps_first() -> None:
    before = {1: frozenset({1, 2, 3, 4}), 2: frozenset({5, 6}), 3: frozenset({7, 8, 9})}
    after = {10: frozenset({1, 2, 3}), 11: frozenset({4, 5, 6}), 12: frozenset({7}), 13: frozenset({8, 9})}
    kept, redirects = match_ids(before, after)
    assert kept == {10: 1, 11: 2, 13: 3}  # 11↔2 is 2/4; 13↔3 (2/3) beats 12↔3 (1/3)
    assert redirects == {}
    before = {1: frozenset({1, 2, 3, 4, 5})}
    kept, redirects = match_ids(before, {5: frozenset({1, 2}), 6: frozenset({3, 4, 9})})
    assert kept == {} and redirects == {1: 5}  # 2/5 and 2/6: no heir; the tie goes to the lower id
    kept, _ = match_ids({1: frozenset({1, 2, 3, 4})}, {6: frozenset({2, 3, 4, 9, 10})})
    assert kept == {6: 1}  # exactly half: kept


def test_signals_of_an_older_version_are_computed_again(store: SQLStore) -> None:
    [document_id] = _documents(store, 1)
    store.put_signals(document_id, Signals(at=1.0, entities=("berlin", "passau"), quantities=()))
    assert store.get_signals([document_id])[document_id].entities == ("berlin", "passau")
    store._db.execute("UPDATE document_signals SET version = ?", (SIGNALS_VERSION - 1,))
    assert store.get_signals([document_id]) == {}  # stale: the builder computes it again
    store.put_signals(document_id, Signals(at=1.0, entities=("passau",), quantities=()))
    assert store.entity_frequency(["berlin", "passau"]) == {"berlin": 0, "passau": 1}


def test_word_counts_move_with_a_documents_signals_and_the_migration_fills_them(store: SQLStore) -> None:
    """``word_counts`` (the weights of a report's words: choose.word_likeness) counts the
    documents that use each word, as ``entity_counts`` does names; migration 0010 fills it from
    the signals a store already holds."""
    first, second = _documents(store, 2)
    store.put_signals(first, Signals(at=1.0, entities=(), quantities=(), words=("erdfall", "feuerwehr")))
    store.put_signals(second, Signals(at=1.0, entities=(), quantities=(), words=("feuerwehr",)))
    asked = ["erdfall", "feuerwehr", "hagelschlag"]
    assert store.word_frequency(asked) == {"erdfall": 1, "feuerwehr": 2}
    store.put_signals(first, Signals(at=1.0, entities=(), quantities=(), words=("feuerwehr", "hagelschlag")))
    assert store.word_frequency(asked) == {"erdfall": 0, "feuerwehr": 2, "hagelschlag": 1}
    [filling] = [sql for version, _, sql in migrations(store.dialect) if version == 10]
    with store._transaction() as db:
        db.execute("DROP TABLE word_counts")
        for statement in _statements(filling):
            db.execute(statement)
    assert store.word_frequency(asked) == {"feuerwehr": 2, "hagelschlag": 1}


def test_articles_stay_with_their_story_across_a_rebuild(db_url: str) -> None:
    with open_store(db_url) as store, Newsroom(Settings(), store) as room:
        report = room.ingest([str(EXAMPLES)])  # ingested and clustered
        assert report.ok, report.failures
        builder = StoryBuilder(StoriesSettings(), store)
        stories = store.story_memberships()
        written = room.write(sorted(stories))
        assert not written.failures
        articles = store.list_articles()
        assert len(articles) == len(stories) >= 3
        builder.rebuild()
        after = store.story_memberships()
        for record in articles:
            sources = {source.id for source in record.article.sources}
            assert after[record.story_id] == stories[record.story_id]  # same story, same documents
            assert sources <= after[record.story_id]
        # writing again finds the existing versions instead of a new story's first version
        again = room.write(sorted(after))
        assert not again.failures
        assert {(r.story_id, r.version) for r in store.list_articles()} == {
            (r.story_id, r.version) for r in articles
        }


def _old_database(path: Path, versions: set[int]) -> None:
    """A SQLite store migrated to ``versions`` (4, or 7 without 5: a store that got main's later
    migrations first) whose newest story was deleted, with an article and a watcher record naming
    story ids up to 12."""
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT, applied_at TEXT)")
    for version, name, sql in migrations("sqlite"):
        if version not in versions:
            continue
        for statement in _statements(sql):
            db.execute(statement)
        db.execute("INSERT INTO schema_migrations VALUES (?, ?, '2025-01-01')", (version, name))
    for story_id in (3, 9):
        db.execute(
            "INSERT INTO stories (id, label, first_at, last_at, vector_sum, size, created_at, updated_at) "
            "VALUES (?, 'x', 0, 0, x'', 0, '2025', '2025')",
            (story_id,),
        )
    db.execute("DELETE FROM stories WHERE id = 9")  # without AUTOINCREMENT, 9 would come again
    db.execute(
        "INSERT INTO articles (story_id, version, writer, sources_key, headline, body, created_at, "
        "updated_at) VALUES (11, 1, 'extractive', 'extractive:1', 'h', '{}', '2025', '2025')"
    )
    db.execute(
        "INSERT INTO story_writes (story_id, members_key, members, status, at) "
        "VALUES (12, '1', 1, 'written', '2025')"
    )
    db.commit()
    db.close()


@pytest.mark.parametrize("versions", [{1, 2, 3, 4}, {1, 2, 3, 4, 7}], ids=["schema-4", "schema-7-without-5"])
def test_migration_raises_the_high_water_mark_above_every_named_id(
    tmp_path: Path, versions: set[int]
) -> None:
    path = tmp_path / "old.db"
    _old_database(path, versions)
    with open_store(path) as store:
        applied = {int(r[0]) for r in store._db.execute("SELECT version FROM schema_migrations")}
        assert applied == {v for v, _, _ in migrations("sqlite")}  # 5 too, though 7 came first
        assert [s.id for s in store.list_stories()] == [3]
        [document_id] = _documents(store, 1)
        signals = Signals(at=0.0, entities=(), quantities=())
        new = store.create_story(document_id, "neu", np.zeros(4, dtype=np.float32), signals)
        assert new == 13


def test_a_report_arriving_late_is_clustered_on_either_store(store: SQLStore) -> None:
    """The builder's late path (the newest story's time, the rewind, the ids kept) on both stores:
    the later report arrives first, then the earlier one, then the later one's reprint."""
    hour = 3_600.0
    texts = [
        ("2025-06-17T08:00:00+00:00", "Hochwasser in Passau: Altstadt überflutet"),
        ("2025-06-17T10:00:00+00:00", "Passau: Pegel der Donau steigt weiter"),
        ("2025-06-17T09:00:00+00:00", "Hochwasser: Passauer Altstadt unter Wasser"),
    ]
    reports = [
        (p, t, f"{t}. Die Donau hat in Passau die Marke von zehn Metern überschritten. " * 3)
        for p, t in texts
    ]
    ids = [store.add_document(report_document(n, *r), [])[0] for n, r in enumerate(reports)]
    builder = StoryBuilder(StoriesSettings(), store)
    builder.add([ids[1]])
    builder.add([ids[0]])
    builder.add([ids[2]])
    members = store.story_memberships()
    assert set().union(*members.values()) == set(ids)
    signals = store.get_signals(ids)
    assert signals[ids[1]].at - signals[ids[0]].at == 2 * hour
    assert all(store.story_of(d) in members for d in ids)
