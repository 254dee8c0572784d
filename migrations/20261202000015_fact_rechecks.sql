-- Re-checking recent outputs after the facts change: one row per run,
-- with its progress, resumed after a restart from `last_output_id`.
CREATE TABLE fact_rechecks (
    id INTEGER PRIMARY KEY,
    started_by INTEGER REFERENCES users(id),
    since TEXT NOT NULL,
    last_output_id INTEGER NOT NULL DEFAULT 0,
    total INTEGER NOT NULL,
    done INTEGER NOT NULL DEFAULT 0,
    newly_flagged INTEGER NOT NULL DEFAULT 0,
    cleared INTEGER NOT NULL DEFAULT 0,
    started_at TEXT NOT NULL,
    finished_at TEXT,
    error TEXT
);

