"""The editors' decisions on a version, and publishing: approve, reject, reopen, publish, withdraw.

The conditions are :mod:`newsdesk.newsroom.rules`; the moves are made by the store, atomically.
Publishing a version withdraws the story's version published before it (``superseded_by`` in the
review trail), so readers see one article per story; after each change of what is published the
static site is exported again when ``publish.site_dir`` is set. Watch mode publishes through
:meth:`Decisions.auto_publish`, which approves a draft under the same rules (no forcing) — a
blocked version is never published by a watcher. Every refusal is a
:class:`~newsdesk.errors.ReviewError` (the decision) or :class:`~newsdesk.errors.PublishError`
(publishing) with one clear message; an unknown id is a ``StoreError`` ("no article with id …").
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from newsdesk.errors import PublishError, ReviewError, StoreError
from newsdesk.newsroom.base import Room
from newsdesk.newsroom.rules import DECISIONS, check_approvable, check_move, check_publishable
from newsdesk.render.site import export_site
from newsdesk.store.articles import ArticleRecord


class Decisions(Room):
    """The decisions part of the newsroom service."""

    def decide(
        self, article_id: int, decision: str, *, actor: str, note: str = "", force: str | None = None
    ) -> ArticleRecord:
        """``approve``, ``reject`` or ``reopen`` a version (``force``: the reason to approve a
        blocked version anyway)."""
        status = DECISIONS.get(decision)
        if status is None:
            raise ReviewError(f"unknown review decision {decision!r}", hint="approve, reject or reopen")
        if status == "approved":
            return self.approve(article_id, actor=actor, note=note, force=force)
        record = self.store.get_article(article_id)
        check_move(record, status)
        return self._move(record, status, actor, {"note": note.strip()} if note.strip() else {})

    def approve(
        self, article_id: int, *, actor: str, note: str = "", force: str | None = None
    ) -> ArticleRecord:
        """Approve a draft; refused while it is blocked, unless forced with a reason."""
        record = self.store.get_article(article_id)
        overridden = check_approvable(record, force=force)
        detail: dict[str, Any] = {"note": note.strip()} if note.strip() else {}
        if overridden:
            detail |= {"forced": (force or "").strip(), "blocking": [b.sentence_id for b in overridden]}
        return self._move(record, "approved", actor, detail)

    def reject(self, article_id: int, *, actor: str, note: str = "") -> ArticleRecord:
        """Reject a draft or an approved version (it stays stored, with its trail)."""
        return self.decide(article_id, "reject", actor=actor, note=note)

    def reopen(self, article_id: int, *, actor: str, note: str = "") -> ArticleRecord:
        """Put a rejected or approved version back into draft."""
        return self.decide(article_id, "reopen", actor=actor, note=note)

    def publish(self, article_id: int, *, actor: str) -> ArticleRecord:
        """Publish an approved (or withdrawn) version; the story's older published one is withdrawn.
        Publishing a published version changes nothing (the site is still exported)."""
        record = self.store.get_article(article_id)
        check_publishable(record, self.store.article_events(article_id))
        if record.status != "published":
            record = self._move(record, "published", actor, {}, error=PublishError)
            for older in self.store.list_articles(status="published", story_id=record.story_id):
                if older.id != record.id:
                    self._move(older, "withdrawn", actor, {"superseded_by": record.id}, error=PublishError)
        self._export(f"published article {article_id}")
        self.events.note(
            f"article {article_id}: published (story {record.story_id}, version {record.version})"
        )
        return record

    def withdraw(self, article_id: int, *, actor: str, reason: str = "") -> ArticleRecord:
        """Take a published version down (its page leaves the site and the feed)."""
        record = self.store.get_article(article_id)
        if record.status != "published":
            raise PublishError(f"article {article_id} is {record.status}, not published; nothing to withdraw")
        detail = {"reason": reason.strip()} if reason.strip() else {}
        record = self._move(record, "withdrawn", actor, detail, error=PublishError)
        self._export(f"withdrew article {article_id}")
        return record

    # -- watch mode ---------------------------------------------------------------------------------

    def publishable(self) -> list[int]:
        """Approved versions, and with ``watch.auto_publish`` the newest draft of each story."""
        ids = [r.id for r in self.store.list_articles(status="approved")]
        if self.settings.watch.auto_publish:
            newest: dict[int, ArticleRecord] = {}
            for record in self.store.list_articles(status="draft"):
                if record.story_id not in newest or record.version > newest[record.story_id].version:
                    newest[record.story_id] = record
            ids += [r.id for r in newest.values()]
        return sorted(set(ids))

    def auto_publish(self, article_id: int) -> bool:
        """Publish one approved version (an unreviewed draft only with ``watch.auto_publish``, which
        approves it first under the same rules); a refusal is one note, and False."""
        actor = self.settings.watch.actor
        record = self.store.get_article(article_id)
        if record.status == "published":
            self.events.note(f"article {article_id}: published already")
            return False
        try:
            if record.status == "draft" and self.settings.watch.auto_publish:
                record = self.approve(article_id, actor=actor, note="watch.auto_publish")
            if record.status not in ("approved", "withdrawn"):
                self.events.note(f"article {article_id}: {record.status}, not published")
                return False
            self.publish(article_id, actor=actor)
        except (ReviewError, PublishError) as exc:
            self.events.note(f"article {article_id}: not published: {exc.message}")
            return False
        return True

    # -- internals ------------------------------------------------------------------------------------

    def _move(
        self,
        record: ArticleRecord,
        status: str,
        actor: str,
        detail: dict[str, Any],
        *,
        error: type[ReviewError] | type[PublishError] = ReviewError,
    ) -> ArticleRecord:
        try:
            return self.store.set_article_status(record.id, status, actor=actor, detail=detail)
        except StoreError as exc:
            if exc.message.startswith("no "):
                raise
            raise error(exc.message, hint=exc.hint) from exc

    def _export(self, done: str) -> None:
        publish = self.settings.publish
        if not publish.site_dir:
            return
        directory = Path(publish.site_dir).expanduser()
        try:
            report = export_site(self.store, directory, publish)
        except OSError as exc:
            raise PublishError(
                f"{done}, but the site in {directory} could not be written: {exc.strerror or exc}",
                hint="fix the folder, then run: newsdesk site " + str(directory),
            ) from exc
        self.events.note(f"site {directory}: {report.summary()}")
