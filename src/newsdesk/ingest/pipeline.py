"""The ingest stage: sources (URLs, feeds, sitemaps, files, folders) → stored documents.

:class:`Ingestor` turns each input into a :class:`~newsdesk.ingest.extract.RawDocument`, and
:class:`~newsdesk.ingest.documents.DocumentBuilder` extracts, identifies the language, segments
into passages, deduplicates and stores it (one transaction per document). Every URL is vetted
(:func:`newsdesk.urls.vet_url`) before anything is fetched. Errors follow an explicit policy:
with ``catch`` (the default) each failed input — a malformed URL, one bad item of a feed, one bad
line of a JSONL file — becomes one :class:`Failure` on the report and one row in the fetch log,
and every other input is still processed.
"""

from __future__ import annotations

import ipaddress
import logging
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from newsdesk.config import IngestSettings
from newsdesk.errors import ExtractionError, FeedError, IngestError, SourceError
from newsdesk.ingest.documents import DocumentBuilder
from newsdesk.ingest.extract import RawDocument
from newsdesk.ingest.feeds import FeedItem, SitemapEntry, parse_feed, parse_sitemap, xml_kind
from newsdesk.ingest.fetch import Fetcher, FetchResult
from newsdesk.ingest.files import iter_files, read_path, read_pdf, read_text
from newsdesk.ingest.langid import identifier
from newsdesk.ingest.report import ErrorPolicy, Failure, IngestReport, NoProgress, Progress
from newsdesk.models import utc_now
from newsdesk.store.base import FetchLogEntry, Store
from newsdesk.urls import canonical_url, printable, vet_url, web_link

log = logging.getLogger(__name__)

MAX_SITEMAP_DEPTH = 2
_URL_LIKE = re.compile(r"[A-Za-z][A-Za-z0-9+.-]+:")  # a scheme (one letter would be a drive)


