"""Reports that name no place or name of their story: follow-ups that name their event only by its
day and kind ("Eine Woche nach dem Messerangriff vom Freitag: …"), looked up by that day and taken
only when one story of that day is of that kind; and same-day reports of the one story of their
day and kind in the window."""

from __future__ import annotations

from pathlib import Path

from newsdesk.config import StoriesSettings
from newsdesk.models import Document
from newsdesk.store import open_store
from newsdesk.store.sqlite import SQLiteStore
from newsdesk.stories import StoryBuilder

ATTACK = (
    "2025-05-09T21:10:00+02:00",
    "Messerangriff in Hannover – drei Verletzte",
    "Ein Mann hat am Freitagabend in Hannover-Linden drei Passanten mit einem Messer verletzt. "
    "Die Polizei nahm den 29-Jährigen fest, wie ein Sprecher mitteilte.",
)
ATTACK_AGAIN = (
    "2025-05-09T22:30:00+02:00",
    "Messerattacke auf der Limmerstraße: Drei Verletzte",
    "Auf der Limmerstraße in Hannover hat ein Mann am Freitag drei Menschen mit einem Messer "
    "angegriffen. Ein Kioskbetreiber wurde schwer verletzt.",
)
OTHER_ATTACK = (
    "2025-05-09T20:00:00+02:00",
    "Messerangriff in Bremen: Zwei Verletzte am Hauptbahnhof",
    "Am Bremer Hauptbahnhof hat ein Mann am Freitag zwei Reisende mit einem Messer verletzt. "
    "Die Bundespolizei sucht nach dem Täter.",
)
FOLLOW_UP = (
    "2025-05-16T11:00:00+02:00",
    "Eine Woche nach dem Messerangriff vom Freitag: Kioskbetreiber wieder zu Hause",
    "Hüseyin Aksoy ist wieder zu Hause. Der 54-Jährige war bei dem Messerangriff vom Freitag "
    "vergangener Woche schwer verletzt worden und hat das Krankenhaus verlassen.",
)


def _document(number: int, published: str, title: str, text: str) -> Document:
    return Document(
        url=f"https://lokal.example/{number}", outlet="Lokalblatt", title=title, text=text,
        language="de", content_hash=f"h{number}", published=published,
    )  # fmt: skip


def _stories(store: SQLiteStore, reports: list[tuple[str, str, str]]) -> list[int]:
    ids = [store.add_document(_document(n, *report), [])[0] for n, report in enumerate(reports)]
    assignments = {a.document_id: a.story_id for a in StoryBuilder(StoriesSettings(), store).add(ids)}
    return [assignments[i] for i in ids]


def test_a_follow_up_naming_only_the_day_joins_the_one_story_of_that_day(tmp_path: Path) -> None:
    with open_store(tmp_path / "day.db") as store:
        attack, again, follow_up = _stories(store, [ATTACK, ATTACK_AGAIN, FOLLOW_UP])
    assert attack == again == follow_up


def test_with_two_stories_of_that_day_and_kind_the_day_does_not_say_which(tmp_path: Path) -> None:
    with open_store(tmp_path / "two.db") as store:
        attack, again, other, follow_up = _stories(store, [ATTACK, ATTACK_AGAIN, OTHER_ATTACK, FOLLOW_UP])
    assert attack == again != other
    assert follow_up not in (attack, other)


def test_a_report_naming_nothing_joins_the_one_story_of_its_day_and_kind(tmp_path: Path) -> None:
    """A tabloid's "Gas-Knall reißt Haus auf!" names no place: of two explosion stories in the
    window it joins the one of its own day, not the one of five days ago."""
    earlier = (
        "2025-10-14T19:00:00+02:00",
        "Explosion in Villacher Wohnhaus – zwei Schwerverletzte",
        "Eine Explosion hat am Dienstagabend ein Wohnhaus in Villach schwer beschädigt. "
        "Zwei Menschen wurden schwer verletzt.",
    )
    later = (  # keeps the Villach story in the window of the 19th
        "2025-10-17T10:00:00+02:00",
        "Explosion in Villach: Drogenlabor im Keller, Mieter festgenommen",
        "Drei Tage nach der Explosion in einem Villacher Wohnhaus hat die Polizei einen Mieter "
        "festgenommen. Er soll im Keller ein Drogenlabor betrieben haben.",
    )
    today = (
        "2025-10-19T09:00:00+02:00",
        "Explosion zerstört Mehrfamilienhaus in Wuppertal – ein Toter",
        "Eine Explosion hat am Sonntagmorgen ein Mehrfamilienhaus in Wuppertal zerstört. "
        "Ein Bewohner kam ums Leben, acht Menschen wurden verletzt.",
    )
    tabloid = (
        "2025-10-19T13:00:00+02:00",
        "Gas-Knall reißt Haus auf! Nachbarn: „Es war wie ein Beben“",
        "Um kurz nach acht zerriss ein gewaltiger Knall die Stille. Eine Explosion riss die "
        "Fassade weg, Trümmer flogen bis auf die Straße.",
    )
    with open_store(tmp_path / "kind.db") as store:
        villach, arrest, wuppertal, knall = _stories(store, [earlier, later, today, tabloid])
    assert villach == arrest != wuppertal == knall
