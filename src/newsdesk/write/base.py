"""The write stage's extension points: the :class:`Writer` protocol, the verifier hook, the registry.

A writer turns one story into an :class:`~newsdesk.models.Article` (``newsdesk.article/1``) in
which every sentence cites the passages it comes from. Writers are registered by name in
:data:`WRITERS`, the built-in ones (``extractive``, ``llm``) the same way a third-party one would
be; :func:`create_writer` builds one from the settings and the store. A factory receives the write
settings, the store, the verifier (or None) and the LLM settings (``[llm]``; writers that use no
model ignore them).

A verifier (the verify stage) is any object with ``verify_article``; a writer that is given one
runs it on its article, drops every sentence whose verdict is not ``supported`` and records the
dropped sentences, with their verdicts, in ``Article.dropped``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Protocol

from newsdesk.errors import ConfigError, WriteError

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


def _extractive(
    settings: WriteSettings, store: SQLStore, verifier: ArticleVerifier | None, llm: LLMSettings
) -> Writer:
    from newsdesk.write.extractive import ExtractiveWriter

    return ExtractiveWriter(settings, store, verifier=verifier)


def _llm(
    settings: WriteSettings, store: SQLStore, verifier: ArticleVerifier | None, llm: LLMSettings
) -> Writer:
    from newsdesk.write.llm import LLMWriter

    if not llm.base_url:
        raise ConfigError(
            "the LLM writer needs llm.base_url (and llm.model)",
            hint="e.g. NEWSDESK_LLM_BASE_URL=http://127.0.0.1:11434/v1 NEWSDESK_LLM_MODEL=llama3.2, "
            "or --llm-model-path FILE.gguf",
        )
    return LLMWriter(settings, store, verifier=verifier, llm=llm)


WRITERS: dict[str, WriterFactory] = {"extractive": _extractive, "llm": _llm}


def create_writer(
    settings: WriteSettings,
    store: SQLStore,
    *,
    verifier: ArticleVerifier | None = None,
    llm: LLMSettings | None = None,
) -> Writer:
    """The writer named by ``settings.writer``."""
    from newsdesk.config import LLMSettings

    factory = WRITERS.get(settings.writer)
    if factory is None:
        known = ", ".join(sorted(WRITERS))
        raise ConfigError(f"unknown writer {settings.writer!r}", hint=f"available writers: {known}")
    return factory(settings, store, verifier, llm or LLMSettings())


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
