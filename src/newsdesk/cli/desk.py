"""The desk commands: ``articles``, ``edit``, ``strike``, ``restore``, ``approve``, ``reject``
and ``reopen``.

Thin like every command: the newsroom service changes the text (:mod:`newsdesk.newsroom.desk`)
and decides under the article rules (:mod:`newsdesk.newsroom.rules`) — the same rules as the web
UI, its API and watch mode: a version with a sentence that is not verified as supported is
blocked and cannot be approved until the sentence is edited until it is supported or struck
(or the approval is forced with --force and a --reason, which the review trail keeps).
"""

from __future__ import annotations

from typing import Annotated, Any

import typer
from rich.table import Table

from newsdesk.cli.common import (
    ActorOption,
    ConfigOption,
    DbOption,
    IdArgument,
    JsonOption,
    actor,
    errors,
    newsroom,
    out,
    say,
    say_error,
    settings,
)
from newsdesk.errors import ConfigError
from newsdesk.newsroom import blockers
from newsdesk.store.articles import STATUSES, ArticleRecord

NoteOption = Annotated[str, typer.Option("--note", help="A note for the review trail.")]
SentenceArgument = Annotated[
    str, typer.Argument(help="Id of the sentence (s1, s2, …; 'newsdesk render ID --format json').")
]


def _done(record: ArticleRecord, what: str) -> None:
    say(f"article {record.id} (story {record.story_id}, version {record.version}): {what}")


def _blocking(record: ArticleRecord) -> None:
    found = blockers(record.article)
    if found:
        listed = ", ".join(f"{b.sentence_id} ({b.label})" for b in found)
        say_error(f"blocked: {len(found)} sentence(s) not verified as supported: {listed}")


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
        "blocking": [b.sentence_id for b in blockers(record.article)],
        "sources": len(record.article.sources),
        "created_at": record.created_at,
        "updated_at": record.updated_at,
        "reviewed_by": record.reviewed_by,
        "reviewed_at": record.reviewed_at,
        "published_at": record.published_at,
    }


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
    with errors():
        if status is not None and status not in STATUSES:
            raise ConfigError(f"--status: unknown state {status!r}", hint=f"states: {', '.join(STATUSES)}")
        with newsroom(settings(config, db), progress=False) as room:
            records = room.store.list_articles(status=status, story_id=story)
            location = room.store.location
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
        say_error(f"{len(rows)} article version(s) — {location}")


def edit(
    article_id: IdArgument,
    sentence: SentenceArgument,
    text: Annotated[str, typer.Argument(help="The sentence's new text.")],
    actor_name: ActorOption = None,
    db: DbOption = None,
    config: ConfigOption = None,
) -> None:
    """Replace a sentence's text; it keeps its citations and is verified again.

    An approved version goes back to draft. The new verdict is printed; a sentence that is not
    supported blocks approval until it is edited again or struck.

    \b
    Example:
        newsdesk edit 12 s3 "Der Pegel erreichte 10,62 Meter."
    """
    with errors():
        with newsroom(settings(config, db)) as room:
            record = room.edit_sentence(article_id, sentence, text, actor=actor(actor_name))
        edited = next(s for s in record.article.sentences() if s.id == sentence)
        _done(record, f"{sentence} edited, {edited.verdict.label if edited.verdict else 'unverified'}")
        _blocking(record)


def strike(
    article_id: IdArgument,
    sentence: SentenceArgument,
    reason: Annotated[str, typer.Option("--reason", help="Why (kept in the review trail).")] = "",
    actor_name: ActorOption = None,
    db: DbOption = None,
    config: ConfigOption = None,
) -> None:
    """Strike a sentence from the text (the review trail keeps it; 'newsdesk restore' brings it back).

    \b
    Example:
        newsdesk strike 12 s7 --reason "Quelle widerspricht"
    """
    with errors():
        with newsroom(settings(config, db), progress=False) as room:
            record = room.strike_sentence(article_id, sentence, actor=actor(actor_name), reason=reason)
        _done(record, f"{sentence} struck")
        _blocking(record)


def restore(
    article_id: IdArgument,
    sentence: SentenceArgument,
    actor_name: ActorOption = None,
    db: DbOption = None,
    config: ConfigOption = None,
) -> None:
    """Put a struck sentence back where it stood; it is verified again.

    \b
    Example:
        newsdesk restore 12 s7
    """
    with errors():
        with newsroom(settings(config, db)) as room:
            record = room.restore_sentence(article_id, sentence, actor=actor(actor_name))
        _done(record, f"{sentence} restored")
        _blocking(record)


def approve(
    article_id: IdArgument,
    actor_name: ActorOption = None,
    note: NoteOption = "",
    force: Annotated[
        bool, typer.Option("--force", help="Approve although sentences block it (needs --reason).")
    ] = False,
    reason: Annotated[
        str, typer.Option("--reason", help="Why a blocked version may go out (with --force).")
    ] = "",
    db: DbOption = None,
    config: ConfigOption = None,
) -> None:
    """Approve a draft article version; an approved version can then be published.

    A version with a sentence that is not verified as supported is blocked: edit the sentence
    until it is supported ('newsdesk edit') or strike it ('newsdesk strike'). --force --reason
    approves it anyway; the reason and the blocking sentences are kept in the review trail.

    \b
    Example:
        newsdesk approve 12 --as anna --note "Zahlen geprüft"
        newsdesk approve 12 --force --reason "Zitat telefonisch bestätigt"
    """
    with errors():
        if reason and not force:
            raise ConfigError("--reason goes with --force", hint="use --note for a note")
        with newsroom(settings(config, db), progress=False) as room:
            record = room.approve(
                article_id, actor=actor(actor_name), note=note, force=reason if force else None
            )
        _done(record, "approved" + (" (forced)" if force and blockers(record.article) else ""))


def reject(
    article_id: IdArgument, actor_name: ActorOption = None, note: NoteOption = "", db: DbOption = None,
    config: ConfigOption = None,
) -> None:  # fmt: skip
    """Reject a draft or approved article version (it stays stored, with the review trail).

    \b
    Example:
        newsdesk reject 12 --note "Überschrift übertreibt"
    """
    with errors():
        with newsroom(settings(config, db), progress=False) as room:
            record = room.reject(article_id, actor=actor(actor_name), note=note)
        _done(record, "rejected")


def reopen(
    article_id: IdArgument, actor_name: ActorOption = None, note: NoteOption = "", db: DbOption = None,
    config: ConfigOption = None,
) -> None:  # fmt: skip
    """Put a rejected or approved article version back into draft.

    \b
    Example:
        newsdesk reopen 12 --note "neu bearbeiten"
    """
    with errors():
        with newsroom(settings(config, db), progress=False) as room:
            record = room.reopen(article_id, actor=actor(actor_name), note=note)
        _done(record, "draft")


__all__ = ["approve", "articles", "edit", "record_summary", "reject", "reopen", "restore", "strike"]
