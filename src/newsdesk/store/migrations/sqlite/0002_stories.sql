-- Stories: cached embeddings and signals per document, stories with their running centroid and
-- entity counts (indexed for incremental candidate search), and document frequencies for IDF.
CREATE TABLE embeddings (
    document_id INTEGER PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
    model TEXT NOT NULL,
    vector BLOB NOT NULL
);

CREATE TABLE document_signals (
    document_id INTEGER PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
    at REAL NOT NULL,
    entities TEXT NOT NULL,
    names TEXT NOT NULL DEFAULT '{}',
    quantities TEXT NOT NULL,
    retrospective INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE stories (
    id INTEGER PRIMARY KEY,
    label TEXT NOT NULL,
    first_at REAL NOT NULL,
    last_at REAL NOT NULL,
    vector_sum BLOB NOT NULL,
    size INTEGER NOT NULL,
    quantities TEXT NOT NULL DEFAULT '{}',
    retrospective INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX stories_time ON stories(last_at, first_at);

CREATE TABLE story_documents (
    document_id INTEGER PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
    story_id INTEGER NOT NULL REFERENCES stories(id) ON DELETE CASCADE,
    score REAL NOT NULL
);
CREATE INDEX story_documents_story ON story_documents(story_id);

CREATE TABLE story_entities (
    story_id INTEGER NOT NULL REFERENCES stories(id) ON DELETE CASCADE,
    key TEXT NOT NULL,
    count INTEGER NOT NULL,
    PRIMARY KEY (story_id, key)
);
CREATE INDEX story_entities_key ON story_entities(key);

CREATE TABLE entity_counts (
    key TEXT PRIMARY KEY,
    documents INTEGER NOT NULL
);
