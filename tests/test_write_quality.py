"""Quality of the extractive writer over real stories: the bundled examples, the stories corpus and
the synthetic newsroom stories of ``tests/fixtures/write_real`` (several outlets per event,
captions and teasers in the markup, pronoun-heavy reporting, one conflicting number and one later
correction each, ground truth in each story's ``truth.toml``).

Every article written from these stories must hold the rules of the writer issues: every sentence
cites the passage its words come from (attribution frames and the writer's recorded edits aside),
no sentence repeats another, headline, dateline and source-list rules, attribution grammar,
German-only text, determinism; and an editor's zeros (:mod:`newsdesk.write.quality`): no
reference without its antecedent, nobody first named by the surname, no competitor's headline, no
headline name or number missing from the body, no sub-headline that is debris or repeats the
headline; every planted conflict reported, every superseded figure left out.
"""

from __future__ import annotations

import json
import re
import tomllib
from collections.abc import Iterator
from pathlib import Path

import pytest

from newsdesk.config import IngestSettings, StoriesSettings, WriteSettings
from newsdesk.ingest import Ingestor
from newsdesk.lang.quantities import quantity_keys
from newsdesk.models import Article, Sentence
from newsdesk.store import SQLiteStore, open_store
from newsdesk.stories import StoryBuilder
from newsdesk.write import create_writer
from newsdesk.write.evidence import Evidence, stems
from newsdesk.write.extractive import ExtractiveWriter
from newsdesk.write.german import MONTHS, dateline_text, noun_phrase, outlet_for, unframe
from newsdesk.write.quality import measure

ROOT = Path(__file__).resolve().parents[1]
CORPORA = {
    "examples": ROOT / "examples" / "sources",
    "corpus": ROOT / "tests" / "fixtures" / "stories" / "corpus.jsonl",
    "newsroom": ROOT / "tests" / "fixtures" / "write_real",
}
FORBIDDEN = [
    r"\bDies wird von\b",
    r"\bwie auch von\b",
    r"\bunterstützen\.$",
    r"\bvon (der |die |dem )?„",  # outlets are never named in a "von …" phrase
    # an outlet that has an article, named without it ("berichtete Kronen Zeitung")
    r"\b(berichtete|berichteten|meldete|schrieb|so|laut)\s+(Kronen|Krone|Süddeutsche|Tagesschau|Standard)\b",
    r",\s*,",
    r"\s[,.]",
    r"\.\.$",
]


