"""The verifier's own word lists (``newsdesk/data/verify.toml``: negators, attribution cues, …).

Words, stop words, lemmas and overlap are the shared toolkit of :mod:`newsdesk.lang.words`; the
language guesser is :func:`newsdesk.ingest.langid.guess_language`.
"""

from __future__ import annotations

import functools
import tomllib
from dataclasses import dataclass
from importlib import resources
from typing import Any


@dataclass(frozen=True)
class Words:
    negators: frozenset[str]
    cues: frozenset[str]
    ambiguous: frozenset[str]
    demonstratives: frozenset[str]
    filler: frozenset[str]
    superlative_exceptions: frozenset[str]
    anaphors: frozenset[str]
    negative: frozenset[str]
    not_negating: tuple[str, ...]
    sensational: dict[str, tuple[str, ...]]


@functools.cache
def data() -> dict[str, Any]:
    """``newsdesk/data/verify.toml``, parsed once."""
    return tomllib.loads(resources.files("newsdesk.data").joinpath("verify.toml").read_text("utf-8"))


@functools.cache
def words() -> Words:
    """The verifier's word lists, loaded once."""
    raw = data()
    lists = {
        name: frozenset(str(w).lower() for w in raw[name])
        for name in (
            "negators",
            "cues",
            "ambiguous",
            "demonstratives",
            "filler",
            "superlative_exceptions",
            "anaphors",
            "negative",
        )
    }
    sensational = {key: tuple(v) for key, v in raw["sensational"].items()}
    not_negating = tuple(str(p).lower() for p in raw["not_negating"])
    return Words(**lists, not_negating=not_negating, sensational=sensational)
