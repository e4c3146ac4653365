-- Durable story ids and the event frame (the same changes as migrations/sqlite/0005_durable_stories.sql).
--
-- 1. Story ids come from an identity sequence, which never gives an id out twice; it is raised
--    (never lowered) above every id that an article or a story_writes row names, so ids restored
--    from a dump or written by hand are not given out again either.
-- 2. Retired ids: story_redirects maps a story id that a rebuild dissolved to the story that holds
--    most of its documents now.
-- 3. The event frame: per document (document_signals.frame, with the signals' version, so older
--    signals are computed again) and per story (stories.frame: counts of places, kinds, days).
-- 4. The entity index is ordered by (key, story_id), so finding recent stories that name a key
--    (follow-ups) reads only the rows of stories from the last weeks, not all of them.
SELECT setval(pg_get_serial_sequence('stories', 'id'), GREATEST(
    nextval(pg_get_serial_sequence('stories', 'id')),
    (SELECT COALESCE(MAX(id), 0) FROM stories),
    (SELECT COALESCE(MAX(story_id), 0) FROM articles),
    (SELECT COALESCE(MAX(story_id), 0) FROM story_writes)
));

ALTER TABLE stories ADD COLUMN frame TEXT NOT NULL DEFAULT '{}';

CREATE TABLE story_redirects (
    story_id BIGINT PRIMARY KEY,
    successor_id BIGINT NOT NULL,
    at TEXT NOT NULL
);

ALTER TABLE document_signals ADD COLUMN frame TEXT NOT NULL DEFAULT '{}';
ALTER TABLE document_signals ADD COLUMN version INTEGER NOT NULL DEFAULT 1;

DROP INDEX story_entities_key;
CREATE INDEX story_entities_key ON story_entities(key, story_id);
