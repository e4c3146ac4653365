"""Sentence segmentation with character offsets (SoMaJo, with an exact fast path).

SoMaJo is the only splitter that handles German news correctly ("Aug. 2021", ordinals such as
"21. Februar", „…“ and »…« quotes at sentence start, initials, URLs in running text). Paragraphs
(lines of the document text) are segmented separately, so a sentence never spans two paragraphs.

SoMaJo stays the authority, but running it on every paragraph cost more than the rest of ingest.
A paragraph whose sentence boundaries are certain is split here, into exactly SoMaJo's spans; any
other goes to SoMaJo. The rules restate SoMaJo's own: only a ``.``/``!``/``?``/``…`` token (or an
abbreviation such as "usw.") ends a sentence, and only if the next token after quotes and brackets
starts upper-case or is a number. A run of those marks (a "site") is decided here only if SoMaJo's
tokens around it are certain: a listed abbreviation (SoMaJo's own lists, read from the installed
package), an initial, "U.S.", a German ordinal or a number keeps its dot; a plain word, a closing
quote or a year does not; a lower-case word after a site never starts a sentence. Anything else
near a site (URLs, markup, emoticons, apostrophes, odd numbers, possible abbreviations) sends the
paragraph to SoMaJo. ``bench/segment_agreement.py`` checks the fast path against pure SoMaJo.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from importlib import metadata, resources
from typing import Any

from newsdesk.store.base import NewPassage

_MODELS = {"de": "de_CMC", "en": "en_PTB"}

Span = tuple[int, int]

_SITE = re.compile(r"[.!?…]+")
_SPACES = re.compile(r"\s+")
# Characters SoMaJo deletes (controls, invisible formatting) shift its offsets: SoMaJo decides.
_INVISIBLE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e"
    "\u2028\u2029\u2060-\u206f\ufe00-\ufe0f\ufeff]"
)
# Tokens that may swallow marks, quotes or spaces: URLs, DOIs, XML tags.
_OPAQUE = re.compile(r"://|www\.|doi:|<", re.IGNORECASE)
# Quotes and brackets that SoMaJo makes one-character tokens; SoMaJo's opening and closing ones.
_QUOTES = frozenset('“”„‚‘’»«›‹"()[]–—')
_OPENING = frozenset('"“‘«‹„‚([–—')
_CLOSING = frozenset('"”’»›)]')
# English SoMaJo makes a run of these one token ("–-" is not a dash).
_RUNS = frozenset("#<>%‰€$£₤¥°@~*,;:+×÷±≤≥=&/–—-")
# First characters of tokens that neither start a sentence nor continue the look-ahead.
_NEUTRAL = frozenset(",;:-/%€$£§&+°|*=~.!?…")  # (not ©, ®: emoji to SoMaJo)
_DIGITS = frozenset("0123456789")
_ROMAN = re.compile(r"(?=[MDCLXVI])M{0,4}(?:C[MD]|D?C{0,3})(?:X[CL]|L?X{0,3})(?:I[XV]|V?I{0,3})")
_NUMBER = re.compile(r"\d+[.,]\d+|\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)+")
_TIME = re.compile(r"\d{1,2}(?::\d{2})+(?![\d:])")
_INITIALS = re.compile(r"(?:[^\W\d_]\.){2,}")
_ARTICLE = re.compile(r"(?:^|.\b)art$", re.IGNORECASE)
_AM_PM = re.compile(r"\s*(?:[ap]m\b|[ap]\.m\.)", re.IGNORECASE)
# SoMaJo's own patterns (``somajo.tokenizer.Tokenizer`` attributes) for emoticons, which continue a
# sentence and can hold marks, quotes and spaces, and for tokens with inner dots.
_FACES = ("emoticon", "space_emoticon", "heart_emoticon", "textfaces_space", "textfaces_emoji", "emoji")
_DOTTED = (
    *("email", "url_without_protocol", "single_tokens", "single_letter_ellipsis", "and_cetera"),
    *("str_abbreviations", "nr_abbreviations", "single_token_abbreviation", "single_letter_abbreviation"),
    *("ps", "abbreviation", "artikel", "en_time", "roman_ordinal"),
)
# SoMaJo releases whose rules the fast path restates, checked with bench/segment_agreement.py.
# Any other release gets SoMaJo alone (correct, slower) until it has been checked the same way.
_VERIFIED_SOMAJO = frozenset({"2.5.0"})
# Words that SoMaJo's tokenizer treats as abbreviations by pattern rather than by list.
_PATTERN_ABBREVIATIONS = frozenset({"ps", "no", "art"})


@dataclass(frozen=True)
class _Rules:
    """What the fast path needs to know about one SoMaJo model."""

    german: bool
    abbreviations: frozenset[str]  # lower-cased abbreviations without their final dot ("dr", "bzw")
    endings: frozenset[str]  # letters before the final dot of any listed abbreviation ("drs" of "BT-Drs.")
    eos: frozenset[str]  # abbreviations that end a sentence ("usw")
    problematic: frozenset[str]  # quotes whose direction SoMaJo guesses from spacing
    emoticons: tuple[Any, ...]  # SoMaJo's emoticon patterns
    contractions: tuple[Any, ...]  # English words SoMaJo splits before it looks at abbreviations
    unit: re.Pattern[str]  # a unit after a number, which SoMaJo splits off as a measurement
    glue: tuple[Any, ...]  # SoMaJo's patterns for tokens with inner dots (URLs, "E.ON", "ABl.EG")


@cache
def _tokenizer(model: str) -> Any:
    from somajo import SoMaJo

    return SoMaJo(model, split_camel_case=False, character_offsets=True)


def _entries(name: str) -> list[str]:
    text = (resources.files("somajo") / "data" / name).read_text(encoding="utf-8")
    return [e for e in (line.strip() for line in text.splitlines()) if e and not e.startswith("#")]


@cache
def _rules(model: str) -> _Rules | None:
    """The fast-path rules for ``model``; ``None`` (always SoMaJo) if SoMaJo's data is not as expected."""
    from somajo.tokenizer import Tokenizer

    language = model[:2]
    try:
        if metadata.version("somajo") not in _VERIFIED_SOMAJO:
            return None
        listed = _entries(f"abbreviations_{language}.txt")
        single = _entries(f"single_token_abbreviations_{language}.txt")
        eos = _entries("eos_abbreviations.txt")
        units = _entries("units.txt")
        tokenizer = Tokenizer(split_camel_case=False, language=model)
        emoticons = tuple(getattr(tokenizer, name) for name in _FACES)
        glue = tuple(getattr(tokenizer, name) for name in _DOTTED)
        contractions: tuple[Any, ...] = ()
        if language == "en":
            contractions = (*tokenizer.en_twopart_contractions, *tokenizer.en_threepart_contractions)
    except (OSError, AttributeError, metadata.PackageNotFoundError):
        return None
    endings = set(_PATTERN_ABBREVIATIONS)
    for entry in (*listed, *single, *eos):
        if entry.endswith("."):
            ending = re.search(r"[^\W\d_]*$", entry[:-1])
            endings.update({ending.group().lower(), ending.group().casefold()} if ending else ())
    plain = {entry[:-1].lower() for entry in listed if entry[-1:] == "." and entry[:-1].isalpha()}
    german = language == "de"
    return _Rules(
        german=german,
        abbreviations=frozenset(plain - _PATTERN_ABBREVIATIONS),
        endings=frozenset(endings),
        eos=frozenset(entry[:-1].lower() for entry in eos),
        problematic=frozenset('"»«›‹“‘' if german else '"'),
        emoticons=emoticons,
        contractions=contractions,
        glue=glue,
        unit=re.compile(r"\s*(?:" + "|".join(map(re.escape, units)) + r")(?!\w)", re.IGNORECASE),
    )


