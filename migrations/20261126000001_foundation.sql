-- Foundation: the business, its people, their sessions, and the audit log.
-- Timestamps are UTC RFC 3339 text (sortable as text).

CREATE TABLE business (
    id          INTEGER PRIMARY KEY CHECK (id = 1), -- one business per install
    name        TEXT NOT NULL,
    timezone    TEXT NOT NULL,
    week_start  TEXT NOT NULL DEFAULT 'monday',
    created_at  TEXT NOT NULL
);

CREATE TABLE users (
    id             INTEGER PRIMARY KEY,
    email          TEXT NOT NULL UNIQUE COLLATE NOCASE,
    name           TEXT NOT NULL,
    role           TEXT NOT NULL CHECK (role IN ('owner', 'senior', 'reviewer')),
    password_hash  TEXT NOT NULL,
    active         INTEGER NOT NULL DEFAULT 1,
    created_at     TEXT NOT NULL
);

-- Only a hash of the session token is stored, so a copy of the database
-- does not let anyone log in.
CREATE TABLE sessions (
    token_hash    TEXT PRIMARY KEY,
    user_id       INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    created_at    TEXT NOT NULL,
    last_seen_at  TEXT NOT NULL
);
CREATE INDEX sessions_by_user ON sessions(user_id);

CREATE TABLE audit_log (
    id             INTEGER PRIMARY KEY,
    at             TEXT NOT NULL,
    actor_user_id  INTEGER REFERENCES users(id),
    actor          TEXT NOT NULL,  -- who, as shown to people: a user's email, 'cli' or 'system'
    action         TEXT NOT NULL,  -- e.g. 'user.create', 'touchpoint.stage'
    object_type    TEXT NOT NULL,
    object_id      TEXT,
    before_json    TEXT,
    after_json     TEXT
);
CREATE INDEX audit_log_by_object ON audit_log(object_type, object_id);
CREATE INDEX audit_log_by_time ON audit_log(at);
