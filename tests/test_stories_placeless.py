"""Reports that say nowhere where: a tabloid's "Gerüst-Drama! Stahlkoloss begräbt Lieferwagen",
a local paper's "Fischergasse: „Es hat gekracht wie nie“". Nothing but what they read like places
them: such a report joins the story of its window it reads clearly most like, and none when two
stories read nearly as alike. A local report titled by the street that the agency's report names
joins that story by the street, however little it reads like it. And days a report names ahead
("bis Montag gesperrt", "ab Montag an drei Schulen") are no days of its event, nor is a simile a
kind of event ("wie ein Erdbeben")."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

from newsdesk.config import StoriesSettings
from newsdesk.lang.exonyms import is_region
from newsdesk.models import Signals
from newsdesk.store import SQLiteStore, open_store
from newsdesk.stories import StoryBuilder
from newsdesk.stories.choose import (
    READS_LIKE,
    READS_LIKE_MARGIN,
    READS_LIKE_OF_KIND,
    one_of_that_day,
    only_one_of_its_kind,
    reads_like_one,
)
from newsdesk.stories.kinds import dominant, kind_scores
from newsdesk.stories.score import StoryScore
from newsdesk.stories.signals import date_keys, url_sections
from story_reports import report_document, story_ids

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
    joined = [r.story_id for r in reads_like_one([scaffold, council], report) if r.reads_like and r.agrees]
    assert joined == [1]
    # of no kind, or with another story nearly as alike, it is not enough
    assert not any(r.reads_like for r in reads_like_one([replace(scaffold, kind=0), council], report))
    close = replace(council, similarity=likeness - READS_LIKE_MARGIN / 2)
    assert not any(r.reads_like for r in reads_like_one([scaffold, close], report))


def test_a_report_naming_only_a_river_or_region_says_nowhere_where() -> None:
    """ "„Es hat gedröhnt wie ein Donnerschlag“": the wine bar "am Moselufer" names the river, not
    the town whose bridge the ship struck. A river runs past many towns (a region, like a lake);
    a report naming no town is placed by what it reads like, among the stories of its river. A
    report naming a town is not."""
    assert is_region("moselle") and is_region("danube") and not is_region("bernkastel kues")
    report = Signals(at=0.0, entities=(), quantities=(), main_places=("moselle",))
    likeness = READS_LIKE_OF_KIND + READS_LIKE_MARGIN / 2
    bridge = StoryScore(1, likeness, 0.3, 0.0, 0.0, 0.87, place=1, agrees=True)
    tunnel = StoryScore(2, likeness + 0.005, 0.0, 0.0, 0.0, 0.82, agrees=False)
    joined = [r.story_id for r in reads_like_one([bridge, tunnel], report) if r.reads_like and r.agrees]
    assert joined == [1]
    town = replace(report, main_places=("moselle", "bernkastel kues"))
    assert not any(r.reads_like for r in reads_like_one([bridge, tunnel], town))


def test_one_lead_word_of_another_kind_does_not_keep_it_apart() -> None:
    """ "Todes-Sturz am Grat! Seilpartner muss hilflos zusehen": one word of its lead reads as a
    rescue ("geborgen"), the story is a fatal fall. An uncertain conflict of kind does not keep a
    report that reads clearly like one story from it; a certain one (its title names its kind)
    does."""
    report = Signals(at=0.0, entities=(), quantities=(), kinds=("rescue",))
    likeness = READS_LIKE + READS_LIKE_MARGIN
    fall = StoryScore(1, likeness, 0.0, 0.0, 0.0, likeness, kind=-1, certain_kind=False, agrees=False)
    other = StoryScore(2, likeness - 2 * READS_LIKE_MARGIN, 0.0, 0.0, 0.0, 0.7, kind=-1, agrees=False)
    joined = [r.story_id for r in reads_like_one([fall, other], report) if r.reads_like and r.agrees]
    assert joined == [1]
    assert not any(r.reads_like for r in reads_like_one([replace(fall, certain_kind=True), other], report))


def test_a_report_naming_a_storys_place_is_not_placed_by_the_day_alone() -> None:
    """ "Schwagstorf bleibt ohne Geldautomat", the day after the ATM blast there: it agrees with
    the blast's story on the place (its day is another). A coach's sacking the same day is the
    only story it shares a day with, but that is no reason to join it when it names where."""
    report = Signals(at=0.0, entities=(), quantities=())
    blast = StoryScore(1, 0.86, 0.6, 0.0, 1.0, 0.883, place=1, day=-1, agrees=True)
    sacking = StoryScore(2, 0.80, 0.0, 0.0, 0.0, 0.884, day=1, agrees=False)
    assert not any(r.agrees for r in only_one_of_its_kind([blast, sacking], report) if r.story_id == 2)
    # naming no place of any story, the one story of its day fits it
    alone = only_one_of_its_kind([replace(blast, place=0, agrees=False), sacking], report)
    assert [r.story_id for r in alone if r.agrees] == [2]


def test_a_report_naming_its_events_day_and_kind_fits_that_story_not_one_of_its_own_day() -> None:
    """ "Nach dem Zugunglück vom Dienstag: Bahnübergang Oberaichet bekommt Schranken" names a
    hamlet no story names, its own Thursday and the crash of Tuesday: of the stories that fit it
    (the crash's, and a kindless report's of its own day), the one whose day and kind it names."""
    report = Signals(at=0.0, entities=(), quantities=(), kinds=("crash",))
    crash = StoryScore(1, 0.81, 0.0, 0.0, 2.0, 0.89, kind=1, day=1, points_back=True, agrees=False)
    street = StoryScore(2, 0.80, 0.0, 0.0, 0.0, 0.88, kind=0, day=1, same_day=True, agrees=False)
    assert [r.story_id for r in only_one_of_its_kind([crash, street], report) if r.agrees] == [1]
    # without the day it names, the one of its own day
    unnamed = replace(crash, points_back=False)
    assert [r.story_id for r in only_one_of_its_kind([unnamed, street], report) if r.agrees] == [2]


def test_a_follow_up_naming_a_day_of_two_stories_joins_the_one_it_reads_clearly_like() -> None:
    """ "Swimming ban lifted after bacteria levels fall" names the July 7 ban: two stories of that
    day and kind agree with it (the ban's, and the local report's that started one of its own).
    It reads clearly more like the ban's: that one. As much like both, neither."""
    ban = StoryScore(1, 0.859, 0.0, 0.0, 8.0, 0.93, by_day=True, follow_up=True)
    local = StoryScore(2, 0.789, 0.0, 0.0, 8.0, 0.86, by_day=True, follow_up=True)
    assert [r.story_id for r in one_of_that_day([ban, local]) if r.agrees] == [1]
    close = replace(local, similarity=ban.similarity - READS_LIKE_MARGIN / 2)
    assert not any(r.agrees for r in one_of_that_day([ban, close]))
    assert [r.story_id for r in one_of_that_day([ban]) if r.agrees] == [1]


