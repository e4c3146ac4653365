"""The extractive writer's parts on small hand-made stories: references and their resolution, people,
hygiene, disputes and corrections, shorter copies, newsdesk's own headline, time order."""

from __future__ import annotations

import pytest

from newsdesk.config import WriteSettings
from newsdesk.models import Document, Passage
from newsdesk.write.compress import compress, copied_words, longest_copy
from newsdesk.write.conflicts import review
from newsdesk.write.discourse import Discourse
from newsdesk.write.evidence import Evidence, build_evidence
from newsdesk.write.headline import compose, copies_title, present
from newsdesk.write.hygiene import debris, typos
from newsdesk.write.order import time_key, topic_of
from newsdesk.write.resolve import Resolver
from newsdesk.write.select import candidates, usable_units


def story(*reports: tuple[str, str, str, list[str]]) -> Evidence:
    """Evidence from reports given as (outlet, url, published, sentences)."""
    documents, passages = [], {}
    for number, (outlet, url, published, sentences) in enumerate(reports, 1):
        text = " ".join(sentences)
        document = Document(
            url, outlet, f"Titel {number}", text, "de", f"h{number}", published=published, id=number
        )
        documents.append(document)
        found, start = [], 0
        for index, sentence in enumerate(sentences):
            found.append(Passage(number, index, start, start + len(sentence), sentence))
            start += len(sentence) + 1
        passages[number] = found
    return build_evidence(1, documents, passages)


FLOOD = (
    "Süddeutsche Zeitung",
    "https://www.sueddeutsche.de/bayern/x",
    "2025-06-17T11:42:00+02:00",
    [
        "Passau (dpa) – Die Donau hat in Passau einen Pegelstand von 10,62 Metern erreicht.",
        "In Vilshofen rettete die Wasserwacht einen Mann aus seinem Auto.",
        "Er blieb unverletzt.",
        "Dies sei eine gute Nachricht, sagte Oberbürgermeister Thomas Weinzierl.",
        "„Wir sind auf das Hochwasser gut vorbereitet“, sagte Weinzierl.",
        "Schon 2013 hatte er die Altstadt räumen lassen.",
        "Allerdings steigt der Pegel in der Altstadt weiter.",
    ],
)


def units_by_text(evidence: Evidence) -> dict[str, object]:
    return {u.core: u for u in evidence.units}


def test_references_are_found_outside_quotes() -> None:
    evidence = story(FLOOD)
    found = Discourse(evidence)
    kinds = {u.core: [r.kind for r in found.references(u)] for u in evidence.units}
    assert kinds["Er blieb unverletzt."] == ["pronoun"]
    assert kinds["Allerdings steigt der Pegel in der Altstadt weiter."] == ["connective"]
    assert kinds["„Wir sind auf das Hochwasser gut vorbereitet“, sagte Weinzierl."] == ["surname"]
    assert kinds["Die Donau hat in Passau einen Pegelstand von 10,62 Metern erreicht."] == []
    assert "demonstrative" in kinds["Dies sei eine gute Nachricht, sagte Oberbürgermeister Thomas Weinzierl."]
    person = found.people.find("Weinzierl")
    assert person is not None and person.name == "Thomas Weinzierl" and person.role == "Oberbürgermeister"


def test_a_pronoun_becomes_the_name_the_report_gives_right_before_it() -> None:
    evidence = story(FLOOD)
    found = Discourse(evidence)
    settings = WriteSettings()
    pool = {c.unit.core: c for c in candidates(evidence, settings, found, usable_units(evidence, settings))}
    resolver = Resolver(found)
    lead, _ = resolver.add(pool["Die Donau hat in Passau einen Pegelstand von 10,62 Metern erreicht."])
    assert lead is not None
    quote, _ = resolver.add(pool["„Wir sind auf das Hochwasser gut vorbereitet“, sagte Weinzierl."])
    assert quote is not None  # the full name stands next to it in the report: the verifier can check it
    assert (
        quote.text
        == "„Wir sind auf das Hochwasser gut vorbereitet“, sagte Oberbürgermeister Thomas Weinzierl."
    )
    later, _ = resolver.add(pool["Schon 2013 hatte er die Altstadt räumen lassen."])
    assert (
        later is not None and later.text == "Schon 2013 hatte er die Altstadt räumen lassen."
    )  # right after
    orphan, reason = Resolver(found).add(pool["Allerdings steigt der Pegel in der Altstadt weiter."])
    assert orphan is None and "Allerdings" in reason


