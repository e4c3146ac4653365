"""Tests for newsdesk.lang.quantities and newsdesk.lang.numerals (numbers in German and English news)."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from importlib import resources

import pytest

from newsdesk.lang.numerals import cardinal_value, digit_value, ordinal_value
from newsdesk.lang.quantities import KINDS, Quantity, extract_quantities, format_value, quantity_keys


def _only(text: str, language: str) -> Quantity:
    found = extract_quantities(text, language)
    assert len(found) == 1, found
    return found[0]


def _summary(text: str, language: str) -> list[tuple[str, str, float, str]]:
    return [(q.kind, q.unit, q.value, q.text) for q in extract_quantities(text, language)]


# ── the same quantity written differently in two languages ─────────────────


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Die EU-Kommission stellt 3,5 Milliarden Euro für den Wiederaufbau bereit.", "de"),
        ("Brüssel gibt 3,5 Mrd. € frei.", "de"),
        ("Insgesamt sind EUR 3,5 Mrd. vorgesehen.", "de"),
        ("The European Commission pledged €3.5bn for reconstruction.", "en"),
        ("Brussels approved a package worth 3.5 billion euros on Tuesday.", "en"),
        ("The fund will hold EUR 3.5 billion.", "en"),
    ],
)
def test_three_and_a_half_billion_euros_in_every_spelling(text: str, language: str) -> None:
    q = _only(text, language)
    assert (q.kind, q.unit, q.value) == ("money", "EUR", 3.5e9)
    assert quantity_keys(text, language) == {"EUR:3.5e9"}


def test_german_and_english_thousands_give_the_same_count() -> None:
    german = "Mehr als 1.200 Einsatzkräfte kämpften die ganze Nacht gegen die Flammen."
    english = "More than 1,200 firefighters battled the flames through the night."
    assert _summary(german, "de") == [("count", "", 1200.0, "1.200")]
    assert _summary(english, "en") == [("count", "", 1200.0, "1,200")]
    assert quantity_keys(german, "de") == quantity_keys(english, "en") == {"count:1200"}


def test_the_separator_means_the_opposite_in_the_other_language() -> None:
    assert _only("Die Anlage wiegt 1.200 Tonnen.", "de").value == 1200
    assert _only("The plant weighs 1.200 tonnes.", "en").value == pytest.approx(1.2)
    assert _only("Die Probe wog 1,200 Kilogramm.", "de").value == pytest.approx(1.2)


def test_german_billion_is_a_thousand_times_the_english_one() -> None:
    german = _only("Die Staatsschulden summieren sich auf 2,5 Billionen Euro.", "de")
    english = _only("Public debt has reached 2.5 billion euros.", "en")
    assert german.value == 2.5e12
    assert english.value == 2.5e9
    assert _only("Die Bank verwaltet 2,5 Milliarden Euro.", "de").value == english.value


@pytest.mark.parametrize(
    ("german", "english", "key"),
    [
        (
            "Die Inflation lag im Januar bei 2,4 Prozent.",
            "Inflation was 2.4 per cent in January.",
            "percent:2.4",
        ),
        ("Die Arbeitslosenquote stieg auf 6,1 %.", "The jobless rate rose to 6.1%.", "percent:6.1"),
        ("Die Zinsen stiegen um 0,25 Prozentpunkte.", "Rates rose by 0.25 percentage points.", "pp:0.25"),
        ("Washington sagte 500 Millionen US-Dollar zu.", "Washington pledged $500m.", "USD:5e8"),
        ("Der Konzern zahlt 20 Millionen Pfund.", "The company will pay £20 million.", "GBP:2e7"),
        (
            "Zwei Drittel der Befragten lehnen das ab.",
            "Two-thirds of those polled oppose it.",
            "percent:66.6667",
        ),
        (
            "Die Sitzung dauerte dreieinhalb Stunden.",
            "The meeting lasted three and a half hours.",
            "hours:3.5",
        ),
        ("Nach der 3,5-stündigen Debatte", "after a three-and-a-half-hour debate", "hours:3.5"),
        ("Der 27-jährige Fahrer wurde verletzt.", "The 27-year-old driver was injured.", "years:27"),
        ("Eine halbe Million Menschen floh.", "Half a million people fled.", "count:500000"),
        ("Die Strecke ist 42 Kilometer lang.", "The route is 42 kilometres long.", "km:42"),
        ("Ein Sprecher nannte 90 Minuten.", "A spokesman said 90 minutes.", "minutes:90"),
    ],
)
def test_german_and_english_reports_share_keys(german: str, english: str, key: str) -> None:
    assert quantity_keys(german, "de") == {key}
    assert quantity_keys(english, "en") == {key}


def test_clock_times_match_across_languages() -> None:
    german = _only("Die Explosion ereignete sich um 14.30 Uhr.", "de")
    english = _only("The blast happened at 2.30pm.", "en")
    assert german.kind == english.kind == "time"
    assert german.value == english.value == 14.5
    assert german.text == "14.30 Uhr"
    assert _only("Gegen 14:30 Uhr traf die Polizei ein.", "de").value == 14.5
    assert _only("Police arrived at 2:30 p.m. local time.", "en").value == 14.5
    assert _only("Officers were called at 12:15 a.m.", "en").value == 0.25


def test_time_zones_become_the_unit_of_a_clock_time() -> None:
    assert (_only("Voting closed at 22:00 GMT.", "en").unit) == "UTC"
    assert (_only("Die Wahllokale schließen um 18 Uhr MEZ.", "de").unit) == "CET"
    assert (_only("Die Wahllokale schließen um 18 Uhr.", "de").unit) == ""


# ── digits ─────────────────────────────────────────────────────────────────


@pytest.mark.parametrize(
    ("raw", "language", "value"),
    [
        ("1.200", "de", 1200),
        ("1.200", "en", 1.2),
        ("1,200", "en", 1200),
        ("1,200", "de", 1.2),
        ("3,5", "de", 3.5),
        ("3.5", "de", 3.5),  # no three-digit group after the dot: a decimal point, not grouping
        ("3.50", "de", 3.5),
        ("3,5", "en", 3.5),
        ("0.500", "de", 0.5),  # "0" cannot lead a thousands group
        ("1.000.000", "de", 1_000_000),
        ("1,000,000", "en", 1_000_000),
        ("10.000,50", "de", 10_000.5),
        ("10,000.50", "en", 10_000.5),
        ("10.000,50", "en", 10_000.5),  # both marks: the last one is the decimal mark in any language
        ("1 000", "de", 1000),
        ("1\u202f000", "en", 1000),
        ("250\u00a0000,5", "de", 250_000.5),
        ("12345", "de", 12345),
    ],
)
def test_digit_values(raw: str, language: str, value: float) -> None:
    assert digit_value(raw, language) == pytest.approx(value)


@pytest.mark.parametrize("raw", ["1.2345.6", "12.34.567", "1 23"])
def test_malformed_digit_groups_have_no_value(raw: str) -> None:
    assert digit_value(raw, "de") is None


def test_thin_and_no_break_spaces_group_thousands_in_running_text() -> None:
    q = _only("Rund 250\u202f000 Menschen demonstrierten in Berlin.", "de")
    assert (q.value, q.text) == (250_000, "250\u202f000")
    assert _only("Some 10 000 people marched.", "en").value == 10_000


# ── number words ───────────────────────────────────────────────────────────


@pytest.mark.parametrize(
    ("word", "language", "value"),
    [
        ("eins", "de", 1),
        ("zwölf", "de", 12),
        ("siebzehn", "de", 17),
        ("zwanzig", "de", 20),
        ("einundzwanzig", "de", 21),
        ("hundert", "de", 100),
        ("zweihundertfünfzig", "de", 250),
        ("dreitausendeinhundert", "de", 3100),
        ("dreieinhalb", "de", 3.5),
        ("eineinhalb", "de", 1.5),
        ("anderthalb", "de", 1.5),
        ("one", "en", 1),
        ("twelve", "en", 12),
        ("twenty-one", "en", 21),
        ("a hundred", "en", 100),
        ("two hundred and fifty", "en", 250),
        ("five thousand", "en", 5000),
        ("three and a half", "en", 3.5),
    ],
)
def test_cardinal_words(word: str, language: str, value: float) -> None:
    assert cardinal_value(word, language) == value


def test_a_word_that_is_no_number_has_no_value() -> None:
    assert cardinal_value("for", "en") is None and cardinal_value("few", "en") is None


@pytest.mark.parametrize(
    ("word", "language"),
    [
        ("zweidrei", "de"),
        ("und", "de"),
        ("ein", "de"),
        ("zwanzigzehn", "de"),
        ("one two", "en"),
        ("twenty thirty", "en"),
    ],
)
def test_word_sequences_that_are_no_number(word: str, language: str) -> None:
    assert cardinal_value(word, language) is None


@pytest.mark.parametrize(
    ("word", "language", "value"),
    [
        ("dritte", "de", 3),
        ("ersten", "de", 1),
        ("siebten", "de", 7),
        ("dreizehnte", "de", 13),
        ("zwanzigsten", "de", 20),
        ("hundertste", "de", 100),
        ("third", "en", 3),
        ("fourth", "en", 4),
        ("twentieth", "en", 20),
        ("twenty-first", "en", 21),
        ("beste", "de", None),
        ("letzten", "de", None),
        ("month", "en", None),
        ("north", "en", None),
    ],
)
def test_ordinal_words(word: str, language: str, value: float | None) -> None:
    assert ordinal_value(word, language) == value


def test_number_words_in_sentences() -> None:
    assert _summary("Bei dem Unglück starben zwölf Bergleute.", "de") == [("count", "", 12.0, "zwölf")]
    assert _summary("Zwei Menschen wurden verletzt.", "de") == [("count", "", 2.0, "Zwei")]
    assert (
        _summary("Unglück im Bergwerk\nZwei Menschen wurden verletzt.", "de")[0][3] == "Zwei"
    )  # after a title
    assert _summary("Twenty-one people were rescued.", "en") == [("count", "", 21.0, "Twenty-one")]
    assert _summary("A hundred and fifty homes were evacuated.", "en") == [
        ("count", "", 150.0, "A hundred and fifty")
    ]


def test_capitalised_german_number_words_inside_a_sentence_are_nouns() -> None:
    assert extract_quantities("Die deutsche Elf gewann in Wien.", "de") == []
    assert extract_quantities("Die Behörden ließen die Warnungen außer Acht.", "de") == []


def test_articles_count_only_before_a_scale_or_fraction() -> None:
    assert extract_quantities("Ein Mann und eine Frau wurden festgenommen.", "de") == []
    assert extract_quantities("A man was arrested in a raid.", "en") == []
    assert _summary("Das kostet eine Million Euro.", "de") == [("money", "EUR", 1e6, "eine Million Euro")]
    assert _summary("Ein Drittel der Stimmen fiel an die Opposition.", "de")[0][:2] == ("percent", "percent")
    assert _summary("It will cost a million dollars.", "en") == [("money", "USD", 1e6, "a million dollars")]
    assert _only("a dozen villages were flooded", "en").value == 12


def test_one_of_is_not_a_count() -> None:
    assert extract_quantities("She is one of the most senior officials.", "en") == []
    assert _summary("One person died.", "en") == [("count", "", 1.0, "One")]


def test_halves_with_units_and_scales() -> None:
    assert _summary("Die Reparatur dauert ein halbes Jahr.", "de") == [
        ("duration", "years", 0.5, "ein halbes Jahr")
    ]
    assert _summary("The vote was delayed by half an hour.", "en") == [
        ("duration", "hours", 0.5, "half an hour")
    ]
    assert _summary("Anderthalb Millionen Menschen sind betroffen.", "de") == [
        ("count", "", 1.5e6, "Anderthalb Millionen")
    ]


# ── scales, currencies, units ──────────────────────────────────────────────


@pytest.mark.parametrize(
    ("text", "language", "unit", "value"),
    [
        ("Der Umsatz stieg auf 12 Mio. Euro.", "de", "EUR", 12e6),
        ("Die Bank verlor 4 Mrd. Dollar.", "de", "USD", 4e9),
        ("Das Projekt kostet 800 Tsd. Euro.", "de", "EUR", 800e3),
        ("Der Bund zahlt 300 Mio. US-Dollar.", "de", "USD", 300e6),
        ("Die Strafe beträgt 50 000 Franken.", "de", "CHF", 50_000),
        ("Der Eintritt kostet CHF 25.", "de", "CHF", 25),
        ("Das Ticket kostet Fr. 30.", "de", "CHF", 30),
        ("Die Zentralbank kaufte Anleihen für 1 Billion Rubel.", "de", "RUB", 1e12),
        ("The club paid £500k for the striker.", "en", "GBP", 500e3),
        ("The start-up raised $1.2m.", "en", "USD", 1.2e6),
        ("The firm was fined 10 million roubles.", "en", "RUB", 10e6),
        ("Exports fell to $1.2 trillion.", "en", "USD", 1.2e12),
        ("The state spent USD 250 million.", "en", "USD", 250e6),
        ("Japan approved 3 trillion yen.", "en", "JPY", 3e12),
        ("The bank must surrender 18.5 mln francs.", "en", "CHF", 18.5e6),
    ],
)
def test_money(text: str, language: str, unit: str, value: float) -> None:
    q = _only(text, language)
    assert (q.kind, q.unit) == ("money", unit)
    assert q.value == pytest.approx(value)


def test_german_whole_money_amounts_with_a_dash() -> None:
    assert _summary("Der Eintritt kostet 5,- Euro, der Jahrespass 2.500,– Euro.", "de") == [
        ("money", "EUR", 5.0, "5,- Euro"),
        ("money", "EUR", 2500.0, "2.500,– Euro"),
    ]


def test_a_lone_m_is_metres_unless_a_currency_comes_first() -> None:
    assert _summary("The wave was 5m high.", "en") == [("measure", "m", 5.0, "5m")]
    assert _summary("The deal is worth $5m.", "en") == [("money", "USD", 5e6, "$5m")]
    assert extract_quantities("She finished the 5k run.", "en") == []


@pytest.mark.parametrize(
    ("text", "language", "unit", "value"),
    [
        ("Die Preise stiegen um 12 Prozent.", "de", "percent", 12),
        ("Die Preise stiegen um 12 %.", "de", "percent", 12),
        ("Die Preise stiegen um 12%.", "de", "percent", 12),
        ("eine 12-prozentige Steigerung", "de", "percent", 12),
        ("Die Partei verlor 2,5 Prozentpunkte.", "de", "pp", 2.5),
        ("Prices rose 12 percent.", "en", "percent", 12),
        ("Prices rose 12 per cent.", "en", "percent", 12),
        ("Support fell by 2.5 percentage points.", "en", "pp", 2.5),
        ("Die Quote liegt bei zwölf Prozent.", "de", "percent", 12),
        ("Er hatte 1,3 Promille Alkohol im Blut.", "de", "permille", 1.3),
    ],
)
def test_percent_and_percentage_points(text: str, language: str, unit: str, value: float) -> None:
    q = _only(text, language)
    assert (q.kind, q.unit, q.value) == ("percent", unit, value)


def test_measures_and_durations() -> None:
    assert _summary("Der Stau war 30 km lang.", "de") == [("measure", "km", 30.0, "30 km")]
    assert _summary("Es wurden 1.500 Tonnen Hilfsgüter geliefert.", "de") == [
        ("measure", "t", 1500.0, "1.500 Tonnen")
    ]
    assert _summary("Die Gespräche dauerten drei Tage.", "de") == [("duration", "days", 3.0, "drei Tage")]
    assert _summary("Die zweitägige Konferenz beginnt.", "de") == [("duration", "days", 2.0, "zweitägige")]
    assert _summary("The ceasefire held for two weeks.", "en") == [("duration", "weeks", 2.0, "two weeks")]
    assert _summary("a five-year plan", "en") == [("duration", "years", 5.0, "five-year")]
    assert _summary("the 250-kilogram (550-pound) bomb", "en") == [
        ("measure", "kg", 250.0, "250-kilogram"),
        ("measure", "lb", 550.0, "550-pound"),
    ]


def test_negative_temperatures() -> None:
    assert _summary("In der Nacht sank die Temperatur auf minus 5 Grad.", "de") == [
        ("measure", "°C", -5.0, "minus 5 Grad")
    ]
    assert _only("Overnight it fell to -3°C.", "en").value == -3


def test_hyphenated_german_compounds() -> None:
    assert _summary("Das 3,5-Milliarden-Paket wurde beschlossen.", "de") == [
        ("count", "", 3.5e9, "3,5-Milliarden")
    ]
    assert _summary("Der 50-Millionen-Dollar-Deal platzte.", "de") == [
        ("money", "USD", 50e6, "50-Millionen-Dollar")
    ]
    assert _summary("Die 27-Jährige wurde festgenommen.", "de") == [("duration", "years", 27.0, "27-Jährige")]


def test_ranges_share_the_unit_and_scale_of_their_upper_end() -> None:
    assert _summary("Der Schaden liegt zwischen 3 und 4 Milliarden Euro.", "de") == [
        ("money", "EUR", 3e9, "3"),
        ("money", "EUR", 4e9, "4 Milliarden Euro"),
    ]
    assert [q.unit for q in extract_quantities("Growth of 10 to 12 per cent", "en")] == ["percent", "percent"]
    assert [q.kind for q in extract_quantities("Im Jahr 2024 kamen 3 bis 5 Besucher.", "de")] == [
        "year",
        "count",
        "count",
    ]


def test_english_headlines_in_title_case() -> None:
    assert quantity_keys("Halvorsen to Buy Chip Designer Kernwerk for €1.1 Billion", "en") == {"EUR:1.1e9"}
    assert quantity_keys("Nordstern Profit Slumps 42 Percent", "en") == {"percent:42"}


def test_german_colon_numbers_without_uhr_are_scores_not_times() -> None:
    found = extract_quantities("Deutschland gewann 26:24 (12:13) und führte zwischenzeitlich 21:19.", "de")
    assert [(q.kind, q.value) for q in found] == [("count", v) for v in (26, 24, 12, 13, 21, 19)]
    assert _only("Die Sitzung beginnt um 14:30 MEZ.", "de").kind == "time"


def test_ages_in_apposition_match_the_adjective_form() -> None:
    assert quantity_keys("Gregory Nolan, 47, left Russia on Tuesday.", "en") == {"years:47"}
    assert quantity_keys("Der Ingenieur (47) verließ Moskau.", "de") == {"years:47"}
    assert quantity_keys("Der 47-jährige Ingenieur verließ Moskau.", "de") == {"years:47"}


def test_vague_hundreds_and_thousands_are_no_numbers() -> None:
    assert extract_quantities("Several thousand people and a few hundred cars were stuck.", "en") == []
    assert extract_quantities("Mehrere tausend Menschen demonstrierten.", "de") == []
    assert _only("Two thousand troops were deployed.", "en").value == 2000
    assert _only("Es kamen tausend Helfer.", "de").value == 1000


def test_words_of_a_unit_may_be_split_across_lines() -> None:
    assert _summary("Prices rose 12 per\ncent.", "en") == [("percent", "percent", 12.0, "12 per\ncent")]


def test_clock_time_ranges() -> None:
    assert _summary("Zwischen 10.30 und 14.00 Uhr war die Strecke gesperrt.", "de") == [
        ("time", "", 10.5, "10.30"),
        ("time", "", 14.0, "14.00 Uhr"),
    ]
    assert [q.value for q in extract_quantities("The road was shut from 9 to 11:30 GMT.", "en")] == [
        9.0,
        11.5,
    ]


# ── things that are not quantities ─────────────────────────────────────────


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Die Debatte um Paragraf 218 flammt wieder auf.", "de"),
        ("Der Antrag nach § 219a wurde abgelehnt.", "de"),
        ("Das Dokument Nr. 5 liegt der Redaktion vor.", "de"),
        ("Siehe Seite 12 des Berichts.", "de"),
        ("Hinweise unter Tel. +43 1 234 56 78 an die Polizei.", "de"),
        ("Die Hotline 0800 123 456 ist rund um die Uhr erreichbar.", "de"),
        ("Rufen Sie 030/1234567 an.", "de"),
        ("Das Buch (ISBN 978-3-16-148410-0) erscheint im Herbst.", "de"),
        ("Spenden an DE89 3704 0044 0532 0130 00.", "de"),
        ("Details unter https://example.org/2025/02/21/bericht-123.", "de"),
        ("Die Airline stellte den A380 außer Dienst.", "de"),
        ("Das neue 5G-Netz startet.", "de"),
        ("Die Partei sitzt in der Hauptstraße 12.", "de"),
        ("Resolution 2231 was adopted by the council.", "en"),
        ("He spoke outside 10 Downing Street.", "en"),
        ("Patients with COVID-19 were moved.", "en"),
        ("The G7 summit opened.", "en"),
        ("Call 0800 555 0199 for details, or write to press@example.com.", "en"),
    ],
)
def test_references_codes_and_phone_numbers_are_not_quantities(text: str, language: str) -> None:
    assert extract_quantities(text, language) == []
    assert quantity_keys(text, language) == set()


def test_a_paragraph_number_is_not_money_but_the_amount_is() -> None:
    text = "Nach Paragraf 218 droht eine Strafe von 5.000 Euro."
    assert _summary(text, "de") == [("money", "EUR", 5000.0, "5.000 Euro")]


def test_day_and_year_of_a_date_are_not_quantities() -> None:
    assert _summary("Am 21. Februar 2025 wurden 27 Menschen verletzt.", "de") == [("count", "", 27.0, "27")]
    assert _summary("Am 21.02.2025 wurden 27 Menschen verletzt.", "de") == [("count", "", 27.0, "27")]
    assert _summary("On February 21, 2025, 27 people were hurt.", "en") == [("count", "", 27.0, "27")]


def test_a_year_after_a_name_is_a_year() -> None:
    assert _summary("Als Paula Reinhold 2016 Kernwerk gründete, war sie 31.", "de")[0][:3] == (
        "year",
        "",
        2016.0,
    )


def test_years() -> None:
    assert _summary("Im Jahr 2024 stieg die Zahl der Anträge.", "de") == [("year", "", 2024.0, "2024")]
    assert _summary("Sie ist seit 2015 Kanzlerin.", "de") == [("year", "", 2015.0, "2015")]
    assert _summary("Damals kamen 2000 Menschen.", "de") == [("count", "", 2000.0, "2000")]
    assert _summary("In 2019, 2,000 people applied.", "en") == [
        ("year", "", 2019.0, "2019"),
        ("count", "", 2000.0, "2,000"),
    ]


def test_ordinals() -> None:
    assert _summary("Erst der dritte Versuch gelang.", "de") == [("ordinal", "", 3.0, "dritte")]
    assert _summary("Sie gewann zum 3. Mal.", "de") == [("ordinal", "", 3.0, "3.")]
    assert _summary("the 21st century", "en") == [("ordinal", "", 21.0, "21st")]
    assert _summary("It was the third attempt.", "en") == [("ordinal", "", 3.0, "third")]
    assert _summary("Die zwanzigste Runde begann.", "de") == [("ordinal", "", 20.0, "zwanzigste")]


def test_a_number_before_a_full_stop_is_a_count_not_an_ordinal() -> None:
    assert _summary("Die Zahl der Toten stieg auf 27. Am Montag kamen Helfer.", "de") == [
        ("count", "", 27.0, "27")
    ]


# ── keys and offsets ───────────────────────────────────────────────────────


def test_keys_leave_out_years_times_small_counts_and_ordinals() -> None:
    text = (
        "Am Freitag um 14.30 Uhr stimmten im Jahr 2025 zum dritten Mal zwei Ausschüsse über "
        "3,5 Milliarden Euro ab; 27 Abgeordnete und 12 Prozent der Stimmen fehlten."
    )
    assert quantity_keys(text, "de") == {"EUR:3.5e9", "count:27", "percent:12"}


@pytest.mark.parametrize(
    ("value", "spelling"),
    [
        (12, "12"),
        (1200, "1200"),
        (3.5e9, "3.5e9"),
        (1.1 * 1e9, "1.1e9"),
        (0.1 + 0.2, "0.3"),
        (200 / 3, "66.6667"),
        (-5, "-5"),
        (0, "0"),
        (1e6, "1e6"),
    ],
)
def test_format_value(value: float, spelling: str) -> None:
    assert format_value(value) == spelling


SENTENCES = [
    ("Die EU stellt 3,5 Milliarden Euro bereit, 1.200 Einsatzkräfte sind vor Ort.", "de"),
    ("Um 14.30 Uhr begann die dreieinhalbstündige Sitzung mit 27 Abgeordneten.", "de"),
    ("Zwischen 3 und 4 Mrd. € fehlen, die Quote fiel um 2,5 Prozentpunkte auf minus 5 Prozent.", "de"),
    ("Der 27-Jährige zahlte CHF 200 und 50 Franken, zwei Drittel davon am 21. Februar.", "de"),
    ("The EU pledged €3.5bn; 1,200 firefighters were deployed at 2:30 p.m. GMT.", "en"),
    ("Half a million people fled as inflation hit 12 per cent, the third rise in 2024.", "en"),
    ("A three-and-a-half-hour meeting agreed on $1.2m and twenty-one new posts.", "en"),
]


@pytest.mark.parametrize(("text", "language"), SENTENCES)
def test_offsets_are_exact_and_kinds_known(text: str, language: str) -> None:
    found = extract_quantities(text, language)
    assert found, text
    for q in found:
        assert text[q.start : q.end] == q.text
        assert q.kind in KINDS
    assert [q.start for q in found] == sorted(q.start for q in found)


def test_language_variants_and_unknown_languages() -> None:
    assert _only("1.200 Menschen", "de-AT").value == 1200
    assert _only("1,200 people", "en-GB").value == 1200
    assert _only("1,200 people", "").value == 1200  # anything not German is read as English


# ── data and loading ───────────────────────────────────────────────────────


def _data() -> dict[str, object]:
    return tomllib.loads(resources.files("newsdesk.data").joinpath("number_words.toml").read_text("utf-8"))


def test_word_lists_are_consistent() -> None:
    data = _data()
    for lang in ("de", "en"):
        section = data[lang]
        assert isinstance(section, dict)
        for unit, (kind, *forms) in section["units"].items():
            assert kind in KINDS, unit
            assert forms, unit
    currency = data["currency"]
    assert isinstance(currency, dict)
    for side in ("prefix", "suffix"):
        for code in currency[side]:
            assert len(code) == 3 and code.isupper(), code
    assert data["de"]["scales"]["Billion"] == 1e12  # type: ignore[index]
    assert data["en"]["scales"]["billion"] == 1e9  # type: ignore[index]


def test_importing_reads_no_data() -> None:
    code = "import newsdesk.lang.quantities, newsdesk.lang.dates as d;print(d._load.cache_info().currsize)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "0"
