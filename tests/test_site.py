"""The static site export: files, links that resolve, idempotence, withdrawn articles removed."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import feedparser
import pytest
from lxml import html as lxml_html

from article_samples import sample_article
from newsdesk.config import PublishSettings, Settings
from newsdesk.models import Article
from newsdesk.newsroom import Newsroom
from newsdesk.render.site import export_site
from newsdesk.store.sqlite import SQLiteStore

SETTINGS = PublishSettings(site_title="Leipzig aktuell", publisher="Beispiel Medien")


@pytest.fixture
def store(tmp_path: Path) -> Iterator[SQLiteStore]:
    with SQLiteStore(tmp_path / "site.db") as opened:
        for story, headline in ((41, ""), (42, "Neue Straßenbahnlinie in Leipzig eröffnet"), (43, "Entwurf")):
            record = opened.save_article(sample_article(story_id=story, headline=headline))
            if story != 43:  # story 43 stays a draft
                Newsroom(Settings(), opened).approve(record.id, actor="anna")
                Newsroom(Settings(), opened).publish(record.id, actor="anna")
        yield opened


def _links_resolve(site: Path) -> int:
    """Every local href/src in every page points to a file (and to an id in it); returns the count."""
    checked = 0
    for page in site.rglob("*.html"):
        tree = lxml_html.fromstring(page.read_bytes())
        for ref in tree.xpath("//a/@href | //link/@href"):
            parts = urlsplit(ref)
            if parts.scheme in ("http", "https"):
                continue
            target = (page.parent / parts.path).resolve() if parts.path else page
            assert target.is_file(), f"{page.name}: {ref} does not resolve"
            if parts.fragment and target.suffix == ".html":
                ids = lxml_html.fromstring(target.read_bytes()).xpath("//@id")
                assert parts.fragment in ids, f"{page.name}: #{parts.fragment} not in {target.name}"
            checked += 1
    return checked


def test_export_writes_index_pages_feed_and_data(store: SQLiteStore, tmp_path: Path) -> None:
    site = tmp_path / "site"
    report = export_site(store, site, SETTINGS)
    published = store.list_articles(status="published")
    assert report.articles == 2 and report.removed == []
    names = sorted(p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file())
    slugs = {
        41: "stromausfall-in-leipzig-42-000-haushalte-ohne-strom",
        42: "neue-strassenbahnlinie-in-leipzig-eroeffnet",
    }
    pages = [
        f"articles/{r.id}-{slugs[r.story_id]}{ext}"
        for r in published
        for ext in (".html", ".json", ".jsonld")
    ]
    assert names == sorted(["feed.xml", "index.html", "style.css", *pages])
    assert _links_resolve(site) > 20
    index = lxml_html.fromstring((site / "index.html").read_bytes())
    assert index.findtext(".//title") == "Leipzig aktuell" and index.get("lang") == "de"
    teasers = [a.text for a in index.xpath('//h2[@class="nd-teaser-headline"]/a')]
    assert teasers == [r.article.headline for r in published] and "Entwurf" not in teasers  # newest first
    for record in published:
        page = next(site.glob(f"articles/{record.id}-*.html"))
        tree = lxml_html.fromstring(page.read_bytes())
        assert not tree.xpath("//*[@data-verdict]") and tree.xpath("//span[@data-sentence-id]")  # no marks
        embedded = json.loads(tree.xpath('//script[@type="application/ld+json"]')[0].text)
        assert embedded == json.loads(page.with_suffix(".jsonld").read_text())
        assert embedded["datePublished"] == record.published_at
        stored = Article.from_dict(json.loads(page.with_suffix(".json").read_text()))
        assert stored.to_dict() == record.article.to_dict()
    assert (
        "@media print" in (site / "style.css").read_text()
        and ".nd-teaser" in (site / "style.css").read_text()
    )
    feed = feedparser.parse((site / "feed.xml").read_bytes())
    assert not feed.bozo and [e.title for e in feed.entries] == teasers


def test_export_is_idempotent(store: SQLiteStore, tmp_path: Path) -> None:
    site = tmp_path / "site"
    first = export_site(store, site, SETTINGS)
    files = {p: p.read_bytes() for p in site.rglob("*") if p.is_file()}
    times = {p: p.stat().st_mtime_ns for p in files}
    second = export_site(store, site, SETTINGS)
    assert len(first.written) == len(files) == 9 and second.written == [] and len(second.unchanged) == 9
    assert {p: p.read_bytes() for p in site.rglob("*") if p.is_file()} == files
    assert {p: p.stat().st_mtime_ns for p in files} == times  # nothing rewritten
    assert not list(site.rglob(".tmp-*"))


def test_withdrawn_articles_leave_the_site_and_other_files_stay(store: SQLiteStore, tmp_path: Path) -> None:
    site = tmp_path / "site"
    export_site(store, site, SETTINGS)
    (site / "articles" / "README.txt").write_text("not ours")
    (site / "impressum.html").write_text("<p>Impressum</p>")
    gone = store.list_articles(status="published")[0]
    Newsroom(Settings(), store).withdraw(gone.id, actor="anna", reason="Quelle korrigiert")
    report = export_site(store, site, SETTINGS)
    assert sorted(p.name for p in report.removed) == sorted(
        f"{gone.id}-neue-strassenbahnlinie-in-leipzig-eroeffnet{ext}" for ext in (".html", ".json", ".jsonld")
    )
    assert not list(site.glob(f"articles/{gone.id}-*"))
    assert (site / "articles" / "README.txt").exists() and (site / "impressum.html").exists()
    index = (site / "index.html").read_text()
    assert gone.article.headline not in index and "Stromausfall in Leipzig" in index
    assert [e.title for e in feedparser.parse((site / "feed.xml").read_bytes()).entries] == [
        "Stromausfall in Leipzig: 42.000 Haushalte ohne Strom"
    ]
    _links_resolve(site)
