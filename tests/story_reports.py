"""Short German reports of a local paper, clustered with the default story settings: the
stories tests write events as ``(published, title, text)`` and ask which story each report
joined."""

from __future__ import annotations

from newsdesk.config import StoriesSettings
from newsdesk.models import Document
from newsdesk.store.sqlite import SQLiteStore
from newsdesk.stories import StoryBuilder

Report = tuple[str, ...]  # published (ISO 8601), title, text[, language: "de" unless given]


def report_document(number: int, published: str, title: str, text: str, language: str = "de") -> Document:
    return Document(
        url=f"https://lokal.example/{number}", outlet="Lokalblatt", title=title, text=text,
        language=language, content_hash=f"h{number}", published=published,
    )  # fmt: skip


def story_ids(store: SQLiteStore, reports: list[Report]) -> list[int]:
    """Store the reports (numbered in order) and cluster them: the story id of each."""
    ids = [store.add_document(report_document(n, *report), [])[0] for n, report in enumerate(reports)]
    assignments = {a.document_id: a.story_id for a in StoryBuilder(StoriesSettings(), store).add(ids)}
    return [assignments[i] for i in ids]
