"""The editor's desk in the newsroom service, on SQLite and PostgreSQL: the review of a version
(what needs attention, sources opened with their marks and judgements), every change with its
reason and tracked diff, the order and shape of the text, conflicts, the queue and its filters, and
downloads. The story and article are synthetic (``tests/desk_story.py``); the verifier is the real one.
"""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Iterator
from datetime import date

import numpy as np
import pytest

from desk_story import BR, LOCAL, REUTERS, RIGHT_TIME, WRONG_TIME, ingest_desk_story, save_desk_article
from newsdesk.config import Settings, StoreSettings
from newsdesk.errors import RenderError, ReviewError
from newsdesk.lang.tags import display_tags
from newsdesk.models import Citation, Document, Signals
from newsdesk.newsroom import Newsroom
from newsdesk.newsroom.history import word_diff
from newsdesk.newsroom.queue import Filters
from newsdesk.store import open_store
from newsdesk.store.articles import ArticleRecord
from newsdesk.store.base import NewPassage


@pytest.fixture
def room(db_url: str) -> Iterator[Newsroom]:
    settings = Settings(store=StoreSettings(db=db_url))
    with open_store(db_url) as store, Newsroom(settings, store) as newsroom:
        yield newsroom


@pytest.fixture
def record(room: Newsroom) -> ArticleRecord:
    return save_desk_article(room.store, ingest_desk_story(room))


def ids(record: ArticleRecord) -> list[str]:
    return [s.id for s in record.article.sentences()]


def test_the_review_names_what_needs_attention(room: Newsroom, record: ArticleRecord) -> None:
    review = room.review(record.id)
    assert review.state == "blocked" and review.editable
    assert review.blocking == ["s2"]
    assert review.attention == {"s1": ["conflict"], "s2": ["contradicted"]}  # reading order
    assert review.open_conflicts == [0]
    outlets = [s.outlet for s in record.article.sources]
    assert [review.numbers[s.id] for s in record.article.sources] == [1, 2, 3, 4] and outlets[0] == LOCAL
    assert [c.title for c in review.changes] == ["geschrieben"]


def test_a_sentence_opened_shows_each_source_marked_and_judged(room: Newsroom, record: ArticleRecord) -> None:
    opened = room.sentence_sources(record.article, "s1")
    assert (opened.position, opened.previous, opened.next) == (1, None, "s2")
    assert opened.reasons == ("conflict",) and opened.conflicts == (0,)
    assert [(s.outlet, s.number, s.judgement.label if s.judgement else None) for s in opened.sources] == [
        (LOCAL, 1, "supports"),
        (BR, 3, "partial"),
    ]
    local = opened.sources[0]
    cited = [b for b in local.blocks if b.role == "cited"]
    assert len(cited) == 1 and [b.index for b in local.blocks] == sorted(b.index for b in local.blocks)
    marked = {(s.kind, s.text) for s in cited[0].segments if s.kind}
    assert {("number", "rund 150"), ("date", "Dienstagabend"), ("place", "Straubinger")} <= marked
    assert ("match", "Recyclinghof") in marked  # a shared word, besides the anchors
    assert "".join(s.text for s in cited[0].segments) == next(
        p.text for p in room.store.get_passages(local.document_id) if p.index == local.passage
    )
    assert any(b.role == "near" for b in local.blocks) and any(b.paragraph for b in local.blocks)
    sentence_marks = {(s.kind, s.text) for s in opened.segments if s.kind}
    assert ("number", "rund 150") in sentence_marks
    wrong = room.sentence_sources(record.article, "s2")
    marked = next(s for s in wrong.segments if s.kind)
    assert (marked.kind, marked.text, marked.missing) == ("number", "20.30 Uhr", True)
    assert wrong.sources[0].missing[0].text == "20.30 Uhr"
    with pytest.raises(ReviewError, match="no sentence"):
        room.sentence_sources(record.article, "s99")


