-- Email: an outbox written in the same transaction as the business action
-- (one row per email, never twice: dedupe_key), delivery attempts, the
-- scheduler's record of which job ran for which period, and the monthly
-- drift review.

CREATE TABLE email_outbox (
    id               INTEGER PRIMARY KEY,
    dedupe_key       TEXT NOT NULL UNIQUE,      -- e.g. monthly-review:2026-11:1
    to_address       TEXT NOT NULL,
    template         TEXT NOT NULL,             -- which email (rendered when sent or shown)
    data_json        TEXT NOT NULL,
    subject          TEXT NOT NULL,
    state            TEXT NOT NULL CHECK (state IN ('pending', 'sent', 'failed')),
    attempts         INTEGER NOT NULL DEFAULT 0,
    next_attempt_at  TEXT NOT NULL,
    created_at       TEXT NOT NULL,
    sent_at          TEXT,
    last_error       TEXT,
    smtp_reply       TEXT
);
CREATE INDEX email_outbox_due ON email_outbox(next_attempt_at) WHERE state = 'pending';
CREATE INDEX email_outbox_recent ON email_outbox(created_at);

CREATE TABLE email_attempts (
    id         INTEGER PRIMARY KEY,
    email_id   INTEGER NOT NULL REFERENCES email_outbox(id),
    at         TEXT NOT NULL,
    ok         INTEGER NOT NULL,
    detail     TEXT NOT NULL              -- the server's reply or the error
);
CREATE INDEX email_attempts_by_email ON email_attempts(email_id, id);

-- A scheduled job runs once per period (slot), even across restarts.
CREATE TABLE job_runs (
    job     TEXT NOT NULL,
    slot    TEXT NOT NULL,                -- e.g. 2026-W48, 2026-11
    ran_at  TEXT NOT NULL,
    PRIMARY KEY (job, slot)
) WITHOUT ROWID;

-- When the monthly reminder goes out: 'first-monday' or a day of the month 1–28, at an hour.
ALTER TABLE business ADD COLUMN monthly_day TEXT NOT NULL DEFAULT 'first-monday';
ALTER TABLE business ADD COLUMN monthly_hour INTEGER NOT NULL DEFAULT 9 CHECK (monthly_hour BETWEEN 0 AND 23);

CREATE TABLE monthly_decisions (
    month          TEXT NOT NULL,         -- the month reviewed, 2026-11
    touchpoint_id  INTEGER NOT NULL REFERENCES touchpoints(id),
    decision       TEXT NOT NULL CHECK (decision IN ('keep', 'expand', 'narrow', 'pause')),
    note           TEXT NOT NULL DEFAULT '',
    decided_by     INTEGER NOT NULL REFERENCES users(id),
    decided_at     TEXT NOT NULL,
    PRIMARY KEY (month, touchpoint_id)
);

CREATE TABLE monthly_reviews (
    month         TEXT PRIMARY KEY,
    completed_by  INTEGER NOT NULL REFERENCES users(id),
    completed_at  TEXT NOT NULL,
    note          TEXT NOT NULL DEFAULT ''
);
