"""Sentence segmentation with character offsets (newsdesk.ingest.segment)."""

from __future__ import annotations

import functools
import itertools
from pathlib import Path
from typing import Any

import pytest

from newsdesk.ingest import segment
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


# -- agreement with pure SoMaJo (the fast path must give exactly SoMaJo's sentences) ---------------

REPO = Path(__file__).resolve().parent.parent

TRICKY_GERMAN = [
    "Die Reform trat im Aug. 2021 in Kraft. Seitdem hat sich viel verändert.",
    "Am 21. Februar 2025 traf der Gesandte in Moskau ein. Er blieb dreieinhalb Stunden.",
    "Der 3. Oktober ist ein Feiertag. Am 1. Mai auch. Er war der 1. Die anderen folgten.",
    "Das war im Jahr 2021. Danach kam 2022. 2023 wurde es besser.",
    "Das Treffen endete um 10.30 Uhr. Danach sprach er bis 12:15 Uhr. 13:00 Uhr war Schluss.",
    "Der Preis stieg um 3,5 Prozent auf 1.200 Euro. Das ist ein Rekord. 3.5 Prozent wären mehr.",
    "Er wohnt in der Hauptstr. 5 in St. Pölten. Dort ist es ruhig.",
    "Siehe Nr. 5 und Art. 3 Abs. 2 GG. Das gilt seit dem 23. 5. 1949. Nr. 6 gilt nicht.",
    "Mehrere Städte, z. B. Wien und Graz, melden Zuwächse. Das bestätigte das Ministerium.",
    "Mehrere Städte, z.B. Wien, melden Zuwächse. Das bestätigte das Ministerium, d.h. Herr Kurz.",
    "Dr. J. R. Miller leitet das Institut seit 2019. Er gilt als Experte. Prof. Dr. Huber auch.",
    "„Wir sind bereit“, sagte der Minister. „Die Gespräche gehen weiter.“ Danach reiste er ab.",
    "»Das ist ein guter Tag«, sagte sie. »Wir hoffen auf mehr.« Die Opposition widersprach.",
    "Er sagte: „Nein.“ Dann ging er. Sie sagte: „Ja“. Dann blieb sie. „Warum?“, fragte er.",
    "Was nun? Niemand weiß es! Vielleicht … Oder doch nicht... Wer weiß?! Keiner.",
    "Die Partei wuchs (stark). Dann kam der Einbruch. (Das ist wichtig.) Und das auch.",
    "Mehr dazu unter www.example.org/politik. Die Seite ist kostenlos. Mail: info@example.org. Gut.",
    "Die Firma (Umsatz: 3,5 Mrd. Euro) wächst. Der Chef freut sich usw. Mehr nicht.",
    "Das Spiel endete 2:1. Die Fans jubelten. Lesen Sie Kap. XIV. Es ist spannend.",
    "Die Abstimmung – so heißt es – endet bald. – Dann wird gezählt. Das kostet 5 €. Wir zahlen.",
    "US-Präsident Biden sprach. Danach Trump. Ende.Der nächste Satz klebt. Die A. B. C. GmbH wächst.",
    "Die Zahl der Fälle stieg um 12.345. Das meldete das RKI. Ca. 300 Menschen kamen.",
    "Sie fuhr 120 km. Dann 5 m. Danach 3 Std. Schluss. Der Motor hat 150 PS. Er ist stark.",
    "Das Dokument (S. 12 f.) nennt Details. Vgl. Abb. 3. Siehe auch Anm. 4.",
    "Toll 😀. Weiter geht's. Super :-) Noch ein Satz.",
    "Der Kläger (* 1970) starb. Sein Sohn – geb. 1999 – erbt. Er ist 25 J. alt.",
    "Sie sang „Ave Maria“. Er spielte ‚Für Elise‘. Die Gäste klatschten.",
    "Er kam.Dann ging er. Kto.Nr.: 89-521766-7. Der Umsatz stieg um 95.4%. Das ist viel.",
    "Version 3.6.0 ist da! Python 3.6.0. Das Update (v2.0) folgt. Siehe ASP.Net. Ende.",
]

