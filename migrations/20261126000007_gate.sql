-- The approval gate: held outputs, the people who approved or rejected them,
-- and the signed webhooks that tell the source tool.

-- Two-person rule (high stakes only), callback, escalation and hard timeout.
ALTER TABLE touchpoints ADD COLUMN second_signoff INTEGER NOT NULL DEFAULT 1;
ALTER TABLE touchpoints ADD COLUMN callback_url TEXT;
ALTER TABLE touchpoints ADD COLUMN webhook_secret TEXT;
ALTER TABLE touchpoints ADD COLUMN escalate_after_hours REAL NOT NULL DEFAULT 4 CHECK (escalate_after_hours > 0);
ALTER TABLE touchpoints ADD COLUMN hard_timeout_hours REAL CHECK (hard_timeout_hours IS NULL OR hard_timeout_hours > 0);
ALTER TABLE touchpoints ADD COLUMN timeout_action TEXT NOT NULL DEFAULT 'hold' CHECK (timeout_action IN ('hold', 'reject'));

CREATE INDEX outputs_pending ON outputs(received_at) WHERE status = 'pending';

-- One row per act on a held output. `final` marks the act that decided it.
CREATE TABLE approvals (
    id           INTEGER PRIMARY KEY,
    output_id    INTEGER NOT NULL REFERENCES outputs(id),
    user_id      INTEGER REFERENCES users(id),       -- NULL when the hard timeout rejected it
    actor        TEXT NOT NULL,
    act          TEXT NOT NULL CHECK (act IN ('approve', 'reject')),
    edited_text  TEXT,
    reason       TEXT NOT NULL DEFAULT '',
    final        INTEGER NOT NULL,
    at           TEXT NOT NULL
);
CREATE INDEX approvals_by_output ON approvals(output_id, id);
-- A held output is decided once.
CREATE UNIQUE INDEX approvals_one_final ON approvals(output_id) WHERE final = 1;

-- The durable webhook queue: written in the same transaction as the
-- decision, delivered and retried by the server.
CREATE TABLE webhook_deliveries (
    id               INTEGER PRIMARY KEY,
    touchpoint_id    INTEGER NOT NULL REFERENCES touchpoints(id),
    output_id        INTEGER NOT NULL REFERENCES outputs(id),
    url              TEXT NOT NULL,
    payload_json     TEXT NOT NULL,
    state            TEXT NOT NULL CHECK (state IN ('pending', 'delivered', 'failed')),
    attempts         INTEGER NOT NULL DEFAULT 0,
    next_attempt_at  TEXT NOT NULL,
    give_up_at       TEXT NOT NULL,
    created_at       TEXT NOT NULL,
    delivered_at     TEXT,
    last_error       TEXT
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries(next_attempt_at) WHERE state = 'pending';
CREATE INDEX webhook_deliveries_by_touchpoint ON webhook_deliveries(touchpoint_id, id);

CREATE TABLE webhook_attempts (
    id           INTEGER PRIMARY KEY,
    delivery_id  INTEGER NOT NULL REFERENCES webhook_deliveries(id),
    at           TEXT NOT NULL,
    status_code  INTEGER,
    error        TEXT,
    duration_ms  INTEGER NOT NULL
);
CREATE INDEX webhook_attempts_by_delivery ON webhook_attempts(delivery_id, id);
