"""The article rules, one suite for every front end: the command line, the HTTP API, watch mode in
one process (SQLite) and watch mode with a Procrastinate worker (PostgreSQL).

Each front end is driven through its own interface — ``newsdesk`` commands, HTTP requests with a
bearer token, ``newsdesk watch --once`` — and every test states its expectations once, for all of
them. Watch mode writes the stories that are due and publishes what may be published (with
``--auto-publish`` it approves drafts first); it has no desk, so in its runs the editor's changes
(edit, strike) are made through the newsroom service, as any desk would make them.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import urlsplit

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from conftest import EDITOR, PASSWORD
from newsdesk.config import Settings, StoreSettings, WebSettings
from newsdesk.newsroom import Newsroom, demo_sources
from newsdesk.store import open_store
from newsdesk.store.articles import ArticleRecord
from newsdesk.web.app import create_app
from newsdesk.web.passwords import hash_password

runner = CliRunner()
STORY = 2  # the Danube floods: three outlets, German and English
INVENTED = "Die Donau erreichte in Passau einen Pegelstand von 19,99 Metern."


@dataclass(frozen=True)
class Outcome:
    """What a front end answered: done or refused, and what it said (empty where it logs)."""

    ok: bool
    text: str = ""


class Front(Protocol):
    name: str
    db: str

    def write(self, story: int) -> None: ...
    def approve(self, article: int, force: str | None = None) -> Outcome: ...
    def publish(self, article: int) -> Outcome: ...
    def edit(self, article: int, sentence: str, text: str) -> Outcome: ...
    def strike(self, article: int, sentence: str) -> Outcome: ...


def _newsdesk(*args: str) -> Outcome:
    from newsdesk.cli import app

    result = runner.invoke(app, list(args))
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return Outcome(result.exit_code == 0, result.stdout + result.stderr)


class Cli:
    name = "cli"

    def __init__(self, db: str) -> None:
        self.db = db

    def write(self, story: int) -> None:
        assert _newsdesk("write", "--story", str(story), "--db", self.db).ok

    def approve(self, article: int, force: str | None = None) -> Outcome:
        extra = ["--force", "--reason", force] if force else []
        return _newsdesk("approve", str(article), "--as", EDITOR, *extra, "--db", self.db)

    def publish(self, article: int) -> Outcome:
        return _newsdesk("publish", str(article), "--as", EDITOR, "--db", self.db)

    def edit(self, article: int, sentence: str, text: str) -> Outcome:
        return _newsdesk("edit", str(article), sentence, text, "--as", EDITOR, "--db", self.db)

    def strike(self, article: int, sentence: str) -> Outcome:
        return _newsdesk("strike", str(article), sentence, "--as", EDITOR, "--db", self.db)


class Api:
    name = "api"

    def __init__(self, db: str, tmp: Path) -> None:
        self.db = db
        web = WebSettings(secret="a-secret-for-the-rules-suite-0123456789", secret_file=str(tmp / "secret"))
        self.client = TestClient(create_app(Settings(store=StoreSettings(db=db), web=web)))
        token = self.client.post("/api/login", json={"name": EDITOR, "password": PASSWORD}).json()["token"]
        self.client.headers["Authorization"] = f"Bearer {token}"

    def _post(self, path: str, body: dict[str, Any] | None = None) -> Outcome:
        response = self.client.post(path, json=body or {})
        assert response.status_code in (200, 409), response.text
        return Outcome(response.status_code == 200, response.text)

    def write(self, story: int) -> None:
        assert self._post(f"/api/stories/{story}/write").ok

    def approve(self, article: int, force: str | None = None) -> Outcome:
        body = {"force": True, "reason": force} if force else {}
        return self._post(f"/api/articles/{article}/approve", body)

    def publish(self, article: int) -> Outcome:
        return self._post(f"/api/articles/{article}/publish")

    def edit(self, article: int, sentence: str, text: str) -> Outcome:
        response = self.client.put(f"/api/articles/{article}/sentences/{sentence}", json={"text": text})
        return Outcome(response.status_code == 200, response.text)

    def strike(self, article: int, sentence: str) -> Outcome:
        return self._post(f"/api/articles/{article}/sentences/{sentence}/reject", {"reason": "test"})


class Watch:
    """``newsdesk watch --once``: in one process on SQLite, with a worker process on PostgreSQL."""

    def __init__(self, name: str, db: str) -> None:
        self.name = name
        self.db = db

    def _pass(self, *, auto_publish: bool) -> None:
        flag = "--auto-publish" if auto_publish else "--no-auto-publish"
        workers = ["--workers", "1"] if self.name == "worker" else []
        assert _newsdesk("watch", "--once", flag, *workers, "--db", self.db).ok

    def _status(self, article: int) -> str:
        with open_store(self.db) as store:
            return store.get_article(article).status

    def write(self, story: int) -> None:
        self._pass(auto_publish=False)

    def approve(self, article: int, force: str | None = None) -> Outcome:
        assert force is None, "watch mode never forces an approval"
        self._pass(auto_publish=True)
        return Outcome(self._status(article) != "draft")

    def publish(self, article: int) -> Outcome:
        self._pass(auto_publish=False)
        return Outcome(self._status(article) == "published")

    def _desk(self, action: str, *args: str) -> Outcome:
        with open_store(self.db) as store, Newsroom(Settings(store=StoreSettings(db=self.db)), store) as room:
            getattr(room, action)(*args, actor=EDITOR)
        return Outcome(True)

    def edit(self, article: int, sentence: str, text: str) -> Outcome:
        return self._desk("edit_sentence", article, sentence, text)  # type: ignore[arg-type]

    def strike(self, article: int, sentence: str) -> Outcome:
        return self._desk("strike_sentence", article, sentence)  # type: ignore[arg-type]


@pytest.fixture(scope="session")
def pg_template(pg_server: Any, web_template: Path) -> str:
    """A PostgreSQL database with the example reports clustered and the editor, used as a template."""
    url = pg_server.create_database()
    with open_store(url) as store, demo_sources() as folder, Newsroom(Settings(), store) as room:
        room.ingest([str(folder)])
        store.add_user(EDITOR, hash_password(PASSWORD))
    return urlsplit(url).path.lstrip("/")


@pytest.fixture(params=["cli", "api", "watch", pytest.param("worker", marks=pytest.mark.postgresql)])
def front(request: pytest.FixtureRequest, web_template: Path, tmp_path: Path) -> Iterator[Front]:
    if request.param == "worker":
        pg_server = request.getfixturevalue("pg_server")
        db = pg_server.create_database(template=request.getfixturevalue("pg_template"))
    else:
        db = str(tmp_path / "newsdesk.db")
        shutil.copy(web_template, db)
    if request.param == "cli":
        yield Cli(db)
    elif request.param == "api":
        yield Api(db, tmp_path)
    else:
        yield Watch(request.param, db)


def version(front: Front, story: int = STORY) -> ArticleRecord:
    with open_store(front.db) as store:
        record = store.latest_article(story)
    assert record is not None, f"story {story} has no article"
    return record


def trail(front: Front, article: int) -> list[str]:
    with open_store(front.db) as store:
        return [e.action for e in store.article_events(article)]


# -- the rules ----------------------------------------------------------------------------------------


def test_a_written_version_is_a_draft_and_an_unchanged_story_is_not_written_again(front: Front) -> None:
    front.write(STORY)
    first = version(front)
    assert first.status == "draft" and first.fingerprint
    front.write(STORY)
    again = version(front)
    assert (again.id, again.updated_at) == (first.id, first.updated_at)
    assert trail(front, first.id) == ["write"]  # not written, not verified again


def test_a_draft_is_not_published(front: Front) -> None:
    front.write(STORY)
    article = version(front).id
    outcome = front.publish(article)
    assert not outcome.ok
    assert front.name.startswith(("watch", "worker")) or "only an approved version" in outcome.text
    assert version(front).status == "draft"


def test_a_blocked_version_is_not_approved_until_the_blocking_sentence_is_struck(front: Front) -> None:
    front.write(STORY)
    article = version(front).id
    assert front.edit(article, "s1", INVENTED).ok
    assert [s.verdict.label for s in version(front).article.sentences() if s.id == "s1"] != ["supported"]
    refused = front.approve(article)
    assert not refused.ok
    assert front.name.startswith(("watch", "worker")) or "is blocked" in refused.text
    assert version(front).status == "draft"

    assert front.strike(article, "s1").ok
    approved = front.approve(article)
    assert approved.ok, approved.text
    assert version(front).status in ("approved", "published")


def test_an_approved_version_is_published(front: Front) -> None:
    front.write(STORY)
    article = version(front).id
    assert front.approve(article).ok
    assert front.publish(article).ok
    assert version(front).status == "published"
    assert trail(front, article)[-2:] == ["approved", "published"]


def test_a_forced_approval_needs_a_reason_and_lets_the_version_out(front: Front) -> None:
    if front.name in ("watch", "worker"):
        pytest.skip("watch mode never forces an approval; it leaves blocked versions as drafts")
    front.write(STORY)
    article = version(front).id
    front.edit(article, "s1", INVENTED)
    forced = front.approve(article, force="Pegel beim Landesamt telefonisch bestätigt")
    assert forced.ok, forced.text
    with open_store(front.db) as store:
        detail = store.article_events(article)[-1].detail
    assert detail["forced"] == "Pegel beim Landesamt telefonisch bestätigt" and detail["blocking"] == ["s1"]
    assert front.publish(article).ok


def test_an_edit_after_approval_puts_the_version_back_into_draft(front: Front) -> None:
    if front.name in ("watch", "worker"):
        pytest.skip("watch mode publishes what it approves in the same step: nothing to edit in between")
    front.write(STORY)
    article = version(front).id
    assert front.approve(article).ok
    assert front.edit(article, "s2", version(front).article.sentences()[1].text + " ").ok  # same words
    assert version(front).status == "approved"  # nothing changed
    assert front.strike(article, "s2").ok
    assert version(front).status == "draft"
    assert not front.publish(article).ok
