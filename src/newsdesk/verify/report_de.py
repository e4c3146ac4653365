"""The audit report in German, for people: ``newsdesk check --html`` and the web UI's audit page.

The JSON report (``newsdesk.audit/1``) keeps its English kinds, statuses and details, which
programs read. :func:`german_view` gives the template everything in German: verdict labels,
problem kinds, source statuses and each detail, through the patterns in
``data/audit_de.toml`` (registries are data); :func:`summary_de` is the report's summary line.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

LABELS_DE = {
    "supported": "belegt",
    "unsupported": "nicht belegt",
    "contradicted": "widersprochen",
    "misattributed": "falsch zugeschrieben",
    "unverifiable": "nicht prüfbar",
}


FALLBACK = "nicht lesbar"


@dataclass(frozen=True)
class _Pattern:
    regex: re.Pattern[str]
    german: str


@dataclass(frozen=True)
class _Table:
    kinds: dict[str, str]
    statuses: dict[str, str]
    details: tuple[_Pattern, ...]


@cache
def _table() -> _Table:
    data = tomllib.loads(resources.files("newsdesk.data").joinpath("audit_de.toml").read_text("utf-8"))
    details = tuple(_Pattern(re.compile(d["en"]), d["de"]) for d in data["details"])
    return _Table(dict(data["kinds"]), dict(data["statuses"]), details)


def german(detail: str) -> str | None:
    """``detail`` in German, or None when no pattern knows it."""
    for pattern in _table().details:
        match = pattern.regex.match(detail)
        if match is None:
            continue
        values: dict[str, str] = {}
        for name, value in match.groupdict().items():
            value = value or ""
            if name.endswith(("_t", "_f")):
                parts = [german(part) for part in value.split("; ")]
                if any(part is None for part in parts):
                    if name.endswith("_t"):
                        return None
                    parts = [FALLBACK]  # a reader's error from elsewhere: said plainly
                value = "; ".join(p for p in parts if p is not None)
            values[name] = value
        return pattern.german.format(**values)
    return None


def detail_de(detail: str) -> str:
    """``detail`` in German (its English words when no pattern knows it)."""
    return german(detail) or detail


def kind_de(kind: str) -> str:
    """A problem kind in German."""
    return _table().kinds.get(kind, kind)


def status_de(status: str) -> str:
    """A source status in German."""
    return _table().statuses.get(status, status)


def summary_de(report: dict[str, Any]) -> str:
    """The summary line: sentences by verdict, sources read and not read."""
    s = report["summary"]
    counts = ", ".join(f"{s.get(label, 0)} {caption}" for label, caption in LABELS_DE.items())
    sources = f"{s.get('sources', 0)} Quellen ({s.get('sources_unreachable', 0)} nicht lesbar)"
    return f"{s.get('sentences', 0)} Sätze: {counts}; {sources}"


def _problem(problem: dict[str, Any]) -> dict[str, Any]:
    return {**problem, "kind": kind_de(problem["kind"]), "detail": detail_de(problem["detail"])}


def german_view(report: dict[str, Any]) -> dict[str, Any]:
    """A copy of the JSON report (``AuditReport.to_dict()``) with German words for the template."""
    view = dict(report)
    view["problems"] = [_problem(p) for p in report["problems"]]
    sentences = []
    for sentence in report["sentences"]:
        verdict = dict(sentence["verdict"]) if sentence.get("verdict") else None
        if verdict is not None:
            verdict["problems"] = [_problem(p) for p in verdict["problems"]]
        sentences.append({**sentence, "verdict": verdict})
    view["sentences"] = sentences
    view["sources"] = [
        {**s, "status": status_de(s["status"]), "detail": detail_de(s.get("detail") or "")}
        for s in report["sources"]
    ]
    view["summary_line"] = summary_de(report)
    return view
