"""The verifier's rounds: the writer publishes only what every one of its citations holds up.

Each round composes the article (:func:`~newsdesk.write.compose.compose`) and has the verifier
judge every sentence, the headline and the sub-headline, each cited passage on its own
(``Verdict.judgements``). Then:

* a sentence that is not ``supported`` only because another outlet's passage contradicts it (its
  own passage ``supports`` it) stays, and the next round cites it without that passage;
* any other sentence that is not ``supported``, or whose own passage is judged ``unrelated``, leaves the
  article (it is listed in ``Article.dropped`` with its verdict), and the next round lays the
  article out again, so that no later sentence points back to it;
* a citation judged ``contradicts`` or ``unrelated`` is removed; one judged ``partial`` stays but
  is never named in an agreement frame; agreement ("übereinstimmend", two outlets named) is kept
  only where every named outlet's passage ``supports`` the sentence;
* a headline or sub-headline that is not supported is replaced by the next candidate, unless it
  fails only because of a passage other than its sentence's own (that citation goes instead).

Rounds end when a round changes nothing (at most :data:`ROUNDS`); a last pass removes whatever
still breaks these rules, so they hold for every published sentence.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import replace

from newsdesk.models import Article, Paragraph, Section, Sentence
from newsdesk.write.attribute import citations
from newsdesk.write.base import ArticleVerifier
from newsdesk.write.compose import Draft, Story, compose
from newsdesk.write.resolve import Piece
from newsdesk.write.select import Candidate

log = logging.getLogger(__name__)
ROUNDS = 4
BAD = frozenset({"contradicts", "unrelated"})


def _relead(chosen: list[Candidate]) -> list[Candidate]:
    """The chosen sentences with a lead first: the best one that can open the article."""
    if chosen and chosen[0].standalone and not chosen[0].needs_previous and not chosen[0].quote:
        chosen[0].role = "lead"
        return chosen
    leads = [c for c in chosen if c.standalone and not c.needs_previous and not c.quote and not c.disputed]
    if not leads:
        return chosen
    lead = max(leads, key=lambda c: (c.score, -c.unit.key[0], -c.unit.key[1]))
    lead.role = "lead"
    return [lead, *[c for c in chosen if c is not lead]]


def _probe(draft: Draft) -> Article:
    """The article with its headline and sub-headline as two extra sentences, so that one call of
    the verifier judges them all (the extra section is removed again)."""
    extra: list[Sentence] = []
    if draft.article.headline and draft.lead is not None:
        extra.append(Sentence("headline", draft.article.headline, citations(draft.lead)))
    if draft.sub is not None:
        extra.append(Sentence("subheadline", draft.article.subheadline, citations(draft.sub)))
    sections = [*draft.article.sections, Section("", [Paragraph(extra)])] if extra else draft.article.sections
    return replace(draft.article, sections=sections)


def _judge(story: Story, piece: Piece, sentence: Sentence) -> bool:
    """Record the judgements of ``sentence``'s citations; whether they change the article."""
    verdict = sentence.verdict
    changed = False
    if verdict is None:
        return False
    for judgement in verdict.judgements:
        cited = (judgement.source, judgement.passage)
        if cited == piece.unit.key:
            continue
        key = (piece.unit.key, cited)
        if story.judged.get(key) != judgement.label:
            story.judged[key] = judgement.label
        if judgement.label in BAD:
            changed = True
    for unit in piece.agreeing.values():
        label = story.judged.get((piece.unit.key, unit.key))
        if label is not None and label != "supports":
            changed = True  # (a verifier that judges no single passage leaves the writer's own test)
    return changed


def _own_passage_fails(piece: Piece, sentence: Sentence) -> bool:
    verdict = sentence.verdict
    if verdict is None:
        return True
    own = verdict.judgement(*piece.unit.key)
    return own is not None and own.label in BAD


def _others_fail(piece: Piece, sentence: Sentence) -> bool:
    """Whether the sentence fails only because of passages it cites besides its own: its own
    passage supports it and at least one other citation contradicts it or is unrelated."""
    verdict = sentence.verdict
    if verdict is None:
        return False
    own = verdict.judgement(*piece.unit.key)
    others = [j for j in verdict.judgements if (j.source, j.passage) != piece.unit.key]
    return own is not None and own.label == "supports" and any(j.label in BAD for j in others)


