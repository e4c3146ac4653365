"""Stored article versions, their review state and trail, and editors (store/articles.py).

Every store test runs against SQLite and PostgreSQL (the ``db_url`` fixture)."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from dataclasses import replace

import pytest

from newsdesk.errors import StoreError
from newsdesk.models import (
    Anchor,
    Article,
    Citation,
    Conflict,
    ConflictValue,
    Dateline,
    Evidence,
    Judgement,
    Paragraph,
    Problem,
    Section,
    Sentence,
    SourceRef,
    Verdict,
)
from newsdesk.newsroom.versions import store_version
from newsdesk.store import SQLStore, open_store
from newsdesk.store.articles import sources_key


def make_article(source_ids: tuple[int, ...] = (1, 2), *, headline: str = "Hochwasser in Passau") -> Article:
    supported = Verdict(
        "supported",
        0.91,
        evidence=(Evidence(1, 0, "Der Pegel stieg auf 9,80 Meter."),),
    )
    doubtful = Verdict("unsupported", 0.2, problems=(Problem("number", "9,90 not in the evidence"),))
    return Article(
        id="story-7-extractive",
        story_id=7,
        language="de",
        writer="extractive",
        headline=headline,
        subheadline="Die Altstadt ist gesperrt.",
        dateline=Dateline("Passau", "17. Juni 2025"),
        sections=[
            Section(
                "",
                [Paragraph([Sentence("s1", "Der Pegel stieg auf 9,80 Meter.", [Citation(1, 0)], supported)])],
            ),
            Section(
                "Stimmen und Reaktionen",
                [
                    Paragraph(
                        [
                            Sentence(
                                "s2",
                                "„Wir sind vorbereitet“, sagte der Bürgermeister.",
                                [Citation(2, 3, quote="Wir sind vorbereitet")],
                                supported,
                            )
                        ]
                    )
                ],
            ),
        ],
        sources=[
            SourceRef(i, f"Outlet {i}", f"Bericht {i}", f"https://example.org/{i}", "2025-06-17", "de")
            for i in source_ids
        ],
        generated_at="2025-06-17T10:00:00+00:00",
        dropped=[Sentence("s3", "Der Pegel stieg auf 9,90 Meter.", [Citation(1, 0)], doubtful)],
        headline_source=1,
        subheadline_citations=[Citation(2, 1)],
    )


@pytest.fixture
def store(db_url: str) -> Iterator[SQLStore]:
    with open_store(db_url) as opened:
        yield opened


def test_an_article_survives_its_json_form() -> None:
    article = make_article()
    data = article.to_dict()
    assert Article.from_dict(data) == article
    assert Article.from_dict({**data, "added_later": {"tokens": 3}}) == article  # unknown fields ignored
    with pytest.raises(ValueError, match=r"newsdesk\.article/1"):
        Article.from_dict({**data, "schema": "newsdesk.audit/1"})
    assert [s.id for s in article.sentences()] == ["s1", "s2"]


def test_judgements_and_conflicts_survive_the_json_form() -> None:
    article = make_article()
    first = article.sentences()[0]
    assert first.verdict is not None
    judgements = (
        Judgement(1, 0, "supports", 0.9, "Kronen Zeitung", (Anchor("number", "250", 12, 15),)),
        Judgement(2, 3, "contradicts", 0.2, "dpa", (), (Problem("number", "„250“ against „150“"),)),
    )
    first.verdict = replace(first.verdict, judgements=judgements)
    values = (
        ConflictValue("250 Soldaten", (Citation(1, 0),), ("Kronen Zeitung",)),
        ConflictValue("150 Soldaten", (Citation(2, 3),), ("dpa",)),
    )
    article.conflicts = [Conflict("Zahl der Soldaten", values, "", "beide genannt", ("s1",))]
    data = json.loads(json.dumps(article.to_dict()))
    again = Article.from_dict(data)
    assert again == article
    assert again.sentences()[0].verdict.judgement(2, 3).label == "contradicts"  # type: ignore[union-attr]
    assert data["conflicts"][0]["values"][1]["outlets"] == ["dpa"]


def test_versions_are_numbered_per_story_and_same_sources_are_not_stored_twice(store: SQLStore) -> None:
    first = store.save_article(make_article((1, 2)))
    again = store.save_article(make_article((2, 1), headline="Anders formuliert"))
    second = store.save_article(make_article((1, 2, 3)))

    assert (first.version, first.created, first.status) == (1, True, "draft")
    assert (again.id, again.created, again.article.headline) == (first.id, False, "Hochwasser in Passau")
    assert (second.version, second.created) == (2, True)
    assert sources_key(second.article) == "extractive:1,2,3"
    assert [r.version for r in store.list_articles(story_id=7)] == [2, 1]  # old versions are kept
    assert store.get_article(first.id).article == make_article((1, 2))
    with pytest.raises(StoreError, match="no article with id 999"):
        store.get_article(999)


def test_review_moves_through_allowed_states_and_every_step_is_recorded(store: SQLStore) -> None:
    record = store.save_article(make_article())
    with pytest.raises(StoreError, match="draft; it cannot become published"):
        store.set_article_status(record.id, "published", actor="anna")

    edited = record.article
    edited.sections[0].paragraphs[0].sentences[0] = replace(
        edited.sections[0].paragraphs[0].sentences[0], text="Der Pegel stieg am Montag auf 9,80 Meter."
    )
    store.update_article(record.id, edited, actor="anna", action="edit_sentence", detail={"sentence": "s1"})
    approved = store.set_article_status(record.id, "approved", actor="anna")
    published = store.set_article_status(record.id, "published", actor="ben")

    assert (approved.reviewed_by, approved.published_at) == ("anna", None)
    assert published.status == "published" and published.published_at is not None
    assert published.reviewed_by == "anna"  # publishing is not a review
    assert published.article.sentences()[0].text == "Der Pegel stieg am Montag auf 9,80 Meter."
    assert [r.id for r in store.list_articles(status="published")] == [record.id]
    with pytest.raises(StoreError, match="published; withdraw it"):
        store.update_article(record.id, edited, actor="anna", action="edit_sentence", detail={})
    trail = store.article_events(record.id)
    assert [(e.actor, e.action) for e in trail] == [
        ("newsdesk", "write"),
        ("anna", "edit_sentence"),
        ("anna", "approved"),
        ("ben", "published"),
    ]
    assert trail[1].detail == {"sentence": "s1"}
    with pytest.raises(StoreError, match="unknown article status"):
        store.set_article_status(record.id, "archived", actor="ben")


def test_writing_again_refreshes_an_untouched_draft_but_keeps_an_edited_one(store: SQLStore) -> None:
    first = store_version(store, make_article())
    refreshed = store_version(store, make_article(headline="Pegel in Passau sinkt"))
    assert (refreshed.id, refreshed.article.headline) == (first.id, "Pegel in Passau sinkt")
    assert [e.action for e in store.article_events(first.id)] == ["write", "rewrite"]

    store.update_article(first.id, refreshed.article, actor="anna", action="reject_sentence", detail={})
    kept = store_version(store, make_article(headline="Noch eine Fassung"))
    assert (kept.id, kept.article.headline) == (first.id, "Pegel in Passau sinkt")


def test_editors_have_unique_names(store: SQLStore) -> None:
    store.add_user("anna", "scrypt$abc")
    with pytest.raises(StoreError, match="'anna' exists already"):
        store.add_user("anna", "scrypt$def")
    assert store.set_password("anna", "scrypt$xyz")
    assert not store.set_password("nobody", "scrypt$xyz")
    user = store.get_user("anna")
    assert user is not None and user.password_hash == "scrypt$xyz"
    assert [u.name for u in store.list_users()] == ["anna"]
    assert store.remove_user("anna") and not store.remove_user("anna")
    assert store.get_user("anna") is None


def test_racing_writers_store_one_version_per_sources(db_url: str) -> None:
    """Several connections saving the same versions at once (workers on PostgreSQL): each set of
    sources is stored once, versions are numbered without gaps or repeats."""
    open_store(db_url).close()  # migrate once
    keys = [(1, 2), (1, 2, 3), (1, 2), (1, 2, 3, 4), (1, 2, 3)] * 2
    barrier = threading.Barrier(4)
    errors: list[BaseException] = []

    def work() -> None:
        try:
            with open_store(db_url) as own:
                barrier.wait()
                for key in keys:
                    own.save_article(make_article(key))
        except BaseException as exc:  # reported below
            errors.append(exc)

    threads = [threading.Thread(target=work) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    with open_store(db_url) as check:
        records = check.list_articles(story_id=7)
        assert sorted(r.version for r in records) == [1, 2, 3]
        assert sorted(r.sources_key for r in records) == sorted({sources_key(make_article(k)) for k in keys})
        assert all([e.action for e in check.article_events(r.id)] == ["write"] for r in records)


def test_an_article_without_a_verified_sentence_is_refused_not_stored() -> None:
    from newsdesk.errors import WriteError
    from newsdesk.write.base import require_text

    article = make_article()
    assert require_text(article) is article
    emptied = replace(article, sections=[Section("", [Paragraph([])])])
    with pytest.raises(
        WriteError, match=r"no sentence of story 7 passed the verifier \(1 dropped; first problem: 9,90"
    ):
        require_text(emptied)
