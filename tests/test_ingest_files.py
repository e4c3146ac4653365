"""Ingesting local files and folders end to end: Ingestor → real SQLite store."""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from newsdesk.config import IngestSettings
from newsdesk.errors import IngestError, SourceError, StoreError
from newsdesk.ingest import ErrorPolicy, Ingestor, IngestReport
from newsdesk.ingest.normalize import hyphenation_debris
from newsdesk.models import Document, Passage
from newsdesk.store import SQLiteStore

SEED = Path("/work/shared/seed/000_cbe537ee0e94e1e1.txt")
FIXTURE_FILES = Path(__file__).parent / "fixtures" / "files"

# Synthetic agency report (four paragraphs), republished by several outlets below.
AGENCY = (
    "Koblenz (dpa) - Die marode Rheinbrücke bei Koblenz wird von Montag an für Lastwagen über 7,5 Tonnen "
    "gesperrt. Das teilte der Landesbetrieb Mobilität am Donnerstag mit. Bei einer Prüfung seien Risse "
    "in mehreren Stahlträgern entdeckt worden.\n\n"
    "Nach Angaben des Landesbetriebs überqueren täglich rund 4.500 schwere Lastwagen die Brücke. Sie "
    "sollen großräumig über die Autobahn 61 umgeleitet werden. Die Industrie- und Handelskammer warnte "
    "vor längeren Lieferzeiten für Betriebe in der Region.\n\n"
    "Verkehrsministerin Daniela Schmitt sagte, die Sicherheit der Menschen habe Vorrang. Ein Neubau sei "
    "bereits geplant, werde aber frühestens 2031 fertig. Bis dahin solle die alte Brücke mit Stützen "
    "verstärkt werden.\n\n"
    "Für Autos und Busse bleibt die Brücke vorerst geöffnet. Der Landesbetrieb kündigte an, die Träger "
    "künftig alle drei Monate zu kontrollieren."
)
AGENCY_ONE_WORD = AGENCY.replace("am Donnerstag mit", "am Donnerstagabend mit")
AGENCY_CUT = AGENCY.rsplit("\n\n", 1)[0]

REPORT_DE = (
    "Wien - Die österreichische Regierung hat am Montag ein Hilfspaket für Gemeinden beschlossen. "
    "Insgesamt sollen 1,2 Milliarden Euro in Schulen, Kindergärten und Pflegeheime fließen.\n\n"
    "Der Gemeindebund begrüßte die Entscheidung, forderte aber eine schnellere Auszahlung der Mittel."
)
REPORT_EN = (
    "Heavy rain caused flooding in several towns in northern England on Tuesday. The Environment Agency "
    "issued twelve flood warnings and urged residents near rivers to move valuables upstairs."
)


def front(text: str, **meta: str) -> str:
    lines = "".join(f"{key}: {value}\n" for key, value in meta.items())
    return f"---\n{lines}---\n{text}\n"


def write(folder: Path, name: str, content: str | bytes) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


@pytest.fixture
def store(tmp_path: Path) -> Iterator[SQLiteStore]:
    with SQLiteStore(tmp_path / "ingest.db") as opened:
        yield opened


def ingest(store: SQLiteStore, *sources: Path | str, errors: ErrorPolicy = ErrorPolicy.CATCH) -> IngestReport:
    with Ingestor(IngestSettings(), store, errors=errors) as ingestor:
        return ingestor.ingest([str(source) for source in sources])


def raw_count(store: SQLiteStore, table: str) -> int:
    with sqlite3.connect(store.location) as db:
        count = int(db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0])
    db.close()
    return count


def assert_exact_offsets(document: Document, passages: list[Passage]) -> None:
    assert passages, "a stored document has passages"
    assert [p.index for p in passages] == list(range(len(passages)))
    for passage in passages:
        assert document.text[passage.start : passage.end] == passage.text
        assert passage.text == passage.text.strip() and passage.text


# ── the seed article ──────────────────────────────────────────────────────────


