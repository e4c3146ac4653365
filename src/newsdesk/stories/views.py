"""Stories as the stable JSON that ``newsdesk stories --json`` prints (and the web UI reads).

The format only grows: ``places`` (where the story's reports say the event happened), ``kinds``
(what happened: "fire", "election", …) and ``retrospective`` were added with the event frame.
``entities`` are the names the most reports name, one tag per person or organisation ("Helle
Vestergaard", not also "Vestergaard"), in the form the German reports use.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from newsdesk.lang.exonyms import same_entity
from newsdesk.store.sql import SQLStore
from newsdesk.store.stories import StoryRecord

MAX_ENTITIES = 10
MAX_PLACES = 3


def story_views(store: SQLStore, *, since: float | None = None, min_outlets: int = 1) -> list[dict[str, Any]]:
    """Every story (newest first) with its documents.

    ``outlets`` lists the independent outlets: syndicated near-duplicates (agency copy) count once,
    for the outlet of the original; the outlets that republished it are in ``republished_by``.
    """
    views = []
    for record in store.list_stories():
        if since is not None and record.last_at < since:
            continue
        members = store.story_members(record.id)
        documents = [store.get_document(m.document_id) for m in members]
        documents.sort(key=lambda d: (d.published or "", d.id or 0))
        originals = [d for d in documents if d.duplicate_of is None]
        outlets = sorted({d.outlet for d in originals})
        if len(outlets) < min_outlets:
            continue
        signals = store.get_signals([d.id for d in documents if d.id is not None], current_only=False)
        names: dict[str, str] = {}
        for document in documents:
            found = signals.get(document.id or 0)
            if found:
                for key, name in found.names.items():
                    if document.language == "de" or key not in names:
                        names[key] = name
        counts = store.story_entity_counts(record.id)
        views.append(
            {
                "id": record.id,
                "label": record.label,
                "languages": sorted({d.language for d in documents}),
                "outlets": outlets,
                "republished_by": sorted(
                    {d.outlet for d in documents if d.duplicate_of is not None} - set(outlets)
                ),
                "first_published": _iso(record.first_at),
                "last_published": _iso(record.last_at),
                "entities": _tags(counts, names),
                "places": [names.get(k, k.title()) for k in _top(record, "main_places", MAX_PLACES)],
                "kinds": _top(record, "kinds", 2, share=0.25),
                "retrospective": record.retrospective,
                "documents": [
                    {
                        "id": d.id,
                        "url": d.url,
                        "outlet": d.outlet,
                        "language": d.language,
                        "title": d.title,
                        "published": d.published,
                        "duplicate_of": d.duplicate_of,
                    }
                    for d in documents
                ],
            }
        )
    return views


def _tags(counts: dict[str, int], names: dict[str, str]) -> list[str]:
    """The most named entities, one per person or organisation: "Vestergaard" and "Helle
    Vestergaard" are one tag, shown in its longest form and counted by its most named form."""
    groups: list[list[str]] = []
    for key in sorted(counts, key=lambda k: (-counts[k], k)):
        name = names.get(key, key)
        group = next((g for g in groups if any(same_entity(name, names.get(k, k)) for k in g)), None)
        if group is None:
            if len(groups) == MAX_ENTITIES:
                continue
            groups.append([key])
        else:
            group.append(key)
    return [max((names.get(k, k) for k in group), key=lambda n: (len(n.split()), len(n))) for group in groups]


def _top(record: StoryRecord, name: str, limit: int, *, share: float = 0.0) -> list[str]:
    """The keys of a story's frame counts ``name`` that most of its reports name."""
    counts = {k: n for k, n in record.frame.get(name, {}).items() if n > share * record.size}
    return sorted(counts, key=lambda k: (-counts[k], k))[:limit]


def _iso(timestamp: float) -> str:
    return datetime.fromtimestamp(timestamp, UTC).isoformat(timespec="seconds")
