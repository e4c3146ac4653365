"""The ``newsdesk write`` and ``newsdesk demo`` commands.

Thin like every command: options are parsed here; the newsroom service ingests, clusters and
writes (:meth:`~newsdesk.newsroom.Newsroom.write`, which skips stories that have not changed),
and a :class:`~newsdesk.errors.NewsdeskError` becomes one clear line.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer

from newsdesk.cli.common import (
    ConfigOption,
    DbOption,
    JsonOption,
    errors,
    newsroom,
    out,
    parse_formats,
    report_failures,
    say,
    say_error,
    settings,
)
from newsdesk.errors import ConfigError
from newsdesk.newsroom import Written, demo_sources
from newsdesk.render import render_text

DEMO_DB = "newsdesk-demo.db"
DEMO_DIR = Path("newsdesk-demo")


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


def _report_saved(written: Written) -> None:
    record = written.record
    if written.unchanged:
        state = "unchanged, stored as"
    else:
        state = "stored as" if record.created else "already stored as"
    say_error(
        f"story {record.story_id}: {state} article {record.id} (version {record.version}, {record.status})"
    )


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
    rewrite: Annotated[
        bool,
        typer.Option("--rewrite", help="Write and verify again even if the story has not changed."),
    ] = False,
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
    supports. A story whose documents and settings have not changed since its article was
    written (by any command, the web UI or watch mode) is not written again: its stored version is
    used (--rewrite writes it anyway). Exit code 1 if a story could not be written or an input
    failed.

    \b
    Example:
        newsdesk write --story 3 -o articles/ --format md,html
        newsdesk write reports/ --json
        newsdesk write --story 3 --writer llm --llm-url http://127.0.0.1:11434/v1 --llm-model llama3.2
        newsdesk write --story 3 --llm-model-path SmolLM2-135M-Instruct.Q4_1.gguf
    """
    with errors():
        if llm_model_path is not None and writer is None:
            writer = "llm"
        llm_flags = {"base_url": llm_url, "model": llm_model}
        llm_flags["model_path"] = str(llm_model_path) if llm_model_path is not None else None
        config_ = settings(config, db, write={"writer": writer}, llm=llm_flags)
        chosen = parse_formats(formats, config_.write.formats)
        if not sources and not story:
            raise ConfigError("nothing to write: give --story ID or sources to ingest")
        failed_inputs = False
        with newsroom(config_) as room:
            story_ids = list(dict.fromkeys(story or []))
            if sources:
                ingested = room.ingest(list(sources))
                report_failures(ingested.failures)
                failed_inputs = bool(ingested.failures)
                found = room.stories_of([item.id for item in ingested.items])
                story_ids += [s for s in found if s not in story_ids]
                if not found:
                    say_error("no story was formed from these sources")
            report = room.write(story_ids, out_dir=out_dir, formats=chosen, rewrite=rewrite)
        report_failures(report.failures)
        for written in report.written:
            summary = None if written.unchanged else _llm_summary(written.article)
            if summary:
                say_error(summary)
        articles = [w.article for w in report.written]
        if as_json:
            data = [a.to_dict() for a in articles]
            out.print_json(json.dumps(data[0] if len(data) == 1 and story and not sources else data))
        elif out_dir is None:
            for article in articles:
                say(render_text(article, "md"))
        for written in report.written:
            _report_saved(written)
            for path in written.paths:
                say_error(f"story {written.article.story_id}: {path}")
        if report.failures or failed_inputs:
            raise typer.Exit(1)


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
    Running it again reuses the stored documents and the articles written from them.

    \b
    Example:
        newsdesk demo -o demo-articles/
    """
    with errors():
        config_ = settings(config, db)
        with newsroom(config_) as room, demo_sources() as folder:
            ingested = room.ingest([str(folder)])
            story_ids = room.demo_stories()
            report = room.write(story_ids, out_dir=out_dir, formats=("md", "html", "json"))
        report_failures(ingested.failures + report.failures)
        stored = sum(item.status != "exists" for item in ingested.items)
        say_error(f"{len(ingested.items)} example reports ({stored} new) in {len(story_ids)} stories — {db}")
        for written in report.written:
            article = written.article
            words = sum(len(s.text.split()) for s in article.sentences())
            say(f"story {article.story_id}: {article.headline} ({words} words)")
            for path in written.paths:
                say(f"  {path}")
        if report.failures or ingested.failures:
            raise typer.Exit(1)
