//! Held outputs that wait too long: past the touchpoint's limit in working
//! hours, seniors and owners are alerted (once per output); past the hard
//! timeout, the touchpoint's choice applies: keep holding, or reject.

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::{decide::reject_by_timeout, hours::working_hours_between, TimeoutAction};
use crate::{alerts, business, Db, Result};

/// What one run did.
#[derive(Debug, Default, Clone, PartialEq, Serialize)]
pub struct Escalated {
    pub escalated: Vec<i64>,
    pub rejected: Vec<i64>,
}

#[derive(sqlx::FromRow)]
struct Waiting {
    id: i64,
    touchpoint_id: i64,
    touchpoint: String,
    received_at: DateTime<Utc>,
    escalate_after_hours: f64,
    hard_timeout_hours: Option<f64>,
    timeout_action: TimeoutAction,
}

/// Checks every held output at `now`.
pub async fn run_timeouts(db: &Db, now: DateTime<Utc>) -> Result<Escalated> {
    let tz = business::calendar(db).await?.tz;
    let waiting: Vec<Waiting> = sqlx::query_as(
        "SELECT o.id, o.touchpoint_id, t.name AS touchpoint, o.received_at, t.escalate_after_hours, t.hard_timeout_hours, t.timeout_action
         FROM outputs o JOIN touchpoints t ON t.id = o.touchpoint_id WHERE o.status = 'pending' ORDER BY o.received_at",
    )
    .fetch_all(db)
    .await?;
    let mut done = Escalated::default();
    for w in waiting {
        let mut tx = crate::db::begin_write(db).await?;
        let hard = w.hard_timeout_hours.filter(|_| w.timeout_action == TimeoutAction::Reject);
        if let Some(hard) = hard.filter(|h| (now - w.received_at).num_seconds() as f64 / 3600.0 >= *h) {
            let reason = format!("No decision within {hard} hours: rejected automatically.");
            reject_by_timeout(&mut tx, w.id, w.touchpoint_id, &reason).await?;
            done.rejected.push(w.id);
        } else if working_hours_between(w.received_at, now, tz) >= w.escalate_after_hours {
            let alert = alerts::NewAlert::new(
                w.touchpoint_id,
                alerts::Kind::Escalation,
                format!("escalation:{}", w.id),
                format!(
                    "{}: output #{} has waited over {} working hours for approval",
                    w.touchpoint, w.id, w.escalate_after_hours
                ),
                serde_json::json!({"output_id": w.id, "received_at": w.received_at}),
            );
            if alerts::raise(&mut tx, alert).await?.is_some() {
                done.escalated.push(w.id);
            }
        }
        tx.commit().await?;
    }
    Ok(done)
}
