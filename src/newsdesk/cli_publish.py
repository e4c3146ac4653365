"""The review and publishing commands (registered on :data:`newsdesk.cli.app`): ``articles``,
``approve``, ``reject``, ``publish``, ``withdraw``, ``site`` and ``render``.

Thin like the rest of the command line: options are parsed here, the work is done by
:mod:`newsdesk.publish` and :mod:`newsdesk.render`, and a :class:`~newsdesk.errors.NewsdeskError`
becomes one clear line.
"""

from __future__ import annotations

import getpass
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from newsdesk.cli import ConfigOption, DbOption, JsonOption, _errors, app, err, out
from newsdesk.config import Settings, load_settings
from newsdesk.errors import ConfigError
from newsdesk.store import open_store

ActorOption = Annotated[
    str | None, typer.Option("--as", help="Who decides (recorded in the review trail; default: your login).")
]
IdArgument = Annotated[int, typer.Argument(help="Id of the stored article version ('newsdesk articles').")]
NoteOption = Annotated[str, typer.Option("--note", help="A note for the review trail.")]


def _load(config: Path | None, db: str | None, **publish: Any) -> Settings:
    return load_settings(config, overrides={"store": {"db": db}, "publish": publish})


def _actor(value: str | None) -> str:
    if value:
        return value
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no login name (a container without a passwd entry)
        return "newsdesk"


def _say(text: str) -> None:
    out.print(text, markup=False, highlight=False)


def record_summary(record: Any) -> dict[str, Any]:
    """One stored version as JSON (``newsdesk articles --json``)."""
    sentences = record.article.sentences()
    return {
        "id": record.id,
        "story_id": record.story_id,
        "version": record.version,
        "status": record.status,
        "writer": record.writer,
        "headline": record.article.headline,
        "sentences": len(sentences),
        "supported": sum(s.verdict is not None and s.verdict.label == "supported" for s in sentences),
        "sources": len(record.article.sources),
        "created_at": record.created_at,
        "updated_at": record.updated_at,
        "reviewed_by": record.reviewed_by,
        "reviewed_at": record.reviewed_at,
        "published_at": record.published_at,
    }


@app.command()
def articles(
    status: Annotated[
        str | None,
        typer.Option(
            "--status", help="Only versions in this state: draft, approved, rejected, published, withdrawn."
        ),
    ] = None,
    story: Annotated[int | None, typer.Option("--story", "-s", help="Only versions of this story.")] = None,
    db: DbOption = None,
    config: ConfigOption = None,
    as_json: JsonOption = False,
) -> None:
    """List the stored article versions with their review state, newest first.

    'newsdesk write' and 'newsdesk demo' store every article they write as a draft version of
    its story's article; an editor approves or rejects it, and an approved version can be
    published. The 'supported' column counts the sentences the verifier found supported.

    \b
    Example:
        newsdesk articles --status draft
        newsdesk articles --story 3 --json
    """
    with _errors():
        from newsdesk.store.articles import STATUSES

        if status is not None and status not in STATUSES:
            raise ConfigError(f"--status: unknown state {status!r}", hint=f"states: {', '.join(STATUSES)}")
        settings = _load(config, db)
        with open_store(settings.store.db) as store:
            records = store.list_articles(status=status, story_id=story)
        rows = [record_summary(r) for r in records]
        if as_json:
            out.print_json(data=rows)
            return
        table = Table(show_lines=False)
        for column in ("id", "story", "v", "status", "supported", "updated"):
            table.add_column(column, no_wrap=True)
        table.add_column("headline", no_wrap=True, overflow="ellipsis", width=max(20, out.width - 62))
        for row in rows:
            table.add_row(
                str(row["id"]),
                str(row["story_id"]),
                str(row["version"]),
                row["status"],
                f"{row['supported']}/{row['sentences']}",
                row["updated_at"][:16].replace("T", " "),
                row["headline"],
            )
        out.print(table)
        err.print(f"{len(rows)} article version(s) — {store.location}", markup=False, highlight=False)


