"""Tests for newsdesk.lang.dates: date mentions in German and English news, weekday conflicts."""

from __future__ import annotations

from datetime import date

import pytest

from newsdesk.lang.dates import DateMention, extract_dates, weekday_conflicts

PUBLISHED = date(2025, 2, 23)  # a Sunday


def _only(text: str, language: str, reference: date | None = None) -> DateMention:
    found = extract_dates(text, language, reference=reference)
    assert len(found) == 1, found
    assert text[found[0].start : found[0].end] == found[0].text
    return found[0]


@pytest.mark.parametrize(
    ("text", "language", "surface"),
    [
        ("Der Gipfel begann am 21. Februar 2025 in Wien.", "de", "21. Februar 2025"),
        ("Der Gipfel begann am 21.02.2025 in Wien.", "de", "21.02.2025"),
        ("Der Gipfel begann am 21.2.25 in Wien.", "de", "21.2.25"),
        ("The summit opened on February 21, 2025 in Vienna.", "en", "February 21, 2025"),
        ("The summit opened on Feb. 21, 2025 in Vienna.", "en", "Feb. 21, 2025"),
        ("The summit opened on 21 February 2025 in Vienna.", "en", "21 February 2025"),
        ("The summit opened on the 21st of February 2025.", "en", "21st of February 2025"),
        ("Published 2025-02-21 by the ministry.", "en", "2025-02-21"),
        ("Veröffentlicht am 2025-02-21.", "de", "2025-02-21"),
        ("The filing is dated 21/02/2025.", "en", "21/02/2025"),
    ],
)
def test_full_dates_in_every_format(text: str, language: str, surface: str) -> None:
    mention = _only(text, language)
    assert mention.text == surface
    assert mention.as_date() == date(2025, 2, 21)
    assert mention.weekday is None and mention.relative is None


def test_slashed_dates_follow_the_us_order_only_for_en_us() -> None:
    assert _only("Filed 02/03/2025.", "en").as_date() == date(2025, 3, 2)
    assert _only("Filed 02/03/2025.", "en-US").as_date() == date(2025, 2, 3)
    assert _only("Filed 02/13/2025.", "en").as_date() == date(2025, 2, 13)  # 13 cannot be a month


def test_weekday_and_date_form_one_mention() -> None:
    mention = _only("Am Freitag, 21. Februar 2025, trafen sich die Minister.", "de")
    assert mention.text == "Freitag, 21. Februar 2025"
    assert (mention.weekday, mention.as_date()) == (4, date(2025, 2, 21))
    assert not weekday_conflicts(mention)
    english = _only("The ministers met on Friday, Feb. 21, 2025.", "en")
    assert english.text == "Friday, Feb. 21, 2025"
    assert not weekday_conflicts(english)


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Am Freitag, 20. Februar 2025, trafen sich die Minister.", "de"),
        ("Die Sitzung am Montag, den 21. Februar 2025 wurde vertagt.", "de"),
        ("The ministers met on Friday, February 20, 2025.", "en"),
        ("Die Wahl findet am Sonntag (22. Februar 2025) statt.", "de"),
        ("Die Sitzung am 3. Mai 2024 (Donnerstag) fiel aus.", "de"),
    ],
)
def test_weekday_conflicts_are_detected(text: str, language: str) -> None:
    assert weekday_conflicts(_only(text, language))


def test_a_date_with_its_weekday_in_brackets() -> None:
    mention = _only("Die Sitzung am 3. Mai 2024 (Freitag) fiel aus.", "de")
    assert mention.text == "3. Mai 2024 (Freitag)"
    assert mention.weekday == 4
    assert not weekday_conflicts(mention)


def test_the_weekday_of_a_year_less_date_is_checked_in_the_resolved_year() -> None:
    good = _only("Am Freitag, 21. Februar, tagte der Rat.", "de", PUBLISHED)
    bad = _only("Am Donnerstag, 21. Februar, tagte der Rat.", "de", PUBLISHED)
    assert good.year == bad.year == 2025
    assert not weekday_conflicts(good)
    assert weekday_conflicts(bad)


def test_no_conflict_without_a_weekday_or_a_full_date() -> None:
    assert not weekday_conflicts(_only("am 20. Februar 2025", "de"))
    assert not weekday_conflicts(_only("am Freitag", "de"))
    assert not weekday_conflicts(_only("Am Freitag, 21. Februar, tagte der Rat.", "de"))  # no year known


def test_year_less_dates_take_the_reference_year() -> None:
    mention = _only("Die Frist endet am 21. Februar.", "de", PUBLISHED)
    assert (mention.text, mention.as_date()) == ("21. Februar", date(2025, 2, 21))
    assert _only("The deadline is Feb. 21.", "en", PUBLISHED).as_date() == date(2025, 2, 21)
    assert _only("Die Frist endet am 21. Februar.", "de").year is None  # nothing to resolve against


def test_year_less_dates_near_new_year_take_the_closest_year() -> None:
    january = date(2025, 1, 3)
    assert _only("Der Anschlag vom 28. Dezember erschütterte das Land.", "de", january).year == 2024
    assert _only("Die Wahl ist am 5. Januar.", "de", date(2024, 12, 30)).year == 2025


