"""The verify stage: per-sentence verdicts against cited passages, and audits of existing articles.

Public surface: :class:`Verifier` (``verify_sentence``, ``verify_article``), the check interface
(:func:`register`, :class:`Claim`, :class:`Finding`, :func:`registry`) and :func:`audit` behind
``newsdesk check``. Nothing heavy is loaded at import time.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from newsdesk.verify.base import Check, Claim, EvidencePassage, Finding, register, registry

if TYPE_CHECKING:
    from newsdesk.verify.verifier import Verifier

__all__ = ["Check", "Claim", "EvidencePassage", "Finding", "Verifier", "audit", "register", "registry"]


def __getattr__(name: str) -> Any:
    if name == "Verifier":
        from newsdesk.verify.verifier import Verifier

        return Verifier
    if name == "audit":
        from newsdesk.verify.audit import audit

        return audit
    raise AttributeError(name)
