-- The monthly review gathers a dozen tables for every live touchpoint, so
-- the app keeps the result in memory between requests. This counter moves
-- with every write to a table that the review reads, inside the writing
-- transaction (by the triggers below), whichever process writes; a copy
-- made at an older count is never served.
CREATE TABLE data_changes (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    generation INTEGER NOT NULL
);
INSERT INTO data_changes (id, generation) VALUES (1, 0);

CREATE TRIGGER data_changes_alerts_insert AFTER INSERT ON alerts BEGIN UPDATE data_changes SET generation = generation + 1 WHERE id = 1; END;
CREATE TRIGGER data_changes_alerts_update AFTER UPDATE ON alerts BEGIN UPDATE data_changes SET generation = generation + 1 WHERE id = 1; END;
CREATE TRIGGER data_changes_alerts_delete AFTER DELETE ON alerts BEGIN UPDATE data_changes SET generation = generation + 1 WHERE id = 1; END;

CREATE TRIGGER data_changes_alert_updates_insert AFTER INSERT ON alert_updates BEGIN UPDATE data_changes SET generation = generation + 1 WHERE id = 1; END;
CREATE TRIGGER data_changes_alert_updates_update AFTER UPDATE ON alert_updates BEGIN UPDATE data_changes SET generation = generation + 1 WHERE id = 1; END;
CREATE TRIGGER data_changes_alert_updates_delete AFTER DELETE ON alert_updates BEGIN UPDATE data_changes SET generation = generation + 1 WHERE id = 1; END;

CREATE TRIGGER data_changes_business_insert AFTER INSERT ON business BEGIN UPDATE data_changes SET generation = generation + 1 WHERE id = 1; END;
CREATE TRIGGER data_changes_business_update AFTER UPDATE ON business BEGIN UPDATE data_changes SET generation = generation + 1 WHERE id = 1; END;
CREATE TRIGGER data_changes_business_delete AFTER DELETE ON business BEGIN UPDATE data_changes SET generation = generation + 1 WHERE id = 1; END;

CREATE TRIGGER data_changes_findings_insert AFTER INSERT ON findings BEGIN UPDATE data_changes SET generation = generation + 1 WHERE id = 1; END;
CREATE TRIGGER data_changes_findings_update AFTER UPDATE ON findings BEGIN UPDATE data_changes SET generation = generation + 1 WHERE id = 1; END;
CREATE TRIGGER data_changes_findings_delete AFTER DELETE ON findings BEGIN UPDATE data_changes SET generation = generation + 1 WHERE id = 1; END;

CREATE TRIGGER data_changes_inspection_events_insert AFTER INSERT ON inspection_events BEGIN UPDATE data_changes SET generation = generation + 1 WHERE id = 1; END;
CREATE TRIGGER data_changes_inspection_events_update AFTER UPDATE ON inspection_events BEGIN UPDATE data_changes SET generation = generation + 1 WHERE id = 1; END;
CREATE TRIGGER data_changes_inspection_events_delete AFTER DELETE ON inspection_events BEGIN UPDATE data_changes SET generation = generation + 1 WHERE id = 1; END;

CREATE TRIGGER data_changes_monthly_decisions_insert AFTER INSERT ON monthly_decisions BEGIN UPDATE data_changes SET generation = generation + 1 WHERE id = 1; END;
CREATE TRIGGER data_changes_monthly_decisions_update AFTER UPDATE ON monthly_decisions BEGIN UPDATE data_changes SET generation = generation + 1 WHERE id = 1; END;
CREATE TRIGGER data_changes_monthly_decisions_delete AFTER DELETE ON monthly_decisions BEGIN UPDATE data_changes SET generation = generation + 1 WHERE id = 1; END;

CREATE TRIGGER data_changes_monthly_reviews_insert AFTER INSERT ON monthly_reviews BEGIN UPDATE data_changes SET generation = generation + 1 WHERE id = 1; END;
CREATE TRIGGER data_changes_monthly_reviews_update AFTER UPDATE ON monthly_reviews BEGIN UPDATE data_changes SET generation = generation + 1 WHERE id = 1; END;
CREATE TRIGGER data_changes_monthly_reviews_delete AFTER DELETE ON monthly_reviews BEGIN UPDATE data_changes SET generation = generation + 1 WHERE id = 1; END;

CREATE TRIGGER data_changes_output_days_insert AFTER INSERT ON output_days BEGIN UPDATE data_changes SET generation = generation + 1 WHERE id = 1; END;
CREATE TRIGGER data_changes_output_days_update AFTER UPDATE ON output_days BEGIN UPDATE data_changes SET generation = generation + 1 WHERE id = 1; END;
CREATE TRIGGER data_changes_output_days_delete AFTER DELETE ON output_days BEGIN UPDATE data_changes SET generation = generation + 1 WHERE id = 1; END;

