"""HTTP fetching with the manners and limits of a well-behaved news crawler.

Every URL, also each redirect target, is vetted by :func:`newsdesk.urls.vet_url` before it is
requested. Timeouts (connect, read and a total deadline per response), a redirect limit with loop
detection, a streamed body capped before and after decompression (:mod:`newsdesk.ingest.limits`;
only gzip and deflate are accepted, and decoded in bounded steps), a content-type check,
retries with exponential backoff on 5xx, 429 and timeouts (honouring ``Retry-After``), an honest
User-Agent, robots.txt per host, a per-host delay, conditional GET with stored validators, and
the SSRF guard of :mod:`newsdesk.ingest.guard` on every connection.
"""

from __future__ import annotations

import contextlib
import logging
import socket
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from urllib.parse import urljoin, urlsplit

import httpcore
import httpx

from newsdesk.config import IngestSettings
from newsdesk.errors import (
    ConfigError,
    ContentTypeError,
    FetchError,
    FetchTimeoutError,
    HTTPStatusError,
    InvalidURLError,
    ResponseTooLargeError,
    RobotsDisallowedError,
    TooManyRedirectsError,
)
from newsdesk.ingest.guard import GuardedBackend, Networks, Resolver, parse_networks
from newsdesk.ingest.limits import read_capped
from newsdesk.ingest.robots import RobotsCache
from newsdesk.store.base import Validators
from newsdesk.urls import invalid, vet_url

log = logging.getLogger(__name__)

ACCEPTED_TYPES = {
    "text/html": "html",
    "application/xhtml+xml": "html",
    "application/rss+xml": "xml",
    "application/atom+xml": "xml",
    "application/rdf+xml": "xml",
    "application/xml": "xml",
    "text/xml": "xml",
    "application/pdf": "pdf",
    "text/plain": "text",
    "text/markdown": "text",
}
RETRY_STATUSES = {429, 500, 502, 503, 504}
REDIRECT_STATUSES = {301, 302, 303, 307, 308}
MAX_RETRY_AFTER = 30.0
ACCEPT_ENCODING = "gzip, deflate"  # decoded in bounded steps; brotli and zstd are not asked for
ROBOTS_MAX_BYTES = 500_000


@dataclass(frozen=True)
class FetchResult:
    """A fetched response. ``kind`` is ``html``, ``xml``, ``pdf`` or ``text``."""

    url: str
    status: int
    content: bytes
    content_type: str
    kind: str
    encoding: str | None = None
    validators: Validators | None = None
    not_modified: bool = False

    def text(self) -> str:
        return self.content.decode(self.encoding or "utf-8", errors="replace")


