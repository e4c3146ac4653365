"""The ``newsdesk watch``, ``newsdesk worker`` and ``newsdesk status`` commands.

Thin like the rest of the command line: the work is done by the newsroom service, scheduled by
:mod:`newsdesk.watch`. With a SQLite
store ``watch`` runs every step in this process; with a PostgreSQL store it queues the work and
starts ``watch.workers`` worker processes (``newsdesk worker``), which may also run on other
machines.
"""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import sys
import threading
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from newsdesk.cli.common import ConfigOption, DbOption, JsonOption, err, errors, out
from newsdesk.config import Settings, load_settings
from newsdesk.errors import ConfigError
from newsdesk.newsroom import LogLines, Newsroom
from newsdesk.store import is_postgres, open_store
from newsdesk.watch.local import run_local
from newsdesk.watch.queue import build_app, ensure_queue_schema, run_worker, schedule_now
from newsdesk.watch.status import newsroom_status

log = logging.getLogger("newsdesk.watch")

OnceOption = Annotated[
    bool, typer.Option("--once", help="Do the work that is due now, then exit (e.g. from cron).")
]


def _watch_settings(config: Path | None, db: str | None, **watch: Any) -> Settings:
    return load_settings(config, overrides={"store": {"db": db}, "watch": watch})


def _log_actions() -> None:
    """One timestamped line per action on stderr (``newsdesk.watch`` at INFO, even without -v)."""
    logging.getLogger("newsdesk.watch").setLevel(logging.INFO)
    formatter = logging.Formatter("%(asctime)s %(message)s", "%Y-%m-%d %H:%M:%S")
    for handler in logging.getLogger().handlers:
        handler.setFormatter(formatter)


def _stop_on_signals(stop: threading.Event) -> None:
    def handler(signum: int, _frame: Any) -> None:
        if stop.is_set():
            raise KeyboardInterrupt
        log.info("%s: stopping after the current step", signal.Signals(signum).name)
        stop.set()

    signal.signal(signal.SIGINT, handler)
    signal.signal(signal.SIGTERM, handler)


def watch(
    db: DbOption = None,
    config: ConfigOption = None,
    once: OnceOption = False,
    workers: Annotated[
        int | None,
        typer.Option("--workers", min=0, help="PostgreSQL: worker processes to start here (0: only queue)."),
    ] = None,
    min_outlets: Annotated[
        int | None,
        typer.Option("--min-outlets", min=1, help="Write a story once this many outlets report it."),
    ] = None,
    auto_publish: Annotated[
        bool | None,
        typer.Option("--auto-publish/--no-auto-publish", help="Publish new versions without review."),
    ] = None,
) -> None:
    """Run the newsroom: poll the saved feeds, ingest, cluster, write, verify and publish.

    Each saved feed is polled at its own interval (conditional GET). New items are ingested and
    clustered; a story reported by at least --min-outlets independent outlets is written and
    verified, and written again as a new version when new sources arrive (old versions are kept).
    Approved versions are published (every new version with --auto-publish). One log line per
    action. Ctrl-C stops after the current step; a restart resumes the work in progress and does
    nothing twice. With a PostgreSQL --db the work goes through a task queue shared by any number
    of 'newsdesk worker' processes; --workers starts that many here.

    \b
    Example:
        newsdesk feeds add https://www.tagesschau.de/index~rss2.xml --interval 10
        newsdesk watch --min-outlets 2
        newsdesk watch --db postgresql://newsdesk@db.example.org/news --workers 4
    """
    with errors():
        settings = _watch_settings(
            config, db, min_outlets=min_outlets, auto_publish=auto_publish, workers=workers
        )
        _log_actions()
        if is_postgres(settings.store.db):
            _watch_queue(settings, config, once)
        else:
            _watch_local(settings, once)


def _watch_local(settings: Settings, once: bool) -> None:
    stop = threading.Event()
    _stop_on_signals(stop)
    with open_store(settings.store.db) as store:
        newsroom = Newsroom(settings, store, listener=LogLines(log))
        try:
            run_local(newsroom, stop, once=once)
        finally:
            newsroom.close()