def test_a_pronoun_far_from_its_sentence_gets_the_name() -> None:
    evidence = story(
        ("Kronen Zeitung", "https://www.krone.at/1", "2025-06-17T18:20:00+02:00",
         ["Linz – Die Donau ist am Dienstag in Oberösterreich weiter gestiegen.",
          "„Das Wasser steht bei mir einen Meter hoch in der Gaststube“, sagte Gastwirt Gerhard Mayrhofer.",
          "Schon 2013 hatte er sein Lokal nach dem Hochwasser komplett renovieren müssen."]),
    )  # fmt: skip
    found = Discourse(evidence)
    settings = WriteSettings()
    pool = {c.unit.core: c for c in candidates(evidence, settings, found, usable_units(evidence, settings))}
    resolver = Resolver(found)
    resolver.add(pool["Die Donau ist am Dienstag in Oberösterreich weiter gestiegen."])
    piece, _ = resolver.add(
        pool["Schon 2013 hatte er sein Lokal nach dem Hochwasser komplett renovieren müssen."]
    )
    assert piece is not None
    assert (
        piece.text
        == "Schon 2013 hatte Gerhard Mayrhofer sein Lokal nach dem Hochwasser komplett renovieren müssen."
    )


def test_captions_bylines_teasers_and_embeds_are_debris() -> None:
    assert debris("Einsatzkräfte sichern die Altstadt. Foto: Armin Weigel/dpa") == "caption"
    assert debris("Von Sandra Pichler") == "byline"
    assert debris("Lesen Sie auch: Hochwasser 2013 – die Bilanz") == "teaser"
    assert debris("Die Lage ist ernst. pic.twitter.com/abc") == "embed"
    assert (
        debris("Hochwasser in Passau Einsatzkräfte sichern die Altstadt.", "Hochwasser in Passau") == "title"
    )
    assert debris("Die Donau steigt weiter.") == ""


def test_a_one_report_misspelling_is_a_typo_but_an_inflection_is_not() -> None:
    names = {
        1: {"Johann Pfeifhofer"},
        2: {"Johann Pfeifhofer"},
        3: {"Johann Pfeiffhofer"},
        4: {"Passaus"},
        5: {"Passau"},
    }
    found = typos(names)
    assert found == {"Pfeiffhofer": "Pfeifhofer"}


def test_reports_that_disagree_are_a_dispute_and_a_correction_wins() -> None:
    evidence = story(
        ("Kronen Zeitung", "https://www.krone.at/1", "2025-09-08T09:00:00+02:00",
         ["Drei Feuerwehrleute wurden bei den Löscharbeiten leicht verletzt.",
          "Die Polizei schätzt den Schaden auf rund zwei Millionen Euro."]),
        ("Der Standard", "https://www.derstandard.at/story/1", "2025-09-08T09:30:00+02:00",
         ["Vier Feuerwehrleute wurden bei den Löscharbeiten leicht verletzt.",
          "Das Bundesheer unterstützte mit 150 Soldaten beim Befüllen von Sandsäcken."]),
        ("ORF", "https://wien.orf.at/stories/1/", "2025-09-08T18:00:00+02:00",
         ["Nach neuen Angaben der Polizei liegt der Schaden inzwischen bei rund fünf Millionen Euro.",
          "Die Bundeswehr unterstützte mit 250 Soldatinnen und Soldaten beim Befüllen von Sandsäcken."]),
    )  # fmt: skip
    found = review(usable_units(evidence, WriteSettings()), evidence)
    by_values = {frozenset(t for t, _ in d.values): d for d in found.disputes}
    injured = by_values[frozenset({"Drei", "Vier"})]
    assert injured.chosen == "" and injured.resolution == "beide Angaben genannt"
    damage = by_values[frozenset({"rund zwei Millionen Euro", "rund fünf Millionen Euro"})]
    assert damage.chosen == "rund fünf Millionen Euro" and damage.resolution == "später korrigiert"
    assert any("überholt" in reason for reason in found.superseded.values())
    assert len(found.disputes) == 2  # Bundesheer (150) and Bundeswehr (250) are two facts, not one


