"""End-to-end tests of the web UI in headless Chromium (Debian's ``chromium``, driven by Playwright).

A real uvicorn server on 127.0.0.1 serves the real application on a store with the bundled example
reports. The browser logs in, writes an article, rejects a sentence, approves and publishes it; the
Atom feed is then read with feedparser. Also: a failed login, a form without its CSRF token, and a
report whose text carries script tags (they must show as text and never run).

Screenshots of the main pages are saved to ``$NEWSDESK_SCREENSHOTS`` (the README's pictures come from
``NEWSDESK_SCREENSHOTS=docs/screenshots``), else to the test's temporary folder. Playwright's own
browser download is never used: with ``/usr/bin/chromium`` missing the tests are skipped, and fail
when ``CI`` is set (``scripts/test`` installs it).
"""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import feedparser
import pytest

from conftest import EDITOR, EVIL, FIXTURES, PASSWORD
from newsdesk.config import Settings
from newsdesk.store import open_store

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
VIEWPORT = {"width": 1280, "height": 800}


def _unavailable(reason: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"{reason}: CI must run the browser tests (scripts/test installs chromium)")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("playwright is not installed (pip install -e '.[test]')")
    if not CHROMIUM.is_file():
        _unavailable(f"{CHROMIUM} is missing (apt-get install chromium)")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield launched
        launched.close()


@dataclass
class Live:
    base: str
    settings: Settings
    shots: Path

    def url(self, path: str) -> str:
        return self.base + path


@pytest.fixture
def live(web_settings: Settings, tmp_path: Path) -> Iterator[Live]:
    """The application under uvicorn on a free port of 127.0.0.1, publishing into tmp_path/site."""
    import uvicorn

    from newsdesk.web.app import create_app

    settings = replace(web_settings, publish=replace(web_settings.publish, site_dir=str(tmp_path / "site")))
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
    shots = Path(os.environ.get("NEWSDESK_SCREENSHOTS") or tmp_path / "screenshots")
    shots.mkdir(parents=True, exist_ok=True)
    yield Live(f"http://127.0.0.1:{port}", settings, shots)
    server.should_exit = True
    thread.join(timeout=10)
    sock.close()


@pytest.fixture
def page(browser: Any, live: Live) -> Iterator[Any]:
    context = browser.new_context(viewport=VIEWPORT, locale="de-DE")
    tab = context.new_page()
    tab.set_default_timeout(30_000)
    problems: list[str] = []

    # script errors and Content-Security-Policy reports; a 401 or 403 answer is expected in these tests
    def console(message: Any) -> None:
        if message.type == "error" and not message.text.startswith("Failed to load resource"):
            problems.append(message.text)

    tab.on("console", console)
    tab.on("pageerror", lambda error: problems.append(str(error)))
    tab.problems = problems
    yield tab
    context.close()


def log_in(page: Any, live: Live, password: str = PASSWORD) -> None:
    page.goto(live.url("/login"))
    page.fill("input[name=name]", EDITOR)
    page.fill("input[name=password]", password)
    page.click("form[action='/login'] button[type=submit]")


def shoot(page: Any, live: Live, name: str) -> None:
    """Save a screenshot. Chromium now and then refuses a capture on a busy machine ("Unable to
    capture screenshot", seen on this 2-core host under load, known upstream as transient:
    MarketSquare/robotframework-browser#5237) and takes the same picture when asked again, so
    that one error is retried once; any other error fails the test."""
    path = str(live.shots / f"{name}.png")
    try:
        page.screenshot(path=path)
    except Exception as exc:  # playwright's Error; playwright is imported only where it is installed
        if "Unable to capture screenshot" not in str(exc):
            raise
        time.sleep(0.5)
        page.screenshot(path=path)


def donau_story(settings: Settings) -> int:
    """The Danube flood story (the one The Guardian reported)."""
    with open_store(settings.store.db) as store:
        guardian = next(d for d in store.iter_documents() if d.outlet == "The Guardian")
        assert guardian.id is not None
        story = store.story_of(guardian.id)
    assert story is not None
    return story


