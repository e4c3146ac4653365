-- Watch mode (the same tables as migrations/sqlite/0004_watch.sql): one article version per story
-- and set of sources (also under concurrent writers), and a record of each story state the watcher has written (or failed to write): the writer and
-- the story's members (``members_key``) and their number, so a restarted watcher, or a second
-- worker, does not write the same state again.
DROP INDEX articles_sources;
CREATE UNIQUE INDEX articles_story_sources ON articles(story_id, sources_key);

CREATE TABLE story_writes (
    story_id BIGINT NOT NULL,
    members_key TEXT NOT NULL,
    members INTEGER NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('written', 'failed')),
    article_id BIGINT REFERENCES articles(id) ON DELETE SET NULL,
    detail TEXT,
    at TEXT NOT NULL,
    PRIMARY KEY (story_id, members_key)
);
CREATE INDEX story_writes_at ON story_writes(at);
