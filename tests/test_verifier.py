"""The Verifier's public API as the writer calls it: verify_sentence and verify_article."""

from __future__ import annotations

import pytest

from newsdesk.config import VerifySettings
from newsdesk.errors import ConfigError
from newsdesk.models import (
    Article,
    Citation,
    Dateline,
    Document,
    Paragraph,
    Passage,
    Section,
    Sentence,
    SourceRef,
)
from newsdesk.verify import Verifier

KRONE = Document(
    url="https://www.krone.at/3702206",
    outlet="Kronen Zeitung",
    title="Witkoff in Moskau",
    text="",
    language="de",
    content_hash="k",
    published="2025-02-21T09:00:00+01:00",
    id=7,
)
TEXTS = [
    "US-Sondergesandter Steve Witkoff hat bei seinem Besuch in Moskau dreieinhalb Stunden mit Kremlchef "
    "Wladimir Putin gesprochen.",
    "Das erzählte Witkoff in einem Video, das am Freitag veröffentlicht wurde.",
    "Die Aufhebung der US-Sanktionen gegen Russland sei bei dem Gespräch nicht zur Sprache gekommen.",
]
PASSAGES = {(7, i): Passage(7, i, 0, len(t), t) for i, t in enumerate(TEXTS)}
DOCUMENTS = {7: KRONE}


@pytest.fixture(scope="module")
def verifier() -> Verifier:
    return Verifier()


def sentence(text: str, *passages: int) -> Sentence:
    return Sentence("s1", text, [Citation(7, p) for p in passages])


def test_an_attribution_frame_around_a_german_source_passage_is_supported(verifier: Verifier) -> None:
    s = sentence(
        "Der Sondergesandte sprach in Moskau dreieinhalb Stunden mit Putin, berichtete die „Kronen Zeitung“.",
        0,
    )
    verdict = verifier.verify_sentence(s, DOCUMENTS, PASSAGES)
    assert verdict.label == "supported", verdict.problems
    assert verdict.score > 0.5
    assert [(e.source, e.passage) for e in verdict.evidence] == [(7, 0)]


@pytest.mark.parametrize(
    ("text", "label", "kind"),
    [
        (
            "Witkoff sprach in Moskau vier Stunden mit Putin, berichtete die „Kronen Zeitung“.",
            "contradicted",
            "number",
        ),
        (
            "Witkoff sprach in Moskau dreieinhalb Stunden mit Putin, meldete Reuters.",
            "misattributed",
            "attribution",
        ),
        ("Witkoff sprach in Minsk dreieinhalb Stunden mit Putin.", "contradicted", "name"),
    ],
)
def test_planted_errors(verifier: Verifier, text: str, label: str, kind: str) -> None:
    verdict = verifier.verify_sentence(sentence(text, 0), DOCUMENTS, PASSAGES)
    assert verdict.label == label
    assert kind in {p.kind for p in verdict.problems}
    assert verdict.score < 0.5


def test_no_citation_is_unsupported_and_a_missing_source_unverifiable(verifier: Verifier) -> None:
    assert (
        verifier.verify_sentence(sentence("Witkoff traf Putin."), DOCUMENTS, PASSAGES).label == "unsupported"
    )
    missing = Sentence("s1", "Witkoff traf Putin.", [Citation(99, 0)])
    verdict = verifier.verify_sentence(missing, DOCUMENTS, PASSAGES)
    assert verdict.label == "unverifiable" and verdict.problems[0].kind == "source"


def test_verify_article_fills_every_verdict(verifier: Verifier) -> None:
    sentences = [
        sentence("Witkoff sprach dreieinhalb Stunden mit Putin in Moskau.", 0),
        sentence("Über die Aufhebung der US-Sanktionen sei gesprochen worden.", 2),
    ]
    article = Article(
        id="a1",
        story_id=1,
        language="de",
        writer="extractive",
        headline="Witkoff in Moskau",
        subheadline="",
        dateline=Dateline("Moskau", "2025-02-21"),
        sections=[Section("", [Paragraph(sentences)])],
        sources=[SourceRef(7, "Kronen Zeitung", KRONE.title, KRONE.url, KRONE.published, "de")],
        generated_at="2025-02-21T10:00:00+00:00",
    )
    result = verifier.verify_article(article, DOCUMENTS, PASSAGES)
    assert result is article
    labels = [s.verdict.label for s in sentences if s.verdict]
    assert labels == ["supported", "contradicted"]
    data = article.to_dict()
    assert (
        data["sections"][0]["paragraphs"][0]["sentences"][1]["verdict"]["problems"][0]["kind"] == "negation"
    )