def test_fixing_the_blocked_sentence_is_verified_and_tracked(room: Newsroom, record: ArticleRecord) -> None:
    with pytest.raises(ReviewError, match="is blocked"):
        room.approve(record.id, actor="anna")
    fixed = room.edit_sentence(record.id, "s2", RIGHT_TIME, actor="anna", reason="Uhrzeit laut Tagblatt")
    assert room.review(fixed.id).state == "needs_review"
    change = room.review(record.id).changes[0]
    assert (change.actor, change.title, change.subject, change.reason) == (
        "anna",
        "Satz geändert",
        "Satz s2",
        "Uhrzeit laut Tagblatt",
    )
    assert [(p.kind, p.text) for p in change.diff if p.kind != "same"] == [("del", "20.30"), ("ins", "18.30")]
    assert change.notes == ("Prüfung: belegt",)
    assert room.approve(record.id, actor="anna").status == "approved"
    # an edit after approval is verified and sends the version back
    again = room.edit_sentence(record.id, "s2", WRONG_TIME, actor="ben")
    assert again.status == "draft" and room.review(record.id).blocking == ["s2"]


def test_order_and_shape_of_the_text(room: Newsroom, record: ArticleRecord) -> None:
    before = ids(record)
    up = room.shift_sentence(record.id, "s3", "up", actor="anna", reason="Rauch zuerst")
    assert ids(up)[:3] == ["s1", "s3", "s2"]  # across the paragraph boundary
    down = room.shift_sentence(record.id, "s3", "down", actor="anna")
    assert ids(down) == before
    last = before[-1]
    assert room.shift_sentence(record.id, last, "down", actor="anna").version == record.version
    unchanged = len(room.store.article_events(record.id))
    room.shift_sentence(record.id, "s1", "up", actor="anna")  # the first sentence stays
    assert len(room.store.article_events(record.id)) == unchanged
    end = room.shift_sentence(record.id, before[-2], "down", actor="anna")
    assert ids(end)[-2:] == [before[-1], before[-2]]
    paragraph = room.shift_paragraph(record.id, "s5", "up", actor="anna")
    sections = paragraph.article.sections
    assert [s.id for s in sections[0].paragraphs[-1].sentences] == ["s5", "s6"]  # into the lead section
    with pytest.raises(ReviewError, match="unknown direction"):
        room.shift_paragraph(record.id, "s5", "sideways", actor="anna")  # type: ignore[arg-type]
    headed = room.insert_heading(record.id, "s3", "Rauch über der Stadt", actor="anna")
    assert [s.heading for s in headed.article.sections][:2] == ["", "Rauch über der Stadt"]
    with pytest.raises(ReviewError, match="starts at this paragraph"):
        room.insert_heading(record.id, "s1", "Zu früh", actor="anna")
    renamed = room.edit_heading(record.id, 1, "Rauchwolke über Sand", actor="anna", reason="konkreter")
    assert renamed.article.sections[1].heading == "Rauchwolke über Sand"
    titles = [c.title for c in room.review(record.id).changes]
    assert titles[:4] == [
        "Zwischenüberschrift geändert",
        "Zwischenüberschrift eingefügt",
        "Absatz verschoben",
        "Satz verschoben",
    ]


def test_headline_subheadline_and_dateline(room: Newsroom, record: ArticleRecord) -> None:
    same = room.edit_headline(record.id, "  Großbrand in Straubinger   Recyclinghof ", actor="anna")
    assert len(room.store.article_events(same.id)) == 1  # nothing changed: nothing recorded
    loud = room.edit_headline(record.id, "Inferno in Straubing: Die Stadt brennt!", actor="anna")
    change = room.review(loud.id).changes[0]
    assert change.title == "Überschrift geändert" and change.notes  # the headline check's findings
    room.edit_subheadline(record.id, "", actor="anna", reason="zu lang")
    moved = room.edit_dateline(record.id, "Straubing-Sand", "14. Oktober 2025", actor="anna")
    assert moved.article.subheadline == "" and moved.article.dateline.place == "Straubing-Sand"
    dateline = room.review(record.id).changes[0]
    assert [(p.kind, p.text) for p in dateline.diff if p.kind != "same"] == [
        ("del", "Straubing,"),
        ("ins", "Straubing-Sand,"),
    ]
    with pytest.raises(ReviewError, match="cannot be empty"):
        room.edit_headline(record.id, "   ", actor="anna")


def test_the_head_form_changes_what_is_given_and_refuses_an_empty_headline_first(
    room: Newsroom, record: ArticleRecord
) -> None:
    with pytest.raises(ReviewError, match="cannot be empty"):
        room.edit_head(record.id, headline=" ", subheadline="", place="Sand", actor="anna")
    assert len(room.store.article_events(record.id)) == 1  # nothing changed before the refusal
    head = room.edit_head(record.id, date="15. Oktober 2025", actor="anna", reason="Datum")
    assert head.article.dateline.place == "Straubing" and head.article.dateline.date == "15. Oktober 2025"
    assert head.article.headline == record.article.headline and head.article.subheadline
    both = room.edit_head(record.id, headline="Feuer in Sand", subheadline="", actor="anna", reason="kürzer")
    assert (both.article.headline, both.article.subheadline) == ("Feuer in Sand", "")
    actions = [e.action for e in room.store.article_events(record.id)]
    assert actions[1:] == ["edit_dateline", "edit_headline", "edit_subheadline"]


