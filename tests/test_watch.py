"""Watch mode in one process (SQLite and PostgreSQL): feeds polled on schedule, each item ingested
once, stories written when enough outlets report them and again when new sources arrive, a feed
that times out, publishing, Ctrl-C, and ``newsdesk status``."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from newsdesk.config import IngestSettings, Settings, StoreSettings, WatchSettings
from newsdesk.models import utc_now
from newsdesk.newsroom import Newsroom
from newsdesk.store import SQLStore, open_store
from newsdesk.watch.local import run_local, run_pass
from newsroom_site import OUTLETS, WATCH_CONFIG, NewsroomSite, reports, serve

ROOT = Path(__file__).resolve().parents[1]
LOCAL = IngestSettings(
    allow_private=True, respect_robots=False, per_host_delay=0.0, retries=0, read_timeout=1.0
)


def watch_settings(db: str, **watch: object) -> Settings:
    return Settings(
        store=StoreSettings(db=db), ingest=LOCAL, watch=replace(WatchSettings(tick_seconds=1), **watch)
    )


@pytest.fixture
def newsroom_site() -> Iterator[NewsroomSite]:
    site = NewsroomSite()
    site.publish(*[r for r in reports() if not (r.outlet == "courier" and r.slug == "kliniken-rosenheim")])
    httpd = serve(site)
    yield site
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def store(db_url: str, newsroom_site: NewsroomSite) -> Iterator[SQLStore]:
    with open_store(db_url) as opened:
        for outlet in OUTLETS:
            opened.add_feed(
                newsroom_site.feed_url(outlet), title=outlet, interval_minutes=30, added_at=utc_now()
            )
        yield opened


@pytest.fixture
def make_newsroom(store: SQLStore, db_url: str) -> Iterator[Callable[..., Newsroom]]:
    """Newsrooms over the test's store (their HTTP clients are closed after the test)."""
    made: list[Newsroom] = []

    def make(**watch: object) -> Newsroom:
        made.append(Newsroom(watch_settings(db_url, **watch), store))
        return made[-1]

    yield make
    for newsroom in made:
        newsroom.close()


def page_requests(site: NewsroomSite) -> dict[str, int]:
    return {path: n for path, n in site.requests.items() if not path.startswith("/feeds/")}


def test_one_pass_ingests_each_item_once_and_writes_each_story(
    store: SQLStore, newsroom_site: NewsroomSite, make_newsroom: Callable[..., Newsroom]
) -> None:
    newsroom = make_newsroom(auto_publish=True)
    report = run_pass(newsroom, threading.Event())
    published = [r for r in reports() if r in newsroom_site.published]
    assert (report.feeds, report.documents, report.articles, report.published) == (3, len(published), 3, 3)
    assert page_requests(newsroom_site) == {r.path: 1 for r in published}
    assert store.count_documents() == len(published)
    articles = store.list_articles()
    assert sorted((a.version, a.status) for a in articles) == [(1, "published")] * 3
    assert all(a.article.sentences() for a in articles)

    # A second pass: feeds are not due (30 min), nothing is fetched, written or published again.
    newsroom_site.requests.clear()
    again = run_pass(newsroom, threading.Event())
    assert (again.feeds, again.documents, again.articles, again.published) == (0, 0, 0, 0)
    assert sum(newsroom_site.requests.values()) == 0
    # Forced polls use conditional GET: unchanged feeds answer 304 and yield nothing.
    for feed in store.list_feeds():
        assert newsroom.poll_feed(feed.id, force=True) == (feed.url, [])
    assert {f.last_status for f in store.list_feeds()} == {"not modified"}
    assert page_requests(newsroom_site) == {}
    assert len(store.list_articles()) == 3


def test_new_sources_give_a_new_version_and_keep_the_old(
    store: SQLStore, newsroom_site: NewsroomSite, make_newsroom: Callable[..., Newsroom]
) -> None:
    newsroom = make_newsroom()
    run_pass(newsroom, threading.Event())
    first = next(r for r in reports() if r.slug == "kliniken-rosenheim")
    story_id = store.story_of(store.find_document(url=first.canonical) or 0)
    (strike,) = store.list_articles(story_id=story_id)
    assert strike.status == "draft"  # no auto-publish: drafts wait for an editor
    store.set_article_status(strike.id, "approved", actor="anna")

    late = next(r for r in reports() if r.outlet == "courier" and r.slug == "kliniken-rosenheim")
    newsroom_site.publish(late)
    for feed in store.list_feeds():
        store.mark_feed_polled(feed.url, at="2000-01-01T00:00:00+00:00", status="due again")
    report = run_pass(newsroom, threading.Event())
    assert (report.documents, report.articles, report.published) == (1, 1, 1)  # the approved v1 is published
    versions = store.list_articles(story_id=strike.story_id)
    assert sorted((v.version, v.status) for v in versions) == [(1, "published"), (2, "draft")]
    newest = max(versions, key=lambda v: v.version)
    assert len(newest.article.sources) == len(strike.article.sources) + 1
    assert page_requests(newsroom_site)[late.path] == 1
    assert all(n == 1 for n in page_requests(newsroom_site).values())


