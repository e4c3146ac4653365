"""Minimal renderings of an article: Markdown, HTML (escaped, from ``templates/article.html``), JSON.

Full publishing (PDF, JSON-LD, feeds, themes) belongs to the publishing stage; these renderings
are for reading and reviewing a written article. Every sentence carries its citations as source
numbers ([1], [2]) that point into the numbered source list; syndicated copies are shown with
their source, never as entries of their own.
"""

from __future__ import annotations

import html
import json
import re
import unicodedata
from importlib import resources
from pathlib import Path
from string import Template

from newsdesk.models import Article, Sentence, SourceRef
from newsdesk.write.german import dateline_text, make_dateline

FORMATS = ("md", "html", "json")
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|#])")


def render(article: Article, fmt: str) -> str:
    if fmt == "md":
        return to_markdown(article)
    if fmt == "html":
        return to_html(article)
    if fmt == "json":
        return to_json(article)
    raise ValueError(f"unknown format {fmt!r}")


def to_json(article: Article) -> str:
    return json.dumps(article.to_dict(), ensure_ascii=False, indent=2) + "\n"


def _numbers(article: Article) -> dict[int, int]:
    """Source document id → its number in the source list (syndicated copies share their source's)."""
    return {source.id: number for number, source in enumerate(article.sources, 1)}


def _marks(sentence: Sentence, numbers: dict[int, int]) -> list[int]:
    return sorted({numbers[c.source] for c in sentence.citations if c.source in numbers})


def _published(source: SourceRef) -> str:
    """The publication day as German text ("17. Juni 2025"), or ""."""
    return make_dateline("", source.published).date


def _outlet(source: SourceRef) -> str:
    return f"{source.outlet} ({source.credit})" if source.credit else source.outlet


def _md(text: str) -> str:
    return _MD_SPECIAL.sub(r"\\\1", text)


def to_markdown(article: Article) -> str:
    numbers = _numbers(article)
    lines = [f"# {_md(article.headline)}", ""]
    if article.subheadline:
        lines += [f"**{_md(article.subheadline)}**", ""]
    first = True
    for section in article.sections:
        if section.heading:
            lines += [f"## {_md(section.heading)}", ""]
        for paragraph in section.paragraphs:
            parts = []
            for sentence in paragraph.sentences:
                marks = "".join(f"[{n}]" for n in _marks(sentence, numbers))
                parts.append(_md(sentence.text) + (f" {marks}" if marks else ""))
            text = " ".join(parts)
            if first and dateline_text(article.dateline):
                text = f"*{_md(dateline_text(article.dateline))}* {text}"
                first = False
            lines += [text, ""]
    lines += ["## Quellen", ""]
    for number, source in enumerate(article.sources, 1):
        entry = f"{number}. {_md(_outlet(source))}: „{_md(source.title)}“"
        if _published(source):
            entry += f", {_published(source)}"
        if source.url:
            entry += f", <{source.url}>"
        if source.republished_by:
            entry += f" (gleichlautend bei {_md(', '.join(source.republished_by))})"
        if not source.cited:
            entry += " (nicht zitiert)"
        lines.append(entry)
    if article.dropped:
        lines += ["", "## Vom Prüfer entfernt", ""]
        lines += [f"- {_md(s.text)} ({_verdict(s)})" for s in article.dropped]
    return "\n".join(lines) + "\n"


def _verdict(sentence: Sentence) -> str:
    if sentence.verdict is None:
        return "ohne Urteil"
    problems = "; ".join(p.detail for p in sentence.verdict.problems if p.detail)
    return f"{sentence.verdict.label}: {problems}" if problems else sentence.verdict.label


def to_html(article: Article) -> str:
    numbers = _numbers(article)
    esc = html.escape
    body: list[str] = []
    first = True
    for section in article.sections:
        body.append("<section>")
        if section.heading:
            body.append(f"<h2>{esc(section.heading)}</h2>")
        for paragraph in section.paragraphs:
            spans = []
            for sentence in paragraph.sentences:
                cites = " ".join(f"{c.source}:{c.passage}" for c in sentence.citations)
                numbered = _marks(sentence, numbers)
                links = ", ".join(f'<a href="#source-{n}">{n}</a>' for n in numbered)
                marks = f"<sup>[{links}]</sup>" if numbered else ""
                spans.append(
                    f'<span class="sentence" id="{esc(sentence.id)}" data-citations="{esc(cites)}">'
                    f"{esc(sentence.text)}</span>{marks}"
                )
            prefix = ""
            if first and dateline_text(article.dateline):
                prefix = f'<span class="dateline">{esc(dateline_text(article.dateline))}</span> '
                first = False
            body.append(f"<p>{prefix}{' '.join(spans)}</p>")
        body.append("</section>")
    sources = []
    for number, source in enumerate(article.sources, 1):
        link = esc(source.title)
        if source.url and source.url.startswith(("http://", "https://")):
            link = f'<a href="{esc(source.url)}">{link}</a>'
        extra = f", {esc(_published(source))}" if _published(source) else ""
        if source.republished_by:
            extra += f" (gleichlautend bei {esc(', '.join(source.republished_by))})"
        if not source.cited:
            extra += " (nicht zitiert)"
        sources.append(f'<li id="source-{number}">{esc(_outlet(source))}: {link}{extra}</li>')
    subheadline = f'<p class="subheadline">{esc(article.subheadline)}</p>' if article.subheadline else ""
    if article.dropped:
        items = "".join(f"<li>{esc(s.text)} ({esc(_verdict(s))})</li>" for s in article.dropped)
        body.append(f'<section class="dropped"><h2>Vom Prüfer entfernt</h2><ul>{items}</ul></section>')
    template = Template(
        resources.files("newsdesk.write").joinpath("templates/article.html").read_text("utf-8")
    )
    return template.substitute(
        language=esc(article.language),
        writer=esc(article.writer),
        title=esc(article.headline),
        article_id=esc(article.id),
        story_id=article.story_id,
        subheadline=subheadline,
        body="\n".join(body),
        sources="\n".join(sources),
        generated_at=esc(article.generated_at),
    )


def slug(text: str, max_chars: int = 60) -> str:
    """``"Donau in Passau: 10,62 Meter"`` → ``"donau-in-passau-10-62-meter"`` (umlauts as ae/oe/ue)."""
    text = text.replace("ß", "ss")
    for umlaut, plain in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("Ä", "Ae"), ("Ö", "Oe"), ("Ü", "Ue")):
        text = text.replace(umlaut, plain)
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    words = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return words[:max_chars].rstrip("-") or "article"


def save(article: Article, directory: Path, formats: tuple[str, ...] | list[str]) -> list[Path]:
    """Write the article in each format to ``directory/story-<id>-<slug>.<ext>``; returns the paths."""
    directory.mkdir(parents=True, exist_ok=True)
    stem = f"story-{article.story_id}-{slug(article.headline)}"
    paths = []
    for fmt in formats:
        path = directory / f"{stem}.{fmt}"
        path.write_text(render(article, fmt), encoding="utf-8")
        paths.append(path)
    return paths
