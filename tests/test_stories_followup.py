"""Reports that name no place or name of their story: follow-ups that name their event only by its
day and kind ("Eine Woche nach dem Messerangriff vom Freitag: …"), looked up by that day and taken
only when one story of that day is of that kind; and same-day reports of the one story of their
day and kind in the window.

And the next event of the same kind, line or company, which is another story: a fire in the
neighbouring town the next night, a signal failure on the same railway line the day after a cable
theft, the same company's new plant abroad three days after it closed one at home. What follows
the first event (the thieves' arrest, the fire's cause a week later) still joins it."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np

from newsdesk.store import open_store
from newsdesk.store.stories import StoryRecord
from newsdesk.stories.choose import bridges, refers_before
from newsdesk.stories.cluster import DAY
from newsdesk.stories.followup import follows_up
from newsdesk.stories.frame import adjective_stems
from newsdesk.stories.kinds import dominant, kind_scores
from newsdesk.stories.place import titles_differ
from newsdesk.stories.score import StoryScore, another_event
from newsdesk.stories.signals import Signals, elapsed_days
from story_reports import story_ids

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


def test_a_follow_up_naming_only_the_day_joins_the_one_story_of_that_day(tmp_path: Path) -> None:
    with open_store(tmp_path / "day.db") as store:
        attack, again, follow_up = story_ids(store, [ATTACK, ATTACK_AGAIN, FOLLOW_UP])
    assert attack == again == follow_up


def test_with_two_stories_of_that_day_and_kind_the_day_does_not_say_which(tmp_path: Path) -> None:
    with open_store(tmp_path / "two.db") as store:
        attack, again, other, follow_up = story_ids(store, [ATTACK, ATTACK_AGAIN, OTHER_ATTACK, FOLLOW_UP])
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
        villach, arrest, wuppertal, knall = story_ids(store, [earlier, later, today, tabloid])
    assert villach == arrest != wuppertal == knall


FIRE = (
    "2025-06-16T07:30:00+02:00",
    "Fachwerkhaus in Bietigheimer Altstadt ausgebrannt – 20 Menschen in Sicherheit",
    "Bietigheim-Bissingen (dpa/lsw) - In der Altstadt von Bietigheim-Bissingen ist in der Nacht zum "
    "Montag ein Fachwerkhaus ausgebrannt. Die Feuerwehr brachte 20 Bewohner in Sicherheit, sagte "
    "Kreisbrandmeister Jürgen Haller. Den Schaden schätzt die Polizei auf 600.000 Euro.",
)
FIRE_AGAIN = (
    "2025-06-16T11:00:00+02:00",
    "Großbrand in Bietigheimer Altstadt: Nachbarn retten Katze aus dem Dachstuhl",
    "Nach dem Feuer in einem Fachwerkhaus in Bietigheim-Bissingen am Montag stehen die Bewohner vor "
    "dem Nichts. Nachbarn hatten in der Nacht noch eine Katze aus dem Dachstuhl geholt.",
)
NEXT_FIRE = (
    "2025-06-17T07:45:00+02:00",
    "Wieder Feuer in einer Altstadt – diesmal brennt es in Besigheim",
    "Besigheim (dpa/lsw) - Nur eine Nacht nach dem Feuer in Bietigheim-Bissingen hat in der Nacht "
    "zum Dienstag in Besigheim ein Fachwerkhaus gebrannt. 20 Bewohner brachte die Feuerwehr "
    "in Sicherheit, sagte Kreisbrandmeister Jürgen Haller. Ein Zusammenhang mit dem Brand in "
    "Bietigheim-Bissingen sei nicht erkennbar. Der Schaden liegt bei 600.000 Euro.",
)
FIRE_CAUSE = (
    "2025-06-21T10:00:00+02:00",
    "Nach dem Brand vom Montag: Defekter Kühlschrank war die Ursache",
    "Das Feuer in dem Bietigheimer Fachwerkhaus ist von einem defekten Kühlschrank ausgelöst "
    "worden. Das teilten die Ermittler am Samstag mit. Mit dem Brand in Besigheim in der Nacht "
    "darauf habe er nichts zu tun.",
)

THEFT = (
    "2025-03-11T09:00:00+01:00",
    "Kabeldiebe legen Zugverkehr zwischen Hanau und Fulda lahm",
    "Hanau (dpa/lhe) - Metalldiebe haben in der Nacht zum Dienstag bei Gelnhausen rund 300 Meter "
    "Kupferkabel von der Kinzigtalbahn gestohlen. Der Zugverkehr zwischen Hanau und Fulda war "
    "stundenlang unterbrochen, wie die Bahn mitteilte.",
)
ARREST = (
    "2025-03-12T15:00:00+01:00",
    "Kabeldiebe auf Recyclinghof in Schlüchtern gefasst",
    "Einen Tag nach dem Kabeldiebstahl bei Gelnhausen hat die Polizei am Mittwoch zwei Männer auf "
    "einem Recyclinghof in Schlüchtern festgenommen. Sie wollten dort Kupfer verkaufen.",
)
FAILURE = (
    "2025-03-12T08:00:00+01:00",
    "Stellwerksstörung legt Kinzigtalbahn bei Steinau lahm",
    "Steinau (dpa/lhe) - Eine Stellwerksstörung in Steinau hat am Mittwochmorgen den Zugverkehr "
    "auf der Kinzigtalbahn zwischen Schlüchtern und Fulda unterbrochen. Techniker tauschten ein "
    "defektes Bauteil aus, wie eine Bahnsprecherin sagte.",
)


def test_a_follow_up_naming_its_day_joins_that_fire_not_the_next_one(tmp_path: Path) -> None:
    """ "Nach dem Brand vom Montag" is the first fire's day; the report names the next fire too."""
    with open_store(tmp_path / "cause.db") as store:
        fire, again, next_fire, cause = story_ids(store, [FIRE, FIRE_AGAIN, NEXT_FIRE, FIRE_CAUSE])
    assert fire == again == cause != next_fire


def test_the_thieves_arrest_joins_the_theft_not_the_same_lines_signal_failure(tmp_path: Path) -> None:
    with open_store(tmp_path / "line.db") as store:
        theft, failure, arrest = story_ids(store, [THEFT, FAILURE, ARREST])
    assert theft == arrest != failure