@pytest.mark.skipif(not SEED.exists() and os.environ.get("CI") != "true", reason="seed article not available")
def test_seed_article_is_ingested_cleanly(store: SQLiteStore) -> None:
    report = ingest(store, SEED)
    assert report.failures == []
    (item,) = report.items
    assert (item.status, item.language, item.source) == ("stored", "de", str(SEED))
    document = store.get_document(item.id)
    passages = store.get_passages(item.id)
    assert_exact_offsets(document, passages)
    for passage in passages:
        assert hyphenation_debris(passage.text) == [], passage.text
        assert "US- " not in passage.text
        assert "-\n" not in passage.text
    assert "-\n" not in document.text
    assert any("US-Sondergesandte" in p.text for p in passages)
    assert "US-Sondergesandte Steve Witkoff" in document.text
    moscow = (
        "https://www.themoscowtimes.com/2025/02/21/"
        "trump-envoy-witkoff-says-he-met-with-putin-during-trip-to-russia-a88113"
    )
    assert moscow in document.links
    assert "https://www.krone.at/3702206" in document.links
    assert len(document.links) == len(set(document.links)) == 2
    # the duplicated source-list line is kept as text (an audit must be able to flag it)
    assert sum(p.text == moscow for p in passages) == 2


# ── the shared fixture folder ───────────────────────────────────────────────────


@pytest.mark.skipif(not FIXTURE_FILES.is_dir(), reason="tests/fixtures/files is not there")
def test_fixture_folder(store: SQLiteStore) -> None:
    report = ingest(store, FIXTURE_FILES)
    failures = {Path(f.source).name: f for f in report.failures}
    items = {Path(i.source).name: i for i in report.items}
    if (FIXTURE_FILES / "articles.jsonl").exists():
        assert failures["articles.jsonl:3"].reason == "source"
        assert {"articles.jsonl:1", "articles.jsonl:2", "articles.jsonl:4", "articles.jsonl:5"} <= set(items)
    if (FIXTURE_FILES / "corrupt.pdf").exists():
        assert failures["corrupt.pdf"].reason == "extraction"
        assert failures["corrupt.pdf"].message.startswith("corrupt or unreadable PDF")
    assert len(report.failures) == len(failures)
    for name in ("bericht.md", "report.txt", "notiz.txt"):
        if (FIXTURE_FILES / name).exists():
            assert items[name].status == "stored", name
    for item in report.items:
        document = store.get_document(item.id)
        passages = store.get_passages(item.id)
        assert_exact_offsets(document, passages)
        assert all(hyphenation_debris(p.text) == [] for p in passages), item.source
    if "notiz.txt" in items:
        notiz = store.get_document(items["notiz.txt"].id)
        assert notiz.title == "Energiegipfel Wien – Notizen aus der Hofburg"
        for expected in (
            "Verhandlungen",
            "Sondergesandte der",
            "US-Sondergesandte",
            "EU-Kommission",
            "Ost- und Westeuropa",
        ):
            assert expected in notiz.text, expected
    if "report.txt" in items:
        assert "EU-Africa" in store.get_document(items["report.txt"].id).text
    assert store.count_documents() == len(report.items)


# ── idempotence and duplicates ────────────────────────────────────────────────


def test_reingesting_a_folder_is_idempotent(tmp_path: Path, store: SQLiteStore) -> None:
    folder = tmp_path / "eingang"
    write(
        folder, "a-bericht.md", front(REPORT_DE, title="Hilfspaket für Gemeinden", outlet="Wiener Tagblatt")
    )
    write(folder, "b-floods.txt", front(REPORT_EN, url="https://news.example.co.uk/floods-1", language="en"))
    write(folder, "c-artikel.jsonl", json.dumps({"title": "Brücke gesperrt", "text": AGENCY}) + "\n")

    first = ingest(store, folder)
    assert first.failures == []
    assert [i.status for i in first.items] == ["stored", "stored", "stored"]
    count = store.count_documents()
    passages = raw_count(store, "passages")
    assert count == 3

    second = ingest(store, folder)
    assert second.failures == []
    assert [i.status for i in second.items] == ["exists", "exists", "exists"]
    assert [i.id for i in second.items] == [i.id for i in first.items]
    assert [i.passages for i in second.items] == [i.passages for i in first.items]
    assert store.count_documents() == count
    assert raw_count(store, "passages") == passages
    statuses = [entry.status for entry in reversed(store.fetch_log())]
    assert statuses == ["stored"] * 3 + ["exists"] * 3


