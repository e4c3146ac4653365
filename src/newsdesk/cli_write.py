"""The ``newsdesk write`` and ``newsdesk demo`` commands (registered on :data:`newsdesk.cli.app`).

Thin like the rest of the command line: options are parsed here, the work is done by
:mod:`newsdesk.write.run`, and a :class:`~newsdesk.errors.NewsdeskError` becomes one clear line.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Annotated, Any

import typer

from newsdesk.cli import ConfigOption, DbOption, JsonOption, _errors, _ingest, _settings, app, err, out
from newsdesk.config import LLMSettings, Settings
from newsdesk.errors import ConfigError
from newsdesk.store import open_store

DEMO_DB = "newsdesk-demo.db"
DEMO_DIR = Path("newsdesk-demo")


def _verifier(settings: Settings) -> Any:
    """The verifier every written article passes: unsupported sentences are dropped, never published."""
    from newsdesk.verify import Verifier

    return Verifier(settings.verify)


@contextmanager
def _llm(settings: Settings) -> Iterator[LLMSettings]:
    """The LLM settings to write with; with ``llm.model_path``, a local llama.cpp server runs meanwhile."""
    llm = settings.llm
    if settings.write.writer != "llm" or not llm.model_path:
        yield llm
        return
    from newsdesk.llm.server import LocalServer

    name = Path(llm.model_path).name
    err.print(f"starting a local llama.cpp server for {name}", markup=False, highlight=False)
    with LocalServer.from_settings(llm) as server:
        yield replace(llm, base_url=server.base_url, model=server.alias)


def _llm_summary(article: Any) -> str | None:
    """One line of what the LLM writer spent and kept, or None for other writers."""
    meta = article.metadata.get("llm")
    if not meta:
        return None
    totals, counts, context = meta["totals"], meta["sentences"], meta["context"]
    return (
        f"story {article.story_id}: {meta['model']}: {totals['prompt_tokens']} prompt + "
        f"{totals['completion_tokens']} completion tokens, {totals['seconds']:.1f} s; "
        f"sentences: {counts['proposed']} proposed, {counts['published']} published, "
        f"{counts['dropped']} dropped, {meta['repair_rounds']} repair round(s); "
        f"passages {context['passages_used']}/{context['passages_available']} in "
        f"{context['passage_tokens_estimated']}/{context['budget_tokens']} tokens"
    )


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
        str | None,
        typer.Option(
            "--writer", help="Writer: extractive (default, no model needed) or llm (see the [llm] settings)."
        ),
    ] = None,
    llm_url: Annotated[
        str | None,
        typer.Option("--llm-url", help="OpenAI-compatible base URL for --writer llm (llm.base_url)."),
    ] = None,
    llm_model: Annotated[
        str | None, typer.Option("--llm-model", help="Model name for --writer llm (llm.model).")
    ] = None,
    llm_model_path: Annotated[
        Path | None,
        typer.Option(
            "--llm-model-path",
            help="GGUF model file: start a local llama.cpp server for it, write with it, stop it "
            "(implies --writer llm; needs newsdesk[llm-local]).",
        ),
    ] = None,
    out_dir: Annotated[
        Path | None, typer.Option("--out", "-o", help="Save the articles in this folder.")
    ] = None,
    formats: Annotated[
        str | None,
        typer.Option("--format", help="Formats to save with -o: md,html,pdf,json,jsonld,docx."),
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
    as sources. The llm writer has a model write the article from the passages of every
    language over an OpenAI-compatible API and publishes only the sentences the verifier
    supports. Exit code 1 if a story could not be written or an input failed.

    \b
    Example:
        newsdesk write --story 3 -o articles/ --format md,html
        newsdesk write reports/ --json
        newsdesk write --story 3 --writer llm --llm-url http://127.0.0.1:11434/v1 --llm-model llama3.2
        newsdesk write --story 3 --llm-model-path SmolLM2-135M-Instruct.Q4_1.gguf
    """
    with _errors():
        if llm_model_path is not None and writer is None:
            writer = "llm"
        llm_flags = {"base_url": llm_url, "model": llm_model}
        llm_flags["model_path"] = str(llm_model_path) if llm_model_path is not None else None
        settings = _settings(config, db, write={"writer": writer}, llm=llm_flags)
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
            with _llm(settings) as llm:
                report = write_stories(
                    settings.write,
                    store,
                    story_ids,
                    out_dir=out_dir,
                    formats=chosen,
                    verifier=verifier,
                    llm=llm,
                )
        _report_failures(report)
        for written in report.written:
            summary = _llm_summary(written.article)
            if summary:
                err.print(summary, markup=False, highlight=False)
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
    JSON, with the writer of write.writer (extractive by default; llm with the [llm] settings).
    Running it again reuses the stored documents.

    \b
    Example:
        newsdesk demo -o demo-articles/
    """
    with _errors():
        settings = _settings(config, db)
        from newsdesk.write.run import demo_sources, demo_stories, write_stories

        with open_store(settings.store.db) as store, demo_sources() as folder, _llm(settings) as llm:
            ingested = _ingest(settings, store, [str(folder)])
            story_ids = demo_stories(store, settings.write.language)
            report = write_stories(
                settings.write,
                store,
                story_ids,
                out_dir=out_dir,
                formats=("md", "html", "json"),
                verifier=_verifier(settings),
                llm=llm,
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
            words = sum(len(s.text.split()) for s in article.sentences())
            out.print(
                f"story {article.story_id}: {article.headline} ({words} words)", markup=False, highlight=False
            )
            for path in written.paths:
                out.print(f"  {path}", markup=False, highlight=False)
        if report.failures or ingested.failures:
            raise typer.Exit(1)
