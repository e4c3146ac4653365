# ruff: noqa: F811  (pytest fixtures imported from hostile_site are test parameters)
"""The web UI and API against a real uvicorn server on 127.0.0.1: sessions that end (logout,
password change, idle time), a login rate limit that survives a restart, hostile URLs that are
answered with a clear 4xx (never 500) and never rendered as links (issue: findings 1, 4 and 5)."""

from __future__ import annotations

import html
import io
import json
import re
import time
from contextlib import ExitStack, closing
from dataclasses import replace
from pathlib import Path

import httpx
import pytest
from docx import Document
from hostile_site import HostileSite, hostile_site, load_reports, serve_app  # noqa: F401 (fixtures)
from test_hostile_urls import MALFORMED

from article_samples import sample_article
from conftest import EDITOR, PASSWORD, WEB_SECRET
from newsdesk.config import IngestSettings, Settings, StoreSettings, WebSettings
from newsdesk.ingest import Ingestor
from newsdesk.render import render, render_text
from newsdesk.store import open_store
from newsdesk.web.passwords import hash_password

LOCAL = IngestSettings(allow_private=True, respect_robots=False, per_host_delay=0.0, retries=0)
COOKIE = "newsdesk_session"
HOSTILE_LINKS = [
    "javascript:alert(document.cookie)",
    "JaVaScRiPt:alert(1)",
    " javascript:alert(1)",
    "java\tscript:alert(1)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "vbscript:msgbox(1)",
    "file:///etc/passwd",
    "http://[::1",
    '"><script>alert(1)</script>',
]


def settings_for(db: str, tmp_path: Path, **web: object) -> Settings:
    with open_store(db) as store:
        if store.get_user(EDITOR) is None:
            store.add_user(EDITOR, hash_password(PASSWORD))
    return Settings(
        store=StoreSettings(db=db),
        ingest=LOCAL,
        web=WebSettings(secret=WEB_SECRET, secret_file=str(tmp_path / "web-secret"), **web),  # type: ignore[arg-type]
    )


def csrf_of(html: str) -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert match, "the page has no CSRF field"
    return match.group(1)


def browser_login(base: str) -> httpx.Client:
    client = httpx.Client(base_url=base, follow_redirects=False, timeout=60)
    token = csrf_of(client.get("/login").text)
    answer = client.post("/login", data={"name": EDITOR, "password": PASSWORD, "csrf_token": token})
    assert answer.status_code == 303 and answer.headers["location"] == "/stories"
    return client


def with_cookie(base: str, cookie: str) -> httpx.Client:
    """Another client that holds a copy of the cookie (as an attacker who copied it would)."""
    return httpx.Client(base_url=base, follow_redirects=False, cookies={COOKIE: cookie}, timeout=60)


def test_a_copied_cookie_stops_working_at_logout(db_url: str, tmp_path: Path) -> None:
    with ExitStack() as stack, serve_app(settings_for(db_url, tmp_path)) as base:
        client = stack.enter_context(closing(browser_login(base)))
        copied = client.cookies[COOKIE]
        page = client.get("/sources")
        assert page.status_code == 200
        old_csrf = csrf_of(page.text)
        assert client.post("/logout", data={"csrf_token": old_csrf}).status_code == 303
        thief = stack.enter_context(closing(with_cookie(base, copied)))
        answer = thief.get("/sources")
        assert answer.status_code == 303 and answer.headers["location"].startswith("/login")
        form = {
            "url": "https://www.krone.at/feed",
            "title": "Krone",
            "interval": "15",
            "csrf_token": old_csrf,
        }
        posted = thief.post("/sources/feeds", data=form)
        assert posted.status_code in (303, 403) and not posted.headers.get("location", "").startswith(
            "/sources"
        )
        assert thief.get("/api/session").status_code == 401
    with open_store(db_url) as store:
        assert store.list_feeds() == [] and store.count_sessions(EDITOR) == 0


def test_a_password_change_ends_every_session_and_token(db_url: str, tmp_path: Path) -> None:
    with serve_app(settings_for(db_url, tmp_path)) as base, closing(browser_login(base)) as browser:
        token = httpx.post(base + "/api/login", json={"name": EDITOR, "password": PASSWORD}).json()["token"]
        bearer = {"Authorization": f"Bearer {token}"}
        assert httpx.get(base + "/api/stories", headers=bearer).status_code == 200
        assert browser.get("/stories").status_code == 200
        with open_store(db_url) as store:
            assert store.count_sessions(EDITOR) == 2
            store.set_password(EDITOR, hash_password("ein-neues-passwort-2025"))
        assert browser.get("/stories").status_code == 303
        assert httpx.get(base + "/api/stories", headers=bearer).status_code == 401


