//! The approval gate: where a held output is, what a timeout does, the
//! held list and webhook deliveries.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::text_enum;

text_enum!(
    /// Where a held output is.
    State, "state", "a gate state", {
        Pending => "pending", AwaitingSenior => "awaiting_senior", Approved => "approved", Rejected => "rejected",
    }
);
text_enum!(
    /// What happens when a held output reaches the hard timeout. Never an approval.
    TimeoutAction, "timeout_action", "a timeout action", { Hold => "hold", Reject => "reject" }
);

impl TimeoutAction {
    pub fn label(self) -> &'static str {
        match self {
            TimeoutAction::Hold => "Keep holding it",
            TimeoutAction::Reject => "Reject it automatically",
        }
    }
}

/// One held output in the list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "sqlx", derive(sqlx::FromRow))]
pub struct Held {
    pub id: i64,
    pub touchpoint_id: i64,
    pub touchpoint: String,
    pub high_stakes: bool,
    pub excerpt: String,
    pub received_at: DateTime<Utc>,
    /// Who gave the first approval, when a second sign-off is awaited.
    pub first_approver: Option<String>,
    pub escalated: bool,
}

/// A delivery and its attempts, for the touchpoint page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "sqlx", derive(sqlx::FromRow))]
pub struct Delivery {
    pub id: i64,
    pub output_id: i64,
    pub url: String,
    pub state: String,
    pub attempts: i64,
    pub next_attempt_at: DateTime<Utc>,
    pub created_at: DateTime<Utc>,
    pub delivered_at: Option<DateTime<Utc>>,
    pub last_error: Option<String>,
}

/// A held output's gate state, as the source tool and the pages see it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct GateStatus {
    pub state: State,
    /// Once approved: the text to send (edited, if a person corrected it).
    pub text_to_send: Option<String>,
    /// True when a person changed the text before approving.
    pub edited: bool,
    /// The names of the people who approved or rejected it, in order.
    pub reviewers: Vec<String>,
    pub decided_at: Option<DateTime<Utc>>,
    /// Why it was rejected.
    pub reason: Option<String>,
}

/// One held output in full, for the decision page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HeldOutput {
    pub id: i64,
    pub touchpoint_id: i64,
    pub output: String,
    pub input: Option<String>,
    pub model: Option<String>,
    pub external_id: Option<String>,
    pub received_at: DateTime<Utc>,
    pub submitted_by: Option<i64>,
    pub gate: Option<GateStatus>,
    /// Ids of the people who approved so far (for "you already approved").
    pub approver_ids: Vec<i64>,
}

/// The settings as typed into the form.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct GateSettingsInput {
    pub second_signoff: bool,
    /// The sign-off email carries one-tap Approve and Reject links.
    pub email_decisions: bool,
    pub callback_url: String,
    pub escalate_after_hours: String,
    pub hard_timeout_hours: String,
    pub timeout_action: String,
}

/// Where an emailed Approve or Reject link stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LinkState {
    /// It can decide, once, after the confirmation.
    Ready,
    Used,
    Expired,
    /// Not a link Second Look made (altered, or cut short by the mail program).
    Unknown,
}

/// What the confirmation page behind an emailed link shows. Only `state`
/// is filled for a link that cannot be used: it reveals nothing else.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DecisionLink {
    pub state: LinkState,
    /// approve or reject
    pub decision: Option<String>,
    /// The person the link was sent to.
    pub person: Option<String>,
    pub output_id: Option<i64>,
    pub touchpoint: Option<String>,
    pub output: Option<String>,
    pub findings: Vec<crate::facts::KeptFinding>,
    /// Where the output stands, including a decision someone else made.
    pub gate: Option<GateStatus>,
    /// What the rule needs: "a second sign-off by a senior or owner".
    pub rule: Option<String>,
    pub expires_at: Option<DateTime<Utc>>,
}