def _paragraphs(text: str) -> Iterator[tuple[int, str]]:
    offset = 0
    for line in text.split("\n"):
        if line.strip():
            yield offset, line
        offset += len(line) + 1


def _somajo_spans(line: str, model: str) -> list[Span]:
    """Sentence spans of one paragraph as SoMaJo gives them."""
    sentences = _tokenizer(model).tokenize_text([line])
    return [(tokens[0].character_offset[0], tokens[-1].character_offset[1]) for tokens in sentences if tokens]


def split_sentences(text: str, language: str = "de", *, limit: int = 0) -> list[NewPassage]:
    """Split ``text`` into sentences; each passage's offsets index into ``text``.

    German uses SoMaJo's German model; every other language its English model, whose rules
    (abbreviations, initials, URLs) are the better fit for Latin-script European languages.
    With ``limit`` > 0, at most that many passages are returned, and segmenting stops there.
    """
    model = _MODELS.get(language, "en_PTB")
    passages: list[NewPassage] = []
    for base, line in _paragraphs(text):
        if 0 < limit <= len(passages):
            return passages[:limit]
        spans = _fast_spans(line, model)
        if spans is None:
            spans = _somajo_spans(line, model)
        for start, end in spans:
            passages.append(NewPassage(base + start, base + end, text[base + start : base + end]))
    return passages[:limit] if limit > 0 else passages


