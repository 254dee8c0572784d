-- Touchpoints: every place where AI output reaches a customer or runs part
-- of the business. Everything else (outputs, samples, gates, drift) hangs
-- on a touchpoint.

CREATE TABLE touchpoints (
    id                 INTEGER PRIMARY KEY,
    name               TEXT NOT NULL UNIQUE COLLATE NOCASE,
    kind               TEXT NOT NULL CHECK (kind IN ('email', 'chatbot', 'scheduling', 'social', 'marketing', 'finance', 'other')),
    vendor             TEXT NOT NULL DEFAULT '',
    description        TEXT NOT NULL DEFAULT '',
    audience           TEXT NOT NULL CHECK (audience IN ('customers', 'staff')),
    stakes             TEXT NOT NULL CHECK (stakes IN ('high', 'low')),
    policy             TEXT NOT NULL CHECK (policy IN ('gate', 'sample', 'both')),
    -- How big the weekly spot check is (see stats::sample_size).
    sampling_mode      TEXT NOT NULL DEFAULT 'statistical' CHECK (sampling_mode IN ('statistical', 'fixed', 'percent')),
    failure_rate       REAL NOT NULL DEFAULT 0.05 CHECK (failure_rate > 0 AND failure_rate < 1),
    confidence         REAL NOT NULL DEFAULT 0.90 CHECK (confidence > 0 AND confidence < 1),
    fixed_per_week     INTEGER NOT NULL DEFAULT 20 CHECK (fixed_per_week >= 1),
    percent_per_week   REAL NOT NULL DEFAULT 10 CHECK (percent_per_week > 0 AND percent_per_week <= 100),
    -- JSON: [{"kind": "phrase" | "pattern" | "builtin", "text": "..."}]
    risk_rules_json    TEXT NOT NULL DEFAULT '[]',
    stage              TEXT NOT NULL DEFAULT 'pilot' CHECK (stage IN ('pilot', 'expanding', 'trusted', 'paused')),
    guidelines         TEXT NOT NULL DEFAULT '',
    -- JSON: ["item", ...] in order
    checklist_json     TEXT NOT NULL DEFAULT '[]',
    -- SHA-256 of the ingest token; the token itself is shown once.
    ingest_token_hash  TEXT NOT NULL UNIQUE,
    retired_at         TEXT,
    created_at         TEXT NOT NULL,
    updated_at         TEXT NOT NULL
);

CREATE TABLE touchpoint_stages (
    id             INTEGER PRIMARY KEY,
    touchpoint_id  INTEGER NOT NULL REFERENCES touchpoints(id),
    from_stage     TEXT,
    to_stage       TEXT NOT NULL,
    at             TEXT NOT NULL,
    actor          TEXT NOT NULL,
    note           TEXT NOT NULL DEFAULT ''
);
CREATE INDEX touchpoint_stages_by_touchpoint ON touchpoint_stages(touchpoint_id, id);
