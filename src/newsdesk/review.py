"""Editors' review of stored article versions: the actions the web UI and its JSON API perform.

* :func:`write_story` writes a story with the configured writer and the verifier, and stores the
  article as the story's next version (``draft``).
* :func:`edit_sentence` replaces one sentence's text; the sentence keeps its citations and is
  verified again, and only the new verdict counts. An edit that the verifier does not find
  supported stays in the text, marked, and blocks approval and publishing until it is edited again
  or rejected.
* :func:`reject_sentence` removes one sentence from the text; the review trail keeps it.
* :func:`set_status` approves, rejects or reopens a version; :func:`publish` publishes an approved
  one and :func:`withdraw` takes it down, through :mod:`newsdesk.publish` (the same rules as
  ``newsdesk publish``: only approved versions whose every sentence is supported).

A version may be changed while it is ``draft`` or ``approved``; a change to an approved version
moves it back to ``draft``, so that what is published is what an editor approved. Every action is
one row in the store's review trail (who, when, what).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from newsdesk.config import Settings
from newsdesk.errors import NewsdeskError, ReviewError, WriteError
from newsdesk.models import Article, Document, Passage, Sentence, Verdict
from newsdesk.store.articles import ArticleRecord
from newsdesk.store.sql import SQLStore

EDITABLE = ("draft", "approved")


class SentenceVerifier(Protocol):
    """What a review needs from the verify stage (:class:`newsdesk.verify.Verifier` has it)."""

    def verify_sentence(
        self,
        sentence: Sentence,
        documents: Mapping[int, Document],
        passages: Mapping[tuple[int, int], Passage],
        *,
        language: str | None = None,
    ) -> Verdict: ...

    def verify_article(
        self,
        article: Article,
        documents: Mapping[int, Document],
        passages: Mapping[tuple[int, int], Passage],
    ) -> Article: ...


@dataclass(frozen=True)
class Blocker:
    """A sentence that keeps a version from being approved or published."""

    sentence_id: str
    text: str
    label: str  # the verdict label, or "unverified"


def blockers(article: Article) -> list[Blocker]:
    """Sentences of the text whose verdict is missing or not ``supported``."""
    return [
        Blocker(s.id, s.text, s.verdict.label if s.verdict else "unverified")
        for s in article.sentences()
        if s.verdict is None or s.verdict.label != "supported"
    ]


def evidence(store: SQLStore, article: Article) -> tuple[dict[int, Document], dict[tuple[int, int], Passage]]:
    """The article's source documents and their passages, as the verifier takes them."""
    ids = {s.id for s in article.sources}
    ids |= {c.source for s in article.sentences() for c in s.citations}
    documents: dict[int, Document] = {}
    passages: dict[tuple[int, int], Passage] = {}
    for document_id in sorted(ids):
        try:
            documents[document_id] = store.get_document(document_id)
        except NewsdeskError:
            continue  # a source that is gone makes its citations unverifiable
        for passage in store.get_passages(document_id):
            passages[(passage.document_id, passage.index)] = passage
    return documents, passages


def write_story(settings: Settings, store: SQLStore, story_id: int, *, verifier: Any) -> ArticleRecord:
    """Write ``story_id`` with the configured writer and verifier; return the stored version."""
    from newsdesk.write.run import write_stories

    report = write_stories(settings.write, store, [story_id], verifier=verifier, llm=settings.llm)
    if report.failures:
        failure = report.failures[0]
        raise WriteError(failure.message, source=f"story {story_id}", hint=failure.hint)
    record = report.written[0].record
    assert record is not None  # write_stories stores every article it writes
    return record


def _editable(record: ArticleRecord) -> None:
    if record.status not in EDITABLE:
        raise ReviewError(
            f"article {record.id} is {record.status}; only draft or approved versions can be changed",
            hint="reopen a rejected version first; withdraw a published one and write a new version",
        )


def _find(article: Article, sentence_id: str) -> tuple[list[Sentence], int]:
    for section in article.sections:
        for paragraph in section.paragraphs:
            for index, sentence in enumerate(paragraph.sentences):
                if sentence.id == sentence_id:
                    return paragraph.sentences, index
    raise ReviewError(f"the article has no sentence {sentence_id!r}")


