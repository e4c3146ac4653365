"""The write stage's extension points: the :class:`Writer` protocol and the verifier hook.

A writer turns one story into an :class:`~newsdesk.models.Article` (``newsdesk.article/1``) in
which every sentence cites the passages it comes from. Writers are registered by name in
:data:`newsdesk.write.registry.WRITERS`; a factory (:data:`WriterFactory`) receives the write
settings, the store, the verifier (or None) and the LLM settings (``[llm]``; writers that use no
model ignore them).

A verifier (the verify stage) is any object with ``verify_article``; a writer that is given one
runs it on its article, drops every sentence whose verdict is not ``supported`` and records the
dropped sentences, with their verdicts, in ``Article.dropped``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Protocol

from newsdesk.errors import WriteError

if TYPE_CHECKING:
    from newsdesk.config import LLMSettings, WriteSettings
    from newsdesk.models import Article, Document, Passage
    from newsdesk.store.sql import SQLStore


class ArticleVerifier(Protocol):
    """What the writer needs from the verify stage."""

    def verify_article(
        self,
        article: Article,
        documents: Mapping[int, Document],
        passages: Mapping[tuple[int, int], Passage],
    ) -> Article:
        """The article with every ``Sentence.verdict`` filled in."""
        ...


class Writer(Protocol):
    """Writes one story as an article."""

    name: str

    def write(self, story_id: int) -> Article: ...


WriterFactory = Callable[["WriteSettings", "SQLStore", "ArticleVerifier | None", "LLMSettings"], Writer]


def require_text(article: Article) -> Article:
    """``article`` if at least one sentence survived verification; WriteError otherwise.

    An article whose every sentence the verifier dropped is not an article: it is never stored or
    published, and the reason (the first dropped sentence's problem) is reported instead."""
    if article.sentences():
        return article
    reasons = [
        problem.detail
        for sentence in article.dropped
        if sentence.verdict is not None
        for problem in sentence.verdict.problems
    ]
    detail = f"; first problem: {reasons[0]}" if reasons else ""
    raise WriteError(
        f"no sentence of story {article.story_id} passed the verifier "
        f"({len(article.dropped)} dropped{detail})",
        hint="newsdesk check shows each sentence's verdict against its sources",
    )
