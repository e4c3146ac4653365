"""A bad feed item never stops its feed, a failing feed is retried with back-off, and the command
line, watch mode and ``newsdesk status`` say so in one line each (issue: finding 1)."""

# ruff: noqa: F811  (pytest fixtures imported from hostile_site are test parameters)
from __future__ import annotations

import json
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from hostile_site import HostileSite, hostile_site, load_reports, rss, send  # noqa: F401 (fixtures)
from typer.testing import CliRunner

from newsdesk.cli import app
from newsdesk.config import IngestSettings, Settings, StoreSettings, StoriesSettings, WatchSettings
from newsdesk.ingest import Ingestor
from newsdesk.models import utc_now
from newsdesk.newsroom import Newsroom
from newsdesk.store import SQLStore, open_store
from newsdesk.watch.local import run_pass

ROOT = Path(__file__).resolve().parents[2]
LOCAL = IngestSettings(
    allow_private=True, respect_robots=False, per_host_delay=0.0, retries=0, read_timeout=5
)
CONFIG = """
[ingest]
allow_private = true
respect_robots = false
per_host_delay = 0.0
retries = 0
[watch]
tick_seconds = 1
"""
BAD_LINK = "http://0177.0.0.1/x"


def feed_with_a_bad_item(site: HostileSite) -> str:
    """A feed of 23 items whose twelfth links to a malformed URL; returns the feed's URL."""
    reports = load_reports()[:23]
    items = [(r.title, site.url(r.path)) for r in reports]
    items[11] = (reports[11].title, BAD_LINK)
    site.page("/feed.xml", rss(site.base, items), "application/rss+xml")
    return site.url("/feed.xml")


def test_a_feed_with_one_bad_item_of_23_stores_22(hostile_site: HostileSite, db_url: str) -> None:
    feed = feed_with_a_bad_item(hostile_site)
    result = CliRunner().invoke(
        app,
        ["ingest", feed, "--db", db_url, "--allow-private", "--no-robots", "--delay", "0", "--no-stories"],
    )
    assert isinstance(result.exception, SystemExit) and result.exit_code == 1
    failed = [line for line in result.stderr.splitlines() if line.startswith("failed:")]
    assert failed == [
        f"failed: {BAD_LINK}: not a valid URL (0177.0.0.1 is not an IPv4 address in dotted-decimal form)"
    ]
    assert "22 stored" in result.stderr
    with open_store(db_url) as store:
        assert store.count_documents() == 22
        (entry,) = [e for e in store.fetch_log(limit=200) if e.status == "failed"]
    assert (entry.source, entry.reason) == (BAD_LINK, "invalid_url")


def settings(db: str) -> Settings:
    return Settings(
        store=StoreSettings(db=db),
        ingest=LOCAL,
        stories=StoriesSettings(enabled=False),
        watch=WatchSettings(tick_seconds=1, feed_backoff_minutes=1.0, feed_backoff_max_hours=1.0),
    )


@pytest.fixture
def newsroom(db_url: str) -> Iterator[Newsroom]:
    with open_store(db_url) as store:
        room = Newsroom(settings(db_url), store)
        yield room
        room.close()


def test_watch_passes_survive_a_bad_item_and_a_malformed_saved_feed(
    hostile_site: HostileSite, newsroom: Newsroom
) -> None:
    store: SQLStore = newsroom.store
    feed = feed_with_a_bad_item(hostile_site)
    store.add_feed(feed, title="Regionalanzeiger", interval_minutes=30, added_at=utc_now())
    # saved before URLs were vetted (straight into the store): every pass reports it, nothing breaks
    store.add_feed("http://[::ffff:999.0.0.1]/feed", title="kaputt", interval_minutes=30, added_at=utc_now())
    report = run_pass(newsroom, threading.Event())
    assert (report.feeds, report.documents) == (2, 22)
    feeds = {f.title: f for f in store.list_feeds()}
    assert (
        feeds["Regionalanzeiger"].last_status == "23 items, 23 new"
        and feeds["Regionalanzeiger"].failures == 0
    )
    broken = feeds["kaputt"]
    assert broken.failures == 1 and broken.last_status is not None
    assert broken.last_status.startswith("failed: not a valid URL (bad IPv6 address")
    # the next pass polls the good feed again when it is due: the bad item is tried again, and only it
    for f in store.list_feeds():
        store.mark_feed_polled(f.url, at="2000-01-01T00:00:00+00:00", status="due again")
    hostile_site.reset()
    again = run_pass(newsroom, threading.Event())
    assert (again.feeds, again.documents) == (2, 0)
    assert hostile_site.requests == {"/feed.xml": 1}
    assert store.count_documents() == 22