def test_with_two_stories_it_reads_as_much_like_it_joins_neither(tmp_path: Path) -> None:
    with open_store(tmp_path / "two.db") as store:
        scaffold, reprint, other, council, tabloid = story_ids(
            store, [SCAFFOLD, SCAFFOLD_REPRINT, OTHER_SCAFFOLD, COUNCIL, TABLOID]
        )
    assert scaffold == reprint != other
    assert tabloid not in (scaffold, other, council)


GRAZ_FIRE = (
    "2025-10-08T07:30:00+02:00",
    "Wohnungsbrand in Graz: Zwei Verletzte",
    "Graz (APA) - In einem Altbau in der Grazer Innenstadt ist in der Nacht auf Mittwoch ein Feuer "
    "ausgebrochen. Die Flammen griffen vom Dachgeschoß auf zwei Wohnungen über, zwei Bewohner erlitten "
    "Rauchgasvergiftungen, wie die Berufsfeuerwehr mitteilte. Das Haus in der Wielandgasse ist vorerst "
    "unbewohnbar.",
)
GRAZ_FIRE_REPRINT = (
    "2025-10-08T08:10:00+02:00",
    "Graz: Feuer in Altbau, zwei Bewohner im Spital",
    "In der Grazer Innenstadt hat es in der Nacht auf Mittwoch in einem Altbau in der Wielandgasse "
    "gebrannt. Zwei Bewohner kamen mit Rauchgasvergiftungen ins Spital, die Feuerwehr war mit 40 Kräften "
    "im Einsatz.",
)
LEOBEN_FIRE = (
    "2025-10-08T09:00:00+02:00",
    "Brand in Leoben: Werkstatt zerstört",
    "Leoben (APA) - In Leoben ist am Mittwochmorgen eine Autowerkstatt in der Kärntner Straße "
    "abgebrannt. Verletzt wurde niemand, der Schaden ist hoch, wie die Feuerwehr mitteilte.",
)
GRAZ_STREET = (
    "2025-10-09T07:30:00+02:00",
    "Wielandgasse: „Wir haben nur die Katze mitgenommen“",
    "Herta Lackner steht mit einer Reisetasche vor dem Haustor. „Wir haben nur die Katze mitgenommen, "
    "sonst nichts“, sagt die Pensionistin. Ihr Nachbar Bernhard Ofner hat bei seiner Schwester "
    "übernachtet. Die Hausverwaltung hat einen Container vor das Haus gestellt, am Abend kommt der "
    "Glaser.",
)


