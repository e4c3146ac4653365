"""The article rules: one state machine and one definition of "blocked", for every front end.

States of a stored version (the store keeps them, :data:`newsdesk.store.articles.TRANSITIONS`
lists the moves and the store makes each move atomically)::

    draft ──approve──► approved ──publish──► published ──withdraw──► withdrawn
      │  ◄──reopen────── │                       ▲                       │
      └──reject──► rejected ◄──reject──┘         └───────publish─────────┘
      ▲                 │
      └─────reopen──────┘

The conditions on the moves live here:

* **Blocked.** A version is blocked while a sentence of its text has no verdict or a verdict other
  than ``supported`` (:func:`blockers`). A blocked version cannot be approved — on the command
  line, in the web UI and its API, or by watch mode's auto-publishing — until the editor fixes or
  strikes the blocking sentences, unless the approval is *forced* with a reason
  (``newsdesk approve ID --force --reason …``, ``{"force": true, "reason": …}`` in the API); the
  reason and the blocking sentences are kept in the review trail.
* **Changed after approval.** Every change of an approved version's text puts it back into draft
  (:mod:`newsdesk.newsroom.desk` sends every change through one function), so an approval always
  covers the text as it stands, and publishing needs no further check of when it was given.
* **Publishable.** Only an approved (or withdrawn) version with at least one sentence is
  published, and only when it is not blocked or its approval was forced.
* **Editable.** Only draft and approved versions change; a rejected one is reopened first, a
  published one is withdrawn and written again.
"""

from __future__ import annotations

from dataclasses import dataclass

from newsdesk.errors import PublishError, ReviewError
from newsdesk.models import Article
from newsdesk.store.articles import STATUSES, TRANSITIONS, ArticleEvent, ArticleRecord

EDITABLE = ("draft", "approved")
PUBLISHABLE = ("approved", "withdrawn")
DECISIONS = {"approve": "approved", "reject": "rejected", "reopen": "draft"}

__all__ = [
    "DECISIONS",
    "EDITABLE",
    "PUBLISHABLE",
    "STATUSES",
    "TRANSITIONS",
    "Blocker",
    "blockers",
    "check_approvable",
    "check_editable",
    "check_move",
    "check_publishable",
    "forced_approval",
]


@dataclass(frozen=True)
class Blocker:
    """A sentence that keeps a version from being approved or published."""

    sentence_id: str
    text: str
    label: str  # the verdict label, or "unverified"


def blockers(article: Article) -> list[Blocker]:
    """The sentences of the text whose verdict is missing or not ``supported``."""
    return [
        Blocker(s.id, s.text, s.verdict.label if s.verdict else "unverified")
        for s in article.sentences()
        if s.verdict is None or s.verdict.label != "supported"
    ]


def _listed(found: list[Blocker]) -> str:
    shown = ", ".join(f"{b.sentence_id} ({b.label})" for b in found[:8])
    return shown + (" …" if len(found) > 8 else "")


def check_move(record: ArticleRecord, status: str) -> None:
    """ReviewError unless the state machine allows moving ``record`` to ``status``."""
    if status not in STATUSES:
        raise ReviewError(f"unknown article state {status!r}", hint=f"states: {', '.join(STATUSES)}")
    if status != record.status and status not in TRANSITIONS[record.status]:
        hint = f"approve it first: newsdesk approve {record.id}" if status == "published" else None
        raise ReviewError(f"article {record.id} is {record.status}; it cannot become {status}", hint=hint)


def check_approvable(record: ArticleRecord, *, force: str | None = None) -> list[Blocker]:
    """The blockers an approval overrides (empty unless forced); ReviewError if it may not be approved."""
    check_move(record, "approved")
    if not record.article.sentences():
        raise ReviewError(f"article {record.id} has no sentences")
    found = blockers(record.article)
    if not found:
        return []
    if force is not None and force.strip():
        return found
    if force is not None:
        raise ReviewError("a forced approval needs a reason", hint="--force --reason 'why it may go out'")
    raise ReviewError(
        f"article {record.id} is blocked: {len(found)} sentence(s) not verified as supported: "
        f"{_listed(found)}",
        hint="edit these sentences until they are supported or strike them "
        "(or approve with --force and a --reason)",
    )


def forced_approval(events: list[ArticleEvent]) -> str | None:
    """The reason of the approval in force, if it was forced (the newest ``approved`` event)."""
    for event in reversed(events):
        if event.action == "approved":
            reason = event.detail.get("forced")
            return str(reason) if reason else None
    return None


def check_publishable(record: ArticleRecord, events: list[ArticleEvent]) -> None:
    """PublishError unless ``record`` may be published (see the module docstring)."""
    if record.status not in PUBLISHABLE and record.status != "published":
        hint = f"approve it first: newsdesk approve {record.id}" if record.status == "draft" else None
        raise PublishError(
            f"article {record.id} is {record.status}; only an approved version can be published", hint=hint
        )
    if not record.article.sentences():
        raise PublishError(f"article {record.id} has no sentences")
    found = blockers(record.article)
    if found and forced_approval(events) is None:
        raise PublishError(
            f"article {record.id} has {len(found)} sentence(s) not verified as supported: {_listed(found)}",
            hint="edit or strike those sentences in review, or write the article again",
        )


def check_editable(record: ArticleRecord) -> None:
    """ReviewError unless the version may be changed (draft or approved)."""
    if record.status not in EDITABLE:
        raise ReviewError(
            f"article {record.id} is {record.status}; only draft or approved versions can be changed",
            hint="reopen a rejected version first; withdraw a published one and write a new version",
        )