def test_agency_copies_under_other_names_are_linked_to_the_first(tmp_path: Path, store: SQLiteStore) -> None:
    folder = tmp_path / "agentur"
    write(
        folder,
        "1-rhein-zeitung.md",
        front(
            AGENCY,
            title="Rheinbrücke für Lkw gesperrt",
            url="https://rhein.example/koblenz-bruecke",
            outlet="Rhein-Bote",
        ),
    )
    write(
        folder,
        "2-mosel-kurier.md",
        front(
            AGENCY_ONE_WORD,
            title="Lkw-Verbot auf der Rheinbrücke",
            url="https://mosel.example/a/123",
            outlet="Mosel-Kurier",
        ),
    )
    write(folder, "3-portal.txt", "Brücke in Koblenz gesperrt\n\n" + AGENCY_CUT)

    report = ingest(store, folder)
    assert report.failures == []
    first, second, third = report.items
    assert (first.status, first.duplicate_of) == ("stored", None)
    assert (second.status, second.duplicate_of) == ("duplicate", first.id)
    assert (third.status, third.duplicate_of) == ("duplicate", first.id)
    assert len({first.id, second.id, third.id}) == 3
    assert store.get_document(second.id).duplicate_of == first.id
    assert store.get_document(second.id).outlet == "Mosel-Kurier"
    assert store.count_documents() == 3
    assert [e.status for e in reversed(store.fetch_log())] == ["stored", "duplicate", "duplicate"]


def test_identical_copy_under_another_file_name_resolves_to_the_stored_document(
    tmp_path: Path, store: SQLiteStore
) -> None:
    """Same text (same content hash) is the same document: nothing new is stored, the item says "exists"."""
    write(tmp_path, "agentur-1.txt", "Brücke gesperrt\n\n" + AGENCY)
    write(tmp_path, "agentur-2.txt", "Brücke gesperrt\n\n" + AGENCY.replace(" ", "  "))
    report = ingest(store, tmp_path / "agentur-1.txt", tmp_path / "agentur-2.txt")
    first, second = report.items
    assert (first.status, second.status) == ("stored", "exists")
    assert second.id == first.id
    assert store.count_documents() == 1


def test_independent_report_is_not_a_duplicate(tmp_path: Path, store: SQLiteStore) -> None:
    write(tmp_path, "a.txt", "Brücke gesperrt\n\n" + AGENCY)
    write(tmp_path, "b.txt", "Hilfspaket\n\n" + REPORT_DE)
    report = ingest(store, tmp_path)
    assert [(i.status, i.duplicate_of) for i in report.items] == [("stored", None), ("stored", None)]


# ── failures and error policies ────────────────────────────────────────────────


def mixed_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "gemischt"
    write(folder, "bericht.md", front(REPORT_DE, title="Hilfspaket für Gemeinden", outlet="Wiener Tagblatt"))
    write(
        folder,
        "meldungen.jsonl",
        "\n".join(
            [
                json.dumps({"title": "Überschwemmungen", "text": REPORT_EN, "language": "en"}),
                '{"title": "kaputt", "text": ',
            ]
        )
        + "\n",
    )
    write(folder, "tabelle.xlsx", b"PK\x03\x04 not a supported input")
    write(folder, "foto.jpg", b"\xff\xd8\xff\xe0")
    write(folder, ".versteckt.txt", "Versteckte Datei, die nie gelesen wird, obwohl sie Text enthält.")
    return folder


