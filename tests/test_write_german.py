"""German phrasing of the writer: outlet noun phrases, attribution frames, headlines, datelines."""

from __future__ import annotations

import pytest

from newsdesk.ingest.outlets import lookup_outlet, outlet_by_name
from newsdesk.models import Dateline
from newsdesk.write import german


def phrase(name: str) -> str:
    outlet = outlet_by_name(name)
    assert outlet is not None, name
    return german.noun_phrase(outlet).text


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Kronen Zeitung", "die „Kronen Zeitung“"),
        ("Der Standard", "der „Standard“"),
        ("The Moscow Times", "„The Moscow Times“"),
        ("dpa", "die Nachrichtenagentur dpa"),
        ("Bayerischer Rundfunk", "der Bayerische Rundfunk"),
        ("Süddeutsche Zeitung", "die „Süddeutsche Zeitung“"),
        ("Tagesschau", "die „Tagesschau“"),
    ],
)
def test_outlet_noun_phrases_follow_the_registry_rules(name: str, expected: str) -> None:
    assert phrase(name) == expected


def test_plural_names_take_plural_verbs_and_weak_adjectives() -> None:
    outlet = outlet_by_name("Stuttgarter Nachrichten")
    assert outlet is not None
    noun = german.noun_phrase(outlet)
    assert noun.plural and noun.text == "die „Stuttgarter Nachrichten“"
    framed = german.Attributor().single("Der Pegel steigt.", noun)
    assert framed == "Der Pegel steigt, berichteten die „Stuttgarter Nachrichten“."


def test_unknown_outlets_are_named_without_inventing_an_article() -> None:
    noun = german.noun_phrase(lookup_outlet("https://example-news.ru/a/1"))
    assert noun.text == "die Website example-news.ru"


def test_single_frames_vary_and_keep_the_sentence() -> None:
    attributor = german.Attributor()
    krone = german.noun_phrase(outlet_by_name("Kronen Zeitung"))  # type: ignore[arg-type]
    core = "In Linz haben die mobilen Schutzwände gehalten."
    framed = [attributor.single(core, krone) for _ in range(4)]
    assert framed[0] == "In Linz haben die mobilen Schutzwände gehalten, berichtete die „Kronen Zeitung“."
    assert len(set(framed)) >= 3
    assert any("wie die „Kronen Zeitung“ schreibt." in f for f in framed)
    for text in framed:
        assert german.unframe(text) == core


def test_moscow_times_form_from_the_issue() -> None:
    attributor = german.Attributor()
    times = german.noun_phrase(outlet_by_name("The Moscow Times"))  # type: ignore[arg-type]
    framed = {attributor.single("Witkoff traf Putin.", times) for _ in range(5)}
    assert "Witkoff traf Putin, wie „The Moscow Times“ schreibt." in framed


def test_agreement_is_inserted_after_the_finite_verb() -> None:
    core = "Die Donau hat in Passau einen Pegelstand von 10,62 Metern erreicht."
    position = german.finite_verb_end(core)
    framed = german.Attributor().agreement(core, [], position)
    assert (
        framed == "Die Donau hat übereinstimmenden Berichten zufolge in Passau einen Pegelstand "
        "von 10,62 Metern erreicht."
    )
    assert german.unframe(framed) == core
    reflexive = "Nach langen Verhandlungen haben sich Bund und Länder geeinigt."
    framed = german.Attributor().agreement(reflexive, [], german.finite_verb_end(reflexive))
    assert framed.startswith("Nach langen Verhandlungen haben sich übereinstimmenden Berichten zufolge Bund")


def test_agreement_of_two_outlets_names_both() -> None:
    a = german.noun_phrase(outlet_by_name("Kronen Zeitung"))  # type: ignore[arg-type]
    b = german.noun_phrase(outlet_by_name("dpa"))  # type: ignore[arg-type]
    framed = german.Attributor().agreement("Der Pegel steigt.", [a, b], None)
    assert (
        framed == "Der Pegel steigt, berichteten die „Kronen Zeitung“ und die Nachrichtenagentur dpa "
        "übereinstimmend."
    )


def test_no_safe_insertion_point_after_a_subordinate_clause_or_quote() -> None:
    assert german.finite_verb_end("Weil es regnete, stieg der Pegel.") is None
    assert german.finite_verb_end("„Wir sind bereit“, sagte sie.") is None


