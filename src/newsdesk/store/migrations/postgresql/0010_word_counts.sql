-- Document frequencies of content words (Signals.words), kept like entity_counts: how many
-- documents use each word (the same table as migrations/sqlite/0010_word_counts.sql). Filled
-- here from the signals already stored; put_signals moves the counts from then on.
CREATE TABLE word_counts (
    word TEXT PRIMARY KEY,
    documents INTEGER NOT NULL
);
INSERT INTO word_counts (word, documents)
    SELECT w.word, COUNT(*) FROM document_signals AS s,
        jsonb_array_elements_text(COALESCE(s.frame::jsonb -> 'words', '[]'::jsonb)) AS w(word)
    GROUP BY w.word;
