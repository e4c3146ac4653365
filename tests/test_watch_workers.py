"""Several workers on one PostgreSQL database (Procrastinate), as separate processes.

Each feed item is ingested exactly once and each story version written once, also when new
sources arrive later; a database connection dropped mid-task and a worker killed with SIGKILL
mid-task lose and duplicate nothing: the job runs again (retry on a new connection, or on another
worker once the dead one's heartbeat is stale).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from newsdesk.models import utc_now
from newsdesk.store import PostgresStore, open_store
from newsroom_site import OUTLETS, WATCH_CONFIG, NewsroomSite, reports, serve
from pg import PgServer

pytestmark = pytest.mark.postgresql

LATE = ("courier", "kliniken-rosenheim")
WORK = "status IN ('todo', 'doing') AND task_name NOT IN ('newsdesk.tick', 'newsdesk.retry_stalled')"


@pytest.fixture
def newsroom_site() -> Iterator[NewsroomSite]:
    site = NewsroomSite()
    site.publish(*[r for r in reports() if (r.outlet, r.slug) != LATE])
    httpd = serve(site)
    yield site
    httpd.shutdown()
    httpd.server_close()


class Newsroom:
    """A database with feeds, and worker processes started against it."""

    def __init__(self, url: str, site: NewsroomSite, folder: Path) -> None:
        self.url = url
        self.site = site
        self.folder = folder
        self.config = folder / "newsdesk.toml"
        self.config.write_text(WATCH_CONFIG, encoding="utf-8")
        self.env = {**os.environ, "NEWSDESK_DB": url}
        self.workers: dict[str, subprocess.Popen[bytes]] = {}
        with open_store(url) as store:
            for outlet in OUTLETS:
                store.add_feed(site.feed_url(outlet), title=outlet, interval_minutes=30, added_at=utc_now())
        queued = subprocess.run(
            [sys.executable, "-m", "newsdesk", "watch", "--workers", "0", "--config", str(self.config)],
            env=self.env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert queued.returncode == 0, queued.stderr

    def start(self, name: str) -> subprocess.Popen[bytes]:
        with (self.folder / f"{name}.log").open("wb") as log:  # the worker keeps its own handle
            process = subprocess.Popen(
                [sys.executable, "-m", "newsdesk", "worker", "--config", str(self.config), "--name", name],
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        self.workers[name] = process
        return process

    def log(self, name: str) -> str:
        return (self.folder / f"{name}.log").read_text(encoding="utf-8", errors="replace")

    def query(self, sql: str) -> list[tuple[Any, ...]]:
        with PostgresStore(self.url) as store:
            return [tuple(r) for r in store._db.execute(sql).fetchall()]

    def count(self, sql: str) -> int:
        return int(self.query(sql)[0][0])

    def wait(self, condition: Callable[[], bool], what: str, timeout: float = 240) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if condition():
                return
            for name, process in self.workers.items():
                if process.poll() not in (None, -signal.SIGKILL):
                    pytest.fail(
                        f"{name} exited ({process.returncode}) while waiting for {what}:\n{self.log(name)}"
                    )
            time.sleep(0.5)
        logs = "\n".join(f"--- {n}\n{self.log(n)[-3000:]}" for n in self.workers)
        pytest.fail(f"timed out waiting for {what}\n{logs}")

    def settled(self, documents: int) -> bool:
        """All documents stored, every story's current state written, no work queued."""
        return (
            self.count("SELECT COUNT(*) FROM documents") == documents
            and self.count("SELECT COUNT(*) FROM stories") == 3
            and self.count(f"SELECT COUNT(*) FROM procrastinate_jobs WHERE {WORK}") == 0
            and self.count(
                "SELECT COUNT(*) FROM stories s WHERE NOT EXISTS (SELECT 1 FROM story_writes w "
                "WHERE w.story_id = s.id AND w.members = s.size)"
            )
            == 0
        )

    def stop(self) -> None:
        for process in self.workers.values():
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for name, process in self.workers.items():
            code = process.wait(timeout=60)
            assert code in (0, -signal.SIGKILL), f"{name} exited with {code}:\n{self.log(name)}"

    def assert_nothing_twice(self) -> None:
        """Every page fetched was stored once; every story state written once, versions 1..n."""
        assert (
            self.count("SELECT COUNT(*) FROM (SELECT url FROM documents GROUP BY url HAVING COUNT(*) > 1) d")
            == 0
        )
        versions = self.query(
            "SELECT story_id, array_agg(version ORDER BY version) FROM articles GROUP BY story_id"
        )
        for _story, numbers in versions:
            assert numbers == list(range(1, len(numbers) + 1))
        writes = self.query(
            "SELECT a.id, COUNT(e.id) FROM articles a LEFT JOIN article_events e "
            "ON e.article_id = a.id AND e.action IN ('write', 'rewrite') GROUP BY a.id"
        )
        assert all(n == 1 for _id, n in writes), writes
        assert self.count("SELECT COUNT(*) FROM story_writes WHERE status <> 'written'") == 0
        assert self.count("SELECT COUNT(*) FROM procrastinate_jobs WHERE status = 'failed'") == 0


