//! How hard a touchpoint is looked at, and the events that move it.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::text_enum;

text_enum!(
    /// How hard a touchpoint is being looked at.
    Inspection, "inspection", "an inspection state", {
        Normal => "normal", Tightened => "tightened", Reduced => "reduced", Paused => "paused",
    }
);

/// A model change as the touchpoint page lists it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "sqlx", derive(sqlx::FromRow))]
pub struct ModelChange {
    pub week: String,
    pub from_model: Option<String>,
    pub to_model: Option<String>,
    pub first_output_id: Option<i64>,
    pub note: String,
    pub actor: String,
    pub happened_at: DateTime<Utc>,
}

/// One recorded inspection move, for the touchpoint page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "sqlx", derive(sqlx::FromRow))]
pub struct RecordedMove {
    pub week: String,
    pub from_state: Inspection,
    pub to_state: Inspection,
    pub reason: String,
    pub at: DateTime<Utc>,
}
