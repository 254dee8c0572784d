-- The weekly spot check: which outputs were drawn for which week, why, and
-- who is looking at them; adaptive inspection per touchpoint; verdicts.

ALTER TABLE touchpoints ADD COLUMN inspection TEXT NOT NULL DEFAULT 'normal'
    CHECK (inspection IN ('normal', 'tightened', 'reduced', 'paused'));

-- One row per touchpoint and week once its sample is drawn (drawing twice changes nothing).
CREATE TABLE sample_draws (
    touchpoint_id  INTEGER NOT NULL REFERENCES touchpoints(id),
    week           TEXT NOT NULL,            -- ISO week, e.g. 2026-W48
    population     INTEGER NOT NULL,         -- outputs of the week that could be drawn
    planned        INTEGER NOT NULL,         -- the plan's size after inspection
    drawn          INTEGER NOT NULL,         -- random picks
    flagged        INTEGER NOT NULL,         -- added by risk rules
    inspection     TEXT NOT NULL,
    drawn_at       TEXT NOT NULL,
    PRIMARY KEY (touchpoint_id, week)
);

-- An output is in at most one queue, ever.
CREATE TABLE review_items (
    id              INTEGER PRIMARY KEY,
    output_id       INTEGER NOT NULL UNIQUE REFERENCES outputs(id),
    touchpoint_id   INTEGER NOT NULL REFERENCES touchpoints(id),
    week            TEXT NOT NULL,
    reason          TEXT NOT NULL,           -- 'random sample' or the risk rules that flagged it
    reserved_by     INTEGER REFERENCES users(id),
    reserved_until  TEXT,
    created_at      TEXT NOT NULL
);
CREATE INDEX review_items_by_week ON review_items(week, touchpoint_id);

CREATE TABLE verdicts (
    id               INTEGER PRIMARY KEY,
    output_id        INTEGER NOT NULL UNIQUE REFERENCES outputs(id),
    review_item_id   INTEGER REFERENCES review_items(id),
    reviewer_id      INTEGER NOT NULL REFERENCES users(id),
    verdict          TEXT NOT NULL CHECK (verdict IN ('pass', 'needs_fix', 'fail')),
    categories_json  TEXT NOT NULL DEFAULT '[]',
    checklist_json   TEXT NOT NULL DEFAULT '[]',
    note             TEXT NOT NULL DEFAULT '',
    corrected_text   TEXT,
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL
);
CREATE INDEX verdicts_by_reviewer ON verdicts(reviewer_id);

CREATE TABLE inspection_moves (
    id             INTEGER PRIMARY KEY,
    touchpoint_id  INTEGER NOT NULL REFERENCES touchpoints(id),
    week           TEXT NOT NULL,
    from_state     TEXT NOT NULL,
    to_state       TEXT NOT NULL,
    reason         TEXT NOT NULL,
    at             TEXT NOT NULL
);
CREATE INDEX inspection_moves_by_touchpoint ON inspection_moves(touchpoint_id, id);
