"""Entailment: the place where a model judges whether the evidence states the claim.

No NLI model ships in any installable package here (DESIGN.md), so the built-in check asks an LLM
judge over an OpenAI-compatible chat API (OpenAI, Ollama, vLLM, llama.cpp server) when one is
configured (``verify.judge_url`` and ``verify.judge_model``), and does nothing otherwise
(:func:`judge_status` says which). The key is read from the environment variable named by
``verify.judge_api_key_env`` at call time and never stored or printed. The prompt is the template
``prompts/judge.txt``; evidence is numbered and delimited as data.

Anything else that can judge (a local NLI model, a rules engine) implements :class:`Judge` and is
registered as a check with :func:`newsdesk.verify.base.register`.
"""

from __future__ import annotations

import functools
import json
import os
from importlib import resources
from string import Template
from typing import Protocol

from newsdesk.config import VerifySettings
from newsdesk.errors import JudgeError
from newsdesk.verify.base import Claim, Finding, register

LABELS = ("supported", "unsupported", "contradicted")


class Judge(Protocol):
    def judge(self, claim: str, evidence: list[str]) -> tuple[str, str]:
        """(label in :data:`LABELS`, one-sentence reason)."""
        ...


def judge_status(settings: VerifySettings) -> str:
    """ "configured: MODEL at URL" or "not configured" (for help texts and reports)."""
    if settings.judge_url and settings.judge_model:
        return f"configured: {settings.judge_model} at {settings.judge_url}"
    return "not configured (set verify.judge_url and verify.judge_model)"


@functools.cache
def _template() -> Template:
    text = resources.files("newsdesk.verify").joinpath("prompts/judge.txt").read_text("utf-8")
    return Template("\n".join(line for line in text.splitlines() if not line.startswith("# ")))


def render_prompt(claim: str, evidence: list[str]) -> str:
    numbered = "\n".join(f"[{i}] {' '.join(text.split())}" for i, text in enumerate(evidence, 1))
    return _template().substitute(claim=" ".join(claim.split()), evidence=numbered)


class OpenAIJudge:
    """A judge over an OpenAI-compatible ``/chat/completions`` endpoint (JSON answer)."""

    def __init__(self, settings: VerifySettings) -> None:
        self.settings = settings

    def judge(self, claim: str, evidence: list[str]) -> tuple[str, str]:
        import httpx

        s = self.settings
        key = os.environ.get(s.judge_api_key_env, "") if s.judge_api_key_env else ""
        headers = {"Authorization": f"Bearer {key}"} if key else {}
        body = {
            "model": s.judge_model,
            "temperature": 0,
            "response_format": {"type": "json_object"},
            "messages": [{"role": "user", "content": render_prompt(claim, evidence)}],
        }
        url = s.judge_url.rstrip("/") + "/chat/completions"
        try:
            response = httpx.post(url, json=body, headers=headers, timeout=s.judge_timeout)
            response.raise_for_status()
            content = response.json()["choices"][0]["message"]["content"]
            answer = json.loads(content)
        except httpx.HTTPError as exc:
            raise JudgeError(f"LLM judge request failed: {exc}", source=url) from exc
        except (KeyError, IndexError, TypeError, ValueError) as exc:
            raise JudgeError("LLM judge gave no JSON answer", source=url) from exc
        label = str(answer.get("label", "")).lower() if isinstance(answer, dict) else ""
        if label not in LABELS:
            raise JudgeError(f"LLM judge answered an unknown label {label!r}", source=url)
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
