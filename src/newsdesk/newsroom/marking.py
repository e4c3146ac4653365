"""A source document as the editor reads it beside a sentence: passage by passage, the cited one
with the sentence's words and anchors marked.

* :func:`matching_spans` — the words of a passage that the sentence also has (content words, by
  the verifier's stems: the same words its overlap score counts);
* :func:`segments` — a text cut into runs, each plain or marked (an anchor's kind — name, number,
  date, place, quote, … — or ``match`` for a shared word). Anchors win where marks overlap;
* :func:`document_blocks` — the document's passages in order, each a :class:`Block` that knows
  whether it starts a paragraph and whether it is the cited passage (marked) or its neighbour
  (the verifier reads neighbours for pronouns).

Everything here is text and offsets; templates escape the runs.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from newsdesk.lang.words import content_stems
from newsdesk.models import Anchor, Document, Passage

_CHUNK = re.compile(r"\S+")
PREFIX = 5  # letters two stems must share to count as one word (as the verifier's overlap counts them)


@dataclass(frozen=True)
class Segment:
    """A run of text; ``kind`` is "" (plain), "match" (a word the sentence shares) or an anchor's
    kind; ``missing``: an anchor of the sentence that no cited passage carries."""

    text: str
    kind: str = ""
    missing: bool = False


@dataclass(frozen=True)
class Block:
    """One passage of a document: ``role`` is "cited", "near" (a neighbour of the cited passage)
    or ""; ``paragraph``: it starts a paragraph of the document."""

    index: int
    segments: tuple[Segment, ...]
    role: str = ""
    paragraph: bool = False


def _edges(chunk: str) -> tuple[int, int]:
    start, end = 0, len(chunk)
    while start < end and unicodedata.category(chunk[start])[0] in "PS":
        start += 1
    while end > start and unicodedata.category(chunk[end - 1])[0] in "PS":
        end -= 1
    return start, end


def matching_spans(sentence: str, passage: str) -> list[tuple[int, int]]:
    """Spans of the passage's words whose stems the sentence's content words share."""
    wanted = set(content_stems(sentence))
    prefixes = {w[:PREFIX] for w in wanted if len(w) >= PREFIX}
    spans = []
    for match in _CHUNK.finditer(passage):
        start, end = _edges(match.group())
        if start == end:
            continue
        stems = content_stems(match.group()[start:end])
        if any(s in wanted or (len(s) >= PREFIX and s[:PREFIX] in prefixes) for s in stems):
            spans.append((match.start() + start, match.start() + end))
    return spans


def segments(text: str, marks: Iterable[tuple[int, int, str]]) -> tuple[Segment, ...]:
    """``text`` cut at the marks ``(start, end, kind)``; a mark that overlaps an earlier one is
    dropped (give anchors first, shared words after)."""
    taken: list[tuple[int, int, str]] = []
    for start, end, kind in marks:
        if 0 <= start < end <= len(text) and not any(start < e and s < end for s, e, _ in taken):
            taken.append((start, end, kind))
    taken.sort()
    runs: list[Segment] = []
    at = 0
    for start, end, kind in taken:
        if start > at:
            runs.append(Segment(text[at:start]))
        runs.append(Segment(text[start:end], kind))
        at = end
    if at < len(text):
        runs.append(Segment(text[at:]))
    return tuple(runs)


def passage_marks(sentence: str, passage: str, anchors: Sequence[Anchor]) -> list[tuple[int, int, str]]:
    """The marks of a cited passage: its anchors' spans, then the words it shares with the sentence."""
    marks = [(a.start, a.end, a.kind) for a in anchors if a.start >= 0]
    return marks + [(s, e, "match") for s, e in matching_spans(sentence, passage)]


def sentence_segments(text: str, found: Sequence[Anchor], missing: Sequence[Anchor]) -> tuple[Segment, ...]:
    """The sentence with its anchors marked (the missing ones flagged)."""
    marks: list[tuple[int, int, str]] = []
    for anchors, flag in ((missing, "!"), (found, "")):
        for anchor in anchors:
            hit = re.search(re.escape(anchor.text), text, re.IGNORECASE) if anchor.text.strip() else None
            if hit:
                marks.append((hit.start(), hit.end(), anchor.kind + flag))
    return tuple(
        Segment(s.text, s.kind.rstrip("!"), s.kind.endswith("!")) if s.kind else s
        for s in segments(text, marks)
    )


def document_blocks(
    document: Document,
    passages: Sequence[Passage],
    cited: int,
    marks: Iterable[tuple[int, int, str]],
) -> tuple[Block, ...]:
    """The document's passages in order; the cited one cut at ``marks`` (offsets into its text)."""
    blocks: list[Block] = []
    previous_end = 0
    for passage in sorted(passages, key=lambda p: p.index):
        gap = document.text[previous_end : passage.start] if passage.start >= previous_end else ""
        paragraph = bool(blocks) and "\n" in gap
        previous_end = passage.end
        if passage.index == cited:
            blocks.append(Block(passage.index, segments(passage.text, marks), "cited", paragraph))
            continue
        role = "near" if abs(passage.index - cited) == 1 else ""
        blocks.append(Block(passage.index, (Segment(passage.text),), role, paragraph))
    return tuple(blocks)
