-- Honest spot checks. The statistics count only outputs the random draw
-- picked; outputs flagged by rules or double bookings are reviewed the same
-- way and counted beside it. A week drawn before all its outputs arrived is
-- topped up; one quality incident is one alert that gathers its evidence;
-- a monthly decision remembers the stage it started from.

-- 1 when the random draw picked the output (the only reviews the figures use).
ALTER TABLE review_items ADD COLUMN random INTEGER NOT NULL DEFAULT 0 CHECK (random IN (0, 1));
UPDATE review_items SET random = 1 WHERE reason LIKE 'random sample%';

-- The highest output id the week's draw has seen (later ones are a top-up's
-- to draw), how many outputs the week had then, and how many top-ups ran.
ALTER TABLE sample_draws ADD COLUMN last_output_id INTEGER NOT NULL DEFAULT 0;
ALTER TABLE sample_draws ADD COLUMN seen INTEGER NOT NULL DEFAULT 0;
ALTER TABLE sample_draws ADD COLUMN top_ups INTEGER NOT NULL DEFAULT 0;
-- An existing draw has seen every output received before it: only outputs
-- received after it are a top-up's to draw (so an upgrade re-draws nothing).
UPDATE sample_draws SET seen = population,
    last_output_id = COALESCE((SELECT MAX(o.id) FROM outputs o
        WHERE o.touchpoint_id = sample_draws.touchpoint_id AND o.received_at <= sample_draws.drawn_at), 0);

-- review_weeks: sampled / reviewed / failures are now the random sample's
-- only; flagged* count the outputs reviewed outside it.
ALTER TABLE review_weeks ADD COLUMN flagged INTEGER NOT NULL DEFAULT 0;
ALTER TABLE review_weeks ADD COLUMN flagged_reviewed INTEGER NOT NULL DEFAULT 0;
ALTER TABLE review_weeks ADD COLUMN flagged_failures INTEGER NOT NULL DEFAULT 0;
DELETE FROM review_weeks;
INSERT INTO review_weeks (touchpoint_id, week, sampled, reviewed, failures, flagged, flagged_reviewed, flagged_failures)
    SELECT r.touchpoint_id, r.week,
        SUM(r.random), SUM(r.random AND v.id IS NOT NULL), COALESCE(SUM(r.random AND v.verdict != 'pass'), 0),
        SUM(1 - r.random), SUM(r.random = 0 AND v.id IS NOT NULL), COALESCE(SUM(r.random = 0 AND v.verdict != 'pass'), 0)
    FROM review_items r LEFT JOIN verdicts v ON v.output_id = r.output_id GROUP BY r.touchpoint_id, r.week;

DROP TRIGGER review_weeks_sampled;
DROP TRIGGER review_weeks_reviewed;
DROP TRIGGER review_weeks_changed;

CREATE TRIGGER review_weeks_sampled AFTER INSERT ON review_items BEGIN
    INSERT INTO review_weeks (touchpoint_id, week, sampled, flagged) VALUES (NEW.touchpoint_id, NEW.week, NEW.random, 1 - NEW.random)
        ON CONFLICT (touchpoint_id, week) DO UPDATE SET sampled = sampled + excluded.sampled, flagged = flagged + excluded.flagged;
END;

-- A flagged item the random draw then picks moves into the sample's counts.
CREATE TRIGGER review_weeks_picked AFTER UPDATE OF random ON review_items WHEN OLD.random = 0 AND NEW.random = 1 BEGIN
    UPDATE review_weeks SET sampled = sampled + 1, flagged = flagged - 1,
        reviewed = reviewed + (SELECT COUNT(*) FROM verdicts v WHERE v.output_id = NEW.output_id),
        flagged_reviewed = flagged_reviewed - (SELECT COUNT(*) FROM verdicts v WHERE v.output_id = NEW.output_id),
        failures = failures + (SELECT COUNT(*) FROM verdicts v WHERE v.output_id = NEW.output_id AND v.verdict != 'pass'),
        flagged_failures = flagged_failures - (SELECT COUNT(*) FROM verdicts v WHERE v.output_id = NEW.output_id AND v.verdict != 'pass')
        WHERE touchpoint_id = NEW.touchpoint_id AND week = NEW.week;
END;

CREATE TRIGGER review_weeks_reviewed AFTER INSERT ON verdicts BEGIN
    UPDATE review_weeks SET
        reviewed = reviewed + r.random, failures = failures + r.random * (NEW.verdict != 'pass'),
        flagged_reviewed = flagged_reviewed + (1 - r.random), flagged_failures = flagged_failures + (1 - r.random) * (NEW.verdict != 'pass')
        FROM (SELECT touchpoint_id, week, random FROM review_items WHERE output_id = NEW.output_id) AS r
        WHERE review_weeks.touchpoint_id = r.touchpoint_id AND review_weeks.week = r.week;
END;

CREATE TRIGGER review_weeks_changed AFTER UPDATE OF verdict ON verdicts BEGIN
    UPDATE review_weeks SET
        failures = failures + r.random * ((NEW.verdict != 'pass') - (OLD.verdict != 'pass')),
        flagged_failures = flagged_failures + (1 - r.random) * ((NEW.verdict != 'pass') - (OLD.verdict != 'pass'))
        FROM (SELECT touchpoint_id, week, random FROM review_items WHERE output_id = NEW.output_id) AS r
        WHERE review_weeks.touchpoint_id = r.touchpoint_id AND review_weeks.week = r.week;
END;

-- The queue is read oldest week first, whatever the week.
CREATE INDEX review_items_open ON review_items(week, id);

-- Incidents: a signal family ("quality:3") has at most one open alert; later
-- weeks add their evidence to it. `level` is how bad it looked when it last
-- emailed (a clearly worse level emails once more); `recovered_at` closes the
-- incident for new evidence without acknowledging it.
ALTER TABLE alerts ADD COLUMN incident TEXT;
ALTER TABLE alerts ADD COLUMN level REAL;
ALTER TABLE alerts ADD COLUMN recovered_at TEXT;
CREATE INDEX alerts_incident ON alerts(incident) WHERE incident IS NOT NULL;

CREATE TABLE alert_updates (
    id             INTEGER PRIMARY KEY,
    alert_id       INTEGER NOT NULL REFERENCES alerts(id),
    cause_key      TEXT NOT NULL UNIQUE,
    title          TEXT NOT NULL,
    evidence_json  TEXT NOT NULL DEFAULT '{}',
    at             TEXT NOT NULL
);
CREATE INDEX alert_updates_by_alert ON alert_updates(alert_id, id);

-- The stage a touchpoint had when the month's decision was first saved, so
-- saving or changing the decision again moves it from there, not further.
ALTER TABLE monthly_decisions ADD COLUMN stage_before TEXT;
