"""The ``newsdesk`` command line: a thin adapter over the library.

Each command parses its options, builds the settings (defaults < newsdesk.toml < NEWSDESK_*
environment < flags), calls one library function and turns a :class:`NewsdeskError` into one
clear line. Exit codes: 0 success, 1 some inputs failed, 2 usage or configuration errors.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from newsdesk import __version__
from newsdesk.config import Settings, load_settings
from newsdesk.errors import ConfigError, NewsdeskError
from newsdesk.models import utc_now
from newsdesk.store import open_store
from newsdesk.urls import feed_url

app = typer.Typer(
    name="newsdesk",
    help="Write German news articles from many sources and prove every sentence.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
)
feeds_app = typer.Typer(help="Keep feeds for later polling.", no_args_is_help=True)
app.add_typer(feeds_app, name="feeds")

out = Console(soft_wrap=True)
err = Console(stderr=True, soft_wrap=True)

DbOption = Annotated[
    str | None,
    typer.Option(
        "--db",
        envvar="NEWSDESK_DB",
        help="SQLite file, sqlite:/// or postgresql:// URL (default: newsdesk.db in the user data dir).",
    ),
]
ConfigOption = Annotated[
    Path | None, typer.Option("--config", help="Settings file (default: ./newsdesk.toml if present).")
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print machine-readable JSON on stdout.")]


def _version(value: bool) -> None:
    if value:
        out.print(f"newsdesk {__version__}")
        raise typer.Exit()


@app.callback()
def main_callback(
    verbose: Annotated[
        int, typer.Option("--verbose", "-v", count=True, help="More log output (-vv for debug).")
    ] = 0,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")
    ] = False,
) -> None:
    """newsdesk: ingest news reports, cluster them into stories, write and verify German articles."""
    level = logging.WARNING - 10 * min(verbose, 2)
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s", stream=sys.stderr)


def _settings(
    config: Path | None,
    store_db: str | None = None,
    write: dict[str, Any] | None = None,
    llm: dict[str, Any] | None = None,
    **ingest: Any,
) -> Settings:
    overrides = {"store": {"db": store_db}, "ingest": ingest, "write": write or {}, "llm": llm or {}}
    return load_settings(config, overrides=overrides)


@contextmanager
def _errors() -> Iterator[None]:
    """Turn a NewsdeskError into one clear line and exit code 2 (usage/config) or 1."""
    try:
        yield
    except ConfigError as exc:
        err.print(f"error: {exc}", markup=False, highlight=False)
        raise typer.Exit(2) from exc
    except NewsdeskError as exc:
        err.print(f"error: {exc}", markup=False, highlight=False)
        if exc.hint:
            err.print(f"hint: {exc.hint}", markup=False, highlight=False)
        raise typer.Exit(1) from exc


class _RichProgress:
    def __init__(self, progress: Progress) -> None:
        self._progress = progress
        self._task = progress.add_task("ingest", total=0)

    def add(self, count: int) -> None:
        task = self._progress.tasks[0]
        self._progress.update(self._task, total=(task.total or 0) + count)

    def advance(self, label: str) -> None:
        self._progress.update(self._task, advance=1, description=_shorten(label))


def _shorten(label: str, width: int = 48) -> str:
    return label if len(label) <= width else "…" + label[-(width - 1) :]


@app.command()
def ingest(
    sources: Annotated[
        list[str] | None,
        typer.Argument(help="URLs (pages, feeds, sitemaps), files or folders.", show_default=False),
    ] = None,
    db: DbOption = None,
    config: ConfigOption = None,
    as_json: JsonOption = False,
    feeds: Annotated[
        bool, typer.Option("--feeds", help="Also ingest every saved feed (see 'newsdesk feeds').")
    ] = False,
    allow_private: Annotated[
        bool | None,
        typer.Option("--allow-private", help="Allow fetching from private and loopback addresses."),
    ] = None,
    no_robots: Annotated[
        bool, typer.Option("--no-robots", help="Ignore robots.txt (only for sites you run).")
    ] = False,
    delay: Annotated[
        float | None, typer.Option("--delay", help="Seconds between requests to one host.")
    ] = None,
    max_bytes: Annotated[
        int | None, typer.Option("--max-bytes", help="Size cap of one response body.")
    ] = None,
    timeout: Annotated[float | None, typer.Option("--timeout", help="Read timeout in seconds.")] = None,
    language: Annotated[
        list[str] | None,
        typer.Option("--language", "-l", help="Accepted language (ISO 639-1); repeat for several."),
    ] = None,
    no_stories: Annotated[
        bool,
        typer.Option(
            "--no-stories", help="Do not update stories (bulk loads; run 'newsdesk stories' later)."
        ),
    ] = False,
) -> None:
    """Ingest news reports into the store, then update the stories.

    Accepts web page URLs, RSS/Atom feed URLs (every item is ingested), XML sitemaps and news
    sitemaps, and local .html .htm .txt .md .pdf .jsonl files (optionally .gz) or folders of them.
    Each failed input is reported on one line; the others are still stored. Exit code 1 if any
    input failed.

    \b
    Example:
        newsdesk ingest https://www.tagesschau.de/index~rss2.xml reports/ article.pdf --json
    """
    with _errors():
        settings = _settings(
            config,
            db,
            allow_private=allow_private,
            respect_robots=False if no_robots else None,
            per_host_delay=delay,
            max_bytes=max_bytes,
            read_timeout=timeout,
            languages=tuple(language) if language else None,
        )
        with open_store(settings.store.db) as store:
            inputs = list(sources or [])
            if feeds:
                inputs += [feed.url for feed in store.list_feeds()]
            if not inputs:
                raise ConfigError("nothing to ingest: give URLs, files or folders (or --feeds)")
            report = _ingest(settings, store, inputs, stories=not no_stories)
        if as_json:
            out.print_json(data=[item.to_dict() for item in report.items])
        else:
            _print_items(report.items)
        stored = sum(item.status != "exists" for item in report.items)
        dups = sum(item.status == "duplicate" for item in report.items)
        present = sum(item.status == "exists" for item in report.items)
        failed = len(report.failures)
        summary = f"{stored} stored ({dups} near-duplicate), {present} already present, {failed} failed"
        if report.not_modified:
            summary += f", {len(report.not_modified)} feed(s) not modified"
        err.print(summary + f" — {store.location}", markup=False, highlight=False)
        if report.failures:
            raise typer.Exit(1)


def _ingest(settings: Settings, store: Any, inputs: list[str], *, stories: bool = True) -> Any:
    """Ingest with a progress bar, cluster the new documents, print each failure; returns the report."""
    from newsdesk.ingest import Ingestor

    show_progress = len(inputs) > 1 or any(Path(s).is_dir() for s in inputs)
    progress = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err,
        transient=True,
        disable=not show_progress,
    )
    with progress, Ingestor(settings.ingest, store, progress=_RichProgress(progress)) as ingestor:
        report = ingestor.ingest(inputs)
    new = [item.id for item in report.items if item.status != "exists"]
    if new and settings.stories.enabled and stories:
        _cluster(settings, store, new)
    for failure in report.failures:
        err.print(f"failed: {failure.line()}", markup=False, highlight=False)
    for hint in dict.fromkeys(f.hint for f in report.failures if f.hint):
        err.print(f"hint: {hint}", markup=False, highlight=False)
    return report


def _cluster(settings: Settings, store: Any, document_ids: list[int], *, rebuild: bool = False) -> int:
    """Assign documents to stories with a progress bar; returns how many were clustered."""
    from newsdesk.stories import StoryBuilder

    builder = StoryBuilder(settings.stories, store)
    total = store.count_documents() if rebuild else len(document_ids)
    progress = Progress(
        TextColumn("stories"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err,
        transient=True,
        disable=total < 2,
    )
    with progress, store.exclusive("clustering"):  # one clusterer at a time (PostgreSQL)
        task = progress.add_task("stories", total=total)

        def advance(count: int) -> None:
            progress.update(task, advance=count)

        if rebuild:
            return len(builder.rebuild(progress=advance))
        return len(builder.add(document_ids, progress=advance))


def _print_items(items: list[Any]) -> None:
    if not items:
        return
    table = Table(show_lines=False)
    for column, width in (("id", 3), ("status", 15), ("outlet", 14), ("lang", 4), ("passages", 8)):
        table.add_column(column, no_wrap=True, min_width=width, overflow="ellipsis")
    # The title takes what the fixed columns and borders (about 66 characters) leave.
    table.add_column("title", no_wrap=True, overflow="ellipsis", width=max(20, out.width - 66))
    for item in items:
        status = item.status if item.status != "duplicate" else f"duplicate of {item.duplicate_of}"
        table.add_row(str(item.id), status, item.outlet, item.language, str(item.passages), item.title)
    out.print(table)


@app.command()
def stories(
    db: DbOption = None,
    config: ConfigOption = None,
    as_json: JsonOption = False,
    since: Annotated[
        str | None, typer.Option("--since", help="Only stories updated on or after this date (YYYY-MM-DD).")
    ] = None,
    min_outlets: Annotated[
        int,
        typer.Option("--min-outlets", min=1, help="Only stories reported by at least N independent outlets."),
    ] = 1,
    rebuild: Annotated[
        bool, typer.Option("--rebuild", help="Re-cluster the whole store from scratch.")
    ] = False,
) -> None:
    """List stories: documents from several outlets and languages that report the same event.

    Documents not yet in a story (e.g. ingested with --no-stories) are clustered first.
    Syndicated copies (agency reports republished by several outlets) count once toward a
    story's outlets.

    \b
    Example:
        newsdesk stories --since 2025-02-01 --min-outlets 3 --json
    """
    with _errors():
        settings = _settings(config, db)
        since_at = _parse_day(since) if since else None
        from newsdesk.stories.views import story_views

        with open_store(settings.store.db) as store:
            clustered = _cluster(settings, store, store.unassigned_documents(), rebuild=rebuild)
            views = story_views(store, since=since_at, min_outlets=min_outlets)
        if clustered:
            err.print(f"clustered {clustered} document(s)", markup=False, highlight=False)
        if as_json:
            out.print_json(data=views)
            return
        table = Table(show_lines=False)
        for column, width in (("id", 3), ("outlets", 7), ("lang", 5), ("last published", 16)):
            table.add_column(column, no_wrap=True, min_width=width)
        table.add_column("label", no_wrap=True, overflow="ellipsis", width=max(20, out.width - 50))
        for view in views:
            table.add_row(
                str(view["id"]),
                str(len(view["outlets"])),
                ",".join(view["languages"]),
                view["last_published"][:16].replace("T", " "),
                view["label"],
            )
        out.print(table)
        err.print(f"{len(views)} stories — {store.location}", markup=False, highlight=False)


def _parse_day(value: str) -> float:
    try:
        day = datetime.fromisoformat(value)
    except ValueError as exc:
        raise ConfigError(f"--since: not a date (YYYY-MM-DD): {value}") from exc
    if day.tzinfo is None:
        day = day.replace(tzinfo=UTC)
    return day.timestamp()


@feeds_app.command("add")
def feeds_add(
    url: Annotated[str, typer.Argument(help="Feed URL (RSS, Atom or sitemap).")],
    interval: Annotated[
        int | None,
        typer.Option("--interval", min=1, help="Polling interval in minutes (watch.interval_minutes)."),
    ] = None,
    title: Annotated[str | None, typer.Option("--title", help="A name to show in lists.")] = None,
    db: DbOption = None,
    config: ConfigOption = None,
) -> None:
    """Save a feed to poll later (with 'newsdesk ingest --feeds' or 'newsdesk watch').

    \b
    Example:
        newsdesk feeds add https://www.krone.at/feed --interval 15
    """
    with _errors():
        url = feed_url(url)
        settings = _settings(config, db)
        with open_store(settings.store.db) as store:
            minutes = interval or settings.watch.interval_minutes
            feed = store.add_feed(url, title=title, interval_minutes=minutes, added_at=utc_now())
        out.print(
            f"feed {feed.id}: {feed.url} (every {feed.interval_minutes} min)", markup=False, highlight=False
        )


@feeds_app.command("list")
def feeds_list(db: DbOption = None, config: ConfigOption = None, as_json: JsonOption = False) -> None:
    """List saved feeds.

    \b
    Example:
        newsdesk feeds list --json
    """
    with _errors():
        settings = _settings(config, db)
        with open_store(settings.store.db) as store:
            feeds = store.list_feeds()
        if as_json:
            out.print_json(data=[feed.__dict__ for feed in feeds])
            return
        table = Table("id", "url", "title", "interval", "last polled", "last status")
        for feed in feeds:
            table.add_row(
                str(feed.id),
                feed.url,
                feed.title or "",
                f"{feed.interval_minutes} min",
                feed.last_polled_at or "never",
                feed.last_status or "",
            )
        out.print(table)


@feeds_app.command("remove")
def feeds_remove(
    feed: Annotated[str, typer.Argument(help="Feed URL or id.")],
    db: DbOption = None,
    config: ConfigOption = None,
) -> None:
    """Remove a saved feed (its ingested documents stay).

    \b
    Example:
        newsdesk feeds remove 3
    """
    with _errors():
        settings = _settings(config, db)
        with open_store(settings.store.db) as store:
            removed = store.remove_feed(feed)
        if not removed:
            err.print(f"error: no saved feed {feed}", markup=False, highlight=False)
            raise typer.Exit(1)
        out.print(f"removed feed {feed}", markup=False, highlight=False)


# Register the commands kept in their own modules ('check'; 'write', 'demo'; review and publishing;
# 'serve', 'users', 'watch', 'worker', 'status').
from newsdesk import cli_check, cli_publish, cli_watch, cli_web, cli_write  # noqa: E402

__all__ = ["app", "cli_check", "cli_publish", "cli_watch", "cli_web", "cli_write", "main"]


def main() -> None:
    """Console-script entry point."""
    app()
