-- One-time links to set a new password, sent by email. Only the SHA-256 of
-- the link's token is kept, so a copy of the database cannot be used to
-- take over an account.
CREATE TABLE password_resets (
    token_hash  TEXT PRIMARY KEY,
    user_id     INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    created_at  TEXT NOT NULL,
    expires_at  TEXT NOT NULL,
    used_at     TEXT
);
CREATE INDEX password_resets_by_user ON password_resets(user_id);
