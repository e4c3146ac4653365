"""Language identification restricted to the configured languages (newsdesk.ingest.langid)."""

from __future__ import annotations

import pytest

from newsdesk.errors import ConfigError, LanguageError
from newsdesk.ingest.langid import LanguageIdentifier

LANGUAGES = ("de", "en", "fr")


@pytest.fixture(scope="module")
def identifier() -> LanguageIdentifier:
    return LanguageIdentifier(LANGUAGES)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Die Bundesregierung hat am Mittwoch neue Hilfen für die Landwirtschaft beschlossen.", "de"),
        ("Der Sondergesandte traf sich in Moskau mit dem Präsidenten zu einem längeren Gespräch.", "de"),
        ("The government announced new support for farmers on Wednesday after weeks of protests.", "en"),
        ("Le gouvernement a annoncé mercredi de nouvelles aides pour les agriculteurs en colère.", "fr"),
    ],
)
def test_configured_languages_are_detected(identifier: LanguageIdentifier, text: str, code: str) -> None:
    assert identifier.detect(text) == code


def test_russian_is_refused_by_name(identifier: LanguageIdentifier) -> None:
    text = (
        "Правительство в среду объявило о новых мерах поддержки фермеров после нескольких недель протестов."
    )
    with pytest.raises(LanguageError) as info:
        identifier.detect(text)
    assert "Russian" in info.value.message
    assert "(ru)" in info.value.message
    assert "de, en, fr" in info.value.message
    assert info.value.hint is not None and "ingest.languages" in info.value.hint
    assert info.value.reason == "language"


def test_a_sentinel_language_is_refused_not_mislabelled(identifier: LanguageIdentifier) -> None:
    text = (
        "Rząd ogłosił w środę nowe środki wsparcia dla rolników po kilku tygodniach protestów w całym kraju."
    )
    with pytest.raises(LanguageError, match="Polish"):
        identifier.detect(text)


@pytest.mark.parametrize(
    ("text", "script"),
    [
        ("政府周三宣布了对农民的新支持措施，此前抗议活动持续了数周。", "Chinese/Japanese (CJK)"),
        ("أعلنت الحكومة يوم الأربعاء عن إجراءات دعم جديدة للمزارعين بعد أسابيع من الاحتجاجات.", "Arabic"),
    ],
)
def test_other_scripts_are_refused_by_script(identifier: LanguageIdentifier, text: str, script: str) -> None:
    with pytest.raises(LanguageError) as info:
        identifier.detect(text)
    assert f"{script} script" in info.value.message


def test_a_latin_article_quoting_a_few_foreign_words_is_accepted(identifier: LanguageIdentifier) -> None:
    text = (
        "Die Zeitung »Известия« berichtete am Montag über das Treffen. Nach Angaben der Regierung "
        "wurden die Gespräche in freundlicher Atmosphäre geführt und sollen fortgesetzt werden."
    )
    assert identifier.detect(text) == "de"


@pytest.mark.parametrize("text", ["", "Kurzer Text", "1234567890 - 2025 / 03 / 14 !!! ???", "Ja. Nein. Gut."])
def test_too_short_text_is_refused(identifier: LanguageIdentifier, text: str) -> None:
    with pytest.raises(LanguageError, match="too little text"):
        identifier.detect(text)


# "Marketing Manager Start-up Software Update": English and German at once; the detector is unsure.
AMBIGUOUS = "Marketing Manager Start-up Software Update"


def test_hint_decides_when_the_detector_is_unsure(identifier: LanguageIdentifier) -> None:
    assert identifier.detect(AMBIGUOUS) == "en"
    assert identifier.detect(AMBIGUOUS, hint="de") == "de"
    assert identifier.detect(AMBIGUOUS, hint="de-AT") == "de"  # region subtags are ignored
    assert identifier.detect(AMBIGUOUS, hint="DE_de") == "de"
    assert identifier.detect(AMBIGUOUS, hint="ru") == "en"  # a hint outside the configuration is ignored


def test_hint_does_not_override_a_confident_detection(identifier: LanguageIdentifier) -> None:
    english = "The government announced new support for farmers on Wednesday after weeks of protests."
    german = "Die Bundesregierung hat am Mittwoch neue Hilfen für die Landwirtschaft beschlossen."
    assert identifier.detect(english, hint="de") == "en"
    assert identifier.detect(german, hint="en") == "de"
    assert identifier.detect(german, hint="fr") == "de"


def test_only_configured_languages_are_returned() -> None:
    only_german = LanguageIdentifier(("de",))
    english = "The government announced new support for farmers on Wednesday after weeks of protests."
    with pytest.raises(LanguageError, match=r"English \(en\).*\(de\)"):
        only_german.detect(english)


def test_unknown_configured_code_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match="'xx'"):
        LanguageIdentifier(("de", "xx")).detect("Die Bundesregierung hat neue Hilfen beschlossen.")


def test_codes_are_case_insensitive() -> None:
    assert LanguageIdentifier(("DE", "En")).detect("Die Bundesregierung hat neue Hilfen beschlossen.") == "de"


def test_greek_is_accepted_when_configured() -> None:
    greek = LanguageIdentifier(("de", "el"))
    assert greek.detect("Η κυβέρνηση ανακοίνωσε την Τετάρτη νέα μέτρα στήριξης για τους αγρότες.") == "el"