def _back_to_draft(store: SQLStore, record: ArticleRecord, actor: str) -> ArticleRecord:
    if record.status == "approved":
        return store.set_article_status(record.id, "draft", actor=actor, detail={"reason": "changed"})
    return record


def edit_sentence(
    store: SQLStore, article_id: int, sentence_id: str, text: str, *, actor: str, verifier: Any
) -> ArticleRecord:
    """Replace a sentence's text and verify it again against the passages it cites."""
    record = store.get_article(article_id)
    _editable(record)
    new_text = " ".join(text.split())
    if not new_text:
        raise ReviewError("an edited sentence cannot be empty", hint="reject the sentence to remove it")
    article = record.article
    sentences, index = _find(article, sentence_id)
    old = sentences[index]
    if new_text == old.text:
        return record
    documents, passages = evidence(store, article)
    edited = Sentence(old.id, new_text, list(old.citations))
    edited.verdict = verifier.verify_sentence(edited, documents, passages, language=article.language)
    sentences[index] = edited
    detail = {
        "sentence": sentence_id,
        "old": old.text,
        "new": new_text,
        "verdict": edited.verdict.label if edited.verdict else "unverified",
    }
    record = store.update_article(article_id, article, actor=actor, action="edit_sentence", detail=detail)
    return _back_to_draft(store, record, actor)


def reject_sentence(
    store: SQLStore, article_id: int, sentence_id: str, *, actor: str, reason: str = ""
) -> ArticleRecord:
    """Remove a sentence from the text (empty paragraphs and sections go with it)."""
    record = store.get_article(article_id)
    _editable(record)
    article = record.article
    sentences, index = _find(article, sentence_id)
    removed = sentences.pop(index)
    if not article.sentences():
        raise ReviewError("the last sentence cannot be rejected", hint="reject the whole article instead")
    for section in article.sections:
        section.paragraphs = [p for p in section.paragraphs if p.sentences]
    article.sections = [s for s in article.sections if s.paragraphs]
    detail = {
        "sentence": sentence_id,
        "text": removed.text,
        "verdict": removed.verdict.label if removed.verdict else "unverified",
        "reason": reason.strip(),
    }
    record = store.update_article(article_id, article, actor=actor, action="reject_sentence", detail=detail)
    return _back_to_draft(store, record, actor)


def set_status(store: SQLStore, article_id: int, status: str, *, actor: str, note: str = "") -> ArticleRecord:
    """Approve (``approved``), reject (``rejected``) or reopen (``draft``) a version.

    Approval is refused while a sentence of the text is not supported (publishing would refuse it
    later anyway; the editor learns it now)."""
    from newsdesk import publish as publishing

    record = store.get_article(article_id)
    note = note.strip()
    if status == "approved":
        _refuse_blocked(record)
        return publishing.approve_article(store, article_id, actor=actor, note=note)
    if status == "rejected":
        return publishing.reject_article(store, article_id, actor=actor, note=note)
    if status == "draft":
        return store.set_article_status(
            article_id, "draft", actor=actor, detail={"note": note} if note else {}
        )
    raise ReviewError(f"unknown review decision {status!r}", hint="approved, rejected or draft")


def _refuse_blocked(record: ArticleRecord) -> None:
    found = blockers(record.article)
    if found:
        ids = ", ".join(b.sentence_id for b in found)
        raise ReviewError(
            f"article {record.id} has sentences that are not supported: {ids}",
            hint="edit these sentences until they are supported, or reject them",
        )


def publish(store: SQLStore, article_id: int, *, actor: str, settings: Settings) -> ArticleRecord:
    """Publish an approved version: it joins the Atom feed and the static site (:mod:`newsdesk.publish`)."""
    from newsdesk import publish as publishing

    return publishing.publish_article(store, article_id, actor=actor, settings=settings)


def withdraw(
    store: SQLStore, article_id: int, *, actor: str, settings: Settings, reason: str = ""
) -> ArticleRecord:
    """Withdraw a published version (it leaves the feed and the static site)."""
    from newsdesk import publish as publishing

    return publishing.withdraw_article(store, article_id, actor=actor, reason=reason, settings=settings)