def test_a_failing_feed_backs_off_and_recovers(
    hostile_site: HostileSite, newsroom: Newsroom, db_url: str
) -> None:
    store: SQLStore = newsroom.store
    hostile_site.route("/down.xml", lambda h: send(h, 503, b"<h1>Wartung</h1>"))
    saved = store.add_feed(
        hostile_site.url("/down.xml"), title="down", interval_minutes=30, added_at=utc_now()
    )
    waits = []
    for attempt in range(1, 4):
        started = time.time()
        assert newsroom.poll_feed(saved.id, force=True) == (saved.url, [])
        (feed,) = store.list_feeds()
        assert feed.failures == attempt and feed.next_poll_at is not None
        assert feed.last_status is not None and feed.last_status.startswith("failed: HTTP 503")
        assert f"{attempt}× in a row; next try" in feed.last_status
        waits.append(feed_time(feed.next_poll_at) - started)
        assert not feed.due(started + waits[-1] - 5) and feed.due(started + waits[-1] + 5)
    # feed_backoff_minutes = 1, doubled per failure in a row (times are kept in whole seconds)
    assert [round(w / 60) for w in waits] == [1, 2, 4]
    assert [f.id for f in newsroom.due_feeds()] == []  # not before the back-off has passed
    status = subprocess.run(
        [sys.executable, "-m", "newsdesk", "status", "--json", "--db", db_url],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    (shown,) = json.loads(status.stdout)["feeds"]
    assert shown["failures"] == 3 and shown["next_poll_at"] == feed.next_poll_at
    assert shown["last_status"].startswith("failed: HTTP 503")
    table = CliRunner().invoke(app, ["status", "--db", db_url], env={"COLUMNS": "400"})
    assert table.exit_code == 0, table.output
    (row,) = [line for line in table.output.splitlines() if "/down.xml" in line and "30 min" in line]
    assert "failed: HTTP 503" in row and "3× in a row; next try" in row  # the feeds table
    # the site is back: one successful poll ends the back-off
    report = load_reports()[0]
    hostile_site.page("/down.xml", rss(hostile_site.base, [(report.title, hostile_site.url(report.path))]))
    assert newsroom.poll_feed(saved.id, force=True)[1] != []
    (feed,) = store.list_feeds()
    assert (feed.failures, feed.next_poll_at, feed.last_status) == (0, None, "1 items, 1 new")


def feed_time(value: str) -> float:
    return datetime.fromisoformat(value).timestamp()


def test_watch_once_in_a_process_stores_22_and_exits_cleanly(
    hostile_site: HostileSite, tmp_path: Path
) -> None:
    config = tmp_path / "newsdesk.toml"
    config.write_text(CONFIG, encoding="utf-8")
    db = str(tmp_path / "watch.db")
    feed = feed_with_a_bad_item(hostile_site)
    with open_store(db) as store:
        store.add_feed(feed, title="Regionalanzeiger", interval_minutes=30, added_at=utc_now())
    env_run = [sys.executable, "-m", "newsdesk", "watch", "--once", "--db", db, "--config", str(config)]
    done = subprocess.run(env_run, capture_output=True, text=True, cwd=ROOT, timeout=600)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    assert f"item failed: {BAD_LINK}: not a valid URL" in done.stderr
    with open_store(db) as store:
        assert store.count_documents() == 22


def test_feed_items_with_a_hostile_link_keep_their_text(hostile_site: HostileSite, tmp_path: Path) -> None:
    reports = load_reports()
    items = "".join(
        f"<item><title>{r.title}</title><link>{link}</link><description><![CDATA[<p>{r.text()}</p>]]>"
        "</description></item>"
        for r, link in zip(reports[:3], ["javascript:alert(document.cookie)", "", BAD_LINK], strict=True)
    )
    body = f'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>{items}</channel></rss>'
    hostile_site.page("/volltext.xml", body.encode(), "application/rss+xml")
    with open_store(tmp_path / "n.db") as store:
        with Ingestor(LOCAL, store) as ingestor:
            result = ingestor.ingest([hostile_site.url("/volltext.xml")])
        assert result.failures == []
        assert [i.status for i in result.items] == ["stored"] * 3
        assert [store.get_document(i.id).url for i in result.items] == [None, None, None]


def test_a_recovered_feed_with_nul_characters_never_reaches_the_store(
    hostile_site: HostileSite, newsroom: Newsroom
) -> None:
    store: SQLStore = newsroom.store
    reports = load_reports()[:3]
    items = "".join(
        f"<item><title>{r.title}&#0;</title><link>{link}</link></item>"
        for r, link in zip(
            reports,
            [
                hostile_site.url(reports[0].path),
                "http://regional&#0;anzeiger.example/x",
                hostile_site.url(reports[2].path),
            ],
            strict=True,
        )
    )
    body = f'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>{items}</channel></rss>'
    hostile_site.page("/nul.xml", body.encode(), "application/rss+xml")
    store.add_feed(hostile_site.url("/nul.xml"), title="nul", interval_minutes=30, added_at=utc_now())
    report = run_pass(newsroom, threading.Event())  # PostgreSQL refuses NUL in text: it must not get there
    assert (report.feeds, report.documents) == (1, 2)
    titles = sorted(store.get_document(d.id or 0).title for d in store.iter_documents())
    assert titles == sorted([reports[0].title, reports[2].title])
    failed = [e for e in store.fetch_log(limit=50) if e.status == "failed"]
    assert [(e.source, e.detail) for e in failed if e.reason == "invalid_url"] == [
        ("http://regional%00anzeiger.example/x", "not a valid URL (percent-encoded host)")
    ]
