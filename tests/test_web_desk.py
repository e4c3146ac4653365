"""The editor's desk over HTTP (FastAPI's TestClient, the real application on a real SQLite store):
the review page with what needs attention and one sentence's sources opened, every editing form,
conflicts, the queue's filters, downloads, and the JSON API of the same. Bad input gets a 4xx with
a message, never a 500. The story and article are synthetic (``tests/desk_story.py``).
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from html import unescape
from typing import Any

import pytest
from fastapi.testclient import TestClient

from conftest import EDITOR, PASSWORD
from desk_story import LOCAL, REUTERS, RIGHT_TIME, WRONG_TIME, ingest_desk_story, save_desk_article
from newsdesk.config import Settings
from newsdesk.newsroom import Newsroom
from newsdesk.store import open_store
from test_web import client_for, csrf_of, logged_in


@dataclass
class Desk:
    client: TestClient
    settings: Settings
    article: int

    def page(self, path: str = "") -> str:
        response = self.client.get(f"/articles/{self.article}{path}")
        assert response.status_code == 200, response.text[:400]
        return response.text

    def post(self, path: str, **data: Any) -> Any:
        token = csrf_of(self.page())
        return self.client.post(f"/articles/{self.article}{path}", data={**data, "csrf_token": token})

    def record(self) -> Any:
        with open_store(self.settings.store.db) as store:
            return store.get_article(self.article)


def desk_article(settings: Settings) -> int:
    """The desk story ingested into the web app's store and its article saved as a draft."""
    with open_store(settings.store.db) as store, Newsroom(settings, store) as room:
        return save_desk_article(store, ingest_desk_story(room)).id


@pytest.fixture
def desk(web_settings: Settings) -> Iterator[Desk]:
    article = desk_article(web_settings)
    yield Desk(logged_in(web_settings), web_settings, article)


def text_of(html: str, pattern: str) -> str:
    match = re.search(pattern, html, re.S)
    assert match, pattern
    return unescape(re.sub(r"<[^>]+>", "", match.group(1)))


def test_the_review_page_opens_the_first_sentence_that_needs_attention(desk: Desk) -> None:
    html = desk.page()
    assert text_of(html, r'<nav class="attention".*?<ol>(.*?)</ol>').split() == [
        "Satz", "s1:", "Quellen", "widersprechen", "sich", "Satz", "s2:", "widersprochen",
    ]  # fmt: skip
    pane = text_of(html, r'<aside class="pane"(.*?)</aside>')
    assert "Satz 1 (s1)" in pane and LOCAL in pane and "stützt teilweise" in pane
    assert '<mark class="number" title="Zahl">rund 150</mark>' in html  # the anchor in the passage
    assert 'class="passage cited"' in html and 'id="next-attention"' in html
    opened = desk.page("?s=s2")
    pane = text_of(opened, r'<aside class="pane"(.*?)</aside>')
    assert "widerspricht" in pane and "20.30 Uhr fehlt" in pane
    assert '<mark class="number missing"' in opened
    assert desk.client.get(f"/articles/{desk.article}?s=s99").status_code == 404
    assert desk.client.get(f"/articles/{desk.article}?s=%3Cscript%3E").status_code == 404
    assert desk.client.get("/articles/9999").status_code == 404


def test_fix_the_blocked_sentence_then_approve(desk: Desk) -> None:
    assert desk.post("/approve").status_code == 303
    assert desk.record().status == "draft"  # refused: s2 is contradicted
    assert "nicht belegt" in desk.page()
    response = desk.post("/sentences/s2/edit", text=RIGHT_TIME, reason="Uhrzeit laut Tagblatt")
    assert response.headers["location"] == f"/articles/{desk.article}?s=s2#quellen"
    html = desk.page()
    history = text_of(html, r'<ol class="history"[^>]*>(.*?)</ol>')
    assert "Satz geändert" in history and "Grund: Uhrzeit laut Tagblatt" in history and "anna" in history
    assert "<del>20.30</del>" in html and "<ins>18.30</ins>" in html
    desk.post("/approve")
    assert desk.record().status == "approved"