@pytest.mark.parametrize(
    ("title", "outlet", "expected"),
    [
        (
            "Trump und Putin: Neue Hoffnung für Frieden! | krone.at",
            "https://www.krone.at/1",
            "Trump und Putin: Neue Hoffnung für Frieden",
        ),
        ("Hochwasser in Passau - DER SPIEGEL", "https://www.spiegel.de/a", "Hochwasser in Passau"),
        (
            "Eilmeldung: Einigung bei der Krankenhausreform",
            "https://www.faz.net/a",
            "Einigung bei der Krankenhausreform",
        ),
        ("+++ Liveblog +++ Donau steigt weiter!!!", "https://www.zeit.de/a", "Donau steigt weiter"),
        ("Unfassbar: Was jetzt in Passau passiert", "https://www.bild.de/a", ""),
        ("Steigt die Donau weiter?", "https://www.zeit.de/a", ""),
    ],
)
def test_headline_cleaning(title: str, outlet: str, expected: str) -> None:
    assert german.clean_title(title, lookup_outlet(outlet)) == expected


def test_long_titles_are_shortened_at_a_boundary() -> None:
    title = (
        "Donau-Hochwasser: "
        + "Bange Stunden in Linz und Schärding, die mobilen Wände halten dem Druck der Wassermassen stand"
    )
    cleaned = german.clean_title(title, lookup_outlet("https://www.krone.at/2"))
    assert len(cleaned) <= 90 and not cleaned.endswith(("-", ",", " "))
    assert title.startswith(cleaned) or cleaned in title


def test_datelines() -> None:
    assert german.split_dateline("Passau (dpa) – Die Donau steigt.") == ("Passau", "dpa", "Die Donau steigt.")
    assert german.split_dateline("Berlin – Bund und Länder einigen sich.")[0] == "Berlin"
    assert german.split_dateline("Die Donau steigt – und steigt.") == (
        "",
        "",
        "Die Donau steigt – und steigt.",
    )
    dateline = german.make_dateline("Moskau", "2025-02-21T23:30:00+03:00")
    assert dateline == Dateline("Moskau", "21. Februar 2025")
    assert german.dateline_text(dateline) == "Moskau, 21. Februar 2025 –"
    agency = german.agency_outlet("APA/dpa")
    assert agency is not None and agency.kind == "agency"


@pytest.mark.parametrize(
    ("text", "needs"),
    [
        ("Er blieb unverletzt.", True),
        ("Die Reform bleibe in ihrem Kern erhalten.", True),
        ("Das ist ein großer Tag.", True),
        ("Verliert er die Abstimmung, wird neu gewählt.", True),
        ("Der Bundestag hat ein entsprechendes Gesetz beschlossen.", True),
        ("Für das Rentenpaket gelte das aber nicht.", True),
        ("Ausgerechnet am selben Tag beschloss der Bundestag ein Pfand.", True),
        ("Das Bundeskabinett soll am 26. November entscheiden.", False),
        ("Die Stadt Passau rief den Katastrophenfall aus.", False),
        ("Die Donau erreichte 10,62 Meter.", False),
    ],
)
def test_sentences_that_point_back(text: str, needs: bool) -> None:
    assert german.needs_predecessor(text) is needs


def test_quotes_name_their_speaker() -> None:
    assert german.names_speaker("„Das ist ein Kompromiss“, sagte Reischl.")
    assert german.names_speaker("Rautenberg sagte: „Wer Ausnahmen zur Regel macht, verwässert die Ziele.“")
    assert not german.names_speaker("„Kein Krankenhaus soll schließen müssen.“")


def test_shorten_cuts_at_seams() -> None:
    long_title = (
        "Nach dem Koalitionsbruch: Minderheitsregierung, Vertrauensfrage, Neuwahl – so geht es weiter"
    )
    assert (
        german.shorten(long_title, 90)
        == "Nach dem Koalitionsbruch: Minderheitsregierung, Vertrauensfrage, Neuwahl"
    )
    assert german.shorten("Kurz", 90) == "Kurz"
    words = " ".join(["Wort"] * 40)
    cut = german.shorten(words, 90)
    assert len(cut) <= 90 and cut.endswith("Wort")


def test_no_suffix_after_an_abbreviation_or_a_closing_quote() -> None:
    assert german.frameable("Der Schaden beträgt 1,2 Mio. Euro.")
    assert not german.frameable("Gestohlen wurden Bilder, Zeichnungen usw.")
    assert not german.frameable("Er sprach von einem „Signal“.")
    assert not german.frameable("Steigt der Pegel weiter?")
