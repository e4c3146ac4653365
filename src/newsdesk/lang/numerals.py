"""Values of number words and digit strings in German and English: "dreieinhalb", "twenty-one", "1.200".

Digit rules (``lang`` is "de" or "en"):

* Spaces (normal, no-break, thin) between groups of three digits group thousands: "1 000", "10 000,50".
* With both "." and "," the last one is the decimal mark: "10.000,50" and "10,000.50" are 10000.5.
* A mark that occurs more than once groups thousands: "1.000.000", "1,000,000".
* A single mark followed by exactly three digits groups thousands when it is the language's grouping
  mark ("." in German, "," in English) and the part before it is not "0": "1.200" is 1200 in German
  text and 1.2 in English text; "1,200" is 1200 in English text and 1.2 in German text. Any other single
  mark is a decimal mark, whichever it is: "3.5" in German text is 3.5, so is "3,5" in English text.

German number words are single compounds ("zweihunderteinundzwanzig", "dreieinhalb") checked against a
small grammar; English ones are phrases ("a hundred and five", "twenty-one", "three and a half").
"""

from __future__ import annotations

import functools
import math
import re

from newsdesk.lang.dates import alternation, word_tables

__all__ = ["SPACE", "cardinal_value", "digit_value", "german_pieces", "ordinal_value"]

SPACE = "[ \u00a0\u2009\u202f]"


@functools.cache
def german_pieces() -> str:
    """Regex alternative of the pieces German number words are built from ("zwei", "und", "zwanzig")."""
    words = word_tables()["de"]
    pieces = [*words["cardinals"], words["compound_one"], words["joiner"], words["plus_half"]]
    return alternation(pieces, edge=False)


def digit_value(raw: str, lang: str) -> float | None:
    """Value of a digit string (``lang`` "de" or "en") under the rules of the module docstring."""
    s = re.sub(SPACE, " ", raw)
    grouping = "." if lang == "de" else ","
    if " " in s:
        groups = s.split(" ")
        match = re.fullmatch(r"(\d{3})(?:[.,](\d+))?", groups[-1])
        if match is None:
            return None
        groups[-1], decimal = match.group(1), match.group(2) or ""
    else:
        marks = [c for c in s if c in ".,"]
        if not marks:
            return float(s)
        point = marks[-1] if len(set(marks)) == 2 else ""
        if not point and len(marks) == 1:
            head, tail = re.split(r"[.,]", s)
            single_grouping = marks[0] == grouping and len(tail) == 3 and head != "0"
            point = "" if single_grouping else marks[0]
        head, _, decimal = s.rpartition(point) if point else (s, "", "")
        groups = re.split(r"[.,]", head)
    if any(len(g) != 3 for g in groups[1:]) or (len(groups) > 1 and len(groups[0]) > 3):
        return None
    return float("".join(groups) + ("." + decimal if decimal else ""))


def cardinal_value(phrase: str, lang: str) -> float | None:
    """Value of a cardinal number word or phrase ("dreieinhalb", "twenty-one", "a hundred and five")."""
    lower, words = phrase.lower(), word_tables()[lang]
    cardinals: dict[str, int] = words["cardinals"]
    german = lang == "de"
    if german:  # one compound word
        if lower in words["one_and_a_half"]:
            return 1.5
        tokens = re.findall(german_pieces(), lower)
        if "".join(tokens) != lower:
            return None
        special = {words["compound_one"]: "E", words["joiner"]: "N", words["plus_half"]: "X"}
        kinds = "".join(special.get(tok) or _magnitude(cardinals[tok]) for tok in tokens)
        below100 = "(?:[EU]NZ|U|T|Z)"
        below1000 = f"(?:[EU]?H{below100}?|{below100})"
        if not re.fullmatch(f"(?:(?:{below1000})?K(?:{below1000})?|{below1000})X?|EX", kinds):
            return None
    else:
        tokens = re.split(r"[\s-]+", lower)
        if tokens[-3:] == ["and", "a", "half"]:
            tokens[-3:] = ["half"]
        if any(tok not in cardinals and tok not in ("a", "an", "and", "half") for tok in tokens):
            return None  # no number: "for", "few"
    total, current, previous = 0.0, 0.0, ""
    for tok in tokens:
        if tok in ("ein", "a", "an"):
            current += 1
        elif tok in ("einhalb", "half"):
            current += 0.5
        elif tok in ("und", "and"):
            if not german and previous not in ("hundred", "thousand"):
                return None
        elif cardinals[tok] == 100:
            current = (current or 1) * 100
        elif cardinals[tok] == 1000:
            total, current = total + (current or 1) * 1000, 0.0
        else:
            if not german and current % 100 and (cardinals[tok] >= 10 or current % 10):
                return None  # "one two", "twenty thirty"
            current += cardinals[tok]
        previous = tok
    return total + current


def _magnitude(value: int) -> str:
    """Token class for the German compound grammar: U(nit) T(een) Z(ehner) H(undert) K (tausend)."""
    return "U" if value < 10 else "T" if value < 20 else "Z" if value < 100 else "H" if value == 100 else "K"


def ordinal_value(word: str, lang: str) -> float | None:
    """Value of an ordinal word ("dritten", "zwanzigste", "twenty-first"); ``None`` if it is none."""
    lower, words = word.lower(), word_tables()[lang]
    stems: dict[str, int] = words["ordinal_stems"]
    if lang == "de":
        stem = re.sub(r"(?:e|en|em|er|es)$", "", lower)
        if stem == lower:
            return None
        if stem in stems:
            return float(stems[stem])
        for cut, low, high in (("st", 20, math.inf), ("t", 13, 19)):
            if stem.endswith(cut) and re.fullmatch(f"(?:{german_pieces()})+", stem[: -len(cut)]):
                value = cardinal_value(stem[: -len(cut)], lang)
                if value is not None and low <= value <= high:
                    return value
        return None
    *head, last = lower.split("-")
    cardinals: dict[str, int] = words["cardinals"]
    if last in stems:
        value = float(stems[last])
    elif last.endswith("ieth") and last[:-4] + "y" in cardinals:
        value = float(cardinals[last[:-4] + "y"])
    elif last.endswith("th") and last[:-2] in cardinals:
        value = float(cardinals[last[:-2]])
    else:
        return None
    if head:
        prefix = cardinal_value(" ".join(head), lang) if all(h in cardinals for h in head) else None
        return None if prefix is None else prefix + value
    return value