def test_headline_order_headings_strike_restore_and_add(desk: Desk) -> None:
    desk.post("/head", headline="Feuer im Recyclinghof Sand", subheadline="", place="Straubing",
              date="14. Oktober 2025", reason="kürzer")  # fmt: skip
    record = desk.record()
    assert record.article.headline == "Feuer im Recyclinghof Sand" and record.article.subheadline == ""
    order = [s.id for s in record.article.sentences()]
    desk.post("/sentences/s3/move", direction="up")
    assert [s.id for s in desk.record().article.sentences()][:3] == ["s1", "s3", "s2"]
    assert desk.post("/sentences/s3/move", direction="sideways").status_code == 400
    desk.post("/sentences/s3/move", direction="down")
    assert [s.id for s in desk.record().article.sentences()] == order
    desk.post(f"/sentences/{order[-1]}/heading", text="Die Ermittlungen")
    assert "Die Ermittlungen" in [s.heading for s in desk.record().article.sections]
    desk.post("/sentences/s2/reject", reason="Uhrzeit unklar")
    html = desk.page()
    assert WRONG_TIME in text_of(html, r'<section class="struck"(.*?)</section>')
    desk.post("/sentences/s2/restore", reason="doch nötig")
    assert "s2" in [s.id for s in desk.record().article.sentences()]
    add = desk.client.get(f"/articles/{desk.article}/add?q=B8+gesperrt&after=s4")
    assert add.status_code == 200
    cite = re.search(r'name="cite" value="(\d+:\d+)"', add.text)
    assert cite and 'value="s4" selected' in add.text
    text = "Die Bundesstraße 8 war während der Löscharbeiten zwischen Straubing und Bogen gesperrt."
    response = desk.post("/sentences", text=text, cite=[cite.group(1)], after="s4", reason="Verkehr")
    new = next(s for s in desk.record().article.sentences() if s.text == text)
    assert response.headers["location"].endswith(f"?s={new.id}#quellen")
    assert new.verdict is not None and new.verdict.label == "supported"
    refused = desk.post("/sentences", text="Ohne Beleg.", after="s4")
    assert refused.status_code == 303 and "at least one passage" in desk.page()
    assert desk.post("/sentences", text="x", cite=["nonsense"]).status_code == 303


def test_the_editor_decides_the_conflict(desk: Desk) -> None:
    html = desk.page()
    panel = text_of(html, r'<section id="widersprueche"(.*?)</section>')
    assert "Zahl der Einsatzkräfte" in panel and "offen" in panel and REUTERS in panel
    desk.post("/conflicts/0", chosen="rund 150", reason="Leitstelle bestätigt 150")
    conflict = desk.record().article.conflicts[0]
    assert (conflict.chosen, conflict.resolution) == ("rund 150", "Redaktion: Leitstelle bestätigt 150")
    assert "Widerspruch entschieden" in desk.page()
    desk.post("/conflicts/0", chosen="rund 300")
    assert "not a value the sources give" in desk.page()
    assert desk.post("/conflicts/7", chosen="").status_code == 303
    assert "no conflict 7" in desk.page()


def test_the_queue_filters_and_bad_filters_are_400(desk: Desk) -> None:
    blocked = desk.client.get("/articles?state=blocked")
    assert blocked.status_code == 200 and f'href="/articles/{desk.article}"' in blocked.text
    assert f'href="/articles/{desk.article}"' not in desk.client.get("/articles?state=needs_review").text
    english = desk.client.get("/articles?q=kriminalpolizei&language=en")
    assert f'href="/articles/{desk.article}"' in english.text
    assert f'href="/articles/{desk.article}"' not in desk.client.get("/articles?q=Giraffe").text
    bad = desk.client.get("/articles?since=gestern&state=<b>")
    assert bad.status_code == 400 and "nicht lesbar" in bad.text and "<b>" not in bad.text
    stories = desk.client.get("/stories?q=recyclinghof&outlet=idowa")
    assert stories.status_code == 200 and f'href="/articles/{desk.article}"' in stories.text
    assert "Keine Geschichten mit diesen Filtern" in desk.client.get("/stories?q=Giraffe").text
    assert desk.client.get("/stories?until=2025-13-40").status_code == 400


