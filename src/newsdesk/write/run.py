"""Writing several stories in one go: what ``newsdesk write`` and ``newsdesk demo`` call.

:func:`write_stories` writes each story with the configured writer and saves the requested
formats; a story that cannot be written (no German passage, say) is recorded as a failure and the
others are still written, except when the model cannot be used at all (server unreachable, model
unknown, key refused: :class:`~newsdesk.errors.LLMUnavailableError`), which stops the run with one
error instead of one per story. A local llama.cpp server that dies while a story is written
(:class:`~newsdesk.errors.LocalServerDiedError`) is that story's failure; the stories after it are
recorded as not written, since there is no server left to write them. :func:`demo_sources` finds
the bundled example reports, which ship inside the package so that ``newsdesk demo`` works from a
regular ``pip install``.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from importlib import resources
from pathlib import Path

from newsdesk.config import LLMSettings, WriteSettings
from newsdesk.errors import LLMUnavailableError, LocalServerDiedError, NewsdeskError
from newsdesk.models import Article
from newsdesk.store.articles import ArticleRecord
from newsdesk.store.sql import SQLStore
from newsdesk.write.base import ArticleVerifier, create_writer, require_text


@dataclass
class Written:
    article: Article
    paths: list[Path] = field(default_factory=list)
    record: ArticleRecord | None = None  # the stored version (None when not saved)


@dataclass
class WriteFailure:
    story_id: int
    message: str
    hint: str | None = None

    def line(self) -> str:
        return f"story {self.story_id}: {self.message}"


@dataclass
class WriteReport:
    written: list[Written] = field(default_factory=list)
    failures: list[WriteFailure] = field(default_factory=list)


def write_stories(
    settings: WriteSettings,
    store: SQLStore,
    story_ids: Sequence[int],
    *,
    out_dir: Path | None = None,
    formats: Sequence[str] = (),
    verifier: ArticleVerifier | None = None,
    save: bool = True,
    llm: LLMSettings | None = None,
) -> WriteReport:
    """Write each story; save it in ``formats`` under ``out_dir`` when one is given.

    With ``save`` (the default) each article is stored as the story's next version for review
    (:func:`store_version`)."""
    from newsdesk.render import save as save_formats

    writer = create_writer(settings, store, verifier=verifier, llm=llm)
    report = WriteReport()
    try:
        for position, story_id in enumerate(story_ids):
            try:
                article = require_text(writer.write(story_id))
            except LocalServerDiedError as exc:
                report.failures.append(WriteFailure(story_id, exc.message, exc.hint))
                report.failures += [
                    WriteFailure(later, "not written: the local llama.cpp server had died")
                    for later in story_ids[position + 1 :]
                ]
                break
            except LLMUnavailableError:
                raise
            except NewsdeskError as exc:
                report.failures.append(WriteFailure(story_id, exc.message, exc.hint))
                continue
            paths = save_formats(article, out_dir, list(formats)) if out_dir is not None else []
            record = store_version(store, article) if save else None
            report.written.append(Written(article, paths, record))
    finally:
        close = getattr(writer, "close", None)
        if callable(close):
            close()
    return report


def store_version(store: SQLStore, article: Article) -> ArticleRecord:
    """Store ``article`` as a new version of its story's article.

    Written again from the same sources by the same writer, it replaces the text of that version
    while the version is an untouched draft (no editor has acted on it); a reviewed or edited
    version is kept as it is and returned."""
    record = store.save_article(article)
    if record.created or record.status != "draft":
        return record
    touched = any(e.action not in ("write", "rewrite") for e in store.article_events(record.id))
    if touched or record.article.to_dict() == article.to_dict():
        return record
    updated = store.update_article(record.id, article, actor="newsdesk", action="rewrite", detail={})
    return replace(updated, created=False)  # the version existed; only its text was refreshed


def stories_of(store: SQLStore, document_ids: Sequence[int]) -> list[int]:
    """The stories the given documents belong to, largest first (then by id)."""
    found = {s for d in document_ids if (s := store.story_of(d)) is not None}
    sizes = {s: len(store.story_members(s)) for s in found}
    return sorted(found, key=lambda s: (-sizes[s], s))


def demo_stories(store: SQLStore, language: str = "de") -> list[int]:
    """Stories with at least two independent outlets and a report in ``language``, by id."""
    chosen = []
    for record in sorted(store.list_stories(), key=lambda r: r.id):
        members = store.story_members(record.id)
        outlets = {store.get_document(m.document_id).outlet for m in members if m.duplicate_of is None}
        if len(outlets) >= 2 and any(m.language == language for m in members):
            chosen.append(record.id)
    return chosen


@contextmanager
def demo_sources() -> Iterator[Path]:
    """The folder of bundled example reports (three events, German and English, agency copy)."""
    with resources.as_file(resources.files("newsdesk.data").joinpath("examples")) as path:
        yield path
