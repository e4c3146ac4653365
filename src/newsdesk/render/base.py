"""The one interface every output format implements, the registry of formats, and saving to files.

A renderer turns an :class:`~newsdesk.models.Article` into one format (Markdown, HTML, PDF,
JSON, JSON-LD). Built-in renderers are registered through :func:`register` exactly as a
third-party one would be (``newsdesk.render`` registers them on import), and everything that
writes an article — ``newsdesk write``, ``newsdesk render``, the static site, the web UI — goes
through :func:`render`::
    from newsdesk.render import render
    page = render(article, "html", marks=False)          # str
    pdf = render(article, "pdf", record=stored_version)  # bytes

:class:`RenderOptions` holds what a renderer may be asked for; a renderer ignores options that
mean nothing in its format.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from newsdesk.config import PublishSettings
from newsdesk.errors import RenderError
from newsdesk.models import Article
from newsdesk.render.text import slug

if TYPE_CHECKING:
    from newsdesk.store.articles import ArticleRecord


@dataclass(frozen=True)
class RenderOptions:
    """What a rendering may be asked for.

    ``marks``: show the verifier's verdicts (sentences coloured by verdict, verdict labels in the
    evidence, the sentences the verifier dropped); off for publication. ``standalone``: a full
    page (HTML, with ``<html>``, styles and JSON-LD) rather than a fragment to embed.
    ``evidence``: HTML shows each sentence's evidence passages on hover/focus and in a list of
    evidence; off where there is no CSS (feeds) or no pointer (print). ``record``: the stored
    version (review state, publication time, editor) when the article comes from the store.
    ``settings``: the publisher and site settings. ``url``: where the article is published
    (canonical link, JSON-LD ``url``).
    """

    marks: bool = True
    standalone: bool = True
    evidence: bool = True
    record: ArticleRecord | None = None
    settings: PublishSettings = field(default_factory=PublishSettings)
    url: str | None = None


class Renderer(Protocol):
    """One output format. ``suffix`` includes the dot (``".html"``)."""

    name: str
    media_type: str
    suffix: str

    def render(self, article: Article, options: RenderOptions) -> str | bytes:
        """The article in this format (``bytes`` for binary formats such as PDF)."""
        ...


RENDERERS: dict[str, Renderer] = {}


def register(renderer: Renderer) -> Renderer:
    """Add a renderer under its ``name`` (replacing one of the same name); returns it."""
    RENDERERS[renderer.name] = renderer
    return renderer


def get_renderer(fmt: str) -> Renderer:
    """The renderer registered as ``fmt``; RenderError naming the known formats otherwise."""
    try:
        return RENDERERS[fmt]
    except KeyError:
        raise RenderError(f"unknown format {fmt!r}", hint=f"formats: {', '.join(RENDERERS)}") from None


def render(article: Article, fmt: str, **options: object) -> str | bytes:
    """Render ``article`` as ``fmt`` with :class:`RenderOptions` given as keywords."""
    return get_renderer(fmt).render(article, RenderOptions(**options))  # type: ignore[arg-type]


def render_text(article: Article, fmt: str, **options: object) -> str:
    """Like :func:`render` for a text format; RenderError for a binary one (PDF)."""
    result = render(article, fmt, **options)
    if isinstance(result, bytes):
        raise RenderError(f"{fmt} is a binary format", hint="write it to a file with -o")
    return result


def save(
    article: Article,
    directory: Path,
    formats: Sequence[str],
    *,
    stem: str | None = None,
    **options: object,
) -> list[Path]:
    """Write the article in each format to ``directory/<stem><suffix>``; returns the paths.

    ``stem`` defaults to ``story-<story id>-<headline slug>``."""

    renderers = [get_renderer(fmt) for fmt in formats]  # unknown formats fail before any file is written
    directory.mkdir(parents=True, exist_ok=True)
    stem = stem or f"story-{article.story_id}-{slug(article.headline)}"
    paths = []
    for renderer in renderers:
        path = directory / f"{stem}{renderer.suffix}"
        result = renderer.render(article, RenderOptions(**options))  # type: ignore[arg-type]
        if isinstance(result, bytes):
            path.write_bytes(result)
        else:
            path.write_text(result, encoding="utf-8")
        paths.append(path)
    return paths