def _story(frame: dict[str, dict[str, int]]) -> StoryRecord:
    """A story of two reports on its first day, with this event frame (its counts)."""
    return StoryRecord(1, "Story", 0.0, DAY, np.zeros(4), 2, frame=frame)


def test_a_later_day_whose_title_names_a_new_place_is_another_event() -> None:
    """The fire the next night in the neighbouring town: its title names a town the story never
    names, its lead recalls the story's town. A district of the story's town is no new place."""
    fire = _story(
        {
            "kinds": {"fire": 2},
            "places": {"bietigheim bissingen": 2},
            "main_places": {"bietigheim bissingen": 2},
        }
    )
    next_fire = Signals(
        at=DAY + 3600, entities=("besigheim", "bietigheim bissingen"), quantities=(), kinds=("fire",),
        mentions=("fire",), title_places=("besigheim",), main_places=("besigheim", "bietigheim bissingen"),
    )  # fmt: skip
    assert another_event(next_fire, fire, -1)
    assert not another_event(next_fire, fire, 0)  # no other day named: the frame decides
    district = replace(
        next_fire, title_places=("buch",), main_places=("buch",), districts=("bietigheim bissingen>buch",)
    )
    assert not another_event(district, fire, -1)


def test_what_follows_an_event_names_the_kind_it_follows() -> None:
    """The thieves' arrest the next day names the theft; the same line's signal failure of that
    day is another event. An arrest that names no other kind is left to the frame."""
    failure = _story({"kinds": {"technical failure": 2}, "mentions": {"technical failure": 2}})
    theft = _story({"kinds": {"theft": 2}, "mentions": {"theft": 2}})
    arrest = Signals(at=DAY, entities=(), quantities=(), kinds=("arrest",), mentions=("arrest", "theft"))
    assert another_event(arrest, failure, 1) and not another_event(arrest, theft, 0)
    assert not another_event(replace(arrest, mentions=("arrest",)), failure, 1)


def test_a_new_plant_is_no_plant_closure() -> None:
    """A company's new plant abroad names jobs too ("schafft 300 Arbeitsplätze"); its kind is an
    investment, and on another day it is another event than the closure of its plant at home."""
    title, lead = "Brenntal Pumpen baut neues Werk in Polen", "Brenntal investiert 60 Millionen Euro."
    assert dominant(kind_scores(title, lead + " Es entstehen 300 Arbeitsplätze.", "de")) == ("investment",)
    closure = "Brenntal Pumpen schließt Werk in Hameln – 250 Stellen fallen weg"
    assert dominant(kind_scores(closure, "", "de")) == ("job cuts",)
    assert dominant(kind_scores("Germany's Brenntal to build new pump plant in Poland", "", "en")) == (
        "investment",
    )
    story = _story({"kinds": {"job cuts": 2}, "mentions": {"job cuts": 2}})
    plant = Signals(
        at=3 * DAY, entities=(), quantities=(), kinds=("investment",), mentions=("investment", "job cuts")
    )
    assert another_event(plant, story, -1)


def test_the_places_a_german_place_adjective_may_name() -> None:
    assert {"linz", "markgroningen", "bremen", "dresden"} <= (
        adjective_stems("Linz") | adjective_stems("Markgröning") | adjective_stems("Brem")
        | adjective_stems("Dresdn")
    )  # fmt: skip


CROSSING = (
    "2025-09-16T15:00:00+02:00",
    "Zug erfasst Lieferwagen bei Cham – Fahrer schwer verletzt",
    "Cham (dpa/lby) - Ein Regionalzug hat am Dienstag an einem unbeschrankten Bahnübergang bei Cham "
    "einen Lieferwagen erfasst. Der 52 Jahre alte Fahrer wurde schwer verletzt, die 40 Fahrgäste "
    "blieben unverletzt, wie die Polizei mitteilte.",
)
CROSSING_AGAIN = (
    "2025-09-16T17:30:00+02:00",
    "Unglück am Bahnübergang: Lieferwagenfahrer bei Cham schwer verletzt",
    "Bei Cham ist am Dienstag ein Lieferwagen von einem Regionalzug erfasst worden. Der Fahrer kam "
    "schwer verletzt ins Krankenhaus. Die Strecke war bis zum Abend gesperrt.",
)
CROSSING_LATER = (
    "2025-09-18T16:00:00+02:00",
    "Nach dem Zugunglück vom Dienstag: Bahnübergang Katzbach bekommt Schranken",
    "Zwei Tage nach dem Zugunglück vom Dienstag steht fest: Der Bahnübergang in Katzbach wird mit "
    "Halbschranken gesichert. Das sagte Bürgermeisterin Renate Fuchs am Donnerstag.",
)


def test_a_report_naming_the_storys_day_and_kind_joins_it_within_days(tmp_path: Path) -> None:
    """ "Zwei Tage nach dem Zugunglück vom Dienstag" names the day of the story's event as the
    one it reports on (its own Thursday is no other day of it), though the hamlet it names is
    new to the story."""
    with open_store(tmp_path / "crossing.db") as store:
        crash, again, later = story_ids(store, [CROSSING, CROSSING_AGAIN, CROSSING_LATER])
    assert crash == again == later


LORRY_FIRE = (
    "2025-10-08T09:00:00+02:00",
    "Lastwagen brennt auf der A9 – Richtung Nürnberg gesperrt",
    "Ingolstadt (dpa/lby) - Auf der A9 bei Ingolstadt ist am Mittwochmorgen ein mit Papier "
    "beladener Lastwagen in Brand geraten. Der Fahrer konnte sich retten, die Autobahn war in "
    "Richtung Nürnberg stundenlang gesperrt, wie die Polizei mitteilte.",
)
LORRY_FIRE_AGAIN = (
    "2025-10-08T12:00:00+02:00",
    "A9 nach Lkw-Brand bei Ingolstadt gesperrt",
    "Nach dem Brand eines Lastwagens ist die A9 bei Ingolstadt am Mittwoch gesperrt. Der Fahrer "
    "blieb unverletzt, die Ladung aus Papierrollen brannte vollständig aus.",
)
NEXT_LORRY_FIRE = (
    "2025-10-09T10:00:00+02:00",
    "Erneut Lkw-Brand auf der A9: Kühllaster in Flammen",
    "Ingolstadt (dpa/lby) - Auf der A9 ist am Donnerstag ein Kühllaster in Brand geraten. Der "
    "Fahrer rettete sich, die Autobahn war in Richtung München zwei Stunden gesperrt, wie die "
    "Polizei mitteilte.",
)


