"""Undoing line-break hyphenation and hard wraps (newsdesk.ingest.normalize)."""

from __future__ import annotations

import pytest

from newsdesk.ingest.normalize import clean_text, dehyphenate, hyphenation_debris, unwrap

# ── dehyphenate ──────────────────────────────────────────────────────────────


@pytest.mark.parametrize(
    ("wrapped", "expected"),
    [
        # lower-case word parts on both sides: a typesetter's break, the hyphen goes
        ("Der Sonder-\ngesandte reiste ab.", "Der Sondergesandte reiste ab."),
        ("die Verhand-\nlungen in Genf", "die Verhandlungen in Genf"),
        # a capital after the break (noun, name) or an acronym before it: the hyphen belongs to the word
        ("Der US-\nSondergesandte traf Putin.", "Der US-Sondergesandte traf Putin."),
        ("Die EU-\nKommission prüft den Fall.", "Die EU-Kommission prüft den Fall."),
        ("die Baden-\nWürttemberger Landesregierung", "die Baden-Württemberger Landesregierung"),
        # a digit before the break: "3-fach" keeps its hyphen
        ("ein 3-\nfach höherer Wert", "ein 3-fach höherer Wert"),
        ("die G7-\nStaaten", "die G7-Staaten"),
        # suspended hyphen (Ergänzungsstrich) before a conjunction stays, followed by a space
        ("in Ost-\nund Westeuropa", "in Ost- und Westeuropa"),
        ("Ein-\noder Ausreise", "Ein- oder Ausreise"),
        ("pre-\nand post-war Europe", "pre- and post-war Europe"),
        # spaces around the line break do not matter
        ("Sonder- \n  gesandte", "Sondergesandte"),
    ],
)
def test_dehyphenate_rules(wrapped: str, expected: str) -> None:
    assert dehyphenate(wrapped) == expected


def test_dehyphenate_joins_lower_lower_english_compounds_too() -> None:
    """The chosen rule: lower-case on both sides of a line-end hyphen means a typesetter's break.

    English "well-known" wrapped after its hyphen therefore becomes "wellknown". This is the
    documented trade-off (German compounds are far more frequent in our sources than English
    hyphenated compounds broken exactly at their hyphen); the test pins it so a change is deliberate.
    """
    assert dehyphenate("a well-\nknown diplomat") == "a wellknown diplomat"


def test_dehyphenate_drops_soft_hyphen_at_line_end_even_before_a_capital() -> None:
    assert dehyphenate("Sonder\u00adgesandte") == "Sonder\u00adgesandte"  # not at a line end: untouched
    assert dehyphenate("Sonder\u00ad\ngesandte") == "Sondergesandte"
    assert dehyphenate("Bundes\u00ad\nTag") == "BundesTag"


def test_dehyphenate_handles_unicode_hyphens() -> None:
    # WeasyPrint and other typesetters emit U+2010 HYPHEN for automatic breaks
    assert dehyphenate("Abschlusserklä\u2010\nrung") == "Abschlusserklärung"
    assert dehyphenate("US\u2011\nSondergesandte") == "US\u2011Sondergesandte"


def test_dehyphenate_leaves_other_line_breaks_and_dashes_alone() -> None:
    text = "Erste Zeile\nzweite Zeile - mit Gedankenstrich\nBerlin -\nDie Regierung"
    assert dehyphenate(text) == text


def test_dehyphenate_word_broken_across_two_line_ends() -> None:
    assert dehyphenate("Sonder-\ngesandten-\ntreffen") == "Sondergesandtentreffen"
    assert dehyphenate("US-\nSonder-\ngesandte") == "US-Sondergesandte"


def test_dehyphenate_keeps_suspended_hyphen_before_noch() -> None:
    assert dehyphenate("weder Bundes-\nnoch Landesmittel") == "weder Bundes- noch Landesmittel"
    assert dehyphenate("Kranken-\nbeziehungsweise Pflegekasse") == "Kranken- beziehungsweise Pflegekasse"


# ── unwrap ──────────────────────────────────────────────────────────────────


