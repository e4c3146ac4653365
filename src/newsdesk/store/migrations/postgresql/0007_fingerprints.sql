-- Incremental work: what each article version was written from — its story's member documents
-- (ids and content hashes) and the writer's and verifier's settings — as one fingerprint, so that
-- a story that has not changed is not written or verified again, whichever front end wrote it;
-- and the settings part of each story state the watcher records, so that changed settings make
-- stories due again.
ALTER TABLE articles ADD COLUMN fingerprint TEXT;
ALTER TABLE story_writes ADD COLUMN settings_key TEXT NOT NULL DEFAULT '';
