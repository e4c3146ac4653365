-- Documents, their passages, near-duplicate index, fetch log, feeds and HTTP validators.
CREATE TABLE documents (
    id INTEGER PRIMARY KEY,
    url TEXT UNIQUE,
    outlet TEXT NOT NULL,
    site_name TEXT,
    title TEXT NOT NULL,
    author TEXT,
    published TEXT,
    language TEXT NOT NULL,
    text TEXT NOT NULL,
    fetched_at TEXT NOT NULL,
    content_hash TEXT NOT NULL UNIQUE,
    duplicate_of INTEGER REFERENCES documents(id),
    source TEXT NOT NULL,
    kind TEXT NOT NULL,
    links TEXT NOT NULL DEFAULT '[]',
    minhash BLOB
);
CREATE INDEX documents_published ON documents(published);
CREATE INDEX documents_duplicate_of ON documents(duplicate_of);

-- Every URL a document is known by: its canonical URL and the URLs it was fetched from.
CREATE TABLE document_urls (
    url TEXT PRIMARY KEY,
    document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE
);

CREATE TABLE passages (
    document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    idx INTEGER NOT NULL,
    start_offset INTEGER NOT NULL,
    end_offset INTEGER NOT NULL,
    text TEXT NOT NULL,
    PRIMARY KEY (document_id, idx)
);

CREATE TABLE minhash_bands (
    band INTEGER NOT NULL,
    hash INTEGER NOT NULL,
    document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE
);
CREATE INDEX minhash_bands_lookup ON minhash_bands(band, hash);

CREATE TABLE fetch_log (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    source TEXT NOT NULL,
    url TEXT,
    status TEXT NOT NULL,
    reason TEXT,
    detail TEXT,
    http_status INTEGER,
    document_id INTEGER REFERENCES documents(id)
);
CREATE INDEX fetch_log_at ON fetch_log(at);

CREATE TABLE feeds (
    id INTEGER PRIMARY KEY,
    url TEXT NOT NULL UNIQUE,
    title TEXT,
    interval_minutes INTEGER NOT NULL,
    added_at TEXT NOT NULL,
    last_polled_at TEXT,
    last_status TEXT
);

CREATE TABLE http_validators (
    url TEXT PRIMARY KEY,
    etag TEXT,
    last_modified TEXT,
    updated_at TEXT NOT NULL
);
