"""Stories: cross-lingual clustering of the bundled examples, syndicated copies, the CLI and JSON."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newsdesk.cli import app
from newsdesk.config import IngestSettings, StoriesSettings
from newsdesk.ingest import Ingestor
from newsdesk.store import SQLiteStore, open_store
from newsdesk.stories import StoryBuilder
from newsdesk.stories.views import story_views

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples" / "sources"
EVENTS = {"donau-hochwasser", "frauen-cl-finale-muenchen", "krankenhausreform-berlin"}


def event_of(source: str) -> str:
    return Path(source.split(":")[0]).parent.name


@pytest.fixture(scope="module")
def examples_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("stories") / "examples.db"
    with open_store(db) as store, Ingestor(IngestSettings(), store) as ingestor:
        report = ingestor.ingest([str(EXAMPLES)])
        assert report.ok, report.failures
        StoryBuilder(StoriesSettings(), store).add([item.id for item in report.items])
    return db


@pytest.fixture
def store(examples_db: Path) -> Iterator[SQLiteStore]:
    with open_store(examples_db) as opened:
        yield opened


def test_one_story_per_event_across_languages(store: SQLiteStore) -> None:
    views = story_views(store)
    assert len(views) == len(EVENTS)
    for view in views:
        events = {event_of(store.get_document(d["id"]).source) for d in view["documents"]}
        assert len(events) == 1, f"story {view['label']!r} mixes {events}"
        assert set(view["languages"]) == {"de", "en"}


def test_syndicated_copies_join_and_count_once(store: SQLiteStore) -> None:
    flood = next(v for v in story_views(store) if any("Passau" in d["title"] for d in v["documents"]))
    copies = [d for d in flood["documents"] if d["duplicate_of"] is not None]
    assert len(copies) == 2
    original = next(d for d in flood["documents"] if d["id"] == copies[0]["duplicate_of"])
    # The dpa report counts once, for the original's outlet; the republishers are listed apart.
    assert original["outlet"] in flood["outlets"]
    assert {c["outlet"] for c in copies} == set(flood["republished_by"])
    assert not set(flood["republished_by"]) & set(flood["outlets"])
    assert len(flood["outlets"]) == len(flood["documents"]) - 2


def test_story_json_shape_and_label(store: SQLiteStore) -> None:
    for view in story_views(store):
        assert set(view) >= {
            "id",
            "label",
            "languages",
            "outlets",
            "first_published",
            "last_published",
            "entities",
            "documents",
        }
        assert view["first_published"] <= view["last_published"]
        german_titles = {d["title"] for d in view["documents"] if d["language"] == "de"}
        assert view["label"] in german_titles
        assert view["entities"], "a story names its key entities"
        for document in view["documents"]:
            assert set(document) == {"id", "url", "outlet", "language", "title", "published", "duplicate_of"}


def test_filters(store: SQLiteStore) -> None:
    views = story_views(store)
    most = max(len(v["outlets"]) for v in views)
    assert [v for v in story_views(store, min_outlets=most)] == [
        v for v in views if len(v["outlets"]) >= most
    ]
    assert story_views(store, since=4_102_444_800.0) == []  # 2100-01-01


def test_rebuild_gives_the_same_stories(store: SQLiteStore) -> None:
    def partition() -> set[frozenset[int]]:
        return {frozenset(d["id"] for d in v["documents"]) for v in story_views(store)}

    before = partition()
    StoryBuilder(StoriesSettings(), store).rebuild()
    assert partition() == before


def test_incremental_arrival_extends_existing_stories(tmp_path: Path) -> None:
    with open_store(tmp_path / "n.db") as store, Ingestor(IngestSettings(), store) as ingestor:
        builder = StoryBuilder(StoriesSettings(), store)
        first = ingestor.ingest([str(EXAMPLES / "donau-hochwasser")])
        assert {a.created for a in builder.add([i.id for i in first.items])} >= {True}
        assert len(story_views(store)) == 1
        second = ingestor.ingest([str(EXAMPLES / "krankenhausreform-berlin")])
        builder.add([i.id for i in second.items])
        assert len(story_views(store)) == 2
        # Adding documents that are already clustered changes nothing.
        assert builder.add([i.id for i in first.items + second.items]) == []


def test_stories_cli(tmp_path: Path) -> None:
    runner = CliRunner()
    db = str(tmp_path / "n.db")
    result = runner.invoke(
        app, ["ingest", str(EXAMPLES / "frauen-cl-finale-muenchen"), "--db", db, "--no-stories"]
    )
    assert result.exit_code == 0, result.stderr
    result = runner.invoke(app, ["stories", "--db", db, "--json"])
    assert result.exit_code == 0, result.stderr
    [story] = json.loads(result.stdout)
    assert len(story["documents"]) == 5
    assert "clustered 5 document(s)" in result.stderr
    result = runner.invoke(app, ["stories", "--db", db, "--min-outlets", "9", "--json"])
    assert json.loads(result.stdout) == []
    result = runner.invoke(app, ["stories", "--db", db, "--since", "not-a-date"])
    assert result.exit_code == 2