@pytest.fixture
def newsroom(pg_url: str, newsroom_site: NewsroomSite, tmp_path: Path) -> Iterator[Newsroom]:
    room = Newsroom(pg_url, newsroom_site, tmp_path)
    yield room
    for process in room.workers.values():
        if process.poll() is None:
            process.kill()
            process.wait(timeout=30)


def pages(site: NewsroomSite) -> dict[str, int]:
    return {path: n for path, n in site.requests.items() if not path.startswith("/feeds/")}


def test_two_workers_ingest_each_item_once_and_write_each_version_once(
    newsroom: Newsroom, newsroom_site: NewsroomSite
) -> None:
    first = len(newsroom_site.published)
    newsroom.start("worker-a")
    newsroom.start("worker-b")
    newsroom.wait(lambda: newsroom.settled(first), "the first articles")
    assert pages(newsroom_site) == {r.path: 1 for r in newsroom_site.published}

    # New sources arrive: the story is written again as version 2; version 1 is kept.
    late = next(r for r in reports() if (r.outlet, r.slug) == LATE)
    newsroom_site.publish(late)
    newsroom.query("UPDATE feeds SET last_polled_at = '2000-01-01T00:00:00+00:00' RETURNING id")
    before = newsroom.count("SELECT COUNT(*) FROM articles")
    newsroom.wait(lambda: newsroom.settled(first + 1), "the new version")
    newsroom.stop()

    assert pages(newsroom_site) == {r.path: 1 for r in newsroom_site.published}  # each item fetched once
    assert newsroom.count("SELECT COUNT(*) FROM articles") == before + 1
    ((story, sources),) = newsroom.query(
        "SELECT story_id, sources_key FROM articles WHERE id = (SELECT MAX(id) FROM articles)"
    )
    (late_id,) = newsroom.query("SELECT id FROM documents WHERE url LIKE '%theguardian%kliniken%'")[0]
    assert str(late_id) in sources.split(":")[1].split(",")  # the new version lists the late report
    assert newsroom.count(f"SELECT COUNT(*) FROM articles WHERE story_id = {story}") >= 2  # old kept
    newsroom.assert_nothing_twice()
    jobs = dict(newsroom.query("SELECT task_name, COUNT(*) FROM procrastinate_jobs GROUP BY task_name"))
    assert jobs["newsdesk.ingest_item"] == first + 1  # one job per item: the queueing lock held
    workers = {n for n in newsroom.workers if "document" in newsroom.log(n) or "story" in newsroom.log(n)}
    assert workers == {"worker-a", "worker-b"}, "both workers should have done some of the work"


def test_a_connection_dropped_mid_task_is_retried_without_duplicates(
    newsroom: Newsroom, newsroom_site: NewsroomSite, pg_server: PgServer
) -> None:
    target = next(r for r in newsroom_site.published if r.outlet == "tagblatt").path
    newsroom_site.slow[target] = 0.8  # below the read timeout: the fetch succeeds, the store write fails
    fetching = newsroom_site.watch(target)
    newsroom.start("worker-a")
    assert fetching.wait(timeout=180), newsroom.log("worker-a")
    database = urlsplit(newsroom.url).path.lstrip("/")
    killed = pg_server.execute(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
        f"WHERE datname = '{database}' AND application_name = 'newsdesk-worker'"
    )
    assert killed and all(row[0] for row in killed)
    newsroom_site.slow.pop(target)
    newsroom.wait(lambda: newsroom.settled(len(newsroom_site.published)), "the articles after the drop")
    newsroom.stop()
    assert newsroom_site.requests[target] == 2  # fetched again by the retried job, stored once
    attempts = newsroom.query(
        "SELECT attempts, status FROM procrastinate_jobs WHERE task_name = 'newsdesk.ingest_item' "
        f"AND args->'item'->>'url' = '{newsroom_site.url(target)}'"
    )
    assert attempts == [(2, "succeeded")]
    assert "database connection lost; reconnecting" in newsroom.log("worker-a")
    newsroom.assert_nothing_twice()


def test_a_worker_killed_mid_task_is_replaced_and_nothing_is_lost(
    newsroom: Newsroom, newsroom_site: NewsroomSite
) -> None:
    target = next(r for r in newsroom_site.published if r.outlet == "courier").path
    newsroom_site.slow[target] = 3.0
    fetching = newsroom_site.watch(target)
    victim = newsroom.start("worker-a")
    assert fetching.wait(timeout=180), newsroom.log("worker-a")
    victim.send_signal(signal.SIGKILL)
    victim.wait(timeout=30)
    stuck = newsroom.query(
        f"SELECT id FROM procrastinate_jobs WHERE status = 'doing' AND args->'item'->>'url' = "
        f"'{newsroom_site.url(target)}'"
    )
    assert len(stuck) == 1  # the killed worker's job is left running
    newsroom_site.slow.pop(target)
    newsroom.start("worker-b")
    newsroom.wait(lambda: newsroom.settled(len(newsroom_site.published)), "the articles after the kill")
    newsroom.stop()
    assert newsroom_site.requests[target] == 2  # the killed fetch, and the retried job on worker-b
    assert newsroom.query(f"SELECT status FROM procrastinate_jobs WHERE id = {stuck[0][0]}") == [
        ("succeeded",)
    ]
    assert "its worker stopped responding; queued again" in newsroom.log("worker-b")
    newsroom.assert_nothing_twice()
