//! A touchpoint's gate settings and webhook deliveries: owners only.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::AppError;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DeliveryRow {
    pub id: i64,
    pub output_id: i64,
    pub url: String,
    pub state: String,
    pub attempts: i64,
    pub created_at: String,
    /// When it was delivered, or when the next attempt is due.
    pub when: String,
    pub last_error: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GateView {
    pub second_signoff: bool,
    pub callback_url: String,
    pub has_secret: bool,
    pub escalate_after_hours: String,
    pub hard_timeout_hours: String,
    pub timeout_action: String,
    pub deliveries: Vec<DeliveryRow>,
}

/// The owner's view of a touchpoint's gate (the caller checks the role).
#[cfg(feature = "ssr")]
pub(crate) async fn gate_view(db: &domain::Db, id: i64) -> Result<GateView, AppError> {
    let s = domain::gate::gate_settings(db, id).await?;
    let when = |t: chrono::DateTime<chrono::Utc>| t.format("%Y-%m-%d %H:%M:%S UTC").to_string();
    let deliveries = domain::gate::webhooks::deliveries(db, id, 20)
        .await?
        .into_iter()
        .map(|d| DeliveryRow {
            id: d.id,
            output_id: d.output_id,
            url: d.url,
            state: d.state,
            attempts: d.attempts,
            created_at: when(d.created_at),
            when: when(d.delivered_at.unwrap_or(d.next_attempt_at)),
            last_error: d.last_error,
        })
        .collect();
    Ok(GateView {
        second_signoff: s.second_signoff,
        callback_url: s.callback_url.unwrap_or_default(),
        has_secret: s.secret.is_some(),
        escalate_after_hours: s.escalate_after_hours.to_string(),
        hard_timeout_hours: s.hard_timeout_hours.map(|h| h.to_string()).unwrap_or_default(),
        timeout_action: s.timeout_action.to_string(),
        deliveries,
    })
}

/// Saves the gate settings; returns the webhook secret when one was just made.
#[server(endpoint = "gate/update")]
pub async fn update_gate(
    id: i64,
    #[server(default)] second_signoff: String,
    callback_url: String,
    escalate_after_hours: String,
    hard_timeout_hours: String,
    timeout_action: String,
) -> Result<Option<String>, AppError> {
    use crate::ssr;
    let owner = ssr::require_owner().await?;
    let input = domain::gate::GateSettingsInput {
        second_signoff: !second_signoff.is_empty(),
        callback_url,
        escalate_after_hours,
        hard_timeout_hours,
        timeout_action,
    };
    Ok(domain::gate::update_settings(&ssr::db()?, &ssr::sealer()?, &owner.actor(), id, input).await?)
}

#[server(endpoint = "gate/rotate-secret")]
pub async fn rotate_webhook_secret(id: i64) -> Result<String, AppError> {
    use crate::ssr;
    let owner = ssr::require_owner().await?;
    Ok(domain::gate::rotate_secret(&ssr::db()?, &ssr::sealer()?, &owner.actor(), id).await?)
}

#[server(endpoint = "gate/redeliver")]
pub async fn redeliver_webhook(delivery_id: i64) -> Result<(), AppError> {
    use crate::ssr;
    let owner = ssr::require_owner().await?;
    domain::gate::webhooks::redeliver(&ssr::db()?, &owner.actor(), delivery_id).await?;
    Ok(())
}
