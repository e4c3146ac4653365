-- Written articles with their versions and review state, the review trail, and editors.
-- An article version is immutable in what it was written from (story, sources, writer); its text
-- changes only through review actions, each of which is recorded in article_events.
CREATE TABLE articles (
    id INTEGER PRIMARY KEY,
    story_id INTEGER NOT NULL,
    version INTEGER NOT NULL,
    writer TEXT NOT NULL,
    sources_key TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'draft'
        CHECK (status IN ('draft', 'approved', 'rejected', 'published', 'withdrawn')),
    headline TEXT NOT NULL,
    body TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    reviewed_by TEXT,
    reviewed_at TEXT,
    published_at TEXT,
    UNIQUE (story_id, version)
);
CREATE INDEX articles_status ON articles(status, published_at);
CREATE INDEX articles_sources ON articles(story_id, sources_key);

CREATE TABLE article_events (
    id INTEGER PRIMARY KEY,
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    detail TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX article_events_article ON article_events(article_id, id);

CREATE TABLE users (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    password_hash TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
