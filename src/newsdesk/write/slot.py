"""One sentence of an LLM-written article while it is drafted, verified and repaired.

Shared by the writer (:mod:`newsdesk.write.llm`) and the assembly of the article
(:mod:`newsdesk.write.llm_article`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from newsdesk.models import Sentence
from newsdesk.write.draft import Proposal


@dataclass
class Slot:
    """One sentence of the article while it is drafted, verified and repaired."""

    id: str
    proposal: Proposal
    sentence: Sentence
    invalid: list[int] = field(default_factory=list)  # cited numbers that name no passage
    place: tuple[int, int] | None = None  # (section, paragraph) of the draft; None: headline, subheadline
    repaired: int = 0  # repair rounds that rewrote it
    recited: bool = False  # its citations were matched by the writer (newsdesk.write.recite)
    withdrawn: bool = False  # the model withdrew it in a repair

    @property
    def ok(self) -> bool:
        """Publishable: supported, citing only real passages, not withdrawn."""
        verdict = self.sentence.verdict
        return (
            verdict is not None and verdict.label == "supported" and not self.invalid and not self.withdrawn
        )
