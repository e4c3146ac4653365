"""Text clean-up for hard-wrapped inputs (PDF text, plain-text files).

Line-break hyphenation is undone with German and English rules:

* ``Sonder-⏎gesandte`` → ``Sondergesandte``: a hyphen at a line end between two lower-case word
  parts is a typesetter's break and is dropped;
* ``US-⏎Sondergesandte`` → ``US-Sondergesandte``: a capital after the break (German nouns, names)
  or an acronym/digit before it means the hyphen is part of the word and stays;
* ``Ost-⏎und Westeuropa`` → ``Ost- und Westeuropa``: a suspended hyphen (Ergänzungsstrich) before
  a conjunction stays, followed by a space.
"""

from __future__ import annotations

import re
import unicodedata

_CONJUNCTIONS = frozenset({"und", "oder", "bis", "sowie", "als", "wie", "bzw", "and", "or", "to", "nor"})
_HYPHENS = "-\u00ad\u2010\u2011"
_BREAK = re.compile(rf"(\w+)([{_HYPHENS}])[ \t]*\n[ \t]*(\w+)")
_BLANK_LINES = re.compile(r"\n[ \t]*\n\s*")
_SPACES = re.compile(r"[ \t\u00a0]+")
_URL_LINE = re.compile(r"^(?:https?://|www\.)\S+$")


def dehyphenate(text: str) -> str:
    """Undo line-break hyphenation in ``text`` (other line breaks are left alone)."""

    def join(match: re.Match[str]) -> str:
        before, hyphen, after = match.group(1), match.group(2), match.group(3)
        if hyphen == "\u00ad":
            return before + after
        if after.lower() in _CONJUNCTIONS:
            return f"{before}{hyphen} {after}"
        if after[0].isupper() or after[0].isdigit() or before[-1].isdigit() or before.isupper():
            return f"{before}{hyphen}{after}"
        return before + after

    return _BREAK.sub(join, text)


def unwrap(text: str) -> str:
    """Join hard-wrapped lines into paragraphs.

    Paragraphs are separated by blank lines; lines inside a paragraph are joined after
    de-hyphenation. The result has one paragraph per line.
    """
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    paragraphs: list[str] = []
    for block in _BLANK_LINES.split(dehyphenate(text)):
        current: list[str] = []
        for line in block.split("\n"):
            line = _SPACES.sub(" ", line).strip()
            if _URL_LINE.match(line):
                # A line that is only a URL (a source list) stays a paragraph of its own.
                paragraphs.extend([" ".join(current), line] if current else [line])
                current = []
            elif line:
                current.append(line)
        if current:
            paragraphs.append(" ".join(current))
    return "\n".join(p for p in paragraphs if p)


def clean_text(text: str) -> str:
    """Normalise extracted text: NFC, no soft hyphens, single spaces, no empty lines."""
    text = unicodedata.normalize("NFC", text).replace("\u00ad", "")
    lines = (_SPACES.sub(" ", line).strip() for line in text.replace("\r", "\n").split("\n"))
    return "\n".join(line for line in lines if line)


def hyphenation_debris(text: str) -> list[str]:
    """Find leftovers of line-break hyphenation such as ``"US- Sondergesandte"`` or ``"Ver- handlungen"``."""
    found = []
    for match in re.finditer(r"\b(\w+)[-\u00ad] (\w+)", text):
        if match.group(2).lower() not in _CONJUNCTIONS and not match.group(1).isdigit():
            found.append(match.group(0))
    return found