def test_a_title_that_says_again_on_a_later_day_is_another_event(tmp_path: Path) -> None:
    """ "Erneut Lkw-Brand auf der A9" the day after the story's lorry fire on the same motorway:
    the same road, kind and police, another fire; not even as the only story of its kind."""
    with open_store(tmp_path / "again.db") as store:
        fire, again, next_fire = story_ids(store, [LORRY_FIRE, LORRY_FIRE_AGAIN, NEXT_LORRY_FIRE])
    assert fire == again != next_fire


def test_a_region_and_a_town_in_two_titles_may_be_one_place() -> None:
    """ "Flash floods hit Black Forest valley" and "Forbach: Sturzfluten …": the town may lie in the
    region, so the titles do not say two places. Two towns, two regions, or a region and a city
    the exonym table lists (Vienna's storm is not Styria's) are two places."""
    forbach = _story({"title_places": {"forbach": 2}})
    carinthia = _story({"title_places": {"carinthia": 2}})
    report = Signals(at=DAY, entities=(), quantities=(), title_places=("black forest",))
    assert not titles_differ(report, forbach)
    assert titles_differ(replace(report, title_places=("gernsbach",)), forbach)
    assert titles_differ(replace(report, title_places=("styria",)), carinthia)
    assert titles_differ(replace(report, title_places=("styria",)), _story({"title_places": {"vienna": 2}}))
    assert not titles_differ(replace(report, title_places=()), forbach)


def test_a_follow_up_looking_back_at_the_event_at_its_place_follows_it() -> None:
    """ "Nach dem Erdrutsch von Hirseggen: Der Hang bewegt sich weiter": its opening names a hamlet
    the story's openings do not (the name finder reads none there), its text names the town where
    the story's reports say it happened. Looking back at the story's kind of event, it follows it
    up; a report that only says it is a later one ("eine Woche nach …") needs a name of the
    story's openings."""
    landslide = _story(
        {"kinds": {"landslide": 2}, "main_places": {"fluhli": 2}, "places": {"fluhli": 2, "sorenberg": 1}}
    )
    follow_up = Signals(
        at=7 * DAY, entities=("fluhli", "kantonsgeologin"), quantities=(), kinds=("landslide",),
        mentions=("landslide",), after_kinds=("landslide",), places=("fluhli",), backref=True,
    )  # fmt: skip
    assert follows_up(follow_up, landslide, {"fluhli": 2})
    assert not follows_up(replace(follow_up, after_kinds=()), landslide, {"fluhli": 2})
    assert not follows_up(replace(follow_up, places=("sorenberg",)), landslide, {"sorenberg": 1})


VERDICT = (
    "2025-05-15T14:20:00+02:00",
    "Linzer Anlageberater zu fünf Jahren Haft verurteilt",
    "Linz (APA) - Das Landesgericht Linz hat am Donnerstag einen 58 Jahre alten Anlageberater wegen "
    "schweren gewerbsmäßigen Betrugs zu fünf Jahren Haft verurteilt. Der Mann hatte 212 Anlegern mehr "
    "als elf Millionen Euro abgenommen, wie eine Gerichtssprecherin mitteilte. Das Urteil ist nicht "
    "rechtskräftig.",
)
VERDICT_AGAIN = (
    "2025-05-15T16:00:00+02:00",
    "Fünf Jahre Haft für Linzer Anlagebetrüger",
    "Am Landesgericht Linz ist am Donnerstag ein Anlageberater zu fünf Jahren Haft verurteilt worden. "
    "Er hatte Pensionisten hohe Zinsen versprochen und mit ihrem Geld Löcher gestopft.",
)
APPEAL_FUND = (
    "2025-05-23T10:00:00+02:00",
    "Fall «Donau Ertrag»: Beide Seiten ziehen das Urteil weiter",
    "Im Fall «Donau Ertrag» haben sowohl der Verteidiger als auch die Staatsanwaltschaft Berufung "
    "eingelegt. Der Anwalt hält die Strafe für zu hoch, die Anklage für zu niedrig. Über die Berufung "
    "entscheidet das Oberlandesgericht.",
)
APPEAL_DAY = (
    "2025-05-23T12:00:00+02:00",
    "Berufung gegen das Betrugsurteil vom 15. Mai",
    "Gegen das Urteil des Landesgerichts Linz vom 15. Mai gegen einen Anlageberater haben beide Seiten "
    "Berufung eingelegt. Der Verteidiger hält die fünf Jahre Haft im Fall «Donau Ertrag» für zu hoch, "
    "die Staatsanwaltschaft für zu niedrig.",
)


def test_a_follow_up_joins_the_earlier_story_it_follows_better_than_a_story_of_its_days(
    tmp_path: Path,
) -> None:
    """Two reports of the appeal arrive together a week after the verdict. The first names only the
    fund and starts a story; the second names the court and the verdict's day, and follows up the
    verdict better than it joins the first one's story, so it joins the verdict, and takes the
    first one's story of one report with it (:func:`bridges`): its id redirects to the verdict's."""
    with open_store(tmp_path / "appeal.db") as store:
        verdict, again, fund, appeal = story_ids(store, [VERDICT, VERDICT_AGAIN, APPEAL_FUND, APPEAL_DAY])
        assert len(store.story_memberships()) == 1
        (retired,) = [i for i in range(verdict + 1, verdict + 3) if store.story_successor(i) == verdict]
    assert verdict == again == fund == appeal != retired


