"""Stories as the stable JSON that ``newsdesk stories --json`` prints (and the web UI reads)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from newsdesk.store.sql import SQLStore

MAX_ENTITIES = 10


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
        signals = store.get_signals([d.id for d in documents if d.id is not None])
        names: dict[str, str] = {}
        for document in documents:
            found = signals.get(document.id or 0)
            if found:
                for key, name in found.names.items():
                    if document.language == "de" or key not in names:
                        names[key] = name
        counts = store.story_entity_counts(record.id)
        top = sorted(counts, key=lambda k: (-counts[k], k))[:MAX_ENTITIES]
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
                "entities": [names.get(k, k) for k in top],
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


def _iso(timestamp: float) -> str:
    return datetime.fromtimestamp(timestamp, UTC).isoformat(timespec="seconds")
