"""Ingest over HTTP: pages, feeds, sitemaps and failures, against the local fixture site.

Every test runs with a SQLite and a PostgreSQL store (the ``db_url`` fixture)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

import pytest

from conftest import SiteServer
from newsdesk.config import IngestSettings
from newsdesk.ingest import Ingestor, IngestReport
from newsdesk.ingest.normalize import hyphenation_debris
from newsdesk.store import SQLStore, open_store

LOCAL = IngestSettings(allow_private=True, per_host_delay=0.0, retries=0, backoff=0.0, read_timeout=1.0)


@pytest.fixture
def store(db_url: str) -> Iterator[SQLStore]:
    with open_store(db_url) as opened:
        yield opened


def ingest(store: SQLStore, sources: list[str], settings: IngestSettings = LOCAL) -> IngestReport:
    with Ingestor(settings, store) as ingestor:
        return ingestor.ingest(sources)


def by_outlet(report: IngestReport) -> dict[str, str]:
    return {item.outlet: item.status for item in report.items}


def test_a_news_page_becomes_a_document_with_metadata(site: SiteServer, store: SQLStore) -> None:
    report = ingest(store, [site.url("/de/krone-gipfel.html")])
    assert report.ok, report.failures
    [item] = report.items
    document = store.get_document(item.id)
    # Served from a local mirror, the page's own canonical URL identifies the outlet.
    assert document.url == "https://www.krone.at/3810001"
    assert document.outlet == "Kronen Zeitung"
    assert document.language == "de"
    assert document.published is not None and document.published.startswith("2025-03-14T")
    assert document.author
    assert "Wien" in document.text
    # Boilerplate is gone: cookie banner, newsletter box, reader comments.
    for boilerplate in ("Cookie", "Newsletter", "Kommentare"):
        assert boilerplate not in document.text
    passages = store.get_passages(item.id)
    assert len(passages) == item.passages > 5
    for passage in passages:
        assert document.text[passage.start : passage.end] == passage.text
        assert not hyphenation_debris(passage.text)


@pytest.mark.parametrize(
    ("feed", "outlets"),
    [
        ("/feeds/rss2.xml", {"Kronen Zeitung", "Der Standard", "The Guardian"}),
        ("/feeds/atom.xml", {"Der Spiegel", "BBC"}),
        ("/feeds/rss1.rdf", {"Süddeutsche Zeitung", "Die Zeit", "Stern"}),
        ("/feeds/rss091.xml", {"BBC"}),
    ],
)
def test_every_feed_item_is_ingested(site: SiteServer, store: SQLStore, feed: str, outlets: set[str]) -> None:
    report = ingest(store, [site.url(feed)])
    assert report.ok, report.failures
    assert set(by_outlet(report)) == outlets
    assert store.count_documents() == len(outlets)


def test_agency_copies_are_linked_not_dropped(site: SiteServer, store: SQLStore) -> None:
    report = ingest(store, [site.url("/feeds/rss1.rdf")])
    statuses = sorted(item.status for item in report.items)
    assert statuses == ["duplicate", "duplicate", "stored"]
    original = next(item for item in report.items if item.status == "stored")
    assert {item.duplicate_of for item in report.items if item.status == "duplicate"} == {original.id}
    assert store.count_documents() == 3


def test_a_malformed_feed_is_one_clear_failure(site: SiteServer, store: SQLStore) -> None:
    report = ingest(store, [site.url("/feeds/broken.xml"), site.url("/feeds/atom.xml")])
    feed_failures = [f for f in report.failures if f.source == site.url("/feeds/broken.xml")]
    assert feed_failures and feed_failures[0].reason == "feed"
    assert "malformed feed" in feed_failures[0].message and "line" in feed_failures[0].message
    # The well-formed feed in the same run is fully ingested.
    assert {"Der Spiegel", "BBC"} <= set(by_outlet(report))


def test_sitemaps_news_sitemaps_and_indexes(site: SiteServer, store: SQLStore) -> None:
    report = ingest(store, [site.url("/sitemap.xml")])
    assert set(by_outlet(report)) == {"Der Spiegel", "BBC"}
    report = ingest(store, [site.url("/news-sitemap.xml")])
    assert set(by_outlet(report)) == {"Süddeutsche Zeitung", "Die Zeit", "Stern"}
    # The index leads to both sitemaps again; they have not changed, so nothing is downloaded twice.
    report = ingest(store, [site.url("/sitemap-index.xml")])
    assert report.ok
    assert sorted(report.not_modified) == [site.url("/news-sitemap.xml"), site.url("/sitemap.xml")]
    assert store.count_documents() == 5


def test_reingest_is_idempotent_and_feeds_use_conditional_get(site: SiteServer, store: SQLStore) -> None:
    first = ingest(store, [site.url("/feeds/rss2.xml"), site.url("/en/bbc-storm.html")])
    count = store.count_documents()
    site.reset()
    second = ingest(store, [site.url("/feeds/rss2.xml"), site.url("/en/bbc-storm.html")])
    assert store.count_documents() == count == len(first.items)
    assert second.not_modified == [site.url("/feeds/rss2.xml")]
    # Neither the unchanged feed's items nor the known page were downloaded again.
    assert [p for p in site.paths() if p.endswith(".html")] == []
    feed_request = next(r for r in site.requests if r.path == "/feeds/rss2.xml")
    assert "If-None-Match" in feed_request.headers


def test_bad_inputs_fail_one_by_one_and_lose_nothing(site: SiteServer, store: SQLStore) -> None:
    good = [site.url("/de/spiegel-bahn.html"), site.url("/fr/lemonde-greve.html")]
    bad = {
        site.url("/missing.html"): "http_status",
        site.url("/error/500"): "http_status",
        site.url("/slow"): "timeout",
        site.url("/huge"): "too_large",
        site.url("/image.png"): "content_type",
        site.url("/redirect/loop-a"): "redirects",
        site.url("/private/secret.html"): "robots",
        site.url("/ru/unexpected.html"): "language",
    }
    settings = replace(LOCAL, max_bytes=1_000_000)
    report = ingest(store, [good[0], *bad, good[1]], settings)
    assert {f.source: f.reason for f in report.failures} == bad
    assert {item.language for item in report.items} == {"de", "fr"}
    assert store.count_documents() == 2
    logged = {entry.source: entry.reason for entry in store.fetch_log() if entry.status == "failed"}
    assert logged == bad
    for failure in report.failures:
        assert "\n" not in failure.line()


def test_private_addresses_are_refused_without_allow_private(site: SiteServer, store: SQLStore) -> None:
    report = ingest(store, [site.url("/de/krone-gipfel.html")], replace(LOCAL, allow_private=False))
    [failure] = report.failures
    assert failure.reason == "blocked_address"
    assert "loopback" in failure.message
    assert site.requests == []
    assert store.count_documents() == 0


def test_plain_text_and_pdf_responses(site: SiteServer, store: SQLStore) -> None:
    report = ingest(store, [site.url("/files/report.txt"), site.url("/files/corrupt.pdf")])
    [item] = report.items
    assert (item.outlet, item.language) == ("Reuters", "en")
    document = store.get_document(item.id)
    assert "EU-Africa" in document.text  # a hyphen at a line end before a capital stays
    [failure] = report.failures
    assert (failure.source, failure.reason) == (site.url("/files/corrupt.pdf"), "extraction")
    assert "corrupt or unreadable PDF" in failure.message