def test_only_a_young_story_of_one_report_of_the_documents_day_is_bridged() -> None:
    """A document that follows up an earlier story and may join a story of its own days takes
    that story along only when it is one report of the document's day, begun after the earlier
    story: two or more reports of its own are an event of their own (the former chief's arrest,
    three days after the bakery chain's insolvency, and the chain's next report that names the
    arrest)."""
    day = 1_750_000_000.0 - 1_750_000_000.0 % DAY + DAY / 2

    def record(story_id: int, first: float) -> StoryRecord:
        return StoryRecord(story_id, "", first, first, np.zeros(4), 1)

    earlier, young, older = record(1, day - 8 * DAY), record(2, day - 3600), record(3, day - 2 * DAY)
    signals = Signals(at=day, entities=(), quantities=())
    follow_up = StoryScore(1, 0.8, 0.0, 0.0, 0.0, 1.0, size=5, follow_up=True)
    own = StoryScore(2, 0.8, 0.0, 0.0, 0.0, 0.95, size=1)
    stories = [earlier, young, older]
    assert bridges(own, follow_up, stories, signals)
    assert not bridges(replace(own, size=2), follow_up, stories, signals)  # an event of its own
    assert not bridges(replace(own, story_id=3), follow_up, stories, signals)  # of another day
    begun_later = [replace(earlier, first_at=day - 1800), young]  # the young story began first
    assert not bridges(own, follow_up, begun_later, signals)


def test_the_kind_of_a_toppled_crane_and_an_insolvent_chain() -> None:
    """A crane or scaffold that topples has collapsed ("Baukran stürzt in … auf Straße", "Crane
    topples onto busy street"); "Der insolvente Schuhhändler" names the insolvency as "insolvent"
    does."""
    assert dominant(kind_scores("Baukran stürzt in Giesing auf Straße – Kranführer tot", "", "de")) == (
        "collapse",
    )
    assert dominant(kind_scores("Giesing: Kran umgestürzt, Kranführer tot", "", "de")) == ("collapse",)
    assert dominant(kind_scores("Crane topples onto busy Munich street", "", "en")) == ("collapse",)
    assert not kind_scores("Aktienkurs stürzt ab", "", "de").get("collapse")
    lead = "Der insolvente Schuhhändler schließt bis Ende Jänner 14 seiner 46 Filialen."
    assert {"insolvency", "job cuts"} <= set(kind_scores("Pirchner sperrt 14 Filialen zu", lead, "de"))


def test_a_ship_that_collides_or_rams_has_crashed_in_every_outlets_words() -> None:
    """The agency's "Tankschiff kollidierte im Nebel auf der Donau", the tabloid's "Tanker rammt
    Frachter", the local "nach der Havarie" and the wire's "tanker collision" name one kind of
    event; read as a leak, nothing and a shipping accident they kept the reports apart."""
    for title, language in (
        ("Tankschiff kollidierte im Nebel auf der Donau – Diesel ausgetreten", "de"),
        ("Nebel-Crash! Tanker rammt Frachter – Diesel im Fluss", "de"),
        ("Rollfähre steht still: Nach der Havarie ist die Donau gesperrt", "de"),
        ("Danube shipping halted after tanker collision", "en"),
    ):
        assert "crash" in kind_scores(title, "", language), title


def test_kinds_of_sinkholes_escaped_animals_and_contaminated_water() -> None:
    """What the English follow-ups name as their event ("a week after sinkhole swallowed car",
    "after escaped lynx", "Swimming ban lifted") is a kind of event, as the German first reports'
    "Erdfall", "Luchs … entkommen" and "Badeverbot … wegen Kolibakterien" are; an escaped
    prisoner is a manhunt, not an animal's escape."""
    cases = (
        ("Erdfall in Nordhausen: Auto versinkt in zwölf Meter großem Loch", "de", "sinkhole"),
        ("Residents allowed home a week after sinkhole swallowed car", "en", "sinkhole"),
        ("Luchs aus Tierpark in Wien-Donaustadt entkommen", "de", "animal escape"),
        ("Nach Luchs-Flucht vom 13. Mai: Tierpark muss Zaun erhöhen", "de", "animal escape"),
        ("Zoo ordered to raise fence after escaped lynx", "en", "animal escape"),
        ("Badeverbot am Pfäffikersee wegen Kolibakterien", "de", "contamination"),
        ("Swimming ban lifted after bacteria levels fall", "en", "contamination"),
    )
    for title, language, kind in cases:
        assert kind in kind_scores(title, "", language), title
    prisoner = kind_scores("Escaped prisoner still on the run", "", "en")
    assert "manhunt" in prisoner and "animal escape" not in prisoner


def test_a_defeat_at_the_polls_is_no_match() -> None:
    """An election night's "bittere Niederlage" does not make the election a match (a kind the
    same people repeat within weeks, whose follow-ups must name the day or look back): the
    coalition talks a week later still follow the election. A home defeat is a match."""
    lead = "Die Partei räumt eine „bittere Niederlage“ ein, einen Rücktritt schließt sie aus."
    assert "match" not in kind_scores("Wahlsonntag: Ernüchterung bei der SPÖ", lead, "de")
    assert kind_scores("Wahlsonntag: Ernüchterung bei der SPÖ", lead, "de")["election"] >= 2
    assert dominant(kind_scores("Heimniederlage für den Tabellenführer", "", "de")) == ("match",)


def test_the_appeal_that_names_the_verdict_again_points_back_to_it() -> None:
    """ "Auch Anklage geht in Revision" a week after the verdict reads "Verurteilung" too: the appeal
    is new to the story and follows a verdict, so the report points back to it. A report of a
    verdict only (another trial's) does not, nor does a raid a week after a raid."""
    verdict = _story({"kinds": {"verdict": 2}, "main_names": {"stuttgart": 2, "sonnwerk": 2}})
    appeal = Signals(
        at=7 * DAY, entities=("stuttgart", "miriam vogt"), quantities=(), kinds=("appeal", "verdict"),
        mentions=("appeal", "verdict"), main_names=("stuttgart",), main_places=("stuttgart",),
    )  # fmt: skip
    assert follows_up(appeal, verdict, {"stuttgart": 2})
    assert not follows_up(
        replace(appeal, kinds=("verdict",), mentions=("verdict",)), verdict, {"stuttgart": 2}
    )
    raid = _story({"kinds": {"raid": 2}, "main_names": {"stuttgart": 2}})
    assert not follows_up(replace(appeal, kinds=("raid",), mentions=("raid",)), raid, {"stuttgart": 2})


