"""The newsroom service: one object that every front end drives.

:class:`Newsroom` owns the settings, the store (given by the caller, who closes it), the heavy
objects (:class:`~newsdesk.newsroom.engines.Engines`: the embedding model, the one verifier, a
local LLM server) and the progress events, and offers every operation the command line, the web
UI, watch mode and the Procrastinate tasks need. It is assembled from its parts, one idea each:

=========================================  ==========================================================
part                                       operations
=========================================  ==========================================================
:class:`~newsdesk.newsroom.sources.Sources`    ``ingest``, ``ingest_urls``, ``cluster``, ``add_feed``,
                                           ``due_feeds``, ``poll_feed``, ``ingest_item``,
                                           ``has_unclustered``
:class:`~newsdesk.newsroom.writing.Writing`    ``write``, ``write_story``, ``due_stories``,
                                           ``story_state``, ``stories_of``, ``demo_stories``
:class:`~newsdesk.newsroom.desk.Desk`          ``edit_sentence``, ``strike_sentence``,
                                           ``restore_sentence``, ``add_sentence``, ``verify``,
                                           ``evidence``
:class:`~newsdesk.newsroom.arrange.Arrange`    ``move_sentence``, ``shift_sentence``,
                                           ``shift_paragraph``, ``edit_headline``,
                                           ``edit_subheadline``, ``edit_dateline``, ``edit_heading``,
                                           ``insert_heading``, ``resolve_conflict``
:class:`~newsdesk.newsroom.review.Reviewing`   ``review``, ``sentence_sources``, ``story_passages``
:class:`~newsdesk.newsroom.queue.Queue`        ``find_articles``, ``find_stories``
:class:`~newsdesk.newsroom.decisions.Decisions`  ``approve``, ``reject``, ``reopen``, ``decide``,
                                           ``publish``, ``withdraw``, ``publishable``, ``auto_publish``
:class:`~newsdesk.newsroom.auditing.Auditing`  ``audit``
=========================================  ==========================================================

The rules these operations follow are in :mod:`newsdesk.newsroom.rules` (article states,
"blocked", forcing, what needs attention, conflict decisions, queue states) and
:mod:`newsdesk.newsroom.versions` (when a story needs writing).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Self

from newsdesk.config import Settings
from newsdesk.newsroom.arrange import Arrange
from newsdesk.newsroom.auditing import Auditing
from newsdesk.newsroom.decisions import Decisions
from newsdesk.newsroom.engines import Engines
from newsdesk.newsroom.events import Listener
from newsdesk.newsroom.queue import Queue
from newsdesk.newsroom.review import Reviewing
from newsdesk.newsroom.sources import Sources
from newsdesk.newsroom.writing import Writing
from newsdesk.store import open_store


class Newsroom(Sources, Writing, Arrange, Decisions, Auditing, Reviewing, Queue):
    """The newsroom service over one store (see the module docstring).

    ``engines`` may be shared by several newsrooms (the web UI makes one per request over one
    :class:`Engines`); without it the newsroom makes its own and closes it in :meth:`close`.
    ``listener`` hears the progress events; ``fetcher`` replaces the ingest stage's HTTP client.
    """

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


@contextmanager
def open_newsroom(
    settings: Settings, *, engines: Engines | None = None, listener: Listener | None = None
) -> Iterator[Newsroom]:
    """A newsroom over the store of ``settings.store.db``; store and newsroom close afterwards."""
    with (
        open_store(settings.store.db) as store,
        Newsroom(settings, store, engines=engines, listener=listener) as room,
    ):
        yield room
