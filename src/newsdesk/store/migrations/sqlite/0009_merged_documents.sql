-- A document that a merge moved into a story (a young story joined the story its follow-up
-- joined: StoryBuilder, merge_stories) keeps the publication time of the report whose arrival
-- merged it. When a report published before that time arrives late, the stories are taken back
-- to what they were then (rewind_stories), and the merge is undone with them: the moved
-- documents are clustered again. NULL: the document joined its story itself.
ALTER TABLE story_documents ADD COLUMN merged_at REAL;
