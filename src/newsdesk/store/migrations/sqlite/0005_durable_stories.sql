-- Durable story ids and the event frame (the same changes as migrations/postgresql/0005_durable_stories.sql).
--
-- 1. Story ids are never given out again: `stories` is rebuilt with AUTOINCREMENT (SQLite cannot
--    add it to a table), and its high-water mark is raised above every id that an article or a
--    story_writes row names, so an id whose story a rebuild deleted before this migration is not
--    reused either. The child tables are copied and rebuilt around it (dropping `stories` while
--    they still reference it would cascade).
-- 2. Retired ids: story_redirects maps a story id that a rebuild dissolved to the story that holds
--    most of its documents now.
-- 3. The event frame: per document (document_signals.frame, with the signals' version, so older
--    signals are computed again) and per story (stories.frame: counts of places, kinds, days).
-- 4. The entity index is ordered by (key, story_id), so finding recent stories that name a key
--    (follow-ups) reads only the rows of stories from the last weeks, not all of them.
CREATE TABLE stories_0005 AS SELECT * FROM stories;
CREATE TABLE story_documents_0005 AS SELECT * FROM story_documents;
CREATE TABLE story_entities_0005 AS SELECT * FROM story_entities;
DROP TABLE story_entities;
DROP TABLE story_documents;
DROP TABLE stories;

CREATE TABLE stories (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    label TEXT NOT NULL,
    first_at REAL NOT NULL,
    last_at REAL NOT NULL,
    vector_sum BLOB NOT NULL,
    size INTEGER NOT NULL,
    quantities TEXT NOT NULL DEFAULT '{}',
    retrospective INTEGER NOT NULL DEFAULT 0,
    frame TEXT NOT NULL DEFAULT '{}',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX stories_time ON stories(last_at, first_at);
INSERT INTO stories (id, label, first_at, last_at, vector_sum, size, quantities, retrospective, created_at, updated_at)
    SELECT id, label, first_at, last_at, vector_sum, size, quantities, retrospective, created_at, updated_at
    FROM stories_0005;

CREATE TABLE story_documents (
    document_id INTEGER PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
    story_id INTEGER NOT NULL REFERENCES stories(id) ON DELETE CASCADE,
    score REAL NOT NULL
);
CREATE INDEX story_documents_story ON story_documents(story_id);
INSERT INTO story_documents (document_id, story_id, score) SELECT document_id, story_id, score FROM story_documents_0005;

CREATE TABLE story_entities (
    story_id INTEGER NOT NULL REFERENCES stories(id) ON DELETE CASCADE,
    key TEXT NOT NULL,
    count INTEGER NOT NULL,
    PRIMARY KEY (story_id, key)
);
CREATE INDEX story_entities_key ON story_entities(key, story_id);
INSERT INTO story_entities (story_id, key, count) SELECT story_id, key, count FROM story_entities_0005;

DROP TABLE story_entities_0005;
DROP TABLE story_documents_0005;
DROP TABLE stories_0005;

DELETE FROM sqlite_sequence WHERE name = 'stories';
INSERT INTO sqlite_sequence (name, seq) SELECT 'stories', MAX(high) FROM (
    SELECT COALESCE(MAX(id), 0) AS high FROM stories
    UNION ALL SELECT COALESCE(MAX(story_id), 0) FROM articles
    UNION ALL SELECT COALESCE(MAX(story_id), 0) FROM story_writes
);

CREATE TABLE story_redirects (
    story_id INTEGER PRIMARY KEY,
    successor_id INTEGER NOT NULL,
    at TEXT NOT NULL
);

ALTER TABLE document_signals ADD COLUMN frame TEXT NOT NULL DEFAULT '{}';
ALTER TABLE document_signals ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