def test_folder_with_a_bad_line_and_unsupported_files(tmp_path: Path, store: SQLiteStore) -> None:
    folder = mixed_folder(tmp_path)
    report = ingest(store, folder)
    assert [(Path(i.source).name, i.status) for i in report.items] == [
        ("bericht.md", "stored"),
        ("meldungen.jsonl:1", "stored"),
    ]
    # unsupported and hidden files in a folder are skipped silently: exactly one failure, the bad line
    assert len(report.failures) == 1
    failure = report.failures[0]
    assert failure.source == f"{folder / 'meldungen.jsonl'}:2"
    assert failure.reason == "source"
    assert failure.message.startswith("invalid JSON")
    assert failure.line().startswith(f"{folder / 'meldungen.jsonl'}:2: invalid JSON")
    assert not report.ok

    log = list(reversed(store.fetch_log()))
    failed = [e for e in log if e.status == "failed"]
    assert [(e.source, e.reason) for e in failed] == [(failure.source, "source")]
    assert failed[0].detail == failure.message
    assert failed[0].url is None
    stored = [e for e in log if e.status == "stored"]
    assert sorted(e.document_id for e in stored) == sorted(i.id for i in report.items)
    assert all(e.document_id is not None for e in stored)
    assert {e.source for e in log} == {failure.source, *(i.source for i in report.items)}


def test_an_unsupported_file_named_explicitly_is_a_failure(tmp_path: Path, store: SQLiteStore) -> None:
    path = write(tmp_path, "tabelle.xlsx", b"PK\x03\x04")
    good = write(tmp_path, "bericht.md", front(REPORT_DE, title="Hilfspaket"))
    report = ingest(store, path, good)
    assert [(f.source, f.reason) for f in report.failures] == [(str(path), "unsupported_format")]
    assert report.failures[0].hint is not None
    assert [i.status for i in report.items] == ["stored"]


def test_missing_path_and_empty_folder_are_failures(tmp_path: Path, store: SQLiteStore) -> None:
    empty = tmp_path / "leer"
    empty.mkdir()
    write(empty, "nur-ein-bild.png", b"\x89PNG")
    report = ingest(store, tmp_path / "gibt-es-nicht.txt", empty)
    assert [(f.source, f.reason) for f in report.failures] == [
        (str(tmp_path / "gibt-es-nicht.txt"), "source"),
        (str(empty), "source"),
    ]
    assert "no such file" in report.failures[0].message
    assert report.items == []


def test_file_url_and_language_refusal(tmp_path: Path, store: SQLiteStore) -> None:
    german = write(tmp_path, "bericht.txt", "Hilfspaket\n\n" + REPORT_DE)
    russian = write(
        tmp_path,
        "новости.txt",
        "Новости\n\nПравительство в среду объявило о новых мерах "
        "поддержки фермеров после нескольких недель протестов.",
    )
    report = ingest(store, german.as_uri(), russian)
    assert [i.status for i in report.items] == ["stored"]
    assert report.items[0].url is None  # read from a file:// input, but only http(s) URLs are stored
    (failure,) = report.failures
    assert (failure.source, failure.reason) == (str(russian), "language")
    assert "Russian" in failure.message
    assert store.count_documents() == 1


def test_raise_policy_reraises_the_first_failure(tmp_path: Path, store: SQLiteStore) -> None:
    folder = mixed_folder(tmp_path)
    with pytest.raises(SourceError) as info:
        ingest(store, folder, errors=ErrorPolicy.RAISE)
    assert info.value.source == f"{folder / 'meldungen.jsonl'}:2"
    # what came before the failure is stored
    assert store.count_documents() == 2


def test_raise_policy_reraises_for_a_missing_file(tmp_path: Path, store: SQLiteStore) -> None:
    with pytest.raises(IngestError, match="no such file"):
        ingest(store, tmp_path / "fehlt.md", errors=ErrorPolicy.RAISE)


