"""The web UI and JSON API over HTTP (FastAPI's TestClient): login, sessions, CSRF, escaping, guards.

The application is the real one on a real SQLite store (the bundled example reports plus a report
with script tags in its title, outlet and text); nothing of newsdesk is replaced.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from fastapi.routing import APIRoute
from fastapi.testclient import TestClient

from conftest import EDITOR, EVIL, FIXTURES, PASSWORD, SiteServer
from newsdesk.config import Settings
from newsdesk.models import Evidence, Verdict
from newsdesk.store import open_store
from newsdesk.web.app import create_app
from newsdesk.web.csrf import csrf_protect
from newsdesk.web.deps import api_editor, editor
from newsdesk.web.passwords import hash_password, verify_password

PAGES = ["/stories", "/stories/1", "/articles", "/articles/1", "/audit", "/sources", "/documents/1"]


def client_for(settings: Settings) -> TestClient:
    return TestClient(create_app(settings), base_url="http://127.0.0.1", follow_redirects=False)


def csrf_of(html: str) -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert match, "the page has no CSRF field"
    return match.group(1)


def login(client: TestClient, name: str = EDITOR, password: str = PASSWORD) -> Any:
    token = csrf_of(client.get("/login").text)
    return client.post("/login", data={"name": name, "password": password, "csrf_token": token})


def logged_in(settings: Settings) -> TestClient:
    client = client_for(settings)
    assert login(client).status_code == 303
    return client


def evil_story(settings: Settings) -> tuple[int, int]:
    """The ids of the report with script tags and of its story."""
    with open_store(settings.store.db) as store:
        document = next(d for d in store.iter_documents() if d.source == str(EVIL))
        assert document.id is not None
        story = store.story_of(document.id)
        assert story is not None
        return document.id, story


def test_passwords_are_scrypt_hashes() -> None:
    stored = hash_password("richtig-geheim")
    assert stored.startswith("scrypt$32768$8$1$") and "richtig-geheim" not in stored
    assert verify_password("richtig-geheim", stored)
    assert not verify_password("richtig-geheiM", stored)
    assert hash_password("richtig-geheim") != stored  # salted
    assert not verify_password("x", "md5$abc") and not verify_password("x", "garbage")


def test_pages_redirect_to_the_login_and_the_api_answers_401(web_settings: Settings) -> None:
    client = client_for(web_settings)
    for path in PAGES:
        response = client.get(path)
        assert response.status_code == 303, path
        assert response.headers["location"].startswith("/login?next=%2F")
    for path in ("/api/stories", "/api/articles/1", "/api/session"):
        response = client.get(path)
        assert response.status_code == 401 and response.json() == {"detail": "not logged in"}
        assert response.headers["www-authenticate"] == "Bearer"
    forged = client.get("/api/stories", headers={"Authorization": "Bearer not-a-token"})
    assert forged.status_code == 401
    assert client.post("/api/stories/1/write").status_code in (401, 403)


def test_failed_login_then_rate_limit(web_settings: Settings) -> None:
    client = client_for(web_settings)
    wrong = login(client, password="falsch-falsch")
    assert wrong.status_code == 401 and "Name oder Passwort ist falsch" in wrong.text
    assert "set-cookie" not in wrong.headers or EDITOR not in wrong.headers.get("set-cookie", "")
    assert login(client, name="niemand").status_code == 401
    for _ in range(3):
        login(client, password="falsch-falsch")
    limited = login(client)  # 5 failures from this address: even the right password waits
    assert limited.status_code == 429 and int(limited.headers["retry-after"]) > 0
    assert "Zu viele Fehlversuche" in limited.text
    api = client.post("/api/login", json={"name": EDITOR, "password": PASSWORD})
    assert api.status_code == 429


def test_session_cookie_flags_and_logout(web_settings: Settings) -> None:
    client = client_for(web_settings)
    response = login(client)
    assert response.status_code == 303 and response.headers["location"] == "/stories"
    cookie = response.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=lax" in cookie and "secure" not in cookie
    assert client.get("/stories").status_code == 200
    page = client.get("/stories").text
    assert client.post("/logout", data={"csrf_token": csrf_of(page)}).status_code == 303
    assert client.get("/stories").status_code == 303
    secure = replace(web_settings, web=replace(web_settings.web, secure_cookies=True))
    assert "secure" in login(client_for(secure)).headers["set-cookie"].lower()


def test_login_redirects_only_to_local_paths(web_settings: Settings) -> None:
    client = client_for(web_settings)
    token = csrf_of(client.get("/login").text)
    form = {"name": EDITOR, "password": PASSWORD, "csrf_token": token, "next": "//evil.example/x"}
    assert client.post("/login", data=form).headers["location"] == "/stories"


def test_a_password_change_ends_the_session(web_settings: Settings) -> None:
    client = logged_in(web_settings)
    assert client.get("/stories").status_code == 200
    with open_store(web_settings.store.db) as store:
        store.set_password(EDITOR, hash_password("ein-neues-passwort"))
    assert client.get("/stories").status_code == 303


def test_missing_or_wrong_csrf_token_is_403(web_settings: Settings) -> None:
    client = client_for(web_settings)
    assert client.post("/login", data={"name": EDITOR, "password": PASSWORD}).status_code == 403
    client = logged_in(web_settings)
    page = client.get("/stories/1").text
    for data in ({}, {"csrf_token": "wrong"}, {"csrf_token": ""}):
        response = client.post("/stories/1/write", data=data)
        assert response.status_code == 403 and "CSRF" in response.text
        assert (
            client.post("/sources/feeds", data={**data, "url": "https://example.org/feed"}).status_code == 403
        )
        assert client.post("/logout", data=data).status_code == 403
    with open_store(web_settings.store.db) as store:
        assert store.list_articles() == [] and store.list_feeds() == []
    # the JSON API with the session cookie needs the token in X-CSRF-Token
    assert client.post("/api/feeds", json={"url": "https://example.org/feed"}).status_code == 403
    token = client.get("/api/session").json()["csrf_token"]
    assert token == csrf_of(page)
    created = client.post(
        "/api/feeds", json={"url": "https://example.org/feed"}, headers={"X-CSRF-Token": token}
    )
    assert created.status_code == 201


def test_every_unsafe_route_checks_csrf_and_every_route_needs_an_editor(web_settings: Settings) -> None:
    app = create_app(web_settings)
    public = {"/", "/login", "/logout", "/api/login", "/openapi.json", "/site/feed.xml"}
    for route in app.routes:
        if not isinstance(route, APIRoute):
            continue
        calls = {d.call for d in route.dependant.dependencies}
        if route.methods - {"GET", "HEAD"}:
            assert csrf_protect in calls, f"{route.path} does not check the CSRF token"
        if route.path not in public:
            assert calls & {editor, api_editor}, f"{route.path} is open to anyone"


def test_the_openapi_document_describes_the_api(web_settings: Settings) -> None:
    document = client_for(web_settings).get("/openapi.json").json()
    paths = document["paths"]
    for path in (
        "/api/login",
        "/api/stories",
        "/api/stories/{story_id}/write",
        "/api/articles/{article_id}",
        "/api/articles/{article_id}/sentences/{sentence_id}",
        "/api/articles/{article_id}/approve",
        "/api/articles/{article_id}/publish",
        "/api/audit",
        "/api/feeds",
        "/api/ingest",
    ):
        assert path in paths, path
    assert all(p.startswith("/api/") for p in paths), "pages are not part of the API document"
    assert set(document["components"]["securitySchemes"]) == {"HTTPBearer", "APIKeyCookie"}
    assert "put" in paths["/api/articles/{article_id}/sentences/{sentence_id}"]


def test_script_tags_in_source_text_are_escaped_on_every_page(web_settings: Settings) -> None:
    document_id, story_id = evil_story(web_settings)
    with open_store(web_settings.store.db) as store:
        passages = store.get_passages(document_id)
        # an article version whose sentence and evidence come from the report with script tags
        from newsdesk.newsroom import Newsroom

        record = Newsroom(web_settings, store).write_story(2).record
        article = record.article
        sentence = article.sentences()[0]
        sentence.text = passages[0].text
        sentence.verdict = Verdict("unsupported", 0.1, (Evidence(document_id, 0, passages[0].text),))
        store.update_article(
            record.id, article, actor="test", action="edit_sentence", detail={"new": sentence.text}
        )
    client = logged_in(web_settings)
    audit = client.post(
        "/audit",
        data={"text": (EVIL.read_text(encoding="utf-8")), "csrf_token": csrf_of(client.get("/audit").text)},
    )
    pages = {
        "stories": client.get("/stories").text,
        "story": client.get(f"/stories/{story_id}").text,
        "document": client.get(f"/documents/{document_id}").text,
        "article": client.get(f"/articles/{record.id}").text,
        "articles": client.get("/articles").text,
        "audit": audit.text,
        "api": client.get(f"/api/articles/{record.id}").text,
    }
    assert "window.__pwned" in pages["document"] and "window.__pwned" in pages["article"]
    for name, page in pages.items():
        if name == "api":
            assert "<script>window.__pwned" in page  # JSON is data, served as application/json
            continue
        assert "<script>window" not in page and "<img src=x" not in page, name
    assert "&lt;script&gt;window.__pwned = 1&lt;/script&gt;" in pages["document"]
    assert "&lt;img src=x onerror=" in pages["story"]
    response = client.get("/stories")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    assert response.headers["x-content-type-options"] == "nosniff"


def test_ingest_refuses_private_addresses_unless_allowed(web_settings: Settings, site: SiteServer) -> None:
    url = site.url("/de/krone-gipfel.html")
    client = logged_in(web_settings)
    token = csrf_of(client.get("/sources").text)
    response = client.post("/sources/ingest", data={"urls": url, "csrf_token": token})
    assert response.status_code == 422
    assert "refused to connect to 127.0.0.1: a loopback address" in response.text
    api = client.post("/api/ingest", json={"urls": [url]}, headers={"X-CSRF-Token": token}).json()
    assert api["items"] == [] and api["failures"][0]["reason"] == "blocked_address"
    assert site.paths() == []  # nothing was fetched
    allowed = replace(
        web_settings, ingest=replace(web_settings.ingest, allow_private=True, respect_robots=False)
    )
    client = logged_in(allowed)
    token = csrf_of(client.get("/sources").text)
    response = client.post("/sources/ingest", data={"urls": url, "csrf_token": token})
    assert response.status_code == 200 and "stored" in response.text
    assert "/de/krone-gipfel.html" in site.paths()


def test_feeds_are_added_and_removed(web_settings: Settings) -> None:
    client = logged_in(web_settings)
    token = csrf_of(client.get("/sources").text)
    form = {"url": "https://www.krone.at/feed", "title": "Krone", "interval": "15", "csrf_token": token}
    assert client.post("/sources/feeds", data=form).status_code == 303
    page = client.get("/sources").text
    assert "https://www.krone.at/feed" in page and "Feed 1 gespeichert" in page
    bad = client.post("/sources/feeds", data={**form, "url": "file:///etc/passwd"})
    assert bad.status_code == 400 and "unsupported URL scheme file:" in bad.text
    assert client.post("/sources/feeds/1/remove", data={"csrf_token": token}).status_code == 303
    assert "https://www.krone.at/feed" not in client.get("/sources").text.split("Letzte Abrufe")[0]


def test_the_audit_page_runs_check_on_pasted_text_and_uploaded_sources(web_settings: Settings) -> None:
    client = logged_in(web_settings)
    token = csrf_of(client.get("/audit").text)
    sources = FIXTURES / "check" / "sources"
    files = [
        ("source_files", (name, (sources / name).read_bytes(), "text/markdown"))
        for name in ("standard-hochwasser.md", "reuters-floods.md")
    ]
    text = (FIXTURES / "check" / "article-clean.md").read_text(encoding="utf-8")
    response = client.post("/audit", data={"text": text, "csrf_token": token}, files=files)
    assert response.status_code == 200, response.text[:500]
    assert "6 Sätze: 6 belegt" in response.text
    assert "Mur tritt in Graz über die Ufer" in response.text and "Der Standard" in response.text
    assert "newsdesk-audit-" not in response.text  # no server paths in the report
    neither = client.post("/audit", data={"csrf_token": token})
    assert neither.status_code == 400 and "exactly one article" in neither.text
    exe = client.post(
        "/audit", data={"csrf_token": token}, files={"article_file": ("x.exe", b"MZ", "application/x")}
    )
    assert exe.status_code == 400 and "cannot audit x.exe" in exe.text


def test_review_through_the_api(web_settings: Settings) -> None:
    client = client_for(web_settings)
    assert client.post("/api/login", json={"name": EDITOR, "password": "falsch"}).status_code == 401
    login = client.post("/api/login", json={"name": EDITOR, "password": PASSWORD}).json()
    auth = {"Authorization": f"Bearer {login['token']}"}
    stories = client.get("/api/stories", headers=auth).json()
    donau = next(s for s in stories if "Donau" in s["label"] and "Guardian" in " ".join(s["outlets"]))
    assert donau["article"] is None
    written = client.post(f"/api/stories/{donau['id']}/write", headers=auth).json()
    assert written["status"] == "draft" and written["blocking"] == [] and written["created"]
    article_id = written["id"]
    first = written["article"]["sections"][0]["paragraphs"][0]["sentences"][0]
    assert "10,62" in first["text"]
    # an edit that the sources do not support is marked and blocks approval
    wrong = first["text"].replace("10,62", "12,40")
    edited = client.put(f"/api/articles/{article_id}/sentences/s1", json={"text": wrong}, headers=auth).json()
    sentence = edited["article"]["sections"][0]["paragraphs"][0]["sentences"][0]
    assert sentence["text"] == wrong and sentence["verdict"]["label"] != "supported"
    assert [b["sentence_id"] for b in edited["blocking"]] == ["s1"]
    refused = client.post(f"/api/articles/{article_id}/approve", json={}, headers=auth)
    assert refused.status_code == 409 and "s1" in refused.json()["detail"]
    # editing it back re-verifies it as supported
    back = client.put(
        f"/api/articles/{article_id}/sentences/s1", json={"text": first["text"]}, headers=auth
    ).json()
    assert back["blocking"] == []
    removed = client.post(
        f"/api/articles/{article_id}/sentences/s2/reject", json={"reason": "doppelt"}, headers=auth
    ).json()
    assert "s2" not in {
        s["id"] for sec in removed["article"]["sections"] for p in sec["paragraphs"] for s in p["sentences"]
    }
    approved = client.post(f"/api/articles/{article_id}/approve", json={"note": "ok"}, headers=auth).json()
    assert approved["status"] == "approved" and approved["reviewed_by"] == EDITOR
    actions = [(e["actor"], e["action"]) for e in approved["events"]]
    assert actions == [
        ("newsdesk", "write"),
        (EDITOR, "edit_sentence"),
        (EDITOR, "edit_sentence"),
        (EDITOR, "strike_sentence"),
        (EDITOR, "approved"),
    ]
    assert approved["events"][3]["detail"]["reason"] == "doppelt"
    # a change after approval sends the version back to draft
    again = client.post(f"/api/articles/{article_id}/sentences/s3/reject", json={}, headers=auth).json()
    assert again["status"] == "draft"
    assert client.get("/api/articles?status=draft", headers=auth).json()[0]["id"] == article_id
    assert client.get("/api/articles?status=nonsense", headers=auth).status_code == 400
    assert client.get("/api/articles/999", headers=auth).status_code == 404
    # the publication page, as readers will see it (the publishing stage's renderer)
    browser = logged_in(web_settings)
    preview = browser.get(f"/articles/{article_id}/preview")
    assert preview.status_code == 200 and written["article"]["headline"] in preview.text