# -- fast path ------------------------------------------------------------------------------


def _fast_spans(line: str, model: str) -> list[Span] | None:
    """SoMaJo's sentence spans for the paragraph ``line`` if they are certain, else ``None``."""
    rules = _rules(model)
    stripped = line.strip()
    if not stripped:
        return []
    if rules is None or _INVISIBLE.search(line) or not unicodedata.is_normalized("NFC", line):
        return None
    first = line.index(stripped[0])
    end = first + len(stripped)
    # Only a token that starts upper-case or is a number (or a @mention or #hashtag) starts a
    # sentence, so marks after the last such character end none.
    last = end - 1
    while last >= first and not (line[last].isalnum() or line[last] in "@#"):
        last -= 1
    sites = list(_SITE.finditer(line, first, last))
    if not sites:
        return [(first, end)]
    if _OPAQUE.search(line):
        return None
    spaced = _SPACES.sub(" ", line)  # as SoMaJo sees it: ":  (" is the emoticon ":("
    if any(pattern.search(spaced) for pattern in rules.emoticons):
        return None
    spans = []
    start = first
    for site in sites:
        decision = _decide(line, site.start(), site.end(), rules)
        if decision is None:
            return None
        if isinstance(decision, tuple):
            spans.append((start, decision[0]))
            start = decision[1]
    spans.append((start, end))
    return spans


def _decide(line: str, i: int, j: int, rules: _Rules) -> Span | bool | None:
    """Whether SoMaJo ends a sentence at ``line[i:j]``: ``(end, next start)``, ``False`` or ``None``."""
    n = len(line)
    if j == i + 1 and i > 0 and j < n and line[i] == "." and line[i - 1] in _DIGITS and line[j] in _DIGITS:
        return False if _inside_number(line, i) else None
    # The tokens after the site: one-character quotes and brackets, then a word (or the end).
    tokens: list[list[Any]] = [[i, line[i:j], False]]  # [start, text, space_after]
    k = j
    while True:
        while k < n and line[k].isspace():
            tokens[-1][2] = True
            k += 1
        if k == n:
            return False
        if line[k] not in _QUOTES:
            break
        if not _single_token(line, k, rules):
            return None
        tokens.append([k, line[k], False])
        k += 1
    glued = len(tokens) == 1 and not tokens[0][2]
    starts = _starts_sentence(line, k, rules, glued=glued)
    if starts is False:
        return False
    ends = _ends_sentence(line, i, j, rules)
    if ends is False:
        return False
    if starts is None or ends is None or (glued and not _glued_ok(line, i, rules)):
        return None  # unsure, or the next word glued to the site may make one token ("ASP.Net")
    tokens.append([k, line[k], False])
    return _lookahead(tokens, rules)


def _single_token(line: str, k: int, rules: _Rules) -> bool:
    """Whether SoMaJo makes the quote or bracket at ``line[k]`` a token of its own."""
    char = line[k]
    following = line[k + 1] if k + 1 < len(line) else " "
    if char == "’":  # German SoMaJo leaves it on a word that follows, English on "’tis", "’twas"
        return following.isspace() or (following in _QUOTES and following != "’")
    if char in "–—":
        return line[k - 1] not in _RUNS and following not in _RUNS
    return True


def _starts_sentence(line: str, k: int, rules: _Rules, *, glued: bool) -> bool | None:
    """Whether the token at ``line[k]`` starts a sentence after an end; ``glued``: right after the marks."""
    char = line[k]
    if char.isupper():
        return True
    if char in _DIGITS:
        return None if glued else _is_number_token(line, k, rules)
    if char.isalpha():
        return False
    if char in _NEUTRAL:
        return None if line.startswith("--", k) else False  # "--" opens like a dash
    return None


