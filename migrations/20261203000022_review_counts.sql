-- Opening a review item reserves it for 15 minutes. No remembered result
-- reads a reservation, so reserving no longer moves the change counter (it
-- made the dashboard and the monthly review be worked out again after every
-- item a reviewer opened).
DROP TRIGGER data_changes_review_items_update;
CREATE TRIGGER data_changes_review_items_update
    AFTER UPDATE OF output_id, touchpoint_id, week, reason, random, created_at ON review_items
BEGIN UPDATE data_changes SET generation = generation + 1 WHERE id = 1; END;

-- Each reviewer's verdicts per week of review items, kept by triggers, so
-- the queue's "you did N" is a lookup instead of a join of every open
-- week's items with their verdicts (6 ms of each queue page at 65,000
-- verdicts). Verdicts and review items are never deleted.
CREATE TABLE reviewer_weeks (
    reviewer_id INTEGER NOT NULL,
    week        TEXT NOT NULL,
    reviewed    INTEGER NOT NULL,
    PRIMARY KEY (reviewer_id, week)
) WITHOUT ROWID;

INSERT INTO reviewer_weeks (reviewer_id, week, reviewed)
    SELECT v.reviewer_id, r.week, COUNT(*) FROM review_items r JOIN verdicts v ON v.output_id = r.output_id
    GROUP BY v.reviewer_id, r.week;

CREATE TRIGGER reviewer_weeks_verdict AFTER INSERT ON verdicts BEGIN
    INSERT INTO reviewer_weeks (reviewer_id, week, reviewed)
        SELECT NEW.reviewer_id, week, 1 FROM review_items WHERE output_id = NEW.output_id
        ON CONFLICT (reviewer_id, week) DO UPDATE SET reviewed = reviewed + 1;
END;

-- An output reviewed before it became a review item (flagged later).
CREATE TRIGGER reviewer_weeks_item AFTER INSERT ON review_items BEGIN
    INSERT INTO reviewer_weeks (reviewer_id, week, reviewed)
        SELECT reviewer_id, NEW.week, 1 FROM verdicts WHERE output_id = NEW.output_id
        ON CONFLICT (reviewer_id, week) DO UPDATE SET reviewed = reviewed + 1;
END;

-- An owner changing someone's verdict becomes its reviewer.
CREATE TRIGGER reviewer_weeks_moved AFTER UPDATE OF reviewer_id ON verdicts
    WHEN OLD.reviewer_id != NEW.reviewer_id
BEGIN
    UPDATE reviewer_weeks SET reviewed = reviewed - 1
        WHERE reviewer_id = OLD.reviewer_id AND week IN (SELECT week FROM review_items WHERE output_id = OLD.output_id);
    INSERT INTO reviewer_weeks (reviewer_id, week, reviewed)
        SELECT NEW.reviewer_id, week, 1 FROM review_items WHERE output_id = NEW.output_id
        ON CONFLICT (reviewer_id, week) DO UPDATE SET reviewed = reviewed + 1;
END;
