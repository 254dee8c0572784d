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

-- Indexes the dashboard reads through: the current weeks' items with their
-- outputs (covering), verdict outcomes (covering), held outputs per touchpoint.
DROP INDEX review_items_by_week;
CREATE INDEX review_items_by_week ON review_items(week, touchpoint_id, output_id);
CREATE INDEX verdicts_outcome ON verdicts(output_id, verdict);
DROP INDEX outputs_pending;
CREATE INDEX outputs_pending ON outputs(touchpoint_id, received_at) WHERE status = 'pending';

-- Each touchpoint's weeks in numbers, kept by triggers in the same
-- transaction as the review item or verdict that changes them, so the
-- dashboard reads a few hundred rows instead of joining every verdict.
CREATE TABLE review_weeks (
    touchpoint_id  INTEGER NOT NULL REFERENCES touchpoints(id),
    week           TEXT NOT NULL,
    sampled        INTEGER NOT NULL DEFAULT 0,
    reviewed       INTEGER NOT NULL DEFAULT 0,
    failures       INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (touchpoint_id, week)
) WITHOUT ROWID;

INSERT INTO review_weeks (touchpoint_id, week, sampled, reviewed, failures)
    SELECT r.touchpoint_id, r.week, COUNT(*), COUNT(v.output_id), COALESCE(SUM(v.verdict != 'pass'), 0)
    FROM review_items r LEFT JOIN verdicts v ON v.output_id = r.output_id GROUP BY r.touchpoint_id, r.week;

CREATE TRIGGER review_weeks_sampled AFTER INSERT ON review_items BEGIN
    INSERT INTO review_weeks (touchpoint_id, week, sampled) VALUES (NEW.touchpoint_id, NEW.week, 1)
        ON CONFLICT (touchpoint_id, week) DO UPDATE SET sampled = sampled + 1;
END;

CREATE TRIGGER review_weeks_reviewed AFTER INSERT ON verdicts BEGIN
    UPDATE review_weeks SET reviewed = reviewed + 1, failures = failures + (NEW.verdict != 'pass')
        WHERE (touchpoint_id, week) = (SELECT touchpoint_id, week FROM review_items WHERE output_id = NEW.output_id);
END;

CREATE TRIGGER review_weeks_changed AFTER UPDATE OF verdict ON verdicts BEGIN
    UPDATE review_weeks SET failures = failures + (NEW.verdict != 'pass') - (OLD.verdict != 'pass')
        WHERE (touchpoint_id, week) = (SELECT touchpoint_id, week FROM review_items WHERE output_id = NEW.output_id);
END;