def test_unknown_checks_are_a_configuration_error() -> None:
    with pytest.raises(ConfigError, match="nonsense"):
        Verifier(VerifySettings(checks=("numbers", "nonsense")), embedder=object())


# Outlets that data/outlets.toml does not know (a local paper, a new site) are still sources: their
# names in an attribution are not facts to find in the evidence, yet they must name the right source.
BOTE = Document(
    url="https://www.donaubote.de/lokal/faehre.html",
    outlet="Donaubote",
    title="Neue Donaufähre in Straubing",
    text="",
    language="de",
    content_hash="b",
    published="2025-05-06T08:00:00+02:00",
    site_name="Donaubote",
    id=21,
)
TAGBLATT = Document(
    url="https://www.tagblatt-nb.de/lokal/faehre.html",
    outlet="Tagblatt Niederbayern",
    title="Elektrofähre ersetzt Dieselfähre",
    text="",
    language="de",
    content_hash="t",
    published="2025-05-06T09:00:00+02:00",
    id=22,
)
LOCAL_TEXT = {
    21: "Die Fähre verkehrt werktags von 5.30 Uhr bis 22 Uhr im Halbstundentakt.",
    22: "Die alte Dieselfähre aus dem Jahr 1978 wird an einen Verein in Passau verkauft.",
}
LOCAL_PASSAGES = {(d, 0): Passage(d, 0, 0, len(t), t) for d, t in LOCAL_TEXT.items()}
LOCAL_DOCUMENTS = {21: BOTE, 22: TAGBLATT}


@pytest.mark.parametrize(
    ("text", "source", "label"),
    [
        (
            "Die Fähre verkehrt werktags von 5.30 Uhr bis 22 Uhr im Halbstundentakt, "
            "wie „Donaubote“ berichtet.",
            21,
            "supported",
        ),
        (
            "Die alte Dieselfähre aus dem Jahr 1978 wird an einen Verein in Passau verkauft, "
            "so das „Tagblatt Niederbayern“.",
            22,
            "supported",
        ),
        (
            "Die alte Dieselfähre aus dem Jahr 1978 wird an einen Verein in Passau verkauft, "
            "berichtete der „Donaubote“.",
            22,
            "misattributed",
        ),
        (
            "Die alte Dieselfähre aus dem Jahr 1978 wird an einen Verein in Regensburg verkauft, "
            "so das „Tagblatt Niederbayern“.",
            22,
            "contradicted",
        ),
    ],
)
def test_outlets_unknown_to_the_registry_are_attributed_and_checked(
    verifier: Verifier, text: str, source: int, label: str
) -> None:
    verdict = verifier.verify_sentence(
        Sentence("s1", text, [Citation(source, 0)]), LOCAL_DOCUMENTS, LOCAL_PASSAGES
    )
    assert verdict.label == label, verdict.problems
    if label == "misattributed":
        assert any("attributed to Donaubote" in p.detail for p in verdict.problems)


def test_each_cited_passage_gets_its_own_judgement_in_citation_order(verifier: Verifier) -> None:
    text = "Witkoff sprach in Moskau dreieinhalb Stunden mit Putin, berichtete die „Kronen Zeitung“."
    s = sentence(text, 2, 0)
    verdict = verifier.verify_sentence(s, DOCUMENTS, PASSAGES)
    assert [(j.source, j.passage) for j in verdict.judgements] == [(7, 2), (7, 0)]
    sanctions, meeting = verdict.judgements
    assert meeting.label == "supports" and meeting.outlet == "Kronen Zeitung"
    assert sanctions.label in ("unrelated", "partial")
    assert verdict.judgement(7, 0) is meeting and verdict.judgement(7, 1) is None


def test_a_passage_with_another_number_contradicts_on_its_own(verifier: Verifier) -> None:
    s = sentence("Witkoff sprach in Moskau vier Stunden mit Putin.", 0)
    [judgement] = verifier.verify_sentence(s, DOCUMENTS, PASSAGES).judgements
    assert judgement.label == "contradicts"
    assert any(p.kind == "number" for p in judgement.problems)


# -- one passage carries the claim (issue 14) --------------------------------------------------------

MT = Document(
    url="https://www.themoscowtimes.com/2025/02/21/a88113",
    outlet="The Moscow Times",
    title="Witkoff met Putin",
    text="",
    language="en",
    content_hash="m",
    published="2025-02-21T09:00:00+00:00",
    id=8,
)
MT_TEXTS = [
    "Witkoff said he spent three and a half hours with Putin in Moscow.",
    "He said relations between Washington and Moscow were showing signs of easing.",
]
BOTH_PASSAGES = {**PASSAGES, **{(8, i): Passage(8, i, 0, len(t), t) for i, t in enumerate(MT_TEXTS)}}
BOTH = {7: KRONE, 8: MT}