def test_long_copies_lose_their_subordinate_detail() -> None:
    text = (
        "In Vilshofen rettete die Wasserwacht am frühen Dienstagmorgen einen 72 Jahre alten Mann aus "
        "seinem Auto, das in einer überfluteten Unterführung stecken geblieben war."
    )
    shorter, notes = compress(text, 20)
    assert shorter.endswith("aus seinem Auto.") and notes
    assert compress(
        "„Das ist ein sehr langer Satz, der als Zitat niemals gekürzt werden darf, egal wie lang er ist.“", 8
    )[0].startswith("„")
    assert longest_copy("Die Donau steigt in Passau weiter an.", "Die Donau steigt in Passau.") == 5
    assert copied_words("Die Donau steigt in Passau weiter an.", "Die Donau steigt in Passau.", 3) == 5


@pytest.mark.parametrize(
    ("lead", "headline"),
    [
        ("Die Donau hat in Passau am Dienstagmorgen einen Pegelstand von 10,62 Metern erreicht und "
         "große Teile der Altstadt überflutet.", "Donau erreicht in Passau Pegelstand von 10,62 Metern"),
        ("Nach mehr als neun Stunden Verhandlungen haben sich Bund und Länder auf Änderungen an der "
         "Krankenhausreform verständigt.",
         "Bund und Länder verständigen sich auf Änderungen an der Krankenhausreform"),
        ("Die Stadt Passau hatte bereits am Montagabend den Katastrophenfall ausgerufen.",
         "Stadt Passau ruft den Katastrophenfall aus"),
        ("Ein Regionalzug ist am Dienstagmorgen zwischen Murnau und Uffing am Staffelsee entgleist.",
         "Regionalzug zwischen Murnau und Uffing am Staffelsee entgleist"),
        ("Russland hat den seit eineinhalb Jahren inhaftierten US-Bürger Gregory Nolan freigelassen.",
         "Russland lässt den US-Bürger Gregory Nolan frei"),
        ("Im Finale setzten sie sich am Samstagabend mit 2:1 gegen den FC Chelsea durch.", ""),
    ],
)  # fmt: skip
def test_headlines_are_composed_in_the_present(lead: str, headline: str) -> None:
    composed = compose(lead)
    assert composed == headline
    assert len(composed) <= 80


def test_present_tense_forms() -> None:
    assert present("erreichen", False) == ("erreicht", "")
    assert present("gewinnen", False) == ("gewinnt", "")
    assert present("rechnen", False) == ("rechnet", "")
    assert present("treffen", False) == ("trifft", "")
    assert present("verständigen", True) == ("verständigen", "")
    assert present("sein", True) == ("sind", "")


def test_a_source_title_is_never_the_headline() -> None:
    titles = ["Donau in Passau bei 10,62 Metern – Katastrophenfall ausgerufen"]
    assert copies_title("Donau in Passau bei 10,62 Metern – Katastrophenfall ausgerufen", titles)
    assert copies_title("Donau in Passau bei 10,62 Metern: Katastrophenfall", titles)
    assert not copies_title("Donau erreicht in Passau Pegelstand von 10,62 Metern", titles)


def test_match_minutes_and_topics() -> None:
    evidence = story(
        ("kicker", "https://www.kicker.de/1", "2025-12-03T23:05:00+01:00",
         ["In der 71. Minute brachte Lucas Höler die Gastgeber erstmals in Führung.",
          "Hertha kam in der Nachspielzeit noch einmal zurück.",
          "Freiburg glich in der 38. Minute aus."]),
    )  # fmt: skip
    keys = [time_key(u, evidence) for u in evidence.units]
    assert keys == [(0, 71.0), (0, 95.0), (0, 38.0)]
    assert topic_of("Rund 1.400 Menschen mussten evakuiert werden.") == "Evakuierungen"
    assert topic_of("Die Schneebrücke brach ein.") != "Wetter"  # "schnee…" in a compound is no weather
