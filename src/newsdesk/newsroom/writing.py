"""Writing stories: the one way every front end has an article written, verified and stored.

:meth:`Writing.write` writes each story with the configured writer and the one verifier, stores
it as the story's next version and records the story's state (:mod:`newsdesk.newsroom.versions`):
a story whose state is already written is **not** written again — the stored version is returned
(``unchanged``) — unless ``rewrite`` is asked for. A story that cannot be written (no German
passage, say) is a failure on the report and the others are still written, except when the model
cannot be used at all (:class:`~newsdesk.errors.LLMUnavailableError`: one error instead of one per
story). A local llama.cpp server that dies while a story is written
(:class:`~newsdesk.errors.LocalServerDiedError`) is that story's failure; the stories after it are
recorded as not written. Watch mode asks for :meth:`Writing.due_stories` and skips states that
failed before (``retry_failed=False``).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from newsdesk.errors import LLMUnavailableError, LocalServerDiedError, NewsdeskError, StoreError, WriteError
from newsdesk.models import Article
from newsdesk.newsroom.base import Room
from newsdesk.newsroom.versions import fingerprint, settings_key, store_version
from newsdesk.render import save
from newsdesk.store.articles import ArticleRecord
from newsdesk.store.watch import StorySource
from newsdesk.write import Writer, create_writer
from newsdesk.write.base import require_text


@dataclass
class Written:
    """A story's article: written now, or the stored version of an unchanged story."""

    article: Article
    record: ArticleRecord
    paths: list[Path] = field(default_factory=list)
    unchanged: bool = False  # the story had not changed: nothing was written or verified


@dataclass
class WriteFailure:
    """A story that could not be written."""

    story_id: int
    message: str
    hint: str | None = None

    def line(self) -> str:
        """One line for the user."""
        return f"story {self.story_id}: {self.message}"


@dataclass
class WriteReport:
    """What :meth:`Writing.write` did."""

    written: list[Written] = field(default_factory=list)
    failures: list[WriteFailure] = field(default_factory=list)
    skipped: list[int] = field(default_factory=list)  # states that failed before (retry_failed=False)


