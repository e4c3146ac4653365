"""Reports reach a watcher in any order: feeds are polled at different times, an outlet is slow,
a page is fetched by hand. Which story a report joins depends on the stories before it (the
agency's first report of the second fire of the week makes the story its reprint joins), so a
report that arrives late is clustered as if it had arrived in time: the stories give up their
later documents, and those are clustered again after it (:meth:`StoryBuilder.add`). The stories
are then those of the whole batch in order of publication, and their ids stay.

The reports are two fires of the realistic corpus (tests/fixtures/stories_real, calibration part
K): the old town of Markgröningen one night, Vaihingen an der Enz ten kilometres away the next.
"""

from __future__ import annotations

import json
import random
import shutil
import time
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

from newsdesk.config import StoriesSettings
from newsdesk.models import Document
from newsdesk.store import SQLiteStore, open_store
from newsdesk.stories import StoryBuilder
from newsdesk.stories.embed import DIM
from newsdesk.stories.signals import compute_signals, document_time
from story_reports import report_document

CORPUS = Path(__file__).resolve().parent / "fixtures" / "stories_real" / "corpus.jsonl"
FIRES = ("K01-fire-markgroeningen", "K02-fire-vaihingen-enz")


def _fires(store: SQLiteStore) -> list[int]:
    """The fires' twelve reports, stored in order of publication: their ids (1–6 the first fire's
    first day, 7 the second fire's agency copy, 8 its reprint, …, 12 the first fire's follow-up)."""
    rows = [json.loads(line) for line in CORPUS.read_text(encoding="utf-8").splitlines() if line]
    reports = sorted((r for r in rows if r["event"] in FIRES), key=lambda r: r["published"])
    documents = [
        Document(
            url=r["url"],
            outlet=r["outlet"],
            title=r["title"],
            text=r["text"],
            language=r["language"],
            content_hash=f"fire{n}",
            published=r["published"],
        )
        for n, r in enumerate(reports)
    ]
    return [store.add_document(document, [])[0] for document in documents]


def _stories(store: SQLiteStore) -> list[list[int]]:
    return sorted(sorted(documents) for documents in store.story_memberships().values())


def _one_by_one(store: SQLiteStore, order: list[int]) -> None:
    builder = StoryBuilder(StoriesSettings(), store)
    for document_id in order:
        builder.add([document_id])


def test_a_report_arriving_late_is_clustered_as_if_in_time(tmp_path: Path) -> None:
    with open_store(tmp_path / "batch.db") as store:
        ids = _fires(store)
        StoryBuilder(StoriesSettings(), store).add(ids)
        in_time = _stories(store)
    assert in_time == [ids[:6] + ids[11:], ids[6:11]]  # two fires, the follow-up with the first
    with open_store(tmp_path / "late.db") as store:
        ids = _fires(store)
        # the second fire's reprint (a regional paper polled at 7:20) comes before the agency copy
        # it reprints (the agency's feed, polled at 9:00)
        _one_by_one(store, [*ids[:6], ids[7]])
        first_fire = store.story_of(ids[0])
        _one_by_one(store, [ids[6], *ids[8:]])
        assert _stories(store) == in_time
        assert store.story_of(ids[0]) == first_fire  # its story kept its id …
        titles = {store.get_document(d).title for d in ids[:6]}
        label = next(story.label for story in store.list_stories() if story.id == first_fire)
        assert label in titles  # … and a label of its own reports


def test_any_order_of_arrival_within_hours_gives_the_stories_of_the_batch(tmp_path: Path) -> None:
    batch = tmp_path / "batch.db"
    with open_store(batch) as store:
        ids = _fires(store)
        StoryBuilder(StoriesSettings(), store).add(ids)
        in_time = _stories(store)
        at = {d: s.at for d, s in store.get_signals(ids).items()}
    for seed in range(6):
        draw = random.Random(seed)
        arrival = {d: at[d] + draw.random() * 6 * 3600 for d in ids}  # 0–6 hours after publication
        late = tmp_path / f"late{seed}.db"
        shutil.copy(batch, late)  # the same reports, vectors and signals, no stories
        with open_store(late) as store:
            store.clear_stories()
            _one_by_one(store, sorted(ids, key=lambda d: arrival[d]))
            assert _stories(store) == in_time, seed


