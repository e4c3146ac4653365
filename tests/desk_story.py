"""A synthetic story for the editor's desk, and an article on it with everything a review shows.

The story (``tests/fixtures/desk``, our own wording): a fire at a recycling yard in Straubing,
reported by a regional paper, by dpa (carried by the Süddeutsche Zeitung and, word for word, by the
Passauer Neue Presse), by BR24 and by Reuters in English. The sources disagree on how many
firefighters were there (about 150 or about 200).

:func:`desk_article` writes an article on it the way the writer and the verifier will once the
richer verifier and the writer's conflicts land: sentences citing the stored passages, per-citation
judgements with anchors (spans into the passage text), one sentence that a source contradicts (the
fire broke out at 18.30, not 20.30), and the conflict over the number of firefighters, open.
``sentences`` repeats the text to make articles of that many sentences (the page-weight test).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from newsdesk.models import (
    Anchor,
    Article,
    Citation,
    Conflict,
    ConflictValue,
    Dateline,
    Document,
    Evidence,
    Judgement,
    Paragraph,
    Problem,
    Section,
    Sentence,
    SourceRef,
    Verdict,
)
from newsdesk.newsroom import Newsroom
from newsdesk.store.articles import ArticleRecord
from newsdesk.store.sql import SQLStore

FOLDER = Path(__file__).parent / "fixtures" / "desk"
LOCAL, DPA, COPY, BR, REUTERS = (
    "Straubinger Tagblatt",
    "Süddeutsche Zeitung",
    "Passauer Neue Presse",
    "BR24",
    "Reuters",
)
WRONG_TIME = "Das Feuer war gegen 20.30 Uhr in einer Halle mit gepresstem Altpapier ausgebrochen."
RIGHT_TIME = WRONG_TIME.replace("20.30", "18.30")


@dataclass(frozen=True)
class Cite:
    outlet: str
    words: str  # words of the cited passage that find it
    label: str = "supports"


@dataclass(frozen=True)
class Line:
    text: str
    cites: tuple[Cite, ...]
    anchors: tuple[tuple[str, str, str], ...] = ()  # (kind, as the sentence has it, as the passage has it)
    label: str = "supported"


HEADING = "Löscharbeiten bis Mittwoch"
LINES: tuple[tuple[str, tuple[tuple[Line, ...], ...]], ...] = (
    (
        "",
        (
            (
                Line(
                    "Ein Großbrand im Recyclinghof im Straubinger Stadtteil Sand hat am Dienstagabend "
                    "rund 150 Einsatzkräfte beschäftigt, berichtete das Straubinger Tagblatt.",
                    (Cite(LOCAL, "rund 150 Einsatzkräfte"), Cite(BR, "Rund 150 Feuerwehrleute", "partial")),
                    (
                        ("place", "Straubinger", "Straubinger"),
                        ("number", "rund 150", "rund 150"),
                        ("date", "Dienstagabend", "Dienstagabend"),
                    ),
                ),
                Line(
                    WRONG_TIME,
                    (Cite(LOCAL, "gegen 18.30 Uhr", "contradicts"),),
                    (("number", "20.30 Uhr", ""), ("name", "Altpapier", "Altpapier")),
                    "contradicted",
                ),
            ),
            (
                Line(
                    "Eine schwarze Rauchwolke zog über die Stadt und war bis Bogen zu sehen.",
                    (Cite(LOCAL, "bis Bogen zu sehen"), Cite(REUTERS, "thick black smoke", "partial")),
                    (("place", "Bogen", "Bogen"),),
                ),
                Line(
                    "Über die Warn-App Nina wurden die Anwohner aufgefordert, Fenster und Türen geschlossen "
                    "zu halten, meldete die Deutsche Presse-Agentur.",
                    (Cite(DPA, "Warn-App Nina"), Cite(REUTERS, "keep windows and doors shut", "partial")),
                    (("name", "Nina", "Nina"),),
                ),
            ),
        ),
    ),
    (
        HEADING,
        (
            (
                Line(
                    "„Wir haben das Feuer unter Kontrolle, aber die Nachlöscharbeiten werden bis in den "
                    "Mittwoch dauern“, sagte Kreisbrandrat Markus Lehner am späten Abend.",
                    (Cite(LOCAL, "Wir haben das Feuer unter Kontrolle"),),
                    (
                        (
                            "quote",
                            "Wir haben das Feuer unter Kontrolle",
                            "Wir haben das Feuer unter Kontrolle",
                        ),
                        ("name", "Markus Lehner", "Markus Lehner"),
                    ),
                ),
                Line(
                    "Die Feuerwehr ließ die brennenden Papierballen mit Baggern auseinanderziehen, um an die "
                    "Glutnester zu kommen.",
                    (Cite(BR, "Baggern auseinanderziehen"),),
                ),
            ),
            (
                Line(
                    "Den Sachschaden schätzt die Polizei auf rund zwei Millionen Euro.",
                    (Cite(LOCAL, "rund zwei Millionen Euro"), Cite(REUTERS, "2 million euros")),
                    (("number", "zwei Millionen Euro", "zwei Millionen Euro"),),
                ),
                Line(
                    "Die Kriminalpolizei Straubing hat die Ermittlungen zur Brandursache aufgenommen.",
                    (Cite(LOCAL, "Kriminalpolizei Straubing"),),
                    (("name", "Kriminalpolizei Straubing", "Kriminalpolizei Straubing"),),
                ),
            ),
        ),
    ),
)
VERDICTS = {"supports": "supported", "contradicts": "contradicted"}


def ingest_desk_story(room: Newsroom) -> int:
    """Ingest the reports (clustered into one story); the story's id."""
    report = room.ingest([str(FOLDER)])
    assert not report.failures, report.failures
    documents = {d.outlet: d for d in room.store.iter_documents() if d.source.startswith(str(FOLDER))}
    story = room.store.story_of(documents[LOCAL].id or 0)
    assert story is not None
    assert all(room.store.story_of(d.id or 0) == story for d in documents.values()), "one story"
    return story


