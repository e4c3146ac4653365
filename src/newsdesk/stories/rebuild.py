"""Durable story ids across a rebuild.

Article versions and the watcher's ``story_writes`` refer to stories by id, so ``stories
--rebuild`` must not hand an id to different documents. After the new stories are built:

1. every pair (new story, old story) whose documents overlap with Jaccard ≥ ``KEEP_JACCARD`` is
   a candidate; the pairs are taken best first, each old and each new story at most once, and the
   new story gets the old id (its articles and writes stay with it);
2. every other new story keeps its new id, which the store has never given out before;
3. an old id that no new story took is retired for good, with a redirect to the new story that
   holds most of its documents (``story_redirects``), so a link to it can still be followed.

The same holds when only some stories are clustered again (a report that arrived late:
:meth:`newsdesk.stories.cluster.StoryBuilder.add`): only the stories made anew may take an old
id; an old story that took some of their documents keeps its own.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from collections.abc import Set as AbstractSet

from newsdesk.store.stories import StoryStore

KEEP_JACCARD = 0.5


def match_ids(
    before: Mapping[int, frozenset[int]],
    after: Mapping[int, frozenset[int]],
    *,
    threshold: float = KEEP_JACCARD,
    renamed: AbstractSet[int] | None = None,
) -> tuple[dict[int, int], dict[int, int]]:
    """(new id → old id to keep, retired old id → new id most of its documents went to); only
    stories of ``renamed`` (default: all of ``after``) may take an old id."""
    old_of = {document: old for old, documents in before.items() for document in documents}
    pairs = []
    for new, documents in after.items():
        if renamed is not None and new not in renamed:
            continue
        for old, overlap in Counter(old_of[d] for d in documents if d in old_of).items():
            jaccard = overlap / len(documents | before[old])
            if jaccard >= threshold:
                pairs.append((-jaccard, -overlap, old, new))
    kept: dict[int, int] = {}
    taken: set[int] = set()
    for _, _, old, new in sorted(pairs):
        if new not in kept and old not in taken:
            kept[new] = old
            taken.add(old)
    new_of = {document: new for new, documents in after.items() for document in documents}
    redirects = {}
    for old, documents in before.items():
        if old in taken:
            continue
        counts = Counter(new_of[d] for d in documents if d in new_of)
        if counts:
            redirects[old] = min(counts, key=lambda new: (-counts[new], new))
    return kept, redirects


def keep_ids(
    store: StoryStore, before: Mapping[int, frozenset[int]], created: AbstractSet[int] | None = None
) -> dict[int, int]:
    """Match the store's new stories with ``before`` (old id → documents) and renumber them
    (``created``: the stories made anew, when only some were clustered again)."""
    if created is None:
        kept, redirects = match_ids(before, store.story_memberships())
    else:
        after = store.memberships_of(sorted(set().union(*before.values())))
        kept, redirects = match_ids(before, after, renamed=created)
    store.keep_story_ids(kept, redirects)
    return kept
