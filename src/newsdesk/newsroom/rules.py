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
* **Needs attention.** On the editor's desk a sentence needs attention while it blocks the version
  or states a fact on which the sources disagree and no editor has decided the conflict
  (:func:`attention`). A conflict is *open* until an editor decided it — the writer's own choice
  is a proposal (:func:`open_conflicts`). Open conflicts are shown, not enforced: they do not
  block approval.
* **Conflict decisions.** The editor chooses one of the values the sources give, or none ("" — the
  article names every value with its sources); the resolution then reads "Redaktion: …" with the
  editor's reason, or the writer's reason the editor confirmed (:func:`decide_conflict`).
* **Queue states.** A draft is *blocked* or *needs review* (:func:`queue_state`); the other states
  are the stored ones. The review queue, its filters and the API use these names.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from newsdesk.errors import PublishError, ReviewError
from newsdesk.models import Article, Conflict
from newsdesk.store.articles import STATUSES, TRANSITIONS, ArticleEvent, ArticleRecord

EDITABLE = ("draft", "approved")
PUBLISHABLE = ("approved", "withdrawn")
DECISIONS = {"approve": "approved", "reject": "rejected", "reopen": "draft"}
EDITOR_RESOLUTION = "Redaktion"  # how a conflict's resolution that an editor decided begins
BOTH_VALUES = "beide Angaben genannt"  # the resolution's words when the text names every value
# The review queue's states: a draft is blocked or needs review; the others are the stored states.
QUEUE_STATES = ("needs_review", "blocked", "approved", "published", "rejected", "withdrawn")
OPEN_STATES = ("needs_review", "blocked")  # the drafts: what the queue calls "open"

__all__ = [
    "DECISIONS",
    "EDITABLE",
    "OPEN_STATES",
    "PUBLISHABLE",
    "QUEUE_STATES",
    "STATUSES",
    "TRANSITIONS",
    "Blocker",
    "attention",
    "blockers",
    "check_approvable",
    "check_editable",
    "check_move",
    "check_publishable",
    "decide_conflict",
    "forced_approval",
    "open_conflicts",
    "queue_state",
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


def queue_state(record: ArticleRecord) -> str:
    """The version's place in the review queue: ``blocked`` or ``needs_review`` for a draft (by
    :func:`blockers`), else its stored state."""
    if record.status != "draft":
        return record.status
    return "blocked" if blockers(record.article) else "needs_review"


def open_conflicts(article: Article) -> list[int]:
    """The indexes of the article's conflicts that no editor has decided yet."""
    return [
        i
        for i, conflict in enumerate(article.conflicts)
        if not conflict.resolution.startswith(EDITOR_RESOLUTION)
    ]


def attention(article: Article) -> dict[str, list[str]]:
    """Sentence id → why it needs the editor's attention: its verdict label when it blocks the
    version, ``conflict`` when it states a fact of an open conflict (text order)."""
    reasons: dict[str, list[str]] = {b.sentence_id: [b.label] for b in blockers(article)}
    in_text = {s.id for s in article.sentences()}
    for index in open_conflicts(article):
        for sentence_id in article.conflicts[index].sentence_ids:
            if sentence_id in in_text:
                reasons.setdefault(sentence_id, []).append("conflict")
    order = {s.id: n for n, s in enumerate(article.sentences())}
    return dict(sorted(reasons.items(), key=lambda item: order[item[0]]))


def decide_conflict(conflict: Conflict, chosen: str, reason: str = "") -> Conflict:
    """The conflict as the editor decided it: ``chosen`` (one of its values, or "" when the text
    names every value with its sources) and a resolution "Redaktion: …" with ``reason`` (without
    one: the writer's reason when the editor keeps the writer's choice). ReviewError for a value
    the sources do not give."""
    chosen = " ".join(chosen.split())
    values = [v.value for v in conflict.values]
    if chosen and chosen not in values:
        raise ReviewError(
            f"{chosen!r} is not a value the sources give for {conflict.about!r}",
            hint="choose one of: " + ", ".join(repr(v) for v in values) + ", or none to name them all",
        )
    why = " ".join(reason.split())
    kept = conflict.resolution.removeprefix(f"{EDITOR_RESOLUTION}:").strip()
    if not why and chosen == conflict.chosen and kept:
        why = kept
    if not chosen and BOTH_VALUES not in why:
        why = BOTH_VALUES + (f" ({why})" if why else "")
    return replace(conflict, chosen=chosen, resolution=f"{EDITOR_RESOLUTION}: {why or 'entschieden'}")