def test_a_local_report_titled_by_the_street_the_agency_names_joins_its_story(tmp_path: Path) -> None:
    """ "Wielandgasse: „Wir haben nur die Katze mitgenommen“" names neither the town, nor the fire,
    nor anyone the agency names, and reads too little like the story to join by that: the street
    the agency's fire was in ("Das Haus in der Wielandgasse …") places it, the next morning too.
    The street is a part of Graz, no other place than the story's, and the other fire of the day
    is not in it."""
    with open_store(tmp_path / "street.db") as store:
        fire, reprint, other = story_ids(store, [GRAZ_FIRE, GRAZ_FIRE_REPRINT, LEOBEN_FIRE])
        builder = StoryBuilder(StoriesSettings(), store)
        (document_id,) = [store.add_document(report_document(3, *GRAZ_STREET), [])[0]]
        builder._prepare([store.get_document(document_id)])  # its vector and signals, before it joins
        signals = store.get_signals([document_id])[document_id]
        vector = store.get_embeddings([document_id], builder.embedder.model_id)[document_id]
        record = next(s for s in store.list_stories() if s.id == fire)
        shared = store.shared_entities([fire], signals.entities)[fire]
        result = builder.score(vector, signals, record, shared, builder._idf(signals.entities))
        (street,) = [a.story_id for a in builder.add([document_id])]
    assert fire == reprint == street != other
    assert signals.title_places == () and "wielandgasse" in signals.entities
    assert result.street and result.place > 0 and result.total < StoriesSettings().join_threshold


def test_a_day_ahead_is_no_day_of_the_event() -> None:
    friday = datetime(2025, 3, 7, 12, tzinfo=UTC).timestamp()
    for text in (
        "Die Straße bleibt bis Montag gesperrt.",
        "Die Schüler lernen ab Montag an drei Schulen.",
        "„Vor Montagmittag wird das nichts“, sagte der Kommandant.",  # not before Monday: ahead
    ):
        assert date_keys(text, "de", friday) == {"DATE:2025-03-10"}  # the next Monday
        assert date_keys(text, "de", friday, events_only=True) == set()
    assert date_keys("Am Montag brannte die Turnhalle.", "de", friday, events_only=True) == {
        "DATE:2025-03-03"
    }


def test_a_witness_day_of_what_was_still_so_is_no_day_of_the_event() -> None:
    """In a quotation, a day with "noch" is the day before the event ("vorgestern noch Volleyball
    gespielt" at the school that burned last night): no day of what happened. Outside quotation
    marks, or without "noch", the day stays; so does its key among the document's numbers."""
    thursday = datetime(2025, 3, 6, 16, tzinfo=UTC).timestamp()
    for text, language, day in (
        ("„Hier hat meine Tochter vorgestern noch Volleyball gespielt“, sagt eine Mutter.", "de", 4),
        ("„Ich hab den gestern Abend noch vollgetankt“, sagt Manfred.", "de", 5),
        ("«Am Dienstag war das Wasser noch wunderbar, ganz klar», sagt der Badmeister.", "de", 4),
        ("“On Tuesday the water was still perfectly clear,” the lifeguard said.", "en", 4),
    ):
        assert date_keys(text, language, thursday, events_only=True) == set(), text
        assert date_keys(text, language, thursday) == {f"DATE:2025-03-0{day}"}, text
    for text in (
        "„Am Dienstag hat es hier gebrannt“, sagt eine Mutter.",  # the event's day, in her words
        "Am Dienstag war das Wasser noch klar, sagte der Badmeister.",  # not in quotation marks
        "„Am Dienstag war noch nicht klar, was brennt“, sagt der Kommandant.",  # not yet: the event
    ):
        assert date_keys(text, "de", thursday, events_only=True) == {"DATE:2025-03-04"}, text


def test_of_two_stories_of_its_day_a_report_naming_nowhere_joins_the_one_it_reads_clearly_like() -> None:
    """ "Schon wieder! Schulbus-Crash – Kinder unter Schock" names no place, and its day has two
    stories of a crash: the morning's in the next district, and a local report of yesterday's
    crash that started a story of its own. It reads clearly more like the first: that one. As
    much like both, neither (the day and kind do not say which)."""
    report = Signals(at=0.0, entities=(), quantities=(), kinds=("crash",))
    crash = StoryScore(1, 0.887, 0.0, 0.0, 0.0, 1.02, kind=1, day=1, same_day=True, agrees=False)
    local = StoryScore(2, 0.824, 0.0, 0.0, 0.0, 0.87, kind=1, day=1, same_day=True, agrees=False)
    assert [r.story_id for r in only_one_of_its_kind([crash, local], report) if r.agrees] == [1]
    close = replace(local, similarity=crash.similarity - READS_LIKE_MARGIN / 2)
    assert not any(r.agrees for r in only_one_of_its_kind([crash, close], report))


