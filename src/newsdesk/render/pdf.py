"""PDF: the HTML page printed by WeasyPrint — A4, German hyphenation and quotes, sources at the end.

The page is :func:`newsdesk.render.html.page` without the on-screen evidence (a printed page has
no hover); the print rules of ``article.css`` set the A4 page, page numbers, justified text with
``hyphens: auto`` (WeasyPrint hyphenates by the ``lang="de"`` of the page) and print each source's
URL in the source list. WeasyPrint is an optional dependency (``pip install 'newsdesk[pdf]'``,
which needs Pango on the system); without it this renderer raises a :class:`RenderError` that says
so in one line.
"""

from __future__ import annotations

import warnings
from dataclasses import replace
from typing import Any

from newsdesk.errors import RenderError
from newsdesk.models import Article
from newsdesk.render.base import RenderOptions
from newsdesk.render.html import page

INSTALL_HINT = (
    "install the PDF extra: pip install 'newsdesk[pdf]' "
    "(WeasyPrint; it needs Pango: apt install libpango-1.0-0)"
)


def weasyprint() -> Any:
    """The ``weasyprint`` module; RenderError if it (or the Pango library it needs) is missing."""
    try:
        with warnings.catch_warnings():
            # WeasyPrint warns at import time when the system's HarfBuzz lacks its subset library.
            warnings.filterwarnings("ignore", message="HarfBuzz-Subset", category=DeprecationWarning)
            import weasyprint as module
    except ImportError as exc:
        raise RenderError("PDF output needs WeasyPrint, which is not installed", hint=INSTALL_HINT) from exc
    except OSError as exc:  # WeasyPrint is installed but cannot load Pango
        raise RenderError(f"WeasyPrint cannot load its libraries: {exc}", hint=INSTALL_HINT) from exc
    return module


def html_to_pdf(html: str) -> bytes:
    """Any HTML page as PDF bytes (no base URL: nothing is fetched)."""
    pdf: bytes = weasyprint().HTML(string=html).write_pdf()
    return pdf


def print_page(article: Article, options: RenderOptions | None = None) -> str:
    """The HTML page that is printed: standalone, without on-screen evidence or small-screen rules."""
    options = replace(options or RenderOptions(), standalone=True, evidence=False)
    return page(article, options, screen=False)


def to_pdf(article: Article, options: RenderOptions | None = None) -> bytes:
    """The article as an A4 PDF."""
    return html_to_pdf(print_page(article, options))


class PdfRenderer:
    """``pdf``: an A4 PDF (bytes)."""

    name = "pdf"
    media_type = "application/pdf"
    suffix = ".pdf"

    def render(self, article: Article, options: RenderOptions) -> bytes:
        """The article as PDF."""
        return to_pdf(article, options)
