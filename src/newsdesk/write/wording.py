"""German word facts that the writer's discourse rules share: the word lists of
``data/discourse.toml``, HanTa's tag of a word, person roles, feminine nouns, and direct quotes."""

from __future__ import annotations

import functools
import re
import tomllib
from collections.abc import Iterable
from importlib import resources
from typing import Any

from newsdesk.lang.tagger import GERMAN, tagger

_QUOTED = re.compile(r"„[^“]*“?|»[^«]*«?|\"[^\"]*\"?")


@functools.cache
def words(name: str) -> frozenset[str]:
    return frozenset(str(w) for w in data()["words"][name])


@functools.cache
def data() -> dict[str, Any]:
    """The parsed ``discourse.toml``."""
    text = resources.files("newsdesk.data").joinpath("discourse.toml").read_text("utf-8")
    parsed = tomllib.loads(text)
    for table in ("words", "pronouns", "connectives", "descriptions", "speech", "persons", "freshness"):
        if table not in parsed:
            raise ValueError(f"discourse.toml: missing [{table}]")
    return parsed


@functools.cache
def _role_heads() -> tuple[str, ...]:
    return tuple(sorted({h.lower() for h in data()["persons"]["role_heads"]}, key=len, reverse=True))


def is_role(word: str) -> bool:
    """Whether a word can stand as a title before a name ("Trainerin", "DWD-Meteorologe")."""
    lowered = word.lower()
    return len(word) > 2 and word[:1].isupper() and lowered.endswith(_role_heads())


@functools.lru_cache(maxsize=8192)
def feminine_noun(word: str) -> bool:
    """Whether HanTa analyses a noun with the feminine suffix ("Österreicherin", "Ministerin")."""
    if not word[:1].isupper() or not word.endswith(("in", "innen")):
        return False
    _, parts, tag = tagger(GERMAN).analyze(word, taglevel=3)
    return tag == "NN" and any(kind == "SUF_FEM" for _, kind in parts)


# -- people ---------------------------------------------------------------------------------------


def quoted_spans(text: str) -> list[tuple[int, int]]:
    """Spans of direct quotes, including one that began in the sentence before (a closing mark
    with no opening one: "Das ist verrückt.“")."""
    spans = [(m.start(), m.end()) for m in _QUOTED.finditer(text)]
    closing = min((text.find(c) for c in "“«" if c in text), default=-1)
    opening = min((text.find(c) for c in "„»" if c in text), default=len(text))
    if 0 <= closing < opening:
        spans.append((0, closing + 1))
    return spans


def continues_quote(text: str) -> bool:
    """Whether ``text`` starts inside a quote that began in the sentence before."""
    closing = min((text.find(c) for c in "“«" if c in text), default=-1)
    opening = min((text.find(c) for c in "„»" if c in text), default=len(text))
    return 0 <= closing < opening


@functools.lru_cache(maxsize=16384)
def word_tag(word: str) -> str:
    """HanTa's most likely STTS tag of a German word out of context."""
    return str(tagger(GERMAN).tag_word(word)[0][0])


def inside(position: int, spans: Iterable[tuple[int, int]]) -> bool:
    return any(start <= position < end for start, end in spans)