def test_the_pay_deal_follows_the_strike_it_ends_and_a_red_card_no_match() -> None:
    """A strike is of a kind the same people repeat within weeks, so only what a strike brings
    points back to it: the pay deal three days later ("Tarifeinigung … keine weiteren Streiks").
    What follows any event (an arrest, a sending-off's ban) does not point back to last
    week's match of the same team."""
    strike = _story({"kinds": {"strike": 2}, "main_names": {"verdi": 2, "cologne bonn airport": 2}})
    deal = Signals(
        at=3 * DAY, entities=("verdi", "bdls"), quantities=(), kinds=("agreement", "strike"),
        mentions=("agreement", "strike"), main_names=("verdi", "bdls"),
    )  # fmt: skip
    assert follows_up(deal, strike, {"verdi": 2})
    match = _story({"kinds": {"match": 2}, "main_names": {"elsenau": 2}})
    arrest = replace(deal, kinds=("arrest", "match"), mentions=("arrest", "match"), main_names=("elsenau",))
    assert not follows_up(arrest, match, {"elsenau": 2})


def test_a_report_of_no_kind_naming_the_events_day_and_a_name_of_it_follows_it() -> None:
    """ "Arnialp-Bahn: Defekter Drehzahlsensor löste Stillstand aus" names no kind of event, but
    the cableway of the story's openings and the day of its event (the stoppage "vom 4. Mai"):
    it follows the rescue. Without the event's day, or with a kind of its own, it does not."""
    rescue = _story({"kinds": {"rescue": 2}, "main_names": {"arnialp": 2}, "days": {"1970-01-01": 2}})
    report = Signals(
        at=9 * DAY, entities=("arnialp", "sust"), quantities=("DATE:1970-01-01", "DATE:1970-01-10"),
        main_names=("arnialp",),
    )  # fmt: skip
    assert follows_up(report, rescue, {"arnialp": 1})
    assert not follows_up(replace(report, quantities=("DATE:1970-01-10",)), rescue, {"arnialp": 1})
    concert = replace(report, kinds=("concert",), mentions=("concert",))
    assert not follows_up(concert, rescue, {"arnialp": 1})


def test_a_quotation_in_the_lead_names_no_kind() -> None:
    """The union's „Angriff auf eine ganze Region“ at a protest march, the tourism chief's „Tor zum
    See“ when a pier reopens: a quotation's words are no cue of what happened. A title that
    quotes a witness keeps its cues; an unclosed quotation quotes nothing."""
    lead = "Die Gewerkschaft sprach von einem „Angriff auf eine ganze Region“. Rund 2.000 zogen mit."
    assert "attack" not in kind_scores("2.000 Menschen ziehen für das Werk durch die Stadt", lead, "de")
    assert "match" not in kind_scores(
        "Steg wieder offen", "„Der Steg ist unser Tor zum See“, sagte er.", "de"
    )
    assert kind_scores("„Der Sturm kam aus dem Nichts“", "", "de")["storm"] == 2
    assert kind_scores("Demo", "Die Gewerkschaft sprach von einem „Angriff auf", "de")["attack"] == 1
    assert dominant(kind_scores("Insurer puts damage from pier crash at 1.1 million euros", "", "en")) == (
        "crash",
    )
    assert "theft" in kind_scores("Teenager turns himself in after bank hold-up", "", "en")


def test_only_a_report_referring_back_before_its_days_story_looks_for_an_earlier_one() -> None:
    """A report that a story of its own days takes looks for an earlier story it might follow up
    only when it refers back to before that story began: "Both sides appeal May 15 Ponzi
    sentence" in the story of the appeal's day, or "last week's verdict". Naming the day of its own
    story's event is no reference back: the lookup (and its cost) is skipped."""
    own = StoryRecord(7, "Appeal", 22 * DAY, 22 * DAY + 3600, np.zeros(4), 1)
    appeal = Signals(at=22 * DAY + 7200, entities=(), quantities=("DATE:1970-01-15", "DATE:1970-01-23"))
    assert refers_before(appeal, [own], 7)
    same_day = replace(appeal, quantities=("DATE:1970-01-23",))
    assert not refers_before(same_day, [own], 7)
    assert refers_before(replace(same_day, backref=True), [own], 7)


ROBBERY = (
    "2025-11-18T11:30:00+01:00",
    "Banküberfall in Wolfsberg – Täter mit Messer flüchtig",
    "Wolfsberg (APA) - Ein maskierter Mann hat am Dienstagvormittag in Wolfsberg eine Bank überfallen. "
    "Er bedrohte in der Filiale der Auental Bank am Hauptplatz eine Angestellte mit einem Messer und "
    "flüchtete mit mehreren tausend Euro zu Fuß, wie die Polizei mitteilte. Die Fahndung läuft.",
)
ROBBERY_REPRINT = (
    "2025-11-18T12:10:00+01:00",
    "Wolfsberg: Mann überfällt Bank mit Messer",
    "In Wolfsberg hat ein Mann am Dienstag eine Bank mit einem Messer überfallen. Der Täter erbeutete "
    "in der Filiale der Auental Bank mehrere tausend Euro und ist auf der Flucht.",
)
SURRENDER = (
    "2025-11-23T09:00:00+01:00",
    "Teenager turns himself in after Auental Bank hold-up",
    "A 17-year-old has turned himself in to police five days after a knife-point robbery at a bank "
    "branch in southern Austria, investigators said on Sunday. Most of the cash was recovered.",
    "en",
)


def test_a_follow_up_naming_the_bank_the_storys_reports_name_further_down_follows_it(tmp_path: Path) -> None:
    """The English follow-up names neither the town nor anyone of the agency's opening, only the
    bank that the agency and its reprint name in their second sentence: that is the story's bank,
    named by more than one of its reports, and the hold-up is the robbery it follows up."""
    with open_store(tmp_path / "bank.db") as store:
        robbery, reprint, surrender = story_ids(store, [ROBBERY, ROBBERY_REPRINT, SURRENDER])
    assert robbery == reprint == surrender


