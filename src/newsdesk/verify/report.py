"""Presenting an audit: a Rich table for the terminal and an HTML page (Jinja2 template, autoescaped).

The JSON form is :meth:`newsdesk.models.AuditReport.to_dict` (``newsdesk.audit/1``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from newsdesk.models import AuditReport
from newsdesk.verify.report_de import LABELS_DE, german_view

__all__ = ["LABELS_DE", "STYLES", "outlets", "problem_lines", "render_html", "table", "write_html"]
STYLES = {
    "supported": "green",
    "unsupported": "yellow",
    "contradicted": "red",
    "misattributed": "magenta",
    "unverifiable": "dim",
}


def outlets(report: AuditReport) -> dict[int, str]:
    """Document id → outlet name of the report's readable sources."""
    return {s["document"]: s.get("outlet", "") for s in report.sources if s.get("document") is not None}


def render_html(report: AuditReport) -> str:
    """The audit as one self-contained HTML page, in German (:mod:`newsdesk.verify.report_de`)."""
    from jinja2 import Environment, PackageLoader, select_autoescape

    env = Environment(
        loader=PackageLoader("newsdesk.verify", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
    )
    template = env.get_template("audit.html")
    return template.render(report=german_view(report.to_dict()), outlets=outlets(report), labels=LABELS_DE)


def write_html(report: AuditReport, path: Path) -> None:
    path.write_text(render_html(report), encoding="utf-8")


def table(report: AuditReport, width: int) -> Any:
    """A Rich table: sentence id, text, verdict, evidence outlet, first problem."""
    from rich.table import Table
    from rich.text import Text

    names = outlets(report)
    grid = Table(show_lines=False, expand=False)
    grid.add_column("id", no_wrap=True)
    grid.add_column("sentence", overflow="fold", width=max(30, (width - 40) * 3 // 5))
    grid.add_column("verdict", no_wrap=True)
    grid.add_column("evidence", overflow="fold", width=max(12, (width - 40) * 2 // 5))
    for sentence in report.sentences:
        verdict = sentence.verdict
        if verdict is None:
            continue
        sources = ", ".join(dict.fromkeys(names.get(e.source, "?") for e in verdict.evidence)) or "–"
        detail = f"\n{verdict.problems[0].kind}: {verdict.problems[0].detail}" if verdict.problems else ""
        grid.add_row(
            sentence.id,
            Text(sentence.text + detail),
            Text(verdict.label, style=STYLES[verdict.label]),
            Text(sources),
        )
    return grid


def problem_lines(report: AuditReport) -> list[str]:
    """One line per article-level problem and a summary line."""
    lines = [f"{p['kind']}: {p['detail']}" for p in report.problems]
    s = report.summary
    counts = ", ".join(f"{s.get(label, 0)} {label}" for label in LABELS_DE)
    sources = f"{s.get('sources', 0)} sources ({s.get('sources_unreachable', 0)} unreachable)"
    lines.append(f"{s.get('sentences', 0)} sentences: {counts}; {sources}")
    return lines
