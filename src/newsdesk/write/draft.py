"""The LLM writer's answer format: JSON Schemas for the draft and the repair, and their reading.

The draft schema is the Article structure the model fills in::

    {headline, headline_passages, subheadline, subheadline_passages, dateline_place,
     sections: [{heading, paragraphs: [{sentences: [{text, passages: [int], quote_translated}]}]}]}

A server that cannot constrain its output to the schema still gets it in the prompt, and the
answer is read leniently: missing fields are empty, a sentence given as a bare string has no
passages (and so fails verification), passage numbers given as strings ("[3]", "3") are read as
numbers. Whether the numbers exist is decided by the writer, which knows the passages.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

MAX_CITED = 3  # passage numbers per sentence: more lets a claim borrow each word from another passage
_NUMBER = re.compile(r"\d+")
_WORDS = re.compile(r"[^\W\d_]{2,}")


@dataclass
class Proposal:
    """One sentence as the model proposed it."""

    text: str
    passages: list[int] = field(default_factory=list)
    quote_translated: bool = False


@dataclass
class Draft:
    """The model's article, before verification."""

    headline: Proposal
    subheadline: Proposal
    place: str
    sections: list[tuple[str, list[list[Proposal]]]]  # (heading, paragraphs of sentences)

    def proposals(self) -> list[Proposal]:
        """The body's sentences in reading order."""
        return [s for _, paragraphs in self.sections for paragraph in paragraphs for s in paragraph]


def _numbers(count: int, *, at_least: int) -> dict[str, Any]:
    item = {"type": "integer", "minimum": 1, "maximum": max(1, count)}
    return {"type": "array", "items": item, "minItems": at_least, "maxItems": MAX_CITED}


def _text(limit: int) -> dict[str, Any]:
    return {"type": "string", "maxLength": limit}


def _sentence_schema(count: int, limit: int) -> dict[str, Any]:
    return {
        "type": "object",
        "properties": {
            "text": _text(limit),
            "passages": _numbers(count, at_least=1),
            "quote_translated": {"type": "boolean"},
        },
        "required": ["text", "passages", "quote_translated"],
        "additionalProperties": False,
    }


def _array(items: dict[str, Any], most: int) -> dict[str, Any]:
    return {"type": "array", "items": items, "minItems": 1, "maxItems": most}


def draft_schema(count: int, *, sentence_chars: int = 400, headline_chars: int = 120) -> dict[str, Any]:
    """The JSON Schema of a draft over ``count`` numbered passages.

    Lengths and counts are bounded (a small model otherwise fills its token budget with one
    field); servers that do not support ``maxLength`` get the schema without it (see
    :func:`newsdesk.llm.client.portable_schema`).
    """
    paragraph = {
        "type": "object",
        "properties": {"sentences": _array(_sentence_schema(count, sentence_chars), 5)},
        "required": ["sentences"],
        "additionalProperties": False,
    }
    section = {
        "type": "object",
        "properties": {"heading": _text(60), "paragraphs": _array(paragraph, 6)},
        "required": ["heading", "paragraphs"],
        "additionalProperties": False,
    }
    return {
        "type": "object",
        "properties": {
            "headline": _text(headline_chars),
            "headline_passages": _numbers(count, at_least=1),
            "subheadline": _text(sentence_chars),
            "subheadline_passages": _numbers(count, at_least=1),
            "dateline_place": _text(40),
            "sections": _array(section, 6),
        },
        "required": [
            "headline",
            "headline_passages",
            "subheadline",
            "subheadline_passages",
            "dateline_place",
            "sections",
        ],
        "additionalProperties": False,
    }


def repair_schema(count: int, *, sentence_chars: int = 400) -> dict[str, Any]:
    """The JSON Schema of a repair answer: replacement sentences by id."""
    item = _sentence_schema(count, sentence_chars)
    item = {
        **item,
        "properties": {"id": _text(12), **item["properties"]},
        "required": ["id", *item["required"]],
    }
    return {
        "type": "object",
        "properties": {"sentences": {"type": "array", "items": item}},
        "required": ["sentences"],
        "additionalProperties": False,
    }


def read_numbers(value: Any) -> list[int]:
    """Passage numbers from whatever the model wrote: ``[3, 4]``, ``["[3]", "4"]``, ``"3, 4"``, ``3``."""
    items = value if isinstance(value, list) else [value]
    numbers: list[int] = []
    for item in items:
        if isinstance(item, bool):
            continue
        if isinstance(item, int | float):
            found = [int(item)]
        elif isinstance(item, str):
            found = [int(n) for n in _NUMBER.findall(item)]
        else:
            found = []
        numbers += [n for n in found if n not in numbers]
    return numbers[:MAX_CITED]


def _clean(value: Any) -> str:
    return " ".join(value.split()) if isinstance(value, str) else ""


def _words(value: Any) -> str:
    """The text, or "" when it has no words ("…", the prompt's placeholder)."""
    text = _clean(value)
    return text if _WORDS.search(text) else ""


def read_proposal(value: Any) -> Proposal | None:
    """One sentence object (or bare string); None when it has no words ("", "…")."""
    if isinstance(value, str):
        return Proposal(_clean(value)) if _WORDS.search(value) else None
    if not isinstance(value, dict):
        return None
    text = _clean(value.get("text"))
    if not _WORDS.search(text):
        return None
    flag = value.get("quote_translated")
    return Proposal(text, read_numbers(value.get("passages", [])), flag is True or flag == "true")


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def read_draft(data: dict[str, Any]) -> Draft:
    """A draft from the model's JSON object (leniently, see the module docstring)."""
    sections: list[tuple[str, list[list[Proposal]]]] = []
    for section in _list(data.get("sections")):
        if not isinstance(section, dict):
            continue
        paragraphs: list[list[Proposal]] = []
        raw_paragraphs = _list(section.get("paragraphs"))
        if not raw_paragraphs and "sentences" in section:
            raw_paragraphs = [section]
        for paragraph in raw_paragraphs:
            raw = paragraph.get("sentences") if isinstance(paragraph, dict) else paragraph
            sentences = [p for p in (read_proposal(s) for s in _list(raw)) if p is not None]
            if sentences:
                paragraphs.append(sentences)
        if paragraphs:
            sections.append((_clean(section.get("heading")), paragraphs))
    if not sections and isinstance(data.get("sentences"), list):
        flat = [p for p in (read_proposal(s) for s in data["sentences"]) if p is not None]
        sections = [("", [flat])] if flat else []
    return Draft(
        headline=Proposal(_words(data.get("headline")), read_numbers(data.get("headline_passages", []))),
        subheadline=Proposal(
            _words(data.get("subheadline")), read_numbers(data.get("subheadline_passages", []))
        ),
        place=_clean(data.get("dateline_place")),
        sections=sections,
    )


def read_repairs(data: dict[str, Any]) -> dict[str, Proposal | None]:
    """Replacement sentences by id; None for a sentence the model withdrew (empty text)."""
    found: dict[str, Proposal | None] = {}
    for item in _list(data.get("sentences")):
        if isinstance(item, dict) and isinstance(item.get("id"), str):
            found[item["id"].strip()] = read_proposal(item)
    return found
