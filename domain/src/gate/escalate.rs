//! Held outputs that wait too long: halfway to the touchpoint's limit in
//! working hours, the people who can decide get one reminder saying what
//! will happen and when; past the limit, seniors and owners are alerted
//! (once per output); past the hard timeout, the touchpoint's choice
//! applies: keep holding, or reject. Nothing is ever approved by a timeout.

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::{decide::reject_by_timeout, hours::working_hours_between, TimeoutAction};
use crate::{alerts, business, Db, Result};

/// What one run did.
#[derive(Debug, Default, Clone, PartialEq, Serialize)]
pub struct Escalated {
    pub reminded: Vec<i64>,
    pub escalated: Vec<i64>,
    pub rejected: Vec<i64>,
}

/// The share of the escalation limit after which the reminder goes out.
const REMIND_AT: f64 = 0.5;

#[derive(sqlx::FromRow)]
struct Waiting {
    id: i64,
    touchpoint_id: i64,
    touchpoint: String,
    received_at: DateTime<Utc>,
    escalate_after_hours: f64,
    hard_timeout_hours: Option<f64>,
    timeout_action: TimeoutAction,
    output: String,
}

/// Checks every held output at `now`.
pub async fn run_timeouts(db: &Db, now: DateTime<Utc>) -> Result<Escalated> {
    let tz = business::calendar(db).await?.tz;
    let waiting: Vec<Waiting> = sqlx::query_as(
        "SELECT o.id, o.touchpoint_id, t.name AS touchpoint, o.received_at, t.escalate_after_hours, t.hard_timeout_hours, t.timeout_action, o.output
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
        } else if working_hours_between(w.received_at, now, tz) < w.escalate_after_hours {
            let waited = working_hours_between(w.received_at, now, tz);
            if waited >= w.escalate_after_hours * REMIND_AT && remind(&mut tx, &w, waited, tz).await? {
                done.reminded.push(w.id);
            }
        } else {
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

/// The one reminder for a held output nobody has decided: to everyone who
/// can give the decision it waits for (anyone for the first approval; the
/// seniors and owners but not the first approver for the sign-off). Returns
/// whether it went out now (false when it already had).
async fn remind(conn: &mut sqlx::SqliteConnection, w: &Waiting, waited: f64, tz: chrono_tz::Tz) -> Result<bool> {
    use crate::mail::{outbox, recipients, Email, Notice};
    let first: Option<i64> = sqlx::query_scalar(
        "SELECT user_id FROM approvals WHERE output_id = ? AND act = 'approve' AND final = 0 LIMIT 1",
    )
    .bind(w.id)
    .fetch_optional(&mut *conn)
    .await?
    .flatten();
    let people = match first {
        None => recipients::everyone(conn).await?,
        Some(first) => recipients::seniors_and_owners(conn).await?.into_iter().filter(|(id, _)| *id != first).collect(),
    };
    let left = (w.escalate_after_hours - waited).max(0.0);
    let after_that = match (w.timeout_action, w.hard_timeout_hours) {
        (TimeoutAction::Reject, Some(hard)) => {
            let at = w.received_at + chrono::Duration::seconds((hard * 3600.0) as i64);
            format!(
                "If it is still undecided on {}, it is rejected automatically. It is never approved without a person.",
                crate::clock::of(tz, chrono::Utc::now()).when_named(at)
            )
        }
        _ => "It keeps waiting until someone decides: nothing is ever approved by a timeout.".to_string(),
    };
    let notice = Email::Notice(Notice {
        heading: "A held output is still waiting for a decision".into(),
        lines: vec![
            format!("{}: output #{} has waited {waited:.1} working hours for {}.", w.touchpoint, w.id, if first.is_some() { "the second sign-off" } else { "approval" }),
            format!("If nobody decides within {left:.1} more working hours, the seniors and owners are alerted. {after_that}"),
        ],
        quote: Some(w.output.chars().take(600).collect()),
        button: "Decide now".into(),
        link: format!("/approvals/{}", w.id),
        also: None,
    });
    let subject = format!("Still waiting: {} output #{}", w.touchpoint, w.id);
    let mut sent = false;
    for (user, to) in people {
        sent |= outbox::enqueue(conn, &format!("reminder:{}:{user}", w.id), &to, &subject, &notice).await?;
    }
    Ok(sent)
}
