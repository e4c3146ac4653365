"""Publishing: the review decisions and the rules an article passes before readers see it.

The command line, the web UI and the watch mode all call these functions, so the rules hold
whichever way an article is published:

* :func:`approve_article` / :func:`reject_article` record an editor's decision on a draft;
* :func:`publish_article` publishes an *approved* version (or puts a withdrawn one back) — never a
  draft or a rejected one, and never an article with a sentence the verifier did not find
  ``supported`` (or did not check). Publishing a new version of a story withdraws the story's
  version published before it (``superseded_by`` in the review trail), so readers see one
  article per story;
* :func:`withdraw_article` takes a published version down.

After a change of what is published, the static site is exported again when ``publish.site_dir``
is set. Every state change is one event in the store's review trail (who, when, what). Every
refusal — including an unknown id — is a :class:`~newsdesk.errors.PublishError` with one clear
message.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from newsdesk.config import PublishSettings, Settings
from newsdesk.errors import PublishError, StoreError
from newsdesk.models import Article
from newsdesk.store.articles import ArticleRecord, ArticleStore

logger = logging.getLogger(__name__)

PUBLISHABLE = ("approved", "withdrawn")


def _publish_settings(settings: Settings | PublishSettings | None) -> PublishSettings:
    if settings is None:
        return PublishSettings()
    return settings.publish if isinstance(settings, Settings) else settings


def unsupported_sentences(article: Article) -> list[tuple[str, str]]:
    """``(sentence id, verdict label or "unchecked")`` of every sentence that is not supported."""
    return [
        (s.id, s.verdict.label if s.verdict is not None else "unchecked")
        for s in article.sentences()
        if s.verdict is None or s.verdict.label != "supported"
    ]


def check_publishable(record: ArticleRecord) -> None:
    """PublishError unless ``record`` may be published: approved (or withdrawn), with at least one
    sentence, and every sentence verified as supported."""
    if record.status not in PUBLISHABLE and record.status != "published":
        hint = f"approve it first: newsdesk approve {record.id}" if record.status == "draft" else None
        raise PublishError(
            f"article {record.id} is {record.status}; only an approved version can be published", hint=hint
        )
    if not record.article.sentences():
        raise PublishError(f"article {record.id} has no sentences")
    bad = unsupported_sentences(record.article)
    if bad:
        listed = ", ".join(f"{sid} ({label})" for sid, label in bad[:8]) + (" …" if len(bad) > 8 else "")
        raise PublishError(
            f"article {record.id} has {len(bad)} sentence(s) not verified as supported: {listed}",
            hint="reject or edit those sentences in review, or write the article again",
        )


def approve_article(store: ArticleStore, article_id: int, *, actor: str, note: str = "") -> ArticleRecord:
    """Record an editor's approval of a draft (an approved version can then be published)."""
    return _move(store, article_id, "approved", actor, {"note": note} if note else {})


def reject_article(store: ArticleStore, article_id: int, *, actor: str, note: str = "") -> ArticleRecord:
    """Record an editor's rejection of a draft or an approved version."""
    return _move(store, article_id, "rejected", actor, {"note": note} if note else {})


def publish_article(
    store: ArticleStore,
    article_id: int,
    *,
    actor: str,
    settings: Settings | PublishSettings | None = None,
) -> ArticleRecord:
    """Publish an approved version; returns the published record.

    Refuses (PublishError) a draft, a rejected version and any article with a sentence that is not
    verified as supported. Publishing a version that is already published changes nothing (the
    site is still exported). The story's previously published version is withdrawn. With
    ``publish.site_dir`` set, the static site is exported again afterwards."""
    publish = _publish_settings(settings)
    record = _get(store, article_id)
    check_publishable(record)
    if record.status != "published":
        record = _move(store, article_id, "published", actor, {})
        for older in store.list_articles(status="published", story_id=record.story_id):
            if older.id != record.id:
                _move(store, older.id, "withdrawn", actor, {"superseded_by": record.id})
    _export(store, publish, f"published article {article_id}")
    return record


def withdraw_article(
    store: ArticleStore,
    article_id: int,
    *,
    actor: str,
    reason: str = "",
    settings: Settings | PublishSettings | None = None,
) -> ArticleRecord:
    """Take a published version down (its page leaves the site and the feed); returns the record."""
    publish = _publish_settings(settings)
    record = _get(store, article_id)
    if record.status != "published":
        raise PublishError(f"article {article_id} is {record.status}, not published; nothing to withdraw")
    record = _move(store, article_id, "withdrawn", actor, {"reason": reason} if reason else {})
    _export(store, publish, f"withdrew article {article_id}")
    return record


def _get(store: ArticleStore, article_id: int) -> ArticleRecord:
    try:
        return store.get_article(article_id)
    except StoreError as exc:
        raise PublishError(exc.message, hint="'newsdesk articles' lists the stored versions") from exc


def _move(
    store: ArticleStore, article_id: int, status: str, actor: str, detail: dict[str, Any]
) -> ArticleRecord:
    try:
        return store.set_article_status(article_id, status, actor=actor, detail=detail)
    except StoreError as exc:
        raise PublishError(exc.message, hint=exc.hint) from exc


def _export(store: ArticleStore, publish: PublishSettings, done: str) -> None:
    if not publish.site_dir:
        return
    from newsdesk.render.site import export_site

    directory = Path(publish.site_dir).expanduser()
    try:
        report = export_site(store, directory, publish)
    except OSError as exc:
        raise PublishError(
            f"{done}, but the site in {directory} could not be written: {exc.strerror or exc}",
            hint="fix the folder, then run: newsdesk site " + str(directory),
        ) from exc
    logger.info("site %s: %s", directory, report.summary())
