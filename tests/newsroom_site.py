"""A synthetic news site for the watch-mode tests and the pipeline benchmark.

Three outlets (two German, one English) publish reports on a handful of invented events
(``fixtures/newsroom/events.toml``, synthetic test data in our own wording); each outlet has an
RSS feed. The site is served by a real HTTP server on 127.0.0.1 that counts every request per
path, answers conditional GETs of the feeds with 304, can make a path slow (to kill or
disconnect a worker mid-task, or a feed that times out) and can publish more reports while
running (a feed that changes).
"""

from __future__ import annotations

import hashlib
import threading
import time
import tomllib
from collections import Counter
from dataclasses import dataclass, field
from email.utils import formatdate
from html import escape
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

OUTLETS = {  # key: (site name, language, domain); real outlets so attribution has known names
    "donaubote": ("Süddeutsche Zeitung", "de", "sueddeutsche.de"),
    "tagblatt": ("Der Tagesspiegel", "de", "tagesspiegel.de"),
    "courier": ("The Guardian", "en", "theguardian.com"),
}

# Settings for newsdesk processes in the tests: the site is on 127.0.0.1, the clocks are fast.
WATCH_CONFIG = """
[ingest]
allow_private = true
respect_robots = false
per_host_delay = 0.0
retries = 0
read_timeout = 1.0
[watch]
tick_seconds = 1
heartbeat_seconds = 1.0
stalled_seconds = 3.0
retry_wait = 1.0
"""


EVENTS_FILE = Path(__file__).parent / "fixtures" / "newsroom" / "events.toml"


def load_events() -> list[dict[str, Any]]:
    """The invented events of ``fixtures/newsroom/events.toml``."""
    return list(tomllib.loads(EVENTS_FILE.read_text(encoding="utf-8"))["event"])


@dataclass(frozen=True)
class Report:
    """One page: an outlet's report on an event."""

    outlet: str
    slug: str
    day: str
    title: str
    sentences: tuple[str, ...]

    @property
    def path(self) -> str:
        return f"/{self.outlet}/{self.slug}.html"

    @property
    def canonical(self) -> str:
        return f"https://www.{OUTLETS[self.outlet][2]}/synthetisch/{self.day.replace('-', '/')}/{self.slug}"


def reports(events: list[dict[str, Any]] | None = None) -> list[Report]:
    """Every report of the given events (default: all of them)."""
    found = []
    for event in load_events() if events is None else events:
        for report in event["report"]:
            found.append(
                Report(
                    report["outlet"], event["slug"], event["day"], report["title"], tuple(report["sentences"])
                )
            )
    return found


def page(report: Report) -> bytes:
    """The report as an HTML article page with metadata and a canonical URL on the outlet's domain."""
    name, language, _domain = OUTLETS[report.outlet]
    body = "\n".join(f"<p>{escape(s)}</p>" for s in report.sentences)
    return f"""<!DOCTYPE html>
<html lang="{language}"><head><meta charset="utf-8">
<title>{escape(report.title)} | {escape(name)}</title>
<meta property="og:site_name" content="{escape(name)}">
<meta property="og:title" content="{escape(report.title)}">
<meta property="article:published_time" content="{report.day}T09:30:00+02:00">
<link rel="canonical" href="{report.canonical}">
</head><body><header><a href="/">{escape(name)}</a></header>
<main><article><h1>{escape(report.title)}</h1>
{body}
</article></main><footer>Synthetische Testdaten</footer></body></html>""".encode()


@dataclass
class NewsroomSite:
    """The running site. ``published`` are the reports its feeds list; add more with :meth:`publish`."""

    base: str = ""
    published: list[Report] = field(default_factory=list)
    requests: Counter[str] = field(default_factory=Counter)
    slow: dict[str, float] = field(default_factory=dict)  # path -> seconds to wait before answering
    entered: dict[str, threading.Event] = field(default_factory=dict)  # path -> set when requested
    lock: threading.Lock = field(default_factory=threading.Lock)

    def feed_url(self, outlet: str) -> str:
        return f"{self.base}/feeds/{outlet}.xml"

    def url(self, path: str) -> str:
        return self.base + path

    def publish(self, *more: Report) -> None:
        with self.lock:
            self.published.extend(more)

    def watch(self, path: str) -> threading.Event:
        """An event set as soon as ``path`` is requested."""
        event = self.entered[path] = threading.Event()
        return event

    def feed(self, outlet: str) -> bytes:
        with self.lock:
            items = [r for r in self.published if r.outlet == outlet]
        name, language, _ = OUTLETS[outlet]
        entries = "".join(
            f"<item><title>{escape(r.title)}</title><link>{self.base}{r.path}</link>"
            f"<guid>{r.canonical}</guid><pubDate>{formatdate(time.mktime(time.strptime(r.day, '%Y-%m-%d')))}"
            f"</pubDate></item>"
            for r in items
        )
        return (
            f'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>{escape(name)}</title>'
            f"<link>{self.base}/</link><language>{language}</language>{entries}</channel></rss>"
        ).encode()

    def page_for(self, path: str) -> bytes | None:
        with self.lock:
            found = next((r for r in self.published if r.path == path), None)
        return page(found) if found else None


def _handler(site: NewsroomSite) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: object) -> None:
            pass

        def _send(
            self, status: int, body: bytes, content_type: str, headers: dict[str, str] | None = None
        ) -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            for key, value in (headers or {}).items():
                self.send_header(key, value)
            self.end_headers()
            try:
                self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):
                self.close_connection = True

        def do_GET(self) -> None:
            path = self.path.split("?", 1)[0]
            with site.lock:
                site.requests[path] += 1
            if path in site.entered:
                site.entered[path].set()
            if path in site.slow:
                time.sleep(site.slow[path])
            if path.startswith("/feeds/") and path.endswith(".xml"):
                body = site.feed(path[len("/feeds/") : -len(".xml")])
                etag = '"' + hashlib.sha1(body).hexdigest()[:16] + '"'
                if self.headers.get("If-None-Match") == etag:
                    return self._send(304, b"", "application/rss+xml", {"ETag": etag})
                return self._send(200, body, "application/rss+xml", {"ETag": etag})
            body_or_none = site.page_for(path)
            if body_or_none is None:
                return self._send(404, b"<h1>Not Found</h1>", "text/html")
            return self._send(200, body_or_none, "text/html; charset=utf-8")

    return Handler


def serve(site: NewsroomSite) -> ThreadingHTTPServer:
    """Start serving ``site`` on 127.0.0.1 in a thread; sets ``site.base``. Call ``shutdown()`` after."""
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler(site))
    httpd.daemon_threads = True
    site.base = f"http://127.0.0.1:{httpd.server_address[1]}"
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd
