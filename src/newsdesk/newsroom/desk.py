"""The editor's desk: every change an editor makes to a stored version's text.

Each change goes through :meth:`Desk._change`, which stores the new text with one review-trail
row and puts an approved version back into draft — the rule "an approval covers the text as it
stands" is enforced there and nowhere else. A changed or added sentence is verified again, with
the one verifier, against the passages it cites; only the new verdict counts, so an unsupported
edit stays in the text, marked, and blocks approval (:mod:`newsdesk.newsroom.rules`) until it is
edited again or struck. A struck sentence leaves the text; the trail keeps it with its place, so
:meth:`Desk.restore_sentence` can put it back (verified again). Only draft and approved versions
change.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from newsdesk.errors import NewsdeskError, ReviewError
from newsdesk.models import Article, Citation, Dateline, Document, Paragraph, Passage, Section, Sentence
from newsdesk.newsroom.base import Room
from newsdesk.newsroom.rules import check_editable
from newsdesk.store.articles import ArticleRecord
from newsdesk.verify.headline import sensational, unsupported_by_body


def _clean(text: str, what: str) -> str:
    cleaned = " ".join(text.split())
    if not cleaned:
        raise ReviewError(f"{what} cannot be empty", hint="strike the sentence to remove it")
    return cleaned


def _find(article: Article, sentence_id: str) -> tuple[int, int, int]:
    for s, section in enumerate(article.sections):
        for p, paragraph in enumerate(section.paragraphs):
            for i, sentence in enumerate(paragraph.sentences):
                if sentence.id == sentence_id:
                    return s, p, i
    raise ReviewError(f"the article has no sentence {sentence_id!r}")


def _prune(article: Article) -> None:
    for section in article.sections:
        section.paragraphs = [p for p in section.paragraphs if p.sentences]
    article.sections = [s for s in article.sections if s.paragraphs]


def _label(sentence: Sentence) -> str:
    return sentence.verdict.label if sentence.verdict else "unverified"


class Desk(Room):
    """The editing part of the newsroom service."""

    # -- sentences ----------------------------------------------------------------------------------

    def edit_sentence(self, article_id: int, sentence_id: str, text: str, *, actor: str) -> ArticleRecord:
        """Replace a sentence's text; it keeps its citations and is verified again."""
        record, article = self._editable(article_id)
        new_text = _clean(text, "an edited sentence")
        s, p, i = _find(article, sentence_id)
        old = article.sections[s].paragraphs[p].sentences[i]
        if new_text == old.text:
            return record
        edited = self._verified(article, Sentence(old.id, new_text, list(old.citations)))
        article.sections[s].paragraphs[p].sentences[i] = edited
        detail = {"sentence": sentence_id, "old": old.text, "new": new_text, "verdict": _label(edited)}
        return self._change(record, article, actor, "edit_sentence", detail)

    def strike_sentence(
        self, article_id: int, sentence_id: str, *, actor: str, reason: str = ""
    ) -> ArticleRecord:
        """Take a sentence out of the text (empty paragraphs and sections go with it); the trail
        keeps it and its place."""
        record, article = self._editable(article_id)
        s, p, i = _find(article, sentence_id)
        section = article.sections[s]
        removed = section.paragraphs[p].sentences.pop(i)
        _prune(article)
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

    def restore_sentence(self, article_id: int, sentence_id: str, *, actor: str) -> ArticleRecord:
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
        return self._change(record, article, actor, "restore_sentence", detail)

    def add_sentence(
        self,
        article_id: int,
        text: str,
        citations: list[Citation],
        *,
        actor: str,
        after: str | None = None,
    ) -> ArticleRecord:
        """Add a sentence that cites ``citations`` after sentence ``after`` (default: at the end)."""
        record, article = self._editable(article_id)
        if not citations:
            raise ReviewError("a new sentence must cite at least one passage", hint="cite source and passage")
        numbers = [int(s.id[1:]) for s in article.sentences() if s.id[1:].isdigit()]
        new_id = f"s{max(numbers, default=0) + 1}"
        sentence = self._verified(article, Sentence(new_id, _clean(text, "a new sentence"), list(citations)))
        if after is None:
            article.sections[-1].paragraphs[-1].sentences.append(sentence)
        else:
            s, p, i = _find(article, after)
            article.sections[s].paragraphs[p].sentences.insert(i + 1, sentence)
        detail = {"sentence": new_id, "text": sentence.text, "after": after, "verdict": _label(sentence)}
        return self._change(record, article, actor, "add_sentence", detail)

    def move_sentence(
        self, article_id: int, sentence_id: str, *, actor: str, before: str | None = None
    ) -> ArticleRecord:
        """Move a sentence in front of sentence ``before`` (default: to the end of the text)."""
        record, article = self._editable(article_id)
        if before == sentence_id:
            return record
        s, p, i = _find(article, sentence_id)
        moving = article.sections[s].paragraphs[p].sentences.pop(i)
        if before is None:
            article.sections[-1].paragraphs[-1].sentences.append(moving)
        else:
            s2, p2, i2 = _find(article, before)
            article.sections[s2].paragraphs[p2].sentences.insert(i2, moving)
        _prune(article)
        return self._change(
            record, article, actor, "move_sentence", {"sentence": sentence_id, "before": before}
        )

    # -- headline, sub-headline, dateline, headings ---------------------------------------------------

    def edit_headline(self, article_id: int, text: str, *, actor: str) -> ArticleRecord:
        """Replace the headline; what the audit would say about it is kept in the trail."""
        record, article = self._editable(article_id)
        old, article.headline = article.headline, _clean(text, "the headline")
        documents, _ = self.evidence(article)
        body = " ".join(s.text for s in article.sentences())
        problems = [
            p
            for p in (
                sensational(article.headline, [d.text for d in documents.values()], article.language),
                unsupported_by_body(article.headline, body, article.language),
            )
            if p
        ]
        detail = {"old": old, "new": article.headline, "problems": problems}
        return self._change(record, article, actor, "edit_headline", detail)

    def edit_subheadline(self, article_id: int, text: str, *, actor: str) -> ArticleRecord:
        """Replace the sub-headline (empty: no sub-headline)."""
        record, article = self._editable(article_id)
        old, article.subheadline = article.subheadline, " ".join(text.split())
        return self._change(
            record, article, actor, "edit_subheadline", {"old": old, "new": article.subheadline}
        )

    def edit_dateline(self, article_id: int, place: str, date: str, *, actor: str) -> ArticleRecord:
        """Replace the dateline's place and date."""
        record, article = self._editable(article_id)
        old = asdict(article.dateline)
        article.dateline = Dateline(" ".join(place.split()), " ".join(date.split()))
        return self._change(
            record, article, actor, "edit_dateline", {"old": old, "new": asdict(article.dateline)}
        )

    def edit_heading(self, article_id: int, section: int, text: str, *, actor: str) -> ArticleRecord:
        """Replace the heading of section ``section`` (0 is the lead, usually without a heading)."""
        record, article = self._editable(article_id)
        if not 0 <= section < len(article.sections):
            raise ReviewError(f"the article has no section {section}")
        old = article.sections[section].heading
        article.sections[section].heading = " ".join(text.split())
        detail = {"section": section, "old": old, "new": article.sections[section].heading}
        return self._change(record, article, actor, "edit_heading", detail)

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

    def evidence(self, article: Article) -> tuple[dict[int, Document], dict[tuple[int, int], Passage]]:
        """The article's source documents and their passages, as the verifier takes them."""
        ids = {s.id for s in article.sources} | {c.source for s in article.sentences() for c in s.citations}
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

    def _verified(self, article: Article, sentence: Sentence) -> Sentence:
        documents, passages = self.evidence(article)
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
