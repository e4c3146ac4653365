"""The Atom feed of published articles, parsed with feedparser (and with lxml for the raw XML)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import feedparser
import pytest
from lxml import etree
from lxml import html as lxml_html

from article_samples import HOSTILE, sample_article
from newsdesk.config import PublishSettings, Settings
from newsdesk.newsroom import Newsroom
from newsdesk.render.feed import FeedItem, atom_feed
from newsdesk.render.site import article_path
from newsdesk.store.sqlite import SQLiteStore

ATOM = "{http://www.w3.org/2005/Atom}"
SITE = PublishSettings(
    base_url="https://news.example.org/", site_title="Leipzig aktuell", publisher="Beispiel Medien"
)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[SQLiteStore]:
    with SQLiteStore(tmp_path / "feed.db") as opened:
        for story, headline in ((41, ""), (42, "Neue Straßenbahnlinie in Leipzig eröffnet"), (43, "")):
            record = opened.save_article(
                sample_article(story_id=story, headline=headline, hostile=story == 43)
            )
            if story != 43:
                Newsroom(Settings(), opened).approve(record.id, actor="anna")
                Newsroom(Settings(), opened).publish(record.id, actor="anna")
        yield opened


def _feed(store: SQLiteStore, settings: PublishSettings = SITE) -> str:
    items = [FeedItem(r, article_path(r)) for r in store.list_articles(status="published")]
    return atom_feed(items, settings)


def test_feed_is_valid_atom_with_every_published_article(store: SQLiteStore) -> None:
    parsed = feedparser.parse(_feed(store))
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    feed = parsed.feed
    assert feed.title == "Leipzig aktuell" and feed.id == "https://news.example.org/feed.xml"
    links = {link.rel: link.href for link in feed.links}
    assert links == {
        "self": "https://news.example.org/feed.xml",
        "alternate": "https://news.example.org/index.html",
    }
    assert feed.author == "Beispiel Medien" and feed.updated_parsed is not None
    entries = parsed.entries
    assert [e.title for e in entries] == [
        "Neue Straßenbahnlinie in Leipzig eröffnet",  # newest first
        "Stromausfall in Leipzig: 42.000 Haushalte ohne Strom",
    ]
    for entry, record in zip(entries, store.list_articles(status="published"), strict=True):
        assert entry.id == f"tag:news.example.org,{record.created_at[:10]}:article-{record.id}"
        assert entry.link == f"https://news.example.org/{article_path(record)}"
        assert entry.published_parsed and entry.updated_parsed and entry.author == "Beispiel Medien"
        assert entry.summary == record.article.subheadline
        [content] = entry.content
        assert content.type == "text/html"
        assert "Stadtwerke-Sprecherin Jana Roth" in content.value and "Quellen" in content.value
        assert "Sächsische Zeitung" in content.value and "maschinell" in content.value
        assert "44.000" not in content.value and "belegt ·" not in content.value  # no dropped text, no marks


def test_feed_xml_follows_rfc_4287(store: SQLiteStore) -> None:
    root = etree.fromstring(_feed(store).encode())
    assert root.tag == f"{ATOM}feed"
    for name in ("id", "title", "updated"):
        assert len(root.findall(f"{ATOM}{name}")) == 1
    for entry in root.findall(f"{ATOM}entry"):
        for name in ("id", "title", "updated", "published", "summary", "content"):
            assert len(entry.findall(f"{ATOM}{name}")) == 1, name
        assert entry.find(f"{ATOM}content").get("type") == "html"
        assert entry.find(f"{ATOM}link[@rel='alternate']") is not None
    assert root.findtext(f"{ATOM}updated") == max(
        e.findtext(f"{ATOM}updated") for e in root.findall(f"{ATOM}entry")
    )


def test_source_text_stays_text_in_the_feed(store: SQLiteStore) -> None:
    hostile = next(r for r in store.list_articles() if r.story_id == 43)
    Newsroom(Settings(), store).approve(hostile.id, actor="anna")
    Newsroom(Settings(), store).publish(hostile.id, actor="anna")
    xml = _feed(store)
    root = etree.fromstring(xml.encode())
    assert not root.xpath("//*[local-name()='script']")  # markup in sources never becomes XML elements
    content = root.find(f"{ATOM}entry/{ATOM}content").text
    assert "<script>" not in content and "&lt;script&gt;" in content  # escaped inside the HTML content
    assert HOSTILE in lxml_html.fromstring(content).text_content()  # …and shown as text


def test_entry_ids_are_permanent_and_the_feed_has_a_limit(store: SQLiteStore) -> None:
    record = store.list_articles(status="published")[-1]
    before = {e.title: e.id for e in feedparser.parse(_feed(store)).entries}
    Newsroom(Settings(), store).withdraw(record.id, actor="anna")
    assert record.article.headline not in {e.title for e in feedparser.parse(_feed(store)).entries}
    Newsroom(Settings(), store).publish(record.id, actor="anna")
    after = {e.title: e.id for e in feedparser.parse(_feed(store)).entries}
    assert after == before
    limited = feedparser.parse(_feed(store, PublishSettings(feed_entries=1)))
    assert [e.title for e in limited.entries] == [feedparser.parse(_feed(store)).entries[0].title]
    assert limited.feed.id.startswith("urn:uuid:") and limited.entries[0].id.startswith("urn:uuid:")
    assert limited.entries[0].link.startswith("articles/")  # no base URL: site-relative links
