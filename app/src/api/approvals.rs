//! The approval gate's server functions. Everyone logged in may look and
//! decide; the two-person rule itself is enforced in the domain.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::AppError;

pub use model::gate::{Held, HeldOutput};

/// A held output in the list, and how long it has waited ("3 hours 10 minutes").
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Waiting {
    pub held: Held,
    pub waited: String,
}

/// A held output with what its decision page needs beside it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HeldView {
    pub held: HeldOutput,
    /// The gate's state (a held output always has one).
    pub gate: model::gate::GateStatus,
    pub touchpoint: String,
    pub high_stakes: bool,
    pub second_signoff: bool,
    pub waited: String,
    pub guidelines: String,
    pub checklist: Vec<String>,
    /// Why this person cannot approve it, if they cannot (shown instead of the button).
    pub cannot_approve: Option<String>,
    /// What the fact checks found in it.
    pub findings: Vec<model::facts::KeptFinding>,
}

/// "2 days 3 hours", "3 hours 10 minutes", "4 minutes".
pub fn waited(minutes: i64) -> String {
    let plural = |n: i64, unit: &str| format!("{n} {unit}{}", if n == 1 { "" } else { "s" });
    let (days, hours, mins) = (minutes / 1440, minutes % 1440 / 60, minutes % 60);
    match (days, hours) {
        (0, 0) => plural(mins, "minute"),
        (0, h) => format!("{} {}", plural(h, "hour"), plural(mins, "minute")),
        (d, h) => format!("{} {}", plural(d, "day"), plural(h, "hour")),
    }
}

#[cfg(feature = "ssr")]
fn minutes_since(t: chrono::DateTime<chrono::Utc>) -> i64 {
    (chrono::Utc::now() - t).num_minutes().max(0)
}

#[server(endpoint = "approvals/list")]
pub async fn list_awaiting() -> Result<Vec<Waiting>, AppError> {
    use crate::ssr;
    ssr::require_user().await?;
    Ok(domain::gate::awaiting(&ssr::db()?, 500)
        .await?
        .into_iter()
        .map(|held| Waiting { waited: waited(minutes_since(held.received_at)), held })
        .collect())
}

#[server(endpoint = "approvals/get")]
pub async fn get_held(id: i64) -> Result<HeldView, AppError> {
    use crate::ssr;
    use domain::{gate::State, users::Role};
    let me = ssr::require_user().await?;
    let db = ssr::db()?;
    let held = domain::gate::held_output(&db, id).await?;
    let Some(gate) = held.gate.clone() else {
        return ssr::fail(AppError::NotFound(format!("Output {id} is not held for approval.")));
    };
    let tp = domain::touchpoints::get(&db, held.touchpoint_id).await?;
    let settings = domain::gate::gate_settings(&db, tp.id).await?;
    let high = tp.settings.stakes == domain::touchpoints::Stakes::High;
    let cannot_approve = if held.submitted_by == Some(me.id) {
        Some("You submitted this output yourself, so someone else must approve it.".to_string())
    } else if held.approver_ids.contains(&me.id) {
        Some("You gave the first approval. A different senior or owner must sign off.".to_string())
    } else if gate.state == State::AwaitingSenior && me.role == Role::Reviewer {
        Some("This needs a senior's or owner's sign-off now.".to_string())
    } else {
        None
    };
    Ok(HeldView {
        waited: waited(minutes_since(held.received_at)),
        touchpoint: tp.settings.name.clone(),
        high_stakes: high,
        second_signoff: settings.second_signoff,
        guidelines: tp.settings.guidelines.clone(),
        checklist: tp.settings.checklist.clone(),
        findings: domain::facts::findings_of(&db, id).await?,
        gate,
        held,
        cannot_approve,
    })
}

/// Approve (optionally with edited text) or reject (with a reason).
#[server(endpoint = "approvals/decide")]
pub async fn decide_output(id: i64, decision: String, edited_text: String, reason: String) -> Result<String, AppError> {
    use crate::ssr;
    let me = ssr::require_user().await?;
    let input = domain::gate::DecisionInput { decision, edited_text, reason };
    let sealer = ssr::sealer()?;
    let after = domain::gate::decide(&ssr::db()?, &ssr::decision_links(&sealer), &me, id, input).await?;
    Ok(after.state.to_string())
}

/// What the dashboard shows until the full overview exists: held outputs,
/// how many are overdue, and open alerts (seniors and owners).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct WaitingSummary {
    pub awaiting: usize,
    pub overdue: usize,
    pub open_alerts: Option<i64>,
}

#[server(endpoint = "dashboard/waiting")]
pub async fn waiting_work() -> Result<WaitingSummary, AppError> {
    use crate::ssr;
    let me = ssr::require_user().await?;
    let db = ssr::db()?;
    let (awaiting, overdue) = domain::gate::waiting_counts(&db).await?;
    let open_alerts = match me.role {
        domain::users::Role::Reviewer => None,
        _ => Some(domain::alerts::open_count(&db).await?),
    };
    Ok(WaitingSummary { awaiting: awaiting as usize, overdue: overdue as usize, open_alerts })
}

#[cfg(test)]
mod tests {
    #[test]
    fn waiting_times_read_naturally() {
        assert_eq!(super::waited(4), "4 minutes");
        assert_eq!(super::waited(61), "1 hour 1 minute");
        assert_eq!(super::waited(190), "3 hours 10 minutes");
        assert_eq!(super::waited(3 * 1440 + 120), "3 days 2 hours");
    }
}