CREATE TRIGGER data_changes_outputs_insert AFTER INSERT ON outputs BEGIN UPDATE data_changes SET generation = generation + 1 WHERE id = 1; END;
CREATE TRIGGER data_changes_outputs_update AFTER UPDATE ON outputs BEGIN UPDATE data_changes SET generation = generation + 1 WHERE id = 1; END;
CREATE TRIGGER data_changes_outputs_delete AFTER DELETE ON outputs BEGIN UPDATE data_changes SET generation = generation + 1 WHERE id = 1; END;

CREATE TRIGGER data_changes_review_items_insert AFTER INSERT ON review_items BEGIN UPDATE data_changes SET generation = generation + 1 WHERE id = 1; END;
CREATE TRIGGER data_changes_review_items_update AFTER UPDATE ON review_items BEGIN UPDATE data_changes SET generation = generation + 1 WHERE id = 1; END;
CREATE TRIGGER data_changes_review_items_delete AFTER DELETE ON review_items BEGIN UPDATE data_changes SET generation = generation + 1 WHERE id = 1; END;

CREATE TRIGGER data_changes_review_weeks_insert AFTER INSERT ON review_weeks BEGIN UPDATE data_changes SET generation = generation + 1 WHERE id = 1; END;
CREATE TRIGGER data_changes_review_weeks_update AFTER UPDATE ON review_weeks BEGIN UPDATE data_changes SET generation = generation + 1 WHERE id = 1; END;
CREATE TRIGGER data_changes_review_weeks_delete AFTER DELETE ON review_weeks BEGIN UPDATE data_changes SET generation = generation + 1 WHERE id = 1; END;

CREATE TRIGGER data_changes_sample_draws_insert AFTER INSERT ON sample_draws BEGIN UPDATE data_changes SET generation = generation + 1 WHERE id = 1; END;
CREATE TRIGGER data_changes_sample_draws_update AFTER UPDATE ON sample_draws BEGIN UPDATE data_changes SET generation = generation + 1 WHERE id = 1; END;
CREATE TRIGGER data_changes_sample_draws_delete AFTER DELETE ON sample_draws BEGIN UPDATE data_changes SET generation = generation + 1 WHERE id = 1; END;

CREATE TRIGGER data_changes_touchpoints_insert AFTER INSERT ON touchpoints BEGIN UPDATE data_changes SET generation = generation + 1 WHERE id = 1; END;
CREATE TRIGGER data_changes_touchpoints_update AFTER UPDATE ON touchpoints BEGIN UPDATE data_changes SET generation = generation + 1 WHERE id = 1; END;
CREATE TRIGGER data_changes_touchpoints_delete AFTER DELETE ON touchpoints BEGIN UPDATE data_changes SET generation = generation + 1 WHERE id = 1; END;

CREATE TRIGGER data_changes_touchpoint_stages_insert AFTER INSERT ON touchpoint_stages BEGIN UPDATE data_changes SET generation = generation + 1 WHERE id = 1; END;
CREATE TRIGGER data_changes_touchpoint_stages_update AFTER UPDATE ON touchpoint_stages BEGIN UPDATE data_changes SET generation = generation + 1 WHERE id = 1; END;
CREATE TRIGGER data_changes_touchpoint_stages_delete AFTER DELETE ON touchpoint_stages BEGIN UPDATE data_changes SET generation = generation + 1 WHERE id = 1; END;

CREATE TRIGGER data_changes_users_insert AFTER INSERT ON users BEGIN UPDATE data_changes SET generation = generation + 1 WHERE id = 1; END;
CREATE TRIGGER data_changes_users_update AFTER UPDATE ON users BEGIN UPDATE data_changes SET generation = generation + 1 WHERE id = 1; END;
CREATE TRIGGER data_changes_users_delete AFTER DELETE ON users BEGIN UPDATE data_changes SET generation = generation + 1 WHERE id = 1; END;

CREATE TRIGGER data_changes_verdicts_insert AFTER INSERT ON verdicts BEGIN UPDATE data_changes SET generation = generation + 1 WHERE id = 1; END;
CREATE TRIGGER data_changes_verdicts_update AFTER UPDATE ON verdicts BEGIN UPDATE data_changes SET generation = generation + 1 WHERE id = 1; END;
CREATE TRIGGER data_changes_verdicts_delete AFTER DELETE ON verdicts BEGIN UPDATE data_changes SET generation = generation + 1 WHERE id = 1; END;
