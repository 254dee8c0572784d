//! Alerts: what raised them and what the pages show of them.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::text_enum;

text_enum!(
    /// What raised the alert.
    Kind, "kind", "an alert kind", {
        ModelChange => "model_change", Quality => "quality", Shape => "shape", Volume => "volume",
        Conflict => "conflict", Paused => "paused", Escalation => "escalation", Capture => "capture",
    }
);

/// An alert as pages show it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "sqlx", derive(sqlx::FromRow))]
pub struct Alert {
    pub id: i64,
    pub touchpoint_id: Option<i64>,
    pub touchpoint: Option<String>,
    pub kind: Kind,
    pub title: String,
    pub evidence_json: String,
    pub raised_at: DateTime<Utc>,
    pub acknowledged_by: Option<String>,
    pub acknowledged_at: Option<DateTime<Utc>>,
    pub ack_note: Option<String>,
    pub recovered_at: Option<DateTime<Utc>>,
    /// The evidence later signals of the same incident added, oldest first.
    #[cfg_attr(feature = "sqlx", sqlx(skip))]
    pub history: Vec<AlertUpdate>,
}

/// Evidence a later signal added to an open incident.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "sqlx", derive(sqlx::FromRow))]
pub struct AlertUpdate {
    pub title: String,
    pub at: DateTime<Utc>,
}
