"""Antonyms: the claim says the opposite of its evidence without a negation word.

"Der Umsatz stieg" against "Revenue fell", "gewann" against "lost", "freigelassen" against
"arrested": the word pairs are data (``antonyms`` in ``newsdesk/data/verify.toml``), German and
English together. A claim with a word of one side is ``contradicted`` when its cited passages have
the other side and not its own, and the claim is otherwise about that evidence (the strict relevance of
:func:`newsdesk.verify.anchors.relevant`).
"""

from __future__ import annotations

import functools
import re
import tomllib
from importlib import resources

from newsdesk.verify.anchors import relevant
from newsdesk.verify.base import Claim, Finding, register
from newsdesk.verify.text import normalize

Side = re.Pattern[str]


@functools.cache
def antonym_pairs() -> tuple[tuple[Side, Side], ...]:
    """The antonym pairs as compiled patterns (loaded once)."""
    data = tomllib.loads(resources.files("newsdesk.data").joinpath("verify.toml").read_text("utf-8"))

    def side(forms: list[str]) -> Side:
        parts = [re.escape(f) + (r"(?!\w)" if len(f.strip()) <= 4 else "") for f in forms]
        return re.compile(r"(?<!\w)(?:" + "|".join(parts) + ")", re.IGNORECASE)

    return tuple((side(a), side(b)) for a, b in data["antonyms"]["pairs"])


@register("antonyms")
def check_antonyms(claim: Claim) -> list[Finding]:
    """The claim must not use the opposite word of its evidence ("stieg" against "fell")."""
    best = claim.best
    if best is None:
        return []
    text = normalize(claim.text)
    # the passages with their neighbours: what the other checks accept from a neighbour ("Das ist
    # der höchste Wert seit 2005.") must not be turned around either
    evidence = normalize(" ".join(e.context for e in claim.evidence))
    for a, b in antonym_pairs():
        for mine, other in ((a, b), (b, a)):
            said, opposite = mine.search(text), other.search(evidence)
            if not (said and opposite) or mine.search(evidence) or other.search(text):
                continue
            if relevant(claim, said.group()):
                detail = f"„{said.group()}“ against „{opposite.group()}“ in the evidence"
                return [Finding("negation", detail, "contradicted")]
    return []
