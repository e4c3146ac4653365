"""The ``newsdesk check`` command: audit any article against the sources it cites.

Thin like every command: options are parsed here, the audit is done by the newsroom service
(:meth:`~newsdesk.newsroom.Newsroom.audit`), and a :class:`~newsdesk.errors.NewsdeskError`
becomes one clear line.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from newsdesk.cli.common import ConfigOption, JsonOption, errors, newsroom, out, say_error, settings
from newsdesk.verify.report import problem_lines, table, write_html


def check(
    article: Annotated[
        str, typer.Argument(help="The article: .txt .md .html .pdf .json file (newsdesk's own too) or URL.")
    ],
    source: Annotated[
        list[str] | None,
        typer.Option("--source", "-s", help="A source file or URL (repeatable); stands in for a cited URL."),
    ] = None,
    db: Annotated[
        str | None,
        typer.Option("--db", help="Use the sources in this store, and keep the ones fetched in it."),
    ] = None,
    config: ConfigOption = None,
    as_json: JsonOption = False,
    html: Annotated[Path | None, typer.Option("--html", help="Write an HTML report to FILE.")] = None,
    allow_private: Annotated[
        bool | None, typer.Option("--allow-private", help="Allow sources on private/loopback addresses.")
    ] = None,
    offline: Annotated[
        bool, typer.Option("--offline", help="Fetch no sources: use --source and the store only.")
    ] = False,
) -> None:
    """Audit an article against the sources it cites: a verdict per sentence, article problems.

    newsdesk's own Markdown, HTML and JSON articles are read exactly (each sentence against the
    passages it cites); other articles in Markdown, HTML (main text extracted as on ingest), PDF
    or plain text sentence by sentence, with citation marks like [1] naming their sources.
    Sources are the URLs in the article and the --source files or URLs (a source file whose front
    matter has 'url:' stands in for that cited URL); a cited URL already in the --db store is
    read from there. Exit code 0 when every sentence is supported, 1 otherwise, 2 on usage
    errors. Without --db, fetched sources are kept in memory only.

    \b
    Example:
        newsdesk check artikel.txt --source krone.md --source moscow-times.md --html bericht.html
        newsdesk check newsdesk-demo/story-2-*.json --db newsdesk-demo.db --offline
    """
    with errors():
        config_ = settings(config, db or ":memory:", ingest={"allow_private": allow_private})
        with newsroom(config_) as room:
            report = room.audit(article, sources=source or [], offline=offline or None, keep=db is not None)
        if html:
            write_html(report, html)
        if as_json:
            out.print_json(data=report.to_dict())
        else:
            out.print(table(report, out.width))
        for line in problem_lines(report):
            say_error(line)
        if any(s.verdict is None or s.verdict.label != "supported" for s in report.sentences):
            raise typer.Exit(1)