def _is_number_token(line: str, k: int, rules: _Rules) -> bool | None:
    """Whether SoMaJo's token starting with the digit at ``line[k]`` is all digits."""
    e = k
    while e < len(line) and line[e] in _DIGITS:
        e += 1
    after = line[e : e + 1] or " "
    rest = line[e + 1 : e + 2] or " "
    if after.isspace():
        return None if rest.isdecimal() or rest in "Xx-" else True  # else perhaps an ISBN with spaces
    if (after in ",;:" and rest.isspace()) or after in ")]”»«%":
        return True
    if after == "." and (rest.isspace() or rest in _QUOTES):
        return None if e - k > 4 else not (rules.german and _is_ordinal(line[k:e]))
    time = _TIME.match(line, k)
    if time:  # "10:30 Uhr", but in "10:30 km" SoMaJo measures "30 km"
        return None if rules.unit.match(line, time.end()) else False
    number = _NUMBER.match(line, k)
    if number and line[number.end() : number.end() + 1].isspace() and not _AM_PM.match(line, number.end()):
        return False  # "3,5 Prozent", "1.200 Euro": one token, not all digits ("21.5 pm": "5 pm")
    return None


def _is_ordinal(digits: str) -> bool:
    """German SoMaJo reads "21." as an ordinal, one token, but not years 1000–2999."""
    return len(digits) <= 3 or (len(digits) == 4 and digits[0] in "3456789")


def _inside_number(line: str, i: int) -> bool:
    """Whether the dot at ``line[i]`` is inside one number token ("3.5", "1.200", "3.6.0")."""
    s, e = i, i
    while s > 0 and (line[s - 1] in _DIGITS or line[s - 1] in ".,"):
        s -= 1
    while e < len(line) and (line[e] in _DIGITS or line[e] in ".,"):
        e += 1
    if line[e - 1] in ".,":  # a mark after the number ("3.5.", "3.5,") is not part of it
        e -= 1
    after = line[e + 1 : e + 2] if line[e : e + 1] in (".", ",") else line[e : e + 1]
    g = e
    while g < len(line) and (line[g].isspace() or line[g] in ".,"):
        g += 1
    # ISBNs: digit groups separated by spaces or hyphens, 10 or 13 digits, maybe an "X"
    isbn = _after_number(line, s) or line[g : g + 1].isdecimal() or line[g : g + 1] in ("X", "x", "-")
    if isbn or max(map(len, re.split("[.,]", line[s:e]))) > 8 or not _starts_token(line, s):
        return False
    if not (not after or after.isspace() or after in _QUOTES or after in "!?…%") or _AM_PM.match(line, e):
        return False  # "21.5 pm": English SoMaJo reads "5 pm" as a time
    return _NUMBER.fullmatch(line, s, e) is not None


def _ends_sentence(line: str, i: int, j: int, rules: _Rules) -> bool | None:
    """Whether the last token of the site ``line[i:j]`` ends a sentence (if something starts one)."""
    if i == 0 or (j - i == 1 and _ARTICLE.match(line, max(i - 4, 0), i)):
        return None  # SoMaJo's r"\bArt.(?=\s?\d)" takes any one character after "Art"
    if j - i > 1 or line[i] != ".":
        return True  # "!", "?", "…", "..", "?!": no token swallows the last mark
    before = line[i - 1]
    if before in _QUOTES or before == "%":
        return True
    free = j == len(line) or line[j].isspace() or line[j] in _QUOTES  # not glued to a word
    k = i
    if before in _DIGITS:
        while k > 0 and line[k - 1] in _DIGITS:
            k -= 1
        if not free or i - k > 4 or not _starts_token(line, k, apostrophe=False) or _after_number(line, k):
            return None
        return not (rules.german and _is_ordinal(line[k:i]))
    while k > 0 and line[k - 1].isalpha():
        k -= 1
    word = line[k:i].lower()
    if not word:
        return None
    if _initials(line, k, i):
        return False  # "U.S.", "z.B.": one abbreviation (German: one per letter), never an end
    if free and _listed(line, k, word, rules):
        return word in rules.eos  # an initial or a listed abbreviation is one token
    if len(word) < 2 or not _compound_start(line, k):
        return None
    if word in rules.endings or word.casefold() in rules.endings:
        return None  # perhaps an abbreviation
    if word.casefold().endswith("str") or _ROMAN.fullmatch(line, k, i):
        return None  # "Hauptstr.", "XIV."
    return True


