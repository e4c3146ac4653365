"""The ``newsdesk`` command line: a thin front end over the newsroom service.

Each command parses its options, builds the settings (defaults < newsdesk.toml < NEWSDESK_*
environment < flags), calls the newsroom service (:mod:`newsdesk.newsroom`) and turns a
:class:`~newsdesk.errors.NewsdeskError` into one clear line. Exit codes: 0 success, 1 some inputs
failed, 2 usage or configuration errors. The commands live in one module per area and are
registered here, in the order ``newsdesk --help`` lists them.
"""

from __future__ import annotations

import logging
import sys
from typing import Annotated

import typer

from newsdesk import __version__
from newsdesk.cli import checking, desk, publishing, sources, watching, web, writing
from newsdesk.cli.common import say

app = typer.Typer(
    name="newsdesk",
    help="Write German news articles from many sources and prove every sentence.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
)


def _version(value: bool) -> None:
    if value:
        say(f"newsdesk {__version__}")
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


app.command()(sources.ingest)
app.command()(sources.stories)
app.add_typer(sources.feeds_app, name="feeds")
app.command()(checking.check)
app.command()(writing.write)
app.command()(writing.demo)
app.command()(desk.articles)
app.command()(desk.edit)
app.command()(desk.strike)
app.command()(desk.restore)
app.command()(desk.approve)
app.command()(desk.reject)
app.command()(desk.reopen)
app.command()(publishing.publish)
app.command()(publishing.withdraw)
app.command()(publishing.site)
app.command("render")(publishing.render_command)
app.command()(web.serve)
app.add_typer(web.users_app, name="users")
app.command()(watching.watch)
app.command()(watching.worker)
app.command()(watching.status)

sources.feeds_app.command("add")(sources.feeds_add)
sources.feeds_app.command("list")(sources.feeds_list)
sources.feeds_app.command("remove")(sources.feeds_remove)


def main() -> None:
    """Console-script entry point."""
    app()


__all__ = ["app", "main"]
