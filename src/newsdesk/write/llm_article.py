"""From the LLM's verified sentences to a published :class:`~newsdesk.models.Article`.

* :func:`sentence_for` maps a proposal's passage numbers to citations (document, passage) and
  labels a quote translated from a report in another language;
* :func:`headline_problem` rejects a sensational headline (the audit's own rule);
* :func:`problem_lines` writes the verifier's findings for the repair prompt;
* :func:`assemble` keeps only supported sentences, checks the section headings against their
  sections, requires the headline to be carried by the published text (the audit's
  ``headline_unsupported`` rule), falls back to a cited German report's title when the model's
  headline failed, and builds the dateline and the source list the way the extractive writer does.
"""

from __future__ import annotations

import re

from newsdesk.config import WriteSettings
from newsdesk.models import (
    Article,
    Citation,
    Dateline,
    Paragraph,
    Problem,
    Section,
    Sentence,
    Verdict,
    utc_now,
)
from newsdesk.verify.headline import sensational, unsupported_by_body
from newsdesk.write import german
from newsdesk.write.draft import Draft, Proposal
from newsdesk.write.evidence import Evidence, mentioned_place
from newsdesk.write.extractive import article_id, source_list
from newsdesk.write.packing import Context, llm_data
from newsdesk.write.slot import Slot

_QUOTE = re.compile(r"„[^“”]{2,}[“”]|»[^«]{2,}«|\"[^\"]{2,}\"")
MAX_HEADING_WORDS = 5


def sentence_for(
    sentence_id: str,
    proposal: Proposal,
    context: Context,
    evidence: Evidence,
    *,
    headline: bool = False,
    max_chars: int = 90,
) -> tuple[Sentence, list[int]]:
    """The sentence with its citations, and the cited numbers that name no passage."""
    citations: list[Citation] = []
    invalid: list[int] = []
    for number in proposal.passages:
        item = context.get(number)
        if item is None:
            invalid.append(number)
            continue
        citation = Citation(item.unit.passage.document_id, item.unit.passage.index, item.unit.core)
        if citation not in citations:
            citations.append(citation)
    text = proposal.text.strip()
    if headline:
        text = german.shorten(text.rstrip(". "), max_chars)
    else:
        text = label_translated_quote(text, proposal.quote_translated, citations, evidence)
    return Sentence(sentence_id, text, citations), invalid


def label_translated_quote(text: str, flagged: bool, citations: list[Citation], evidence: Evidence) -> str:
    """``text`` with "(übersetzt aus dem Englischen)" after its first quote, when that quote is not
    found word for word in a cited German passage and a cited report is in another language (or
    the model flagged it as translated)."""
    match = _QUOTE.search(text)
    if not match or "übersetzt" in text:
        return text
    languages = [evidence.documents[c.source].language for c in citations if c.source in evidence.documents]
    foreign = [lang for lang in languages if lang != "de"]
    if not foreign:
        return text
    quoted = match.group()[1:-1].strip()
    verbatim = any(quoted in c.quote for c in citations if evidence.documents[c.source].language == "de")
    if verbatim and not flagged:
        return text
    table = llm_data()["translated_quote"]
    name = table["languages"].get(foreign[0])
    label = table["label"].format(language=name) if name else table["unknown_language"]
    return f"{text[: match.end()]} {label}{text[match.end() :]}"


def headline_problem(text: str, evidence: Evidence) -> str | None:
    """Why a headline may not be published (sensational framing the reports do not use), or None."""

    if not text.strip():
        return "empty headline"
    reason = sensational(text, [d.text for d in evidence.documents.values()], "de")
    return f"sensational headline: {reason}" if reason else None


def problem_lines(failing: list[Slot], context: Context) -> str:
    """One line per failing sentence for the repair prompt: id, text, cited numbers, problems."""
    number_of = {item.key: item.number for item in context.passages}
    lines = []
    for slot in failing:
        verdict = slot.sentence.verdict
        problems = [f"{p.kind}: {p.detail}" for p in (verdict.problems if verdict else ())][:4]
        if not problems:
            problems = ["the cited passages do not state this"]
        cited = sorted(
            number_of[(c.source, c.passage)]
            for c in slot.sentence.citations
            if (c.source, c.passage) in number_of
        )
        cited += slot.invalid
        text = " ".join(slot.sentence.text.split())
        lines.append(f'- id "{slot.id}": "{text}" (passages {cited or "none"}) — ' + "; ".join(problems))
    return "\n".join(lines)