@pytest.fixture(scope="module", params=sorted(CORPORA))
def corpus_db(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("write") / f"{request.param}.db"
    with open_store(db) as store, Ingestor(IngestSettings(), store) as ingestor:
        report = ingestor.ingest([str(CORPORA[request.param])])
        assert report.ok, report.failures
        StoryBuilder(StoriesSettings(), store).add([item.id for item in report.items])
    return db


@pytest.fixture
def store(corpus_db: Path) -> Iterator[SQLiteStore]:
    with open_store(corpus_db) as opened:
        yield opened


def writable(store: SQLiteStore) -> list[int]:
    return [r.id for r in store.list_stories() if any(m.language == "de" for m in store.story_members(r.id))]


_written: dict[str, list[Article]] = {}


def articles(store: SQLiteStore) -> list[Article]:
    """Every writable story of the store, written once per test module."""
    if store.location not in _written:
        writer = create_writer(WriteSettings(), store)
        _written[store.location] = [writer.write(story_id) for story_id in writable(store)]
    return _written[store.location]


def sentences(article: Article) -> list[Sentence]:
    return [s for section in article.sections for p in section.paragraphs for s in p.sentences]


def _words(text: str) -> list[str]:
    return re.findall(r"[^\W_]+", text.lower())


def test_every_sentence_cites_the_passage_its_words_come_from(store: SQLiteStore) -> None:
    """Unchanged sentences are the passage's words; changed ones (a name for a pronoun, a removed
    relative clause) are recorded, keep the passage's words in order and add only names the story
    gives."""
    written = articles(store)
    assert len(written) >= 3
    for article in written:
        assert sentences(article), article.headline
        edits = article.metadata["writer"]["edits"]
        members = store.story_members(article.story_id)
        story_words = {w for m in members for w in _words(store.get_document(m.document_id).text)}
        for sentence in sentences(article):
            assert sentence.citations, sentence.text
            first = sentence.citations[0]
            passage = store.get_passages(first.source)[first.passage]
            assert first.quote and first.quote in passage.text
            assert store.get_document(first.source).language == "de"  # only German words enter the text
            words = unframe(sentence.text)
            if sentence.id not in edits:
                assert words == first.quote, sentence.text
            else:
                allowed = set(_words(first.quote)) | story_words
                added = {w for w in _words(words) if w not in allowed and w.removesuffix("s") not in allowed}
                assert not added, (sentence.text, edits[sentence.id])  # a genitive "Mayrhofers" is allowed
            for citation in sentence.citations[1:]:
                assert citation.quote in store.get_passages(citation.source)[citation.passage].text


def test_no_sentence_repeats_another(store: SQLiteStore) -> None:
    """(A disputed value's other side, "…, berichtete dagegen …", repeats its sentence on purpose.)"""
    for article in articles(store):
        texts = [unframe(s.text) for s in sentences(article) if "dagegen" not in s.text] + [
            article.subheadline
        ]
        assert len(texts) == len(set(texts))
        words = [set(stems(t)) for t in texts]
        for i in range(len(words)):
            for j in range(i + 1, len(words)):
                overlap = len(words[i] & words[j]) / max(1, min(len(words[i]), len(words[j])))
                assert overlap < 0.8, (texts[i], texts[j])


def test_headline_subheadline_and_dateline(store: SQLiteStore) -> None:
    months = "|".join(MONTHS)
    for article in articles(store):
        assert 10 <= len(article.headline) <= 90
        assert "!" not in article.headline and not article.headline.endswith("?")
        outlets = {store.get_document(s.id).outlet for s in article.sources}
        for outlet in outlets:
            assert not re.search(rf"[|–-]\s*{re.escape(outlet)}\s*$", article.headline, re.IGNORECASE)
        assert " | " not in article.headline
        body = " ".join([article.subheadline, *(s.text for s in sentences(article))])
        assert quantity_keys(article.headline, "de") <= quantity_keys(body, "de"), article.headline
        assert article.headline_source is None or store.get_document(article.headline_source).language == "de"
        assert article.subheadline.endswith((".", "“")) and len(article.subheadline.split()) >= 6
        line = dateline_text(article.dateline)
        assert re.fullmatch(rf"([A-ZÄÖÜ][\w .\-]*, )?\d{{1,2}}\. ({months}) \d{{4}} –", line), line


def test_sources_are_unique_and_syndicated_copies_appear_once(store: SQLiteStore) -> None:
    for article in articles(store):
        urls = [s.url for s in article.sources if s.url]
        assert len(urls) == len(set(urls))
        ids = {s.id for s in article.sources}
        for source in article.sources:
            assert store.get_document(source.id).duplicate_of is None  # copies are not entries
        cited = {c.source for s in sentences(article) for c in s.citations}
        assert cited <= ids
        assert all(
            s.cited == (s.id in cited or s.id in {c.source for c in article.subheadline_citations})
            for s in article.sources
        )
        members = {m.document_id for m in store.story_members(article.story_id) if m.duplicate_of is None}
        assert ids == members  # every independent report is listed, German or not


def test_attribution_grammar(store: SQLiteStore) -> None:
    frames: list[str] = []
    for article in articles(store):
        story_outlets = {
            store.get_document(s.id).outlet: store.get_document(s.id).url for s in article.sources
        }
        phrases = {noun_phrase(outlet_for(name, url)).text for name, url in story_outlets.items()}
        for sentence in sentences(article):
            assert not re.search(r"\bDies wird von\b|\bvon Krone\b", sentence.text)  # the seed's debris
            core = unframe(sentence.text)
            if sentence.text == core:
                continue
            # What the writer added: the frame around the words (or the whole text if inserted).
            frame = sentence.text.replace(core[:-1], "", 1) if core[:-1] in sentence.text else sentence.text
            for pattern in FORBIDDEN:
                assert not re.search(pattern, frame), (pattern, sentence.text)
            frames.append(frame)
            named = [p for p in phrases if p in frame] or re.findall(r"die Nachrichtenagentur \w+", frame)
            if "übereinstimmenden Berichten zufolge" in sentence.text or "mehrere Medien" in frame:
                continue
            if "übereinstimmend" not in frame:
                assert named, f"attribution without a known outlet phrase: {sentence.text}"
    assert frames, "no sentence was attributed"


def test_consecutive_sentences_of_one_outlet_are_not_each_attributed(store: SQLiteStore) -> None:
    for article in articles(store):
        for section in article.sections:
            previous = ""
            for sentence in (s for p in section.paragraphs for s in p.sentences):
                core = unframe(sentence.text)
                framed = (
                    sentence.text != core and len(sentence.citations) == 1 and "dagegen" not in sentence.text
                )
                if framed:
                    frame = sentence.text.replace(core[:-1], "")
                    assert frame != previous, sentence.text
                    previous = frame


def test_same_input_same_article(store: SQLiteStore) -> None:
    story_id = writable(store)[0]
    first = create_writer(WriteSettings(), store).write(story_id).to_dict()
    second = create_writer(WriteSettings(), store).write(story_id).to_dict()
    first.pop("generated_at")
    second.pop("generated_at")
    assert json.dumps(first, sort_keys=True) == json.dumps(second, sort_keys=True)


def test_required_forms_in_the_examples(corpus_db: Path) -> None:
    if corpus_db.stem != "examples":
        pytest.skip("the required forms are checked on the bundled examples")
    with open_store(corpus_db) as store:
        text = "\n".join(s.text for a in articles(store) for s in sentences(a))
    assert "übereinstimmend" in text
    assert "die Nachrichtenagentur dpa" in text  # the agency behind the syndicated flood report
    assert re.search(r"(berichtete|schrieb|so) (die|der|das) „", text) or re.search(
        r"wie (die|der|das) „", text
    )


def test_quotes_keep_their_words_and_name_their_speaker(store: SQLiteStore) -> None:
    from newsdesk.write.german import names_speaker

    for article in articles(store):
        for section in article.sections:
            for paragraph in section.paragraphs:
                for position, sentence in enumerate(paragraph.sentences):
                    if "„" not in sentence.citations[0].quote:
                        continue  # (outlet names in a frame are quoted too)
                    quoted = re.findall(r"„[^“]*“", sentence.citations[0].quote)
                    assert re.findall(r"„[^“]*“", sentence.text) == quoted  # the quote's words, never altered
                    if sentence.id not in article.metadata["writer"]["edits"]:
                        assert sentence.text == sentence.citations[0].quote  # never framed
                    if names_speaker(sentence.text):
                        continue
                    # A quote without its speaker continues the sentence before it, from the same report.
                    assert position > 0, sentence.text
                    before = paragraph.sentences[position - 1].citations[0]
                    here = sentence.citations[0]
                    assert (before.source, before.passage + 1) == (here.source, here.passage), sentence.text


# -- an editor's zeros --------------------------------------------------------------------------------


def _evidence(store: SQLiteStore, story_id: int) -> Evidence:
    return ExtractiveWriter(WriteSettings(), store).evidence(story_id)


def test_an_editor_finds_nothing_to_strike(store: SQLiteStore) -> None:
    """No unresolved reference, nobody first named by the surname, no copied headline, every
    headline name and number in the body, no debris or repeat as sub-headline."""
    for article in articles(store):
        figures = measure(article, _evidence(store, article.story_id))
        assert figures.unresolved == 0, (article.headline, figures.notes)
        assert figures.surname_first == 0, (article.headline, figures.notes)
        assert figures.headline_copied == 0, article.headline
        assert figures.headline_unsupported == 0, article.headline
        assert figures.sub_debris == 0 and figures.sub_repeats == 0, (article.headline, article.subheadline)
        assert len(article.headline) <= 80, article.headline


def _truths() -> dict[str, dict]:
    folder = CORPORA["newsroom"]
    return {
        path.parent.name: tomllib.loads(path.read_text("utf-8"))
        for path in sorted(folder.glob("*/truth.toml"))
    }


def _story_of(store: SQLiteStore, name: str) -> Article:
    for article in articles(store):
        sources = {store.get_document(m.document_id).source for m in store.story_members(article.story_id)}
        if any(f"/{name}/" in source for source in sources):
            return article
    raise AssertionError(f"no article for {name}")


def _folded(text: str) -> str:
    return " ".join(_words(text))


def test_the_newsroom_stories_are_ten_and_cluster_as_planted(corpus_db: Path) -> None:
    if corpus_db.stem != "newsroom":
        pytest.skip("the synthetic newsroom stories only")
    truths = _truths()
    assert len(truths) >= 10
    with open_store(corpus_db) as store:
        for name in truths:
            stories = {
                store.story_of(d.id or 0)
                for d in (store.get_document(i) for i in range(1, 200) if _exists(store, i))
                if f"/{name}/" in d.source
            }
            assert len(stories) == 1, (name, stories)


def _exists(store: SQLiteStore, document_id: int) -> bool:
    try:
        store.get_document(document_id)
    except Exception:
        return False
    return True


def test_every_planted_conflict_is_reported_and_every_correction_wins(corpus_db: Path) -> None:
    if corpus_db.stem != "newsroom":
        pytest.skip("the synthetic newsroom stories carry the ground truth")
    with open_store(corpus_db) as store:
        for name, truth in _truths().items():
            article = _story_of(store, name)
            reported = [{_folded(v.value) for v in c.values} for c in article.conflicts]
            for planted in truth.get("conflict", []):
                wanted = {_folded(v) for v in planted["values"]}
                assert any(wanted <= values for values in reported), (name, planted, reported)
            body = _folded(" ".join(s.text for s in sentences(article)) + " " + article.subheadline)
            texts = [_folded(article.subheadline)] + [_folded(s.text) for s in sentences(article)]
            for correction in truth.get("correction", []):
                old, new = _folded(correction["old"]), _folded(correction["new"])
                for before, text in zip(["", *texts], texts, strict=False):
                    # the old figure only where the sentence before gives the new one ("Am Morgen war
                    # noch von … die Rede.")
                    assert old not in text or new in before, (name, correction, text)
                assert any(old in _folded(s.text) and "überholt" in _problems(s) for s in article.dropped), (
                    name
                )
                assert any(value and (value in new or new in value) for c in reported for value in c), (
                    name,
                    reported,
                )
            for speculation in truth.get("speculation", []):
                assert _folded(speculation["old"]) not in body, (name, speculation)
            for typo in truth.get("typos", []):
                assert typo.lower() not in body and typo.lower() not in _folded(article.headline), (
                    name,
                    typo,
                )


def _problems(sentence: Sentence) -> str:
    return " ".join(p.detail for p in sentence.verdict.problems) if sentence.verdict else ""


def test_debris_never_enters_the_article(store: SQLiteStore) -> None:
    from newsdesk.write.hygiene import debris

    for article in articles(store):
        for text in [article.subheadline, *(s.text for s in sentences(article))]:
            assert not debris(unframe(text)), text
            assert "Lesen Sie auch" not in text and "Foto:" not in text and "pic.twitter" not in text
