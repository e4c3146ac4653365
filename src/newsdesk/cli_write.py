"""The ``newsdesk write`` and ``newsdesk demo`` commands (registered on :data:`newsdesk.cli.app`).

Thin like the rest of the command line: options are parsed here, the work is done by
:mod:`newsdesk.write.run`, and a :class:`~newsdesk.errors.NewsdeskError` becomes one clear line.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer

from newsdesk.cli import ConfigOption, DbOption, JsonOption, _errors, _ingest, _settings, app, err, out
from newsdesk.config import Settings
from newsdesk.errors import ConfigError
from newsdesk.store import open_store

DEMO_DB = "newsdesk-demo.db"
DEMO_DIR = Path("newsdesk-demo")


def _verifier(settings: Settings) -> Any:
    """The verifier every written article passes: unsupported sentences are dropped, never published."""
    from newsdesk.verify import Verifier

    return Verifier(settings.verify)


def _formats(value: str | None, default: tuple[str, ...]) -> tuple[str, ...]:
    if not value:
        return default
    from newsdesk.render import RENDERERS

    formats = tuple(dict.fromkeys(f.strip().lower() for f in value.split(",") if f.strip()))
    unknown = [f for f in formats if f not in RENDERERS]
    if unknown:
        raise ConfigError(
            f"--format: unknown format(s) {', '.join(unknown)}", hint=f"choose from {', '.join(RENDERERS)}"
        )
    if "pdf" in formats:  # a missing WeasyPrint fails now, not after the articles are written
        from newsdesk.render.pdf import weasyprint

        weasyprint()
    return formats


def _report_failures(report: Any) -> None:
    for failure in report.failures:
        err.print(f"failed: {failure.line()}", markup=False, highlight=False)
        if failure.hint:
            err.print(f"hint: {failure.hint}", markup=False, highlight=False)


def _report_saved(written: Any) -> None:
    record = written.record
    if record is not None:
        state = "stored as" if record.created else "already stored as"
        err.print(
            f"story {record.story_id}: {state} article {record.id} "
            f"(version {record.version}, {record.status})",
            markup=False,
            highlight=False,
        )


@app.command()
def write(
    sources: Annotated[
        list[str] | None,
        typer.Argument(help="Ingest these first (URLs, feeds, files, folders), then write their stories."),
    ] = None,
    story: Annotated[
        list[int] | None, typer.Option("--story", "-s", help="Id of a story to write (repeat for several).")
    ] = None,
    writer: Annotated[
        str | None, typer.Option("--writer", help="Writer: extractive (default, no model needed) or llm.")
    ] = None,
    out_dir: Annotated[
        Path | None, typer.Option("--out", "-o", help="Save the articles in this folder.")
    ] = None,
    formats: Annotated[
        str | None,
        typer.Option("--format", help="Formats to save with -o, comma-separated: md,html,pdf,json,jsonld."),
    ] = None,
    db: DbOption = None,
    config: ConfigOption = None,
    as_json: JsonOption = False,
) -> None:
    """Write a German article for a story; every sentence cites its source passages.

    With --story, writes stories already in the store ('newsdesk stories' lists them). With
    SOURCE arguments, ingests them first, clusters them, and writes every story they belong to
    (largest first). Without -o and --json the article is printed as Markdown. The extractive
    writer uses German source sentences only; English reports corroborate them and are listed
    as sources. Exit code 1 if a story could not be written or an input failed.

    \b
    Example:
        newsdesk write --story 3 -o articles/ --format md,html
        newsdesk write reports/ --json
    """
    with _errors():
        settings = _settings(config, db, write={"writer": writer})
        chosen = _formats(formats, settings.write.formats)
        if not sources and not story:
            raise ConfigError("nothing to write: give --story ID or sources to ingest")
        from newsdesk.render import render_text
        from newsdesk.write.run import stories_of, write_stories

        failed_inputs = False
        with open_store(settings.store.db) as store:
            story_ids = list(dict.fromkeys(story or []))
            if sources:
                ingested = _ingest(settings, store, list(sources))
                failed_inputs = bool(ingested.failures)
                found = stories_of(store, [item.id for item in ingested.items])
                story_ids += [s for s in found if s not in story_ids]
                if not found:
                    err.print("no story was formed from these sources", markup=False, highlight=False)
            verifier = _verifier(settings)
            report = write_stories(
                settings.write, store, story_ids, out_dir=out_dir, formats=chosen, verifier=verifier
            )
        _report_failures(report)
        articles = [w.article for w in report.written]
        if as_json:
            data = [a.to_dict() for a in articles]
            out.print_json(json.dumps(data[0] if len(data) == 1 and story and not sources else data))
        elif out_dir is None:
            for article in articles:
                out.print(render_text(article, "md"), markup=False, highlight=False)
        for written in report.written:
            _report_saved(written)
            for path in written.paths:
                err.print(f"story {written.article.story_id}: {path}", markup=False, highlight=False)
        if report.failures or failed_inputs:
            raise typer.Exit(1)


@app.command()
def demo(
    db: Annotated[str, typer.Option("--db", help="SQLite file for the demo.")] = DEMO_DB,
    out_dir: Annotated[Path, typer.Option("--out", "-o", help="Folder for the articles.")] = DEMO_DIR,
    config: ConfigOption = None,
) -> None:
    """Run the whole pipeline on the bundled example reports and show where the articles are.

    Ingests the example reports that ship with newsdesk (three events; German and English
    outlets; one agency report republished by two other outlets), clusters them into stories and
    writes every story that has at least two outlets and a German report as Markdown, HTML and
    JSON. Running it again reuses the stored documents.

    \b
    Example:
        newsdesk demo -o demo-articles/
    """
    with _errors():
        settings = _settings(config, db)
        from newsdesk.write.run import demo_sources, demo_stories, write_stories

        with open_store(settings.store.db) as store, demo_sources() as folder:
            ingested = _ingest(settings, store, [str(folder)])
            story_ids = demo_stories(store, settings.write.language)
            report = write_stories(
                settings.write,
                store,
                story_ids,
                out_dir=out_dir,
                formats=("md", "html", "json"),
                verifier=_verifier(settings),
            )
        _report_failures(report)
        stored = sum(item.status != "exists" for item in ingested.items)
        err.print(
            f"{len(ingested.items)} example reports ({stored} new) in {len(story_ids)} stories — {db}",
            markup=False,
            highlight=False,
        )
        for written in report.written:
            article = written.article
            words = sum(
                len(s.text.split()) for sec in article.sections for p in sec.paragraphs for s in p.sentences
            )
            out.print(
                f"story {article.story_id}: {article.headline} ({words} words)", markup=False, highlight=False
            )
            for path in written.paths:
                out.print(f"  {path}", markup=False, highlight=False)
        if report.failures or ingested.failures:
            raise typer.Exit(1)