SLIDE = (
    "2025-06-25T09:00:00+02:00",
    "Erdrutsch in Meiringen BE zerstört zwei Häuser – 14 Personen evakuiert",
    "Meiringen BE (sda) - Ein Erdrutsch hat in der Nacht auf Mittwoch in Meiringen zwei Wohnhäuser "
    "zerstört. 14 Bewohnerinnen und Bewohner des Weilers Bort mussten ihre Häuser verlassen, verletzt "
    "wurde niemand, wie die Kantonspolizei Bern mitteilte. Die Strasse nach Meiringen ist verschüttet.",
)
SLIDE_REPRINT = (
    "2025-06-25T10:30:00+02:00",
    "Meiringen: Hang rutscht ab, zwei Häuser zerstört",
    "In Meiringen im Berner Oberland hat ein Erdrutsch in der Nacht auf Mittwoch zwei Häuser zerstört. "
    "14 Personen wurden evakuiert. Die Strasse bleibt gesperrt.",
)
SLIDE_AFTER = (
    "2025-07-01T18:00:00+02:00",
    "Nach dem Erdrutsch von Bort: Der Hang bewegt sich weiter",
    "Sechs Tage nach dem Erdrutsch von Bort ist klar: Die beiden Häuser werden nicht mehr aufgebaut. "
    "Der Hang bewege sich noch immer um bis zu drei Zentimeter am Tag, sagte Kantonsgeologe Ueli "
    "Zbinden am Dienstag an einer Informationsveranstaltung im Schulhaus Meiringen. Auf dem Spendenkonto "
    "der Gemeinde sind bisher 96'000 Franken eingegangen.",
)


def test_a_look_back_at_the_event_naming_its_place_further_down_follows_it(tmp_path: Path) -> None:
    """ "Nach dem Erdrutsch von Bort" looks back at a landslide; the hamlet is no name the story's
    openings give, but the report names the story's place further down ("im Schulhaus Meiringen",
    not after a preposition of place), and its francs ("96'000 Franken") are no Franconia."""
    with open_store(tmp_path / "slide.db") as store:
        slide, reprint, after = story_ids(store, [SLIDE, SLIDE_REPRINT, SLIDE_AFTER])
    assert slide == reprint == after


REGATTA = (
    "2025-07-05T19:40:00+02:00",
    "Sturm über dem Ammersee: Segler vermisst, 40 Menschen aus dem Wasser gerettet",
    "Herrsching (dpa/lby) - Ein Gewittersturm hat am Samstagnachmittag eine Regatta auf dem Ammersee "
    "getroffen. Mehr als 30 Boote kenterten, die Wasserwacht zog 40 Menschen aus dem Wasser. Ein "
    "67 Jahre alter Segler wird vermisst, wie die Polizei mitteilte.",
)
REGATTA_REPRINT = (
    "2025-07-05T20:15:00+02:00",
    "Unwetter trifft Regatta – Segler auf dem Ammersee vermisst",
    "Ein Gewittersturm hat am Samstag eine Regatta auf dem Ammersee getroffen. Dutzende Boote "
    "kenterten, ein 67-jähriger Segler wird noch vermisst.",
)
RECOVERED = (
    "2025-07-10T13:45:00+02:00",
    "Seeblick-Pokal: Vermisster Segler tot geborgen",
    "Fünf Tage nach dem Seeblick-Pokal ist der vermisste Segler tot aus dem Wasser geborgen "
    "worden. Ein Fischer hatte den Leichnam am Donnerstagmorgen entdeckt, teilte die "
    "Wasserschutzpolizei mit. Der 67-Jährige trug keine Rettungsweste.",
)


def test_a_follow_up_counting_the_days_since_its_event_joins_it(tmp_path: Path) -> None:
    """ "Fünf Tage nach dem Seeblick-Pokal": the race's name is in no report of the story, the
    lake in none of the follow-up's first lines; five days before its own day is the day of the
    storm, and it reports what followed it."""
    with open_store(tmp_path / "counted.db") as store:
        storm, reprint, recovered = story_ids(store, [REGATTA, REGATTA_REPRINT, RECOVERED])
    assert storm == reprint == recovered


def test_the_days_a_report_counts_back() -> None:
    assert elapsed_days("Fünf Tage nach dem Argen-Cup ist er geborgen worden.", "de", ("rescue",)) == {5}
    assert elapsed_days("The storm at the regatta nine days ago capsized dozens of boats", "en") == {9}
    assert elapsed_days("Vor einer Woche brannte die Halle, jetzt ist der Täter gefasst.", "de") == {7}
    assert elapsed_days("Eine Woche nach dem Brand: Brandstifter gefasst", "de", ("arrest",)) == {7}
    assert elapsed_days("Vor 40 Jahren bebte die Erde", "de") == set()  # an anniversary, not a follow-up
    assert elapsed_days("Still without power a day after heavy snow", "en", ("power outage",)) == {1}
    assert elapsed_days("Einen Tag nach dem Schneebruch", "de") == {1}
    assert elapsed_days("Crews worked for days after the storm", "en") == set()  # "for" is no number
    # the drug's approval two days after the takeover offer is an event of its own
    approval = "Zwei Tage nach der Übernahmeofferte erteilt Swissmedic die Zulassung."
    assert elapsed_days(approval, "de", ("approval",)) == set()
    assert elapsed_days(approval, "de", ("takeover",)) == {2}


PIER_CRASH = (
    "2025-08-02T21:40:00+02:00",
    "14 Verletzte bei Schiffsunfall auf dem Traunsee",
    "Gmunden (APA) - Beim Anlegen in Gmunden ist am Samstagabend ein Ausflugsschiff gegen den "
    "Landesteg geprallt. 14 Passagiere wurden verletzt, zwei davon schwer, wie die Polizei mitteilte. "
    "Die „Gisela“ der Traunseeschifffahrt war mit 90 Gästen unterwegs.",
)
PIER_CRASH_REPRINT = (
    "2025-08-02T22:30:00+02:00",
    "Schiff rammt Steg in Gmunden: 14 Verletzte",
    "Ein Ausflugsschiff ist am Samstagabend beim Anlegen in Gmunden gegen den Steg gekracht. Auf "
    "der „Gisela“ wurden 14 Menschen verletzt.",
)
CAPTAIN = (
    "2025-08-07T12:10:00+02:00",
    "„Gisela“-Kapitän war alkoholisiert",
    "Der Kapitän der „Gisela“ war beim Anlegemanöver am Samstagabend alkoholisiert. Eine "
    "Blutprobe habe 0,9 Promille ergeben, sagte ein Sprecher der Staatsanwaltschaft Wels am "
    "Donnerstag. Die Reederei hat den Mann vom Dienst freigestellt.",
)