def _documents(store: SQLStore) -> dict[str, Document]:
    return {d.outlet: d for d in store.iter_documents() if d.source.startswith(str(FOLDER))}


def _passages(store: SQLStore) -> tuple[dict[str, int], dict[int, list[tuple[int, str]]]]:
    ids: dict[str, int] = {}
    passages: dict[int, list[tuple[int, str]]] = {}
    for outlet, document in _documents(store).items():
        assert document.id is not None
        ids[outlet] = document.id
        passages[document.id] = [(p.index, p.text) for p in store.get_passages(document.id)]
    return ids, passages


def _sentence(
    number: int, line: Line, ids: dict[str, int], passages: dict[int, list[tuple[int, str]]]
) -> Sentence:
    citations, evidence, judgements = [], [], []
    for cite in line.cites:
        source = ids[cite.outlet]
        index, text = next((i, t) for i, t in passages[source] if cite.words in t)
        citations.append(Citation(source, index))
        evidence.append(Evidence(source, index, text))
        anchors = []
        for kind, said, found in line.anchors:
            start = text.find(found) if found else -1
            anchors.append(Anchor(kind, said, start, start + len(found) if start >= 0 else -1))
        problems = ()
        if cite.label == "contradicts":
            problems = (Problem("number", "20.30 Uhr: die Quelle nennt 18.30 Uhr"),)
        judgements.append(
            Judgement(
                source,
                index,
                cite.label,
                0.9 if cite.label == "supports" else 0.3,  # type: ignore[arg-type]
                cite.outlet,
                tuple(anchors),
                problems,
            )
        )
    score = 0.92 if line.label == "supported" else 0.2
    problems = () if line.label == "supported" else judgements[0].problems
    verdict = Verdict(line.label, score, tuple(evidence), problems, tuple(judgements))  # type: ignore[arg-type]
    return Sentence(f"s{number}", line.text, citations, verdict)


def desk_article(store: SQLStore, story_id: int, *, sentences: int = 0) -> Article:
    """The article (see the module docstring); ``sentences``: exactly that many (the text again)."""
    ids, passages = _passages(store)
    made: list[Section] = []
    number = 0
    while not made or sum(len(p.sentences) for s in made for p in s.paragraphs) < sentences:
        for heading, paragraphs in LINES:
            section = Section(heading if heading or not made else "Weitere Meldungen", [])
            for lines in paragraphs:
                paragraph = Paragraph([])
                for line in lines:
                    number += 1
                    paragraph.sentences.append(_sentence(number, line, ids, passages))
                section.paragraphs.append(paragraph)
            made.append(section)
    for section in made if sentences else ():  # exactly ``sentences``: drop the surplus at the end
        for paragraph in section.paragraphs:
            paragraph.sentences = [s for s in paragraph.sentences if int(s.id[1:]) <= sentences]
        section.paragraphs = [p for p in section.paragraphs if p.sentences]
    made = [s for s in made if s.paragraphs]
    first = made[0].paragraphs[0].sentences[0]
    values = (
        ConflictValue("rund 150", tuple(first.citations), (LOCAL, BR)),
        ConflictValue(
            "etwa 200",
            tuple(
                Citation(ids[o], next(i for i, t in passages[ids[o]] if w in t))
                for o, w in ((DPA, "etwa 200"), (REUTERS, "About 200"))
            ),
            (DPA, REUTERS),
        ),
    )
    documents = _documents(store)
    sources = [
        SourceRef(
            ids[o],
            o,
            documents[o].title,
            documents[o].url,
            documents[o].published,
            documents[o].language,
            republished_by=(COPY,) if o == DPA else (),
            credit="dpa" if o == DPA else None,
        )
        for o in (LOCAL, DPA, BR, REUTERS)
    ]
    return Article(
        id=f"article-{story_id}-desk",
        story_id=story_id,
        language="de",
        writer="extractive",
        headline="Großbrand in Straubinger Recyclinghof",
        subheadline="Rauchwolke über dem Stadtteil Sand – Anwohner sollten Fenster geschlossen halten",
        dateline=Dateline("Straubing", "14. Oktober 2025"),
        sections=made,
        sources=sources,
        generated_at="2025-10-15T07:00:00+00:00",
        conflicts=[Conflict("Zahl der Einsatzkräfte", values, "", "", ("s1",))],
    )


def save_desk_article(store: SQLStore, story_id: int, *, sentences: int = 0) -> ArticleRecord:
    """The article stored as the story's next version (a draft)."""
    return store.save_article(desk_article(store, story_id, sentences=sentences), actor="newsdesk")
