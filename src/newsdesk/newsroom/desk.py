"""The editor's desk: every change an editor makes to a stored version's text.

Each change goes through :meth:`Desk._change`, which stores the new text with one review-trail
row and puts an approved version back into draft — the rule "an approval covers the text as it
stands" is enforced there and nowhere else. A changed or added sentence is verified again, with
the one verifier, against the passages it cites; only the new verdict counts, so an unsupported
edit stays in the text, marked, and blocks approval (:mod:`newsdesk.newsroom.rules`) until it is
edited again or struck. A struck sentence leaves the text; the trail keeps it with its place, so
:meth:`Desk.restore_sentence` can put it back (verified again). Only draft and approved versions
change.

Every change takes the editor's ``reason`` (kept in the trail when given) and records what it
changed (old and new text), so the trail reads as tracked changes
(:mod:`newsdesk.newsroom.history`). A change that changes nothing is not recorded. A document that
a new sentence cites joins the source list. The order of the text, its headline, dateline and
headings, and the decisions on conflicts between sources are changed by
:class:`~newsdesk.newsroom.arrange.Arrange`, through the same :meth:`Desk._change`.
"""

from __future__ import annotations

from dataclasses import asdict, replace
from typing import Any, Literal

from newsdesk.errors import NewsdeskError, ReviewError
from newsdesk.models import (
    Article,
    Citation,
    Document,
    Paragraph,
    Passage,
    Section,
    Sentence,
    SourceRef,
)
from newsdesk.newsroom.base import Room
from newsdesk.newsroom.rules import check_editable
from newsdesk.store.articles import ArticleRecord


def clean_text(text: str, what: str) -> str:
    """``text`` with its whitespace collapsed; ReviewError naming ``what`` when nothing is left."""
    cleaned = " ".join(text.split())
    if not cleaned:
        raise ReviewError(f"{what} cannot be empty", hint="strike the sentence to remove it")
    return cleaned


def locate(article: Article, sentence_id: str) -> tuple[int, int, int]:
    """Section, paragraph and place of a sentence of the text; ReviewError if it has none."""
    for s, section in enumerate(article.sections):
        for p, paragraph in enumerate(section.paragraphs):
            for i, sentence in enumerate(paragraph.sentences):
                if sentence.id == sentence_id:
                    return s, p, i
    raise ReviewError(f"the article has no sentence {sentence_id!r}")


def prune(article: Article) -> None:
    """Drop the paragraphs and sections that a change left empty."""
    for section in article.sections:
        section.paragraphs = [p for p in section.paragraphs if p.sentences]
    article.sections = [s for s in article.sections if s.paragraphs]


def _label(sentence: Sentence) -> str:
    return sentence.verdict.label if sentence.verdict else "unverified"


def with_reason(detail: dict[str, Any], reason: str) -> dict[str, Any]:
    """``detail`` with the editor's reason, when one was given."""
    return {**detail, "reason": reason.strip()} if reason.strip() else detail


Direction = Literal["up", "down"]