def test_write_review_publish_and_read_the_feed(page: Any, live: Live) -> None:
    page.goto(live.url("/stories"))
    assert "/login?next=" in page.url  # not logged in: the login page
    shoot(page, live, "login")
    log_in(page, live, password="falsches-passwort")
    assert page.locator(".flash.error").inner_text() == "Name oder Passwort ist falsch."
    log_in(page, live)
    assert page.url == live.url("/stories")
    shoot(page, live, "stories")

    story = donau_story(live.settings)
    page.click(f"a[href='/stories/{story}']")
    assert page.locator("h1").inner_text()
    shoot(page, live, "story")
    page.click("button:has-text('Artikel schreiben')")
    page.wait_for_url("**/articles/*")
    assert "Artikel geschrieben" in page.locator(".flash.ok").inner_text()
    headline = page.locator("h1").inner_text()
    assert page.locator("#status").inner_text() == "Entwurf"
    assert page.locator(".review .sentence.supported").count() == page.locator(".review .sentence").count()
    page.locator(".review .sentence").first.click()  # its sources open beside the text
    assert page.locator("#quellen .source").count() >= 1
    shoot(page, live, "article")

    # reject a sentence: it leaves the text and stays in the review trail
    last = page.locator(".review .sentence").last
    sentence_id = last.get_attribute("id")
    rejected_text = last.locator(".text").inner_text()
    last.click()
    page.locator("#quellen details.edit summary").click()
    page.locator("#quellen .reject-form input[name=reason]").fill("zu nebensächlich")
    page.locator("#quellen .reject-form button").click()
    assert f"Satz {sentence_id} gestrichen" in page.locator(".flash.ok").inner_text()
    assert page.locator(f".review #{sentence_id}").count() == 0
    trail = page.locator("ol.history").inner_text()
    assert "Satz gestrichen" in trail and "zu nebensächlich" in trail

    page.click("button[name=approve]")
    assert page.locator("#status").inner_text() == "freigegeben"
    page.click("button[name=publish]")
    assert page.locator("#status").inner_text() == "veröffentlicht"
    assert "Artikel veröffentlicht" in page.locator(".flash.ok").inner_text()

    response = page.request.get(live.url("/site/feed.xml"))
    assert response.ok and response.headers["content-type"].startswith("application/atom+xml")
    feed = feedparser.parse(response.body())
    assert not feed.bozo, feed.get("bozo_exception")
    assert [entry.title for entry in feed.entries] == [headline]
    content = feed.entries[0].content[0].value if feed.entries[0].get("content") else feed.entries[0].summary
    assert rejected_text.split()[0] and rejected_text not in content
    exported = Path(live.settings.publish.site_dir) / "feed.xml"
    assert [e.title for e in feedparser.parse(exported.read_bytes()).entries] == [headline]
    page.goto(live.url("/site/index.html"))
    assert headline in page.content()
    assert page.problems == []


def test_a_form_without_its_csrf_token_is_refused(page: Any, live: Live) -> None:
    log_in(page, live)
    page.goto(live.url("/sources"))
    form = page.locator("form[action='/sources/feeds']")
    form.locator("input[name=url]").fill("https://www.krone.at/feed")
    form.locator("input[name=csrf_token]").evaluate("element => element.remove()")
    form.locator("button[type=submit]").click()
    assert page.locator("h1").inner_text() == "Fehler 403"
    assert "CSRF" in page.locator(".error-message").inner_text()
    page.goto(live.url("/sources"))
    assert "www.krone.at/feed" not in page.locator("main").inner_text()
    form = page.locator("form[action='/sources/feeds']")  # with its token the same form works
    form.locator("input[name=url]").fill("https://www.krone.at/feed")
    form.locator("button[type=submit]").click()
    assert "Feed 1 gespeichert" in page.locator(".flash.ok").inner_text()
    shoot(page, live, "sources")


def test_script_tags_in_a_source_are_shown_as_text_and_never_run(page: Any, live: Live) -> None:
    with open_store(live.settings.store.db) as store:
        evil = next(d for d in store.iter_documents() if d.source == str(EVIL))
        story = store.story_of(evil.id or 0)
    log_in(page, live)
    for path in ("/stories", f"/stories/{story}", f"/documents/{evil.id}"):
        page.goto(live.url(path))
        assert page.evaluate("() => window.__pwned") is None, path
    assert "<script>window.__pwned = 1</script>" in page.locator("ol.passages").inner_text()
    page.goto(live.url("/audit"))
    page.fill("textarea[name=text]", EVIL.read_text(encoding="utf-8"))
    page.click("form.audit-form button[type=submit]")
    assert page.locator(".audit-report").count() == 1
    assert page.evaluate("() => window.__pwned") is None
    assert "<script>window.__pwned = 1</script>" in page.locator(".audit-report").inner_text()
    # escaped markup never reaches the parser, so the Content-Security-Policy never had to block anything
    assert page.problems == []


def test_the_audit_page_with_uploaded_sources(page: Any, live: Live) -> None:
    log_in(page, live)
    page.goto(live.url("/audit"))
    page.fill("textarea[name=text]", (FIXTURES / "check" / "article-defects.txt").read_text(encoding="utf-8"))
    sources = FIXTURES / "check" / "sources"
    page.set_input_files(
        "input[name=source_files]",
        [str(sources / "standard-hochwasser.md"), str(sources / "reuters-floods.md")],
    )
    page.click("form.audit-form button[type=submit]")
    report = page.locator(".audit-report")
    text = report.inner_text()
    assert "Quelle mehrfach aufgeführt" in text and "widersprochen" in text
    assert "duplicate_source" not in text and "is not in the evidence" not in text  # German throughout
    shoot(page, live, "audit")
