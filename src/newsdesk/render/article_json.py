"""JSON: the article's own stable form, ``newsdesk.article/1`` (:meth:`newsdesk.models.Article.to_dict`).

Everything is kept — citations, verdicts with evidence and problems, the dropped sentences — so the
options (``marks`` and the rest) do not change it; it is what tools and the web UI read back with
:meth:`~newsdesk.models.Article.from_dict`.
"""

from __future__ import annotations

import json

from newsdesk.models import Article
from newsdesk.render.base import RenderOptions


def to_json(article: Article, options: RenderOptions | None = None) -> str:
    """The article as indented ``newsdesk.article/1`` JSON."""
    return json.dumps(article.to_dict(), ensure_ascii=False, indent=2) + "\n"


class JsonRenderer:
    """``json``: ``newsdesk.article/1``."""

    name = "json"
    media_type = "application/json"
    suffix = ".json"

    def render(self, article: Article, options: RenderOptions) -> str:
        """The article as ``newsdesk.article/1`` JSON."""
        return to_json(article, options)
