-- Server-side sessions, a login rate limit that survives restarts, and a back-off for failing feeds.
--
-- A session (a browser login or an API token) is a row: logging out deletes it, a password change
-- or the removal of the editor deletes all of the editor's rows, so a copied cookie or token stops
-- working at once. Only the SHA-256 of the random session token is stored. Times are seconds since
-- the epoch.
CREATE TABLE sessions (
    id TEXT PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('browser', 'token')),
    created_at REAL NOT NULL,
    last_seen_at REAL NOT NULL,
    expires_at REAL NOT NULL
);
CREATE INDEX sessions_user ON sessions(user_id);
CREATE INDEX sessions_expires ON sessions(expires_at);

-- Failed logins per subject ("addr:<client address>", "name:<user name>") for the rate limit.
CREATE TABLE login_failures (
    id INTEGER PRIMARY KEY,
    subject TEXT NOT NULL,
    at REAL NOT NULL
);
CREATE INDEX login_failures_subject ON login_failures(subject, at);

-- A feed whose poll failed is polled again at next_poll_at (a back-off that doubles per failure).
ALTER TABLE feeds ADD COLUMN failures INTEGER NOT NULL DEFAULT 0;
ALTER TABLE feeds ADD COLUMN next_poll_at TEXT;
