"""The sources commands: ``ingest``, ``stories`` and ``feeds add|list|remove``.

Thin like every command: options are parsed here, the work is done by the newsroom service
(:meth:`~newsdesk.newsroom.Newsroom.ingest` reads the sources and clusters the new documents,
:meth:`~newsdesk.newsroom.Newsroom.cluster` assigns documents to stories).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any

import typer
from rich.table import Table

from newsdesk.cli.common import (
    ConfigOption,
    DbOption,
    JsonOption,
    errors,
    newsroom,
    out,
    report_failures,
    say,
    say_error,
    settings,
)
from newsdesk.errors import ConfigError
from newsdesk.stories.views import story_views

feeds_app = typer.Typer(help="Keep feeds for later polling.", no_args_is_help=True)


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
    with errors():
        config_ = settings(
            config,
            db,
            ingest={
                "allow_private": allow_private,
                "respect_robots": False if no_robots else None,
                "per_host_delay": delay,
                "max_bytes": max_bytes,
                "read_timeout": timeout,
                "languages": tuple(language) if language else None,
            },
        )
        inputs = list(sources or [])
        with newsroom(config_) as room:
            if feeds:
                inputs += [feed.url for feed in room.store.list_feeds()]
            if not inputs:
                raise ConfigError("nothing to ingest: give URLs, files or folders (or --feeds)")
            report = room.ingest(inputs, cluster=not no_stories)
            location = room.store.location
        report_failures(report.failures)
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
        say_error(summary + f" — {location}")
        if report.failures:
            raise typer.Exit(1)


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
    with errors():
        config_ = settings(config, db)
        since_at = _parse_day(since) if since else None
        with newsroom(config_) as room:
            clustered = room.cluster(rebuild=rebuild)
            views = story_views(room.store, since=since_at, min_outlets=min_outlets)
            location = room.store.location
        if clustered:
            say_error(f"clustered {len(clustered)} document(s)")
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
        say_error(f"{len(views)} stories — {location}")


def _parse_day(value: str) -> float:
    try:
        day = datetime.fromisoformat(value)
    except ValueError as exc:
        raise ConfigError(f"--since: not a date (YYYY-MM-DD): {value}") from exc
    if day.tzinfo is None:
        day = day.replace(tzinfo=UTC)
    return day.timestamp()


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
    with errors():
        with newsroom(settings(config, db), progress=False) as room:
            feed = room.add_feed(url, title=title, interval=interval)
        say(f"feed {feed.id}: {feed.url} (every {feed.interval_minutes} min)")


def feeds_list(db: DbOption = None, config: ConfigOption = None, as_json: JsonOption = False) -> None:
    """List saved feeds.

    \b
    Example:
        newsdesk feeds list --json
    """
    with errors():
        with newsroom(settings(config, db), progress=False) as room:
            feeds = room.store.list_feeds()
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
    with errors():
        with newsroom(settings(config, db), progress=False) as room:
            removed = room.store.remove_feed(feed)
        if not removed:
            say_error(f"error: no saved feed {feed}")
            raise typer.Exit(1)
        say(f"removed feed {feed}")
