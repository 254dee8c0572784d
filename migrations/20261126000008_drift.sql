-- Drift: per-day aggregates of each touchpoint's outputs, kept up to date by
-- the ingest writer in the same transaction, so that charts and detectors
-- never scan the outputs table.

CREATE TABLE output_days (
    touchpoint_id  INTEGER NOT NULL REFERENCES touchpoints(id),
    day            TEXT NOT NULL,             -- the business's local date, YYYY-MM-DD
    outputs        INTEGER NOT NULL DEFAULT 0,
    length_sum     INTEGER NOT NULL DEFAULT 0, -- characters
    length_sq_sum  REAL NOT NULL DEFAULT 0,
    with_link      INTEGER NOT NULL DEFAULT 0,
    with_price     INTEGER NOT NULL DEFAULT 0,
    with_phone     INTEGER NOT NULL DEFAULT 0,
    with_email     INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (touchpoint_id, day)
) WITHOUT ROWID;

CREATE INDEX review_items_by_touchpoint ON review_items(touchpoint_id, week);
