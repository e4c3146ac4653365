"""Source hygiene: what an extracted report carries that is not its text, and one-source typos.

* :func:`debris` names why a passage is not part of a report's text: a photo ``caption`` or credit,
  a ``byline``, a ``teaser`` (links to other articles, "Lesen Sie auch", calls to action), a
  social-media ``embed``, or the report's ``title`` glued to the first line (a caption or kicker
  that the extraction joined to the headline). The patterns are data (``data/hygiene.toml``).
  Debris never becomes a sentence, a headline or a sub-headline, and it is not "the sentence
  before" the next one.
* :func:`typos` finds names that one report spells differently from the others ("Weinzirl" where
  two or more other reports write "Weinzierl"): the minority spelling of a single report is a typo,
  and the writer does not use that report's passages that carry it. Spellings compare after
  folding case and umlauts; forms that differ only by an inflection ending ("Passaus",
  "Schärdinger") are the same name, not a variant.

Both serve every writer: the LLM writer's packing leaves debris out of the prompt too.
"""

from __future__ import annotations

import functools
import re
import tomllib
from collections.abc import Iterable, Mapping
from importlib import resources
from typing import Any

from newsdesk.lang.exonyms import fold

KINDS = ("caption", "byline", "teaser", "embed")


@functools.cache
def _data() -> dict[str, Any]:
    text = resources.files("newsdesk.data").joinpath("hygiene.toml").read_text("utf-8")
    data = tomllib.loads(text)
    for kind in (*KINDS, "spelling"):
        if kind not in data:
            raise ValueError(f"hygiene.toml: missing {kind!r}")
    return data


@functools.cache
def _patterns(kind: str) -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(p) for p in _data()[kind])


def debris(text: str, title: str = "") -> str:
    """Why ``text`` (one passage) is not report text: a kind of :data:`KINDS`, ``"title"``, or ""."""
    stripped = text.strip()
    for kind in KINDS:
        if any(p.search(stripped) for p in _patterns(kind)):
            return kind
    if title and _glued_title(stripped, title):
        return "title"
    return ""


def _glued_title(text: str, title: str) -> bool:
    """Whether a passage starts with the report's title and goes on without a sentence break
    ("Hochwasser in Passau Einsatzkräfte sichern die Altstadt."): a caption or kicker joined to it."""
    heads = {title.strip(), title.split(":", 1)[-1].strip(), title.split(" – ", 1)[0].strip()}
    for head in heads:
        if len(head.split()) >= 2 and text.startswith(head) and len(text) > len(head) + 1:
            rest = text[len(head) :]
            if rest[:1] == " " and rest[1:2].isupper():
                return True
    return False


# -- spellings ----------------------------------------------------------------------------------


def _distance(a: str, b: str, limit: int) -> int:
    """Levenshtein distance, cut off above ``limit``."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous = list(range(len(b) + 1))
    for i, char in enumerate(a, 1):
        current = [i]
        for j, other in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (char != other)))
        if min(current) > limit:
            return limit + 1
        previous = current
    return previous[-1]


def _inflected(a: str, b: str) -> bool:
    """Whether one form is the other plus an inflection ending ("passau"/"passaus")."""
    short, long = (a, b) if len(a) <= len(b) else (b, a)
    return long.startswith(short) and long[len(short) :] in _data()["spelling"]["inflections"]


def _variant(a: str, b: str) -> bool:
    if a == b or a[:1] != b[:1] or _inflected(a, b):
        return False
    limit = 2 if min(len(a), len(b)) >= 10 else 1
    return _distance(a, b, limit) <= limit


def typos(names: Mapping[int, Iterable[str]]) -> dict[str, str]:
    """One-report misspellings: surface form → the spelling most reports use.

    ``names`` maps each independent report (syndication group) to the surface forms of the names
    it uses. A form counts as a typo when exactly one report uses it and a variant of it (one edit
    apart, two for long names; never a mere inflection) is used by at least two other reports."""
    minimum = int(_data()["spelling"]["min_length"])
    users: dict[str, set[int]] = {}
    surface: dict[str, str] = {}
    for group, forms in names.items():
        for form in forms:
            for word in form.split():
                key = fold(word)
                if len(key) >= minimum and word[:1].isupper():
                    users.setdefault(key, set()).add(group)
                    surface.setdefault(key, word)
    found: dict[str, str] = {}
    keys = sorted(users)
    for key in keys:
        if len(users[key]) != 1:
            continue
        rivals = [k for k in keys if len(users[k] - users[key]) >= 2 and _variant(key, k)]
        if rivals:
            best = max(rivals, key=lambda k: (len(users[k]), k))
            found[surface[key]] = surface[best]
    return found


def carries_typo(text: str, found: Mapping[str, str]) -> str:
    """The first one-report misspelling that ``text`` contains ("" when none)."""
    for word in re.findall(r"[^\W\d_][\w\-]*", text):
        if word in found:
            return word
    return ""
