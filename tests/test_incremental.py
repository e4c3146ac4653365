"""Incremental work and progress: a story is written once per state, whichever front end wrote
it, and every long step reports counts that move."""

from __future__ import annotations

import threading
from dataclasses import replace
from io import StringIO
from pathlib import Path

from rich.console import Console
from typer.testing import CliRunner

from newsdesk.cli import app
from newsdesk.cli.progress import RichProgress
from newsdesk.config import Settings, StoreSettings, VerifySettings
from newsdesk.newsroom import Newsroom, demo_sources
from newsdesk.store import open_store
from newsdesk.watch.local import run_pass


class Recorder:
    """A listener that keeps every event."""

    def __init__(self) -> None:
        self.events: list[tuple[str, str, int]] = []

    def start(self, step: str, total: int) -> None:
        self.events.append(("start", step, total))

    def grow(self, step: str, count: int) -> None:
        self.events.append(("grow", step, count))

    def advance(self, step: str, label: str = "", count: int = 1) -> None:
        self.events.append(("advance", step, count))

    def finish(self, step: str) -> None:
        self.events.append(("finish", step, 0))

    def note(self, message: str) -> None:
        """Not needed here."""

    def tell(self, message: str) -> None:
        """Not needed here."""

    def advances(self, step: str) -> list[int]:
        return [n for kind, s, n in self.events if kind == "advance" and s == step]

    def total(self, step: str) -> int:
        return sum(n for kind, s, n in self.events if kind in ("start", "grow") and s == step)


def test_after_newsdesk_demo_a_watch_pass_does_no_model_work(tmp_path: Path) -> None:
    db = str(tmp_path / "demo.db")
    result = CliRunner().invoke(app, ["demo", "--db", db, "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    settings = Settings(store=StoreSettings(db=db))
    with open_store(db) as store, Newsroom(settings, store) as room:
        before = [(r.id, r.updated_at) for r in store.list_articles()]
        report = run_pass(room, threading.Event())
        assert (report.feeds, report.documents, report.articles, report.published) == (0, 0, 0, 0)
        assert room.engines._embedder is None and room.engines._verifier is None  # no model was made
        assert [(r.id, r.updated_at) for r in store.list_articles()] == before
        assert room.due_stories() == []

    # Other verifier settings make every written story due again; the same settings do not.
    stricter = replace(settings, verify=replace(VerifySettings(), min_similarity=0.9))
    with open_store(db) as store, Newsroom(stricter, store) as room:
        assert sorted(s for s, _ in room.due_stories()) == [1, 2, 3]
    again = CliRunner().invoke(app, ["demo", "--db", db, "-o", str(tmp_path / "out")])
    assert again.exit_code == 0 and "(0 new)" in again.stderr


def test_every_long_step_reports_counts_that_move(tmp_path: Path) -> None:
    recorder = Recorder()
    settings = Settings(store=StoreSettings(db=str(tmp_path / "n.db")))
    with open_store(settings.store.db) as store, Newsroom(settings, store, listener=recorder) as room:
        with demo_sources() as folder:
            report = room.ingest([str(folder)])
        documents = len(report.items)
        assert recorder.total("ingest") >= documents and sum(recorder.advances("ingest")) >= documents
        assert recorder.total("cluster") == documents == len(recorder.advances("cluster"))
        embedded = recorder.advances("embed")
        assert sum(embedded) == documents and len(embedded) > 1  # in several steps, not one jump
        stories = room.demo_stories()
        room.write(stories)
        assert recorder.total("write") == len(stories) == len(recorder.advances("write"))
        assert [e for e in recorder.events if e[1] == "write"][-1] == ("finish", "write", 0)


def test_the_bars_follow_the_events() -> None:
    console = Console(file=StringIO(), force_terminal=True, width=100)
    with RichProgress(console) as bars:
        bars.start("write", 3)
        bars.advance("write", "story 1")
        bars.advance("write", "story 2")
        (task,) = bars.progress.tasks
        assert (task.completed, task.total, task.description) == (2, 3, "writing story 2")
        bars.grow("write", 2)
        assert bars.progress.tasks[0].total == 5
        bars.finish("write")
        assert bars.progress.tasks == []