def test_a_feed_that_times_out_is_recorded_and_the_others_are_processed(
    store: SQLStore, newsroom_site: NewsroomSite, make_newsroom: Callable[..., Newsroom]
) -> None:
    newsroom_site.slow["/feeds/tagblatt.xml"] = 3.0  # read timeout is 1 s
    newsroom = make_newsroom()
    report = run_pass(newsroom, threading.Event())
    feeds = {f.url.rsplit("/", 1)[1]: f for f in store.list_feeds()}
    assert feeds["tagblatt.xml"].last_status is not None and feeds["tagblatt.xml"].last_status.startswith(
        "failed:"
    )
    assert "timed out" in feeds["tagblatt.xml"].last_status
    assert feeds["donaubote.xml"].last_status == "3 items, 3 new"
    failed = [e for e in store.fetch_log() if e.status == "failed"]
    assert [(e.url, e.reason) for e in failed] == [(feeds["tagblatt.xml"].url, "timeout")]
    assert report.documents == 5  # the other two feeds' items
    assert not any(path.startswith("/tagblatt/") for path in page_requests(newsroom_site))


def run_cli(
    *args: str, env: dict[str, str] | None = None, timeout: float = 300
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "newsdesk", *args], capture_output=True, text=True, timeout=timeout, env=env
    )


def test_watch_stops_cleanly_on_sigint_and_status_shows_the_runs(
    store: SQLStore, newsroom_site: NewsroomSite, db_url: str, tmp_path: Path
) -> None:
    config = tmp_path / "newsdesk.toml"
    config.write_text(WATCH_CONFIG, encoding="utf-8")
    env = {**os.environ, "NEWSDESK_DB": db_url}
    process = subprocess.Popen(
        [sys.executable, "-m", "newsdesk", "watch", "--config", str(config)],
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    assert process.stderr is not None
    lines = []
    deadline = time.monotonic() + 240
    for line in process.stderr:  # wait until every story is written (one process or a worker)
        lines.append(line)
        if sum("wrote article" in seen for seen in lines) == 3 or time.monotonic() > deadline:
            break
    process.send_signal(signal.SIGINT)
    _, rest = process.communicate(timeout=120)
    log = "".join(lines) + rest
    assert process.returncode == 0, log
    assert "Traceback" not in log
    assert log.count("wrote article") == 3
    if db_url.startswith("postgresql"):  # the worker finishes its job and stops
        assert "worker worker-1 stopped" in log
    else:
        assert "SIGINT: stopping after the current step" in log and log.rstrip().endswith("stopped")

    shown = run_cli("status", "--json", "--config", str(config), env=env)
    assert shown.returncode == 0, shown.stderr
    data = json.loads(shown.stdout)
    assert data["schema"] == "newsdesk.status/1"
    assert data["documents"] == len(newsroom_site.published)
    assert len(data["feeds"]) == 3 and all(f["last_polled_at"] for f in data["feeds"])
    assert {w["status"] for w in data["story_writes"]} == {"written"}
    assert len(data["articles"]) == 3
    if db_url.startswith("postgresql"):
        queue = {row["name"]: row for row in data["queue"]}
        assert {"newsdesk.poll_feed", "newsdesk.ingest_item", "newsdesk.write_story"} <= set(queue)
        assert queue["newsdesk.ingest_item"]["succeeded"] == data["documents"]
        assert all(row["failed"] == 0 for row in queue.values())
    else:
        assert data["queue"] is None
    table = run_cli("status", "--config", str(config), env=env)
    assert table.returncode == 0 and "last articles" in table.stdout


def test_run_local_once_and_stop(store: SQLStore, make_newsroom: Callable[..., Newsroom]) -> None:
    newsroom = make_newsroom()
    stop = threading.Event()
    stop.set()
    run_local(newsroom, stop)  # returns at once when stopped before the first pass
    assert store.count_documents() == 0


def test_worker_refuses_sqlite(tmp_path: Path) -> None:
    result = run_cli("worker", "--db", str(tmp_path / "news.db"))
    assert result.returncode == 2
    assert "needs a PostgreSQL store" in result.stderr