@pytest.mark.parametrize(
    ("text", "language", "relative", "day"),
    [
        ("Gestern kündigte die Regierung Neuwahlen an.", "de", "yesterday", date(2025, 2, 22)),
        ("Die Regierung kündigte heute Morgen Neuwahlen an.", "de", "today", date(2025, 2, 23)),
        ("Das Parlament stimmt morgen ab.", "de", "tomorrow", date(2025, 2, 24)),
        ("Vorgestern war es noch ruhig.", "de", "day_before_yesterday", date(2025, 2, 21)),
        ("The government announced early elections yesterday.", "en", "yesterday", date(2025, 2, 22)),
        ("Parliament votes tomorrow.", "en", "tomorrow", date(2025, 2, 24)),
    ],
)
def test_relative_days_resolve_against_the_publication_date(
    text: str, language: str, relative: str, day: date
) -> None:
    mention = _only(text, language, PUBLISHED)
    assert mention.relative == relative
    assert mention.as_date() == day
    unresolved = _only(text, language)
    assert unresolved.relative == relative and unresolved.as_date() is None


def test_morning_is_not_tomorrow() -> None:
    assert extract_dates("Am Morgen wurde die Leiche gefunden.", "de", reference=PUBLISHED) == []
    assert _only("heute Morgen", "de", PUBLISHED).text == "heute"


def test_a_weekday_alone_keeps_only_the_weekday() -> None:
    for text, language in [
        ("Am Freitag wurde gewählt.", "de"),
        ("Voters went to the polls on Friday.", "en"),
    ]:
        mention = _only(text, language, PUBLISHED)
        assert mention.text in ("Freitag", "Friday")
        assert (mention.weekday, mention.year, mention.month, mention.day) == (4, None, None, None)
    assert _only("Am Freitagabend kam es zu Protesten.", "de").weekday == 4
    assert extract_dates("Freitags ist der Markt geöffnet.", "de") == []  # habitual, no date


@pytest.mark.parametrize(
    ("text", "language", "relative", "day"),
    [
        ("Am vergangenen Freitag kam es zu Protesten.", "de", "last", date(2025, 2, 21)),
        ("Am kommenden Montag wird gewählt.", "de", "next", date(2025, 2, 24)),
        ("Protests broke out last Friday.", "en", "last", date(2025, 2, 21)),
        ("Voters go to the polls next Sunday.", "en", "next", date(2025, 3, 2)),
    ],
)
def test_last_and_next_weekdays_resolve(text: str, language: str, relative: str, day: date) -> None:
    mention = _only(text, language, PUBLISHED)
    assert (mention.relative, mention.as_date()) == (relative, day)


@pytest.mark.parametrize(
    ("text", "language", "surface", "month", "relative"),
    [
        ("Die Reform soll Mitte März in Kraft treten.", "de", "Mitte März", 3, "mid"),
        ("Die Frist lief Ende Februar ab.", "de", "Ende Februar", 2, "late"),
        ("Anfang Mai beginnt die Saison.", "de", "Anfang Mai", 5, "early"),
        ("Die Wahl findet im März statt.", "de", "März", 3, None),
        ("The reform takes effect in mid-March.", "en", "mid-March", 3, "mid"),
        ("Talks resume in early April.", "en", "early April", 4, "early"),
        ("In March, the talks collapsed.", "en", "March", 3, None),
    ],
)
def test_months_without_a_day(
    text: str, language: str, surface: str, month: int, relative: str | None
) -> None:
    mention = _only(text, language, PUBLISHED)
    assert (mention.text, mention.month, mention.day, mention.relative) == (surface, month, None, relative)
    assert mention.year == 2025


def test_years_alone() -> None:
    mention = _only("Im Jahr 2024 stiegen die Asylanträge.", "de")
    assert (mention.text, mention.year, mention.month) == ("Im Jahr 2024", 2024, None)
    late = _only("Die Anlage soll Ende 2026 fertig sein.", "de")
    assert (late.year, late.relative) == (2026, "late")
    assert _only("Prices have doubled since 2020.", "en").year == 2020
    assert _only("Im Februar 2025 gab es Neuwahlen.", "de").text == "Februar 2025"


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Der Termin am 31. April wurde abgesagt.", "de"),
        ("Der Termin am 30. Februar 2025 wurde abgesagt.", "de"),
        ("Um 14.30 Uhr stieg der Kurs um 3.5 Prozent.", "de"),
        ("Version 2.1.3 behebt den Fehler.", "de"),
        ("Theresa May said the vote would go ahead.", "en"),
        ("Marchers gathered as the may-day rally began.", "en"),
    ],
)
def test_things_that_are_not_dates(text: str, language: str) -> None:
    assert extract_dates(text, language, reference=PUBLISHED) == []


def test_leap_day_is_a_date() -> None:
    assert _only("am 29. Februar 2024", "de").as_date() == date(2024, 2, 29)


def test_short_german_dates_need_context() -> None:
    assert _only("Die Frist endet am 1.3. um Mitternacht.", "de", PUBLISHED).as_date() == date(2025, 3, 1)
    assert _only("Die Frist endet 21.02. um Mitternacht.", "de", PUBLISHED).as_date() == date(2025, 2, 21)


def test_several_mentions_in_order_with_exact_offsets() -> None:
    text = (
        "Moskau, 21. Februar 2025 – Gestern, am Donnerstag, sagte der Sprecher, die Gespräche vom "
        "12.02.2025 würden Mitte März fortgesetzt; im Jahr 2024 habe es keine gegeben."
    )
    found = extract_dates(text, "de", reference=date(2025, 2, 21))
    assert [m.text for m in found] == [
        "21. Februar 2025",
        "Gestern",
        "Donnerstag",
        "12.02.2025",
        "Mitte März",
        "im Jahr 2024",
    ]
    for mention in found:
        assert text[mention.start : mention.end] == mention.text
    assert found[1].as_date() == date(2025, 2, 20)