def test_downloads_including_word(desk: Desk) -> None:
    word = desk.client.get(f"/articles/{desk.article}/download/docx?marks=1")
    assert word.status_code == 200 and "attachment" in word.headers["content-disposition"]
    with zipfile.ZipFile(io.BytesIO(word.content)) as docx:
        assert "word/comments.xml" in docx.namelist()  # the review copy comments the blocked sentence
    markdown = desk.client.get(f"/articles/{desk.article}/download/md")
    assert markdown.status_code == 200 and "Großbrand" in markdown.text
    assert desk.client.get(f"/articles/{desk.article}/download/exe").status_code == 404
    assert desk.client.get("/articles/9999/download/md").status_code == 404


def test_a_published_version_shows_no_editing_forms(desk: Desk) -> None:
    desk.post("/sentences/s2/reject")
    desk.post("/conflicts/0", chosen="")
    desk.post("/approve")
    desk.post("/publish")
    html = desk.page()
    assert desk.record().status == "published"
    assert "/edit" not in html and "/restore" not in html and "Satz streichen" not in html
    assert desk.post("/sentences/s1/edit", text="Neu.").status_code == 303
    assert "only draft or approved versions can be changed" in desk.page()


def test_the_review_queue_and_sources_through_the_api(desk: Desk) -> None:
    api = desk.client
    token = csrf_of(desk.page())
    headers = {"X-CSRF-Token": token}
    queue = api.get("/api/queue/articles?state=blocked", headers=headers).json()
    assert [i["id"] for i in queue["items"]] == [desk.article] and queue["counts"]["blocked"] == 1
    assert api.get("/api/queue/articles?since=gestern").status_code == 400
    assert api.get("/api/queue/stories?q=recyclinghof").json()["items"]
    review = api.get(f"/api/articles/{desk.article}/review").json()
    assert review["attention"] == {"s1": ["conflict"], "s2": ["contradicted"]}
    assert review["blocking"] == ["s2"]
    opened = api.get(f"/api/articles/{desk.article}/sentences/s2/sources").json()
    assert opened["label"] == "contradicted" and opened["sources"][0]["judgement"]["label"] == "contradicts"
    assert api.get(f"/api/articles/{desk.article}/sentences/s99/sources").status_code == 404
    assert api.get("/api/articles/9999/review").status_code == 404


def test_the_review_page_of_a_30_sentence_article_weighs_under_200_kb(web_settings: Settings) -> None:
    """The issue's page-weight floor, on the desk story made 30 sentences long (every citation
    judged, anchors, a conflict) with tracked changes in its trail: every sentence opened in turn.
    ``bench/web.py`` measures the same page, and its server time, on a written article."""
    with open_store(web_settings.store.db) as store, Newsroom(web_settings, store) as room:
        article = save_desk_article(store, ingest_desk_story(room), sentences=30).id
        room.strike_sentence(article, "s30", actor="anna", reason="doppelt")
        room.restore_sentence(article, "s30", actor="anna", reason="doch nicht doppelt")
        room.edit_sentence(article, "s2", RIGHT_TIME, actor="anna", reason="Uhrzeit laut Tagblatt")
        ids = [s.id for s in store.get_article(article).article.sentences()]
    assert len(ids) == 30
    client = logged_in(web_settings)
    sizes = {"": len(client.get(f"/articles/{article}").content)}
    for sentence in ids:
        response = client.get(f"/articles/{article}?s={sentence}")
        assert response.status_code == 200
        sizes[sentence] = len(response.content)
    heaviest = max(sizes, key=lambda s: sizes[s])
    assert sizes[heaviest] < 200_000, f"?s={heaviest}: {sizes[heaviest]} bytes"


