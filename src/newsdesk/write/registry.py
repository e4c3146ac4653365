"""The registry of writers: the built-in ones (``extractive``, ``llm``) are registered in
:data:`WRITERS` the same way a third-party one would be, and :func:`create_writer` builds the one
that ``write.writer`` names.
"""

from __future__ import annotations

from newsdesk.config import LLMSettings, WriteSettings
from newsdesk.errors import ConfigError
from newsdesk.store.sql import SQLStore
from newsdesk.write.base import ArticleVerifier, Writer, WriterFactory
from newsdesk.write.extractive import ExtractiveWriter
from newsdesk.write.llm import LLMWriter


def _extractive(
    settings: WriteSettings, store: SQLStore, verifier: ArticleVerifier | None, llm: LLMSettings
) -> Writer:
    return ExtractiveWriter(settings, store, verifier=verifier)


def _llm(
    settings: WriteSettings, store: SQLStore, verifier: ArticleVerifier | None, llm: LLMSettings
) -> Writer:
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
    factory = WRITERS.get(settings.writer)
    if factory is None:
        known = ", ".join(sorted(WRITERS))
        raise ConfigError(f"unknown writer {settings.writer!r}", hint=f"available writers: {known}")
    return factory(settings, store, verifier, llm or LLMSettings())
