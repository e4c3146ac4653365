"""Markdown: headline, sub-headline, dateline, sections, source numbers after each sentence, a note
on the facts the sources disagree on ("Widersprüchliche Angaben"), and the numbered source list at
the end.

Source text is escaped (``*``, ``[``, ``<`` … lose their Markdown meaning). With ``marks`` a
sentence the verifier did not find supported carries its verdict in brackets, and the sentences the
verifier dropped are listed at the end; without ``marks`` (publication) neither appears.
"""

from __future__ import annotations

import re

from newsdesk.models import Article
from newsdesk.render.base import RenderOptions
from newsdesk.render.text import (
    CONFLICTS_HEADING,
    conflict_lines,
    dateline_text,
    disclosure,
    german_date,
    is_supported,
    outlet_label,
    sentence_numbers,
    source_numbers,
    verdict_text,
)
from newsdesk.urls import web_link

_SPECIAL = re.compile(r"([\\`*_\[\]<>|#])")


def escape(text: str) -> str:
    """Text with Markdown's special characters backslash-escaped."""
    return _SPECIAL.sub(r"\\\1", text)


def _link(url: str) -> str:
    """An autolink for a valid web address (percent-encoded: no space, ``<`` or ``>`` inside);
    anything else as escaped text (never a ``javascript:`` link)."""
    link = web_link(url)
    return f"<{link}>" if link else escape(url)


def to_markdown(article: Article, options: RenderOptions | None = None) -> str:
    """The article as Markdown (see the module docstring)."""
    options = options or RenderOptions()
    timezone = options.settings.timezone
    numbers = source_numbers(article)
    lines = [f"# {escape(article.headline)}", ""]
    if article.subheadline:
        lines += [f"**{escape(article.subheadline)}**", ""]
    dateline = dateline_text(article.dateline)
    for section in article.sections:
        if section.heading:
            lines += [f"## {escape(section.heading)}", ""]
        for paragraph in section.paragraphs:
            parts = []
            for sentence in paragraph.sentences:
                text = escape(sentence.text)
                if options.marks and not is_supported(sentence):
                    text += f" *({escape(verdict_text(sentence))})*"
                marks = "".join(f"[{n}]" for n in sentence_numbers(sentence, numbers))
                parts.append(text + (f" {marks}" if marks else ""))
            text = " ".join(parts)
            if dateline:
                text, dateline = f"*{escape(dateline)}* {text}", ""
            lines += [text, ""]
    if article.conflicts:
        lines += [f"## {CONFLICTS_HEADING}", ""]
        lines += [f"- {escape(line)}" for line in conflict_lines(article)]
        lines.append("")
    lines += ["## Quellen", ""]
    for number, source in enumerate(article.sources, 1):
        entry = f"{number}. {escape(outlet_label(source))}: „{escape(source.title)}“"
        published = german_date(source.published)
        if published:
            entry += f", {published}"
        if source.url:
            entry += f", {_link(source.url)}"
        if source.republished_by:
            entry += f" (gleichlautend bei {escape(', '.join(source.republished_by))})"
        if not source.cited:
            entry += " (nicht zitiert)"
        lines.append(entry)
    if options.marks and article.dropped:
        lines += ["", "## Vom Prüfer entfernt", ""]
        lines += [f"- {escape(s.text)} ({escape(verdict_text(s))})" for s in article.dropped]
    lines += ["", f"*{escape(disclosure(article, options.record, timezone))}*"]
    return "\n".join(lines) + "\n"


class MarkdownRenderer:
    """``md``: Markdown (CommonMark)."""

    name = "md"
    media_type = "text/markdown; charset=utf-8"
    suffix = ".md"

    def render(self, article: Article, options: RenderOptions) -> str:
        """The article as Markdown."""
        return to_markdown(article, options)
