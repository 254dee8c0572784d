-- What the inspection state reacts to besides reviewed weeks (a new model,
-- an owner resuming a paused touchpoint), the models each touchpoint has
-- used, and alerts for the owner.

CREATE TABLE inspection_events (
    id               INTEGER PRIMARY KEY,
    touchpoint_id    INTEGER NOT NULL REFERENCES touchpoints(id),
    week             TEXT NOT NULL,     -- the week it happened in (it counts from that week's draw)
    kind             TEXT NOT NULL CHECK (kind IN ('model_changed', 'resumed')),
    from_model       TEXT,
    to_model         TEXT,
    first_output_id  INTEGER REFERENCES outputs(id),
    note             TEXT NOT NULL DEFAULT '',
    actor            TEXT NOT NULL,     -- 'system' when detected, else who reported it
    happened_at      TEXT NOT NULL
);
CREATE INDEX inspection_events_by_touchpoint ON inspection_events(touchpoint_id, week, id);

-- Every model value a touchpoint has produced with, so a new one is noticed
-- without scanning its outputs.
CREATE TABLE touchpoint_models (
    touchpoint_id   INTEGER NOT NULL REFERENCES touchpoints(id),
    model           TEXT NOT NULL,
    first_seen_at   TEXT NOT NULL,
    PRIMARY KEY (touchpoint_id, model)
) WITHOUT ROWID;
INSERT INTO touchpoint_models (touchpoint_id, model, first_seen_at)
    SELECT touchpoint_id, model, MIN(produced_at) FROM outputs WHERE model IS NOT NULL GROUP BY touchpoint_id, model;

-- Alerts: raised once per cause (cause_key), acknowledged by a person.
CREATE TABLE alerts (
    id               INTEGER PRIMARY KEY,
    touchpoint_id    INTEGER REFERENCES touchpoints(id),
    kind             TEXT NOT NULL CHECK (kind IN ('model_change', 'quality', 'shape', 'volume', 'conflict', 'paused', 'escalation')),
    cause_key        TEXT NOT NULL UNIQUE,
    title            TEXT NOT NULL,
    evidence_json    TEXT NOT NULL DEFAULT '{}',
    raised_at        TEXT NOT NULL,
    acknowledged_by  INTEGER REFERENCES users(id),
    acknowledged_at  TEXT,
    ack_note         TEXT
);
CREATE INDEX alerts_open ON alerts(acknowledged_at, raised_at);
