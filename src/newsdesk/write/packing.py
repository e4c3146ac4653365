"""Which source passages the LLM sees: ranked, packed into a token budget, numbered, delimited.

Every passage of the story's reports (all languages; one copy of syndicated agency text) is a
candidate, except boilerplate, fragments of fewer than three words and passages that read as
instructions to a model (patterns in ``data/llm.toml``; they are listed as excluded). Candidates
are ranked by

    0.45 · centrality   how closely the other reports say the same (as the extractive writer does)
  + 0.20 · information  names and numbers it carries
  + 0.35 · position     news puts the most important facts first (1 / (1 + 0.3 · rank))

and packed into ``llm.context_tokens``: first the opening passage of every report (so each report
is heard), then the rest by rank, as long as they fit. The packed passages are shown in document
order, grouped by report, numbered 1…N; the writer maps these numbers back to (document, passage).
Token counts are estimated (3.5 characters a token, a little more than most tokenizers need for
German); the server's real prompt token count is reported next to the estimate.
"""

from __future__ import annotations

import functools
import math
import re
import tomllib
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

from newsdesk.write import german
from newsdesk.write.evidence import Evidence, Unit, similarity

LINE_OVERHEAD = 4  # tokens of the "[12] " prefix and the line break
SOURCE_OVERHEAD = 24  # tokens of a report's <source …> wrapper
_TAG = re.compile(r"</?\s*[A-Za-z_|][^<>]{0,80}>")


@dataclass(frozen=True)
class Numbered:
    """A passage as the model sees it: its number in the prompt and where it comes from."""

    number: int
    unit: Unit
    tokens: int

    @property
    def key(self) -> tuple[int, int]:
        """(document id, passage index)."""
        return self.unit.key


@dataclass
class Context:
    """The packed passages and what packing them cost."""

    passages: list[Numbered]
    budget: int
    tokens: int
    candidates: int
    excluded: list[dict[str, Any]] = field(default_factory=list)

    def get(self, number: int) -> Numbered | None:
        """The passage with this number in the prompt, or None."""
        return self.passages[number - 1] if 1 <= number <= len(self.passages) else None

    def report(self) -> dict[str, Any]:
        """Budget and counts for the article's metadata."""
        return {
            "budget_tokens": self.budget,
            "passage_tokens_estimated": self.tokens,
            "passages_available": self.candidates,
            "passages_used": len(self.passages),
            "excluded": self.excluded,
        }


def estimate_tokens(text: str) -> int:
    """Tokens of ``text``, estimated at 3.5 characters a token."""
    return math.ceil(len(text) / 3.5)


@functools.cache
def llm_data() -> dict[str, Any]:
    """The parsed ``data/llm.toml``."""
    text = resources.files("newsdesk.data").joinpath("llm.toml").read_text("utf-8")
    return tomllib.loads(text)


@functools.cache
def _injection() -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(p, re.IGNORECASE | re.MULTILINE) for p in llm_data()["injection"]["patterns"])


def looks_like_instruction(text: str) -> bool:
    """Whether a passage reads as an instruction to a model, a role marker or a fake answer."""
    return any(p.search(text) for p in _injection())


def as_data(text: str) -> str:
    """A passage's text for the prompt: one line, with tag-like sequences defused (``<x>`` → ``‹x›``)."""
    flat = " ".join(text.split())
    return _TAG.sub(lambda m: m.group().replace("<", "‹").replace(">", "›"), flat)


def pack(evidence: Evidence, budget: int) -> Context:
    """Rank the story's passages and pack the best into ``budget`` tokens (see the module docstring)."""
    excluded: list[dict[str, Any]] = []
    usable: list[Unit] = []
    for unit in evidence.units:
        text = unit.core.strip()
        if len(text.split()) < 3 or german.is_boilerplate(text):
            continue
        if looks_like_instruction(text):
            excluded.append(
                {"source": unit.key[0], "passage": unit.key[1], "reason": "reads as an instruction"}
            )
            continue
        usable.append(unit)
    scores = _scores(usable, evidence)
    opening: dict[int, Unit] = {}
    for unit in usable:
        opening.setdefault(unit.group, unit)
    ordered = sorted(opening.values(), key=lambda u: u.key)
    ordered += sorted((u for u in usable if opening[u.group] is not u), key=lambda u: (-scores[u.key], u.key))
    chosen: list[tuple[Unit, int]] = []
    used = 0
    groups: set[int] = set()
    for unit in ordered:
        cost = estimate_tokens(as_data(unit.core)) + LINE_OVERHEAD
        extra = SOURCE_OVERHEAD if unit.group not in groups else 0
        if used + cost + extra > budget:
            continue
        chosen.append((unit, cost))
        used += cost + extra
        groups.add(unit.group)
    chosen.sort(key=lambda pair: pair[0].key)
    numbered = [Numbered(i, unit, cost) for i, (unit, cost) in enumerate(chosen, 1)]
    return Context(numbered, budget, used, len(usable), excluded)


def _scores(units: list[Unit], evidence: Evidence) -> dict[tuple[int, int], float]:
    by_group: dict[int, list[Unit]] = {}
    for unit in units:
        by_group.setdefault(unit.group, []).append(unit)
    rank = {u.key: i for members in by_group.values() for i, u in enumerate(members)}
    scores = {}
    for unit in units:
        matches = [
            max(similarity(unit, other, evidence.rare_names) for other in members)
            for group, members in by_group.items()
            if group != unit.group
        ]
        centrality = sum(matches) / len(matches) if matches else 0.0
        information = 1 - math.exp(-(len(unit.quantities) + 0.5 * len(unit.names)) / 2)
        scores[unit.key] = 0.45 * centrality + 0.2 * information + 0.35 / (1 + 0.3 * rank[unit.key])
    return scores


def render_passages(context: Context, evidence: Evidence) -> str:
    """The passages block of the prompt: each report in a ``<source>`` wrapper, passages numbered."""
    lines: list[str] = []
    current: int | None = None
    for item in context.passages:
        group = item.unit.group
        if group != current:
            if current is not None:
                lines.append("</source>")
            document = evidence.documents[group]
            day = (document.published or "")[:10]
            outlet = as_data(document.outlet).replace('"', "'")
            lines.append(f'<source outlet="{outlet}" language="{document.language}" published="{day}">')
            current = group
        lines.append(f"[{item.number}] {as_data(item.unit.core)}")
    if current is not None:
        lines.append("</source>")
    return "\n".join(lines)
