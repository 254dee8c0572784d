-- Capture with no code: a mailbox polled over IMAP and a calendar feed per
-- touchpoint. A cancelled or removed calendar event frees its booking's slot.
-- (Outputs also gain the source 'mailbox', alerts the kind 'capture' and
-- imports the format 'eml': SQLite cannot alter a CHECK constraint, so
-- `db::migrate` widens those three checks after the migrations; see
-- domain/src/db/widen.rs.)

ALTER TABLE outputs ADD COLUMN booking_cancelled_at TEXT;

-- Where a touchpoint's outputs are captured from: at most one mailbox or
-- one calendar feed each. The password or feed address is sealed with the
-- server's key (never stored in clear). `cursor_*` is the IMAP position
-- (UIDVALIDITY and the last UID taken) or the feed's ETag / Last-Modified.
CREATE TABLE captures (
    touchpoint_id    INTEGER PRIMARY KEY REFERENCES touchpoints(id),
    kind             TEXT NOT NULL CHECK (kind IN ('mailbox', 'feed')),
    host             TEXT NOT NULL,       -- IMAP host, or the feed's host (shown, not secret)
    port             INTEGER NOT NULL DEFAULT 0,
    tls              TEXT NOT NULL DEFAULT 'implicit' CHECK (tls IN ('implicit', 'starttls', 'plain')),
    username         TEXT NOT NULL DEFAULT '',
    folder           TEXT NOT NULL DEFAULT '',
    secret_sealed    TEXT NOT NULL,       -- the mailbox password or the feed address
    since            TEXT,                -- take messages from this time on (NULL: all after the cursor)
    cursor_validity  INTEGER,
    cursor_uid       INTEGER NOT NULL DEFAULT 0,
    cursor_etag      TEXT,
    cursor_modified  TEXT,
    backlog          INTEGER NOT NULL DEFAULT 0,  -- messages still to take
    last_ok_at       TEXT,
    failing_since    TEXT,
    last_problem     TEXT,
    next_at          TEXT NOT NULL,       -- when to fetch next
    created_at       TEXT NOT NULL,
    created_by       INTEGER REFERENCES users(id)
);

-- Calendar events a feed has given, by external id (the UID, or UID and
-- start for one occurrence of a recurring event), so a changed event
-- replaces its booking and a removed one frees its slot.
CREATE TABLE feed_events (
    touchpoint_id    INTEGER NOT NULL REFERENCES touchpoints(id),
    external_id      TEXT NOT NULL,
    output_id        INTEGER NOT NULL REFERENCES outputs(id),
    version          TEXT NOT NULL,       -- SEQUENCE and LAST-MODIFIED, compared as text
    starts_at        TEXT NOT NULL,
    PRIMARY KEY (touchpoint_id, external_id)
);

-- What capture did, in plain words, for the touchpoint page.
CREATE TABLE capture_log (
    id               INTEGER PRIMARY KEY,
    touchpoint_id    INTEGER NOT NULL REFERENCES touchpoints(id),
    at               TEXT NOT NULL,
    problem          INTEGER NOT NULL DEFAULT 0 CHECK (problem IN (0, 1)),
    message          TEXT NOT NULL
);
CREATE INDEX capture_log_by_touchpoint ON capture_log(touchpoint_id, id);
