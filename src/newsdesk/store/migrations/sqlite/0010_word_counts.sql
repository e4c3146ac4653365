-- Document frequencies of content words (Signals.words), kept like entity_counts: how many
-- documents use each word. A report that names no place is placed by the words it shares with a
-- story's reports (newsdesk.stories.choose.by_words); a word few documents of the store use
-- ("Erdfall", "Feuertonnen") tells more than one many use ("Polizei"). Filled here from the
-- signals already stored; put_signals moves the counts from then on.
CREATE TABLE word_counts (
    word TEXT PRIMARY KEY,
    documents INTEGER NOT NULL
);
INSERT INTO word_counts (word, documents)
    SELECT w.value, COUNT(*) FROM document_signals AS s, json_each(s.frame, '$.words') AS w
    WHERE json_valid(s.frame) GROUP BY w.value;
