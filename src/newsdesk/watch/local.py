"""Watch mode in one process: the newsroom service's steps in a loop, no task queue.

Used with the SQLite store (one process writes at a time). Each pass polls the feeds that are
due, ingests their new items, clusters them, writes the stories that are due (a story whose
documents and settings have not changed since it was written — by anyone — is not due) and
publishes what may be published; then it sleeps ``watch.tick_seconds``. ``stop`` (set by SIGINT/SIGTERM)
is checked between steps, so the loop ends cleanly after the current step. Work interrupted by a
crash is found again on the next pass: unclustered documents, unwritten story states and
unpublished approved versions are all read from the store.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass

from newsdesk.newsroom import Newsroom

log = logging.getLogger("newsdesk.watch")


@dataclass
class PassReport:
    """What one pass did."""

    feeds: int = 0
    documents: int = 0
    articles: int = 0
    published: int = 0


def run_pass(newsroom: Newsroom, stop: threading.Event) -> PassReport:
    """One pass over every step; returns early (after the current step) when ``stop`` is set."""
    report = PassReport()
    for feed in newsroom.due_feeds():
        if stop.is_set():
            return report
        feed_url, items = newsroom.poll_feed(feed.id)
        report.feeds += 1
        for item in items:
            if stop.is_set():
                return report
            report.documents += len(newsroom.ingest_item(item, feed_url))
    if stop.is_set():
        return report
    if newsroom.has_unclustered():
        newsroom.cluster()
    for story_id, _state in newsroom.due_stories():
        if stop.is_set():
            return report
        written = newsroom.write([story_id], retry_failed=False).written
        report.articles += sum(1 for w in written if not w.unchanged and w.record.created)
    for article_id in newsroom.publishable():
        if stop.is_set():
            return report
        report.published += int(newsroom.auto_publish(article_id))
    return report


def run_local(newsroom: Newsroom, stop: threading.Event, *, once: bool = False) -> None:
    """Run passes until ``stop`` is set (or one pass with ``once``)."""
    tick = newsroom.settings.watch.tick_seconds
    log.info("watching %d feed(s) in one process; a pass every %d s", len(newsroom.store.list_feeds()), tick)
    while not stop.is_set():
        report = run_pass(newsroom, stop)
        log.info(
            "pass done: %d feed(s) polled, %d document(s) stored, %d article(s) written, %d published",
            report.feeds,
            report.documents,
            report.articles,
            report.published,
        )
        if once:
            break
        stop.wait(tick)
    log.info("stopped")