def test_a_simile_is_no_kind_of_event() -> None:
    assert not kind_scores("Anrainer: „Es krachte wie ein Erdbeben“", "", "de")
    assert not kind_scores("Neighbours say it sounded like an explosion", "", "en")
    assert kind_scores("Erdbeben erschüttert die Region", "", "de")["earthquake"] == 2


LEOBEN_OWNER = (
    "2025-10-08T17:30:00+02:00",
    "„Dreißig Jahre Arbeit, und jetzt ist alles weg“",
    "Josef Pichler steht vor dem, was von seinem Betrieb übrig ist. Die Hebebühnen sind verbogen, "
    "vom Dach sind nur die Stahlträger geblieben. „Dreißig Jahre Arbeit, und jetzt ist alles weg“, "
    "sagt der 58-Jährige. Seine vier Mitarbeiter will er behalten, die Versicherung hat einen "
    "Gutachter geschickt.",
)
LEOBEN_FROM_GRAZ_DESK = (
    "2025-10-08T12:00:00+02:00",
    "Leoben: Werkstatt brennt nieder",
    "Am Mittwochmorgen ist eine Autowerkstatt in der obersteirischen Stadt abgebrannt. Die Feuerwehr "
    "konnte ein Übergreifen auf die Nachbarhäuser verhindern.",
)


def _filed(store: SQLiteStore, number: int, url: str, report: tuple[str, str, str]) -> int:
    """Store a report under ``url`` and cluster it: its story id."""
    document = replace(report_document(number, *report), url=url, content_hash=f"filed{number}")
    document_id = store.add_document(document, [])[0]
    (assignment,) = StoryBuilder(StoriesSettings(), store).add([document_id])
    return assignment.story_id


def test_a_local_paper_files_a_report_under_its_town(tmp_path: Path) -> None:
    """A regional paper's "„Dreißig Jahre Arbeit, und jetzt ist alles weg“" names neither the town,
    nor the fire, nor anyone the agency names; its web address does: "…/steiermark/leoben/…". It
    joins the Leoben fire, not the Graz fire of the same morning; at an address that says nothing
    it joins neither. A folder only ever agrees: the Graz desk's report on the Leoben fire joins
    the Leoben story."""
    section = "https://www.regional.example/steiermark/{}/20251008/{}"
    with open_store(tmp_path / "filed.db") as store:
        graz, reprint, leoben = story_ids(store, [GRAZ_FIRE, GRAZ_FIRE_REPRINT, LEOBEN_FIRE])
        owner = _filed(store, 3, section.format("leoben", "werkstatt-besitzer"), LEOBEN_OWNER)
        desk = _filed(store, 4, section.format("graz", "werkstatt-brand"), LEOBEN_FROM_GRAZ_DESK)
        filed = store.get_signals([d.id for d in store.iter_documents() if d.id is not None])
    with open_store(tmp_path / "unfiled.db") as store:
        other_graz, _, other_leoben = story_ids(store, [GRAZ_FIRE, GRAZ_FIRE_REPRINT, LEOBEN_FIRE])
        unfiled = _filed(store, 3, "https://www.regional.example/a/20251008-1234", LEOBEN_OWNER)
    assert graz == reprint != leoben
    assert owner == leoben and desk == leoben
    assert unfiled not in (other_graz, other_leoben)
    assert sorted(s.sections for s in filed.values() if s.sections) == [("graz",), ("leoben",)]


def test_the_folders_of_a_web_address_that_may_name_a_town() -> None:
    assert url_sections("https://www.regional.example/steiermark/leibnitz/20250612/x") == ("leibnitz",)
    assert url_sections("https://www.zeitung.example/muenchen/brand-in-giesing-1.6123") == ("munich",)
    assert "holzminden" in url_sections("https://www.lokal.example/lokales/holzminden/scheune-brennt.html")
    assert url_sections("https://www.zeitung.example/bayern/schweiz/wallis/x") == ()  # regions, countries
    assert url_sections("https://www.zeitung.example/brand-in-giesing") == ()  # the report's own name
    assert url_sections("https://lokal.example/2025/10/08/3") == url_sections(None) == ()
    assert url_sections("https://www.news.example/eng/stalled-cable-car-to-stay-shut/48123") == ("eng",)
    assert url_sections("https://www.news.example/steiermark/bruck-an-der-mur/48123") == ("bruck an der mur",)
