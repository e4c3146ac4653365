"""The ``newsdesk check`` command (registered on :data:`newsdesk.cli.app`).

Thin like the rest of the command line: options are parsed here, the audit is done by
:mod:`newsdesk.verify.audit`, and a :class:`~newsdesk.errors.NewsdeskError` becomes one clear line.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Annotated

import typer

from newsdesk.cli import ConfigOption, JsonOption, _errors, _settings, app, err, out
from newsdesk.store import open_store


@app.command()
def check(
    article: Annotated[str, typer.Argument(help="The article: .txt .md .html .pdf file or URL.")],
    source: Annotated[
        list[str] | None,
        typer.Option("--source", "-s", help="A source file or URL (repeatable); stands in for a cited URL."),
    ] = None,
    db: Annotated[str | None, typer.Option("--db", help="Keep fetched sources in this store.")] = None,
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

    Sources are the URLs in the article and the --source files or URLs (a source file whose front
    matter has 'url:' stands in for that cited URL). Exit code 0 when every sentence is supported,
    1 otherwise, 2 on usage errors. Without --db, fetched sources are kept in memory only.

    \b
    Example:
        newsdesk check artikel.txt --source krone.md --source moscow-times.md --html bericht.html
    """
    with _errors():
        settings = _settings(config, db or ":memory:", allow_private=allow_private)
        if offline:
            settings = replace(settings, verify=replace(settings.verify, offline=True))
        from newsdesk.verify.audit import audit
        from newsdesk.verify.report import problem_lines, table, write_html

        with open_store(settings.store.db) as store:
            report = audit(article, settings, store, sources=source or [])
        if html:
            write_html(report, html)
        if as_json:
            out.print_json(data=report.to_dict())
        else:
            out.print(table(report, out.width))
        for line in problem_lines(report):
            err.print(line, markup=False, highlight=False)
        if any(s.verdict is None or s.verdict.label != "supported" for s in report.sentences):
            raise typer.Exit(1)
