"""The verify stage: per-sentence verdicts against cited passages, and audits of existing articles.

Public surface: :class:`Verifier` (``verify_sentence``, ``verify_article``), the check interface
(:func:`register`, :class:`Claim`, :class:`Finding`, :func:`registry`) and :func:`audit` behind
``newsdesk check`` (the newsroom service reads the article and resolves its sources first).
Nothing heavy is loaded at import time: the embedding model loads when it first embeds.
"""

from __future__ import annotations

from newsdesk.verify.audit import AuditSources, audit
from newsdesk.verify.base import Check, Claim, EvidencePassage, Finding, register, registry
from newsdesk.verify.verifier import Verifier

__all__ = [
    "AuditSources",
    "Check",
    "Claim",
    "EvidencePassage",
    "Finding",
    "Verifier",
    "audit",
    "register",
    "registry",
]