def test_support_pieced_together_from_two_passages_is_not_support(verifier: Verifier) -> None:
    pieced = sentence(
        "Witkoff sprach dreieinhalb Stunden mit Putin, "
        "die Aufhebung der US-Sanktionen kam dabei nicht zur Sprache.",
        0,
        2,
    )
    verdict = verifier.verify_sentence(pieced, DOCUMENTS, PASSAGES)
    assert verdict.label == "unsupported", verdict.judgements
    assert [j.label for j in verdict.judgements] and all(j.label != "supports" for j in verdict.judgements)
    assert [(j.source, j.passage) for j in verdict.judgements] == [(7, 0), (7, 2)]  # citation order


def test_each_judgement_marks_the_anchors_in_its_passage(verifier: Verifier) -> None:
    verdict = verifier.verify_sentence(
        sentence("Witkoff sprach dreieinhalb Stunden mit Putin.", 0), DOCUMENTS, PASSAGES
    )
    [judgement] = verdict.judgements
    assert judgement.label == "supports" and judgement.outlet == "Kronen Zeitung"
    spans = {a.text: TEXTS[0][a.start : a.end] for a in judgement.anchors if a.start >= 0}
    assert spans["dreieinhalb Stunden"] == "dreieinhalb Stunden"
    assert spans["Putin"] == "Wladimir Putin" and spans["Witkoff"] == "Steve Witkoff"


def test_a_contradicting_citation_makes_the_sentence_contradicted(verifier: Verifier) -> None:
    s = Sentence(
        "s1",
        "Witkoff sprach vier Stunden mit Putin in Moskau.",
        [Citation(8, 0), Citation(7, 0)],
    )
    verdict = verifier.verify_sentence(s, BOTH, BOTH_PASSAGES)
    assert verdict.label == "contradicted"
    assert {j.label for j in verdict.judgements} == {"contradicts"}


def test_usa_and_washington_are_one_name_and_a_missing_name_is_partial(verifier: Verifier) -> None:
    s = Sentence(
        "s1",
        "Die Beziehungen zwischen den USA und Russland entspannen sich, sagte Witkoff.",
        [Citation(8, 1)],
    )
    verdict = verifier.verify_sentence(s, BOTH, BOTH_PASSAGES)
    assert verdict.label == "supported", verdict.problems
    other = Sentence(
        "s2", "Die Beziehungen zwischen den USA und China entspannen sich, sagte Witkoff.", [Citation(8, 1)]
    )
    judged = verifier.verify_sentence(other, BOTH, BOTH_PASSAGES).judgements[0]
    assert judged.label != "supports"


def test_an_outlet_outside_the_registry_needs_its_own_passage(verifier: Verifier) -> None:
    named = sentence("Witkoff sprach dreieinhalb Stunden mit Putin, berichtete der „Donaubote“.", 0)
    verdict = verifier.verify_sentence(named, DOCUMENTS, PASSAGES)
    assert verdict.label == "misattributed" and "Donaubote" in verdict.problems[0].detail
    agreed = Sentence(
        "s1",
        "Witkoff sprach dreieinhalb Stunden mit Putin, berichteten mehrere Medien übereinstimmend.",
        [Citation(7, 0)],
    )
    assert verifier.verify_sentence(agreed, DOCUMENTS, PASSAGES).label == "misattributed"
    both = Sentence(
        "s1",
        "Witkoff sprach dreieinhalb Stunden mit Putin, berichteten mehrere Medien übereinstimmend.",
        [Citation(7, 0), Citation(8, 0)],
    )
    assert verifier.verify_sentence(both, BOTH, BOTH_PASSAGES).label == "supported"


@pytest.mark.parametrize(
    "text",
    ["", "Witkoff " * 1400 + "sprach mit Putin.", "Witkoff встретился с Путиным in Moskau 会谈 三个半小时."],
)
def test_odd_text_loses_nothing(verifier: Verifier, text: str) -> None:
    odd = {**PASSAGES, (7, 3): Passage(7, 3, 0, 0, "")}
    s = Sentence("s1", text or "Witkoff sprach mit Putin.", [Citation(7, 3), Citation(7, 0)])
    verdict = verifier.verify_sentence(s, DOCUMENTS, odd)
    assert verdict.label in ("supported", "unsupported", "contradicted", "misattributed", "unverifiable")
    assert len(verdict.judgements) == 2
