-- A log nobody can quietly change: each audit row carries the SHA-256 of
-- its own content and of the row before it (`prev_hash`). The app fills
-- them in (SQLite has no SHA-256); rows written by an earlier release are
-- chained once, at the first start after this migration.
ALTER TABLE audit_log ADD COLUMN prev_hash TEXT;
ALTER TABLE audit_log ADD COLUMN hash TEXT;
