"""The editor's desk, the shape of the text: sentence and paragraph order, headline, sub-headline,
dateline, headings, and the editor's decisions where the sources disagree.

:class:`Arrange` adds these changes to :class:`~newsdesk.newsroom.desk.Desk`; each goes through
``Desk._change`` like every change (trail row with the editor's reason; an approved version goes
back to draft). Moving a sentence or paragraph changes no words, so nothing is verified again; a
new headline is checked as an audit would check it (sensational wording, not carried by the body)
and what the check found is kept in the trail. A change that changes nothing is not recorded.
"""

from __future__ import annotations

from dataclasses import asdict

from newsdesk.errors import ReviewError
from newsdesk.models import Dateline, Section
from newsdesk.newsroom.desk import Desk, Direction, clean_text, locate, prune, with_reason
from newsdesk.newsroom.rules import decide_conflict
from newsdesk.store.articles import ArticleRecord
from newsdesk.verify.headline import sensational, unsupported_by_body


class Arrange(Desk):
    """The arranging part of the newsroom service (see the module docstring)."""

    # -- order --------------------------------------------------------------------------------------

    def move_sentence(
        self,
        article_id: int,
        sentence_id: str,
        *,
        actor: str,
        before: str | None = None,
        reason: str = "",
    ) -> ArticleRecord:
        """Move a sentence in front of sentence ``before`` (default: to the end of the text)."""
        record, article = self._editable(article_id)
        if before == sentence_id:
            return record
        order = [x.id for x in article.sentences()]
        s, p, i = locate(article, sentence_id)
        if before is not None:
            locate(article, before)  # an unknown sentence is refused before anything moves
        moving = article.sections[s].paragraphs[p].sentences.pop(i)
        if before is None:
            article.sections[-1].paragraphs[-1].sentences.append(moving)
        else:
            s2, p2, i2 = locate(article, before)
            article.sections[s2].paragraphs[p2].sentences.insert(i2, moving)
        prune(article)
        if [x.id for x in article.sentences()] == order:
            return record
        detail = {"sentence": sentence_id, "text": moving.text, "before": before}
        return self._change(record, article, actor, "move_sentence", with_reason(detail, reason))

    def shift_sentence(
        self, article_id: int, sentence_id: str, direction: Direction, *, actor: str, reason: str = ""
    ) -> ArticleRecord:
        """Move a sentence one place up or down in reading order (across paragraphs and sections);
        the first sentence does not move up, the last not down."""
        if direction not in ("up", "down"):
            raise ReviewError(f"unknown direction {direction!r}", hint="up or down")
        order = [s.id for s in self.store.get_article(article_id).article.sentences()]
        if sentence_id not in order:
            raise ReviewError(f"the article has no sentence {sentence_id!r}")
        at = order.index(sentence_id)
        if (direction == "up" and at == 0) or (direction == "down" and at == len(order) - 1):
            return self.store.get_article(article_id)
        before: str | None = order[at - 1] if direction == "up" else None
        if direction == "down" and at + 2 < len(order):
            before = order[at + 2]
        return self.move_sentence(article_id, sentence_id, actor=actor, before=before, reason=reason)

    def shift_paragraph(
        self, article_id: int, sentence_id: str, direction: Direction, *, actor: str, reason: str = ""
    ) -> ArticleRecord:
        """Move the paragraph that holds ``sentence_id`` one place up or down in reading order (a
        paragraph at a section's edge moves into the neighbouring section)."""
        if direction not in ("up", "down"):
            raise ReviewError(f"unknown direction {direction!r}", hint="up or down")
        record, article = self._editable(article_id)
        s, p, _ = locate(article, sentence_id)
        places = [(si, pi) for si, sec in enumerate(article.sections) for pi in range(len(sec.paragraphs))]
        at = places.index((s, p))
        target = at - 1 if direction == "up" else at + 1
        if not 0 <= target < len(places):
            return record
        paragraph = article.sections[s].paragraphs.pop(p)
        ts, tp = places[target]
        if ts == s:
            article.sections[s].paragraphs.insert(tp, paragraph)
        elif direction == "up":
            article.sections[ts].paragraphs.append(paragraph)
        else:
            article.sections[ts].paragraphs.insert(0, paragraph)
        prune(article)
        detail = {
            "sentences": [x.id for x in paragraph.sentences],
            "text": " ".join(x.text for x in paragraph.sentences),
            "direction": direction,
        }
        return self._change(record, article, actor, "move_paragraph", with_reason(detail, reason))

    # -- headline, sub-headline, dateline, headings ---------------------------------------------------

    def edit_headline(self, article_id: int, text: str, *, actor: str, reason: str = "") -> ArticleRecord:
        """Replace the headline; what the audit would say about it is kept in the trail."""
        record, article = self._editable(article_id)
        old, article.headline = article.headline, clean_text(text, "the headline")
        if article.headline == old:
            return record
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
        return self._change(record, article, actor, "edit_headline", with_reason(detail, reason))

    def edit_subheadline(self, article_id: int, text: str, *, actor: str, reason: str = "") -> ArticleRecord:
        """Replace the sub-headline (empty: no sub-headline)."""
        record, article = self._editable(article_id)
        old, article.subheadline = article.subheadline, " ".join(text.split())
        if article.subheadline == old:
            return record
        detail = {"old": old, "new": article.subheadline}
        return self._change(record, article, actor, "edit_subheadline", with_reason(detail, reason))

    def edit_dateline(
        self, article_id: int, place: str, date: str, *, actor: str, reason: str = ""
    ) -> ArticleRecord:
        """Replace the dateline's place and date."""
        record, article = self._editable(article_id)
        old = article.dateline
        article.dateline = Dateline(" ".join(place.split()), " ".join(date.split()))
        if article.dateline == old:
            return record
        detail = {"old": asdict(old), "new": asdict(article.dateline)}
        return self._change(record, article, actor, "edit_dateline", with_reason(detail, reason))

    def edit_head(
        self,
        article_id: int,
        *,
        actor: str,
        headline: str | None = None,
        subheadline: str | None = None,
        place: str | None = None,
        date: str | None = None,
        reason: str = "",
    ) -> ArticleRecord:
        """Headline, sub-headline and dateline together (the page's head form, the API's ``head``):
        each part that is given and changed is its own trail row; ``None`` leaves a part as it is.
        An empty headline is refused before anything changes."""
        record, _ = self._editable(article_id)
        if headline is not None:
            clean_text(headline, "the headline")
            record = self.edit_headline(article_id, headline, actor=actor, reason=reason)
        if subheadline is not None:
            record = self.edit_subheadline(article_id, subheadline, actor=actor, reason=reason)
        if place is not None or date is not None:
            old = record.article.dateline
            place, date = old.place if place is None else place, old.date if date is None else date
            record = self.edit_dateline(article_id, place, date, actor=actor, reason=reason)
        return record

    def edit_heading(
        self, article_id: int, section: int, text: str, *, actor: str, reason: str = ""
    ) -> ArticleRecord:
        """Replace the heading of section ``section`` (0 is the lead, usually without a heading)."""
        record, article = self._editable(article_id)
        if not 0 <= section < len(article.sections):
            raise ReviewError(f"the article has no section {section}")
        old = article.sections[section].heading
        article.sections[section].heading = " ".join(text.split())
        if article.sections[section].heading == old:
            return record
        detail = {"section": section, "old": old, "new": article.sections[section].heading}
        return self._change(record, article, actor, "edit_heading", with_reason(detail, reason))

    def insert_heading(
        self, article_id: int, sentence_id: str, text: str, *, actor: str, reason: str = ""
    ) -> ArticleRecord:
        """Start a new section headed ``text`` at the paragraph that holds ``sentence_id`` (that
        paragraph and the ones after it in its section move under the new heading)."""
        record, article = self._editable(article_id)
        heading = clean_text(text, "a heading")
        s, p, _ = locate(article, sentence_id)
        if p == 0:
            raise ReviewError(
                "a section starts at this paragraph already", hint="edit that section's heading instead"
            )
        section = article.sections[s]
        article.sections.insert(s + 1, Section(heading, section.paragraphs[p:]))
        section.paragraphs = section.paragraphs[:p]
        detail = {"section": s + 1, "old": "", "new": heading, "at": sentence_id}
        return self._change(record, article, actor, "insert_heading", with_reason(detail, reason))

    # -- conflicts between sources ---------------------------------------------------------------------

    def resolve_conflict(
        self, article_id: int, index: int, chosen: str, *, actor: str, reason: str = ""
    ) -> ArticleRecord:
        """Record the editor's decision on conflict ``index``: the value the article states, or ""
        when it names every value with its sources (:func:`~newsdesk.newsroom.rules.decide_conflict`)."""
        record, article = self._editable(article_id)
        if not 0 <= index < len(article.conflicts):
            raise ReviewError(f"the article has no conflict {index}")
        conflict = article.conflicts[index]
        decided = decide_conflict(conflict, chosen, reason)
        if decided == conflict:
            return record
        article.conflicts[index] = decided
        detail = {
            "conflict": index,
            "about": conflict.about,
            "old": conflict.chosen,
            "new": decided.chosen,
            "old_resolution": conflict.resolution,
            "resolution": decided.resolution,
        }
        return self._change(record, article, actor, "resolve_conflict", with_reason(detail, reason))
