//! Alerts: seniors and owners read and acknowledge them.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::AppError;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AlertRow {
    pub id: i64,
    pub touchpoint_id: Option<i64>,
    pub touchpoint: Option<String>,
    pub kind: String,
    pub title: String,
    pub raised_at: String,
    /// Who acknowledged it, when, with what note.
    pub acknowledged: Option<(String, String, String)>,
    /// The incident's evidence, oldest first: (when, what).
    pub history: Vec<(String, String)>,
    /// The signal went quiet (the incident gathers no more evidence).
    pub recovered: bool,
}

#[cfg(feature = "ssr")]
pub(crate) fn alert_row(a: domain::alerts::Alert) -> AlertRow {
    let when = |t: chrono::DateTime<chrono::Utc>| t.format("%Y-%m-%d %H:%M UTC").to_string();
    AlertRow {
        id: a.id,
        touchpoint_id: a.touchpoint_id,
        touchpoint: a.touchpoint,
        kind: a.kind.to_string(),
        title: a.title,
        raised_at: when(a.raised_at),
        acknowledged: a.acknowledged_at.map(|t| (a.acknowledged_by.unwrap_or_default(), when(t), a.ack_note.unwrap_or_default())),
        history: a.history.into_iter().map(|h| (when(h.at), h.title)).collect(),
        recovered: a.recovered_at.is_some(),
    }
}

/// Open alerts first, then the latest acknowledged ones.
#[server(endpoint = "alerts/list")]
pub async fn list_alerts() -> Result<Vec<AlertRow>, AppError> {
    use crate::ssr;
    ssr::require_senior().await?;
    Ok(domain::alerts::list(&ssr::db()?, None, 200).await?.into_iter().map(alert_row).collect())
}

#[server(endpoint = "alerts/acknowledge")]
pub async fn acknowledge_alert(id: i64, note: String) -> Result<(), AppError> {
    use crate::ssr;
    let user = ssr::require_senior().await?;
    domain::alerts::acknowledge(&ssr::db()?, &user.actor(), id, &note).await?;
    Ok(())
}