TRICKY_ENGLISH = [
    "The reform took effect in Aug. 2021. Much has changed since.",
    "Mr. Smith met Mrs. Jones at 10 a.m. They talked for an hour. Then Dr. Who came.",
    "The U.S. Army said so. The U.S. is large. The E.U. is too.",
    "He lives on Main St. in Springfield. It is quiet. St. Louis is far.",
    "J. R. R. Tolkien wrote the book in Oxford. It was published in 1954. It sold well.",
    "Prices rose 3.5 percent to 1,200 euros a tonne. That is a record. 3.5 percent is a lot.",
    "See No. 5 on page 3. It is new. No. It is old.",
    "\u201cWe are ready,\u201d the minister said. \u201cTalks will continue.\u201d He then left.",
    '"Is it over?" she asked. "No." He laughed. "Yes!" She smiled.',
    "It's over. Isn't it? Yes... Maybe. He said, 'I'm done.' Then he left.",
    "The company, e.g. Acme Inc., grew. Its CEO, i.e. the boss, was happy. Acme Corp. did not.",
    "Read more at https://example.org/a.html. The site is free.",
    "The vote is on Oct. 5. Results follow. In 1999. The year ended. He scored 21. Then he retired.",
    "The meeting ends at 5 p.m. Then we go home. At 6 pm. We eat.",
    "Inflation hit 2.5%. The bank acted. Ph.D. students protested. They want pay.",
    "He won (again). Fans cheered. Wait -- what? It happened. It costs $5. We paid.",
    "The 1990s were wild. So were the 2000s. The '80s too.",
    "Gen. Smith and Lt. Col. Brown arrived. Sen. Doe left. Rep. Roe stayed.",
    "They met in Washington, D.C. The talks went well. Sept. 11 changed everything.",
    "The firm (founded 1999) grew. (It is big now.) Its shares rose 5 pct. Nobody knows why.",
    "She said it’s fine. He didn’t agree. ’Twas ever thus. The dogs’ owner left.",
    "Yahoo!News reported it.Then CNN did. Omicron BA.2 spread. It is new. A.D.A.M. (2.0/5.1) said so.",
]


@functools.cache
def _somajo(model: str) -> Any:
    from somajo import SoMaJo

    return SoMaJo(model, split_camel_case=False, character_offsets=True)


def somajo_passages(text: str, language: str) -> list[tuple[int, int, str]]:
    """What ``split_sentences`` returned before the fast path: SoMaJo on every paragraph."""
    model = "de_CMC" if language == "de" else "en_PTB"
    passages, offset = [], 0
    for line in text.split("\n"):
        if line.strip():
            for sentence in _somajo(model).tokenize_text([line]):
                if sentence:
                    start = offset + sentence[0].character_offset[0]
                    end = offset + sentence[-1].character_offset[1]
                    passages.append((start, end, text[start:end]))
        offset += len(line) + 1
    return passages


def triples(text: str, language: str) -> list[tuple[int, int, str]]:
    return [(p.start, p.end, p.text) for p in split_sentences(text, language)]