def check(
    story: Story,
    chosen: list[Candidate],
    verifier: ArticleVerifier,
) -> tuple[Draft, list[Sentence]]:
    """The verified draft and the sentences the verifier took out (see the module docstring)."""
    evidence = story.evidence
    dropped: dict[str, Sentence] = {}
    chosen = list(chosen)
    draft = compose(story, _relead(chosen))
    for round_number in range(ROUNDS):
        chosen = _relead(chosen)
        draft = compose(story, chosen)
        checked = verifier.verify_article(_probe(draft), evidence.documents, evidence.passages)
        changed = False
        for sentence in checked.sentences():
            if sentence.id in ("headline", "subheadline"):
                changed |= _check_display(story, draft, sentence)
                continue
            piece = draft.pieces[sentence.id]
            supported = sentence.verdict is not None and sentence.verdict.label == "supported"
            if _frame_misread(piece, sentence):
                story.plain.add(piece.unit.key)  # try it again without the frame
                changed = True
                continue
            if not supported and _others_fail(piece, sentence):
                _judge(story, piece, sentence)  # its own passage holds: cite it without the others
                changed = True
                continue
            if not supported or _own_passage_fails(piece, sentence):
                dropped.setdefault(sentence.text, sentence)
                _remove(story, chosen, piece)
                changed = True
                continue
            changed |= _judge(story, piece, sentence)
        if not changed:
            log.debug("story %d verified in %d round(s)", evidence.story_id, round_number + 1)
            draft.article = _without_probe(checked, draft)
            return draft, list(dropped.values())
    draft = compose(story, _relead(chosen))
    checked = _without_probe(
        verifier.verify_article(_probe(draft), evidence.documents, evidence.passages), draft
    )
    return _enforce(story, draft, checked, dropped)


def _frame_misread(piece: Piece, sentence: Sentence) -> bool:
    """A sentence the verifier calls misattributed only because of the writer's frame: its words
    contain something the verifier reads as an outlet ("… sondern der Bund …, berichteten …")."""
    verdict = sentence.verdict
    return (
        verdict is not None
        and verdict.label == "misattributed"
        and sentence.text != piece.text
        and not piece.plain
        and not piece.contrast
    )


def _check_display(story: Story, draft: Draft, sentence: Sentence) -> bool:
    verdict = sentence.verdict
    if verdict is not None and verdict.label == "supported":
        return False
    piece = draft.lead if sentence.id == "headline" else draft.sub
    if piece is not None and _others_fail(piece, sentence):
        _judge(story, piece, sentence)  # the lead's (sub's) own passage holds it: cite only what does
        return True
    if sentence.id == "headline":
        story.rejected_headlines.add(sentence.text)
    elif draft.sub is not None:
        story.rejected_subs.add(draft.sub.unit.key)
    return True


def _remove(story: Story, chosen: list[Candidate], piece: Piece) -> None:
    if piece.contrast:
        for dispute in story.review.disputes:
            if any(piece.unit in units for _, units in dispute.values):
                dispute.other = None  # the other side cannot be stated: the conflict note says it
        return
    if piece.candidate in chosen:
        chosen.remove(piece.candidate)


def _without_probe(checked: Article, draft: Draft) -> Article:
    sections = [
        s
        for s in checked.sections
        if not any(t.id == "headline" or t.id == "subheadline" for p in s.paragraphs for t in p.sentences)
    ]
    return replace(checked, sections=sections)


def _enforce(
    story: Story, draft: Draft, checked: Article, dropped: Mapping[str, Sentence]
) -> tuple[Draft, list[Sentence]]:
    """After the last round: remove every sentence that still breaks a rule, and every citation
    judged contradicts or unrelated (the sentence stays only if its own passage supports it)."""
    removed = dict(dropped)
    for section in checked.sections:
        for paragraph in section.paragraphs:
            kept = []
            for sentence in paragraph.sentences:
                piece = draft.pieces[sentence.id]
                verdict = sentence.verdict
                supported = verdict is not None and verdict.label == "supported"
                agreeing_ok = all(
                    verdict is not None
                    and (j := verdict.judgement(*u.key)) is not None
                    and j.label == "supports"
                    for u in piece.agreeing.values()
                )
                if not supported or _own_passage_fails(piece, sentence) or not agreeing_ok:
                    removed.setdefault(sentence.text, sentence)
                    continue
                bad = (
                    {(j.source, j.passage) for j in verdict.judgements if j.label in BAD}
                    if verdict
                    else set()
                )
                sentence.citations = [c for c in sentence.citations if (c.source, c.passage) not in bad]
                if verdict is not None and bad:
                    sentence.verdict = replace(
                        verdict,
                        judgements=tuple(j for j in verdict.judgements if (j.source, j.passage) not in bad),
                    )
                kept.append(sentence)
            paragraph.sentences = kept
        section.paragraphs = [p for p in section.paragraphs if p.sentences]
    checked.sections = [s for s in checked.sections if s.paragraphs]
    draft.article = checked
    return draft, list(removed.values())