def assemble(
    settings: WriteSettings,
    writer: str,
    evidence: Evidence,
    context: Context,
    draft: Draft,
    slots: list[Slot],
) -> Article:
    """The published article of ``writer``: supported sentences only; everything else in ``dropped``."""
    by_id = {s.id: s for s in slots}
    sections: list[Section] = []
    for index, (heading, paragraphs) in enumerate(draft.sections):
        kept = []
        for position in range(len(paragraphs)):
            sentences = [s.sentence for s in slots if s.place == (index, position) and s.ok]
            if sentences:
                kept.append(Paragraph(sentences))
        if not kept:
            continue
        text = " ".join(s.text for p in kept for s in p.sentences)
        if sections and _heading_ok(heading, text, [s.heading for s in sections]):
            sections.append(Section(heading, kept))
        elif sections:
            sections[-1].paragraphs += kept
        else:
            sections.append(Section("", kept))
    body = [s for section in sections for p in section.paragraphs for s in p.sentences]
    sub = by_id.get("subheadline")
    repeated = sub is not None and sub.sentence.text.casefold() in {s.text.casefold() for s in body}
    sub_ok = sub is not None and sub.ok and not repeated
    citations = [c for s in body for c in s.citations] + (sub.sentence.citations if sub and sub_ok else [])
    head = by_id.get("headline")
    body_text = " ".join(s.text for s in body)
    if head is not None and head.ok:
        _require_carried(head, body_text)
    headline_source, kind = None, "model"
    if head is not None and head.ok:
        headline = head.sentence.text
    else:
        headline, headline_source = _fallback_headline(evidence, citations, body, settings.headline_max_chars)
        kind = "source title" if headline_source is not None else "lead sentence" if headline else "none"
    return Article(
        id=article_id(evidence, settings, writer),
        story_id=evidence.story_id,
        language=settings.language,
        writer=writer,
        headline=headline,
        subheadline=sub.sentence.text if sub and sub_ok else "",
        dateline=_dateline(evidence, context, draft.place, body),
        sections=sections,
        sources=source_list(evidence, citations),
        generated_at=utc_now(),
        dropped=[s.sentence for s in slots if not s.ok],
        headline_source=headline_source,
        subheadline_citations=list(sub.sentence.citations) if sub and sub_ok else [],
        metadata={"llm": {"headline": kind}},
    )


def _require_carried(head: Slot, body_text: str) -> None:
    """A verified headline must also be carried by the published body (the audit's own rule)."""

    reason = (
        unsupported_by_body(head.sentence.text, body_text, "de") if body_text else "no sentence is published"
    )
    verdict = head.sentence.verdict
    if reason and verdict is not None:
        problem = Problem("headline", f"the published text does not carry it: {reason}")
        head.sentence.verdict = Verdict("unsupported", min(verdict.score, 0.49), verdict.evidence, (problem,))


def _heading_ok(heading: str, section_text: str, previous: list[str]) -> bool:
    """A sub-heading is kept when it is short, plain and says nothing its section does not say."""

    heading = heading.strip()
    if not heading or len(heading.split()) > MAX_HEADING_WORDS or heading in previous:
        return False
    return (
        sensational(heading, [section_text], "de") is None
        and unsupported_by_body(heading, section_text, "de") is None
    )


def _fallback_headline(
    evidence: Evidence, citations: list[Citation], body: list[Sentence], max_chars: int
) -> tuple[str, int | None]:
    """In order: the title of a cited German report (cleaned as the extractive writer cleans it)
    that is plain and that the published text carries; the lead sentence, if it is short enough;
    the first plain German title; the lead sentence shortened."""

    text = " ".join(s.text for s in body)
    group_of = {d: g for g, members in evidence.groups.items() for d in members}
    order = list(dict.fromkeys(group_of[c.source] for c in citations if c.source in group_of))
    order += [g for g in sorted(evidence.groups) if g not in order]
    plain: list[tuple[str, int]] = []
    for group in order:
        document = evidence.documents[group]
        if document.language != "de":
            continue
        outlet = german.outlet_for(document.outlet, document.url)
        title = german.clean_title(document.title, outlet, document.site_name, max_chars=max_chars)
        if not title or sensational(title, [text], "de"):
            continue
        if not body or unsupported_by_body(title, text, "de") is None:
            return title, group
        plain.append((title, group))
    lead = body[0].text.rstrip(".") if body else ""
    if lead and len(lead) <= max_chars:
        return lead, None
    if plain:
        return plain[0]
    return (german.shorten(lead, max_chars), None) if lead else ("", None)


def _dateline(evidence: Evidence, context: Context, place: str, body: list[Sentence]) -> Dateline:
    """The model's place when a passage names it; else the lead report's dateline place."""
    lead = body[0].citations[0].source if body and body[0].citations else None
    group_of = {d: g for g, members in evidence.groups.items() for d in members}
    group = group_of.get(lead, min(evidence.groups)) if lead is not None else min(evidence.groups)
    texts = [item.unit.core for item in context.passages]
    named = place and len(place) <= 40 and any(re.search(rf"\b{re.escape(place)}\b", t) for t in texts)
    if not named:
        place = evidence.places.get(group, "")
    if not place:
        german_groups = [g for g in sorted(evidence.places) if evidence.documents[g].language == "de"]
        place = evidence.places[german_groups[0]] if german_groups else mentioned_place(evidence, None)
    return german.make_dateline(place, evidence.documents[group].published)
