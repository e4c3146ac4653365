"""The editor's desk of the newsroom service: changes to a stored version's text, each verified
again and each putting an approved version back into draft (without the web layer)."""

from __future__ import annotations

import pytest

from newsdesk.config import Settings
from newsdesk.errors import PublishError, ReviewError
from newsdesk.models import Citation
from newsdesk.newsroom import Newsroom
from newsdesk.store import open_store


def test_review_rules(web_settings: Settings) -> None:
    with open_store(web_settings.store.db) as store, Newsroom(web_settings, store) as room:
        written = room.write_story(1)
        record = written.record
        again = room.write_story(1)
        assert (again.record.id, again.unchanged) == (record.id, True)  # nothing changed: not written again
        ids = [s.id for s in record.article.sentences()]
        with pytest.raises(ReviewError, match="no sentence"):
            room.strike_sentence(record.id, "s999", actor="anna")
        with pytest.raises(ReviewError, match="cannot be empty"):
            room.edit_sentence(record.id, ids[0], "   ", actor="anna")
        with pytest.raises(ReviewError, match="unknown review decision"):
            room.decide(record.id, "publish", actor="anna")
        with pytest.raises(PublishError, match="only an approved version"):
            room.publish(record.id, actor="anna")
        for sentence_id in ids[1:]:
            room.strike_sentence(record.id, sentence_id, actor="anna")
        with pytest.raises(ReviewError, match="last sentence"):
            room.strike_sentence(record.id, ids[0], actor="anna")
        assert [s.id for s in store.get_article(record.id).article.sentences()] == ids[:1]
        room.approve(record.id, actor="anna")
        published = room.publish(record.id, actor="anna")
        assert published.status == "published"
        with pytest.raises(ReviewError, match="only draft or approved"):
            room.edit_sentence(record.id, ids[0], "Neuer Text.", actor="anna")
        assert room.withdraw(record.id, actor="anna").status == "withdrawn"


def test_every_change_goes_back_to_draft_and_is_verified(web_settings: Settings) -> None:
    with open_store(web_settings.store.db) as store, Newsroom(web_settings, store) as room:
        record = room.write_story(1).record
        first, second, third = (s.id for s in record.article.sentences()[:3])
        room.approve(record.id, actor="anna")

        struck = room.strike_sentence(record.id, second, actor="anna", reason="doppelt")
        assert struck.status == "draft"  # an approval covers the text as it stood
        assert second not in [s.id for s in struck.article.sentences()]
        restored = room.restore_sentence(record.id, second, actor="anna")
        assert [s.id for s in restored.article.sentences()][:3] == [first, second, third]
        assert next(s for s in restored.article.sentences() if s.id == second).verdict is not None
        with pytest.raises(ReviewError, match="in the text already"):
            room.restore_sentence(record.id, second, actor="anna")

        room.approve(record.id, actor="anna")
        invented = room.edit_sentence(
            record.id, first, "In Passau wurden 99 Giraffen evakuiert.", actor="ben"
        )
        assert invented.status == "draft"
        edited = next(s for s in invented.article.sentences() if s.id == first)
        assert edited.verdict is not None and edited.verdict.label != "supported"
        with pytest.raises(ReviewError, match="is blocked"):
            room.approve(record.id, actor="anna")

        moved = room.move_sentence(record.id, third, actor="anna", before=first)
        assert [s.id for s in moved.article.sentences()][:2] == [third, first]
        cited = record.article.sentences()[0].citations[:1]
        added = room.add_sentence(
            record.id,
            record.article.sentences()[0].text,
            [Citation(c.source, c.passage) for c in cited],
            actor="anna",
            after=third,
        )
        new = [s for s in added.article.sentences() if s.id not in {x.id for x in moved.article.sentences()}]
        assert len(new) == 1 and new[0].verdict is not None and new[0].verdict.label == "supported"

        headline = room.edit_headline(
            record.id, "Schock in Passau: Die schlimmste Flut aller Zeiten!", actor="anna"
        )
        assert headline.article.headline.startswith("Schock")
        trail = store.article_events(record.id)
        assert trail[-1].action == "edit_headline" and trail[-1].detail["problems"]  # sensational, noted
        assert [
            e.action for e in trail if e.action.startswith(("strike", "restore", "edit", "move", "add"))
        ] == [
            "strike_sentence",
            "restore_sentence",
            "edit_sentence",
            "move_sentence",
            "add_sentence",
            "edit_headline",
        ]
        assert [e.detail.get("reason") for e in trail if e.action == "draft"] == [
            "changed after approval"
        ] * 2
