"""The publishing commands: ``publish``, ``withdraw``, ``site`` and ``render``.

Thin like every command: publishing goes through the newsroom service under the article rules
(:mod:`newsdesk.newsroom.rules`), rendering through :mod:`newsdesk.render`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from newsdesk.cli.common import (
    ActorOption,
    ConfigOption,
    DbOption,
    IdArgument,
    actor,
    errors,
    newsroom,
    parse_formats,
    say,
    settings,
)
from newsdesk.errors import ConfigError
from newsdesk.render import render_text, save, slug
from newsdesk.render.site import export_site

SiteOption = Annotated[
    Path | None,
    typer.Option("--site", help="Export the static site to this folder (default: publish.site_dir)."),
]


def publish(
    article_id: IdArgument, actor_name: ActorOption = None, site: SiteOption = None, db: DbOption = None,
    config: ConfigOption = None,
) -> None:  # fmt: skip
    """Publish an approved article version: it joins the Atom feed and the static site.

    Only an approved version can be published, and only when the verifier found every one of its
    sentences supported (or its approval was forced with a reason). The story's version published
    before is withdrawn. With --site or the publish.site_dir setting, the static site is exported
    again.

    \b
    Example:
        newsdesk publish 12 --site public/
    """
    with errors():
        config_ = settings(config, db, publish={"site_dir": str(site) if site else None})
        with newsroom(config_, progress=False) as room:
            record = room.publish(article_id, actor=actor(actor_name))
        say(f"article {record.id} (story {record.story_id}, version {record.version}): published")
        if config_.publish.site_dir:
            say(f"site updated: {config_.publish.site_dir}")


def withdraw(
    article_id: IdArgument,
    actor_name: ActorOption = None,
    reason: Annotated[str, typer.Option("--reason", help="Why (kept in the review trail).")] = "",
    site: SiteOption = None,
    db: DbOption = None,
    config: ConfigOption = None,
) -> None:
    """Withdraw a published article version: its page leaves the site and the feed.

    \b
    Example:
        newsdesk withdraw 12 --reason "Quelle hat korrigiert"
    """
    with errors():
        config_ = settings(config, db, publish={"site_dir": str(site) if site else None})
        with newsroom(config_, progress=False) as room:
            record = room.withdraw(article_id, actor=actor(actor_name), reason=reason)
        say(f"article {record.id} (story {record.story_id}, version {record.version}): withdrawn")
        if config_.publish.site_dir:
            say(f"site updated: {config_.publish.site_dir}")


def site(
    directory: Annotated[
        Path | None, typer.Argument(help="Folder of the site (default: the publish.site_dir setting).")
    ] = None,
    db: DbOption = None,
    config: ConfigOption = None,
) -> None:
    """Export the static site of the published articles: index, article pages, feed.xml.

    Every published version gets a page (articles/<id>-<slug>.html) and its .json and .jsonld
    files; pages of withdrawn versions are removed. Running it again rewrites only what changed.

    \b
    Example:
        newsdesk site public/ && python -m http.server -d public
    """
    with errors():
        config_ = settings(config, db)
        folder = directory or (
            Path(config_.publish.site_dir).expanduser() if config_.publish.site_dir else None
        )
        if folder is None:
            raise ConfigError("no site folder: give DIR or set publish.site_dir")
        with newsroom(config_, progress=False) as room:
            report = export_site(room.store, folder, config_.publish)
        say(f"{folder}: {report.summary()}")


def render_command(
    article_id: IdArgument,
    formats: Annotated[
        str | None,
        typer.Option("--format", help="Comma-separated: md,html,pdf,json,jsonld,docx (default: md, stdout)."),
    ] = None,
    out_dir: Annotated[
        Path | None, typer.Option("--out", "-o", help="Write the files to this folder.")
    ] = None,
    marks: Annotated[
        bool, typer.Option("--marks/--no-marks", help="Show the verifier's verdicts (off for publication).")
    ] = True,
    fragment: Annotated[
        bool, typer.Option("--fragment", help="HTML: only the <article> element, for embedding.")
    ] = False,
    db: DbOption = None,
    config: ConfigOption = None,
) -> None:
    """Render a stored article version in one or more formats.

    Without -o, one text format is printed on stdout. Files are named article-<id>-<slug>.<ext>.
    PDF needs WeasyPrint (pip install 'newsdesk[pdf]').

    \b
    Example:
        newsdesk render 12 --format html,pdf,jsonld -o out/ --no-marks
        newsdesk render 12 --format html --fragment
    """
    with errors():
        config_ = settings(config, db)
        chosen = parse_formats(formats, ("md",) if out_dir is None else config_.write.formats)
        with newsroom(config_, progress=False) as room:
            record = room.store.get_article(article_id)
        options: dict[str, Any] = {"marks": marks, "standalone": not fragment, "record": record}
        options["settings"] = config_.publish
        if out_dir is None:
            if len(chosen) != 1:
                raise ConfigError(
                    "without -o, give one text format", hint="add -o DIR to write several files"
                )
            say(render_text(record.article, chosen[0], **options).rstrip("\n"))
            return
        stem = f"article-{record.id}-{slug(record.article.headline)}"
        for path in save(record.article, out_dir, chosen, stem=stem, **options):
            say(str(path))
