"""Review actions on stored article versions (newsdesk.review), without the web layer."""

from __future__ import annotations

import pytest

from newsdesk import review
from newsdesk.config import Settings
from newsdesk.errors import PublishError, ReviewError
from newsdesk.store import open_store
from newsdesk.web.state import LockedVerifier


def test_review_rules(web_settings: Settings) -> None:
    verifier = LockedVerifier(web_settings)
    with open_store(web_settings.store.db) as store:
        record = review.write_story(web_settings, store, 1, verifier=verifier)
        again = review.write_story(web_settings, store, 1, verifier=verifier)
        assert (again.id, again.created) == (record.id, False)  # same sources: the same version
        ids = [s.id for s in record.article.sentences()]
        with pytest.raises(ReviewError, match="no sentence"):
            review.reject_sentence(store, record.id, "s999", actor="anna")
        with pytest.raises(ReviewError, match="cannot be empty"):
            review.edit_sentence(store, record.id, ids[0], "   ", actor="anna", verifier=verifier)
        with pytest.raises(ReviewError, match="unknown review decision"):
            review.set_status(store, record.id, "published", actor="anna")
        with pytest.raises(PublishError, match="only an approved version"):
            review.publish(store, record.id, actor="anna", settings=web_settings)
        for sentence_id in ids[1:]:
            review.reject_sentence(store, record.id, sentence_id, actor="anna")
        with pytest.raises(ReviewError, match="last sentence"):
            review.reject_sentence(store, record.id, ids[0], actor="anna")
        assert [s.id for s in store.get_article(record.id).article.sentences()] == ids[:1]
        review.set_status(store, record.id, "approved", actor="anna")
        published = review.publish(store, record.id, actor="anna", settings=web_settings)
        assert published.status == "published"
        with pytest.raises(ReviewError, match="only draft or approved"):
            review.edit_sentence(store, record.id, ids[0], "Neuer Text.", actor="anna", verifier=verifier)
        assert review.withdraw(store, record.id, actor="anna", settings=web_settings).status == "withdrawn"