def _listed(line: str, k: int, word: str, rules: _Rules) -> bool:
    """Whether SoMaJo makes the initial or listed abbreviation ``word`` (at ``line[k]``) one token."""
    if not (len(word) == 1 or word in rules.abbreviations) or not _starts_token(line, k, apostrophe=False):
        return False
    if any(pattern.search(word) for pattern in rules.contractions):
        return False  # English splits "cannot" before looking at abbreviations
    # after a number, a unit ("5 m.", "5 min.") is measured, "pm" is a time, "X" an ISBN's
    return not (_after_number(line, k) and (word in ("am", "pm", "x") or rules.unit.fullmatch(word)))


def _glued_ok(line: str, i: int, rules: _Rules) -> bool:
    """Whether the marks at ``line[i]``, glued to the next word ("Ende.Der"), are tokens of their own."""
    a, b = i, i
    while a > 0 and not line[a - 1].isspace():
        a -= 1
    while b < len(line) and not line[b].isspace():
        b += 1
    chunk = line[a:b]
    return "@" not in chunk and not any(pattern.search(chunk) for pattern in rules.glue)


def _starts_token(line: str, k: int, *, apostrophe: bool = True) -> bool:
    """Whether ``line[k]`` follows the line start, a space, or a quote (but "’" only with ``apostrophe``)."""
    before = line[k - 1] if k else " "
    return before.isspace() or (before in _QUOTES and (apostrophe or before != "’"))


def _compound_start(line: str, k: int) -> bool:
    """Whether the word at ``line[k]`` starts a token or ends a compound ("US-Präsident")."""
    while k > 0 and line[k - 1] == "-":
        k -= 1
        while k > 0 and line[k - 1].isalnum():
            k -= 1
    return _starts_token(line, k)


def _after_number(line: str, k: int) -> bool:
    """Whether the token at ``line[k]`` follows a number, as units ("5 m.") and ISBN parts do."""
    m = k
    while m > 0 and line[m - 1].isspace():
        m -= 1
    if m > 1 and line[m - 1] in "Xx-":
        m -= 1
    return m > 0 and line[m - 1].isdecimal()


def _initials(line: str, k: int, i: int) -> bool:
    """Whether the dot at ``line[i]`` is part of a letter-dot abbreviation starting at ``line[k]``."""
    s = k
    while s >= 2 and line[s - 1] == "." and line[s - 2].isalpha() and (s < 3 or not line[s - 3].isalpha()):
        s -= 2
    match = _INITIALS.match(line, s)
    if match is None or match.end() <= i or not all(c.isalpha() for c in match.group()[::2]):
        return False
    e = match.end()
    following = line[e : e + 1]
    free = not following or following.isspace() or following in _QUOTES or following in ",;:"
    return free and _starts_token(line, s, apostrophe=False) and not _after_number(line, s)


def _lookahead(tokens: list[list[Any]], rules: _Rules) -> Span | bool:
    """SoMaJo's splitter loop over [end token, quotes…, word that starts a sentence]: ``(end, start)``."""
    last: str | None = None
    end_token, first_token = 0, None
    for index in range(1, len(tokens)):
        _, text, space_after = tokens[index]
        if first_token is None:
            first_token = index
        if index == len(tokens) - 1:
            return tokens[end_token][0] + len(tokens[end_token][1]), tokens[first_token][0]
        opening = closing = False
        if text in rules.problematic:
            previous = tokens[index - 1]
            if previous[2] or previous[1] in _OPENING:
                opening = True
            elif space_after or tokens[index + 1][1] in _CLOSING:
                closing = True
        if opening or (text in _OPENING and not closing):
            last = "opening"
        elif (closing or (text in _CLOSING and not opening)) and last != "opening":
            end_token, first_token, last = index, None, "closing"
        else:
            return False
    return False
