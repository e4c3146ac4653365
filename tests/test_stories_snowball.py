"""Uniform input cannot snowball: 192 reports from one template (12 cities × 8 kinds of event × two
days) must not grow into stories that mix cities or kinds of event.

Template text is not news, but it is the worst case for a clusterer that joins on topic: every
report is close to every other in the embedding. A join needs agreement on the event (place,
time, names), so a story may only hold the reports of one city and one kind of event.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from pathlib import Path

from newsdesk.config import StoriesSettings
from newsdesk.ingest.dedup import content_hash
from newsdesk.models import Document
from newsdesk.store import open_store
from newsdesk.stories import StoryBuilder

CITIES = [
    "Leipzig", "Dresden", "München", "Köln", "Hamburg", "Bremen",
    "Wien", "Graz", "Zürich", "Basel", "Hannover", "Nürnberg",
]  # fmt: skip
EVENTS = {  # kind → (headline noun, what happened)
    "fire": ("Großbrand", "ist ein Großbrand in einer Lagerhalle ausgebrochen"),
    "strike": ("Warnstreik", "haben die Beschäftigten der Verkehrsbetriebe einen Warnstreik begonnen"),
    "storm": ("Unwetter", "hat ein schweres Unwetter mit Hagel Dächer abgedeckt"),
    "theft": ("Diebstahl", "ist bei einem Einbruch wertvoller Schmuck gestohlen worden"),
    "crash": ("Unfall", "ist ein Bus auf einer Kreuzung verunglückt"),
    "flood": ("Hochwasser", "hat das Hochwasser die Uferpromenade überflutet"),
    "election": ("Stichwahl", "hat die Stichwahl um das Bürgermeisteramt begonnen"),
    "prize": ("Literaturpreis", "ist der städtische Literaturpreis verliehen worden"),
}
DAYS = ("2025-03-04", "2025-03-05")


def _report(city: str, kind: str, day: str, number: int) -> Document:
    noun, happened = EVENTS[kind]
    text = (
        f"In {city} {happened}. Das teilte ein Sprecher der Stadt am Vormittag mit. "
        f"Nach ersten Angaben sind {number + 2} Menschen betroffen. "
        f"Weitere Einzelheiten will die Stadt {city} im Laufe des Tages bekanntgeben. "
        "Die Polizei bat die Bevölkerung, den Bereich weiträumig zu meiden."
    )
    return Document(
        url=f"https://template.example/{city}/{kind}/{day}/{number}",
        title=f"{noun} in {city}: {number + 2} Menschen betroffen",
        text=text,
        outlet=f"Lokalblatt {number}",
        published=f"{day}T{9 + number:02d}:00:00+01:00",
        language="de",
        content_hash=content_hash(text + day),
    )


def test_template_reports_do_not_snowball(tmp_path: Path) -> None:
    reports = [
        (city, kind, day, number)
        for city, kind, day in itertools.product(CITIES, EVENTS, DAYS)
        for number in range(1)
    ]
    assert len(reports) == 192
    with open_store(tmp_path / "template.db") as store:
        truth = {}
        for city, kind, day, number in reports:
            document_id, _ = store.add_document(_report(city, kind, day, number), [])
            truth[document_id] = (city, kind)
        assignments = StoryBuilder(StoriesSettings(), store).add(list(truth))
    stories: dict[int, set[tuple[str, str]]] = defaultdict(set)
    for assignment in assignments:
        stories[assignment.story_id].add(truth[assignment.document_id])
    mixed = {story: events for story, events in stories.items() if len(events) > 1}
    assert not mixed, f"{len(mixed)} stories mix cities or kinds, e.g. {next(iter(mixed.values()))}"
    assert max(len([a for a in assignments if a.story_id == s]) for s in stories) <= 2
