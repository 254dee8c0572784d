-- File imports waiting for their column mapping, running, or finished.
-- The uploaded file is kept only until the import finishes.

CREATE TABLE imports (
    id             INTEGER PRIMARY KEY,
    touchpoint_id  INTEGER NOT NULL REFERENCES touchpoints(id),
    user_id        INTEGER NOT NULL REFERENCES users(id),
    file_name      TEXT NOT NULL,
    format         TEXT NOT NULL CHECK (format IN ('csv', 'jsonl', 'ics')),
    content        BLOB,
    status         TEXT NOT NULL CHECK (status IN ('uploaded', 'running', 'done', 'failed')),
    total          INTEGER NOT NULL DEFAULT 0,
    processed      INTEGER NOT NULL DEFAULT 0,
    stored         INTEGER NOT NULL DEFAULT 0,
    duplicates     INTEGER NOT NULL DEFAULT 0,
    errors_json    TEXT NOT NULL DEFAULT '[]',
    created_at     TEXT NOT NULL,
    finished_at    TEXT
);
CREATE INDEX imports_by_touchpoint ON imports(touchpoint_id, id);
