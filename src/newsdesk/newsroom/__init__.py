"""The newsroom service: the one home of the pipeline and of the article rules.

Front ends (the command line, the web UI, watch mode and its workers) drive a
:class:`Newsroom`; it chains the stages (ingest → stories → write → verify → render), owns the
store, the settings, the models and the one verifier, holds the article state machine and reports
progress as events. See ``docs/architecture.md``.
"""

from newsdesk.newsroom.auditing import Upload
from newsdesk.newsroom.engines import Engines
from newsdesk.newsroom.events import Board, Listener, LogLines, Silent
from newsdesk.newsroom.rules import Blocker, blockers
from newsdesk.newsroom.service import Newsroom, open_newsroom
from newsdesk.newsroom.writing import WriteFailure, WriteReport, Written, demo_sources

__all__ = [
    "Blocker",
    "Board",
    "Engines",
    "Listener",
    "LogLines",
    "Newsroom",
    "Silent",
    "Upload",
    "WriteFailure",
    "WriteReport",
    "Written",
    "blockers",
    "demo_sources",
    "open_newsroom",
]
