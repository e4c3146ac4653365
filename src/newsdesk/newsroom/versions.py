"""Incremental work: what a story's article is written from, and storing it as a version.

A story's **fingerprint** covers everything its article depends on: the story's member documents
(ids and content hashes) and the settings it is written and verified with (``[write]`` except the
output formats, ``[verify]``, the model part of ``[llm]`` for the LLM writer, and the newsdesk
version). The fingerprint is kept with the version (``articles.fingerprint``) and as the story's
state (``story_writes``); a story whose fingerprint has a written state is not written or verified
again, whichever front end — ``newsdesk write``/``demo``, the web UI, watch mode or a worker —
wrote it. :func:`settings_key` is the settings part alone, so that changed settings make stories
due again in watch mode.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import asdict, replace
from typing import Any

from newsdesk import __version__
from newsdesk.config import Settings
from newsdesk.models import Article
from newsdesk.store.articles import ArticleRecord
from newsdesk.store.sql import SQLStore
from newsdesk.store.watch import StorySource

LLM_FIELDS = (
    "base_url",
    "model",
    "model_path",
    "max_tokens",
    "temperature",
    "context_tokens",
    "repair_rounds",
    "response_format",
    "prompt_language",
)


def settings_key(settings: Settings) -> str:
    """The settings part of a fingerprint (16 hex digits)."""
    write = asdict(settings.write)
    write.pop("formats")
    data: dict[str, Any] = {"newsdesk": __version__, "write": write, "verify": asdict(settings.verify)}
    if settings.write.writer == "llm":
        llm = settings.llm
        data["llm"] = {name: getattr(llm, name) for name in LLM_FIELDS}
        if llm.model_path:  # a local server: its address changes from run to run, the model does not
            data["llm"].pop("base_url")
    return _digest(json.dumps(data, sort_keys=True, default=str))[:16]


def fingerprint(settings: str, sources: Sequence[StorySource]) -> str:
    """A story state: the settings key and the story's members (ids and content hashes)."""
    members = ";".join(
        f"{s.document_id}:{s.content_hash}" for s in sorted(sources, key=lambda s: s.document_id)
    )
    return f"{settings}:{_digest(members)[:24]}"


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def store_version(store: SQLStore, article: Article, *, fingerprint: str | None = None) -> ArticleRecord:
    """Store ``article`` as a new version of its story's article.

    Written again from the same sources by the same writer, it replaces the text of that version
    while the version is an untouched draft (no editor has acted on it); a reviewed or edited
    version is kept as it is and returned."""
    record = store.save_article(article, fingerprint=fingerprint)
    if record.created or record.status != "draft":
        return record
    touched = any(e.action not in ("write", "rewrite") for e in store.article_events(record.id))
    if touched:
        return record
    if record.article.to_dict() == article.to_dict() and record.fingerprint == fingerprint:
        return record
    updated = store.update_article(
        record.id, article, actor="newsdesk", action="rewrite", detail={}, fingerprint=fingerprint
    )
    return replace(updated, created=False)  # the version existed; only its text was refreshed