def test_a_report_older_than_the_follow_up_days_takes_no_story_apart(tmp_path: Path) -> None:
    """An archive page, or a feed's item of two months ago, is clustered against the stories as
    they are: taking two months of stories apart for it would cost a rebuild of those months."""
    with open_store(tmp_path / "archive.db") as store:
        ids = _fires(store)
        StoryBuilder(StoriesSettings(), store).add(ids)
        before = store.story_memberships()
        touched = {story.id: story.updated_at for story in store.list_stories()}
        time.sleep(1.1)  # (``updated_at`` has whole seconds)
        archive = Document(
            url="https://lokal.example/archiv/2025/02/stadtfest", outlet="Lokalblatt",
            title="Markgröningen plant den Schäferlauf 2025",
            text="Markgröningen (lok) - Der Gemeinderat hat am Dienstag das Programm für den Schäferlauf "
            "beschlossen. Der Festumzug zieht wie jedes Jahr durch die Altstadt.",
            language="de", content_hash="archive", published="2025-02-18T18:00:00+01:00",
        )  # fmt: skip
        (old,) = [store.add_document(archive, [])[0]]
        (assignment,) = StoryBuilder(StoriesSettings(), store).add([old])
        after = store.story_memberships()
        untouched = {story.id: story.updated_at for story in store.list_stories() if story.id in before}
    assert assignment.created
    assert {k: v for k, v in after.items() if old not in v} == before  # every story as it was …
    assert untouched == touched  # … not taken apart and made again


def test_a_story_that_gave_up_a_report_takes_its_label_from_the_reports_it_keeps(tmp_path: Path) -> None:
    """A story of a morning report and, at ten, a report whose title became its label: when a report
    of nine o'clock arrives, the ten o'clock report is taken out and clustered again (here it reads
    like nothing of the story: it goes elsewhere), and the story is labelled by what it keeps."""
    with open_store(tmp_path / "label.db") as store:
        builder = StoryBuilder(StoriesSettings(), store)
        reports = [
            ("2025-06-17T08:00:00+00:00", "Hochwasser in Passau: Altstadt überflutet"),
            ("2025-06-17T10:00:00+00:00", "Stadtrat Passau vertagt Haushalt"),
            ("2025-06-17T09:00:00+00:00", "Passau: Pegel der Donau steigt weiter"),
        ]
        reports = [(published, title, f"{title}. " * 4) for published, title in reports]
        ids = [store.add_document(report_document(n, *r), [])[0] for n, r in enumerate(reports)]
        morning, ten, nine = ids
        axes = np.eye(DIM, dtype=np.float32)
        store.put_embeddings(builder.embedder.model_id, {morning: axes[0], ten: axes[1]})  # unrelated
        for document_id in (morning, ten):
            store.put_signals(document_id, compute_signals(store.get_document(document_id)))
        signals = store.get_signals([morning, ten])
        story = store.create_story(morning, reports[0][1], axes[0], signals[morning])
        store.add_to_story(story, ten, axes[1], signals[ten], score=0.9)
        store.set_story_label(story, reports[1][1])
        builder.add([nine])
        assert store.story_of(morning) == story and store.story_of(ten) != story
        assert next(s.label for s in store.list_stories() if s.id == story) == reports[0][1]


def test_a_date_after_the_fetch_is_a_wrong_date() -> None:
    """A feed's typo ("2062") would hold its story open for decades and make every report after
    it look late: a publication time more than a day after the fetch counts as the fetch time. A
    time zone's hours ahead, or a bare date, are no wrong date."""
    fetched = "2025-04-23T08:00:00+00:00"

    def at(published: str | None) -> float:
        document = Document(
            url="https://lokal.example/x", outlet="Lokalblatt", title="Brand", text="Brand.", language="de",
            content_hash="x", published=published, fetched_at=fetched,
        )  # fmt: skip
        return document_time(document)

    fetch = datetime.fromisoformat(fetched).timestamp()
    assert at("2062-04-23T06:40:00+02:00") == fetch
    assert at("2025-04-23T09:40:00+02:00") == datetime.fromisoformat("2025-04-23T09:40:00+02:00").timestamp()
    assert at("2025-04-23T23:30:00+00:00") > fetch  # later that day: a feed's clock, kept
    assert at("2025-04-23") == datetime(2025, 4, 23, 12, tzinfo=UTC).timestamp()
    assert at(None) == fetch
    wrong = Document(
        url="https://lokal.example/y", outlet="Lokalblatt", title="Brand in Vaihingen",
        text="Vaihingen an der Enz (dpa/lsw) - In der Nacht auf Mittwoch hat ein Fachwerkhaus gebrannt.",
        language="de",
        content_hash="y", published="2062-04-23T06:40:00+02:00", fetched_at=fetched,
    )  # fmt: skip
    signals = compute_signals(wrong)
    assert signals.at == fetch
    assert [q for q in signals.quantities if q.startswith("DATE:")] == ["DATE:2025-04-23"]  # that Wednesday
