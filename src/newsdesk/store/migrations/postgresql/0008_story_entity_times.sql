-- Follow-up lookups read only recent rows of the entity index. Each (story, key) row carries the
-- time of the story's latest document that names the key, and the index is ordered by
-- (key, last_at): finding the stories that named a key in the last weeks reads those rows only,
-- however old the stories kept alive by follow-ups are, so its cost does not grow with the store.
-- Existing rows take their story's last time (at least as late as the true one, so no story that
-- was found before is missed).
ALTER TABLE story_entities ADD COLUMN last_at DOUBLE PRECISION NOT NULL DEFAULT 0;
UPDATE story_entities SET last_at = COALESCE((SELECT s.last_at FROM stories s WHERE s.id = story_entities.story_id), 0);
DROP INDEX story_entities_key;
CREATE INDEX story_entities_key ON story_entities(key, last_at);
