-- One-tap decisions from the sign-off email: each link is bound to one
-- person, one held output and one decision, valid until `expires_at`, and
-- used at most once. Only the token's SHA-256 is kept.
CREATE TABLE decision_links (
    id INTEGER PRIMARY KEY,
    token_hash TEXT NOT NULL UNIQUE,
    user_id INTEGER NOT NULL REFERENCES users(id),
    output_id INTEGER NOT NULL REFERENCES outputs(id),
    decision TEXT NOT NULL CHECK (decision IN ('approve', 'reject')),
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    used_at TEXT
);
CREATE INDEX decision_links_by_output ON decision_links (output_id);

-- Owners may require a logged-in decision every time (no links in emails).
ALTER TABLE touchpoints ADD COLUMN email_decisions INTEGER NOT NULL DEFAULT 1;
