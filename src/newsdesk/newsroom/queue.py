"""The review queue and search: stories and article versions filtered by state, outlet, language,
date and words.

:class:`Filters` is one query for both lists. ``state`` is a queue state
(:data:`~newsdesk.newsroom.rules.QUEUE_STATES`: a draft is ``blocked`` or ``needs_review``, the
others are the stored states), ``open`` (both kinds of draft) or, for stories, ``unwritten`` (no
article yet); a story's state is its newest version's. ``outlet`` and ``language`` match the
outlets and languages of a story's reports or of an article's sources (an agency copy's outlets
too); ``since``/``until`` bound a story's latest report and an article version's writing, both
days included; ``text`` must match every word, case and accents aside, in a story's label, tags,
report titles and outlets, or in an article's headline, sub-headline, text and source outlets.
Article lists show each story's newest version unless ``versions``.

Each answer (:class:`QueuePage`) also counts the items per state under the other filters (the
numbers on the state tabs) and lists the outlets and languages there are to choose from. Story
tags are the names worth showing (:func:`newsdesk.lang.tags.display_tags`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from newsdesk.lang.exonyms import fold
from newsdesk.lang.tags import display_tags
from newsdesk.newsroom.base import Room
from newsdesk.newsroom.rules import OPEN_STATES, attention, blockers, open_conflicts, queue_state
from newsdesk.store.articles import ArticleRecord
from newsdesk.stories.views import story_views

UNWRITTEN = "unwritten"


@dataclass(frozen=True)
class Filters:
    """One query of the queue (see the module docstring); empty fields do not filter."""

    state: str = ""
    outlet: str = ""
    language: str = ""
    since: date | None = None
    until: date | None = None
    text: str = ""
    versions: bool = False

    def active(self) -> bool:
        """Whether any filter other than the state is set."""
        return bool(self.outlet or self.language or self.since or self.until or self.text.strip())


@dataclass(frozen=True)
class QueueArticle:
    """An article version in the queue."""

    id: int
    story_id: int
    version: int
    headline: str
    status: str
    state: str
    blocking: int  # sentences that block approval
    attention: int  # sentences that need the editor's attention
    open_conflicts: int
    sentences: int
    outlets: tuple[str, ...]
    languages: tuple[str, ...]
    created_at: str
    updated_at: str
    published_at: str | None
    reviewed_by: str | None


@dataclass(frozen=True)
class QueueStory:
    """A story in the queue, with its newest article version's state."""

    id: int
    label: str
    state: str  # the newest version's queue state, or "unwritten"
    article_id: int | None
    version: int | None
    outlets: tuple[str, ...]
    republished_by: tuple[str, ...]
    languages: tuple[str, ...]
    tags: tuple[str, ...]
    documents: int
    first_published: str
    last_published: str


@dataclass
class QueuePage:
    """One answer of the queue: the items, counts per state, and what there is to filter by."""

    items: list[Any]
    counts: dict[str, int] = field(default_factory=dict)
    outlets: list[str] = field(default_factory=list)
    languages: list[str] = field(default_factory=list)


def _day(value: str | None) -> date | None:
    try:
        return date.fromisoformat((value or "")[:10])
    except ValueError:
        return None


def _matches(
    filters: Filters, outlets: tuple[str, ...], languages: tuple[str, ...], day: date | None, haystack: str
) -> bool:
    """Every filter but the state."""
    if filters.outlet and filters.outlet not in outlets:
        return False
    if filters.language and filters.language not in languages:
        return False
    if (filters.since or filters.until) and day is None:
        return False
    if filters.since and day and day < filters.since:
        return False
    if filters.until and day and day > filters.until:
        return False
    words = fold(filters.text).split()
    return all(word in haystack for word in words)


def _state_matches(wanted: str, state: str) -> bool:
    return not wanted or state == wanted or (wanted == "open" and state in OPEN_STATES)


def _count(items: list[Any]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for item in items:
        counts[item.state] = counts.get(item.state, 0) + 1
    counts["open"] = sum(counts.get(s, 0) for s in OPEN_STATES)
    return counts


def queue_article(record: ArticleRecord) -> QueueArticle:
    """The queue's view of one version."""
    article = record.article
    outlets = {s.outlet for s in article.sources} | {o for s in article.sources for o in s.republished_by}
    return QueueArticle(
        id=record.id,
        story_id=record.story_id,
        version=record.version,
        headline=article.headline,
        status=record.status,
        state=queue_state(record),
        blocking=len(blockers(article)),
        attention=len(attention(article)),
        open_conflicts=len(open_conflicts(article)),
        sentences=len(article.sentences()),
        outlets=tuple(sorted(outlets)),
        languages=tuple(sorted({s.language for s in article.sources})),
        created_at=record.created_at,
        updated_at=record.updated_at,
        published_at=record.published_at,
        reviewed_by=record.reviewed_by,
    )


class Queue(Room):
    """The queue part of the newsroom service (see the module docstring)."""

    def find_articles(self, filters: Filters) -> QueuePage:
        """Article versions (newest first) that match ``filters``."""
        records = self.store.list_articles()
        if not filters.versions:
            newest: dict[int, ArticleRecord] = {}
            for record in records:
                if record.story_id not in newest or record.version > newest[record.story_id].version:
                    newest[record.story_id] = record
            records = [r for r in records if newest[r.story_id].id == r.id]
        items = [queue_article(r) for r in records]
        outlets = sorted({o for item in items for o in item.outlets})
        languages = sorted({lang for item in items for lang in item.languages})
        kept = []
        for record, item in zip(records, items, strict=True):
            article = record.article
            haystack = fold(
                " ".join(
                    [
                        article.headline,
                        article.subheadline,
                        *item.outlets,
                        *(s.text for s in article.sentences()),
                    ]
                )
            )
            if _matches(filters, item.outlets, item.languages, _day(item.created_at), haystack):
                kept.append(item)
        return QueuePage(
            [i for i in kept if _state_matches(filters.state, i.state)], _count(kept), outlets, languages
        )

    def find_stories(self, filters: Filters) -> QueuePage:
        """Stories (newest report first) that match ``filters``."""
        newest: dict[int, ArticleRecord] = {}
        for written in self.store.list_articles():
            if written.story_id not in newest or written.version > newest[written.story_id].version:
                newest[written.story_id] = written
        items, kept = [], []
        for view in story_views(self.store):
            record = newest.get(view["id"])
            titles = [d["title"] or "" for d in view["documents"]]
            outlets = tuple(view["outlets"]) + tuple(view["republished_by"])
            story = QueueStory(
                id=view["id"],
                label=view["label"],
                state=queue_state(record) if record else UNWRITTEN,
                article_id=record.id if record else None,
                version=record.version if record else None,
                outlets=tuple(view["outlets"]),
                republished_by=tuple(view["republished_by"]),
                languages=tuple(view["languages"]),
                tags=tuple(display_tags(list(view["entities"]))),
                documents=len(view["documents"]),
                first_published=view["first_published"],
                last_published=view["last_published"],
            )
            items.append(story)
            haystack = fold(" ".join([story.label, *story.tags, *titles, *outlets]))
            if _matches(filters, outlets, story.languages, _day(story.last_published), haystack):
                kept.append(story)
        return QueuePage(
            [s for s in kept if _state_matches(filters.state, s.state)],
            _count(kept),
            sorted({o for s in items for o in s.outlets + s.republished_by}),
            sorted({lang for s in items for lang in s.languages}),
        )
