"""A realistic synthetic article for the renderer and publishing tests (our own wording).

An invented event — a power cut in Leipzig — reported by two German outlets (one carrying agency
copy that a third republished) and one English outlet. Every sentence cites passages and carries a
verdict with evidence, like the extractive writer's output after verification.
"""

from __future__ import annotations

from newsdesk.models import (
    Article,
    Citation,
    Conflict,
    ConflictValue,
    Dateline,
    Evidence,
    Paragraph,
    Problem,
    Section,
    Sentence,
    SourceRef,
    Verdict,
)

HOSTILE = "<script>alert('x')</script>"

PASSAGES = {
    (101, 0): (
        "Nach einem Kabelbrand in einem Umspannwerk waren am Montagabend rund 42.000 Haushalte "
        "in Leipzig ohne Strom."
    ),
    (101, 3): "Die Stadtwerke rechnen damit, dass bis Dienstagmittag alle Haushalte wieder versorgt sind.",
    (102, 1): (
        "Betroffen waren vor allem die Stadtteile Connewitz, Lößnig und Dölitz, teilten die Stadtwerke mit."
    ),
    (102, 4): (
        "„Wir arbeiten mit allen verfügbaren Trupps an der Reparatur“, sagte Stadtwerke-Sprecherin Jana Roth."
    ),
    (103, 0): (
        "Around 42,000 households in Leipzig lost power on Monday evening after a cable fire at a substation."
    ),
}


def _verdict(*keys: tuple[int, int], label: str = "supported", score: float = 0.93) -> Verdict:
    problems = () if label == "supported" else (Problem("number", "44.000 steht in keiner Quelle"),)
    evidence = tuple(Evidence(s, p, PASSAGES[(s, p)]) for s, p in keys)
    return Verdict(label, score, evidence, problems)  # type: ignore[arg-type]


def sample_article(*, hostile: bool = False, story_id: int = 41, headline: str = "") -> Article:
    """The article; with ``hostile``, source text, titles and URLs carry markup and script."""
    evil = f" {HOSTILE}" if hostile else ""
    sentences = [
        Sentence(
            "s1",
            "Nach einem Kabelbrand in einem Umspannwerk waren am Montagabend rund 42.000 Haushalte in "
            "Leipzig ohne Strom, meldete die Nachrichtenagentur dpa." + evil,
            [Citation(101, 0), Citation(103, 0)],
            _verdict((101, 0), (103, 0)),
        ),
        Sentence(
            "s2",
            "Betroffen waren vor allem die Stadtteile Connewitz, Lößnig und Dölitz, berichtete die "
            "„Leipziger Volkszeitung“.",
            [Citation(102, 1)],
            _verdict((102, 1)),
        ),
        Sentence(
            "s3",
            "Die Stadtwerke rechnen damit, dass bis Dienstagmittag alle Haushalte wieder versorgt sind.",
            [Citation(101, 3)],
            _verdict((101, 3), score=0.9),
        ),
        Sentence(
            "s4",
            "„Wir arbeiten mit allen verfügbaren Trupps an der Reparatur“, sagte "
            "Stadtwerke-Sprecherin Jana Roth.",
            [Citation(102, 4, quote="Wir arbeiten mit allen verfügbaren Trupps an der Reparatur")],
            _verdict((102, 4)),
        ),
    ]
    return Article(
        id=f"story-{story_id}-extractive",
        story_id=story_id,
        language="de",
        writer="extractive",
        headline=headline or "Stromausfall in Leipzig: 42.000 Haushalte ohne Strom",
        subheadline="Ein Kabelbrand in einem Umspannwerk legte am Montagabend den Süden der Stadt lahm.",
        dateline=Dateline("Leipzig", "3. März 2025"),
        sections=[
            Section("", [Paragraph(sentences[:2])]),
            Section("Wie es weitergeht", [Paragraph(sentences[2:3])]),
            Section("Stimmen und Reaktionen", [Paragraph(sentences[3:])]),
        ],
        sources=[
            SourceRef(
                101,
                "Sächsische Zeitung" + evil,
                "Kabelbrand: Zehntausende Leipziger ohne Strom" + evil,
                "https://www.example-sz.de/leipzig/stromausfall-kabelbrand?a=1&b=2",
                "2025-03-03T21:15:00+01:00",
                "de",
                republished_by=("MDR",),
                credit="dpa",
            ),
            SourceRef(
                102,
                "Leipziger Volkszeitung",
                "Stromausfall im Leipziger Süden: Stadtwerke arbeiten an Reparatur",
                "javascript:alert(1)" if hostile else "https://www.example-lvz.de/stromausfall-sued",
                "2025-03-03T22:40:00+01:00",
                "de",
            ),
            SourceRef(
                103,
                "Reuters",
                "Power cut hits 42,000 homes in Leipzig",
                "https://www.example-reuters.com/world/europe/leipzig-power-cut",
                "2025-03-03T20:55:00+00:00",
                "en",
            ),
        ],
        generated_at="2025-03-04T06:30:00+00:00",
        dropped=[
            Sentence(
                "s5",
                "Insgesamt waren 44.000 Haushalte betroffen.",
                [Citation(101, 0)],
                _verdict((101, 0), label="unsupported", score=0.31),
            )
        ],
        headline_source=101,
        subheadline_citations=[Citation(101, 0)],
    )


def with_label(article: Article, sentence_id: str, label: str | None) -> Article:
    """The article with one sentence's verdict replaced (``None``: not checked at all)."""
    for sentence in article.sentences():
        if sentence.id == sentence_id:
            sentence.verdict = None if label is None else _verdict((101, 0), label=label, score=0.2)
    return article


def with_conflict(article: Article) -> Article:
    """The article with one fact the sources disagree on (the number of households; the text names
    the figure of the later report)."""
    article.conflicts = [
        Conflict(
            about="Zahl der Haushalte ohne Strom",
            values=(
                ConflictValue(
                    "rund 42.000", (Citation(101, 0), Citation(103, 0)), ("Sächsische Zeitung", "Reuters")
                ),
                ConflictValue("44.000", (Citation(102, 2),), ("Leipziger Volkszeitung",)),
            ),
            chosen="rund 42.000",
            resolution="später bestätigt",
            sentence_ids=("s1",),
        )
    ]
    return article