def test_api_logout_ends_the_token(db_url: str, tmp_path: Path) -> None:
    with serve_app(settings_for(db_url, tmp_path)) as base:
        token = httpx.post(base + "/api/login", json={"name": EDITOR, "password": PASSWORD}).json()["token"]
        bearer = {"Authorization": f"Bearer {token}"}
        assert httpx.post(base + "/api/logout", headers=bearer).json() == {"logged_out": True}
        assert httpx.get(base + "/api/session", headers=bearer).status_code == 401
    with open_store(db_url) as store:
        assert store.count_sessions(EDITOR) == 0


def test_an_idle_session_ends(db_url: str, tmp_path: Path) -> None:
    with (
        serve_app(settings_for(db_url, tmp_path, idle_minutes=0.02)) as base,
        closing(browser_login(base)) as client,
    ):
        assert client.get("/stories").status_code == 200
        time.sleep(2)
        assert client.get("/stories").status_code == 303


def test_the_login_rate_limit_survives_a_restart(db_url: str, tmp_path: Path) -> None:
    settings = settings_for(db_url, tmp_path)
    wrong = {"name": EDITOR, "password": "falsch-geraten"}
    with serve_app(settings) as base:
        codes = [httpx.post(base + "/api/login", json=wrong).status_code for _ in range(6)]
    assert codes == [401] * 5 + [429]
    with serve_app(settings) as base:  # a new process would see the same store
        refused = httpx.post(base + "/api/login", json={"name": EDITOR, "password": PASSWORD})
        assert refused.status_code == 429 and int(refused.headers["retry-after"]) > 0
        page = httpx.get(base + "/login")
        form = {"name": EDITOR, "password": PASSWORD, "csrf_token": csrf_of(page.text)}
        assert httpx.post(base + "/login", data=form, cookies=page.cookies).status_code == 429


def test_hostile_urls_in_web_ingest_and_audit_are_4xx_never_500(
    hostile_site: HostileSite, web_settings: Settings
) -> None:
    report = load_reports()[0]
    good = hostile_site.url(report.path)
    settings = replace(web_settings, ingest=LOCAL)
    statuses: list[int] = []
    with ExitStack() as stack, serve_app(settings) as base:
        token = httpx.post(base + "/api/login", json={"name": EDITOR, "password": PASSWORD}).json()["token"]
        auth = {"Authorization": f"Bearer {token}"}
        api = stack.enter_context(httpx.Client(base_url=base, headers=auth, timeout=120))
        ingested = api.post("/api/ingest", json={"urls": [*MALFORMED, good]})
        statuses.append(ingested.status_code)
        body = ingested.json()
        assert [i["status"] for i in body["items"]] == ["stored"]
        assert [f["source"] for f in body["failures"]] == MALFORMED
        assert all(f["message"].startswith("not a valid URL (") for f in body["failures"])
        for url in [*MALFORMED, *HOSTILE_LINKS]:
            audit = api.post("/api/audit", json={"url": url})
            feed = api.post("/api/feeds", json={"url": url})
            statuses += [audit.status_code, feed.status_code]
            assert audit.status_code == 400 and feed.status_code == 400, (url, audit.text, feed.text)
        cited = api.post(
            "/api/audit", json={"text": f"{report.title}\n\n{report.text()}\n\nQuellen:\n{MALFORMED[0]}"}
        )
        statuses.append(cited.status_code)
        assert cited.status_code == 200
        assert cited.json()["sources"][0]["status"] == "unreachable"
        browser = stack.enter_context(closing(browser_login(base)))
        form = {"urls": "\n".join(MALFORMED), "csrf_token": csrf_of(browser.get("/sources").text)}
        page = browser.post("/sources/ingest", data=form)
        statuses.append(page.status_code)
        assert page.status_code == 422  # nothing stored: every line of the form is one failure
        shown = re.findall(r'<p class="flash error failure">([^<]*)</p>', page.text)
        assert len(shown) == len(MALFORMED)
        for url, line in zip(MALFORMED, shown, strict=True):
            assert line.startswith(html.escape(f"{url}: not a valid URL (")), line
        audit_form = {"url": MALFORMED[0], "csrf_token": csrf_of(browser.get("/audit").text)}
        audited = browser.post("/audit", data=audit_form)
        statuses.append(audited.status_code)
        assert audited.status_code == 400 and "not a valid URL" in audited.text
    assert 500 not in statuses


