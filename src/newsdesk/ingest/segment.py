"""Sentence segmentation with character offsets (SoMaJo).

SoMaJo is the only splitter that handles German news correctly ("Aug. 2021", ordinals such as
"21. Februar", „…“ and »…« quotes at sentence start, initials, URLs in running text). Paragraphs
(lines of the document text) are segmented separately, so a sentence never spans two paragraphs.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache
from typing import Any

from newsdesk.store.base import NewPassage

_MODELS = {"de": "de_CMC", "en": "en_PTB"}


@cache
def _tokenizer(model: str) -> Any:
    from somajo import SoMaJo

    return SoMaJo(model, split_camel_case=False, character_offsets=True)


def _paragraphs(text: str) -> Iterator[tuple[int, str]]:
    offset = 0
    for line in text.split("\n"):
        if line.strip():
            yield offset, line
        offset += len(line) + 1


def split_sentences(text: str, language: str = "de") -> list[NewPassage]:
    """Split ``text`` into sentences; each passage's offsets index into ``text``.

    German uses SoMaJo's German model; every other language its English model, whose rules
    (abbreviations, initials, URLs) are the better fit for Latin-script European languages.
    """
    tokenizer = _tokenizer(_MODELS.get(language, "en_PTB"))
    passages: list[NewPassage] = []
    for base, line in _paragraphs(text):
        for sentence in tokenizer.tokenize_text([line]):
            if not sentence:
                continue
            start = base + sentence[0].character_offset[0]
            end = base + sentence[-1].character_offset[1]
            passages.append(NewPassage(start, end, text[start:end]))
    return passages