@app.command()
def approve(
    article_id: IdArgument, actor: ActorOption = None, note: NoteOption = "", db: DbOption = None,
    config: ConfigOption = None,
) -> None:  # fmt: skip
    """Approve a draft article version; an approved version can then be published.

    \b
    Example:
        newsdesk approve 12 --as anna --note "Zahlen geprüft"
    """
    with _errors():
        from newsdesk.publish import approve_article, unsupported_sentences

        settings = _load(config, db)
        with open_store(settings.store.db) as store:
            record = approve_article(store, article_id, actor=_actor(actor), note=note)
        _say(f"article {record.id} (story {record.story_id}, version {record.version}): approved")
        bad = unsupported_sentences(record.article)
        if bad:
            err.print(
                f"warning: {len(bad)} sentence(s) are not verified as supported; it cannot be published so",
                markup=False,
                highlight=False,
            )


@app.command()
def reject(
    article_id: IdArgument, actor: ActorOption = None, note: NoteOption = "", db: DbOption = None,
    config: ConfigOption = None,
) -> None:  # fmt: skip
    """Reject a draft or approved article version (it stays stored, with the review trail).

    \b
    Example:
        newsdesk reject 12 --note "Überschrift übertreibt"
    """
    with _errors():
        from newsdesk.publish import reject_article

        settings = _load(config, db)
        with open_store(settings.store.db) as store:
            record = reject_article(store, article_id, actor=_actor(actor), note=note)
        _say(f"article {record.id} (story {record.story_id}, version {record.version}): rejected")


SiteOption = Annotated[
    Path | None,
    typer.Option("--site", help="Export the static site to this folder (default: publish.site_dir)."),
]


@app.command()
def publish(
    article_id: IdArgument, actor: ActorOption = None, site: SiteOption = None, db: DbOption = None,
    config: ConfigOption = None,
) -> None:  # fmt: skip
    """Publish an approved article version: it joins the Atom feed and the static site.

    Only an approved version can be published, and only when the verifier found every one of its
    sentences supported. The story's version published before is withdrawn. With --site or the
    publish.site_dir setting, the static site is exported again.

    \b
    Example:
        newsdesk publish 12 --site public/
    """
    with _errors():
        from newsdesk.publish import publish_article

        settings = _load(config, db, site_dir=str(site) if site else None)
        with open_store(settings.store.db) as store:
            record = publish_article(store, article_id, actor=_actor(actor), settings=settings.publish)
        _say(f"article {record.id} (story {record.story_id}, version {record.version}): published")
        if settings.publish.site_dir:
            _say(f"site updated: {settings.publish.site_dir}")


@app.command()
def withdraw(
    article_id: IdArgument,
    actor: ActorOption = None,
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
    with _errors():
        from newsdesk.publish import withdraw_article

        settings = _load(config, db, site_dir=str(site) if site else None)
        with open_store(settings.store.db) as store:
            record = withdraw_article(
                store, article_id, actor=_actor(actor), reason=reason, settings=settings.publish
            )
        _say(f"article {record.id} (story {record.story_id}, version {record.version}): withdrawn")
        if settings.publish.site_dir:
            _say(f"site updated: {settings.publish.site_dir}")


@app.command()
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
    with _errors():
        from newsdesk.render.site import export_site

        settings = _load(config, db)
        folder = directory or (
            Path(settings.publish.site_dir).expanduser() if settings.publish.site_dir else None
        )
        if folder is None:
            raise ConfigError("no site folder: give DIR or set publish.site_dir")
        with open_store(settings.store.db) as store:
            report = export_site(store, folder, settings.publish)
        _say(f"{folder}: {report.summary()}")


@app.command("render")
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
    with _errors():
        from newsdesk.cli_write import _formats
        from newsdesk.render import render_text, save, slug

        settings = _load(config, db)
        chosen = _formats(formats, ("md",) if out_dir is None else settings.write.formats)
        with open_store(settings.store.db) as store:
            record = store.get_article(article_id)
        options: dict[str, Any] = {"marks": marks, "standalone": not fragment, "record": record}
        options["settings"] = settings.publish
        if out_dir is None:
            if len(chosen) != 1:
                raise ConfigError(
                    "without -o, give one text format", hint="add -o DIR to write several files"
                )
            _say(render_text(record.article, chosen[0], **options).rstrip("\n"))
            return
        stem = f"article-{record.id}-{slug(record.article.headline)}"
        for path in save(record.article, out_dir, chosen, stem=stem, **options):
            _say(str(path))
