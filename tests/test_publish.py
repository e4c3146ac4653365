"""Publishing rules (the newsroom service's decisions): only approved versions, never an
unsupported or unchecked sentence unless the approval was forced with a reason; one published
version per story; withdrawal; the site exported again after each change."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from article_samples import sample_article, with_label
from newsdesk.config import PublishSettings, Settings
from newsdesk.errors import PublishError, ReviewError, StoreError
from newsdesk.models import SourceRef
from newsdesk.newsroom import Newsroom, blockers
from newsdesk.store.sqlite import SQLiteStore


@pytest.fixture
def store(tmp_path: Path) -> Iterator[SQLiteStore]:
    with SQLiteStore(tmp_path / "publish.db") as opened:
        yield opened


def room(store: SQLiteStore, publish: PublishSettings | None = None) -> Newsroom:
    return Newsroom(replace(Settings(), publish=publish or PublishSettings()), store)


def test_a_draft_is_not_published(store: SQLiteStore) -> None:
    record = store.save_article(sample_article())
    with pytest.raises(PublishError, match="is draft; only an approved version") as caught:
        room(store).publish(record.id, actor="anna")
    assert caught.value.hint == f"approve it first: newsdesk approve {record.id}"
    assert store.get_article(record.id).status == "draft"
    assert store.list_articles(status="published") == []


def test_a_rejected_version_is_not_published(store: SQLiteStore) -> None:
    record = store.save_article(sample_article())
    room(store).reject(record.id, actor="anna", note="Überschrift übertreibt")
    with pytest.raises(PublishError, match="is rejected"):
        room(store).publish(record.id, actor="anna")
    assert store.article_events(record.id)[-1].detail == {"note": "Überschrift übertreibt"}


@pytest.mark.parametrize("label", ["unsupported", "contradicted", "misattributed", "unverifiable", None])
def test_a_blocked_article_is_neither_approved_nor_published(store: SQLiteStore, label: str | None) -> None:
    record = store.save_article(with_label(sample_article(), "s3", label))
    assert [(b.sentence_id, b.label) for b in blockers(record.article)] == [("s3", label or "unverified")]
    with pytest.raises(ReviewError, match=r"is blocked: 1 sentence\(s\) not verified as supported") as caught:
        room(store).approve(record.id, actor="anna")
    assert f"s3 ({label or 'unverified'})" in caught.value.message
    assert store.get_article(record.id).status == "draft"
    # Approved behind the rules' back (straight in the store): publishing still refuses it.
    store.set_article_status(record.id, "approved", actor="script")
    with pytest.raises(PublishError, match=r"1 sentence\(s\) not verified as supported"):
        room(store).publish(record.id, actor="anna")
    assert store.get_article(record.id).status == "approved"


def test_a_forced_approval_needs_a_reason_and_is_kept_in_the_trail(store: SQLiteStore) -> None:
    record = store.save_article(with_label(sample_article(), "s3", "unsupported"))
    with pytest.raises(ReviewError, match="needs a reason"):
        room(store).approve(record.id, actor="anna", force="  ")
    approved = room(store).approve(record.id, actor="anna", force="Zahl telefonisch bestätigt")
    assert approved.status == "approved"
    assert store.article_events(record.id)[-1].detail == {
        "forced": "Zahl telefonisch bestätigt",
        "blocking": ["s3"],
    }
    assert room(store).publish(record.id, actor="anna").status == "published"


def test_approved_and_supported_is_published_with_its_trail(store: SQLiteStore) -> None:
    record = store.save_article(sample_article())
    room(store).approve(record.id, actor="anna", note="Zahlen geprüft")
    published = room(store).publish(record.id, actor="ben")
    assert published.status == "published" and published.published_at
    assert published.reviewed_by == "anna"
    assert [(e.action, e.actor) for e in store.article_events(record.id)] == [
        ("write", "newsdesk"),
        ("approved", "anna"),
        ("published", "ben"),
    ]
    again = room(store).publish(record.id, actor="ben")
    assert again.published_at == published.published_at  # publishing twice changes nothing
    assert len(store.article_events(record.id)) == 3


def test_a_new_version_replaces_the_published_one(store: SQLiteStore) -> None:
    first = store.save_article(sample_article())
    room(store).approve(first.id, actor="anna")
    room(store).publish(first.id, actor="anna")
    newer = sample_article(headline="Stromausfall in Leipzig: Versorgung am Dienstag wiederhergestellt")
    newer.sources.append(
        SourceRef(104, "MDR", "Strom ist zurück", "https://www.example-mdr.de/strom", None, "de")
    )
    second = store.save_article(newer)
    assert second.version == 2
    room(store).approve(second.id, actor="anna")
    room(store).publish(second.id, actor="anna")
    assert [r.id for r in store.list_articles(status="published")] == [second.id]
    assert store.get_article(first.id).status == "withdrawn"
    assert store.article_events(first.id)[-1].detail == {"superseded_by": second.id}


def test_withdraw_only_what_is_published(store: SQLiteStore) -> None:
    record = store.save_article(sample_article())
    with pytest.raises(PublishError, match="is draft, not published"):
        room(store).withdraw(record.id, actor="anna")
    room(store).approve(record.id, actor="anna")
    room(store).publish(record.id, actor="anna")
    withdrawn = room(store).withdraw(record.id, actor="anna", reason="Quelle korrigiert")
    assert withdrawn.status == "withdrawn" and store.list_articles(status="published") == []
    assert store.article_events(record.id)[-1].detail == {"reason": "Quelle korrigiert"}
    with pytest.raises(StoreError, match="no article with id 99"):
        room(store).publish(99, actor="anna")


def test_publishing_and_withdrawing_export_the_site(store: SQLiteStore, tmp_path: Path) -> None:
    site = tmp_path / "site"
    settings = PublishSettings(site_dir=str(site), site_title="Leipzig aktuell")
    record = store.save_article(sample_article())
    room(store).approve(record.id, actor="anna")
    room(store, settings).publish(record.id, actor="anna")
    pages = sorted(p.name for p in (site / "articles").iterdir())
    assert pages == [
        f"{record.id}-stromausfall-in-leipzig-42-000-haushalte-ohne-strom{s}"
        for s in (".html", ".json", ".jsonld")
    ]
    assert "Leipzig aktuell" in (site / "index.html").read_text() and (site / "feed.xml").is_file()
    room(store, settings).withdraw(record.id, actor="anna")
    assert list((site / "articles").iterdir()) == []
    assert "Noch keine veröffentlichten Artikel" in (site / "index.html").read_text()


def test_a_site_that_cannot_be_written_is_one_clear_error(store: SQLiteStore, tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the site should be")
    record = store.save_article(sample_article())
    room(store).approve(record.id, actor="anna")
    with pytest.raises(
        PublishError, match=f"published article {record.id}, but the site in .* could not be written"
    ):
        room(store, PublishSettings(site_dir=str(blocker))).publish(record.id, actor="anna")
    assert (
        store.get_article(record.id).status == "published"
    )  # the decision stands; the site can be re-exported
