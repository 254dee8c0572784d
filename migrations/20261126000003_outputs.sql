-- Outputs: one thing an AI produced, as it arrived. The row is written once;
-- later issues add verdicts and decisions in their own tables.

CREATE TABLE outputs (
    id                 INTEGER PRIMARY KEY,
    touchpoint_id      INTEGER NOT NULL REFERENCES touchpoints(id),
    external_id        TEXT,              -- the source tool's id; unique per touchpoint
    output             TEXT NOT NULL,
    input              TEXT,
    model              TEXT,
    metadata_json      TEXT,
    produced_at        TEXT NOT NULL,
    received_at        TEXT NOT NULL,
    content_hash       TEXT NOT NULL,     -- SHA-256 of `output`, to spot repeats
    length             INTEGER NOT NULL,  -- characters in `output`
    status             TEXT NOT NULL CHECK (status IN ('received', 'sampled', 'pending', 'approved', 'rejected')),
    source             TEXT NOT NULL CHECK (source IN ('api', 'upload', 'calendar', 'paste')),
    submitted_by       INTEGER REFERENCES users(id),  -- set when a person pasted it in
    booking_resource   TEXT,
    booking_starts_at  TEXT,
    booking_ends_at    TEXT,
    booking_customer   TEXT
);
-- NULL external ids never collide (SQLite treats NULLs as distinct).
CREATE UNIQUE INDEX outputs_by_external_id ON outputs(touchpoint_id, external_id);
CREATE INDEX outputs_by_time ON outputs(touchpoint_id, produced_at);
CREATE INDEX outputs_by_model ON outputs(touchpoint_id, model);
CREATE INDEX outputs_bookings ON outputs(touchpoint_id, booking_resource, booking_starts_at) WHERE booking_resource IS NOT NULL;