def test_a_new_sentence_cites_a_passage_of_the_story(room: Newsroom, record: ArticleRecord) -> None:
    found = room.story_passages(record.id, "B8 gesperrt")
    assert [d.outlet for d, _ in found] == ["idowa"]  # not yet a source of the article
    document, passages = found[0]
    assert "Passauer Neue Presse" not in [d.outlet for d, _ in room.story_passages(record.id)]  # a copy
    text = "Die Bundesstraße 8 war während der Löscharbeiten zwischen Straubing und Bogen gesperrt."
    added = room.add_sentence(
        record.id,
        text,
        [Citation(document.id or 0, passages[0].index)] * 2,  # the same passage twice counts once
        actor="anna",
        after="s4",
        reason="Verkehr fehlte",
    )
    new = next(s for s in added.article.sentences() if s.text == text)
    assert ids(added)[4] == new.id and len(new.citations) == 1
    assert new.verdict is not None and new.verdict.label == "supported"
    assert [s.outlet for s in added.article.sources][-1] == "idowa"  # the source list grows
    change = room.review(record.id).changes[0]
    assert change.title == "Satz hinzugefügt"
    assert change.diff[0].kind == "ins" and change.reason == "Verkehr fehlte"
    with pytest.raises(ReviewError, match="at least one passage"):
        room.add_sentence(record.id, "Ohne Beleg.", [], actor="anna")


def test_a_story_merged_into_another_offers_the_passages_of_the_story_that_holds_it(
    room: Newsroom, record: ArticleRecord
) -> None:
    """The clusterer may merge the article's story into an earlier one it turned out to follow up
    (``merge_stories``): the article's id then redirects there, and a new sentence may cite the
    reports of that story."""
    text = "Die Brandermittler fanden im Dachstuhl eine defekte Verteilerdose."
    document = Document(
        url="https://lokal.example/ermittlung", outlet="Lokalblatt", title="Brandursache geklärt",
        text=text, language="de", content_hash="ermittlung", published="2025-10-20T10:00:00+02:00",
    )  # fmt: skip
    document_id, _ = room.store.add_document(document, [NewPassage(0, len(text), text)])
    signals = Signals(at=1_760_000_000.0, entities=(), quantities=())
    earlier = room.store.create_story(document_id, "Brandursache", np.ones(384, dtype=np.float32), signals)
    assert room.story_passages(record.id, "Verteilerdose") == []
    room.store.merge_stories(record.story_id, earlier)
    found = room.story_passages(record.id, "Verteilerdose")
    assert [(d.id, [p.text for p in passages]) for d, passages in found] == [(document_id, [text])]
    assert room.story_passages(record.id, "B8 gesperrt")  # and its own reports, as before


def test_strike_and_restore_keep_the_words_and_the_reason(room: Newsroom, record: ArticleRecord) -> None:
    room.strike_sentence(record.id, "s2", actor="anna", reason="Uhrzeit unklar")
    review = room.review(record.id)
    assert [(s.id, s.text, s.reason) for s in review.struck] == [("s2", WRONG_TIME, "Uhrzeit unklar")]
    assert review.state == "needs_review"
    restored = room.restore_sentence(record.id, "s2", actor="anna", reason="doch nötig")
    assert ids(restored)[:2] == ["s1", "s2"] and room.review(record.id).struck == []
    assert room.review(record.id).changes[0].reason == "doch nötig"