@functools.cache
def project_paragraphs() -> tuple[str, ...]:
    """A deterministic sample of the paragraphs newsdesk reads from its fixtures and examples."""
    from newsdesk.errors import NewsdeskError
    from newsdesk.ingest.extract import extract_html
    from newsdesk.ingest.files import iter_files, read_path
    from newsdesk.ingest.normalize import clean_text

    found: set[str] = set()
    for folder in (REPO / "tests" / "fixtures", REPO / "examples" / "sources"):
        for path in iter_files(folder):
            try:
                for raw in read_path(path):
                    if isinstance(raw, NewsdeskError):
                        continue
                    text = extract_html(raw.html).text if raw.html is not None else clean_text(raw.text or "")
                    found.update(line for line in text.split("\n") if line.strip())
            except NewsdeskError:
                continue  # the deliberately corrupt PDF
    ordered = sorted(found)
    return tuple(ordered[:: max(1, len(ordered) // 400)])


@pytest.mark.parametrize("language", ["de", "en"])
@pytest.mark.parametrize("text", TRICKY_GERMAN + TRICKY_ENGLISH)
def test_tricky_paragraphs_agree_with_somajo(text: str, language: str) -> None:
    assert triples(text, language) == somajo_passages(text, language)


def test_tricky_paragraphs_as_one_multi_paragraph_text_agree_with_somajo() -> None:
    text = "\n\n  ".join(TRICKY_GERMAN + TRICKY_ENGLISH) + "\n"
    for language in ("de", "en", "fr"):
        assert triples(text, language) == somajo_passages(text, language)


@pytest.mark.parametrize("language", ["de", "en"])
def test_each_boundary_of_the_tricky_paragraphs_alone_agrees_with_somajo(language: str) -> None:
    # One unsure spot sends a whole paragraph to SoMaJo, so check every pair of neighbouring
    # sentences (and every single sentence) on its own too: most of them take the fast path.
    model = "de_CMC" if language == "de" else "en_PTB"
    pieces = []
    for text in TRICKY_GERMAN + TRICKY_ENGLISH:
        sentences = [passage[2] for passage in somajo_passages(text, language)]
        pieces += sentences + [f"{a} {b}" for a, b in itertools.pairwise(sentences)]
    mismatches = [p for p in pieces if triples(p, language) != somajo_passages(p, language)]
    assert mismatches == []
    fast = [p for p in pieces if segment._fast_spans(p, model) is not None]
    assert len(fast) > 0.7 * len(pieces)


@pytest.mark.parametrize("language", ["de", "en"])
def test_fixture_and_example_paragraphs_agree_with_somajo(language: str) -> None:
    paragraphs = project_paragraphs()
    assert len(paragraphs) > 200
    mismatches = [p for p in paragraphs if triples(p, language) != somajo_passages(p, language)]
    assert mismatches == []


@pytest.mark.parametrize("model", ["de_CMC", "en_PTB"])
def test_fast_path_answers_most_paragraphs_and_the_tricky_cases_exercise_it(model: str) -> None:
    # Guards the speed-up: with a SoMaJo release the fast path has not been checked against, or if
    # SoMaJo's data files changed shape, every paragraph goes to SoMaJo (correct, ~10 times slower).
    # Run bench/segment_agreement.py on the new release, then add it to _VERIFIED_SOMAJO.
    paragraphs = project_paragraphs()
    fast = [p for p in paragraphs if segment._fast_spans(p, model) is not None]
    assert len(fast) / len(paragraphs) > 0.8, "fast path off: see _VERIFIED_SOMAJO in segment.py"
    tricky = [p for p in TRICKY_GERMAN + TRICKY_ENGLISH if segment._fast_spans(p, model) is not None]
    assert len(tricky) >= 20


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Lesen Sie www.example.org. Dann wissen Sie mehr.", "de"),  # URL
        ("Er nutzt ASP.Net. Das ist alt.", "en"),  # a dot glued to a word that may be a domain
        ("Er lief 5 m. Dann blieb er stehen.", "de"),  # a unit after a number: "m" or "m."?
        ("Er wohnt in der Hauptstr. Dort ist es ruhig.", "de"),  # SoMaJo's "…str." rule
        ("Toll 😀. Weiter geht es.", "de"),  # emoji
        ("He said 'no.' Then he left.", "en"),  # an apostrophe as a quote
    ],
)
def test_paragraphs_the_fast_path_is_unsure_about_go_to_somajo(text: str, language: str) -> None:
    model = "de_CMC" if language == "de" else "en_PTB"
    assert segment._fast_spans(text, model) is None
    assert triples(text, language) == somajo_passages(text, language)