def test_the_towns_next_measure_naming_the_bathing_ban_in_passing_is_another_event() -> None:
    """ "Pfäffikon ZH verbietet Rasensprengen und Poolfüllen", four days after the bathing ban on
    the lake at Pfäffikon, names no kind and, in its last paragraph, the ban "seit Montag": the
    town both openings name is the story's place, not a name of its event (a ship, a bank) that
    makes the report a follow-up. The ship's name would."""
    ban = _story({"main_names": {"pfaffikon": 2}, "main_places": {"pfaffikon": 2}, "days": {"1970-01-01": 2}})
    restrictions = Signals(
        at=4 * DAY, entities=("pfaffikon", "andreas zollinger"),
        quantities=("DATE:1970-01-01", "DATE:1970-01-05"),
        main_names=("pfaffikon",), main_places=("pfaffikon",), places=("pfaffikon",),
    )  # fmt: skip
    assert not follows_up(restrictions, ban, {"pfaffikon": 2, "andreas zollinger": 2})
    ship = _story(
        {"main_names": {"seeblick": 2}, "main_places": {"portschach": 2}, "days": {"1970-01-01": 2}}
    )
    captain = replace(
        restrictions, entities=("seeblick",), main_names=("seeblick",), main_places=(), places=()
    )
    assert follows_up(captain, ship, {"seeblick": 2})


def test_a_follow_up_naming_the_ship_and_the_day_of_the_crash_joins_it(tmp_path: Path) -> None:
    """The captain's blood test five days later names neither the lake nor the crash, only the
    ship both reports of the crash name (further down) and the evening it happened; its one word
    of another kind ("freigestellt") is no other event."""
    with open_store(tmp_path / "ship.db") as store:
        crash, reprint, captain = story_ids(store, [PIER_CRASH, PIER_CRASH_REPRINT, CAPTAIN])
    assert crash == reprint == captain


CLOSURE = (
    "2025-10-28T10:15:00+01:00",
    "Heller Pumpen schließt Werk in Bad Hersfeld – 290 Stellen betroffen",
    "Bad Hersfeld (dpa/lhe) - Der Pumpenhersteller Heller will sein Werk in Bad Hersfeld bis Ende "
    "2026 schließen. 290 Arbeitsplätze fallen weg, die Fertigung geht nach Tschechien, wie das "
    "Unternehmen am Dienstag mitteilte. Die IG Metall kündigte Widerstand an.",
)
CLOSURE_REPRINT = (
    "2025-10-28T11:00:00+01:00",
    "Bad Hersfeld verliert 290 Arbeitsplätze: Heller schließt Werk",
    "Der Pumpenhersteller Heller schließt sein Werk in Bad Hersfeld. 290 Arbeitsplätze fallen "
    "weg, teilte das Unternehmen am Dienstag mit.",
)
MARCH = (
    "2025-11-05T17:40:00+01:00",
    "2.000 Menschen ziehen für das Heller-Werk durch die Innenstadt",
    "Mit Trillerpfeifen, Transparenten und einem Trecker-Korso sind am Mittwoch rund 2.000 "
    "Menschen durch die Innenstadt gezogen. Vor dem Werkstor sprach die Gewerkschafterin Sandra "
    "Wöhler von einem „Angriff auf eine ganze Region“.",
)


def test_the_march_for_the_plant_a_week_later_follows_up_its_closure(tmp_path: Path) -> None:
    """A protest is what a plant closure brings (``brings`` in ``data/event_kinds.toml``): the
    march a week later that names the company in its title follows up the closure, though its
    lead names neither the town nor the job cuts."""
    assert dominant(kind_scores(MARCH[1], MARCH[2], "de")) == ("protest",)
    with open_store(tmp_path / "march.db") as store:
        closure, reprint, march = story_ids(store, [CLOSURE, CLOSURE_REPRINT, MARCH])
    assert closure == reprint == march


BARN_FIRE = (
    "2025-07-20T08:30:00+02:00",
    "Maschinenhalle in Taufkirchen abgebrannt – Bauer verletzt",
    "Taufkirchen (APA) - In der Ortschaft Hinterleiten in Taufkirchen ist in der Nacht auf Sonntag "
    "die Maschinenhalle eines Bauernhofs niedergebrannt. Landwirt Leopold Brandstätter erlitt "
    "beim Versuch, einen Traktor zu retten, Verbrennungen, wie die Polizei mitteilte. Die "
    "Brandursache ist unklar.",
)
BARN_FIRE_REPRINT = (
    "2025-07-20T09:10:00+02:00",
    "Großbrand in Taufkirchen: Maschinenhalle zerstört",
    "In Taufkirchen ist in der Nacht auf Sonntag eine Maschinenhalle abgebrannt. Der Bauer wurde "
    "verletzt, 80 Feuerwehrleute waren im Einsatz.",
)
CONFESSION = (
    "2025-07-29T17:20:00+02:00",
    "Stadlbrand in Hinterleiten: Ehemaliger Knecht gesteht",
    "Ein 27-jähriger Mann hat gestanden, das Feuer in der Maschinenhalle der Familie Brandstätter "
    "gelegt zu haben. Er hatte bis zum Frühjahr auf dem Hof gearbeitet und war nach einem Streit "
    "gekündigt worden, sagte ein Polizeisprecher am Dienstag.",
)


def test_a_confession_titled_by_the_hamlet_follows_up_the_fire_there(tmp_path: Path) -> None:
    """Nine days after the fire its title names the hamlet the agency named once ("In der
    Ortschaft Hinterleiten in Taufkirchen"), not the town both titles of the fire name, and the
    farmer by his surname; a confession is what follows a fire (an arrest)."""
    assert set(dominant(kind_scores(CONFESSION[1], CONFESSION[2], "de"))) == {"arrest", "fire"}
    with open_store(tmp_path / "confession.db") as store:
        fire, reprint, confession = story_ids(store, [BARN_FIRE, BARN_FIRE_REPRINT, CONFESSION])
    assert fire == reprint == confession


