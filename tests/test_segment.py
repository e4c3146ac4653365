"""Sentence segmentation with character offsets (newsdesk.ingest.segment)."""

from __future__ import annotations

import pytest

from newsdesk.ingest.segment import split_sentences


def sentences(text: str, language: str = "de") -> list[str]:
    passages = split_sentences(text, language)
    for passage in passages:
        assert text[passage.start : passage.end] == passage.text, "offsets must index the input"
    return [p.text for p in passages]


GERMAN = [
    (
        "Die Reform trat im Aug. 2021 in Kraft. Seitdem hat sich viel verändert.",
        ["Die Reform trat im Aug. 2021 in Kraft.", "Seitdem hat sich viel verändert."],
    ),
    (
        "Am 21. Februar 2025 traf der Gesandte in Moskau ein. Er blieb dreieinhalb Stunden.",
        ["Am 21. Februar 2025 traf der Gesandte in Moskau ein.", "Er blieb dreieinhalb Stunden."],
    ),
    (
        "Mehrere Städte, z. B. Wien und Graz, melden Zuwächse. Das Ministerium bestätigte die Zahlen.",
        ["Mehrere Städte, z. B. Wien und Graz, melden Zuwächse.", "Das Ministerium bestätigte die Zahlen."],
    ),
    (
        "„Wir sind bereit“, sagte der Minister. „Die Gespräche gehen weiter.“ Danach reiste er ab.",
        ["„Wir sind bereit“, sagte der Minister.", "„Die Gespräche gehen weiter.“", "Danach reiste er ab."],
    ),
    (
        "»Das ist ein guter Tag«, sagte die Sprecherin. »Wir hoffen auf mehr.« Die Opposition widersprach.",
        [
            "»Das ist ein guter Tag«, sagte die Sprecherin.",
            "»Wir hoffen auf mehr.«",
            "Die Opposition widersprach.",
        ],
    ),
    (
        "Dr. J. R. Miller leitet das Institut seit 2019. Er gilt als Experte für Energiepolitik.",
        ["Dr. J. R. Miller leitet das Institut seit 2019.", "Er gilt als Experte für Energiepolitik."],
    ),
    (
        "Der Preis stieg um 3,5 Prozent auf 1.200 Euro je Tonne. Das ist ein Rekord.",
        ["Der Preis stieg um 3,5 Prozent auf 1.200 Euro je Tonne.", "Das ist ein Rekord."],
    ),
    (
        "Mehr dazu unter www.example.org/politik/gipfel. Die Seite ist kostenlos.",
        ["Mehr dazu unter www.example.org/politik/gipfel.", "Die Seite ist kostenlos."],
    ),
]

ENGLISH = [
    (
        "The reform took effect in Aug. 2021. Much has changed since.",
        ["The reform took effect in Aug. 2021.", "Much has changed since."],
    ),
    (
        "J. R. R. Tolkien wrote the book in Oxford. It was published in 1954.",
        ["J. R. R. Tolkien wrote the book in Oxford.", "It was published in 1954."],
    ),
    (
        "Dr. J. R. Miller leads the institute. He joined in 2019.",
        ["Dr. J. R. Miller leads the institute.", "He joined in 2019."],
    ),
    (
        "\u201cWe are ready,\u201d the minister said. \u201cTalks will continue.\u201d He then left.",
        ["\u201cWe are ready,\u201d the minister said.", "\u201cTalks will continue.\u201d", "He then left."],
    ),
    (
        "Prices rose 3.5 percent to 1,200 euros a tonne. That is a record.",
        ["Prices rose 3.5 percent to 1,200 euros a tonne.", "That is a record."],
    ),
    (
        "Read more at www.example.org/world/summit. The site is free.",
        ["Read more at www.example.org/world/summit.", "The site is free."],
    ),
]


@pytest.mark.parametrize(("text", "expected"), GERMAN)
def test_german_sentences(text: str, expected: list[str]) -> None:
    assert sentences(text, "de") == expected


@pytest.mark.parametrize(("text", "expected"), ENGLISH)
def test_english_sentences(text: str, expected: list[str]) -> None:
    assert sentences(text, "en") == expected


def test_url_in_running_text_stays_whole() -> None:
    text = "Die Dokumente liegen unter https://www.example.org/akten/2025/bericht.pdf bereit. Sie sind frei."
    result = sentences(text)
    assert result == [
        "Die Dokumente liegen unter https://www.example.org/akten/2025/bericht.pdf bereit.",
        "Sie sind frei.",
    ]


def test_offsets_index_the_whole_multi_paragraph_input() -> None:
    text = (
        "  Erster Absatz mit zwei Sätzen. Hier der zweite.\n"
        "\n"
        "Zweiter Absatz: „Ein Zitat am Ende.“\n"
        "\tDritter Absatz, eingerückt. Ende."
    )
    passages = split_sentences(text, "de")
    assert [p.text for p in passages] == [
        "Erster Absatz mit zwei Sätzen.",
        "Hier der zweite.",
        "Zweiter Absatz: „Ein Zitat am Ende.“",
        "Dritter Absatz, eingerückt.",
        "Ende.",
    ]
    assert [p.start for p in passages] == [
        text.index("Erster"),
        text.index("Hier"),
        text.index("Zweiter"),
        text.index("Dritter"),
        text.rindex("Ende."),
    ]
    for passage in passages:
        assert text[passage.start : passage.end] == passage.text
    starts = [p.start for p in passages]
    assert starts == sorted(starts)


def test_sentences_never_span_lines() -> None:
    # no final punctuation at the end of the first line: still two separate sentences
    text = "Gespräch über Fortschritte\nWitkoff sprach mit Putin über die Lage\nund danach mit der Presse."
    passages = split_sentences(text, "de")
    assert [p.text for p in passages] == [
        "Gespräch über Fortschritte",
        "Witkoff sprach mit Putin über die Lage",
        "und danach mit der Presse.",
    ]
    assert all("\n" not in p.text for p in passages)


@pytest.mark.parametrize(
    "text", ["", " ", "\n\n\n", " \t \n  \n", "\u200b", "\u200b\n\u200b\u200b\n", "\ufeff"]
)
def test_empty_whitespace_and_zero_width_input_has_no_sentences(text: str) -> None:
    assert split_sentences(text, "de") == []
    assert split_sentences(text, "en") == []


def test_zero_width_characters_do_not_shift_offsets() -> None:
    text = "\u200b\u200b\nEin Satz.\u200b Noch ein Satz mit\u00adTrennung."
    passages = split_sentences(text, "de")
    assert [p.text for p in passages] == ["Ein Satz.", "Noch ein Satz mit\u00adTrennung."]
    for passage in passages:
        assert text[passage.start : passage.end] == passage.text


@pytest.mark.parametrize("language", ["fr", "es", "it", "nl", "xx"])
def test_other_languages_use_the_english_model(language: str) -> None:
    text = (
        "« Nous sommes prêts », a déclaré le ministre à M. Dupont. "
        "Les négociations continuent jusqu'à demain à 10 h 30."
    )
    assert sentences(text, language) == [
        "« Nous sommes prêts », a déclaré le ministre à M. Dupont.",
        "Les négociations continuent jusqu'à demain à 10 h 30.",
    ]


def test_passages_are_new_passages_with_ints() -> None:
    (passage,) = split_sentences("Ein Satz.", "de")
    assert (passage.start, passage.end, passage.text) == (0, 9, "Ein Satz.")
