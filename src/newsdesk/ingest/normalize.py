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

_CONJUNCTIONS = frozenset(
    {
        "und",
        "oder",
        "bis",
        "sowie",
        "als",
        "wie",
        "bzw",
        "noch",
        "beziehungsweise",
        "respektive",
        "and",
        "or",
        "to",
        "nor",
    }
)
_HYPHENS = "-\u00ad\u2010\u2011"
# The word after the break is only looked at, not consumed, so "Sonder-⏎gesandten-⏎treffen"
# (a word broken across two line ends) is joined at both breaks.
_BREAK = re.compile(rf"(\w+)([{_HYPHENS}])[ \t]*\n[ \t]*(?=(\w+))")
_SPACES = re.compile(r"[ \t\u00a0]+")
_URL_LINE = re.compile(r"^(?:https?://|www\.)\S+$")
_SENTENCE_END = (".", "!", "?", ":", "“", '"', "»", "«", "”", "'")


def dehyphenate(text: str) -> str:
    """Undo line-break hyphenation in ``text`` (other line breaks are left alone)."""

    def join(match: re.Match[str]) -> str:
        before, hyphen, after = match.group(1), match.group(2), match.group(3)
        if hyphen == "\u00ad":
            return before
        if after.lower() in _CONJUNCTIONS:
            return f"{before}{hyphen} "
        if after[0].isupper() or after[0].isdigit() or before[-1].isdigit() or before.isupper():
            return f"{before}{hyphen}"
        return before

    return _BREAK.sub(join, text)


def unwrap(text: str) -> str:
    """Join wrapped lines into paragraphs; the result has one paragraph per line.

    * Hard-wrapped text (most lines fill a fixed width): a paragraph ends at a blank line, around
      a line that is only a URL (a source list), after a line that ends a sentence although the
      next line's first word would have fitted on it, and after a short unpunctuated line that is
      followed by a full-width line (a heading).
    * Other text with blank lines between paragraphs: single line breaks are soft wraps.
    * Text without blank lines: every line is a paragraph (as in JSONL exports).

    Line-break hyphenation is undone inside each paragraph.
    """
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    width = _line_width(lines)
    wrapped = _hard_wrapped(lines, width)
    blank_separated = "" in "\n".join(lines).strip("\n").split("\n")
    paragraphs: list[list[str]] = [[]]
    for index, line in enumerate(lines):
        following = lines[index + 1] if index + 1 < len(lines) else ""
        if not line:
            paragraphs.append([])
        elif _URL_LINE.match(line):
            paragraphs.extend([[line], []])
        else:
            paragraphs[-1].append(line)
            if not following:
                continue
            if wrapped:
                if _ends_paragraph(line, following, width):
                    paragraphs.append([])
            elif not blank_separated:
                paragraphs.append([])
    joined = (dehyphenate("\n".join(p)).replace("\n", " ") for p in paragraphs if p)
    return "\n".join(p for p in joined if p)


def _line_width(lines: list[str]) -> int:
    """The wrap width: the 90th percentile of line lengths (the longest line for short texts)."""
    lengths = sorted(len(line) for line in lines if line and not _URL_LINE.match(line))
    if len(lengths) < 10:
        return lengths[-1] if lengths else 0
    return lengths[int(0.9 * (len(lengths) - 1))]


def _hard_wrapped(lines: list[str], width: int) -> bool:
    """Whether the text was wrapped at a fixed width (most lines fill it) rather than written with
    one paragraph per line (as JSONL exports and many .txt files are)."""
    filled = [line for line in lines if line]
    if not filled or width > 120:
        return False
    full = sum(len(line) >= 0.7 * width for line in filled)
    return full >= 0.5 * len(filled)


def _ends_paragraph(line: str, following: str, width: int) -> bool:
    if line.endswith((",", *_HYPHENS)):
        return False
    if len(line) > 1.2 * width:  # far longer than the wrap width: a paragraph on one line
        return True
    next_word = following.split(" ", 1)[0]
    fits = len(line) + 1 + len(next_word) <= width
    if line.endswith(_SENTENCE_END):
        return fits
    heading = len(line) < 0.6 * width and len(following) >= 0.8 * width and following[0].isupper()
    return fits and heading


# Characters that carry no text and only do harm downstream: C0 and C1 controls other than tab and
# line breaks (NUL cannot even be stored in PostgreSQL), bidirectional overrides and isolates
# (they make a title display as something else), lone surrogates (not encodable as UTF-8) and
# the noncharacters U+FFFE, U+FFFF.
_CONTROLS = re.compile(
    "[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff\ufffe\uffff]"
)
_BREAKS = re.compile("[\r\x0b\x0c\x85\u2028\u2029]")


def strip_controls(text: str) -> str:
    """``text`` without control characters (see ``_CONTROLS``); CR, vertical tab, form feed, NEL
    and the Unicode line and paragraph separators become ``\\n``."""
    return _BREAKS.sub("\n", _CONTROLS.sub("", text))


def clean_field(value: object, limit: int = 1000) -> str | None:
    """A one-line metadata field (title, author, outlet): no control characters or line breaks,
    single spaces, at most ``limit`` characters; ``None`` when nothing is left."""
    if value is None:
        return None
    text = " ".join(strip_controls(unicodedata.normalize("NFC", str(value))).split())
    if len(text) > limit:
        text = text[: limit - 1].rsplit(" ", 1)[0] + "…"
    return text or None


def clean_text(text: str) -> str:
    """Normalise extracted text: NFC, no control characters or soft hyphens, single spaces, no
    empty lines."""
    text = strip_controls(unicodedata.normalize("NFC", text)).replace("\u00ad", "")
    lines = (_SPACES.sub(" ", line).strip() for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


def hyphenation_debris(text: str) -> list[str]:
    """Find leftovers of line-break hyphenation such as ``"US- Sondergesandte"`` or ``"Ver- handlungen"``."""
    found = []
    for match in re.finditer(r"\b(\w+)[-\u00ad] (\w+)", text):
        if match.group(2).lower() not in _CONJUNCTIONS and not match.group(1).isdigit():
            found.append(match.group(0))
    return found