MOVE = (
    "2025-04-01T07:30:00+02:00",
    "Rhenovo verlegt Hauptsitz von Muttenz nach Schwyz",
    "Muttenz (awp) - Der Spezialchemiekonzern Rhenovo verlegt seinen Hauptsitz von Muttenz nach "
    "Schwyz. Rund 140 Stellen in Verwaltung und Konzernleitung ziehen bis Ende 2027 um, wie das "
    "Unternehmen am Dienstag mitteilte. Die Produktion bleibt in Muttenz. Verwaltungsratspräsident "
    "Beat Zollinger begründete den Schritt mit der Nähe zu Investoren.",
)
MOVE_AGAIN = (
    "2025-04-01T10:15:00+02:00",
    "Rhenovo-Konzernleitung zieht nach Schwyz",
    "Rhenovo zieht mit seinem Hauptsitz nach Schwyz. Am bisherigen Sitz in Muttenz bleibt die "
    "Produktion, 140 Stellen der Verwaltung wechseln den Kanton, sagte Beat Zollinger am Dienstag.",
)
LEAK = (
    "2025-04-05T21:40:00+02:00",
    "Stoffaustritt in Chemiefirma in Muttenz – Geruch bis nach Basel",
    "Muttenz (sda) - Im Werk einer Chemiefirma in Muttenz ist am Samstagabend ein Geruchsstoff "
    "ausgetreten. Die Polizei Basel-Landschaft rief die Bevölkerung auf, Fenster und Türen zu "
    "schliessen. Verletzt wurde niemand, die Messungen ergaben keine Gefahr.",
)
LEAK_AGAIN = (
    "2025-04-05T23:05:00+02:00",
    "Es stinkt nach faulen Eiern: Stoffaustritt in Muttenz",
    "In Muttenz ist am Samstagabend ein stark riechender Stoff aus einem Chemiewerk ausgetreten. "
    "Die Polizei bat die Bevölkerung, die Fenster zu schliessen.",
)
LEAK_INQUIRY = (
    "2025-04-09T15:20:00+02:00",
    "Nach dem Stoffaustritt in Muttenz: Staatsanwaltschaft ermittelt",
    "Muttenz (sda) - Nach dem Stoffaustritt in einem Chemiewerk in Muttenz hat die "
    "Staatsanwaltschaft am Mittwoch ein Verfahren eröffnet. Ein Ventil soll undicht gewesen sein.",
)
BUDGET = (
    "2025-04-10T17:45:00+02:00",
    "Muttenz fehlen 3,4 Millionen Franken",
    "Seit der Ankündigung vom 1. April ist im Gemeinderat das Wort Steuererhöhung kein Tabu mehr. "
    "Finanzchefin Regula Stebler legte am Mittwochabend eine erste Rechnung vor: Fällt der "
    "Rhenovo-Hauptsitz weg, fehlen der Gemeinde jährlich 3,4 Millionen Franken. Dass am Samstag "
    "halb Muttenz wegen des Geruchs die Fenster schliessen musste, habe nicht geholfen, sagte sie.",
)


def test_a_report_of_no_kind_that_dates_its_event_follows_that_story(tmp_path: Path) -> None:
    """The town's budget gap nine days after the company said it would move its headquarters
    away: the report names the announcement's day („Seit der Ankündigung vom 1. April“) and the
    company, and no kind of event, as the headquarters move names none. The leak at the company's
    plant in the same town four days later is another event, although the budget report shares
    its town and its latest day (the council met the day the prosecutor opened the case) and
    mentions the smell in passing."""
    with open_store(tmp_path / "move.db") as store:
        move, move_again, leak, leak_again, inquiry, budget = story_ids(
            store, [MOVE, MOVE_AGAIN, LEAK, LEAK_AGAIN, LEAK_INQUIRY, BUDGET]
        )
    assert move == move_again == budget
    assert leak == leak_again == inquiry != move


STRIKE = (
    "2025-10-06T09:40:00+02:00",
    "Unbefristeter Streik bei Kältetechnik-Hersteller Norvell in Weiden",
    "Weiden (dpa/lby) - Im Streit um die geplante Schließung des Werks von Norvell in Weiden hat die "
    "IG Metall die Beschäftigten zu einem unbefristeten Streik aufgerufen. Seit der Frühschicht am "
    "Montag stehen die Bänder still, wie ein Gewerkschaftssprecher mitteilte. Der US-Konzern will die "
    "Fertigung mit 380 Stellen bis Ende 2026 nach Polen verlagern.",
)
STRIKE_AGAIN = (
    "2025-10-06T11:20:00+02:00",
    "Norvell-Beschäftigte streiken gegen Werksschließung",
    "In Weiden streiken seit Montag die Beschäftigten von Norvell gegen die Schließung ihres Werks. "
    "Die IG Metall fordert einen Sozialtarifvertrag, der Konzern lehnt Gespräche bisher ab.",
)
OTHER = (
    "2025-10-14T08:00:00+02:00",
    "Brand in Lagerhalle in Amberg: Hoher Schaden",
    "Amberg (dpa/lby) - In einer Lagerhalle in Amberg ist in der Nacht auf Dienstag ein Feuer "
    "ausgebrochen. Die Feuerwehr war mit 80 Kräften im Einsatz, verletzt wurde niemand.",
)
SUSPENDED = (
    "2025-10-14T17:30:00+02:00",
    "Schlichter soll es richten: Streik bei Norvell ausgesetzt",
    "Nach acht Streiktagen laufen bei Norvell an diesem Mittwoch die Bänder wieder an. IG Metall und "
    "Geschäftsführung haben sich am Dienstag darauf verständigt, den Streik auszusetzen und eine "
    "Schlichtung zu beginnen. Schlichter ist ein früherer Richter am Landesarbeitsgericht.",
)


def test_the_strike_suspended_follows_the_strike(tmp_path: Path) -> None:
    """„Streik bei Norvell ausgesetzt“ eight days after the strike began: its title is of the
    strike's kind, which the same people repeat (so naming it is no reference back), but its
    lead tells what a strike brings (union and management "haben sich … verständigt") and its
    opening names the firm: that is the strike's follow-up. Without the agreement it would be
    the firm's next strike."""
    with open_store(tmp_path / "strike.db") as store:
        strike, again, fire, suspended = story_ids(store, [STRIKE, STRIKE_AGAIN, OTHER, SUSPENDED])
    assert strike == again == suspended != fire