def test_the_editor_decides_a_conflict(room: Newsroom, record: ArticleRecord) -> None:
    with pytest.raises(ReviewError, match="not a value the sources give"):
        room.resolve_conflict(record.id, 0, "rund 300", actor="anna")
    with pytest.raises(ReviewError, match="no conflict 3"):
        room.resolve_conflict(record.id, 3, "", actor="anna")
    decided = room.resolve_conflict(record.id, 0, "rund 150", actor="anna", reason="Leitstelle bestätigt 150")
    conflict = decided.article.conflicts[0]
    assert (conflict.chosen, conflict.resolution) == ("rund 150", "Redaktion: Leitstelle bestätigt 150")
    review = room.review(record.id)
    assert review.open_conflicts == [] and "s1" not in review.attention
    assert review.changes[0].title == "Widerspruch entschieden"
    both = room.resolve_conflict(record.id, 0, "", actor="anna", reason="Angaben der Leitstelle und der dpa")
    assert both.article.conflicts[0].resolution == (
        "Redaktion: beide Angaben genannt (Angaben der Leitstelle und der dpa)"
    )
    kept = room.resolve_conflict(record.id, 0, "", actor="anna")  # the same choice keeps its reason
    assert kept.article.conflicts[0] == both.article.conflicts[0]


def test_the_queue_filters_by_state_outlet_language_date_and_words(
    room: Newsroom, record: ArticleRecord
) -> None:
    page = room.find_articles(Filters())
    assert [a.id for a in page.items] == [record.id] and page.counts == {"blocked": 1, "open": 1}
    assert page.items[0].attention == 2 and page.items[0].open_conflicts == 1
    assert REUTERS in page.outlets and page.languages == ["de", "en"]
    assert room.find_articles(Filters(state="open")).items
    assert room.find_articles(Filters(state="needs_review")).items == []
    assert room.find_articles(Filters(outlet="Passauer Neue Presse")).items  # the agency copy's outlet
    assert room.find_articles(Filters(outlet="Kronen Zeitung")).items == []
    assert room.find_articles(Filters(language="en")).items
    assert room.find_articles(Filters(text="kriminalpolizei STRAUBING")).items
    assert room.find_articles(Filters(text="Straubing Giraffe")).items == []
    written = date.fromisoformat(record.created_at[:10])
    assert room.find_articles(Filters(since=written, until=written)).items
    assert room.find_articles(Filters(until=date(2000, 1, 1))).items == []
    room.edit_sentence(record.id, "s2", RIGHT_TIME, actor="anna")
    assert room.find_articles(Filters(state="needs_review")).counts == {"needs_review": 1, "open": 1}

    stories = room.find_stories(Filters())
    assert [s.state for s in stories.items] == ["needs_review"]
    story = stories.items[0]
    assert story.documents == 6 and "Passauer Neue Presse" in story.republished_by
    assert room.find_stories(Filters(state="unwritten")).items == []
    assert room.find_stories(Filters(text="recyclinghof", language="de", outlet="idowa")).items
    assert room.find_stories(Filters(since=date(2025, 10, 16))).items == []
    assert room.find_stories(Filters(since=date(2025, 10, 14), until=date(2025, 10, 15))).items


def test_downloads_in_every_format(room: Newsroom, record: ArticleRecord) -> None:
    word = room.export(record.id, "docx")
    assert word.filename.endswith(".docx") and word.media_type.endswith("wordprocessingml.document")
    with zipfile.ZipFile(io.BytesIO(word.content)) as docx:
        body = docx.read("word/document.xml").decode("utf-8")
    assert "Großbrand in Straubinger Recyclinghof" in body and "Kriminalpolizei" in body
    markdown = room.export(record.id, "md").content.decode("utf-8")
    assert "[1][3]" in markdown  # s1 cites sources 1 and 3, in ascending order
    article = json.loads(room.export(record.id, "json").content)
    assert article["conflicts"][0]["about"] == "Zahl der Einsatzkräfte"
    review_copy = room.export(record.id, "docx", marks=True)
    assert review_copy.filename.endswith("-pruefung.docx")
    with zipfile.ZipFile(io.BytesIO(review_copy.content)) as docx:
        assert "word/comments.xml" in docx.namelist()  # the contradicted sentence carries a comment
    with pytest.raises(RenderError, match="unknown format"):
        room.export(record.id, "odt")


def test_word_diff_and_display_tags() -> None:
    assert [(p.kind, p.text) for p in word_diff("a b c", "a x c d")] == [
        ("same", "a"),
        ("del", "b"),
        ("ins", "x"),
        ("same", "c"),
        ("ins", "d"),
    ]
    noisy = [
        "Berlin",
        "Annette",
        "About",
        "CDU",
        "Annette Kallweit",
        "Bavarian",
        "Fo",
        "EU",
        "Montag",
        "Bayern",
        "FC Bayern",
    ]
    assert display_tags(noisy) == ["Berlin", "CDU", "Annette Kallweit", "EU", "Bayern", "FC Bayern"]
