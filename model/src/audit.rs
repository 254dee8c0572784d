//! The audit log as its reader shows it.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "sqlx", derive(sqlx::FromRow))]
pub struct Entry {
    pub id: i64,
    pub at: DateTime<Utc>,
    pub actor: String,
    pub action: String,
    pub object_type: String,
    pub object_id: Option<String>,
    pub before_json: Option<String>,
    pub after_json: Option<String>,
}

/// The state of the audit log's hash chain, as the audit page shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct ChainState {
    /// Entries checked, up to the first that does not fit.
    pub checked: u64,
    /// The first entry that does not fit, and why.
    pub broken: Option<(i64, String)>,
}
