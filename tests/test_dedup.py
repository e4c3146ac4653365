"""Exact and near-duplicate detection (newsdesk.ingest.dedup) against a real SQLite store."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from newsdesk.config import IngestSettings
from newsdesk.ingest.dedup import (
    BANDS,
    NUM_PERM,
    Signature,
    content_hash,
    find_duplicate,
    shingles,
    signature,
)
from newsdesk.models import Document
from newsdesk.store import SQLiteStore
from newsdesk.store.base import DuplicateCandidate

THRESHOLD = IngestSettings().near_duplicate_threshold

# A synthetic agency report (no real article): four paragraphs, one per line.
AGENCY = "\n".join(
    [
        "Berlin (dpa) - Die Bundesregierung will den Ausbau der Stromnetze im Norden deutlich "
        "beschleunigen. Wirtschaftsministerin Katrin Albers stellte am Dienstag in Berlin einen Plan vor, "
        "nach dem Genehmigungsverfahren für neue Leitungen künftig höchstens zwei Jahre dauern sollen. "
        "Bisher vergehen oft mehr als sieben Jahre zwischen Antrag und Baubeginn.",
        "Nach Angaben des Ministeriums fehlen bis zum Jahr 2030 rund 4.800 Kilometer an "
        "Übertragungsleitungen. Vor allem Windstrom aus Schleswig-Holstein und Niedersachsen könne deshalb "
        "nicht in die Industriezentren im Süden transportiert werden. Die Netzbetreiber begrüßten den "
        "Vorstoß, forderten aber zusätzliche Fachkräfte für die Behörden.",
        "Umweltverbände kritisierten, dass Beteiligungsrechte von Anwohnern eingeschränkt werden "
        "könnten. Der Naturschutzbund erklärte, schnellere Verfahren dürften nicht auf Kosten des "
        "Artenschutzes gehen. Die Opposition im Bundestag kündigte an, den Gesetzentwurf genau zu prüfen.",
        "Das Kabinett soll den Entwurf Ende März beschließen. Der Bundesrat muss anschließend zustimmen, "
        "weil die Länder für einen Teil der Verfahren zuständig sind.",
    ]
)

ONE_WORD_CHANGED = AGENCY.replace("am Dienstag in Berlin", "am Dienstag in Hamburg")
FINAL_SENTENCE_ADDED = AGENCY + " Eine Anhörung der Verbände ist für Anfang März geplant."
LAST_PARAGRAPH_DROPPED = AGENCY.rsplit("\n", 1)[0]

# The same event told in other words by another outlet.
INDEPENDENT = "\n".join(
    [
        "Schnellere Genehmigungen für Stromtrassen: Ministerin Albers hat ihr lange erwartetes Konzept "
        "präsentiert. Behörden sollen über neue Hochspannungsleitungen künftig binnen 24 Monaten "
        "entscheiden, statt wie heute oft ein halbes Jahrzehnt und länger zu brauchen.",
        "Hintergrund ist der stockende Transport von Windenergie aus dem Norden in den Süden der "
        "Republik, wo große Industriebetriebe den Strom benötigen. Tausende Kilometer Trassen sind "
        "noch nicht gebaut.",
        "Kritik kommt von Naturschützern, die um Mitspracherechte fürchten. Im Parlament wollen die "
        "Oppositionsfraktionen das Vorhaben eingehend beraten, bevor die Länderkammer abstimmt.",
    ]
)

ENGLISH_REPORT = (
    "Germany wants to speed up the construction of power lines. Economy minister Katrin Albers said on "
    "Tuesday that permits for new transmission lines should take no longer than two years, down from "
    "more than seven years today. Environmental groups warned that residents could lose their say."
)


# ── content hash ──────────────────────────────────────────────────────────────


def test_content_hash_ignores_case_and_whitespace() -> None:
    a = content_hash("Die Bundesregierung  will den Ausbau\nder Stromnetze beschleunigen.")
    b = content_hash("  die BUNDESREGIERUNG will den ausbau der\tstromnetze beschleunigen.\n")
    assert a == b
    assert len(a) == 64 and int(a, 16) >= 0


def test_content_hash_sees_real_differences() -> None:
    assert content_hash(AGENCY) != content_hash(ONE_WORD_CHANGED)
    assert content_hash("Straße") == content_hash("STRASSE")  # casefold, not lower
    assert content_hash("ab") != content_hash("a b")


# ── shingles and signatures ──────────────────────────────────────────────────


def test_shingles_are_word_five_grams() -> None:
    assert shingles("Eins zwei drei vier fünf sechs") == {
        b"eins zwei drei vier f\xc3\xbcnf",
        "zwei drei vier fünf sechs".encode(),
    }
    assert shingles("Nur drei Wörter") == {"nur drei wörter".encode()}
    assert shingles(" ... ") == set()


def test_signature_roundtrips_through_bytes() -> None:
    sig = signature(AGENCY)
    data = sig.to_bytes()
    assert isinstance(data, bytes)
    assert len(data) == (NUM_PERM + 1) * 8
    back = Signature.from_bytes(data)
    assert back.size == sig.size == len(shingles(AGENCY))
    assert np.array_equal(back.values, sig.values)
    assert back.bands() == sig.bands()
    assert back.jaccard(sig) == 1.0


def test_signature_is_deterministic_and_has_32_bands() -> None:
    first, second = signature(AGENCY), signature(AGENCY)
    bands = first.bands()
    assert len(bands) == BANDS == 32
    assert bands == second.bands()
    assert all(-(2**63) <= band < 2**63 for band in bands)  # fits SQLite INTEGER
    assert bands != signature(INDEPENDENT).bands()


def test_empty_text_signature_has_no_containment() -> None:
    empty = signature("")
    assert empty.size == 0
    assert empty.containment(signature(AGENCY)) == 0.0


@pytest.mark.parametrize(
    "copy",
    [ONE_WORD_CHANGED, FINAL_SENTENCE_ADDED, LAST_PARAGRAPH_DROPPED],
    ids=["one-word-changed", "final-sentence-added", "last-paragraph-dropped"],
)
def test_agency_copies_are_near_duplicates(copy: str) -> None:
    original, other = signature(AGENCY), signature(copy)
    assert original.containment(other) >= THRESHOLD
    assert other.containment(original) >= THRESHOLD  # symmetric
    candidate = DuplicateCandidate(document_id=7, duplicate_of=None, minhash=original.to_bytes())
    assert find_duplicate(other, [candidate], threshold=THRESHOLD) == 7


def test_dropped_paragraph_scores_higher_containment_than_jaccard() -> None:
    original, cut = signature(AGENCY), signature(LAST_PARAGRAPH_DROPPED)
    assert cut.containment(original) > cut.jaccard(original)


@pytest.mark.parametrize("other", [INDEPENDENT, ENGLISH_REPORT], ids=["german-rewrite", "english"])
def test_independent_reports_of_the_same_event_are_not_duplicates(other: str) -> None:
    original, report = signature(AGENCY), signature(other)
    assert report.containment(original) < 0.3
    candidate = DuplicateCandidate(document_id=7, duplicate_of=None, minhash=original.to_bytes())
    assert find_duplicate(report, [candidate], threshold=THRESHOLD) is None


def test_find_duplicate_without_candidates_is_none() -> None:
    assert find_duplicate(signature(AGENCY), [], threshold=THRESHOLD) is None


# ── with a real store ────────────────────────────────────────────────────────


def _add(store: SQLiteStore, text: str, url: str, duplicate_of: int | None = None) -> int:
    sig = signature(text)
    document = Document(
        url=url,
        outlet="Testagentur",
        title=url.rsplit("/", 1)[-1],
        text=text,
        language="de",
        content_hash=content_hash(text),
        duplicate_of=duplicate_of,
        source=url,
    )
    document_id, created = store.add_document(document, [], minhash=sig.to_bytes(), bands=sig.bands())
    assert created
    return document_id


@pytest.fixture
def store(tmp_path: Path) -> Iterator[SQLiteStore]:
    with SQLiteStore(tmp_path / "dedup.db") as opened:
        yield opened


def test_store_candidates_find_the_original(store: SQLiteStore) -> None:
    original = _add(store, AGENCY, "https://agentur.example/netzausbau")
    _add(store, INDEPENDENT, "https://zeitung.example/stromtrassen")
    sig = signature(FINAL_SENTENCE_ADDED)
    candidates = store.near_duplicate_candidates(sig.bands())
    assert [c.document_id for c in candidates] == [original]
    assert find_duplicate(sig, candidates, threshold=THRESHOLD) == original


def test_find_duplicate_returns_the_chain_root(store: SQLiteStore) -> None:
    # The root is an unrelated document (it shares no bands with the query); its copy points to it.
    root = _add(store, ENGLISH_REPORT, "https://agentur.example/original")
    copy = _add(store, AGENCY, "https://portal.example/netzausbau", duplicate_of=root)
    sig = signature(ONE_WORD_CHANGED)
    candidates = store.near_duplicate_candidates(sig.bands())
    assert [(c.document_id, c.duplicate_of) for c in candidates] == [(copy, root)]
    assert find_duplicate(sig, candidates, threshold=THRESHOLD) == root


def test_find_duplicate_prefers_the_best_match_then_the_oldest_root(store: SQLiteStore) -> None:
    first = _add(store, AGENCY, "https://agentur.example/1")
    second = _add(store, ONE_WORD_CHANGED, "https://portal.example/2")
    sig = signature(ONE_WORD_CHANGED.upper())  # identical shingles to the second copy
    candidates = store.near_duplicate_candidates(sig.bands())
    assert {c.document_id for c in candidates} == {first, second}
    assert find_duplicate(sig, candidates, threshold=THRESHOLD) == second
    assert sig.containment(signature(AGENCY)) < 1.0
    # identical score for two roots: the smaller (older) id wins
    same = signature(AGENCY)
    twins = [
        DuplicateCandidate(9, None, same.to_bytes()),
        DuplicateCandidate(4, None, same.to_bytes()),
    ]
    assert find_duplicate(same, twins, threshold=THRESHOLD) == 4


def test_threshold_is_respected(store: SQLiteStore) -> None:
    original = _add(store, AGENCY, "https://agentur.example/netzausbau")
    sig = signature(ONE_WORD_CHANGED)
    candidates = store.near_duplicate_candidates(sig.bands())
    score = sig.containment(signature(AGENCY))
    assert 0.8 <= score < 1.0
    assert find_duplicate(sig, candidates, threshold=score) == original
    assert find_duplicate(sig, candidates, threshold=1.0) is None