class Desk(Room):
    """The editing part of the newsroom service."""

    # -- sentences ----------------------------------------------------------------------------------

    def edit_sentence(
        self, article_id: int, sentence_id: str, text: str, *, actor: str, reason: str = ""
    ) -> ArticleRecord:
        """Replace a sentence's text; it keeps its citations and is verified again."""
        record, article = self._editable(article_id)
        new_text = clean_text(text, "an edited sentence")
        s, p, i = locate(article, sentence_id)
        old = article.sections[s].paragraphs[p].sentences[i]
        if new_text == old.text:
            return record
        edited = self._verified(article, Sentence(old.id, new_text, list(old.citations)))
        article.sections[s].paragraphs[p].sentences[i] = edited
        detail = {"sentence": sentence_id, "old": old.text, "new": new_text, "verdict": _label(edited)}
        return self._change(record, article, actor, "edit_sentence", with_reason(detail, reason))

    def strike_sentence(
        self, article_id: int, sentence_id: str, *, actor: str, reason: str = ""
    ) -> ArticleRecord:
        """Take a sentence out of the text (empty paragraphs and sections go with it); the trail
        keeps it and its place."""
        record, article = self._editable(article_id)
        s, p, i = locate(article, sentence_id)
        section = article.sections[s]
        removed = section.paragraphs[p].sentences.pop(i)
        prune(article)
        if not article.sentences():
            raise ReviewError("the last sentence cannot be struck", hint="reject the whole article instead")
        detail = {
            "sentence": sentence_id,
            "text": removed.text,
            "citations": [asdict(c) for c in removed.citations],
            "place": [s, p, i],
            "heading": section.heading,
            "verdict": _label(removed),
            "reason": reason.strip(),
        }
        return self._change(record, article, actor, "strike_sentence", detail)

    def restore_sentence(
        self, article_id: int, sentence_id: str, *, actor: str, reason: str = ""
    ) -> ArticleRecord:
        """Put a struck sentence back where it stood (verified again)."""
        record, article = self._editable(article_id)
        if any(s.id == sentence_id for s in article.sentences()):
            raise ReviewError(f"sentence {sentence_id} is in the text already")
        struck = next(
            (
                e.detail
                for e in reversed(self.store.article_events(article_id))
                if e.action in ("strike_sentence", "reject_sentence")
                and e.detail.get("sentence") == sentence_id
            ),
            None,
        )
        if struck is None:
            raise ReviewError(f"sentence {sentence_id!r} was never struck from this article")
        if "text" not in struck:
            raise ReviewError(f"sentence {sentence_id!r} was struck before its words were kept")
        citations = [Citation(**c) for c in struck.get("citations", [])]
        sentence = self._verified(article, Sentence(sentence_id, struck["text"], citations))
        s, p, i = struck.get("place", [len(article.sections), 0, 0])
        if s >= len(article.sections) or article.sections[s].heading != struck.get("heading"):
            article.sections.insert(min(s, len(article.sections)), Section(struck.get("heading", ""), []))
            s = min(s, len(article.sections) - 1)
        paragraphs = article.sections[s].paragraphs
        if p >= len(paragraphs):
            paragraphs.append(Paragraph([]))
            p = len(paragraphs) - 1
        paragraphs[p].sentences.insert(min(i, len(paragraphs[p].sentences)), sentence)
        detail = {"sentence": sentence_id, "text": sentence.text, "verdict": _label(sentence)}
        return self._change(record, article, actor, "restore_sentence", with_reason(detail, reason))

    def add_sentence(
        self,
        article_id: int,
        text: str,
        citations: list[Citation],
        *,
        actor: str,
        after: str | None = None,
        reason: str = "",
    ) -> ArticleRecord:
        """Add a sentence that cites ``citations`` after sentence ``after`` (default: at the end);
        a cited document that the source list lacks joins it."""
        record, article = self._editable(article_id)
        if not citations:
            raise ReviewError("a new sentence must cite at least one passage", hint="cite source and passage")
        citations = list(dict.fromkeys(citations))
        numbers = [int(s.id[1:]) for s in article.sentences() if s.id[1:].isdigit()]
        new_id = f"s{max(numbers, default=0) + 1}"
        sentence = self._verified(
            article, Sentence(new_id, clean_text(text, "a new sentence"), list(citations))
        )
        if after is None:
            article.sections[-1].paragraphs[-1].sentences.append(sentence)
        else:
            s, p, i = locate(article, after)
            article.sections[s].paragraphs[p].sentences.insert(i + 1, sentence)
        self._list_sources(article, citations)
        detail = {
            "sentence": new_id,
            "text": sentence.text,
            "after": after,
            "citations": [asdict(c) for c in citations],
            "verdict": _label(sentence),
        }
        return self._change(record, article, actor, "add_sentence", with_reason(detail, reason))

    # -- verifying again ------------------------------------------------------------------------------

    def verify(self, article_id: int, *, actor: str) -> ArticleRecord:
        """Verify every sentence of a stored version again (current verifier settings)."""
        record, article = self._editable(article_id)
        documents, passages = self.evidence(article)
        sentences = article.sentences()
        self.events.start("verify", len(sentences))
        try:
            with self.engines.lock:
                for sentence in sentences:
                    sentence.verdict = self.engines.verifier.verify_sentence(
                        sentence, documents, passages, language=article.language
                    )
                    self.events.advance("verify", sentence.id)
        finally:
            self.events.finish("verify")
        before = {s.id: _label(s) for s in record.article.sentences()}
        changed = {s.id: _label(s) for s in sentences if before.get(s.id) != _label(s)}
        if not changed:
            return record
        return self._change(record, article, actor, "verify", {"changed": changed})

    def evidence(
        self, article: Article, also: Sentence | None = None
    ) -> tuple[dict[int, Document], dict[tuple[int, int], Passage]]:
        """The article's source documents and their passages, as the verifier takes them (with the
        documents that sentence ``also``, not yet in the text, cites)."""
        cited = article.sentences() + ([also] if also else [])
        ids = {s.id for s in article.sources} | {c.source for s in cited for c in s.citations}
        documents: dict[int, Document] = {}
        passages: dict[tuple[int, int], Passage] = {}
        for document_id in sorted(ids):
            try:
                documents[document_id] = self.store.get_document(document_id)
            except NewsdeskError:
                continue  # a source that is gone makes its citations unverifiable
            for passage in self.store.get_passages(document_id):
                passages[(passage.document_id, passage.index)] = passage
        return documents, passages

    # -- the one way a text changes -------------------------------------------------------------------

    def _editable(self, article_id: int) -> tuple[ArticleRecord, Article]:
        record = self.store.get_article(article_id)
        check_editable(record)
        return record, Article.from_dict(record.article.to_dict())

    def _list_sources(self, article: Article, citations: list[Citation]) -> None:
        """Add every cited document that the source list lacks (and mark listed ones as cited)."""
        listed = {source.id: n for n, source in enumerate(article.sources)}
        for document_id in dict.fromkeys(c.source for c in citations):
            if document_id in listed:
                n = listed[document_id]
                article.sources[n] = replace(article.sources[n], cited=True)
                continue
            try:
                document = self.store.get_document(document_id)
            except NewsdeskError:
                continue  # the verdict says the source could not be read
            article.sources.append(
                SourceRef(
                    document_id,
                    document.outlet,
                    document.title,
                    document.url,
                    document.published,
                    document.language,
                )
            )
            listed[document_id] = len(article.sources) - 1

    def _verified(self, article: Article, sentence: Sentence) -> Sentence:
        documents, passages = self.evidence(article, sentence)
        with self.engines.lock:
            sentence.verdict = self.engines.verifier.verify_sentence(
                sentence, documents, passages, language=article.language
            )
        return sentence

    def _change(
        self, record: ArticleRecord, article: Article, actor: str, action: str, detail: dict[str, Any]
    ) -> ArticleRecord:
        """Store a changed text; an approved version goes back to draft (see the module docstring)."""
        updated = self.store.update_article(record.id, article, actor=actor, action=action, detail=detail)
        if updated.status == "approved":
            updated = self.store.set_article_status(
                record.id, "draft", actor=actor, detail={"reason": "changed after approval"}
            )
        self.events.note(f"article {record.id}: {action.replace('_', ' ')} by {actor}")
        return updated