def test_hostile_source_urls_never_become_links(web_settings: Settings) -> None:
    # data stored before URLs were vetted: documents whose URL is javascript: or malformed
    with open_store(web_settings.store.db) as store:
        documents = list(store.iter_documents())
        for document, link in zip(documents, HOSTILE_LINKS, strict=False):
            store._db.execute("UPDATE documents SET url = ? WHERE id = ?", (link, document.id))
        story_id = store.story_of(documents[0].id or 0)
    with ExitStack() as stack, serve_app(web_settings) as base:
        token = httpx.post(base + "/api/login", json={"name": EDITOR, "password": PASSWORD}).json()["token"]
        auth = {"Authorization": f"Bearer {token}"}
        api = stack.enter_context(httpx.Client(base_url=base, headers=auth, timeout=300))
        written = api.post(f"/api/stories/{story_id}/write")
        assert written.status_code == 200, written.text
        browser = stack.enter_context(closing(browser_login(base)))
        pages = [browser.get(f"/documents/{d.id}").text for d in documents[: len(HOSTILE_LINKS)]]
        pages += [
            browser.get(f"/stories/{story_id}").text,
            browser.get(f"/articles/{written.json()['id']}").text,
        ]
    for text in pages:
        hrefs = re.findall(r'href="([^"]*)"', text)
        # "?s=s2" (the review page's sentence links) stays on the same page
        assert all(h.startswith(("/", "#", "?", "http://", "https://", "data:,")) for h in hrefs), hrefs
        assert "javascript:" not in " ".join(hrefs).lower() and "<script>alert" not in text


@pytest.mark.parametrize("fmt", ["md", "html", "json", "jsonld"])
def test_renderers_write_hostile_urls_as_text_only(fmt: str) -> None:
    article = sample_article(hostile=True)
    links = HOSTILE_LINKS[3:]
    article.sources = [replace(s, url=links[i % len(links)]) for i, s in enumerate(article.sources)]
    rendered = render_text(article, fmt)
    lowered = rendered.lower()
    if fmt == "md":
        assert not re.search(r"<(?!https?://)[a-z]+:", rendered) and "](javascript" not in lowered
    elif fmt == "html":
        hrefs = re.findall(r'href="([^"]*)"', rendered)
        assert all(h.startswith(("#", "http://", "https://")) for h in hrefs), hrefs
    elif fmt == "jsonld":
        assert '"url": "javascript' not in lowered and '"url": "data:' not in lowered


def test_word_documents_link_only_valid_http_urls() -> None:
    article = sample_article(hostile=True)
    links = [*HOSTILE_LINKS, "http://0177.0.0.1/x", "https://www.regionalanzeiger.example/ok"]
    article.sources = [replace(s, url=links[i % len(links)]) for i, s in enumerate(article.sources)]
    article.sources += [replace(article.sources[0], id=100 + n, url=u) for n, u in enumerate(links)]
    document = Document(io.BytesIO(render(article, "docx", marks=False)))
    targets = [r.target_ref for r in document.part.rels.values() if r.reltype.endswith("/hyperlink")]
    assert targets and set(targets) == {"https://www.regionalanzeiger.example/ok"}


def test_ingest_refuses_document_urls_of_other_schemes(tmp_path: Path) -> None:
    reports = load_reports()
    lines = [
        {"url": link, "title": r.title, "text": r.text()}
        for link, r in zip(HOSTILE_LINKS, reports, strict=False)
    ]
    lines.append(
        {
            "url": "https://www.regionalanzeiger.example/ok",
            "title": reports[12].title,
            "text": reports[12].text(),
        }
    )
    path = tmp_path / "links.jsonl"
    path.write_text("\n".join(json.dumps(line) for line in lines), encoding="utf-8")
    with open_store(tmp_path / "n.db") as store, Ingestor(LOCAL, store) as ingestor:
        report = ingestor.ingest([str(path)])
        urls = [store.get_document(i.id).url for i in report.items]
    assert urls == ["https://www.regionalanzeiger.example/ok"]
    assert [f.source for f in report.failures] == [f"{path}:{n}" for n in range(1, len(HOSTILE_LINKS) + 1)]
    messages = [f.message for f in report.failures]
    assert all(m.startswith(("unsupported URL scheme", "not a valid URL (")) for m in messages), messages
