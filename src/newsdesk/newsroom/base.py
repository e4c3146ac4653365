"""What every part of the newsroom service shares: the settings, the store, the engines, the events.

:class:`Room` is the base of the service's parts (sources, writing, the desk, the decisions,
audits), which :class:`newsdesk.newsroom.Newsroom` combines — the way the store is assembled from
its table mixins. It checks, once, the names in the settings that only the stages' registries
know (the writer, the output formats), and keeps the HTTP client of the ingest stage.
"""

from __future__ import annotations

from newsdesk.config import Settings
from newsdesk.errors import ConfigError
from newsdesk.ingest import Ingestor
from newsdesk.ingest.fetch import Fetcher
from newsdesk.newsroom.engines import Engines
from newsdesk.newsroom.events import Events, Listener
from newsdesk.render import RENDERERS
from newsdesk.store.sql import SQLStore
from newsdesk.write import WRITERS


def check_registered(settings: Settings) -> None:
    """ConfigError unless ``write.writer`` and ``write.formats`` name registered writers and formats."""
    if settings.write.writer not in WRITERS:
        known = ", ".join(sorted(WRITERS))
        raise ConfigError(f"unknown writer {settings.write.writer!r}", hint=f"available writers: {known}")
    unknown = [f for f in settings.write.formats if f not in RENDERERS]
    if unknown:
        names = ", ".join(sorted(unknown))
        raise ConfigError(
            f"write.formats: unknown format(s) {names}", hint=f"formats: {', '.join(RENDERERS)}"
        )


class Room:
    """The newsroom's shared state (see the module docstring)."""

    def __init__(
        self,
        settings: Settings,
        store: SQLStore,
        *,
        engines: Engines | None = None,
        listener: Listener | None = None,
        fetcher: Fetcher | None = None,
    ) -> None:
        check_registered(settings)
        self.settings = settings
        self.store = store
        self.engines = engines or Engines(settings)
        self._owns_engines = engines is None
        self.events = Events(listener)
        self._fetcher = fetcher
        self._ingestor: Ingestor | None = None

    @property
    def ingestor(self) -> Ingestor:
        """The ingest stage over this store (its HTTP client is made on first use)."""
        if self._ingestor is None:
            self._ingestor = Ingestor(self.settings.ingest, self.store, fetcher=self._fetcher)
        return self._ingestor

    def close(self) -> None:
        """Close the HTTP client, and the engines if this newsroom made them (the store belongs to
        the caller)."""
        if self._ingestor is not None:
            self._ingestor.close()
            self._ingestor = None
        if self._owns_engines:
            self.engines.close()