def test_suppress_policy_keeps_failures_only_in_the_fetch_log(tmp_path: Path, store: SQLiteStore) -> None:
    folder = mixed_folder(tmp_path)
    report = ingest(store, folder, errors=ErrorPolicy.SUPPRESS)
    assert report.failures == []
    assert report.ok
    assert [i.status for i in report.items] == ["stored", "stored"]
    failed = [e for e in store.fetch_log() if e.status == "failed"]
    assert [(e.source, e.reason) for e in failed] == [(f"{folder / 'meldungen.jsonl'}:2", "source")]


def test_stored_documents_carry_their_metadata(tmp_path: Path, store: SQLiteStore) -> None:
    path = write(
        tmp_path,
        "bericht.md",
        front(
            "# Hilfspaket für Gemeinden\n\n"
            + REPORT_DE
            + "\n\nQuelle: https://www.example.at/politik/hilfspaket-123",
            url="https://www.example.at/politik/hilfspaket-123?utm_source=newsletter",
            outlet="Wiener Tagblatt",
            author="Maria Huber",
            published="2025-02-21T10:15:00+01:00",
            language="de",
        ),
    )
    report = ingest(store, path)
    (item,) = report.items
    document = store.get_document(item.id)
    assert document.title == "Hilfspaket für Gemeinden"
    assert document.url == "https://www.example.at/politik/hilfspaket-123"  # tracking parameter dropped
    assert (document.outlet, document.author, document.language) == ("Wiener Tagblatt", "Maria Huber", "de")
    assert document.published == "2025-02-21T10:15:00+01:00"
    assert (document.kind, document.source) == ("md", str(path))
    assert document.links == ["https://www.example.at/politik/hilfspaket-123"]
    assert document.fetched_at
    assert_exact_offsets(document, store.get_passages(item.id))
    assert item.passages == len(store.get_passages(item.id)) == 4


# ── interrupted runs ─────────────────────────────────────────────────────────


def test_a_store_failure_leaves_no_half_document(tmp_path: Path, store: SQLiteStore) -> None:
    """A write that fails after the document row (here: a passage the database refuses) is rolled back."""
    with sqlite3.connect(store.location) as db:
        db.execute(
            "CREATE TRIGGER refuse_passage BEFORE INSERT ON passages WHEN NEW.text LIKE '%Stützen%' "
            "BEGIN SELECT RAISE(ABORT, 'disk I/O error (simulated)'); END"
        )
    db.close()
    folder = tmp_path / "abbruch"
    write(folder, "1-gut.txt", "Hilfspaket\n\n" + REPORT_DE)
    write(folder, "2-bruecke.txt", "Brücke gesperrt\n\n" + AGENCY)  # its third paragraph mentions "Stützen"
    write(folder, "3-danach.txt", "Überschwemmungen\n\n" + REPORT_EN)
    with pytest.raises(StoreError, match="simulated"):
        ingest(store, folder)
    assert store.count_documents() == 1
    (only,) = store.iter_documents()
    assert only.source == str(folder / "1-gut.txt")
    with sqlite3.connect(store.location) as db:
        orphans = db.execute(
            "SELECT (SELECT COUNT(*) FROM passages WHERE document_id NOT IN (SELECT id FROM documents)), "
            "(SELECT COUNT(*) FROM minhash_bands WHERE document_id NOT IN (SELECT id FROM documents))"
        ).fetchone()
    db.close()
    assert orphans == (0, 0)
    assert raw_count(store, "minhash_bands") == 32


def test_a_corrupt_gzip_file_is_one_failure(tmp_path: Path, store: SQLiteStore) -> None:
    write(tmp_path, "a-kaputt.txt.gz", b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff not a deflate stream")
    write(tmp_path, "b-gut.txt", "Hilfspaket\n\n" + REPORT_DE)
    report = ingest(store, tmp_path)
    assert [f.reason for f in report.failures] == ["source"]
    assert [i.status for i in report.items] == ["stored"]
