"""Reports that say nowhere where: a tabloid's "Gerüst-Drama! Stahlkoloss begräbt Lieferwagen",
a local paper's "Fischergasse: „Es hat gekracht wie nie“". Nothing but what they read like places
them: such a report joins the story of its window it reads clearly most like, and none when two
stories read nearly as alike. And days a report names ahead ("bis Montag gesperrt", "ab Montag an
drei Schulen") are no days of its event, nor is a simile a kind of event ("wie ein Erdbeben")."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

from newsdesk.config import StoriesSettings
from newsdesk.models import Signals
from newsdesk.store import open_store
from newsdesk.stories import StoryBuilder
from newsdesk.stories.cluster import READS_LIKE, READS_LIKE_MARGIN, READS_LIKE_OF_KIND, _reads_like_one
from newsdesk.stories.kinds import dominant, kind_scores
from newsdesk.stories.score import StoryScore
from newsdesk.stories.signals import date_keys
from story_reports import story_ids

SCAFFOLD = (
    "2025-05-14T09:40:00+02:00",
    "Baugerüst stürzt in Leipzig-Gohlis auf Straße – Arbeiter tot",
    "Leipzig (dpa) - In Leipzig-Gohlis ist am Mittwochmorgen ein sechsstöckiges Baugerüst auf die "
    "Georg-Schumann-Straße gestürzt und hat einen Bauarbeiter unter sich begraben. Der 51-Jährige "
    "starb noch an der Unfallstelle, zwei Passanten wurden leicht verletzt, wie die Polizei mitteilte. "
    "Das Gerüst riss die Oberleitung der Straßenbahn herunter.",
)
SCAFFOLD_REPRINT = (
    "2025-05-14T10:05:00+02:00",
    "Gohlis: Gerüst umgestürzt, Bauarbeiter tot",
    "In Leipzig-Gohlis ist am Mittwochmorgen ein Baugerüst auf die Georg-Schumann-Straße gestürzt. "
    "Ein 51 Jahre alter Bauarbeiter kam ums Leben, zwei Passanten wurden leicht verletzt. Die "
    "Straßenbahnlinie 4 ist unterbrochen.",
)
COUNCIL = (
    "2025-05-14T11:00:00+02:00",
    "Dresdner Stadtrat beschließt neuen Haushalt",
    "Dresden (dpa) - Der Dresdner Stadtrat hat am Mittwoch den Doppelhaushalt für die kommenden zwei "
    "Jahre beschlossen. Die Stadt will mehr Geld für Schulen und den Nahverkehr ausgeben.",
)
TABLOID = (
    "2025-05-14T13:30:00+02:00",
    "Gerüst-Drama! Stahlkoloss begräbt Bauarbeiter unter sich",
    "Ein sechsstöckiges Baugerüst kippt mitten im Berufsverkehr um – und begräbt einen Arbeiter "
    "unter sich! Für den Bauarbeiter (51) kam jede Hilfe zu spät. Das Gerüst riss die Leitungen der "
    "Straßenbahn herunter, zwei Passanten hatten riesiges Glück.",
)
TABLOID_OF_KIND = (
    "2025-05-14T15:00:00+02:00",
    "Einsturz-Drama: Wer zahlt jetzt für die Schäden?",
    "Geparkte Autos sind zerdrückt, eine Oberleitung ist zerrissen. Wer für die Schäden aufkommt, "
    "ist offen – die Versicherungen prüfen.",
)
OTHER_SCAFFOLD = (
    "2025-05-14T10:30:00+02:00",
    "Baugerüst stürzt in Chemnitz auf Straße – Arbeiter tot",
    "Chemnitz (dpa) - In Chemnitz ist am Mittwochmorgen ein Baugerüst auf die Zwickauer Straße "
    "gestürzt und hat einen Bauarbeiter unter sich begraben. Der 47-Jährige starb noch an der "
    "Unfallstelle, wie die Polizei mitteilte. Das Gerüst riss die Oberleitung der Straßenbahn herunter.",
)


def test_a_report_naming_no_place_joins_the_story_it_reads_like(tmp_path: Path) -> None:
    with open_store(tmp_path / "like.db") as store:
        scaffold, reprint, council, tabloid = story_ids(store, [SCAFFOLD, SCAFFOLD_REPRINT, COUNCIL, TABLOID])
        builder = StoryBuilder(StoriesSettings(), store)
        ids = [d.id for d in store.iter_documents()]
        vectors = store.get_embeddings(ids, builder.embedder.model_id)
        # the tabloid reads like the scaffold story clearly, but names nothing of it
        assert float(vectors[ids[3]] @ (vectors[ids[0]] + vectors[ids[1]])) / 2 >= READS_LIKE
    assert scaffold == reprint == tabloid != council


def test_a_report_of_the_storys_kind_naming_no_place_needs_less_likeness(tmp_path: Path) -> None:
    """ "Einsturz-Drama: Wer zahlt jetzt für die Schäden?" reads less like the scaffold story than
    the tabloid above, but reports its kind of event: a likeness of ``READS_LIKE_OF_KIND`` is
    enough, the same margin over every other story still required."""
    assert dominant(kind_scores(TABLOID_OF_KIND[1], TABLOID_OF_KIND[2], "de")) == ("collapse",)
    report = Signals(at=0.0, entities=(), quantities=(), kinds=("collapse",))
    likeness = (READS_LIKE_OF_KIND + READS_LIKE) / 2
    scaffold = StoryScore(1, likeness, 0.0, 0.0, 0.0, likeness, kind=1, agrees=False)
    council = StoryScore(2, likeness - 2 * READS_LIKE_MARGIN, 0.0, 0.0, 0.0, 0.7, kind=-1, agrees=False)
    joined = [r.story_id for r in _reads_like_one([scaffold, council], report) if r.reads_like and r.agrees]
    assert joined == [1]
    # of no kind, or with another story nearly as alike, it is not enough
    assert not any(r.reads_like for r in _reads_like_one([replace(scaffold, kind=0), council], report))
    close = replace(council, similarity=likeness - READS_LIKE_MARGIN / 2)
    assert not any(r.reads_like for r in _reads_like_one([scaffold, close], report))


def test_with_two_stories_it_reads_as_much_like_it_joins_neither(tmp_path: Path) -> None:
    with open_store(tmp_path / "two.db") as store:
        scaffold, reprint, other, council, tabloid = story_ids(
            store, [SCAFFOLD, SCAFFOLD_REPRINT, OTHER_SCAFFOLD, COUNCIL, TABLOID]
        )
    assert scaffold == reprint != other
    assert tabloid not in (scaffold, other, council)


def test_a_day_ahead_is_no_day_of_the_event() -> None:
    friday = datetime(2025, 3, 7, 12, tzinfo=UTC).timestamp()
    for text in ("Die Straße bleibt bis Montag gesperrt.", "Die Schüler lernen ab Montag an drei Schulen."):
        assert date_keys(text, "de", friday) == {"DATE:2025-03-10"}  # the next Monday
        assert date_keys(text, "de", friday, events_only=True) == set()
    assert date_keys("Am Montag brannte die Turnhalle.", "de", friday, events_only=True) == {
        "DATE:2025-03-03"
    }


def test_a_simile_is_no_kind_of_event() -> None:
    assert not kind_scores("Anrainer: „Es krachte wie ein Erdbeben“", "", "de")
    assert not kind_scores("Neighbours say it sounded like an explosion", "", "en")
    assert kind_scores("Erdbeben erschüttert die Region", "", "de")["earthquake"] == 2
