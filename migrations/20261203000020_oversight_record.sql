-- The oversight record. Exports read each output's deliveries by output.
CREATE INDEX webhook_deliveries_by_output ON webhook_deliveries(output_id);
-- Retention: output text is kept this many months (0 = forever); the
-- statistics, verdicts and audit entries are kept regardless.
ALTER TABLE business ADD COLUMN keep_text_months INTEGER NOT NULL DEFAULT 24;
-- When an output's text (and input) was removed, and why: 'retention'
-- or 'forget'. The row, its figures and its verdict stay.
ALTER TABLE outputs ADD COLUMN text_removed_at TEXT;
ALTER TABLE outputs ADD COLUMN text_removed_why TEXT;