def test_unwrap_joins_hard_wrapped_lines_and_keeps_blank_line_paragraphs() -> None:
    text = (
        "Moskau - Die Gespräche zwischen den\n"
        "Delegationen dauerten bis in den\n"
        "späten Abend.\n"
        "\n"
        "Ein Sprecher des Außenministeriums\n"
        "sprach von Fortschritten.\n"
    )
    assert unwrap(text) == (
        "Moskau - Die Gespräche zwischen den Delegationen dauerten bis in den späten Abend.\n"
        "Ein Sprecher des Außenministeriums sprach von Fortschritten."
    )


def test_unwrap_dehyphenates_across_wrapped_lines() -> None:
    text = "Der US-\nSondergesandte und der Sonder-\ngesandte der UNO trafen sich in Ost-\nund Westeuropa."
    assert (
        unwrap(text)
        == "Der US-Sondergesandte und der Sondergesandte der UNO trafen sich in Ost- und Westeuropa."
    )


def test_unwrap_keeps_url_only_lines_as_their_own_paragraphs() -> None:
    text = (
        "Weitere Berichte finden sich bei den\n"
        "folgenden Quellen:\n"
        "https://www.example.org/politik/gipfel-genf-a1234\n"
        "https://news.example.com/2025/02/21/summit\n"
        "www.example.net/bericht\n"
        "Danach folgt weiterer Text,\n"
        "der umbrochen ist.\n"
    )
    assert unwrap(text).split("\n") == [
        "Weitere Berichte finden sich bei den folgenden Quellen:",
        "https://www.example.org/politik/gipfel-genf-a1234",
        "https://news.example.com/2025/02/21/summit",
        "www.example.net/bericht",
        "Danach folgt weiterer Text, der umbrochen ist.",
    ]


def test_unwrap_normalises_line_endings_spaces_and_nfc() -> None:
    decomposed = "Pra\u0308sident"  # "Präsident" with a combining diaeresis
    text = f"  Der {decomposed}\r\nsprach   am\tMontag.\r\n\r\n\r\nZweiter   Absatz.  \r"
    assert unwrap(text) == "Der Präsident sprach am Montag.\nZweiter Absatz."


def test_unwrap_of_whitespace_only_is_empty() -> None:
    assert unwrap(" \n\n\t\n") == ""


# ── clean_text ──────────────────────────────────────────────────────────────


def test_clean_text_removes_soft_hyphens_empty_lines_and_extra_spaces() -> None:
    text = "Die Sonder\u00adgesandte  sprach.\n\n   \nZweiter\u00a0Absatz.\r"
    assert clean_text(text) == "Die Sondergesandte sprach.\nZweiter Absatz."


# ── hyphenation_debris ──────────────────────────────────────────────────────


def test_hyphenation_debris_finds_leftovers() -> None:
    text = "Der US- Sondergesandte traf die Ver- handlungsführer und den Sonder\u00ad gesandten."
    assert hyphenation_debris(text) == [
        "US- Sondergesandte",
        "Ver- handlungsführer",
        "Sonder\u00ad gesandten",
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Staaten in Ost- und Westeuropa",
        "Ein- oder Ausreise",
        "Hin- bis Rückflug",
        "pre- and post-war",
        "ein 3- bis 4-facher Wert",
        "Der US-Sondergesandte traf Putin.",
        "Moskau, Russland - Die Beziehungen",
        "Berlin – Die Regierung",
    ],
)
def test_hyphenation_debris_ignores_correct_text(text: str) -> None:
    assert hyphenation_debris(text) == []


def test_unwrap_result_has_no_debris() -> None:
    text = "Der US-\nSondergesandte sprach mit dem Sonder-\ngesandten über Ost-\nund Westeuropa."
    assert hyphenation_debris(unwrap(text)) == []
    # and the raw, un-unwrapped text with the newline replaced by a space would have had debris
    assert hyphenation_debris(text.replace("\n", " ")) == ["US- Sondergesandte", "Sonder- gesandten"]