class Ingestor:
    """Ingests sources into a store. Use as a context manager (it owns an HTTP client)."""

    def __init__(
        self,
        settings: IngestSettings,
        store: Store,
        *,
        fetcher: Fetcher | None = None,
        errors: ErrorPolicy = ErrorPolicy.CATCH,
        progress: Progress | None = None,
    ) -> None:
        self.settings = settings
        self.store = store
        self.errors = errors
        self.progress: Progress = progress or NoProgress()
        self._fetcher = fetcher
        self._owns_fetcher = fetcher is None
        self._documents = DocumentBuilder(settings, store, identifier(tuple(settings.languages)))
        self._report = IngestReport()

    @property
    def fetcher(self) -> Fetcher:
        if self._fetcher is None:
            self._fetcher = Fetcher(self.settings)
        return self._fetcher

    def close(self) -> None:
        if self._owns_fetcher and self._fetcher is not None:
            self._fetcher.close()

    def __enter__(self) -> Ingestor:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- entry point ------------------------------------------------------------------------

    def ingest(self, sources: Sequence[str]) -> IngestReport:
        """Ingest every source; return what was stored and what failed."""
        self._report = IngestReport()
        self.progress.add(len(sources))
        for source in sources:
            try:
                self._source(source)
            except IngestError as exc:
                self._fail(exc.source or source, exc)
            self.progress.advance(source)
        return self._report

    def _guarded(self, source: str, func: Any, *args: Any, **kwargs: Any) -> None:
        try:
            func(*args, **kwargs)
        except IngestError as exc:
            self._fail(exc.source or source, exc)

    def _fail(self, source: str, exc: IngestError) -> None:
        if self.errors is ErrorPolicy.RAISE:
            raise exc
        source = printable(source, 2000)
        failure = Failure(source, exc.reason, exc.message, exc.hint)
        log.info("%s", failure.line())
        status = getattr(exc, "status", None)
        self.store.log_fetch(
            FetchLogEntry(
                utc_now(),
                source,
                "failed",
                url=source if "://" in source else None,
                reason=exc.reason,
                detail=exc.message,
                http_status=status,
            )
        )
        if self.errors is ErrorPolicy.CATCH:
            self._report.failures.append(failure)

    # -- dispatch ---------------------------------------------------------------------------

    def _source(self, source: str) -> None:
        scheme = source.strip().partition(":")[0].lower() if _URL_LIKE.match(source.strip()) else ""
        if scheme == "file":
            try:
                path = unquote(urlsplit(source.strip()).path)
            except ValueError as exc:
                raise SourceError("not a valid file:// URL", source=source) from exc
            self._path(Path(path))
        elif scheme and (scheme in {"http", "https"} or not _exists(Path(source))):
            self._url(source)  # vetted there: a malformed URL or another scheme is one line
        else:
            self._path(Path(source).expanduser())

    def _path(self, path: Path) -> None:
        if not _exists(path):
            raise SourceError("no such file or folder", source=str(path))
        if not path.is_dir():
            self._file(path)
            return
        files = list(iter_files(path))
        if not files:
            raise SourceError("folder contains no .html .txt .md .pdf or .jsonl files", source=str(path))
        self.progress.add(len(files))
        for file in files:
            self._guarded(str(file), self._file, file)
            self.progress.advance(str(file))

    def _file(self, path: Path) -> None:
        for item in read_path(path, max_bytes=self.settings.max_bytes):
            if isinstance(item, IngestError):
                self._fail(item.source or str(path), item)
            else:
                self._guarded(item.source, self._store, item)

    def _url(self, url: str, *, hint: FeedItem | SitemapEntry | None = None, depth: int = 0) -> None:
        url = vet_url(url)
        existing = self.store.find_document(url=canonical_url(url))
        if existing is not None:
            self._report.items.append(self._documents.record(existing, "exists", url))
            return
        result = self.fetcher.get(url, validators=self.store.get_validators(url))
        if result.not_modified:
            self._report.not_modified.append(url)
            self.store.log_fetch(FetchLogEntry(utc_now(), url, "not_modified", url=url, http_status=304))
            self.store.mark_feed_polled(url, at=utc_now(), status="not modified")
            return
        special = xml_kind(result.content) if result.kind in {"xml", "html", "text"} else None
        if special == "feed":
            self._feed(result, depth)
        elif special == "sitemap":
            self._sitemap(result, depth)
        elif result.kind == "xml":
            raise FeedError("XML document that is neither a feed nor a sitemap", source=url)
        else:
            self._store(self._raw_from_response(url, result, hint))

    def _raw_from_response(
        self, source: str, result: FetchResult, hint: FeedItem | SitemapEntry | None
    ) -> RawDocument:
        if result.kind == "pdf":
            raw = read_pdf(result.content, source=source, url=result.url)
        elif result.kind == "text":
            raw = read_text(result.text(), source=source, kind="txt", url=result.url)
        else:
            raw = RawDocument(
                source=source,
                kind="html",
                url=result.url,
                html=result.content,
                trust_canonical=_is_local(result.url),
            )
        if hint is not None:
            raw.title = raw.title or hint.title
            raw.published = raw.published or hint.published
            if isinstance(hint, SitemapEntry):
                raw.language = raw.language or hint.language
            elif hint.author:
                raw.author = raw.author or hint.author
        return raw

    def _feed(self, result: FetchResult, depth: int) -> None:
        feed = parse_feed(result.content, url=result.url, content_type=result.content_type)
        if feed.warning:
            self._fail(result.url, FeedError(feed.warning, source=result.url))
        if result.validators:
            self.store.set_validators(result.url, result.validators, at=utc_now())
        self.store.mark_feed_polled(result.url, at=utc_now(), status=f"{len(feed.items)} items")
        items = self._limit(feed.items, result.url)
        self.progress.add(len(items))
        for item in items:
            label = item.url or f"{result.url} (item without link)"
            self._guarded(label, self._feed_item, item, result.url, depth)
            self.progress.advance(label)

    def _feed_item(self, item: FeedItem, feed_url: str, depth: int) -> None:
        if item.url:
            try:
                self._url(item.url, hint=item, depth=depth + 1)
                return
            except IngestError as exc:
                if not _substantial(item.content, self.settings.min_text_chars):
                    raise
                log.info("%s: %s; using the feed's own copy", item.url, exc.message)
        if not _substantial(item.content, self.settings.min_text_chars):
            raise ExtractionError("feed item has neither a reachable link nor full text", source=feed_url)
        link = web_link(item.url)
        self._store(
            RawDocument(
                source=link or feed_url,
                kind="feed",
                url=link,
                html=f"<html><body><article>{item.content}</article></body></html>",
                title=item.title,
                author=item.author,
                published=item.published,
                trust_canonical=False,
            )
        )

    def _sitemap(self, result: FetchResult, depth: int) -> None:
        sitemap = parse_sitemap(result.content, url=result.url)
        if result.validators:
            self.store.set_validators(result.url, result.validators, at=utc_now())
        if sitemap.sitemaps:
            if depth >= MAX_SITEMAP_DEPTH:
                raise FeedError("sitemap index nested too deeply", source=result.url)
            children = self._limit(sitemap.sitemaps, result.url)
            self.progress.add(len(children))
            for child in children:
                self._guarded(child, self._url, child, depth=depth + 1)
                self.progress.advance(child)
        entries = self._limit(sitemap.entries, result.url)
        self.progress.add(len(entries))
        for entry in entries:
            self._guarded(entry.url, self._url, entry.url, hint=entry, depth=depth + 1)
            self.progress.advance(entry.url)

    def _limit(self, items: list[Any], source: str) -> list[Any]:
        if len(items) > self.settings.max_items:
            log.warning(
                "%s: %d items, only the first %d are ingested (ingest.max_items)",
                source,
                len(items),
                self.settings.max_items,
            )
        return items[: self.settings.max_items]

    # -- watch mode: a feed's items one at a time ---------------------------------------------

    def poll_feed(self, url: str) -> list[FeedItem] | None:
        """Fetch a saved feed (or sitemap) with its stored validators and return its items, or
        ``None`` when the server says it has not changed. Nothing is ingested; a failure raises
        an :class:`IngestError` (the caller records it)."""
        result = self.fetcher.get(url, validators=self.store.get_validators(url))
        if result.not_modified:
            self.store.log_fetch(FetchLogEntry(utc_now(), url, "not_modified", url=url, http_status=304))
            return None
        kind = xml_kind(result.content) if result.kind in {"xml", "html", "text"} else None
        if kind == "sitemap":
            sitemap = parse_sitemap(result.content, url=result.url)
            if sitemap.sitemaps and not sitemap.entries:
                raise FeedError("a sitemap index: add its sitemaps as feeds", source=url)
            items = [FeedItem(e.url, e.title, e.published, None, None) for e in sitemap.entries]
        elif kind == "feed":
            feed = parse_feed(result.content, url=result.url, content_type=result.content_type)
            if feed.warning:
                self._fail(url, FeedError(feed.warning, source=url))
            items = feed.items
        else:
            raise FeedError("neither a feed nor a sitemap", source=url)
        if result.validators:
            self.store.set_validators(url, result.validators, at=utc_now())
        return self._limit(items, url)

    def ingest_feed_item(self, item: FeedItem, feed_url: str) -> IngestReport:
        """Ingest one item of a polled feed (its page, or the feed's own copy of the text)."""
        self._report = IngestReport()
        label = item.url or f"{feed_url} (item without link)"
        self._guarded(label, self._feed_item, item, feed_url, 0)
        return self._report

    # -- one document -----------------------------------------------------------------------

    def _store(self, raw: RawDocument) -> None:
        self._report.items.append(self._documents.store_raw(raw))


def _is_local(url: str) -> bool:
    host = (urlsplit(url).hostname or "").lower()
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    return not address.is_global


def _exists(path: Path) -> bool:
    """Whether ``path`` exists; False for names no file can have (too long, a NUL byte)."""
    try:
        return path.exists()
    except (OSError, ValueError):
        return False


def _substantial(content: str | None, minimum: int) -> bool:
    return bool(content) and len(content or "") >= max(minimum, 1) * 2
