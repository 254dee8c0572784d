-- Business facts and the fact checks run on every output at ingest.

-- The business's prices, hours, contacts, services and phrases never to
-- use, as one JSON document (model::facts::Facts); `version` grows with
-- each change so a cached checker knows when to rebuild.
CREATE TABLE business_facts (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    facts_json TEXT NOT NULL,
    version INTEGER NOT NULL,
    updated_at TEXT NOT NULL
);

-- The checks a touchpoint has chosen (a JSON list of check names); NULL
-- means the defaults for its kind.
ALTER TABLE touchpoints ADD COLUMN checks_json TEXT;

-- What the checks found: one row per finding, with the span of the output
-- it points at. A reviewer may mark it "not a problem" (kept, audited).
CREATE TABLE findings (
    id INTEGER PRIMARY KEY,
    output_id INTEGER NOT NULL REFERENCES outputs(id),
    touchpoint_id INTEGER NOT NULL REFERENCES touchpoints(id),
    week TEXT NOT NULL,
    check_name TEXT NOT NULL,
    span_start INTEGER NOT NULL,
    span_end INTEGER NOT NULL,
    message TEXT NOT NULL,
    found_at TEXT NOT NULL,
    dismissed_by INTEGER REFERENCES users(id),
    dismissed_at TEXT,
    dismiss_note TEXT
);
CREATE INDEX findings_output ON findings (output_id);
CREATE INDEX findings_touchpoint_week ON findings (touchpoint_id, week, check_name);
