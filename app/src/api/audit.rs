//! The owner's audit log reader.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::AppError;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AuditRow {
    pub id: i64,
    /// UTC, "YYYY-MM-DD HH:MM".
    pub at: String,
    pub actor: String,
    pub action: String,
    pub object: String,
    pub before: Option<String>,
    pub after: Option<String>,
}

pub const PAGE_SIZE: u32 = 100;

/// Newest first; pass the last id seen to get older rows.
#[server(endpoint = "audit/list")]
pub async fn list_audit(before_id: Option<i64>) -> Result<Vec<AuditRow>, AppError> {
    use crate::ssr;
    ssr::require_owner().await?;
    let rows = domain::audit::list(&ssr::db()?, before_id, PAGE_SIZE).await?;
    Ok(rows
        .into_iter()
        .map(|e| AuditRow {
            id: e.id,
            at: e.at.format("%Y-%m-%d %H:%M UTC").to_string(),
            actor: e.actor,
            action: e.action,
            object: match e.object_id {
                Some(id) => format!("{} {id}", e.object_type),
                None => e.object_type,
            },
            before: e.before_json,
            after: e.after_json,
        })
        .collect())
}