def _watch_queue(settings: Settings, config: Path | None, once: bool) -> None:
    url = settings.store.db
    ensure_queue_schema(url)
    open_store(url).close()  # migrate before any worker starts
    queue = build_app(settings, url)
    with queue.open():
        schedule_now(queue)
    count = settings.watch.workers
    if count == 0:
        err.print(
            "work queued; run 'newsdesk worker' (same --db) on any machine to do it",
            markup=False,
            highlight=False,
        )
        return
    command = [sys.executable, "-m", "newsdesk", "worker"]
    if config is not None:
        command += ["--config", str(config)]
    if once:
        command.append("--once")
    env = dict(os.environ)
    env["NEWSDESK_DB"] = url  # not on the command line, where `ps` would show a password
    for name in ("min_outlets", "auto_publish"):
        env[f"NEWSDESK_WATCH_{name.upper()}"] = str(getattr(settings.watch, name))
    children = [subprocess.Popen([*command, "--name", f"worker-{n + 1}"], env=env) for n in range(count)]
    log.info("started %d worker(s): %s", count, ", ".join(str(c.pid) for c in children))

    def forward(signum: int, _frame: Any) -> None:
        for child in children:
            if child.poll() is None:
                child.send_signal(signal.SIGTERM)

    signal.signal(signal.SIGINT, forward)
    signal.signal(signal.SIGTERM, forward)
    codes = [child.wait() for child in children]
    if any(code not in (0, -signal.SIGTERM, -signal.SIGINT) for code in codes):
        raise typer.Exit(1)


def worker(
    db: DbOption = None,
    config: ConfigOption = None,
    once: Annotated[bool, typer.Option("--once", help="Exit when the queue is empty.")] = False,
    name: Annotated[str | None, typer.Option("--name", help="Worker name shown in the logs.")] = None,
) -> None:
    """Do queued newsroom work (PostgreSQL): poll feeds, ingest, cluster, write, publish.

    Start one or more on any machine that reaches the database; they share the work through the
    Procrastinate task queue in that database. A worker also queues the periodic work (feeds that
    are due, stories to write, versions to publish), and puts back in the queue the jobs of a
    worker that stopped responding. SIGINT/SIGTERM stop it after the running job.

    \b
    Example:
        NEWSDESK_DB=postgresql://newsdesk:secret@db.example.org/news newsdesk worker
    """
    with errors():
        settings = _watch_settings(config, db)
        if not is_postgres(settings.store.db):
            raise ConfigError(
                "newsdesk worker needs a PostgreSQL store (--db postgresql://…)",
                hint="with SQLite, 'newsdesk watch' does all the work in one process",
            )
        _log_actions()
        run_worker(settings, settings.store.db, once=once, name=name)


def status(
    db: DbOption = None,
    config: ConfigOption = None,
    as_json: JsonOption = False,
    limit: Annotated[int, typer.Option("--limit", min=1, help="How many of the last runs to show.")] = 10,
) -> None:
    """Show the task queue (PostgreSQL) and the newsroom's last runs.

    Lists the queued jobs by task and state, the saved feeds with their last poll, the newest
    fetches, the story states written (or not) and the newest article versions.

    \b
    Example:
        newsdesk status --limit 5
    """
    with errors():
        settings = _watch_settings(config, db)
        with open_store(settings.store.db) as store:
            data = newsroom_status(store, limit=limit)
        if as_json:
            out.print_json(data=data)
            return
        _print_status(data)


def _print_status(data: dict[str, Any]) -> None:
    if data["queue"] is not None:
        table = Table("task", "todo", "doing", "succeeded", "failed", "cancelled", "aborted", title="queue")
        for row in data["queue"]:
            table.add_row(
                row["name"],
                *(str(row[k]) for k in ("todo", "doing", "succeeded", "failed", "cancelled", "aborted")),
            )
        out.print(table)
    feeds = Table("id", "url", "every", "last polled", "last status", title="feeds")
    for feed in data["feeds"]:
        feeds.add_row(
            str(feed["id"]),
            feed["url"],
            f"{feed['interval_minutes']} min",
            feed["last_polled_at"] or "never",
            feed["last_status"] or "",
        )
    out.print(feeds)
    fetches = Table("at", "status", "source", "detail", title="last fetches")
    for entry in data["fetches"]:
        fetches.add_row(entry["at"], entry["status"], entry["source"], entry["detail"] or "")
    out.print(fetches)
    articles = Table("article", "story", "version", "status", "written", "headline", title="last articles")
    for a in data["articles"]:
        articles.add_row(
            str(a["id"]), str(a["story_id"]), str(a["version"]), a["status"], a["created_at"], a["headline"]
        )
    out.print(articles)
    err.print(f"{data['documents']} documents — {data['store']}", markup=False, highlight=False)
