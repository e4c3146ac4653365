"""Per-document clustering signals: when it was published, whom and what it names, its numbers.

Entities and quantities are taken from the title and the first part of the text (where news
puts the facts that identify an event), as language-independent keys: "Moskau" and "Moscow",
"3,5 Milliarden Euro" and "€3.5bn" give the same key.
"""

from __future__ import annotations

import re
import tomllib
from datetime import UTC, date, datetime, timedelta
from functools import cache
from importlib import resources

from newsdesk.lang.dates import extract_dates
from newsdesk.lang.entities import extract_entities
from newsdesk.lang.quantities import quantity_keys
from newsdesk.models import Document, Signals

SIGNAL_CHARS = 1200


def document_time(document: Document) -> float:
    """Publication time as a UNIX timestamp (a bare date counts as noon UTC; no date: fetch time)."""
    for value in (document.published, document.fetched_at):
        if not value:
            continue
        try:
            if len(value) == 10:
                day = date.fromisoformat(value)
                return datetime(day.year, day.month, day.day, 12, tzinfo=UTC).timestamp()
            moment = datetime.fromisoformat(value)
        except ValueError:
            continue
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=UTC)
        return moment.timestamp()
    return datetime.now(UTC).timestamp()


def compute_signals(document: Document, chars: int = SIGNAL_CHARS) -> Signals:
    """The signals of one document."""

    text = f"{document.title}\n{document.text[:chars]}"
    names: dict[str, str] = {}
    for entity in extract_entities(text, document.language):
        if entity.key:
            names.setdefault(entity.key, entity.text)
    at = document_time(document)
    quantities = sorted(quantity_keys(text, document.language) | date_keys(text, document.language, at))
    lead = f"{document.title}\n{document.text[:300]}"
    retrospective = any(cue.search(lead) for cue in _retrospective_cues())
    return Signals(at, tuple(sorted(names)), tuple(quantities), names, retrospective)


def date_keys(text: str, language: str, at: float) -> set[str]:
    """Calendar dates the text names ("DATE:2025-02-20"), relative ones ("am Donnerstag",
    "yesterday") resolved against the publication time, so reports in different languages of the
    same day's event share a key and the same people's trip a month later does not."""

    reference = datetime.fromtimestamp(at, UTC).date()
    keys = set()
    for mention in extract_dates(text, language, reference=reference):
        day = mention.as_date()
        if day is None and mention.weekday is not None and mention.day is None and mention.month is None:
            # "am Donnerstag" / "on Thursday": the latest such day on or before publication (news
            # reports mostly look back; a report about next Thursday is at worst one wrong key)
            day = reference - timedelta(days=(reference.weekday() - mention.weekday) % 7)
        if day is not None:
            keys.add(f"DATE:{day.isoformat()}")
    return keys


@cache
def _retrospective_cues() -> tuple[re.Pattern[str], ...]:
    data = tomllib.loads((resources.files("newsdesk.data") / "story_cues.toml").read_text(encoding="utf-8"))
    return tuple(re.compile(pattern, re.IGNORECASE) for pattern in data["retrospective"])
