"""Where a cited passage carries a sentence: its reading window and the spans of the sentence's anchors.

* :func:`window` — the passage, with the sentence before it when the passage refers back with a
  personal pronoun ("Bei dem Treffen habe **er** …") or opens with a demonstrative ("**Das**
  erzählte Witkoff …"), and with the sentence after it when that one opens with a demonstrative or
  pronoun ("**Das** ist der höchste Wert seit 2005."). Other neighbours are not read: a name, number
  or place that only a neighbour has is not carried by the passage.
* :func:`anchor_spans` — the sentence's names, numbers, dates and quotes, each with the span of
  the passage text that matched it (-1 when the passage has none), for the editor's highlighting.
"""

from __future__ import annotations

import re

from newsdesk.lang.exonyms import same_entity
from newsdesk.lang.words import WORD, analyze
from newsdesk.models import Anchor, Passage
from newsdesk.verify.anchors import dates, entities, quantities
from newsdesk.verify.attribution import outlet_spans
from newsdesk.verify.base import Claim, EvidencePassage
from newsdesk.verify.quotes import find_quotes

_PERSONAL = frozenset({"er", "sie", "ihm", "ihn", "he", "she", "they", "him", "them"})
_OPENERS = frozenset(
    {"das", "dies", "diese", "dieser", "dieses", "dort", "damit", "dabei", "this", "that", "these", "there"}
)


def _refers_back(text: str, *, opening_only: bool) -> bool:
    toks = [m.group() for m in WORD.finditer(text[:200])]
    if not toks:
        return False
    first = toks[0].lower()
    if first in _OPENERS and len(toks) > 1:
        second, tag = toks[1], analyze(toks[1], "de")[1]
        if tag.startswith(("V", "ADV")) or second.lower() in {"is", "was", "were", "are", "has", "had"}:
            return True
    if first in _PERSONAL:
        return True
    return not opening_only and any(t.lower() in _PERSONAL for t in toks[1:12])


def window(text: str, before: Passage | None, after: Passage | None) -> str:
    """The passage with the neighbours it refers to (see the module docstring)."""
    parts = []
    if before is not None and _refers_back(text, opening_only=False):
        parts.append(before.text)
    parts.append(text)
    if after is not None and _refers_back(after.text, opening_only=True):
        parts.append(after.text)
    return " ".join(parts)


def _span(needle: str, haystack: str) -> tuple[int, int]:
    found = re.search(rf"(?<!\w){re.escape(needle)}(?!\w)", haystack, re.IGNORECASE)
    return (found.start(), found.end()) if found else (-1, -1)


def anchor_spans(claim: Claim, evidence: EvidencePassage) -> tuple[Anchor, ...]:
    """The claim's anchors with their spans in ``evidence.passage.text`` (see the module docstring)."""
    text, language = evidence.passage.text, evidence.language
    anchors: list[Anchor] = []
    skip = outlet_spans(claim.text, claim.outlets)
    found = entities(text, language)
    for entity in entities(claim.text, claim.language):
        if any(entity.start < e and s < entity.end for s, e in skip):
            continue
        hit = next((f for f in found if f.key == entity.key or same_entity(entity.text, f.text)), None)
        span = (hit.start, hit.end) if hit else _span(entity.text, text)
        anchors.append(Anchor("name", entity.text, *span))
    numbers = quantities(text, language)
    for q in quantities(claim.text, claim.language):
        hit_q = next((f for f in numbers if f.value == q.value and f.kind == q.kind), None)
        anchors.append(Anchor("number", q.text, *((hit_q.start, hit_q.end) if hit_q else (-1, -1))))
    mentions = dates(text, language, evidence.reference)
    for m in dates(claim.text, claim.language, None):
        hit_d = next((d for d in mentions if d.as_date() and d.as_date() == m.as_date()), None)
        anchors.append(Anchor("date", m.text, *((hit_d.start, hit_d.end) if hit_d else (-1, -1))))
    for quote in find_quotes(claim.text, claim.outlets):
        start = text.casefold().find(quote.casefold())
        anchors.append(Anchor("quote", quote, start, start + len(quote) if start >= 0 else -1))
    return tuple(anchors)