class Writing(Room):
    """The writing part of the newsroom service."""

    _settings_key: str | None = None

    @property
    def settings_key(self) -> str:
        """The settings part of every story's fingerprint."""
        if self._settings_key is None:
            self._settings_key = settings_key(self.settings)
        return self._settings_key

    def story_state(self, story_id: int) -> tuple[str, list[StorySource]]:
        """The story's fingerprint and its members."""
        sources = self.store.story_sources(story_id)
        return fingerprint(self.settings_key, sources), sources

    def current_version(self, story_id: int, key: str) -> ArticleRecord | None:
        """The stored version written from state ``key``, if there is one."""
        state = self.store.story_write(story_id, key)
        if state is not None and state.status == "written" and state.article_id is not None:
            try:
                return self.store.get_article(state.article_id)
            except StoreError:
                pass  # the version is gone: write it again
        latest = self.store.latest_article(story_id)
        return latest if latest is not None and latest.fingerprint == key else None

    def due_stories(self) -> list[tuple[int, str]]:
        """Stories reported by at least ``watch.min_outlets`` independent outlets whose current
        state has not been written (nor failed), as ``(story_id, fingerprint)``."""
        minimum = self.settings.watch.min_outlets
        due = []
        for story_id in self.store.changed_stories(min_size=minimum, settings_key=self.settings_key):
            key, sources = self.story_state(story_id)
            outlets = {s.outlet for s in sources if s.duplicate_of is None}
            if len(outlets) >= minimum and self.store.story_write(story_id, key) is None:
                due.append((story_id, key))
        return due

    def write(
        self,
        story_ids: Sequence[int],
        *,
        out_dir: Path | None = None,
        formats: Sequence[str] = (),
        rewrite: bool = False,
        retry_failed: bool = True,
    ) -> WriteReport:
        """Write (or find unchanged) each story; save it in ``formats`` under ``out_dir`` if given."""
        report = WriteReport()
        writer: Writer | None = None
        self.events.start("write", len(story_ids))
        try:
            for position, story_id in enumerate(story_ids):
                key, sources = self.story_state(story_id)
                record = None if rewrite else self.current_version(story_id, key)
                if record is None and not retry_failed and self.store.story_write(story_id, key) is not None:
                    report.skipped.append(story_id)
                    self.events.advance("write", f"story {story_id}")
                    continue
                if record is not None:
                    self._record_state(story_id, key, sources, record)
                    written = Written(record.article, record, unchanged=True)
                else:
                    writer = writer or self._writer()
                    try:
                        written = self._write_one(writer, story_id, key, sources)
                    except LocalServerDiedError as exc:
                        report.failures.append(WriteFailure(story_id, exc.message, exc.hint))
                        report.failures += [
                            WriteFailure(later, "not written: the local llama.cpp server had died")
                            for later in story_ids[position + 1 :]
                        ]
                        break
                    except (LLMUnavailableError, StoreError):
                        raise  # no model at all, or a database problem (retried by the queue)
                    except NewsdeskError as exc:
                        self._record_failure(story_id, key, sources, exc)
                        report.failures.append(WriteFailure(story_id, exc.message, exc.hint))
                        self.events.advance("write", f"story {story_id}")
                        continue
                if out_dir is not None:
                    written.paths = save(written.article, out_dir, list(formats))
                report.written.append(written)
                self.events.advance("write", f"story {story_id}")
        finally:
            self.events.finish("write")
            close = getattr(writer, "close", None)
            if callable(close):
                close()
        return report

    def write_story(self, story_id: int, *, rewrite: bool = False) -> Written:
        """Write one story (or find it unchanged); WriteError when it cannot be written."""
        report = self.write([story_id], rewrite=rewrite)
        if report.failures:
            failure = report.failures[0]
            raise WriteError(failure.message, source=f"story {story_id}", hint=failure.hint)
        return report.written[0]

    # -- internals ---------------------------------------------------------------------------------

    def _writer(self) -> Writer:
        return create_writer(
            self.settings.write,
            self.store,
            verifier=self.engines.verifier,
            llm=self.engines.llm(self.events),
        )

    def _write_one(self, writer: Writer, story_id: int, key: str, sources: list[StorySource]) -> Written:
        with self.engines.lock:
            article = require_text(writer.write(story_id))
        record = store_version(self.store, article, fingerprint=key)
        self._record_state(story_id, key, sources, record)
        state = "wrote" if record.created else "kept"
        self.events.note(
            f"story {story_id}: {state} article {record.id} (version {record.version}, "
            f"{len(article.sources)} sources, {len(article.sentences())} verified sentences, "
            f"{len(article.dropped)} dropped)"
        )
        return Written(article, record)

    def _record_state(
        self, story_id: int, key: str, sources: list[StorySource], record: ArticleRecord
    ) -> None:
        self.store.record_story_write(
            story_id,
            key,
            members=len(sources),
            status="written",
            article_id=record.id,
            settings_key=self.settings_key,
            overwrite=True,
        )

    def _record_failure(
        self, story_id: int, key: str, sources: list[StorySource], exc: NewsdeskError
    ) -> None:
        self.store.record_story_write(
            story_id,
            key,
            members=len(sources),
            status="failed",
            detail=exc.message,
            settings_key=self.settings_key,
        )
        self.events.note(f"story {story_id}: not written: {exc.message}")

    # -- which stories ------------------------------------------------------------------------------

    def stories_of(self, document_ids: Sequence[int]) -> list[int]:
        """The stories the given documents belong to, largest first (then by id)."""
        found = {s for d in document_ids if (s := self.store.story_of(d)) is not None}
        sizes = {s: len(self.store.story_members(s)) for s in found}
        return sorted(found, key=lambda s: (-sizes[s], s))

    def demo_stories(self) -> list[int]:
        """Stories with at least two independent outlets and a report in the written language, by id."""
        language = self.settings.write.language
        chosen = []
        for record in sorted(self.store.list_stories(), key=lambda r: r.id):
            sources = self.store.story_sources(record.id)
            outlets = {s.outlet for s in sources if s.duplicate_of is None}
            if len(outlets) >= 2 and any(s.language == language for s in sources):
                chosen.append(record.id)
        return chosen


@contextmanager
def demo_sources() -> Iterator[Path]:
    """The folder of bundled example reports (three events, German and English, agency copy)."""
    with resources.as_file(resources.files("newsdesk.data").joinpath("examples")) as path:
        yield path
