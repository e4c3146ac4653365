"""Less verbatim copy: long source sentences lose their subordinate detail, and copy is measured.

A sentence whose words run longer than ``write.max_verbatim_words`` in one piece from a source
passage is shortened by removing, in this order and only while it is still too long:

1. a dash appendix or insert that comments on the sentence ("… für Pia Lindemann – ein Wechsel,
   der sich auszahlen sollte.");
2. an apposition between commas after a name or noun that has no verb ("Trainer Matthias
   Kronberger, seit zwei Jahren im Amt, wirkte …");
3. a trailing list without a verb ("…, die meisten in Schärding, Engelhartszell und Grein.",
   "…, vor allem in …", "…, darunter …");
4. a relative clause (comma, relative pronoun, verb last: HanTa's tags decide where the clause
   ends), except one right after a person's name, which says who the person is.

Direct quotes are never touched, nor is an attribution clause ("…, wie die Stadt mitteilte"):
who says a fact stays with it. A removal that would leave a sentence without a finite verb is
not made. What is left is still the source's words, in the source's order, so the verifier checks
it against the same passage.

:func:`longest_copy` is the measure: the longest run of consecutive words a sentence shares with
a passage; :func:`verbatim_share` is the share of an article's words that stand in runs longer than
the limit.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable

from newsdesk.lang.tagger import GERMAN, tagger
from newsdesk.lang.words import tokens as words_of
from newsdesk.write import german

_TOKEN = re.compile(r"\d+(?:[.,]\d+)*|[\w\-]+|[^\w\s]")
_RELATIVE = frozenset(
    {"der", "die", "das", "dem", "den", "denen", "dessen", "deren", "welcher", "welche", "welches"}
)
_LIST_OPENERS = (
    "die meisten",
    "vor allem",
    "darunter",
    "davon",
    "insbesondere",
    "zuletzt",
    "zuerst",
    "etwa in",
)
_CONJUNCTIONS = frozenset(
    {"und", "oder", "aber", "doch", "sondern", "denn", "als", "wenn", "weil", "dass", "ob", "wie"}
)


@functools.lru_cache(maxsize=4096)
def _tags(text: str) -> tuple[tuple[str, int, int, str], ...]:
    found = [(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(text)]
    tags = tagger(GERMAN).tag_sent([t for t, _, _ in found], taglevel=0) if found else []
    return tuple((t, s, e, tag) for (t, s, e), tag in zip(found, tags, strict=True))


def _finite(tokens: Iterable[tuple[str, int, int, str]]) -> bool:
    return any("FIN" in tag for _, _, _, tag in tokens)


def _quoted(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in re.finditer(r"„[^“]*“|»[^«]*«", text)]


def _free(text: str, start: int, end: int) -> bool:
    return not any(s < end and start < e for s, e in _quoted(text))


def _dash(text: str) -> str | None:
    match = re.search(r" – (?:(?!„)[^–])+?(?= – |[.!?]$)", text)
    if match is None or not _free(text, match.start(), match.end()):
        return None
    end = match.end() + (2 if text[match.end() : match.end() + 3] == " – " else 0)
    shortened = text[: match.start()] + (" " if end < len(text) - 1 and text[end] != " " else "") + text[end:]
    return re.sub(r"\s+([.!?])$", r"\1", shortened).replace("  ", " ")


def _apposition(text: str) -> str | None:
    tokens = _tags(text)
    for match in re.finditer(r", ([^,„“]{3,60}), ", text):
        inner = [t for t in tokens if match.start(1) <= t[1] < match.end(1)]
        before = [t for t in tokens if t[2] <= match.start()]
        if not inner or not before or _finite(inner) or inner[0][0].lower() in _RELATIVE | _CONJUNCTIONS:
            continue
        if before[-1][3] not in ("NE", "NN") or not _free(text, match.start(), match.end()):
            continue
        return text[: match.start()] + text[match.end() - 1 :].replace(", ", " ", 1)
    return None


def _trailing_list(text: str) -> str | None:
    for opener in _LIST_OPENERS:
        match = re.search(rf", {opener}\b[^„“]*?([.!?])$", text)
        if match and not _finite(t for t in _tags(text) if t[1] >= match.start()):
            return text[: match.start()] + match.group(1)
    return None


def _relative(text: str, names: Iterable[str] = ()) -> str | None:
    tokens = _tags(text)
    for position, (token, _, _, _) in enumerate(tokens):
        if token.lower() not in _RELATIVE or position == 0 or tokens[position - 1][0] != ",":
            continue
        comma = tokens[position - 1][1]
        if not _free(text, comma, comma + 1):
            continue
        if any(text[:comma].endswith(name) for name in names):
            continue  # "…, sagte Gerhard Mayrhofer, der … ein Gasthaus führt": who the speaker is
        end_index = next(
            (
                i
                for i in range(position + 1, len(tokens))
                if tokens[i][0] in (",", ".", "!", "?", ":", ";", "–")
            ),
            len(tokens),
        )
        clause = tokens[position:end_index]
        if len(clause) < 3 or "FIN" not in clause[-1][3]:
            continue
        rest = tokens[end_index:]
        if rest and rest[0][0] == ",":
            shortened = text[:comma] + text[rest[0][1] :].replace(",", "", 1)
            shortened = re.sub(r"\s{2,}", " ", shortened)
        else:
            shortened = text[:comma] + (text[rest[0][1] :] if rest else ".")
        head = [t for t in _tags(shortened)]
        if _finite(head):
            return shortened
    return None


def compress(text: str, limit: int, names: Iterable[str] = ()) -> tuple[str, list[str]]:
    """``text`` shortened until no run of more than ``limit`` source words remains (see the module
    docstring), with a note per removal. Quotes and sentences of ``limit`` words or fewer are
    returned unchanged."""
    notes: list[str] = []
    if german.has_quote(text):
        return text, notes
    names = tuple(names)
    for rule in (_dash, _apposition, _trailing_list, lambda t: _relative(t, names)):
        while len(words_of(text)) > limit:
            shortened = rule(text)
            if shortened is None or shortened == text or not shortened.rstrip().endswith((".", "!")):
                break
            removed = _difference(text, shortened)
            notes.append(f"gekürzt: „{removed}“")
            text = shortened
    return text, notes


def _difference(before: str, after: str) -> str:
    start = 0
    while start < min(len(before), len(after)) and before[start] == after[start]:
        start += 1
    end = 0
    while end < min(len(before), len(after)) - start and before[-1 - end] == after[-1 - end]:
        end += 1
    return before[start : len(before) - end].strip(" ,")


def longest_copy(sentence: str, passage: str) -> int:
    """The longest run of consecutive words (lowercase tokens) that ``sentence`` shares with ``passage``."""
    a, b = words_of(sentence), words_of(passage)
    best = 0
    previous = [0] * (len(b) + 1)
    for word in a:
        current = [0] * (len(b) + 1)
        for j, other in enumerate(b, 1):
            if word == other:
                current[j] = previous[j - 1] + 1
                best = max(best, current[j])
        previous = current
    return best


def copied_words(sentence: str, passage: str, limit: int) -> int:
    """How many of ``sentence``'s words stand in runs of more than ``limit`` words copied from ``passage``."""
    a, b = words_of(sentence), words_of(passage)
    covered = [False] * len(a)
    previous = [0] * (len(b) + 1)
    for i, word in enumerate(a):
        current = [0] * (len(b) + 1)
        for j, other in enumerate(b, 1):
            if word == other:
                current[j] = previous[j - 1] + 1
                if current[j] > limit:
                    for k in range(i - current[j] + 1, i + 1):
                        covered[k] = True
        previous = current
    return sum(covered)
