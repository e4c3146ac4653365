"""The stores: migrations, atomic writes, dedup lookups, feeds, validators, fetch log.

Tests taking ``store`` or ``db_url`` run against SQLite and PostgreSQL alike."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest

from newsdesk.errors import StoreError, UnsupportedStoreError
from newsdesk.ingest.dedup import content_hash, signature
from newsdesk.models import Document, Passage
from newsdesk.store import PostgresStore, SQLiteStore, SQLStore, default_db_path, open_store
from newsdesk.store.base import FetchLogEntry, NewPassage, Validators
from newsdesk.store.sql import migrations

TEXT = (
    "Wien - Die Regierung hat am Montag ein Hilfspaket für Gemeinden beschlossen.\n"
    "Insgesamt fließen 1,2 Milliarden Euro in Schulen und Kindergärten."
)
PASSAGES = [NewPassage(0, 76, TEXT[0:76]), NewPassage(77, len(TEXT), TEXT[77:])]


def make_document(
    text: str = TEXT, url: str | None = "https://www.example.at/politik/hilfspaket-1", **extra: object
) -> Document:
    fields: dict[str, object] = {
        "url": url,
        "outlet": "Wiener Tagblatt",
        "title": "Hilfspaket für Gemeinden",
        "text": text,
        "language": "de",
        "content_hash": content_hash(text),
        "author": "Maria Huber",
        "published": "2025-02-21T10:15:00+01:00",
        "fetched_at": "2025-02-21T11:00:00+00:00",
        "source": "bericht.txt",
        "kind": "txt",
        "site_name": "tagblatt.example",
        "links": ["https://www.example.at/quelle", "https://agentur.example/meldung"],
    }
    fields.update(extra)
    return Document(**fields)  # type: ignore[arg-type]


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "store" / "newsdesk.db"


@pytest.fixture
def store(db_url: str) -> Iterator[SQLStore]:
    with open_store(db_url) as opened:
        yield opened


LATEST = migrations("sqlite")[-1][0]


def raw_count(store: SQLStore, table: str) -> int:
    """Rows in ``table``, counted on a connection of its own (what another process would see)."""
    with open_store(store.url if isinstance(store, PostgresStore) else store.location) as other:
        return int(other._db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0])


# ── opening and migrations ────────────────────────────────────────────────────


def test_migrations_are_recorded_and_not_reapplied(db_url: str) -> None:
    versions = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]
    names = [
        "0001_initial.sql",
        "0002_stories.sql",
        "0003_articles.sql",
        "0004_watch.sql",
        "0005_durable_stories.sql",
        "0006_sessions.sql",
        "0007_fingerprints.sql",
        "0008_story_entity_times.sql",
        "0009_merged_documents.sql",
        "0010_word_counts.sql",
    ]
    assert [version for version, _, _ in migrations("sqlite")] == versions
    assert [(v, n) for v, n, _ in migrations("postgresql")] == [(v, n) for v, n, _ in migrations("sqlite")]
    with open_store(db_url) as store:
        assert store.schema_version() == LATEST
        store.add_document(make_document(), PASSAGES)
        rows = store._db.execute("SELECT version, name, applied_at FROM schema_migrations ORDER BY version")
        rows = [tuple(r) for r in rows]
    assert [(version, name) for version, name, _ in rows] == list(zip(versions, names, strict=True))
    assert all(applied_at.startswith("20") for _, _, applied_at in rows)
    with open_store(db_url) as reopened:  # would fail on "table documents already exists" if re-applied
        assert reopened.schema_version() == LATEST
        assert reopened.count_documents() == 1
        again = reopened._db.execute(
            "SELECT version, name, applied_at FROM schema_migrations ORDER BY version"
        )
        assert [tuple(r) for r in again] == rows


def _migrate_only(db_url: str, versions: set[int]) -> None:
    """A database migrated to exactly ``versions``, recorded as the store records them — as one
    is where a branch's higher-numbered migration landed before another's lower one."""
    dialect = "postgresql" if db_url.startswith("postgres") else "sqlite"
    mark = "%s" if dialect == "postgresql" else "?"
    if dialect == "postgresql":
        import psycopg  # the postgres extra, as in tests/pg.py

        connection: Any = psycopg.connect(db_url, autocommit=True)
    else:
        connection = sqlite3.connect(db_url)
    with closing(connection):
        connection.execute(
            "CREATE TABLE schema_migrations "
            "(version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)"
        )
        for version, name, sql in migrations(dialect):
            if version not in versions:
                continue
            lines = [line for line in sql.splitlines() if not line.strip().startswith("--")]
            for statement in [s for s in "\n".join(lines).split(";") if s.strip()]:
                connection.execute(statement)
            connection.execute(
                f"INSERT INTO schema_migrations VALUES ({mark}, {mark}, {mark})",
                (version, name, "2025-06-01T00:00:00+00:00"),
            )
        connection.commit()


def test_a_migration_numbered_below_the_newest_applied_one_is_still_applied(db_url: str) -> None:
    """The runner applies every version it has not recorded (a set difference), not only those
    above the newest: a database at 0007 without 0006 gets 0006, and nothing is applied twice."""
    shipped = {version for version, _, _ in migrations("sqlite")}
    latest = max(shipped)
    skipped = 6
    _migrate_only(db_url, shipped - {skipped})
    with open_store(db_url) as store:
        assert store.applied_migrations() == shipped
        assert store.schema_version() == latest
        # what 0006 brought works: sessions, the stored login limit, the feed back-off
        store.add_feed(
            "https://feeds.example.at/politik.xml",
            title=None,
            interval_minutes=15,
            added_at="2025-06-01T10:00:00+00:00",
        )
        failed = store.record_feed_failure(
            "https://feeds.example.at/politik.xml", at="2025-06-01T10:00:00+00:00", error="HTTP 503"
        )
        assert failed is not None and failed.failures == 1 and failed.next_poll_at
        assert raw_count(store, "sessions") == 0 and raw_count(store, "login_failures") == 0
    with open_store(db_url) as reopened:  # applied once: reopening applies nothing again
        assert reopened.applied_migrations() == shipped
        rows = reopened._db.execute("SELECT version FROM schema_migrations ORDER BY version").fetchall()
        assert [int(r[0]) for r in rows] == sorted(shipped)


def test_sqlite_file_and_folder_are_created(db_path: Path) -> None:
    with SQLiteStore(db_path) as store:
        assert db_path.exists()  # parent folder created
        assert store.schema_version() == LATEST


def test_journal_mode_is_wal(db_path: Path) -> None:
    with SQLiteStore(db_path):
        with sqlite3.connect(db_path) as db:
            assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        db.close()
        assert Path(f"{db_path}-wal").exists()


def test_unopenable_path_is_a_store_error(tmp_path: Path) -> None:
    not_a_db = tmp_path / "kein.db"
    not_a_db.write_bytes(b"this is not a SQLite database file, just some bytes " * 20)
    with pytest.raises(StoreError) as info:
        SQLiteStore(not_a_db)
    assert info.value.source == str(not_a_db)
    assert "cannot open SQLite store" in info.value.message


# ── documents ───────────────────────────────────────────────────────────────


def test_document_and_passages_round_trip(store: SQLStore) -> None:
    document = make_document(duplicate_of=None)
    document_id, created = store.add_document(document, PASSAGES)
    assert created and document_id == 1  # ids start at 1 in both stores
    stored = store.get_document(document_id)
    assert stored.id == document_id
    for name in (
        "url",
        "outlet",
        "title",
        "text",
        "language",
        "content_hash",
        "author",
        "published",
        "fetched_at",
        "source",
        "kind",
        "site_name",
        "links",
        "duplicate_of",
    ):
        assert getattr(stored, name) == getattr(document, name), name
    assert store.get_passages(document_id) == [
        Passage(document_id, 0, 0, 76, TEXT[0:76]),
        Passage(document_id, 1, 77, len(TEXT), TEXT[77:]),
    ]
    listed = list(store.iter_documents())
    assert [d.id for d in listed] == [document_id]
    assert listed[0].text == ""
    assert next(store.iter_documents(with_text=True)).text == TEXT
    assert store.count_documents() == 1
    assert store.passage_counts([document_id, 99]) == {document_id: 2}
    assert store.passage_counts([]) == {}


def test_get_missing_document_is_a_store_error(store: SQLStore) -> None:
    with pytest.raises(StoreError, match="no document with id 42"):
        store.get_document(42)


def test_find_document_by_url_or_hash(store: SQLStore) -> None:
    document_id, _ = store.add_document(make_document(), PASSAGES)
    assert store.find_document(url="https://www.example.at/politik/hilfspaket-1") == document_id
    assert store.find_document(content_hash=content_hash(TEXT)) == document_id
    assert (
        store.find_document(url="https://www.example.at/andere", content_hash=content_hash(TEXT))
        == document_id
    )
    assert store.find_document(url="https://www.example.at/andere") is None
    assert store.find_document() is None


def test_same_url_returns_existing_and_writes_nothing(store: SQLStore) -> None:
    first, _ = store.add_document(make_document(), PASSAGES)
    other_text = "Ein ganz anderer Text über ein anderes Thema."
    again = store.add_document(make_document(text=other_text), [NewPassage(0, len(other_text), other_text)])
    assert again == (first, False)
    assert store.count_documents() == 1
    assert raw_count(store, "passages") == 2
    assert store.get_document(first).text == TEXT


def test_same_content_hash_returns_existing_and_writes_nothing(store: SQLStore) -> None:
    first, _ = store.add_document(make_document(), PASSAGES, bands=list(range(32)))
    same_text_other_case = TEXT.upper().replace("\n", "  \n ")
    copy = make_document(text=same_text_other_case, url="https://www.example.at/kopie")
    assert store.add_document(copy, PASSAGES, bands=list(range(32))) == (first, False)
    assert store.count_documents() == 1
    assert raw_count(store, "passages") == 2
    assert raw_count(store, "minhash_bands") == 32


def test_documents_without_url_are_kept_apart_by_hash(store: SQLStore) -> None:
    a, created_a = store.add_document(make_document(url=None), PASSAGES)
    other = "Zweiter Bericht ohne Adresse."
    b, created_b = store.add_document(make_document(text=other, url=None), [NewPassage(0, len(other), other)])
    assert created_a and created_b and a != b
    assert store.get_document(b).url is None


def test_add_document_is_atomic_when_a_passage_cannot_be_written(store: SQLStore) -> None:
    bad = [PASSAGES[0], NewPassage(77, 90, {"not": "bindable"})]  # type: ignore[arg-type]
    with pytest.raises(StoreError) as info:
        store.add_document(make_document(), bad, bands=list(range(32)))
    assert info.value.source == "https://www.example.at/politik/hilfspaket-1"
    assert "cannot store document" in info.value.message
    assert isinstance(info.value.__cause__, store._db.errors)
    for table in ("documents", "passages", "minhash_bands"):
        assert raw_count(store, table) == 0, table
    assert store.find_document(url="https://www.example.at/politik/hilfspaket-1") is None
    # the store is still usable afterwards (the transaction was rolled back, not left open)
    document_id, created = store.add_document(make_document(), PASSAGES)
    assert created and store.get_passages(document_id)[1].text == PASSAGES[1].text


TRIGGERS = {
    "sqlite": [
        "CREATE TRIGGER refuse_bands BEFORE INSERT ON minhash_bands WHEN NEW.band = 31 "
        "BEGIN SELECT RAISE(ABORT, 'disk full (simulated)'); END"
    ],
    "postgresql": [
        "CREATE FUNCTION refuse_band() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
        "IF NEW.band = 31 THEN RAISE EXCEPTION 'disk full (simulated)'; END IF; RETURN NEW; END $$",
        "CREATE TRIGGER refuse_bands BEFORE INSERT ON minhash_bands FOR EACH ROW "
        "EXECUTE FUNCTION refuse_band()",
    ],
}


def test_add_document_is_atomic_when_the_last_statement_fails(store: SQLStore) -> None:
    """A failure while writing the band index (after document and passages) rolls back everything."""
    for statement in TRIGGERS[store.dialect]:
        store._db.execute(statement)
    with pytest.raises(StoreError, match="disk full"):
        store.add_document(make_document(), PASSAGES, bands=list(range(32)))
    for table in ("documents", "passages", "minhash_bands"):
        assert raw_count(store, table) == 0, table


def test_foreign_key_violation_rolls_back(store: SQLStore) -> None:
    # a document that refers to a missing original violates the foreign key (foreign_keys is on)
    with pytest.raises(StoreError, match=r"(?i)FOREIGN KEY"):
        store.add_document(make_document(duplicate_of=999), PASSAGES)
    assert raw_count(store, "documents") == 0
    assert raw_count(store, "passages") == 0


def test_two_connections_storing_the_same_document_store_it_once(db_url: str) -> None:
    """What two workers do when they ingest the same report at the same moment."""
    with open_store(db_url) as first, open_store(db_url) as second:
        a = first.add_document(make_document(), PASSAGES)
        b = second.add_document(make_document(url="https://www.example.at/kopie"), PASSAGES)
        assert a == (1, True) and b == (1, False)
        assert second.find_document(url="https://www.example.at/kopie") is None  # only aliases given are kept
        assert first.count_documents() == 1


def test_near_duplicate_candidates_by_bands(store: SQLStore) -> None:
    text_b = "Ein zweiter Bericht über ein ganz anderes Thema mit eigenen Worten und Zahlen."
    sig_a, sig_b = signature(TEXT), signature(text_b)
    a, _ = store.add_document(make_document(), PASSAGES, minhash=sig_a.to_bytes(), bands=sig_a.bands())
    b, _ = store.add_document(
        make_document(text=text_b, url="https://b.example/2", duplicate_of=a),
        [],
        minhash=sig_b.to_bytes(),
        bands=sig_b.bands(),
    )
    store.add_document(
        make_document(text="Ohne Signatur gespeichert.", url="https://c.example/3"), [], bands=sig_a.bands()
    )  # bands but no minhash: never a candidate

    assert [c.document_id for c in store.near_duplicate_candidates(sig_a.bands())] == [a]
    (candidate,) = store.near_duplicate_candidates(sig_b.bands())
    assert (candidate.document_id, candidate.duplicate_of, candidate.minhash) == (b, a, sig_b.to_bytes())
    # one matching band (at the same position) is enough
    one_band = [0] * 31 + [sig_b.bands()[31]]
    assert [c.document_id for c in store.near_duplicate_candidates(one_band)] == [b]
    # the band's position matters: the same hash in another band is no match
    shifted = [sig_b.bands()[31]] + [0] * 31
    assert store.near_duplicate_candidates(shifted) == []
    assert store.near_duplicate_candidates([]) == []


# ── fetch log, feeds, validators ───────────────────────────────────────────────


def test_fetch_log_round_trip_newest_first(store: SQLStore) -> None:
    document_id, _ = store.add_document(make_document(), PASSAGES)
    first = FetchLogEntry(
        "2025-02-21T10:00:00+00:00",
        "https://a.example/1",
        "failed",
        url="https://a.example/1",
        reason="http_status",
        detail="404 Not Found",
        http_status=404,
    )
    second = FetchLogEntry(
        "2025-02-21T10:01:00+00:00",
        "bericht.txt",
        "stored",
        url="https://www.example.at/politik/hilfspaket-1",
        document_id=document_id,
    )
    store.log_fetch(first)
    store.log_fetch(second)
    assert store.fetch_log() == [second, first]
    assert store.fetch_log(limit=1) == [second]


def test_feeds_add_list_remove(store: SQLStore) -> None:
    a = store.add_feed(
        "https://a.example/feed.xml", title="A", interval_minutes=30, added_at="2025-02-21T10:00:00"
    )
    b = store.add_feed(
        "https://b.example/rss", title=None, interval_minutes=60, added_at="2025-02-21T10:05:00"
    )
    assert (a.id, a.url, a.title, a.interval_minutes, a.added_at) == (
        1,
        "https://a.example/feed.xml",
        "A",
        30,
        "2025-02-21T10:00:00",
    )
    assert [f.url for f in store.list_feeds()] == ["https://a.example/feed.xml", "https://b.example/rss"]

    # re-adding updates the interval, keeps the id, the added_at and a title given earlier
    again = store.add_feed(
        "https://a.example/feed.xml", title=None, interval_minutes=15, added_at="2025-03-01"
    )
    assert (again.id, again.title, again.interval_minutes, again.added_at) == (a.id, "A", 15, a.added_at)
    assert len(store.list_feeds()) == 2

    store.mark_feed_polled("https://b.example/rss", at="2025-02-21T11:00:00", status="12 items")
    polled = store.list_feeds()[1]
    assert (polled.last_polled_at, polled.last_status) == ("2025-02-21T11:00:00", "12 items")

    assert store.remove_feed("https://a.example/feed.xml") is True
    assert store.remove_feed("https://a.example/feed.xml") is False
    assert store.remove_feed(str(b.id)) is True
    assert store.remove_feed("999") is False
    assert store.list_feeds() == []


def test_validators_set_get_update(store: SQLStore) -> None:
    url = "https://a.example/feed.xml"
    assert store.get_validators(url) is None
    store.set_validators(url, Validators('"abc"', "Fri, 21 Feb 2025 10:00:00 GMT"), at="2025-02-21T10:00:00")
    assert store.get_validators(url) == Validators('"abc"', "Fri, 21 Feb 2025 10:00:00 GMT")
    store.set_validators(url, Validators(None, "Sat, 22 Feb 2025 10:00:00 GMT"), at="2025-02-22T10:00:00")
    assert store.get_validators(url) == Validators(None, "Sat, 22 Feb 2025 10:00:00 GMT")


def test_data_survives_reopening(db_url: str) -> None:
    with open_store(db_url) as store:
        store.add_document(make_document(), PASSAGES)
        store.add_feed("https://a.example/feed.xml", title="A", interval_minutes=30, added_at="t")
        store.log_fetch(FetchLogEntry("t", "s", "stored"))
    with open_store(db_url) as store:
        assert store.count_documents() == 1
        assert len(store.get_passages(1)) == 2
        assert [f.url for f in store.list_feeds()] == ["https://a.example/feed.xml"]
        assert store.fetch_log() == [FetchLogEntry("t", "s", "stored")]


# ── open_store and the default location ───────────────────────────────────────


def test_open_store_with_sqlite_url_and_plain_path(tmp_path: Path) -> None:
    target = tmp_path / "url.db"
    with open_store(f"sqlite:///{target}") as store:
        assert store.location == str(target)
    assert target.exists()
    with open_store(tmp_path / "plain.db") as store:
        assert store.location == str(tmp_path / "plain.db")
    with open_store(str(tmp_path / "text.db")) as store:
        assert store.schema_version() == LATEST
    assert (tmp_path / "plain.db").exists() and (tmp_path / "text.db").exists()


def test_open_store_relative_sqlite_url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    with open_store("sqlite:///relativ.db") as store:
        assert store.location == "relativ.db"
    assert (tmp_path / "relativ.db").exists()


def test_open_store_expands_the_home_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    with open_store("~/daten/news.db") as store:
        assert store.location == str(tmp_path / "daten" / "news.db")


def test_open_store_defaults_to_the_user_data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    assert default_db_path() == tmp_path / "xdg" / "newsdesk" / "newsdesk.db"
    for empty in (None, ""):
        with open_store(empty) as store:
            assert store.location == str(tmp_path / "xdg" / "newsdesk" / "newsdesk.db")
    assert (tmp_path / "xdg" / "newsdesk" / "newsdesk.db").exists()


@pytest.mark.parametrize(
    "url",
    [
        "postgresql://alice:s3cret@127.0.0.1:1/news",
        "postgres://alice:s3cret@127.0.0.1:1/news?sslmode=disable",
    ],
)
def test_unreachable_postgres_is_a_store_error_without_the_password(url: str) -> None:
    with pytest.raises(StoreError) as info:
        open_store(url)
    error = info.value
    shown = " ".join(filter(None, [str(error), error.message, error.source, error.hint, repr(error.args)]))
    assert "s3cret" not in shown and "alice" not in (error.source or "")
    assert "cannot connect to PostgreSQL" in error.message
    assert "127.0.0.1:1" in str(error)
    assert error.__cause__ is None and error.__suppress_context__  # the driver's message is not chained


def test_postgres_password_in_query_is_not_leaked() -> None:
    with pytest.raises(StoreError) as info:
        open_store("postgresql://127.0.0.1:1/news?user=alice&password=s3cret&connect_timeout=2")
    assert "s3cret" not in str(info.value) and "s3cret" not in repr(info.value.args)


@pytest.mark.postgresql
def test_postgres_store_location_has_no_password(pg_server: object, pg_url: str) -> None:
    from urllib.parse import urlsplit

    parts = urlsplit(pg_url)
    with_password = pg_url.replace(f"//{parts.username}@", f"//{parts.username}:s3cret@")
    with open_store(with_password) as store:
        assert isinstance(store, PostgresStore)
        assert "s3cret" not in store.location and store.location.startswith("postgresql://")
        assert store.count_documents() == 0


def test_unknown_url_scheme_is_unsupported() -> None:
    with pytest.raises(UnsupportedStoreError, match=r"mysql://") as info:
        open_store("mysql://bob:hunter2@db.example.org/news")
    assert "hunter2" not in str(info.value)