class Fetcher:
    """Fetches URLs for ingest. Create one per run; it owns an HTTP client (created lazily)."""

    def __init__(
        self,
        settings: IngestSettings,
        *,
        transport: httpx.BaseTransport | None = None,
        resolver: Resolver = socket.getaddrinfo,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
        network: httpcore.NetworkBackend | None = None,
    ) -> None:
        self.settings = settings
        self._transport = transport
        self._network = network
        self._resolver = resolver
        self._sleep = sleep
        self._clock = clock
        self._client: httpx.Client | None = None
        self._last_request: dict[str, float] = {}
        self._robots = RobotsCache(self._fetch_robots)

    # -- client ------------------------------------------------------------------------------

    @property
    def client(self) -> httpx.Client:
        if self._client is None:
            s = self.settings
            self._client = httpx.Client(
                transport=self._transport or self._guarded_transport(),
                timeout=httpx.Timeout(s.read_timeout, connect=s.connect_timeout),
                follow_redirects=False,
                headers={"User-Agent": s.user_agent, "Accept-Encoding": ACCEPT_ENCODING},
                trust_env=False,
            )
        return self._client

    def _guarded_transport(self) -> httpx.HTTPTransport:
        transport = httpx.HTTPTransport(trust_env=False)
        # httpx has no public hook for the network backend; the connection pool is rebuilt with
        # the guarded backend (httpx is pinned to 0.28.x, and tests prove the guard is in place).
        transport._pool = httpcore.ConnectionPool(
            ssl_context=httpx.create_ssl_context(),
            network_backend=GuardedBackend(
                self._network,
                allow_private=self.settings.allow_private,
                allow_networks=self._networks(),
                resolver=self._resolver,
            ),
        )
        return transport

    def _networks(self) -> Networks:
        try:
            return parse_networks(self.settings.allow_networks)
        except ValueError as exc:
            raise ConfigError(f"ingest.allow_networks: {exc}") from exc

    def close(self) -> None:
        if self._client is not None:
            self._client.close()
            self._client = None

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- public -----------------------------------------------------------------------------

    def get(self, url: str, *, validators: Validators | None = None) -> FetchResult:
        """Fetch ``url`` following redirects; raise a :class:`FetchError` subclass on failure
        (:class:`~newsdesk.errors.InvalidURLError` for a malformed URL or redirect target)."""
        current = vet_url(url)
        seen = {current}
        for _ in range(self.settings.max_redirects + 1):
            if self.settings.respect_robots:
                reason = self._robots.check(current)
                if reason:
                    raise RobotsDisallowedError(reason, source=current)
            response, content = self._request(current, validators, self.settings.max_bytes)
            if response.status_code in REDIRECT_STATUSES:
                location = response.headers.get("location")
                if not location:
                    raise FetchError(
                        f"redirect (HTTP {response.status_code}) without a Location", source=current
                    )
                current = _redirect_target(current, location, url)
                if current in seen:
                    raise TooManyRedirectsError(f"redirect loop back to {current}", source=url)
                seen.add(current)
                continue
            return self._result(current, response, content)
        raise TooManyRedirectsError(f"more than {self.settings.max_redirects} redirects", source=url)

    # -- internals --------------------------------------------------------------------------

    def _fetch_robots(self, robots_url: str) -> str:
        response, content = self._request(robots_url, None, ROBOTS_MAX_BYTES)
        if response.status_code in REDIRECT_STATUSES:
            target = _redirect_target(robots_url, response.headers.get("location", ""), robots_url)
            response, content = self._request(target, None, ROBOTS_MAX_BYTES)
        if response.status_code >= 400 or response.status_code in REDIRECT_STATUSES:
            raise HTTPStatusError(
                f"HTTP {response.status_code}", status=response.status_code, source=robots_url
            )
        return content.decode(response.encoding or "utf-8", errors="replace")

    def _wait_politely(self, url: str) -> None:
        """Sleep until ``per_host_delay`` (or robots.txt's Crawl-delay) has passed since the host's
        previous response finished."""
        host = urlsplit(url).netloc
        delay = self.settings.per_host_delay
        if self.settings.respect_robots and not url.endswith("/robots.txt"):
            delay = max(delay, self._robots.crawl_delay(url))
        last = self._last_request.get(host)
        if last is not None and delay > 0:
            remaining = delay - (self._clock() - last)
            if remaining > 0:
                self._sleep(remaining)

    def _request(
        self, url: str, validators: Validators | None, max_bytes: int
    ) -> tuple[httpx.Response, bytes]:
        headers = {}
        if validators and validators.etag:
            headers["If-None-Match"] = validators.etag
        if validators and validators.last_modified:
            headers["If-Modified-Since"] = validators.last_modified
        attempts = self.settings.retries + 1
        for attempt in range(attempts):
            self._wait_politely(url)
            try:
                with self._finished(url), self.client.stream("GET", url, headers=headers) as response:
                    if response.status_code in RETRY_STATUSES and attempt + 1 < attempts:
                        self._sleep(self._backoff(attempt, response))
                        continue
                    content = (
                        b""
                        if response.status_code in REDIRECT_STATUSES
                        else self._read(url, response, max_bytes)
                    )
                    return response, content
            except httpx.TimeoutException as exc:
                if attempt + 1 < attempts:
                    self._sleep(self._backoff(attempt, None))
                    continue
                raise FetchTimeoutError(f"timed out ({type(exc).__name__})", source=url) from exc
            except httpx.InvalidURL as exc:  # vet_url's output is valid for httpx; a last defence
                raise invalid(str(exc), url) from exc
            except httpx.TransportError as exc:
                if attempt + 1 < attempts and isinstance(exc, httpx.ConnectError):
                    self._sleep(self._backoff(attempt, None))
                    continue
                raise FetchError(f"connection failed: {exc}", source=url) from exc
        raise AssertionError("unreachable")  # pragma: no cover

    @contextmanager
    def _finished(self, url: str) -> Iterator[None]:
        try:
            yield
        finally:
            self._last_request[urlsplit(url).netloc] = self._clock()

    def _backoff(self, attempt: int, response: httpx.Response | None) -> float:
        wait = self.settings.backoff * (2**attempt)
        retry_after = response.headers.get("retry-after") if response is not None else None
        if retry_after:
            try:
                wait = float(retry_after)
            except ValueError:
                with contextlib.suppress(TypeError, ValueError):
                    wait = parsedate_to_datetime(retry_after).timestamp() - time.time()
        return max(0.0, min(wait, MAX_RETRY_AFTER))

    def _read(self, url: str, response: httpx.Response, max_bytes: int) -> bytes:
        declared = response.headers.get("content-length")
        if (
            declared
            and declared.isdigit()
            and int(declared) > max_bytes
            and not response.headers.get("content-encoding")
        ):
            raise ResponseTooLargeError(
                f"response is {int(declared):,} bytes, over the {max_bytes:,}-byte cap", source=url
            )
        deadline = self._clock() + 4 * self.settings.read_timeout

        def arriving() -> Iterator[bytes]:
            for chunk in response.iter_raw():
                if self._clock() > deadline:
                    raise FetchTimeoutError("response took too long to arrive", source=url)
                yield chunk

        return read_capped(
            arriving(),
            max_bytes=max_bytes,
            source=url,
            encoding=response.headers.get("content-encoding", ""),
            error=ResponseTooLargeError,
        )

    def _result(self, url: str, response: httpx.Response, content: bytes) -> FetchResult:
        found = Validators(response.headers.get("etag"), response.headers.get("last-modified"))
        if response.status_code == 304:
            return FetchResult(url, 304, b"", "", "", validators=found, not_modified=True)
        if response.status_code >= 400:
            raise HTTPStatusError(
                f"HTTP {response.status_code} {response.reason_phrase}".strip(),
                status=response.status_code,
                source=url,
            )
        content_type = response.headers.get("content-type", "").split(";")[0].strip().lower()
        kind = ACCEPTED_TYPES.get(content_type) or _sniff(content, content_type)
        if kind is None:
            raise ContentTypeError(f"unsupported content type {content_type or '(none)'}", source=url)
        validators = found if (found.etag or found.last_modified) else None
        return FetchResult(
            url, response.status_code, content, content_type, kind, response.encoding, validators
        )


def _sniff(content: bytes, content_type: str) -> str | None:
    """Guess the kind of a response without a usable content type."""
    if content_type not in {"", "application/octet-stream", "binary/octet-stream"}:
        return None
    head = content[:512].lstrip().lower()
    if head.startswith(b"%pdf"):
        return "pdf"
    if head.startswith(b"<?xml") or head.startswith((b"<rss", b"<feed", b"<urlset", b"<sitemapindex")):
        return "xml"
    if b"<html" in head or head.startswith(b"<!doctype html"):
        return "html"
    return None


def _redirect_target(current: str, location: str, source: str) -> str:
    """The vetted absolute URL a redirect points to."""
    try:
        return vet_url(urljoin(current, location), source=source)
    except ValueError:  # urljoin on a malformed location ("http://[::1")
        raise FetchError("redirect to an invalid URL (malformed location)", source=source) from None
    except InvalidURLError as exc:
        raise FetchError(f"redirect to an invalid URL: {exc.message}", source=source) from None
