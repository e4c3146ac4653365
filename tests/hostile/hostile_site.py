"""A hostile little web on 127.0.0.1 for the hostile-input tests.

:class:`HostileSite` is a real HTTP server (``http.server`` in a thread) that serves the synthetic
regional reports of ``fixtures/hostile/regional.toml`` as article pages and answers whatever a test
registers on top: feeds with bad items, two articles that differ only in a query parameter, a
gzip bomb, a feed that fails. It counts every TCP connection it accepts and every request, so a
test can prove that newsdesk never connected (SSRF) or never fetched (limits).
"""

from __future__ import annotations

import gzip
import socket
import threading
import time
import tomllib
import zlib
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email.utils import formatdate
from html import escape
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "hostile"
PUBLISHED = 1_749_000_000  # a fixed publication time for every report


@dataclass(frozen=True)
class Report:
    """One synthetic report of ``regional.toml``."""

    slug: str
    title: str
    lang: str
    sentences: tuple[str, ...]

    @property
    def path(self) -> str:
        return f"/news/{self.slug}.html"

    def text(self) -> str:
        return "\n".join(self.sentences)


def load_reports() -> list[Report]:
    data = tomllib.loads((FIXTURES / "regional.toml").read_text(encoding="utf-8"))
    return [Report(r["slug"], r["title"], r["lang"], tuple(r["sentences"])) for r in data["report"]]


def article_page(report: Report, *, canonical: str | None = None) -> bytes:
    """The report as a news page with metadata (and, if given, a canonical link)."""
    link = f'<link rel="canonical" href="{escape(canonical)}">' if canonical else ""
    body = "\n".join(f"<p>{escape(s)}</p>" for s in report.sentences)
    return f"""<!DOCTYPE html>
<html lang="{report.lang}"><head><meta charset="utf-8">
<title>{escape(report.title)} | Regionalanzeiger</title>
<meta property="og:site_name" content="Regionalanzeiger">
<meta property="og:title" content="{escape(report.title)}">
<meta property="article:published_time" content="2025-06-04T08:00:00+02:00">
{link}
</head><body><header><a href="/">Regionalanzeiger</a> <nav><a href="/lokales">Lokales</a></nav></header>
<main><article><h1>{escape(report.title)}</h1>
{body}
</article></main><footer>Impressum · Datenschutz · Synthetische Testdaten</footer></body></html>""".encode()


def rss(base: str, items: list[tuple[str, str]], *, title: str = "Regionalanzeiger") -> bytes:
    """An RSS 2.0 feed of ``(title, link)`` items; links are written as given (escaped as XML)."""
    entries = "".join(
        f"<item><title>{escape(t)}</title><link>{escape(link)}</link>"
        f"<pubDate>{formatdate(PUBLISHED, usegmt=True)}</pubDate></item>"
        for t, link in items
    )
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>{escape(title)}</title>'
        f"<link>{escape(base)}/</link><language>de</language>{entries}</channel></rss>"
    ).encode()


def gzip_bomb(path: Path, expanded: int, *, chunk: int = 1 << 20) -> Path:
    """Write a gzip file of an HTML page that expands to ``expanded`` bytes (made here, at test time,
    never committed): a page head, then runs of the same paragraph."""
    paragraph = b"<p>" + b"Die Donau steigt weiter. " * 40 + b"</p>\n"
    block = paragraph * (chunk // len(paragraph))
    with gzip.open(path, "wb", compresslevel=9) as out:
        out.write(b"<!DOCTYPE html><html lang='de'><head><title>Bombe</title></head><body><article>")
        written = 0
        while written < expanded:
            out.write(block)
            written += len(block)
    return path


Handler = Callable[[BaseHTTPRequestHandler], None]


@dataclass
class HostileSite:
    """The running server: register routes with :meth:`route`, read the counters after."""

    base: str = ""
    port: int = 0
    reports: list[Report] = field(default_factory=load_reports)
    routes: dict[str, Handler] = field(default_factory=dict)
    requests: Counter[str] = field(default_factory=Counter)
    connections: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def url(self, path: str) -> str:
        return self.base + path

    def route(self, path: str, handler: Handler) -> None:
        """Answer ``path`` (with its query string, if it has one) with ``handler``."""
        self.routes[path] = handler

    def page(self, path: str, body: bytes, content_type: str = "text/html; charset=utf-8") -> None:
        """Serve fixed bytes at ``path``."""
        self.route(path, lambda h: send(h, 200, body, content_type))

    def reset(self) -> None:
        with self.lock:
            self.requests.clear()
            self.connections = 0


def send(
    handler: BaseHTTPRequestHandler,
    status: int,
    body: bytes,
    content_type: str = "text/html; charset=utf-8",
    headers: dict[str, str] | None = None,
) -> None:
    """Answer one request with ``body``."""
    handler.send_response(status)
    handler.send_header("Content-Type", content_type)
    handler.send_header("Content-Length", str(len(body)))
    for key, value in (headers or {}).items():
        handler.send_header(key, value)
    handler.end_headers()
    try:
        handler.wfile.write(body)
    except (BrokenPipeError, ConnectionResetError):
        handler.close_connection = True


def send_file(handler: BaseHTTPRequestHandler, path: Path, headers: dict[str, str]) -> None:
    """Stream a (large) file, stopping quietly when the client hangs up (a size cap)."""
    handler.send_response(200)
    handler.send_header("Content-Length", str(path.stat().st_size))
    for key, value in headers.items():
        handler.send_header(key, value)
    handler.end_headers()
    try:
        with path.open("rb") as source:
            while block := source.read(1 << 16):
                handler.wfile.write(block)
    except (BrokenPipeError, ConnectionResetError):
        pass
    handler.close_connection = True


def _handler(site: HostileSite) -> type[BaseHTTPRequestHandler]:
    class Handle(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: Any) -> None:
            pass

        def do_GET(self) -> None:
            with site.lock:
                site.requests[self.path] += 1
            route = site.routes.get(self.path) or site.routes.get(self.path.split("?", 1)[0])
            if route is not None:
                return route(self)
            report = next((r for r in site.reports if r.path == self.path), None)
            if report is None:
                return send(self, 404, b"<h1>Nicht gefunden</h1>")
            return send(self, 200, article_page(report))

    return Handle


class _CountingServer(ThreadingHTTPServer):
    daemon_threads = True
    site: HostileSite

    def get_request(self) -> tuple[Any, Any]:
        request = super().get_request()
        with self.site.lock:
            self.site.connections += 1
        return request


@contextmanager
def running_site() -> Iterator[HostileSite]:
    """A fresh :class:`HostileSite` on a free port of 127.0.0.1, for the duration of the block."""
    site = HostileSite()
    server = _CountingServer(("127.0.0.1", 0), _handler(site))
    server.site = site
    site.port = server.server_address[1]
    site.base = f"http://127.0.0.1:{site.port}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield site
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def hostile_site() -> Iterator[HostileSite]:
    """A fresh :class:`HostileSite` on a free port of 127.0.0.1."""
    with running_site() as site:
        yield site


def deflate_raw(data: bytes) -> bytes:
    """``data`` as raw deflate (no zlib header), as some servers send ``Content-Encoding: deflate``."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    return compressor.compress(data) + compressor.flush()


@contextmanager
def serve_app(settings: Any) -> Iterator[str]:
    """The real web application under uvicorn on a free port of 127.0.0.1; yields its base URL."""
    import uvicorn

    from newsdesk.web.app import create_app

    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    config = uvicorn.Config(create_app(settings), log_level="warning", ws="none", lifespan="off")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert server.started, "uvicorn did not start"
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()
