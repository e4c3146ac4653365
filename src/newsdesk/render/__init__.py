"""The render stage: an article in every output format, through one :class:`Renderer` interface.

Built-in formats (registered here through :func:`register`, as a plug-in would register its own):

========  ==========================================  =====================
name      module                                      output
========  ==========================================  =====================
``md``    :mod:`newsdesk.render.markdown`             Markdown
``html``  :mod:`newsdesk.render.html`                 page or fragment
``pdf``   :mod:`newsdesk.render.pdf`                  A4 PDF (WeasyPrint)
``json``  :mod:`newsdesk.render.article_json`         ``newsdesk.article/1``
``jsonld`` :mod:`newsdesk.render.jsonld`              schema.org NewsArticle
``docx``  :mod:`newsdesk.render.docx`                 Word document
========  ==========================================  =====================

Published articles also go into an Atom feed (:mod:`newsdesk.render.feed`) and a static site
(:mod:`newsdesk.render.site`). Nothing heavy is imported here: Jinja2, WeasyPrint and python-docx
load on first use.
"""

from __future__ import annotations

from newsdesk.render.article_json import JsonRenderer
from newsdesk.render.base import (
    RENDERERS,
    Renderer,
    RenderOptions,
    get_renderer,
    register,
    render,
    render_text,
    save,
)
from newsdesk.render.docx import DocxRenderer
from newsdesk.render.html import HtmlRenderer
from newsdesk.render.jsonld import JsonLdRenderer
from newsdesk.render.markdown import MarkdownRenderer
from newsdesk.render.pdf import PdfRenderer
from newsdesk.render.text import slug

for _renderer in (
    MarkdownRenderer(),
    HtmlRenderer(),
    PdfRenderer(),
    JsonRenderer(),
    JsonLdRenderer(),
    DocxRenderer(),
):
    register(_renderer)

__all__ = [
    "RENDERERS",
    "RenderOptions",
    "Renderer",
    "get_renderer",
    "register",
    "render",
    "render_text",
    "save",
    "slug",
]
