"""Entailment: the place where a model judges whether the evidence states the claim.

No NLI model ships in any installable package here (DESIGN.md), so the built-in check asks an LLM
judge over an OpenAI-compatible chat API (OpenAI, Ollama, vLLM, llama.cpp server) when one is
configured (``verify.judge_url`` and ``verify.judge_model``), and does nothing otherwise
(:func:`judge_status` says which). The request goes through the same
:class:`~newsdesk.llm.client.ChatClient` as the LLM writer's (structured output with fallbacks,
timeouts, one retry on 429/5xx). The key is read from the environment variable named by
``verify.judge_api_key_env`` at call time and never stored or printed. The prompt is the template
``prompts/judge.txt``; evidence is numbered and delimited as data.

Anything else that can judge (a local NLI model, a rules engine) implements :class:`Judge` and is
registered as a check with :func:`newsdesk.verify.base.register`.
"""

from __future__ import annotations

import os
from typing import Any, Protocol

from newsdesk.config import VerifySettings
from newsdesk.errors import JudgeError, LLMError
from newsdesk.llm.client import ChatClient
from newsdesk.llm.jsonparse import parse_json_object
from newsdesk.llm.prompts import load_prompt
from newsdesk.secret import Secret
from newsdesk.verify.base import Claim, Finding, register

LABELS = ("supported", "unsupported", "contradicted")
ANSWER_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {"label": {"type": "string", "enum": list(LABELS)}, "reason": {"type": "string"}},
    "required": ["label", "reason"],
    "additionalProperties": False,
}


class Judge(Protocol):
    def judge(self, claim: str, evidence: list[str]) -> tuple[str, str]:
        """(label in :data:`LABELS`, one-sentence reason)."""
        ...


def judge_status(settings: VerifySettings) -> str:
    """ "configured: MODEL at URL" or "not configured" (for help texts and reports)."""
    if settings.judge_url and settings.judge_model:
        return f"configured: {settings.judge_model} at {settings.judge_url}"
    return "not configured (set verify.judge_url and verify.judge_model)"


def render_prompt(claim: str, evidence: list[str]) -> str:
    """The judge's prompt (one user message) for a claim and its evidence passages."""

    numbered = "\n".join(f"[{i}] {' '.join(text.split())}" for i, text in enumerate(evidence, 1))
    [message] = load_prompt("newsdesk.verify", "prompts/judge.txt").render(
        claim=" ".join(claim.split()), evidence=numbered
    )
    return message["content"]


class OpenAIJudge:
    """A judge over an OpenAI-compatible ``/chat/completions`` endpoint (JSON answer)."""

    def __init__(self, settings: VerifySettings) -> None:
        self.settings = settings

    def judge(self, claim: str, evidence: list[str]) -> tuple[str, str]:
        """Ask the judge; JudgeError when it cannot be asked or answers nonsense."""

        s = self.settings
        key = Secret(os.environ.get(s.judge_api_key_env, "") if s.judge_api_key_env else "")
        client = ChatClient(s.judge_url, s.judge_model, api_key=key, timeout=s.judge_timeout, retries=1)
        messages = [{"role": "user", "content": render_prompt(claim, evidence)}]
        try:
            with client:
                reply = client.chat(messages, schema=ANSWER_SCHEMA, schema_name="verdict", max_tokens=300)
            answer = parse_json_object(reply.content)
        except LLMError as exc:
            raise JudgeError(f"LLM judge request failed: {exc.message}", source=client.endpoint) from exc
        except ValueError as exc:
            raise JudgeError("LLM judge gave no JSON answer", source=client.endpoint) from exc
        label = str(answer.get("label", "")).lower()
        if label not in LABELS:
            raise JudgeError(f"LLM judge answered an unknown label {label!r}", source=client.endpoint)
        return label, str(answer.get("reason", ""))[:300]


@register("entailment")
def check_entailment(claim: Claim) -> list[Finding]:
    """Ask the configured judge; without one, this check does nothing."""
    s = claim.settings
    if not (s.judge_url and s.judge_model) or not claim.evidence:
        return []
    try:
        label, reason = OpenAIJudge(s).judge(claim.text, [e.passage.text for e in claim.evidence])
    except JudgeError as exc:
        return [Finding("entailment", f"judge unavailable: {exc}", "note")]
    if label == "supported":
        return []
    return [Finding("entailment", f"LLM judge: {reason}", label)]  # type: ignore[arg-type]
