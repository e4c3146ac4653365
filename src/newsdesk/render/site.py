"""The static site: every published article as a page, an index, the Atom feed — in one folder that
any web server (or a file browser) can serve.

::
    <out_dir>/index.html                   published articles, newest first
    <out_dir>/feed.xml                     Atom feed (render/feed.py)
    <out_dir>/style.css                    article.css + site.css
    <out_dir>/articles/<id>-<slug>.html    the article (no verdict marks; evidence on hover)
    <out_dir>/articles/<id>-<slug>.json    newsdesk.article/1
    <out_dir>/articles/<id>-<slug>.jsonld  schema.org NewsArticle (also inside the page)

``<id>`` is the stored version's id and ``<slug>`` comes from its headline, which cannot change
while the version is published — so an article's address is stable. The export is idempotent:
nothing in it depends on when it ran, and a file whose content is unchanged is not rewritten
(changed files are replaced atomically). Files under ``articles/`` that belong to no published
version — withdrawn or superseded articles — are removed; nothing else in the folder is touched.
"""

from __future__ import annotations

import os
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from newsdesk.config import PublishSettings
from newsdesk.render.article_json import to_json
from newsdesk.render.base import RenderOptions
from newsdesk.render.feed import FEED_FILE, FeedItem, absolute, atom_feed
from newsdesk.render.html import article_css, environment, page
from newsdesk.render.jsonld import to_jsonld
from newsdesk.render.text import german_datetime, slug
from newsdesk.store.articles import ArticleRecord, ArticleStore

ARTICLES = "articles"
STYLESHEET = "style.css"
_OWN_FILE = re.compile(r"^\d+-[a-z0-9-]+\.(html|json|jsonld)$")


@dataclass
class SiteReport:
    """What an export did: files written (new or changed), unchanged, and removed; articles shown."""

    directory: Path
    articles: int = 0
    written: list[Path] = field(default_factory=list)
    unchanged: list[Path] = field(default_factory=list)
    removed: list[Path] = field(default_factory=list)

    def summary(self) -> str:
        """``"3 articles: 2 files written, 10 unchanged, 3 removed"``."""
        return (
            f"{self.articles} article(s): {len(self.written)} file(s) written, "
            f"{len(self.unchanged)} unchanged, {len(self.removed)} removed"
        )


def article_stem(record: ArticleRecord) -> str:
    """``12-donau-in-passau-bei-10-62-metern``: the version id and its headline's slug."""
    return f"{record.id}-{slug(record.article.headline)}"


def article_path(record: ArticleRecord) -> str:
    """The page's path relative to the site root (``articles/12-….html``)."""
    return f"{ARTICLES}/{article_stem(record)}.html"


def _write(path: Path, content: str, report: SiteReport) -> None:
    """Write ``content`` unless the file holds it already; atomically (temp file, then rename)."""
    data = content.encode("utf-8")
    if path.is_file() and path.read_bytes() == data:
        report.unchanged.append(path)
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(prefix=".tmp-", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
        os.chmod(temp, 0o644)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    report.written.append(path)


def _site_css() -> str:
    own = environment().loader.get_source(environment(), "site.css")[0]
    return article_css() + "\n" + str(own)


def export_site(store: ArticleStore, out_dir: Path, settings: PublishSettings) -> SiteReport:
    """Write the static site of every published article into ``out_dir`` (see the module docstring)."""
    out_dir = Path(out_dir)
    report = SiteReport(out_dir)
    records = store.list_articles(status="published")
    report.articles = len(records)
    keep: set[str] = set()
    nav = [
        {"href": "../index.html", "text": settings.site_title},
        {"href": "../" + FEED_FILE, "text": "Feed"},
    ]
    for record in records:
        stem = article_stem(record)
        options = RenderOptions(
            marks=False, record=record, settings=settings, url=absolute(settings, article_path(record))
        )
        files = {
            f"{stem}.html": page(
                record.article, options, stylesheet="../" + STYLESHEET, feed="../" + FEED_FILE, nav=nav
            ),
            f"{stem}.json": _json(record),
            f"{stem}.jsonld": to_jsonld(record.article, options),
        }
        for name, content in files.items():
            _write(out_dir / ARTICLES / name, content, report)
            keep.add(name)
    _write(out_dir / STYLESHEET, _site_css(), report)
    _write(out_dir / "index.html", _index(records, settings), report)
    items = [FeedItem(record, article_path(record)) for record in records]
    _write(out_dir / FEED_FILE, atom_feed(items, settings), report)
    folder = out_dir / ARTICLES
    if folder.is_dir():
        for path in sorted(folder.iterdir()):
            if path.is_file() and _OWN_FILE.match(path.name) and path.name not in keep:
                path.unlink()
                report.removed.append(path)
    return report


def _json(record: ArticleRecord) -> str:
    return to_json(record.article)


def _index(records: list[ArticleRecord], settings: PublishSettings) -> str:
    entries = [
        {
            "href": article_path(r),
            "headline": r.article.headline,
            "subheadline": r.article.subheadline,
            "published": german_datetime(r.published_at, settings.timezone),
            "published_iso": r.published_at or "",
            "sources": len(r.article.sources),
            "dateline": r.article.dateline.place,
        }
        for r in records
    ]
    template = environment().get_template("index.html")
    return str(
        template.render(
            title=settings.site_title,
            publisher=settings.publisher,
            entries=entries,
            stylesheet=STYLESHEET,
            feed=FEED_FILE,
            canonical=absolute(settings, "index.html") if settings.base_url else None,
        )
    )