def test_editing_through_the_api_with_a_bearer_token(desk: Desk) -> None:
    """The page's editing forms as JSON routes, on the same service operations and rules."""
    api = desk.client
    token = api.post("/api/login", json={"name": EDITOR, "password": PASSWORD}).json()["token"]
    auth = {"Authorization": f"Bearer {token}"}
    base = f"/api/articles/{desk.article}"
    head = api.put(
        f"{base}/head", headers=auth, json={"headline": "Feuer im Recyclinghof", "reason": "kürzer"}
    )
    assert head.status_code == 200 and head.json()["article"]["headline"] == "Feuer im Recyclinghof"
    assert head.json()["article"]["subheadline"].startswith("Rauchwolke")  # left out: unchanged
    assert api.put(f"{base}/head", headers=auth, json={"headline": " "}).status_code == 409
    moved = api.post(f"{base}/sentences/s3/move", headers=auth, json={"direction": "up"}).json()
    first = [s["id"] for s in moved["article"]["sections"][0]["paragraphs"][0]["sentences"]]
    assert first[:2] == ["s1", "s3"]
    back = api.post(f"{base}/sentences/s3/move", headers=auth, json={"before": "s4"}).json()
    second = [s["id"] for s in back["article"]["sections"][0]["paragraphs"][1]["sentences"]]
    assert second[:2] == ["s3", "s4"]
    assert (
        api.post(f"{base}/sentences/s3/move", headers=auth, json={"direction": "sideways"}).status_code == 422
    )
    found = api.get(f"{base}/passages?q=B8+gesperrt", headers=auth).json()["documents"]
    cite = {"source": found[0]["id"], "passage": found[0]["passages"][0]["index"]}
    text = "Die Bundesstraße 8 war zwischen Straubing und Bogen gesperrt."
    added = api.post(
        f"{base}/sentences", headers=auth, json={"text": text, "citations": [cite], "after": "s4"}
    )
    assert added.status_code == 200 and added.json()["sentence"] == "s9"
    assert (
        api.post(f"{base}/sentences", headers=auth, json={"text": text, "citations": []}).status_code == 422
    )
    fixed = api.put(
        f"{base}/sentences/s2", headers=auth, json={"text": RIGHT_TIME, "reason": "laut Tagblatt"}
    )
    assert fixed.json()["blocking"] == []
    decided = api.put(
        f"{base}/conflicts/0", headers=auth, json={"chosen": "rund 150", "reason": "Leitstelle"}
    )
    assert decided.json()["article"]["conflicts"][0]["resolution"] == "Redaktion: Leitstelle"
    assert api.put(f"{base}/conflicts/0", headers=auth, json={"chosen": "rund 300"}).status_code == 409
    heading = api.post(f"{base}/sentences/s8/heading", headers=auth, json={"text": "Die Ermittlungen"})
    assert "Die Ermittlungen" in [s["heading"] for s in heading.json()["article"]["sections"]]
    trail = api.get(f"{base}/review", headers=auth).json()["changes"]
    assert {"edit_headline", "add_sentence", "edit_sentence", "resolve_conflict"} <= {
        c["action"] for c in trail
    }
    assert any(c["reason"] == "laut Tagblatt" for c in trail)
    # the browser session needs the CSRF header for the same routes, as the older API routes do
    assert api.put(f"{base}/head", json={"headline": "Ohne Token"}).status_code == 403
    anonymous = client_for(desk.settings)
    assert anonymous.put(f"{base}/head", json={"headline": "x"}).status_code == (
        anonymous.put(f"{base}/sentences/s1", json={"text": "x"}).status_code  # the same rules
    )
    assert anonymous.get(f"{base}/passages").status_code == 401
    assert api.put("/api/articles/9999/head", headers=auth, json={"headline": "x"}).status_code == 404
