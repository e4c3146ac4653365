"""Kinds of event (what happened: a fire, an election, a prize, a strike …) and the cues of a
report's kind, read from ``data/event_kinds.toml`` and ``data/story_cues.toml``.

* ``kind_scores``: cue hits per kind, the title counting twice; ``dominant``: the kinds that score
  at least half of the best one (:func:`newsdesk.stories.frame.read_frame` keeps them as the
  report's ``kinds``).
* ``kinds_after``: kinds the title and lead look back at ("Am Morgen nach dem Sturm").
* The flags of a kind: ``follows`` (the arrest after an attack), ``lasting`` (an insolvency, with
  its number of ``parties``), ``brings`` (the flood's mudflow) and ``recurring`` (a match, talks,
  a strike); :mod:`newsdesk.stories.score` decides with them.
* ``cues``: a retrospective, a repeated occurrence, a reference back (``data/story_cues.toml``).
"""

from __future__ import annotations

import re
import tomllib
from collections import Counter
from collections.abc import Mapping, Sequence
from collections.abc import Set as AbstractSet
from functools import cache
from importlib import resources
from types import MappingProxyType
from typing import Any

from newsdesk.lang.exonyms import fold
from newsdesk.lang.quotes import quoted_spans

WORD = re.compile(r"[^\W\d_][\w'’\-]*")


@cache
def _kind_table() -> tuple[dict[str, Any], ...]:
    """The kinds of ``data/event_kinds.toml``, read once."""
    data = tomllib.loads((resources.files("newsdesk.data") / "event_kinds.toml").read_text(encoding="utf-8"))
    return tuple(data["kind"])


@cache
def _kinds() -> tuple[tuple[str, re.Pattern[str], re.Pattern[str]], ...]:
    compiled = []
    for kind in _kind_table():
        de, en = (
            re.compile(r"\b(?:" + "|".join(kind[lang]) + r")\b", re.IGNORECASE) for lang in ("de", "en")
        )
        compiled.append((kind["name"], de, en))
    return tuple(compiled)


def _flagged(flag: str) -> frozenset[str]:
    return frozenset(kind["name"] for kind in _kind_table() if kind.get(flag) is True)


@cache
def following_kinds() -> frozenset[str]:
    """Kinds that follow an event of another kind and are reported as part of it (``follows`` in
    ``data/event_kinds.toml``: the arrest after an attack, the recovery after a collapse)."""
    return _flagged("follows")


@cache
def lasting_kinds() -> Mapping[str, int]:
    """Kinds of a state that lasts (``lasting`` in ``data/event_kinds.toml``: an insolvency), each
    with the number of its parties (``parties``, default 1: a takeover has the buyer and the
    bought company)."""
    return MappingProxyType(
        {k["name"]: int(k.get("parties", 1)) for k in _kind_table() if k.get("lasting") is True}
    )


@cache
def brought_kinds() -> Mapping[str, frozenset[str]]:
    """Each kind with the kinds one event of it brings with it or is brought by (``brings`` in
    ``data/event_kinds.toml``, both ways: the flood's mudflow, and the flood of the mudflow's)."""
    pairs: dict[str, set[str]] = {}
    for kind in _kind_table():
        for other in kind.get("brings", []):
            pairs.setdefault(kind["name"], set()).add(other)
            pairs.setdefault(other, set()).add(kind["name"])
    return MappingProxyType({k: frozenset(v) for k, v in pairs.items()})


def brought_with(kinds: AbstractSet[str]) -> frozenset[str]:
    """The kinds events of ``kinds`` bring with them or are brought by (``brings``)."""
    brought = brought_kinds()
    return frozenset().union(*(brought.get(k, frozenset()) for k in kinds))


@cache
def recurring_kinds() -> frozenset[str]:
    """Kinds the same people repeat within weeks (``recurring`` in ``data/event_kinds.toml``)."""
    return _flagged("recurring")


@cache
def cues() -> dict[str, re.Pattern[str]]:
    data = tomllib.loads((resources.files("newsdesk.data") / "story_cues.toml").read_text(encoding="utf-8"))
    return {
        name: re.compile("|".join(f"(?:{p})" for p in data[name]), re.IGNORECASE)
        for name in ("retrospective", "repeat", "again_title", "backref", "remains")
    }


def kind_scores(title: str, lead: str, language: str) -> Counter[str]:
    """Cue hits per kind: each hit in the title counts 2, in the lead 1. A simile is no cue ("Es
    krachte wie ein Erdbeben", "it sounded like an explosion"), nor are the words of a quotation
    in the lead (the union's „Angriff auf eine ganze Region“, the tourism chief's „Tor zum See“):
    the reporter's words say what happened. A title that quotes a witness keeps its cues."""
    scores: Counter[str] = Counter()
    german = language.lower().startswith("de")
    quoted = quoted_spans(lead)
    for name, de, en in _kinds():
        pattern = de if german else en
        hits = 2 * _hits(pattern, title) + _hits(pattern, lead, quoted)
        if hits:
            scores[name] = hits
    return scores


_SIMILE = re.compile(
    r"\b(?:wie|like|als ob|as if|as though)\s+(?:(?:ein|eine|einem|einer|a|an)\s+)?$", re.IGNORECASE
)


def _hits(pattern: re.Pattern[str], text: str, quoted: Sequence[tuple[int, int]] = ()) -> int:
    return sum(
        1
        for m in pattern.finditer(text)
        if not _SIMILE.search(text[max(0, m.start() - 16) : m.start()])
        and not any(start <= m.start() < end for start, end in quoted)
    )


_AFTER = frozenset(["nach", "seit", "after", "since", "following"])


def kinds_after(title: str, lead: str, language: str) -> tuple[str, ...]:
    """Kinds the title and lead look back at: a cue within three words after "nach", "seit",
    "after", "since", "following" ("Am Morgen nach dem Sturm", "Nach Schüssen:", "after the
    storm"): what followed an event of that kind, reported as such."""
    german = language.lower().startswith("de")
    found = set()
    for head in (title, lead):
        for name, de, en in _kinds():
            for match in (de if german else en).finditer(head):
                # within the clause: "Nach Schüssen: Polizei durchsucht …" looks back at shots only
                clause = re.split(r"[:;,.!?–—]", head[max(0, match.start() - 40) : match.start()])[-1]
                before = [fold(w) for w in WORD.findall(clause)]
                if _AFTER & set(before[-3:]):
                    found.add(name)
    return tuple(sorted(found))


def dominant(scores: Counter[str], share: float = 0.5) -> tuple[str, ...]:
    """The kinds that score at least ``share`` of the best one."""
    if not scores:
        return ()
    best = max(scores.values())
    return tuple(sorted(k for k, v in scores.items() if v >= share * best))
